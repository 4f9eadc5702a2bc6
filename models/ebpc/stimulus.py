"""Real feature maps for the RTL regression (cached: torch runs once per weights/photos/format)."""
from __future__ import annotations

import numpy as np

from .activations import quantized_maps
from .images import bundled_photos
from .weights import load_net


def real_feature_maps(fmt: str = "fixed8", net: str = "mobilenet_v2", max_words: int | None = None) -> list[np.ndarray]:
    """One array per (feature map, image) of scikit-image's photos through `net` (eval mode), map-major.

    Each array is the map flattened in (C, H, W) order as unsigned DATA_W-bit patterns,
    cut to its first `max_words` words when given. Raises WeightsNotFoundError without weights.
    """
    maps = quantized_maps(load_net(net), bundled_photos(), "eval", "fmaps", fmt, progress=False)
    return [img[:max_words] for m in maps.values() for img in m]


def image_feature_maps(image: int = 0, fmt: str = "fixed8", net: str = "mobilenet_v2") -> list[np.ndarray]:
    """Every feature map of one of scikit-image's photos through `net`, in layer order (flattened C, H, W)."""
    maps = quantized_maps(load_net(net), bundled_photos(), "eval", "fmaps", fmt, progress=False)
    return [m[image] for m in maps.values()]
