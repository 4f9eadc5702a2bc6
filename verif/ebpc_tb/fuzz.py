"""Malformed-input stimulus for the decoder: directed cases of every malformed kind, and a seeded fuzzer.

Everything returns (znz, bpc, n_words, label) stream pairs; `DecoderModel.from_streams`
decides (golden model) whether they must decode or raise error_o.
"""
from __future__ import annotations

import random
from typing import Iterator

import numpy as np

import ebpc
from ebpc.params import EbpcParams, to_pattern
from ebpc.synthetic import random_words, relu_like

StreamPair = tuple[list[int], list[int], int, str]


def pack_bits(bits: str, w: int) -> list[int]:
    """MSB-first bit string -> DATA_W-bit words, zero padded."""
    bits = bits + "0" * (-len(bits) % w)
    return [int(bits[i : i + w], 2) for i in range(0, len(bits), w)]


def encode(p: EbpcParams, words) -> tuple[list[int], list[int], int]:
    pat = to_pattern(np.asarray(words, dtype=np.int64), p.data_w)
    e = ebpc.encode(pat, p.data_w, p.block_size, p.max_zrle_len)
    return list(map(int, e.znz_words)), list(map(int, e.bpc_words)), e.n_words


def _b(v: int, k: int) -> str:
    return format(v, f"0{k}b") if k else ""


def directed_malformed(p: EbpcParams) -> list[StreamPair]:
    """One or more cases of every malformed kind the format/model defines."""
    w, b, m, z = p.data_w, p.block_size, p.m, p.max_zrle_len
    out: list[StreamPair] = []
    ones = [3] * (2 * b + 1)  # 2 full blocks + 1: ZNZ > 1 word, BPC several words
    znz, bpc, n = encode(p, ones)
    # ZNZ truncated: early last (drop the final word), and N larger than the stream holds.
    out.append((znz[:-1], bpc, n, "znz_truncated"))
    out.append((znz, bpc, n + w, "znz_short_for_n"))
    # ZNZ words after the one holding the last needed bit.
    out.append((znz + [0], bpc, n, "znz_extra_word"))
    # Zero run overshooting N.
    zz, zb, zn = encode(p, [0] * z)
    out.append((zz, zb, zn - 1, "znz_run_overshoot"))
    zz2, zb2, _ = encode(p, [5, 0, 0, 0, 5])
    out.append((zz2, zb2, 3, "znz_run_overshoot_mid"))
    # BPC truncated (ends inside a block), BPC words after the last needed one, claimed but empty.
    out.append((znz, bpc[:-1], n, "bpc_truncated"))
    out.append((znz, bpc[:1], n, "bpc_one_word_only"))
    out.append((znz, bpc + [0], n, "bpc_extra_word"))
    out.append((znz, bpc + bpc, n, "bpc_extra_block"))
    nz1, _, _ = encode(p, [1])
    out.append((nz1, [], 1, "bpc_empty_claimed"))
    # Hand-made BPC blocks for one non-zero word (ZNZ '1', N=1).
    base = _b(1, w)
    planes = p.n_planes
    zr_max = (1 << p.zrun_w) - 1 + 2  # longest merged run
    # zero-run past the sign plane: one all-ones plane then a run covering the rest + 1
    over = planes  # runs needed after plane 0: planes-1; ask for planes
    if over <= zr_max:
        bits = base + "00000" + "001" + _b(over - 2, p.zrun_w)
        out.append((nz1, pack_bits(bits, w), 1, "bpc_zero_run_past_last_plane"))
    bits = base + "01" + "001" + _b(zr_max - 2, p.zrun_w)  # 1 + longest run > DATA_W + 1 planes
    out.append((nz1, pack_bits(bits, w), 1, "bpc_zero_runs_past_last_plane"))
    # one-one index out of range (k = M .. 2^POS_W-1), two-ones index out of range (k = M-1 ..)
    for k in sorted({m, (1 << p.pos_w) - 1}):
        bits = base + "00011" + _b(k, p.pos_w) + "001" + _b(planes - 1 - 2, p.zrun_w)
        out.append((nz1, pack_bits(bits, w), 1, f"bpc_one_one_k{k}"))
    for k in sorted({m - 1, m, (1 << p.pos_w) - 1}):
        bits = base + "00010" + _b(k, p.pos_w) + "001" + _b(planes - 1 - 2, p.zrun_w)
        out.append((nz1, pack_bits(bits, w), 1, f"bpc_two_ones_k{k}"))
    # A non-zero position decoding to 0: base 0, all planes zero.
    bits = _b(0, w) + "001" + _b(planes - 2, p.zrun_w)
    out.append((nz1, pack_bits(bits, w), 1, "bpc_nonzero_decodes_to_zero"))
    # ... and at word 2: ZNZ of two non-zero words, BPC of one (the block's zero padding is word 2).
    zz3, _, _ = encode(p, [1, 1])
    out.append((zz3, encode(p, [1])[1], 2, "bpc_padding_as_word2"))
    # ZNZ claims no BPC after corruption (all zero runs), BPC sent originally: BPC is not sent.
    zeros_znz, _, _ = encode(p, [0] * n)
    out.append((zeros_znz, bpc, n, "znz_all_zero_over_nonzero"))
    # N smaller than the streams: ZNZ extra words / BPC extra words.
    out.append((znz, bpc, max(1, n - b), "n_too_small"))
    return out


MUTATIONS = (
    "flip_znz", "flip_bpc", "flip_both", "drop_znz", "drop_bpc", "extra_znz", "extra_bpc",
    "early_last_znz", "early_last_bpc", "late_last_znz", "late_last_bpc", "n_minus", "n_plus",
)


def _flip(words: list[int], rng: random.Random, w: int, k: int) -> list[int]:
    out = list(words)
    for _ in range(k):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(w)
    return out


def mutate(p: EbpcParams, znz: list[int], bpc: list[int], n: int, kind: str, rng: random.Random) -> StreamPair:
    w = p.data_w
    mask = p.word_mask
    flips = rng.choice((1, 1, 1, 2, 3))
    if kind == "flip_bpc" and not bpc:
        kind = "flip_znz"
    if kind == "drop_bpc" and len(bpc) < 2:
        kind = "early_last_bpc" if bpc else "extra_bpc"
    if kind == "drop_znz" and len(znz) < 2:
        kind = "extra_znz"
    if kind == "early_last_znz" and len(znz) < 2:
        kind = "late_last_znz"
    if kind == "early_last_bpc" and not bpc:
        kind = "late_last_bpc"
    if kind == "flip_znz":
        znz = _flip(znz, rng, w, flips)
    elif kind == "flip_bpc":
        bpc = _flip(bpc, rng, w, flips)
    elif kind == "flip_both":
        znz = _flip(znz, rng, w, 1)
        bpc = _flip(bpc, rng, w, 1) if bpc else bpc
    elif kind == "drop_znz":
        znz = znz[: (i := rng.randrange(len(znz)))] + znz[i + 1 :]
    elif kind == "drop_bpc":
        bpc = bpc[: (i := rng.randrange(len(bpc)))] + bpc[i + 1 :]
    elif kind == "extra_znz":
        i = rng.randrange(len(znz) + 1)
        znz = znz[:i] + [rng.randrange(mask + 1)] + znz[i:]
    elif kind == "extra_bpc":
        i = rng.randrange(len(bpc) + 1)
        bpc = bpc[:i] + [rng.randrange(mask + 1)] + bpc[i:]
    elif kind == "early_last_znz":
        znz = znz[: rng.randrange(1, len(znz))]
    elif kind == "early_last_bpc":
        bpc = bpc[: rng.randrange(0, len(bpc))]
    elif kind == "late_last_znz":
        znz = znz + [rng.choice((0, mask, rng.randrange(mask + 1))) for _ in range(rng.randint(1, 3))]
    elif kind == "late_last_bpc":
        bpc = bpc + [rng.choice((0, mask, rng.randrange(mask + 1))) for _ in range(rng.randint(1, 3))]
    elif kind == "n_minus":
        n = max(1, n - rng.choice((1, 1, 2, p.block_size, rng.randint(1, n))))
    elif kind == "n_plus":
        n = n + rng.choice((1, 1, 2, p.block_size, p.max_zrle_len))
    return znz, bpc, n, kind


def fuzz_cases(p: EbpcParams, count: int, rng: random.Random) -> Iterator[StreamPair]:
    """count corrupted/truncated stream pairs from valid random and ReLU-like transfers (reproducible from rng)."""
    for i in range(count):
        n = rng.choice((1, 2, 3, p.block_size, p.block_size + 1, rng.randint(1, 40), rng.randint(1, 200)))
        seed = rng.randrange(1 << 30)
        src = rng.choice(("relu", "relu", "random", "sparse"))
        if src == "relu":
            words = relu_like(n, p.data_w, seed=seed)
        elif src == "random":
            words = random_words(n, p.data_w, seed=seed)
        else:
            words = random_words(n, p.data_w, seed=seed).astype(np.int64)
            words[np.random.default_rng(seed).random(n) < 0.8] = 0
        znz, bpc, nn = encode(p, words)
        kind = rng.choice(MUTATIONS)
        z2, b2, n2, kind = mutate(p, znz, bpc, nn, kind, rng)
        yield z2, b2, n2, f"fuzz{i}_{src}_{kind}"


def zero_run_transfers(p: EbpcParams) -> list[np.ndarray]:
    """One block per merged zero-run length r = 1 .. DATA_W+1 (bins z_merge.r<r>).

    Delta d_1 = 2^k (others 0) makes X zero on planes 0..k-1 (a run of k) and on k+2..DATA_W
    (a run of DATA_W-1-k); d = -1 everywhere leaves only X_0 non-zero (a run of DATA_W);
    a constant block is one run of DATA_W+1.
    """
    b, w = p.block_size, p.data_w
    out = []
    for k in range(1, w):
        out.append([1] + [1 + (1 << k)] * (b - 1))
    out.append([b + 5 - i for i in range(b)])
    out.append([9] * b)
    return [to_pattern(np.asarray(t, dtype=np.int64), w).astype(np.int64) for t in out]
