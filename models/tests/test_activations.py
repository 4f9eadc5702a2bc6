"""Activation extraction (feature maps, gradients), images, the on-disk cache and the RTL stimulus."""
import numpy as np
import pytest
import torch
from PIL import Image

from ebpc import activations
from ebpc.activations import extract, quantized_maps
from ebpc.images import ImageSet, bundled_photos, resize_crop
from ebpc.weights import WeightsNotFoundError, load_net


def tiny_images(n: int = 3, size: int = 64, seed: int = 0) -> ImageSet:
    rng = np.random.default_rng(seed)
    names = tuple(f"n01440764_{i}.png" for i in range(n))
    return ImageSet(names, rng.integers(0, 256, (n, size, size, 3), dtype=np.uint8))


def test_resize_shorter_side_then_centre_crop():
    # 300 x 600 image whose columns hold their x coordinate / 3: resized to 256 x 512, centre 224 kept
    cols = (np.arange(600) // 3).astype(np.uint8)
    img = Image.fromarray(np.broadcast_to(cols[None, :, None], (300, 600, 3)).copy())
    out = resize_crop(img)
    assert out.shape == (224, 224, 3) and out.dtype == np.uint8
    # crop starts at x = (512 - 224) / 2 = 144 in the 512-wide image, i.e. x = 168.75 of the original
    assert abs(int(out[112, 0, 0]) - 168.75 / 3) <= 1.5
    assert abs(int(out[112, 223, 0]) - (168.75 + 223 * 600 / 512) / 3) <= 1.5


def test_bundled_photos_are_the_default_input():
    photos = bundled_photos()
    assert photos.pixels.shape == (8, 224, 224, 3) and photos.names[0] == "astronaut"


def test_labels_come_from_wordnet_ids_in_file_names():
    images = ImageSet(("n01440764_tench.JPEG", "n13052670_x.JPEG", "cat.png"), np.zeros((3, 4, 4, 3), np.uint8))
    assert images.labels().tolist() == [0, 996, -1]


def test_digest_depends_on_pixels():
    a = tiny_images()
    b = ImageSet(a.names, a.pixels.copy())
    b.pixels[0, 0, 0, 0] ^= 1
    assert a.digest != b.digest


def test_feature_maps_are_relu6_outputs_in_call_order():
    net = load_net("mobilenet_v2", random_init=True)
    maps = extract(net, tiny_images().tensor(), "eval", "fmaps")
    names = list(maps)
    assert names[0] == "features.0.2" and names[-1] == "features.18.2"
    assert maps["features.0.2"].shape == (3, 32, 32, 32)
    for m in maps.values():
        assert m.dtype == np.float32 and m.min() >= 0 and m.max() <= 6


def test_train_mode_uses_batch_statistics_and_restores_eval():
    net = load_net("mobilenet_v2", random_init=True)
    x = tiny_images().tensor()
    ev, tr = (extract(net, x, mode, "fmaps")["features.0.2"] for mode in ("eval", "train"))
    assert not np.allclose(ev, tr)
    assert not net.model.training
    np.testing.assert_array_equal(extract(net, x, "eval", "fmaps")["features.0.2"], ev)
    # with batch statistics each channel of the stem's BN output has zero mean before ReLU6
    pre = net.model.features[0][1].train()(net.model.features[0][0](net.spec.preprocess(x)))
    np.testing.assert_allclose(pre.mean(dim=(0, 2, 3)).detach().numpy(), 0, atol=1e-4)


def test_gradient_of_last_map_matches_closed_form():
    # logits = W mean_hw(a) + b  =>  dCE/da[b, c, h, w] = (W^T (softmax - onehot))[c] / (H W) / B
    net = load_net("mobilenet_v2", random_init=True)
    images = tiny_images(2)
    x = images.tensor()
    labels = np.array([3, -1])
    grads = extract(net, x, "eval", "grads", labels)
    fm = extract(net, x, "eval", "fmaps")["features.18.2"]
    fc = net.model.classifier[1]
    with torch.no_grad():
        logits = fc(torch.from_numpy(fm).mean(dim=(2, 3)))
        target = torch.tensor([3, int(logits[1].argmax())])
        delta = torch.softmax(logits, 1) - torch.nn.functional.one_hot(target, 1000)
        expected = (delta @ fc.weight).numpy() / (fm.shape[2] * fm.shape[3]) / 2
    g = grads["features.18.2"]
    np.testing.assert_allclose(g, np.broadcast_to(expected[:, :, None, None], g.shape), rtol=1e-4, atol=1e-9)
    assert list(grads) == list(extract(net, x, "eval", "fmaps"))


def test_twice_called_module_gives_two_gradient_maps():
    grads = extract(load_net("resnet34", random_init=True), tiny_images(2).tensor(), "train", "grads")
    a, b = grads["layer1.0.relu#0"], grads["layer1.0.relu#1"]
    assert a.shape == b.shape and not np.array_equal(a, b)


def test_hed_has_no_gradients():
    with pytest.raises(ValueError, match="no classifier"):
        extract(load_net("vgg16_hed", random_init=True), tiny_images(1).tensor(), "eval", "grads")


def test_quantized_maps_are_cached_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("EBPC_CACHE_DIR", str(tmp_path))
    net = load_net("mobilenet_v2", random_init=True)
    images = tiny_images(3)
    first = quantized_maps(net, images, fmt="fixed8", batch=2, progress=False)
    assert len(list((tmp_path / "activations").glob("mobilenet_v2-random-init-seed0-*-eval-fmaps-fixed8-b2-*.npz"))) == 1
    m = first["features.0.2"]
    assert m.dtype == np.uint8 and m.shape == (3, 32 * 32 * 32)

    def no_torch(*_args, **_kwargs):
        raise AssertionError("cache hit must not run the network")

    monkeypatch.setattr(activations, "iter_batches", no_torch)
    again = quantized_maps(load_net("mobilenet_v2", random_init=True), images, fmt="fixed8", batch=2)
    assert list(again) == list(first)
    assert all(np.array_equal(again[k], first[k]) for k in first)
    with pytest.raises(AssertionError, match="cache hit"):
        quantized_maps(net, images, fmt="float16", batch=2)


def test_batches_are_quantized_separately(tmp_path, monkeypatch):
    monkeypatch.setenv("EBPC_CACHE_DIR", str(tmp_path))
    net = load_net("mobilenet_v2", random_init=True)
    images = tiny_images(2)
    whole = quantized_maps(net, images, batch=2, progress=False)["features.0.2"]
    split = quantized_maps(net, images, batch=1, progress=False)["features.0.2"]
    # each image's own maximum maps to 0.75 * 127 -> 95 when it is its own batch
    assert split.max(axis=1).tolist() == [95, 95]
    assert whole.max() == 95 and not np.array_equal(whole, split)


def test_real_feature_maps_stimulus():
    from ebpc.stimulus import real_feature_maps

    try:
        maps = real_feature_maps(max_words=4096)
    except WeightsNotFoundError as e:
        pytest.skip(f"MobileNetV2 weights not installed: {e}")
    assert len(maps) == 35 * 8
    assert all(m.dtype == np.uint8 and m.shape == (4096,) for m in maps)
    full = real_feature_maps()
    assert full[0].size == 32 * 112 * 112 and full[-1].size == 1280 * 7 * 7
    assert np.array_equal(full[0][:4096], maps[0])
    sparsity = np.mean([np.mean(m == 0) for m in full])
    assert 0.2 < sparsity < 0.8
