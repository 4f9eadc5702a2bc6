"""Feature maps (every ReLU/ReLU6 call) and the gradients at the same points, with an on-disk cache.

A module called several times per forward pass (ResNet's block ReLU) gives one map per
call, named `<module>#<k>`; modules called once keep their plain name.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from .images import ImageSet
from .numformats import FORMATS
from .weights import LoadedNet

MODES = ("eval", "train")
DATA = ("fmaps", "grads")
ACTIVATIONS = (nn.ReLU, nn.ReLU6)
REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_VERSION = 1


def cache_dir() -> Path:
    """$EBPC_CACHE_DIR, default build/cache under the repo root."""
    return Path(os.environ.get("EBPC_CACHE_DIR", REPO_ROOT / "build" / "cache"))


class _Recorder:
    """Forward hooks on every activation module; records outputs (and their gradients) in call order."""

    def __init__(self, model: nn.Module, grads: bool) -> None:
        self.grads = grads
        self.calls: list[str] = []
        self.maps: list[torch.Tensor | None] = []
        self.handles = [m.register_forward_hook(self._hook(name))
                        for name, m in model.named_modules() if isinstance(m, ACTIVATIONS)]

    def _hook(self, name: str):
        def hook(_module: nn.Module, _inputs: tuple, output: torch.Tensor) -> None:
            i = len(self.calls)
            self.calls.append(name)
            if self.grads:
                self.maps.append(None)
                output.register_hook(lambda g: self.maps.__setitem__(i, g.detach()))
            else:
                self.maps.append(output.detach())
        return hook

    def names(self) -> list[str]:
        total = Counter(self.calls)
        seen: Counter = Counter()
        out = []
        for name in self.calls:
            out.append(name if total[name] == 1 else f"{name}#{seen[name]}")
            seen[name] += 1
        return out

    def close(self) -> None:
        for h in self.handles:
            h.remove()


def extract(net: LoadedNet, x: torch.Tensor, mode: str, data: str,
            labels: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """One batch (float NCHW in [0, 1]) -> {map name: float32 (B, C, H, W)} in call order.

    mode "train" uses batch statistics (and dropout); data "grads" backpropagates the
    cross-entropy against `labels` (-1 entries, or no labels, use the predicted class).
    """
    if mode not in MODES or data not in DATA:
        raise ValueError(f"mode must be one of {MODES} and data one of {DATA}, got {mode!r}/{data!r}")
    grads = data == "grads"
    if grads and not net.spec.classifier:
        raise ValueError(f"{net.spec.name} has no classifier, so no cross-entropy gradients")
    model = net.model.train(mode == "train")
    # batch statistics must not leak into later eval-mode runs through BN's running averages
    saved = {k: b.clone() for k, b in model.named_buffers()}
    rec = _Recorder(model, grads)
    try:
        with torch.set_grad_enabled(grads):
            out = model(net.spec.preprocess(x))
            if grads:
                target = out.argmax(1).detach()
                if labels is not None:
                    known = torch.as_tensor(labels) >= 0
                    target = torch.where(known, torch.as_tensor(labels), target)
                model.zero_grad(set_to_none=True)
                nn.functional.cross_entropy(out, target).backward()
    finally:
        rec.close()
        model.eval()
        for k, b in model.named_buffers():
            b.copy_(saved[k])
    return {name: m.float().numpy() for name, m in zip(rec.names(), rec.maps, strict=True)}


def iter_batches(net: LoadedNet, images: ImageSet, mode: str, data: str, batch: int = 32,
                 progress: bool = True) -> Iterator[tuple[slice, dict[str, np.ndarray]]]:
    """Extract batch by batch: yields (image slice, maps of that batch)."""
    labels = images.labels()
    starts = range(0, len(images), batch)
    for s in tqdm(starts, desc=f"{net.spec.name} {mode} {data}", unit="batch", disable=not progress):
        sl = slice(s, min(s + batch, len(images)))
        yield sl, extract(net, images.tensor(sl), mode, data, labels[sl])


def cache_key(net: LoadedNet, images: ImageSet, mode: str, data: str, fmt: str, batch: int) -> str:
    return f"{net.spec.name}-{net.weights_id}-{images.digest}-{mode}-{data}-{fmt}-b{batch}-v{CACHE_VERSION}"


def quantized_maps(net: LoadedNet, images: ImageSet, mode: str = "eval", data: str = "fmaps",
                   fmt: str = "fixed8", batch: int = 32, progress: bool = True) -> dict[str, np.ndarray]:
    """{map name: (N images, C*H*W) unsigned patterns}, quantized per layer and batch; cached on disk.

    The cache file build/cache/activations/<net>-<weights>-<images>-<mode>-<data>-<fmt>-b<batch>.npz
    is read instead of running torch whenever it exists.
    """
    quantize = FORMATS[fmt].quantize
    path = cache_dir() / "activations" / f"{cache_key(net, images, mode, data, fmt, batch)}.npz"
    if path.is_file():
        with np.load(path) as z:
            names = [str(n) for n in z["names"]]
            return {n: z[f"m{i}"] for i, n in enumerate(names)}
    parts: dict[str, list[np.ndarray]] = {}
    for _, maps in iter_batches(net, images, mode, data, batch, progress):
        for name, m in maps.items():
            parts.setdefault(name, []).append(quantize(m).reshape(m.shape[0], -1))
    result = {n: np.concatenate(p) for n, p in parts.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez_compressed(tmp, names=np.array(list(result)), **{f"m{i}": m for i, m in enumerate(result.values())})
    tmp.replace(path)
    return result

