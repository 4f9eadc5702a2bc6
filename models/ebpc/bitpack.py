"""Packing variable-length codes into DATA_W-bit stream words and back (MSB first)."""
from __future__ import annotations

import numpy as np

_U64 = np.uint64


def pack_codes(values: np.ndarray, lengths: np.ndarray, data_w: int) -> tuple[np.ndarray, int]:
    """Concatenate codes (each <= 64 bits, MSB first) and cut them into DATA_W-bit words.

    Returns (words, n_bits); the last word is zero-padded at its LSB end.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    n_bits = int(lengths.sum())
    if n_bits == 0:
        return np.zeros(0, dtype=np.uint8 if data_w == 8 else np.uint16), 0
    v = np.asarray(values).astype(_U64)
    longest = int(lengths.max())
    while 2 * longest <= 64 and len(v) > 1:  # merge neighbours: fewer, longer codes pack faster
        if len(v) % 2:
            v = np.append(v, _U64(0))
            lengths = np.append(lengths, 0)
        v = (v[0::2] << lengths[1::2].astype(_U64)) | v[1::2]
        lengths = lengths[0::2] + lengths[1::2]
        longest *= 2
    ends = np.cumsum(lengths)
    starts = ends - lengths
    slot = starts >> 6
    shift = 64 - (starts & 63) - lengths  # negative: the code spills into the next 64-bit slot
    spill = shift < 0
    hi = np.where(spill, v >> np.where(spill, -shift, 0).astype(_U64), v << np.maximum(shift, 0).astype(_U64))
    lo = np.where(spill, v << np.where(spill, 64 + shift, 0).astype(_U64), _U64(0))
    # Interleaved (slot, value) pairs are sorted by slot, so OR-reducing each run of equal slots packs them.
    idx = np.empty(2 * len(v), dtype=np.int64)
    idx[0::2] = slot
    idx[1::2] = slot + spill
    vals = np.empty(2 * len(v), dtype=_U64)
    vals[0::2] = hi
    vals[1::2] = lo
    group = np.concatenate(([0], np.flatnonzero(np.diff(idx)) + 1))
    slots = np.zeros(int(idx[-1]) + 1, dtype=_U64)
    slots[idx[group]] = np.bitwise_or.reduceat(vals, group)
    return bytes_to_words(slots.astype(">u8").view(np.uint8), n_bits, data_w), n_bits


def bytes_to_words(raw: np.ndarray, n_bits: int, data_w: int) -> np.ndarray:
    """The first ``n_bits`` of a byte string (MSB first) as zero-padded DATA_W-bit words."""
    n_words = -(-n_bits // data_w)
    if data_w == 8:
        return raw[:n_words].copy()
    if data_w == 16:
        return np.concatenate((raw[: 2 * n_words], np.zeros(1, np.uint8)))[: 2 * n_words].view(">u2").astype(np.uint16)
    bits = np.zeros(n_words * data_w, dtype=np.uint8)
    unpacked = np.unpackbits(raw)[: n_bits]
    bits[: len(unpacked)] = unpacked
    bits = bits.reshape(n_words, data_w)
    return (bits.astype(np.uint16) << np.arange(data_w - 1, -1, -1, dtype=np.uint16)).sum(axis=1, dtype=np.uint16)


def words_to_bytes(words: np.ndarray, data_w: int) -> np.ndarray:
    """Stream words -> the same bit string as bytes (MSB first), zero-padded to whole bytes."""
    w = np.asarray(words).astype(np.int64)
    if w.size and (w.min() < 0 or w.max() >> data_w):
        bad = int(np.flatnonzero((w < 0) | (w >> data_w))[0])
        raise ValueError(f"stream word {bad} = {int(w[bad])} does not fit in {data_w} bits")
    if data_w == 8:
        return w.astype(np.uint8)
    if data_w == 16:
        return w.astype(">u2").view(np.uint8)
    bits = ((w[:, None] >> np.arange(data_w - 1, -1, -1)) & 1).astype(np.uint8).ravel()
    return np.packbits(bits)
