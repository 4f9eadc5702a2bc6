"""EBPC encoder (bit-exact, numpy-vectorized) and the fast length-only path.

Blocks are processed all at once as (n_blocks, DATA_W + 1) matrices of delta
bit-planes; no Python loop runs per word, block or symbol.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .bitpack import bytes_to_words, pack_codes
from .params import EbpcParams, to_signed

# Symbol kinds, in the order of the spec's rule table (Z first).
KIND_Z, KIND_ALL_ONES, KIND_PLANE_ZERO, KIND_TWO_ONES, KIND_ONE_ONE, KIND_RAW = range(6)
KIND_NAMES = ("zero_run", "all_ones", "plane_zero", "two_ones", "one_one", "raw")


@dataclass(frozen=True)
class Encoded:
    """One encoded transfer: the two word streams and their unpadded bit lengths."""

    znz_words: np.ndarray
    bpc_words: np.ndarray
    znz_bits: int
    bpc_bits: int
    n_words: int
    params: EbpcParams

    @property
    def ratio(self) -> float:
        """N * DATA_W over the bits of the words that actually move."""
        return self.n_words / (len(self.znz_words) + len(self.bpc_words))

    @property
    def ratio_unpadded(self) -> float:
        return self.n_words * self.params.data_w / (self.znz_bits + self.bpc_bits)


@dataclass(frozen=True)
class EncodedSize:
    """Sizes of one encoded transfer, without building its bit strings."""

    n_words: int
    znz_bits: int
    bpc_bits: int
    znz_words: int
    bpc_words: int

    @property
    def ratio(self) -> float:
        return self.n_words / (self.znz_words + self.bpc_words)


@dataclass(frozen=True)
class BlockPlanes:
    """The BPC view of a transfer's non-zero words, one row per block."""

    base: np.ndarray  # (n_blocks,) unsigned base-word patterns
    x: np.ndarray  # (n_blocks, DATA_W+1) X_p as M-bit ints, p = 0 (LSB) .. DATA_W
    plane_zero: np.ndarray  # (n_blocks, DATA_W+1) bool: DBP_p == 0


def _check_params(data_w: int, block_size: int, max_zrle_len: int) -> EbpcParams:
    return EbpcParams(data_w, block_size, max_zrle_len)


def zero_runs(nz: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start index and length of every maximal run of zero words."""
    if len(nz) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    bounds = np.concatenate(([0], np.flatnonzero(nz[1:] != nz[:-1]) + 1, [len(nz)]))
    starts = bounds[:-1]
    zero = ~nz[starts]
    return starts[zero], (bounds[1:] - starts)[zero]


def _znz_chunks(nz: np.ndarray, p: EbpcParams) -> tuple[np.ndarray, np.ndarray]:
    """Word index and length r of every ZNZ zero-run symbol (runs cut greedily)."""
    starts, runs = zero_runs(nz)
    long = runs > p.max_zrle_len
    if not long.any():
        return starts, runs
    chunks = np.where(long, -(-runs // p.max_zrle_len), 1)
    k = np.arange(int(chunks.sum())) - np.repeat(np.cumsum(chunks) - chunks, chunks)
    at = np.repeat(starts, chunks) + k * p.max_zrle_len
    return at, np.minimum(np.repeat(runs, chunks) - k * p.max_zrle_len, p.max_zrle_len)


def _znz_stream(nz: np.ndarray, p: EbpcParams) -> tuple[np.ndarray, int]:
    """ZNZ words and bit length: '1' per non-zero word, '0'+(r-1) per zero-run symbol."""
    at, r = _znz_chunks(nz, p)
    lengths = nz.astype(np.int32)
    lengths[at] = 1 + p.run_w
    offset = np.cumsum(lengths, dtype=np.int64 if len(nz) >= 1 << 26 else np.int32)
    n_bits = int(offset[-1])
    offset -= lengths
    bits = np.zeros(n_bits, dtype=np.uint8)
    bits[offset[nz]] = 1
    sym = offset[at]
    for i in range(p.run_w):
        bits[sym + 1 + i] = ((r - 1) >> (p.run_w - 1 - i)) & 1
    return bytes_to_words(np.packbits(bits), n_bits, p.data_w), n_bits


def _blocks(vals: np.ndarray, p: EbpcParams) -> np.ndarray:
    """Signed values padded with zeros to whole blocks, shape (n_blocks, BLOCK_SIZE)."""
    n_blocks = -(-len(vals) // p.block_size)
    padded = np.zeros(n_blocks * p.block_size, dtype=np.int32)
    padded[: len(vals)] = vals
    return padded.reshape(n_blocks, p.block_size)


def _plane_words(blocks: np.ndarray, p: EbpcParams) -> tuple[np.ndarray, np.ndarray]:
    """Per block: the deltas d_j as (DATA_W+1)-bit words, and e_j = d_j ^ (d_j << 1).

    Bit p of e_j is bit j of X_p (X_0 = DBP_0, X_p = DBP_p ^ DBP_(p-1)).
    """
    pmask = (1 << p.n_planes) - 1
    d = (np.diff(blocks, axis=1) & pmask).astype(np.int32)
    return d, (d ^ (d << 1)) & pmask


@lru_cache(maxsize=None)
def _spread_table(lanes: int, lane_bits: int) -> np.ndarray:
    """Bit i of the index moved to bit 0 of lane i of a 64-bit word."""
    idx = np.arange(1 << lanes, dtype=np.uint64)
    out = np.zeros_like(idx)
    for i in range(lanes):
        out |= ((idx >> np.uint64(i)) & np.uint64(1)) << np.uint64(i * lane_bits)
    return out


def _transpose_planes(e: np.ndarray, p: EbpcParams) -> np.ndarray:
    """(n_blocks, M) words e_j -> (n_blocks, DATA_W+1) M-bit X_p (bit M-1-j = bit p of e_j)."""
    lane_bits = 8 if p.m <= 8 else 16
    lanes = 64 // lane_bits
    spread = _spread_table(lanes, lane_bits)
    n_groups = -(-p.n_planes // lanes)
    lane_dtype = np.uint8 if lane_bits == 8 else np.uint16
    x = np.empty((len(e), n_groups * lanes), dtype=lane_dtype)
    et = np.ascontiguousarray(e.T)
    for g in range(n_groups):
        acc = np.zeros(len(e), dtype=np.uint64)
        for j in range(p.m):
            acc |= spread[(et[j] >> (g * lanes)) & ((1 << lanes) - 1)] << np.uint64(p.m - 1 - j)
        x[:, g * lanes : (g + 1) * lanes] = acc.astype("<u8").view(lane_dtype).reshape(len(e), lanes)
    return x[:, : p.n_planes].astype(np.uint16)


def block_planes(vals: np.ndarray, p: EbpcParams) -> BlockPlanes:
    """Bit-plane symbols (X_p) of the blocks formed by the signed values ``vals``."""
    blocks = _blocks(vals, p)
    d, e = _plane_words(blocks, p)
    d_or = np.bitwise_or.reduce(d, axis=1)
    plane_zero = ((d_or[:, None] >> np.arange(p.n_planes, dtype=np.int32)) & 1) == 0
    return BlockPlanes(blocks[:, 0] & p.word_mask, _transpose_planes(e, p), plane_zero)


@lru_cache(maxsize=None)
def _x_tables(m: int, pos_w: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every M-bit X with P != 0: kind, code value, code length, position k."""
    x = np.arange(1 << m, dtype=np.int64)
    low = x & -x
    b = np.zeros_like(x)
    b[1:] = np.log2(low[1:]).astype(np.int64)
    one = (x != 0) & (x == low)
    two = (x != 0) & (x == 3 * low)
    k = np.where(one, m - 1 - b, np.where(two, m - 2 - b, 0))
    kind = np.where(one, KIND_ONE_ONE, np.where(two, KIND_TWO_ONES, KIND_RAW))
    kind[x == (1 << m) - 1] = KIND_ALL_ONES
    kind[0] = KIND_Z
    value = np.where(kind == KIND_RAW, (1 << m) | x, 0)
    value = np.where(one, (0b00011 << pos_w) | k, np.where(two, (0b00010 << pos_w) | k, value))
    length = np.where(kind == KIND_RAW, 1 + m, 5 + pos_w)
    length[kind == KIND_ALL_ONES] = 5
    return kind, value, length, k


def plane_kinds(bp: BlockPlanes, p: EbpcParams) -> np.ndarray:
    """Symbol kind of every (block, plane) by the spec's first-matching rule."""
    kind = _x_tables(p.m, p.pos_w)[0][bp.x]
    return np.where((kind != KIND_Z) & (kind != KIND_ALL_ONES) & bp.plane_zero, KIND_PLANE_ZERO, kind)


def z_run_lengths(is_z: np.ndarray) -> np.ndarray:
    """For each (block, plane): length of the Z run starting there, 0 where no run starts."""
    rows, cols = is_z.shape
    flat = np.zeros((rows, cols + 1), dtype=np.int8)  # a non-Z column ends every row's runs
    flat[:, :cols] = is_z
    edges = np.diff(np.concatenate(([0], flat.ravel())))
    starts = np.flatnonzero(edges == 1)
    run = np.zeros(rows * (cols + 1), dtype=np.int32)
    run[starts] = np.flatnonzero(edges == -1) - starts
    return run.reshape(rows, cols + 1)[:, :cols]


@lru_cache(maxsize=None)
def _code_tables(p: EbpcParams) -> tuple[np.ndarray, np.ndarray]:
    """Code value and length indexed by X | (DBP_p == 0) << M; Z (X == 0) has length 0."""
    kind, value, length, _ = _x_tables(p.m, p.pos_w)
    pz_kind = np.where((kind == KIND_Z) | (kind == KIND_ALL_ONES), kind, KIND_PLANE_ZERO)
    value = np.concatenate((value, np.where(pz_kind == KIND_PLANE_ZERO, 0b00001, value)))
    length = np.concatenate((length, np.where(pz_kind == KIND_PLANE_ZERO, 5, length)))
    length[[0, 1 << p.m]] = 0
    return value.astype(np.int32), length.astype(np.int8)


def _bpc_codes(vals: np.ndarray, p: EbpcParams) -> tuple[np.ndarray, np.ndarray]:
    """BPC codes in stream order: per block its base, then its symbol codes."""
    bp = block_planes(vals, p)
    lut_value, lut_length = _code_tables(p)
    idx = bp.x | (bp.plane_zero.astype(np.uint16) << p.m)
    values = np.empty((len(bp.base), 1 + p.n_planes), dtype=np.int32)
    lengths = np.empty((len(bp.base), 1 + p.n_planes), dtype=np.int8)
    values[:, 0] = bp.base
    lengths[:, 0] = p.data_w
    values[:, 1:] = lut_value[idx]
    lengths[:, 1:] = lut_length[idx]
    values, lengths = values.ravel(), lengths.ravel()
    # Z planes are the zero-length entries; each row's base column keeps runs inside one block.
    edges = np.diff(np.concatenate(([0], (lengths == 0).view(np.int8), [0])))
    at = np.flatnonzero(edges == 1)
    run = np.flatnonzero(edges == -1) - at
    values[at] = np.where(run == 1, 0b01, (1 << p.zrun_w) | np.maximum(run - 2, 0))
    lengths[at] = np.where(run == 1, 2, 3 + p.zrun_w)
    keep = lengths > 0
    return values[keep], lengths[keep]


_NATIVE = {8: (np.uint8, np.int8), 16: (np.uint16, np.int16)}


def _nonzero_split(words, p: EbpcParams) -> tuple[np.ndarray, np.ndarray]:
    """Zero/non-zero mask and the signed non-zero values (int32) of a transfer."""
    a = np.asarray(words)
    if a.ndim == 1 and a.dtype in _NATIVE.get(p.data_w, ()):
        signed = a.view(_NATIVE[p.data_w][1])  # same bits, nothing out of range
    else:
        signed = to_signed(a, p.data_w)
    if len(signed) == 0:
        raise ValueError("a transfer needs N >= 1 words (N = 0 is not a transfer)")
    nz = signed != 0
    return nz, signed[nz].astype(np.int32)


def encode(words, data_w: int = 8, block_size: int = 8, max_zrle_len: int = 16) -> Encoded:
    """Encode one transfer of N >= 1 words into its ZNZ and BPC streams."""
    p = _check_params(data_w, block_size, max_zrle_len)
    nz, vals = _nonzero_split(words, p)
    znz, znz_bits = _znz_stream(nz, p)
    bpc, bpc_bits = pack_codes(*_bpc_codes(vals, p), data_w)
    return Encoded(znz, bpc, znz_bits, bpc_bits, len(nz), p)


def _popcount(a: np.ndarray) -> np.ndarray:
    return np.bitwise_count(a.astype(np.uint64)).astype(np.int64)


def bpc_bits(vals: np.ndarray, p: EbpcParams) -> int:
    """Coded BPC bits of signed values taken as the non-zero list (padded to whole blocks).

    Works on per-block plane masks (bit p of a mask word = a property of plane p),
    so its cost is O(n_blocks * M) integer ops, independent of DATA_W.
    """
    if len(vals) == 0:
        return 0
    d, e = _plane_words(_blocks(vals, p), p)
    e = np.ascontiguousarray(e.T)
    pmask = (1 << p.n_planes) - 1
    d_or = np.bitwise_or.reduce(d, axis=1)
    # Saturating bit-sliced counters: planes whose X has >= 1, >= 2, >= 3 one bits.
    ge1 = np.zeros(len(d), dtype=np.int32)
    ge2 = np.zeros_like(ge1)
    ge3 = np.zeros_like(ge1)
    adjacent = np.zeros_like(ge1)
    all_ones = np.full_like(ge1, pmask)
    for j in range(p.m):
        ej = e[j]
        ge3 |= ge2 & ej
        ge2 |= ge1 & ej
        ge1 |= ej
        all_ones &= ej
        if j + 1 < p.m:
            adjacent |= ej & e[j + 1]
    z = ~ge1 & pmask
    zero_plane = ~d_or & pmask & ge1 & ~all_ones
    short = ge1 & ~all_ones & ~zero_plane & ((ge1 & ~ge2) | (ge2 & ~ge3 & adjacent))
    raw = ge1 & ~all_ones & ~zero_plane & ~short
    run_starts = z & ~(z << 1)
    singles = run_starts & ~(z >> 1)
    n_runs = _popcount(run_starts)
    n_single = _popcount(singles)
    bits = (
        p.data_w * len(d)
        + 2 * n_single.sum()
        + (3 + p.zrun_w) * (n_runs - n_single).sum()
        + 5 * _popcount(all_ones | zero_plane).sum()
        + (5 + p.pos_w) * _popcount(short).sum()
        + (1 + p.m) * _popcount(raw).sum()
    )
    return int(bits)


def znz_bits(nz: np.ndarray, p: EbpcParams) -> int:
    """Coded ZNZ bits of a zero/non-zero mask."""
    _, runs = zero_runs(nz)
    chunks = int((-(-runs // p.max_zrle_len)).sum())
    return int(np.count_nonzero(nz)) + chunks * (1 + p.run_w)


def encoded_size(words, data_w: int = 8, block_size: int = 8, max_zrle_len: int = 16) -> EncodedSize:
    """Same sizes as ``encode`` without building the bit strings (much faster)."""
    p = _check_params(data_w, block_size, max_zrle_len)
    nz, vals = _nonzero_split(words, p)
    zb = znz_bits(nz, p)
    bb = bpc_bits(vals, p)
    return EncodedSize(len(nz), zb, bb, -(-zb // data_w), -(-bb // data_w))
