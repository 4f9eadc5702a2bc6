"""Directed coverage-closure stimulus: transfers that hit every symbol bin of a parameter set.

Built from the format rules (shared/spec/ebpc-format.md), checked with `ebpc.symbol_stats`
(verif/test_coverage_closure.py). One block = BLOCK_SIZE non-zero words b, ..., so the
deltas are chosen directly; with a single non-zero delta c at index j the symbol of plane p
is Z exactly when bit p of c equals bit p-1 (bit -1 = 0), otherwise a one-one at j (or
plane-zero when bit p is 0):

* one-one at k: c = 1 at j = k; two-ones at k: deltas 1 at k and k+1;
* zero-run merge r = 1 .. DATA_W-1: c = 2^r (planes 0..r-1 are Z), r = DATA_W: c = -1
  (planes 1..DATA_W), r = DATA_W+1: a constant block;
* all-ones: a ramp (every delta 1); plane-zero: c = 2; raw: deltas 1 at 0 and 2;
* ZNZ runs r = 1 .. MAX_ZRLE_LEN: zero runs of each length between non-zero words;
* a transfer ending in a partial block, and the longest run cut (MAX_ZRLE_LEN + 1 zeros).
"""
from __future__ import annotations

import numpy as np

from ebpc.params import EbpcParams


def _block(p: EbpcParams, deltas: list[int]) -> np.ndarray:
    """A block of BLOCK_SIZE non-zero words with the given M deltas (base chosen to stay in range)."""
    w = p.data_w
    lo, hi = -(1 << (w - 1)), (1 << (w - 1)) - 1
    run = np.concatenate(([0], np.cumsum(deltas)))
    for base in (1, 2, 3, lo + 1, lo + 2, hi - int(run.max()), -1 - int(run.max())):
        vals = base + run
        if vals.min() >= lo and vals.max() <= hi and np.all(vals != 0):
            return vals.astype(np.int64)
    raise ValueError(f"no base keeps deltas {deltas} in range for DATA_W={w}")


def closure_transfers(p: EbpcParams) -> list[np.ndarray]:
    """Transfers that together hit every symbol bin of coverage.required_bins for p."""
    m, w, z = p.block_size - 1, p.data_w, p.max_zrle_len
    one = lambda j, c: [c if i == j else 0 for i in range(m)]  # noqa: E731
    blocks: list[np.ndarray] = []
    for k in range(m):
        blocks.append(_block(p, one(k, 1)))  # one-one at k
    for k in range(m - 1):
        blocks.append(_block(p, [1 if i in (k, k + 1) else 0 for i in range(m)]))  # two-ones at k
    for r in range(1, w):
        blocks.append(_block(p, one(r % m, 1 << r)))  # zero-run merge of r (planes 0..r-1)
    blocks.append(_block(p, one(0, -1)))  # zero-run merge of DATA_W (planes 1..DATA_W)
    blocks.append(_block(p, [0] * m))  # zero-run merge of DATA_W + 1
    blocks.append(_block(p, [1] * m))  # all-ones
    blocks.append(_block(p, one(1, 2)))  # plane-zero
    blocks.append(_block(p, [1 if i in (0, 2) else 0 for i in range(m)]))  # raw
    out = [b for b in blocks]
    out.append(np.concatenate(blocks[:3]))  # several blocks in one transfer
    znz: list[int] = [1]
    for r in range(1, z + 1):
        znz += [0] * r + [r % 5 + 1]
    out.append(np.asarray(znz, dtype=np.int64))  # every ZNZ run length, partial last block
    out.append(np.asarray([3] * (p.block_size + 1) + [0] * (z + 1) + [-3], dtype=np.int64))  # partial + cut
    return out
