"""Stimulus for the cores: directed edge transfers, constrained random transfers, long streams."""
from __future__ import annotations

import os
import random

import numpy as np

from ebpc.params import EbpcParams
from ebpc.synthetic import random_words, relu_like

from .closure import closure_transfers


def edge_transfers(p: EbpcParams) -> list[np.ndarray]:
    """Directed edges: N=1, all zeros / all non-zero around BLOCK_SIZE and MAX_ZRLE_LEN, extremes, symbol kinds,
    then the coverage-closure transfers (every symbol bin of the set)."""
    b, z, w = p.block_size, p.max_zrle_len, p.data_w
    most_neg, most_pos = -(1 << (w - 1)), (1 << (w - 1)) - 1
    out: list[list[int]] = [[0], [1], [most_neg], [most_pos], [-1]]
    for n in sorted({1, z - 1, z, z + 1, 2 * z, 3 * z + 1}):
        out.append([0] * n)
    for n in sorted({b - 1, b, b + 1, 2 * b, 2 * b + 1}):
        out.append([7] * n)
        out.append([most_neg] * n)
    out.append([most_pos, most_neg] * b + [-1, 1] * b)
    out.append([most_neg, 0, most_pos, 0, 0, -1] * b)
    out.append([3] * (b - 1) + [0] * z + [3] * (b + 1) + [0] * (z + 1))
    m = b - 1
    # Deltas of 0/1 over a constant non-zero base: one-one and two-ones at every index,
    # ramps (all-ones planes), alternating deltas (raw), sparse steps (plane-zero).
    for k in range(m):
        for d in (np.eye(m, dtype=np.int64)[k], np.eye(m, dtype=np.int64)[k] + np.eye(m, dtype=np.int64)[(k + 1) % m]):
            out.append(list(5 + np.concatenate(([0], np.cumsum(d)))))
    out.append(list(range(1, 2 * b + 1)))
    out.append(list(5 + np.concatenate(([0], np.cumsum(np.arange(m) % 2)))))
    out.append([most_pos if i % 3 else most_neg for i in range(3 * b)])
    # Coverage closure: every symbol bin of the set (closure.py, checked by verif/test_coverage_closure.py).
    return [np.asarray(t, dtype=np.int64) for t in out] + closure_transfers(p)


def random_transfers(p: EbpcParams, n_words: int, rng: random.Random) -> list[np.ndarray]:
    """Back-to-back transfers totalling about n_words: mixed lengths and data kinds."""
    out: list[np.ndarray] = []
    total = 0
    while total < n_words:
        n = rng.choice((1, 2, p.block_size, p.max_zrle_len + 1, rng.randint(1, 64), rng.randint(1, 400)))
        seed = rng.randrange(1 << 30)
        kind = rng.choice(("relu", "relu", "random", "sparse", "zeros"))
        if kind == "relu":
            words = relu_like(n, p.data_w, seed=seed).astype(np.int64)
        elif kind == "random":
            words = random_words(n, p.data_w, seed=seed).astype(np.int64)
        elif kind == "sparse":
            words = random_words(n, p.data_w, seed=seed).astype(np.int64)
            words[np.random.default_rng(seed).random(n) < 0.9] = 0
        else:
            words = np.zeros(n, dtype=np.int64)
        out.append(words)
        total += n
    return out


def long_stream(p: EbpcParams, n_words: int, source: str | None = None, seed: int = 0) -> list[np.ndarray]:
    """Transfers for the bulk path, about n_words in all.

    source (default $EBPC_STIMULUS or "synthetic"): "synthetic" = ReLU-like
    transfers of feature-map sizes; "<net>" = real fixed-point feature maps of
    that network from ebpc.stimulus.
    """
    source = source or os.environ.get("EBPC_STIMULUS", "synthetic")
    if source == "synthetic":
        rng = np.random.default_rng(seed)
        sizes = rng.choice((196, 784, 3136, 12544, 50176), size=max(1, n_words // 1000))
        out, total = [], 0
        for i, n in enumerate(sizes):
            n = int(min(n, n_words - total))
            if n <= 0:
                break
            out.append(relu_like(n, p.data_w, seed=seed + i).astype(np.int64))
            total += n
        return out
    from ebpc.stimulus import real_feature_maps

    maps = real_feature_maps(fmt=f"fixed{p.data_w}", net=source, max_words=n_words)
    return [np.asarray(m, dtype=np.int64) for m in maps if len(m)]
