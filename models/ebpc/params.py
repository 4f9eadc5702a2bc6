"""EBPC parameter sets (spec: shared/spec/ebpc-format.md, "Parameters")."""
from __future__ import annotations

from dataclasses import dataclass
from math import ceil, log2

import numpy as np

DATA_WIDTHS = (8, 12, 16)  # 12 is model-only (compression study)
HW_DATA_WIDTHS = (8, 16)
BLOCK_SIZES = (8, 16)
MAX_ZRLE_LENS = (8, 16, 32)


@dataclass(frozen=True)
class EbpcParams:
    """One legal EBPC parameter set with its derived field widths."""

    data_w: int = 8
    block_size: int = 8
    max_zrle_len: int = 16

    def __post_init__(self) -> None:
        if self.data_w not in DATA_WIDTHS:
            raise ValueError(f"data_w={self.data_w!r} is illegal (allowed: {DATA_WIDTHS})")
        if self.block_size not in BLOCK_SIZES:
            raise ValueError(f"block_size={self.block_size!r} is illegal (allowed: {BLOCK_SIZES})")
        if self.block_size > self.data_w:
            raise ValueError(
                f"block_size={self.block_size} is illegal for data_w={self.data_w} "
                "(block_size must be <= data_w)"
            )
        if self.max_zrle_len not in MAX_ZRLE_LENS:
            raise ValueError(
                f"max_zrle_len={self.max_zrle_len!r} is illegal (allowed: {MAX_ZRLE_LENS})"
            )

    @property
    def run_w(self) -> int:
        return int(log2(self.max_zrle_len))

    @property
    def pos_w(self) -> int:
        return ceil(log2(self.block_size))

    @property
    def zrun_w(self) -> int:
        return ceil(log2(self.data_w))

    @property
    def m(self) -> int:
        return self.block_size - 1

    @property
    def n_planes(self) -> int:
        return self.data_w + 1

    @property
    def word_mask(self) -> int:
        return (1 << self.data_w) - 1

    @property
    def word_dtype(self) -> type:
        return np.uint8 if self.data_w == 8 else np.uint16

    def short(self) -> str:
        return f"w{self.data_w}_b{self.block_size}_z{self.max_zrle_len}"


def hw_param_sets() -> list[EbpcParams]:
    """Every parameter set the RTL supports (DATA_W 8/16)."""
    return [
        EbpcParams(w, b, z)
        for w in HW_DATA_WIDTHS
        for b in BLOCK_SIZES
        if b <= w
        for z in MAX_ZRLE_LENS
    ]


def model_param_sets() -> list[EbpcParams]:
    """Every parameter set the golden model supports (adds DATA_W 12)."""
    return [
        EbpcParams(w, b, z) for w in DATA_WIDTHS for b in BLOCK_SIZES if b <= w for z in MAX_ZRLE_LENS
    ]


def to_signed(words: np.ndarray | list[int], data_w: int) -> np.ndarray:
    """Words given as signed values or as unsigned bit patterns -> signed int64.

    Raises ValueError naming the first word outside [-2^(w-1), 2^w).
    """
    a = np.asarray(words)
    if a.size == 0:
        return np.zeros(0, dtype=np.int64)
    if a.dtype.kind not in "iu":
        raise ValueError(f"words must be integers, got dtype {a.dtype}")
    a = a.astype(np.int64, copy=False).ravel()
    lo, hi = -(1 << (data_w - 1)), 1 << data_w
    bad = (a < lo) | (a >= hi)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"word {i} = {int(a[i])} is out of range for data_w={data_w} "
            f"(allowed {lo} .. {hi - 1})"
        )
    half = 1 << (data_w - 1)
    return ((a + half) & ((1 << data_w) - 1)) - half


def to_pattern(words: np.ndarray | list[int], data_w: int) -> np.ndarray:
    """Words (signed or unsigned) -> unsigned DATA_W-bit patterns as int64."""
    return to_signed(words, data_w) & ((1 << data_w) - 1)
