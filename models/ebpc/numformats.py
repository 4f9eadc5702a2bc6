"""Number formats of the compression study: float activations -> DATA_W-bit patterns."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

import numpy as np

FIXED_FULL_SCALE = 0.75


def quantize_fixed(x: np.ndarray, data_w: int) -> np.ndarray:
    """Paper protocol for one layer: scale the whole batch so that its largest
    magnitude becomes 0.75, multiply by 2^(data_w-1) - 1, truncate toward zero,
    and return the signed results as unsigned data_w-bit two's-complement
    patterns (uint8 or uint16, shape kept). An all-zero (or empty) input gives all zeros.
    """
    if not 2 <= data_w <= 16:
        raise ValueError(f"data_w={data_w} is outside the 2..16 bits these patterns hold")
    a = np.asarray(x)
    signed, unsigned = (np.int8, np.uint8) if data_w <= 8 else (np.int16, np.uint16)
    amax = max(float(a.max()), -float(a.min())) if a.size else 0.0
    if not np.isfinite(amax):
        raise ValueError("fixed-point quantization needs finite inputs")
    if amax == 0.0:
        return np.zeros(a.shape, dtype=unsigned)
    q = np.divide(a, amax, dtype=np.float64)
    q *= FIXED_FULL_SCALE
    q *= (1 << (data_w - 1)) - 1
    patterns = np.trunc(q, out=q).astype(signed).view(unsigned)
    patterns &= (1 << data_w) - 1
    return patterns


def quantize_float16(x: np.ndarray) -> np.ndarray:
    """IEEE half precision: numpy's round-to-nearest-even cast to float16 (beyond
    65504 to infinity), returned as the raw 16-bit patterns; lossless for values
    that already are float16."""
    with np.errstate(over="ignore"):
        half = np.asarray(x).astype(np.float16)
    return np.ascontiguousarray(half).view(np.uint16)


def quantize_bfloat16(x: np.ndarray) -> np.ndarray:
    """bfloat16: the top 16 bits of the float32 pattern, rounded to nearest with
    ties to even on the 16 dropped bits (overflow rounds to infinity); NaNs stay
    NaN with the quiet bit set. Returned as raw 16-bit patterns."""
    u = np.ascontiguousarray(np.asarray(x, dtype=np.float32)).view(np.uint32)
    rounded = (u + (np.uint32(0x7FFF) + ((u >> 16) & np.uint32(1)))) >> 16
    quiet_nan = (u >> 16) | np.uint32(0x0040)
    return np.where(np.isnan(u.view(np.float32)), quiet_nan, rounded).astype(np.uint16)


@dataclass(frozen=True)
class NumberFormat:
    """A study number format: its name, word width and float -> pattern map."""

    name: str
    data_w: int
    quantize: Callable[[np.ndarray], np.ndarray]


FORMATS: dict[str, NumberFormat] = {
    f.name: f
    for f in (
        NumberFormat("fixed8", 8, partial(quantize_fixed, data_w=8)),
        NumberFormat("fixed12", 12, partial(quantize_fixed, data_w=12)),
        NumberFormat("fixed16", 16, partial(quantize_fixed, data_w=16)),
        NumberFormat("float16", 16, quantize_float16),
        NumberFormat("bfloat16", 16, quantize_bfloat16),
    )
}
