"""Round trip and agreement of the fast paths, over every parameter set."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from ebpc import decode, encode, encoded_size, symbol_stats
from ebpc.params import to_pattern, to_signed

from conftest import transfers

ARGS = lambda p: (p.data_w, p.block_size, p.max_zrle_len)  # noqa: E731


@settings(max_examples=400, deadline=None)
@given(transfers())
def test_decode_inverts_encode(pv) -> None:
    p, vals = pv
    enc = encode(vals, *ARGS(p))
    np.testing.assert_array_equal(decode(enc.znz_words, enc.bpc_words, len(vals), *ARGS(p)), vals)


@settings(max_examples=400, deadline=None)
@given(transfers())
def test_unsigned_patterns_encode_like_signed(pv) -> None:
    p, vals = pv
    a, b = encode(vals, *ARGS(p)), encode(to_pattern(vals, p.data_w), *ARGS(p))
    np.testing.assert_array_equal(a.znz_words, b.znz_words)
    np.testing.assert_array_equal(a.bpc_words, b.bpc_words)


@settings(max_examples=400, deadline=None)
@given(transfers())
def test_length_path_agrees_with_encode(pv) -> None:
    p, vals = pv
    enc, size = encode(vals, *ARGS(p)), encoded_size(vals, *ARGS(p))
    assert (size.znz_bits, size.bpc_bits) == (enc.znz_bits, enc.bpc_bits)
    assert (size.znz_words, size.bpc_words) == (len(enc.znz_words), len(enc.bpc_words))
    assert len(enc.znz_words) == -(-enc.znz_bits // p.data_w)
    assert len(enc.bpc_words) == -(-enc.bpc_bits // p.data_w)


@settings(max_examples=300, deadline=None)
@given(transfers())
def test_symbol_stats_account_for_every_bit(pv) -> None:
    p, vals = pv
    st = symbol_stats(vals, *ARGS(p))
    enc = encode(vals, *ARGS(p))
    k = st.kinds
    bpc = (
        st.n_blocks * p.data_w
        + 2 * int(st.z_merge_len[1])
        + (3 + p.zrun_w) * int(st.z_merge_len[2:].sum())
        + 5 * (k["all_ones"] + k["plane_zero"])
        + (5 + p.pos_w) * (k["one_one"] + k["two_ones"])
        + (1 + p.m) * k["raw"]
    )
    assert bpc == enc.bpc_bits
    assert int((st.z_merge_len * np.arange(len(st.z_merge_len))).sum()) + sum(
        v for n, v in k.items() if n != "zero_run"
    ) == st.n_blocks * p.n_planes
    assert k["zero_run"] == int(st.z_merge_len.sum())
    assert int(st.one_one_pos.sum()) == k["one_one"] and int(st.two_ones_pos.sum()) == k["two_ones"]
    n_zero_syms = int(st.znz_run_len.sum())
    assert st.n_nonzero + n_zero_syms * (1 + p.run_w) == enc.znz_bits
    assert int((st.znz_run_len * np.arange(len(st.znz_run_len))).sum()) == st.n_words - st.n_nonzero


def test_long_transfer_round_trip() -> None:
    from ebpc.synthetic import relu_like

    for data_w in (8, 16):
        words = relu_like(200_000, data_w=data_w, seed=3)
        enc = encode(words, data_w, 8, 16)
        np.testing.assert_array_equal(to_pattern(decode(enc.znz_words, enc.bpc_words, len(words), data_w, 8, 16), data_w), words)


def test_dense_signed_has_no_zero_and_compresses() -> None:
    """The stimulus of the `dense` RTL tests: every word non-zero (all go through the BPC path),
    signed values on both sides of zero, and a BPC stream well below one word per input word, so
    that a core rather than a stream sets the rate there."""
    from ebpc.synthetic import dense_signed

    for data_w, block in ((8, 8), (16, 8), (16, 16)):
        words = dense_signed(5000, data_w=data_w, seed=7)
        assert words.dtype == (np.uint8 if data_w == 8 else np.uint16)
        assert (words != 0).all()
        signed = to_signed(words, data_w)
        assert signed.min() < 0 < signed.max()
        enc = encode(words, data_w, block, 16)
        assert len(enc.bpc_words) < 0.7 * len(words)
        np.testing.assert_array_equal(dense_signed(5000, data_w=data_w, seed=7), words)
