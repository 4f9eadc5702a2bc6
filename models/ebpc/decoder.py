"""EBPC decoder with strict malformed-stream detection.

Parsing is sequential by nature (symbol lengths depend on the bits): the ZNZ
parser loops once per zero-run symbol (runs of '1' symbols are skipped with a
precomputed next-zero table) and the BPC parser once per symbol, peeking
16-bit windows through lookup tables. Everything after parsing (plane
reconstruction, deltas, values) is vectorized over blocks.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .bitpack import words_to_bytes
from .errors import MalformedStreamError
from .params import EbpcParams

_WIN = 16  # peek window: longest symbol is 1 + M <= 16 bits


def _bits(words: np.ndarray, data_w: int) -> np.ndarray:
    return np.unpackbits(words_to_bytes(words, data_w))[: len(words) * data_w]


def _check_trailing(stream: str, used_bits: int, n_stream_words: int, data_w: int) -> None:
    needed = -(-used_bits // data_w)
    if n_stream_words > needed:
        raise MalformedStreamError(
            stream, needed * data_w, f"{n_stream_words - needed} word(s) after the last needed word"
        )


def _znz_symbol_chain(bits: np.ndarray, run_w: int) -> np.ndarray:
    """Start bits of the zero-run symbols met when parsing from bit 0 to the end of the stream.

    Between two zero-run symbols there are only '1' symbols, so the walk jumps
    from one zero-run start to the first 0 bit after its payload.
    """
    total = len(bits)
    next_zero = np.full(total + run_w + 2, total, dtype=np.int64)
    zeros = np.flatnonzero(bits == 0)
    next_zero[zeros] = zeros
    next_zero = np.minimum.accumulate(next_zero[::-1])[::-1]
    after = next_zero[np.minimum(np.arange(total) + 1 + run_w, total)].tolist()
    chain = []
    z = int(next_zero[0])
    while z < total:
        chain.append(z)
        z = after[z]
    return np.asarray(chain, dtype=np.int64)


def decode_znz(znz_words: np.ndarray, n_words: int, p: EbpcParams) -> tuple[np.ndarray, int]:
    """Zero/non-zero mask of the N words, and the number of ZNZ bits consumed."""
    bits = _bits(znz_words, p.data_w)
    total = len(bits)
    z = _znz_symbol_chain(bits, p.run_w)
    ends = z + 1 + p.run_w
    ones = z - np.concatenate(([0], ends[:-1]))  # '1' symbols before each zero-run symbol
    idx = np.minimum(z[:, None] + 1 + np.arange(p.run_w), total - 1)
    runs = (bits[idx].astype(np.int64) << np.arange(p.run_w - 1, -1, -1)).sum(axis=1) + 1
    before = np.cumsum(ones + runs) - runs  # words decoded before each run symbol
    reach = np.flatnonzero(before >= n_words)  # N reached inside the ones before symbol k
    k = int(reach[0]) if len(reach) else len(z)
    over = np.flatnonzero(before[:k] + runs[:k] > n_words)
    if len(over):
        i = int(over[0])
        raise MalformedStreamError(
            "ZNZ", int(z[i]), f"zero run of {int(runs[i])} at word {int(before[i])} overshoots N = {n_words}"
        )
    if k and ends[k - 1] > total:
        raise MalformedStreamError("ZNZ", int(z[k - 1]), "stream ends inside a zero-run symbol")
    done = int(before[k - 1] + runs[k - 1]) if k else 0
    start = int(ends[k - 1]) if k else 0
    if start + (n_words - done) > total:
        raise MalformedStreamError("ZNZ", total, f"stream ends after {done + total - start} of {n_words} words")
    used = start + n_words - done
    _check_trailing("ZNZ", used, len(znz_words), p.data_w)
    nz = np.ones(n_words, dtype=bool)
    lens = runs[:k]
    if k:
        first = np.repeat(before[:k], lens)
        nz[first + np.arange(len(first)) - np.repeat(np.cumsum(lens) - lens, lens)] = False
    return nz, used


@lru_cache(maxsize=None)
def _symbol_tables(m: int, pos_w: int, zrun_w: int) -> tuple[list[int], list[int]]:
    """Length and plane count of the symbol that starts each 16-bit window value."""
    w = np.arange(1 << _WIN, dtype=np.int64)
    top = lambda k: w >> (_WIN - k)  # noqa: E731 - the first k bits of the window
    length = np.full(len(w), 5 + pos_w, dtype=np.int64)
    planes = np.ones(len(w), dtype=np.int64)
    length[top(5) <= 0b00001] = 5
    length[top(3) == 0b001] = 3 + zrun_w
    planes[top(3) == 0b001] = ((w[top(3) == 0b001] >> (_WIN - 3 - zrun_w)) & ((1 << zrun_w) - 1)) + 2
    length[top(2) == 0b01] = 2
    length[top(1) == 1] = 1 + m
    return length.tolist(), planes.tolist()


def _parse_bpc(
    bpc_words: np.ndarray, n_blocks: int, p: EbpcParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, np.ndarray]:
    """Start bit of every base and symbol; the block of each symbol; the bits consumed;
    the stream as overlapping 32-bit words for peeking.

    A sequential walk finds where each block starts (nothing else is kept per
    symbol); then all blocks are re-parsed in parallel to list their symbols.
    """
    raw = words_to_bytes(bpc_words, p.data_w)
    total = len(bpc_words) * p.data_w
    # zero bytes past the end: a block may overrun a truncated stream by n_planes symbols
    overrun = 3 + p.n_planes * _WIN // 8
    b = np.concatenate((raw, np.zeros(overrun + 1, dtype=np.uint8))).astype(np.int64)
    # word32[k] = bytes k..k+3, so any 16-bit window starting in byte k is inside it
    word32 = (b[:-3] << 24) | (b[1:-2] << 16) | (b[2:-1] << 8) | b[3:]
    words32 = word32.tolist()
    length, planes = _symbol_tables(p.m, p.pos_w, p.zrun_w)
    n_planes, data_w = p.n_planes, p.data_w
    base_at = []
    pos = 0
    for blk in range(n_blocks):
        if pos + data_w > total:
            raise MalformedStreamError("BPC", pos, f"stream ends before block {blk} ({n_blocks} needed)")
        base_at.append(pos)
        pos += data_w
        done = 0
        while done < n_planes:
            win = (words32[pos >> 3] >> (16 - (pos & 7))) & 0xFFFF
            pos += length[win]
            done += planes[win]
        if pos > total or done > n_planes:
            break
    starts = np.asarray(base_at, dtype=np.int64)
    sym_at, sym_block = _block_symbols(word32, starts, p)
    ends = sym_at + np.asarray(length)[_peek(word32, sym_at)]
    late = np.flatnonzero(ends > total)
    if len(late):
        i = int(late[0])
        raise MalformedStreamError("BPC", int(sym_at[i]), f"stream ends inside a symbol of block {int(sym_block[i])}")
    if len(starts) and (sym_block[-1] != n_blocks - 1 or done > n_planes):
        raise MalformedStreamError(
            "BPC", int(sym_at[-1]), f"zero run in block {len(starts) - 1} covers {done} of {n_planes} planes"
        )
    return starts, sym_at, sym_block, pos, word32


def _peek(word32: np.ndarray, pos: np.ndarray) -> np.ndarray:
    return (word32[pos >> 3] >> (16 - (pos & 7))) & 0xFFFF


def _block_symbols(word32: np.ndarray, starts: np.ndarray, p: EbpcParams) -> tuple[np.ndarray, np.ndarray]:
    """Symbol start bits and their block, parsing all blocks at once (<= DATA_W+1 steps)."""
    length, planes = (np.asarray(t) for t in _symbol_tables(p.m, p.pos_w, p.zrun_w))
    cur = starts + p.data_w
    done = np.zeros(len(starts), dtype=np.int64)
    at = np.full((len(starts), p.n_planes), -1, dtype=np.int64)
    for k in range(p.n_planes):
        active = done < p.n_planes
        if not active.any():
            break
        win = _peek(word32, cur)
        at[:, k] = np.where(active, cur, -1)
        cur = np.where(active, cur + length[win], cur)
        done = np.where(active, done + planes[win], done)
    keep = at >= 0
    return at[keep], np.nonzero(keep)[0]


def decode_bpc(bpc_words: np.ndarray, n_values: int, p: EbpcParams) -> np.ndarray:
    """The first ``n_values`` block values of a BPC stream, signed, all checked non-zero."""
    n_blocks = -(-n_values // p.block_size)
    base_at, sym_at, sym_block, used, word32 = _parse_bpc(bpc_words, n_blocks, p)
    _check_trailing("BPC", used, len(bpc_words), p.data_w)
    if n_blocks == 0:
        return np.zeros(0, dtype=np.int64)
    m, full = p.m, (1 << p.m) - 1
    win = _peek(word32, sym_at)
    top5 = win >> (_WIN - 5)
    k = (win >> (_WIN - 5 - p.pos_w)) & ((1 << p.pos_w) - 1)
    is_raw = (win >> (_WIN - 1)) == 1
    is_z1 = (win >> (_WIN - 2)) == 0b01
    is_zr = (win >> (_WIN - 3)) == 0b001
    is_two = ~is_raw & ~is_z1 & ~is_zr & (top5 == 0b00010)
    is_one = ~is_raw & ~is_z1 & ~is_zr & (top5 == 0b00011)
    bad = (is_one & (k > m - 1)) | (is_two & (k > m - 2))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise MalformedStreamError("BPC", int(sym_at[i]), f"bit position {int(k[i])} out of range for M = {m}")
    x = np.where(is_raw, (win >> (_WIN - 1 - m)) & full, 0)
    x = np.where(is_one, 1 << np.maximum(m - 1 - k, 0), x)
    x = np.where(is_two, 3 << np.maximum(m - 2 - k, 0), x)
    x = np.where(~is_raw & ~is_z1 & ~is_zr & (top5 == 0), full, x)
    zero_plane = ~is_raw & ~is_z1 & ~is_zr & (top5 == 0b00001)
    span = np.where(is_zr, ((win >> (_WIN - 3 - p.zrun_w)) & ((1 << p.zrun_w) - 1)) + 2, 1)
    plane = np.cumsum(span) - span - sym_block * p.n_planes  # each block spans exactly DATA_W+1 planes
    x_mat = np.zeros((n_blocks, p.n_planes), dtype=np.int64)
    pz_mat = np.zeros((n_blocks, p.n_planes), dtype=bool)
    x_mat[sym_block, plane] = x
    pz_mat[sym_block, plane] = zero_plane
    dbp = np.zeros_like(x_mat)
    prev = np.zeros(n_blocks, dtype=np.int64)
    for col in range(p.n_planes):
        prev = np.where(pz_mat[:, col], 0, x_mat[:, col] ^ prev)
        dbp[:, col] = prev
    weights = 1 << np.arange(p.n_planes)
    d = np.empty((n_blocks, m), dtype=np.int64)
    for j in range(m):
        d[:, j] = (((dbp >> (m - 1 - j)) & 1) * weights).sum(axis=1)
    d -= (d >> p.data_w) << p.n_planes  # sign-extend the (DATA_W+1)-bit deltas
    base = _peek(word32, base_at) >> (_WIN - p.data_w)
    vals = (base[:, None] + np.concatenate((np.zeros((n_blocks, 1), dtype=np.int64), np.cumsum(d, axis=1)), axis=1))
    half = 1 << (p.data_w - 1)
    vals = ((vals + half) & p.word_mask) - half
    flat = vals.ravel()[:n_values]
    zero = np.flatnonzero(flat == 0)
    if len(zero):
        blk = int(zero[0]) // p.block_size
        raise MalformedStreamError(
            "BPC", int(base_at[blk]), f"non-zero word {int(zero[0])} (block {blk}) decodes to zero"
        )
    return flat


def decode(
    znz_words, bpc_words, n_words: int, data_w: int = 8, block_size: int = 8, max_zrle_len: int = 16
) -> np.ndarray:
    """Decode one transfer back to its N signed words (int64).

    Raises MalformedStreamError naming the stream and bit offset for any stream
    that cannot be decoded; padding bits after the last needed bit are not checked.
    """
    p = EbpcParams(data_w, block_size, max_zrle_len)
    if int(n_words) < 1:
        raise ValueError(f"n_words = {n_words} is illegal (N >= 1)")
    znz = np.asarray(znz_words)
    bpc = np.asarray(bpc_words)
    nz, _ = decode_znz(znz, int(n_words), p)
    out = np.zeros(int(n_words), dtype=np.int64)
    out[nz] = decode_bpc(bpc, int(nz.sum()), p)
    return out
