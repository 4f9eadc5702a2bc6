"""Compression study: EBPC and the baselines on real CNN feature maps or gradients.

    python -m ebpc.study --net mobilenet_v2 --images DIR --batch 32 --mode eval --data fmaps \
        --formats fixed8,fixed16,float16 [--out DIR] [--weights FILE] [--random-init]

One transfer per feature map per image; EBPC is counted in whole stream words.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from . import encoded_size
from .activations import DATA, MODES, REPO_ROOT, cache_dir, cache_key, iter_batches
from .baselines import BASELINES
from .images import ImageSet, load_images
from .nets import NETS
from .numformats import FORMATS
from .weights import LoadedNet, load_net

CODERS = ("ebpc", *BASELINES)
STATS_VERSION = 1


@dataclass
class FormatStats:
    """Coded bits per (map, image) for every coder, plus zero counts. Arrays are (layers, images)."""

    data_w: int
    bits: dict[str, np.ndarray]
    ebpc_unpadded: np.ndarray
    zeros: np.ndarray


@dataclass
class StudyResult:
    meta: dict
    layers: list[str]
    words: np.ndarray  # words per image of each map
    formats: dict[str, FormatStats] = field(default_factory=dict)


def measure(patterns: np.ndarray, data_w: int) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """(images, words) patterns of one map -> per-image coded bits of each coder, EBPC unpadded bits, zeros."""
    bits = {c: np.empty(len(patterns), dtype=np.int64) for c in CODERS}
    unpadded = np.empty(len(patterns), dtype=np.int64)
    for i, words in enumerate(patterns):
        size = encoded_size(words, data_w=data_w)
        bits["ebpc"][i] = (size.znz_words + size.bpc_words) * data_w
        unpadded[i] = size.znz_bits + size.bpc_bits
        for name, coder in BASELINES.items():
            bits[name][i] = coder(words, data_w)
    return bits, unpadded, (patterns == 0).sum(axis=1)


def _cache_path(net: LoadedNet, images: ImageSet, mode: str, data: str, fmt: str, batch: int) -> Path:
    key = cache_key(net, images, mode, data, fmt, batch)
    return cache_dir() / "study" / f"{key}-s{STATS_VERSION}.npz"


def _load_stats(path: Path) -> tuple[list[str], np.ndarray, FormatStats]:
    with np.load(path) as z:
        bits = {c: z[f"bits_{c}"] for c in CODERS}
        return ([str(n) for n in z["layers"]], z["words"],
                FormatStats(int(z["data_w"]), bits, z["ebpc_unpadded"], z["zeros"]))


def _save_stats(path: Path, layers: list[str], words: np.ndarray, st: FormatStats) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, layers=np.array(layers), words=words, data_w=st.data_w, ebpc_unpadded=st.ebpc_unpadded,
             zeros=st.zeros, **{f"bits_{c}": b for c, b in st.bits.items()})


def run_study(net: LoadedNet, images: ImageSet, mode: str, data: str, formats: list[str],
              batch: int = 32, progress: bool = True) -> StudyResult:
    """Measure every format; torch runs only for formats whose stats are not cached yet."""
    meta = {"net": net.spec.name, "weights": net.weights_id, "random_init": net.random_init,
            "images": len(images), "images_digest": images.digest, "mode": mode, "data": data,
            "batch": batch}
    result = StudyResult(meta, [], np.zeros(0, dtype=np.int64))
    todo = []
    for fmt in formats:
        path = _cache_path(net, images, mode, data, fmt, batch)
        if path.is_file():
            result.layers, result.words, result.formats[fmt] = _load_stats(path)
        else:
            todo.append(fmt)
    if not todo:
        return result
    parts: dict[str, dict[str, list]] = {f: {} for f in todo}
    layers: list[str] = []
    words: list[int] = []
    for _, maps in iter_batches(net, images, mode, data, batch, progress):
        layers, words = list(maps), [int(np.prod(m.shape[1:])) for m in maps.values()]
        for fmt in todo:
            nf = FORMATS[fmt]
            for name, m in maps.items():
                q = nf.quantize(m).reshape(m.shape[0], -1)
                parts[fmt].setdefault(name, []).append(measure(q, nf.data_w))
    result.layers, result.words = layers, np.asarray(words, dtype=np.int64)
    for fmt in todo:
        per_layer = [parts[fmt][name] for name in layers]
        bits = {c: np.stack([np.concatenate([b[c] for b, _, _ in p]) for p in per_layer]) for c in CODERS}
        unpadded = np.stack([np.concatenate([u for _, u, _ in p]) for p in per_layer])
        zeros = np.stack([np.concatenate([z for _, _, z in p]) for p in per_layer])
        st = FormatStats(FORMATS[fmt].data_w, bits, unpadded, zeros)
        _save_stats(_cache_path(net, images, mode, data, fmt, batch), layers, result.words, st)
        result.formats[fmt] = st
    result.formats = {f: result.formats[f] for f in formats}
    return result


def main(argv: list[str] | None = None) -> None:
    from .report import summarize, totals_table, write_reports  # report imports this module's types

    ap = argparse.ArgumentParser(prog="python -m ebpc.study", description=__doc__.split("\n\n")[0])
    ap.add_argument("--net", default="mobilenet_v2", choices=sorted(NETS))
    ap.add_argument("--images", default=None, help="folder of JPEG/PNG photos (default: scikit-image's photos)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N photos (sorted by name)")
    ap.add_argument("--batch", type=int, default=32, help="images per forward pass and per quantization scale")
    ap.add_argument("--mode", default="eval", choices=MODES, help="eval: running BN stats; train: batch stats")
    ap.add_argument("--data", default="fmaps", choices=DATA, help="ReLU outputs or cross-entropy gradients there")
    ap.add_argument("--formats", default="fixed8", help=f"comma list of {', '.join(FORMATS)}")
    ap.add_argument("--out", default=str(REPO_ROOT / "build" / "study"), help="output folder for CSV/JSON/PNG")
    ap.add_argument("--weights", default=None, help="weight file (default: torch hub cache, then packages)")
    ap.add_argument("--random-init", action="store_true", help="untrained weights (results labelled so)")
    ap.add_argument("--threads", type=int, default=2, help="torch CPU threads")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    formats = [f for f in args.formats.split(",") if f]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        ap.error(f"unknown format(s) {unknown} (known: {', '.join(FORMATS)})")
    t0 = time.perf_counter()
    net = load_net(args.net, args.weights, args.random_init)
    images = load_images(args.images, args.limit)
    result = run_study(net, images, args.mode, args.data, formats, args.batch)
    result.meta["images_source"] = args.images or "skimage.data"
    result.meta["seconds"] = round(time.perf_counter() - t0, 1)
    for path in write_reports(result, Path(args.out)):
        print(f"wrote {path}")
    print(totals_table(summarize(result)))


if __name__ == "__main__":
    main()
