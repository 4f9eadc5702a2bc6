"""Baseline compressors for the comparison table: exact coded lengths in bits.

Every coder takes ``(words, data_w)``: a numpy array of DATA_W-bit words, given as
unsigned bit patterns or as signed values (zero is zero either way), and returns
the exact length of its bit stream as an int. As for EBPC, the word count N is
known to the decoder out of band and is not part of the stream.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .codec import bpc_bits, zero_runs
from .params import EbpcParams, to_signed

ZRLE_MAX_RUN = 16
ZRLE_RUN_W = 4
CSC_MAX_DIST = 16
CSC_INDEX_W = 4
BPC_BLOCK_SIZE = 8


def _flat(words: np.ndarray) -> np.ndarray:
    a = np.asarray(words).ravel()
    if a.dtype.kind not in "iu":
        raise ValueError(f"words must be integers, got dtype {a.dtype}")
    return a


def zero_run_lengths(words: np.ndarray) -> np.ndarray:
    """Lengths of the maximal runs of consecutive zero words, in order."""
    return zero_runs(_flat(words) != 0)[1]


def zvc(words: np.ndarray, data_w: int) -> int:
    """Zero-value compression: a 1-bit mask for every word (1 = non-zero), then
    each non-zero word verbatim in DATA_W bits. Cost: N + DATA_W * nnz bits.
    """
    a = _flat(words)
    return int(a.size + data_w * np.count_nonzero(a))


def zrle(words: np.ndarray, data_w: int) -> int:
    """Zero run-length encoding with maximum run 16: a non-zero word costs a flag
    bit ``1`` plus the word in DATA_W bits; a run of r zeros (1 <= r <= 16) costs a
    flag bit ``0`` plus r-1 in 4 bits. A zero run of length L > 16 is cut greedily
    into runs of 16 from its start with the remainder last, i.e. ceil(L/16) run
    symbols. Trailing zeros are coded like any other run. Cost: (1 + DATA_W) * nnz
    + 5 * sum(ceil(L/16)) bits.
    """
    a = _flat(words)
    runs = zero_run_lengths(a)
    n_run_symbols = int(np.sum(-(-runs // ZRLE_MAX_RUN)))
    return int((1 + data_w) * np.count_nonzero(a) + (1 + ZRLE_RUN_W) * n_run_symbols)


def csc(words: np.ndarray, data_w: int) -> int:
    """Compressed-sparse-column style relative indexing with maximum distance 16:
    each stored entry is a value in DATA_W bits plus a 4-bit index holding its
    distance from the previous stored entry minus one (the first entry counts from
    a virtual entry before word 0), so an entry may follow at most 15 zeros. Every
    non-zero word is an entry; a gap of g zeros before a non-zero word is bridged
    by g // 16 padding entries (value 0, index 15, each standing for 15 skipped
    zeros plus its own zero position), so gaps of 16..31 zeros cost one padding
    entry, 32..47 two, and so on. Zeros after the last non-zero word are implied
    by N and cost nothing. Cost: (DATA_W + 4) * (nnz + sum(g // 16)) bits.
    """
    nz = np.flatnonzero(_flat(words))
    gaps = np.diff(nz, prepend=-1) - 1
    n_entries = nz.size + int(np.sum(gaps // CSC_MAX_DIST))
    return int((data_w + CSC_INDEX_W) * n_entries)


def bpc(words: np.ndarray, data_w: int) -> int:
    """Plain bit-plane compression without a zero stream: the EBPC BPC stage
    (block size 8, same base/delta-bit-plane symbols and zero-run merging, see
    shared/spec/ebpc-format.md) applied to all N words, zeros included, padded
    with zero words to a multiple of 8. Cost: per block, DATA_W base bits plus
    DATA_W + 1 delta bit-plane symbols of 2..8 bits each (a merged zero run
    counts as one symbol).
    """
    params = EbpcParams(data_w=data_w, block_size=BPC_BLOCK_SIZE)
    return int(bpc_bits(to_signed(_flat(words), data_w), params))


BASELINES: dict[str, Callable[[np.ndarray, int], int]] = {
    "zvc": zvc,
    "zrle": zrle,
    "csc": csc,
    "bpc": bpc,
}
