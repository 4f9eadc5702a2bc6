"""HDL-side paths for the decoder: $readmemh memories for the decoder bulk harness and the loopback harness.

Reuses bulk.write_bulk (golden-model encode, {last, data} memories) and adds what the decoder
side needs: N per transfer, and the split between the data segments whose rates are reported
separately (ReLU-like / real activations first, random incompressible data after).
"""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

from ebpc.params import EbpcParams, to_pattern
from ebpc.synthetic import random_words
from ebpc.weights import WeightsNotFoundError

from .bulk import META, _with_last, _write_hex, write_bulk
from .stimulus import long_stream


def random_stream(p: EbpcParams, n_words: int, seed: int = 7) -> list[np.ndarray]:
    """Incompressible (uniform random) transfers of 1000 words."""
    out, total, i = [], 0, 0
    while total < n_words:
        n = min(1000, n_words - total)
        out.append(random_words(n, p.data_w, seed=seed + i).astype(np.int64))
        total, i = total + n, i + 1
    return out


@lru_cache(maxsize=4)
def _real_maps(fmt: str, net: str) -> tuple[np.ndarray, ...]:
    from ebpc.stimulus import real_feature_maps

    return tuple(np.asarray(m, dtype=np.int64) for m in real_feature_maps(fmt=fmt, net=net) if len(m))


def real_stream(p: EbpcParams, n_words: int, net: str = "mobilenet_v2", seed: int = 0) -> list[np.ndarray] | None:
    """About n_words of real CNN activations (ebpc.stimulus), maps taken in a seeded order; None (and a
    warning) when the network's weights are not installed."""
    try:
        maps = _real_maps(f"fixed{p.data_w}", net)
    except WeightsNotFoundError as e:
        print(f"warning: no real activations for the loopback, ReLU-like data only: {e}", file=sys.stderr)
        return None
    order = np.random.default_rng(seed).permutation(len(maps))
    out, total = [], 0
    for i in order:
        m = maps[int(i)][: n_words - total]
        out.append(m)
        total += len(m)
        if total >= n_words:
            break
    return out


def write_decoder_bulk(folder: Path, p: EbpcParams, n_words: int) -> list[str]:
    """Segment A (long_stream: ReLU-like or $EBPC_STIMULUS) then segment B (random, n_words/4); plusargs."""
    a = long_stream(p, n_words)
    b = random_stream(p, max(1000, n_words // 4))
    args = write_bulk(folder, p, a + b)
    meta = json.loads((folder / META).read_text())
    n = np.asarray([len(t) for t in a + b], dtype=np.int64)
    _write_hex(folder / "bulk_n.hex", n)
    meta.update(seg_xfer=len(a), seg_words=int(n[: len(a)].sum()))
    (folder / META).write_text(json.dumps(meta))
    return args + [f"+n={folder / 'bulk_n.hex'}", f"+seg_xfer={len(a)}"]


def write_loopback(folder: Path, p: EbpcParams, n_words: int, seed: int = 0) -> tuple[list[str], dict]:
    """Half ReLU-like, half real activations (ReLU-like only if unavailable), shuffled by transfer; plusargs, meta."""
    relu = long_stream(p, n_words // 2, source="synthetic", seed=seed)
    real = real_stream(p, n_words - n_words // 2, seed=seed)
    source = "relu+mobilenet_v2" if real else "relu"
    if real is None:
        real = long_stream(p, n_words - n_words // 2, source="synthetic", seed=seed + 1)
    rng = np.random.default_rng(seed)
    transfers = relu + real
    transfers = [transfers[i] for i in rng.permutation(len(transfers))]
    # A few short transfers in between: transfer boundaries at every phase of the pipelines.
    short = [to_pattern(random_words(int(k), p.data_w, seed=seed + 11 + i), p.data_w).astype(np.int64)
             for i, k in enumerate(rng.integers(1, 40, size=64))]
    for i, s in enumerate(short):
        transfers.insert(int(rng.integers(0, len(transfers) + 1)), s)
    transfers = [to_pattern(t, p.data_w).astype(np.int64) for t in transfers]
    folder.mkdir(parents=True, exist_ok=True)
    _write_hex(folder / "lb_in.hex", _with_last(transfers, p.data_w))
    n = np.asarray([len(t) for t in transfers], dtype=np.int64)
    _write_hex(folder / "lb_n.hex", n)
    meta = {"n_in": int(n.sum()), "n_xfer": len(transfers), "source": source,
            "in_end": np.cumsum(n).tolist()}
    (folder / "lb_meta.json").write_text(json.dumps(meta))
    args = [f"+n_in={meta['n_in']}", f"+n_xfer={meta['n_xfer']}",
            f"+in={folder / 'lb_in.hex'}", f"+n={folder / 'lb_n.hex'}"]
    return args, meta
