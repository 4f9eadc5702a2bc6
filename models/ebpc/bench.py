"""Throughput of the golden model: encode, length-only and decode, in words per second.

    python -m ebpc.bench [--words 4000000] [--repeat 3] [--json]
"""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

import numpy as np

from . import decode, encode, encoded_size
from .synthetic import relu_like

TARGETS = {"encode_words_per_s": 20e6, "length_words_per_s": 50e6, "decode_words_per_s": 2e6}


def _best_seconds(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run(n_words: int = 4_000_000, repeat: int = 3, seed: int = 0) -> dict:
    """Measure the three paths on ReLU-like 8-bit words (best of ``repeat``)."""
    words = relu_like(n_words, seed=seed)
    enc = encode(words)
    dec = decode(enc.znz_words, enc.bpc_words, n_words)
    if not np.array_equal(dec.astype(np.uint8), words):
        raise AssertionError("benchmark round trip failed")
    return {
        "n_words": n_words,
        "zero_fraction": float(np.mean(words == 0)),
        "compression_ratio": enc.ratio,
        "encode_words_per_s": n_words / _best_seconds(lambda: encode(words), repeat),
        "length_words_per_s": n_words / _best_seconds(lambda: encoded_size(words), repeat),
        "decode_words_per_s": n_words
        / _best_seconds(lambda: decode(enc.znz_words, enc.bpc_words, n_words), repeat),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m ebpc.bench", description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=4_000_000, help="words per run (default 4M)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per path; the best counts (default 3)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = ap.parse_args(argv)
    res = run(args.words, args.repeat, args.seed)
    if args.json:
        print(json.dumps(res))
        return
    print(
        f"{res['n_words']:,} ReLU-like 8-bit words, {res['zero_fraction']:.0%} zeros, "
        f"compression {res['compression_ratio']:.2f}x, best of {args.repeat}"
    )
    print(f"{'path':<10}{'M words/s':>12}{'target':>10}  met")
    for key, target in TARGETS.items():
        name = key.removesuffix("_words_per_s")
        print(f"{name:<10}{res[key] / 1e6:>12.1f}{target / 1e6:>10.0f}  {'yes' if res[key] >= target else 'NO'}")


if __name__ == "__main__":
    main()
