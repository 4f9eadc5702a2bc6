"""Synthetic stimulus: ReLU-like and dense feature maps, incompressible words."""
from __future__ import annotations

import numpy as np

from .params import to_pattern


def _word_dtype(data_w: int) -> type:
    return np.uint8 if data_w == 8 else np.uint16


def _smooth_field(n_words: int, seed: int) -> np.ndarray:
    """Moving average of white noise over 8 words (like neighbouring pixels of a row),
    standard deviation 1."""
    noise = np.random.default_rng(seed).standard_normal(n_words + 7)
    return np.convolve(noise, np.ones(8) / np.sqrt(8), mode="valid")


def relu_like(n_words: int, data_w: int = 8, seed: int = 0, zero_fraction: float = 0.5) -> np.ndarray:
    """Unsigned words shaped like a quantized ReLU feature map.

    A smooth random field is shifted so ``zero_fraction`` of it is <= 0, clipped at 0 and
    quantized by the paper's protocol (largest value -> 0.75 of full scale, truncation
    toward zero).
    """
    field = _smooth_field(n_words, seed)
    act = np.maximum(field - np.quantile(field, zero_fraction), 0.0)
    peak = act.max() or 1.0
    q = np.trunc(act / peak * 0.75 * ((1 << (data_w - 1)) - 1)).astype(np.int64)
    return q.astype(_word_dtype(data_w))


def dense_signed(n_words: int, data_w: int = 8, seed: int = 0, std_lsb: float = 4.0) -> np.ndarray:
    """Two's-complement words shaped like a layer output without ReLU: no zero word at all.

    The smooth field of ``relu_like`` times ``std_lsb``, truncated toward zero; a word that
    comes out 0 becomes +1 or -1 with the field's sign. Every word is non-zero, so every
    word goes through the BPC path, and the small deltas keep the BPC stream well below one
    word per input word at both word widths.
    """
    field = _smooth_field(n_words, seed) * std_lsb
    q = np.trunc(field).astype(np.int64)
    q = np.where(q == 0, np.where(field < 0, -1, 1), q)
    return to_pattern(q, data_w).astype(_word_dtype(data_w))


def random_words(n_words: int, data_w: int = 8, seed: int = 0) -> np.ndarray:
    """Uniformly random non-zero-heavy words: the incompressible worst case."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, 1 << data_w, n_words, dtype=np.int64).astype(_word_dtype(data_w))
