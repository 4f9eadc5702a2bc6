"""Malformed streams raise MalformedStreamError naming the stream and bit offset."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebpc import MalformedStreamError, decode, encode

from conftest import transfers

WORDS = np.array([0, 0, 0, 5, 0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3])
ENC = encode(WORDS)


def _decode(znz, bpc, n=len(WORDS)):
    return decode(znz, bpc, n)


def test_truncated_znz() -> None:
    with pytest.raises(MalformedStreamError, match="ZNZ") as exc:
        _decode(ENC.znz_words[:-1], ENC.bpc_words)
    assert exc.value.stream == "ZNZ" and exc.value.bit_offset > 0


def test_truncated_bpc() -> None:
    with pytest.raises(MalformedStreamError) as exc:
        _decode(ENC.znz_words, ENC.bpc_words[:-1])
    assert exc.value.stream == "BPC"


def test_extra_words() -> None:
    for znz, bpc, stream in (
        (np.append(ENC.znz_words, 0), ENC.bpc_words, "ZNZ"),
        (ENC.znz_words, np.append(ENC.bpc_words, 0), "BPC"),
    ):
        with pytest.raises(MalformedStreamError, match="after the last needed word") as exc:
            _decode(znz, bpc)
        assert exc.value.stream == stream


def test_bpc_words_for_all_zero_transfer() -> None:
    enc = encode([0] * 10)
    assert len(enc.bpc_words) == 0
    with pytest.raises(MalformedStreamError) as exc:
        decode(enc.znz_words, [1], 10)
    assert exc.value.stream == "BPC" and exc.value.bit_offset == 0


def test_zero_run_overshoots_n() -> None:
    with pytest.raises(MalformedStreamError, match="overshoots") as exc:
        _decode(ENC.znz_words, ENC.bpc_words, n=len(WORDS) - 2)
    assert exc.value.stream == "ZNZ"


def test_nonzero_decoded_as_zero() -> None:
    enc = encode([5])  # base 00000101, then nine Z planes
    bpc = enc.bpc_words.copy()
    bpc[0] = 0
    with pytest.raises(MalformedStreamError, match="decodes to zero"):
        decode(enc.znz_words, bpc, 1)


def test_bit_position_out_of_range() -> None:
    # one-one code 00011 with k = 7 (only 0..6 exist for BLOCK_SIZE 8)
    bits = "00000001" + "00011111" + "01" * 8
    words = [int(bits[i : i + 8].ljust(8, "0"), 2) for i in range(0, len(bits), 8)]
    with pytest.raises(MalformedStreamError, match="out of range") as exc:
        decode([0x80], words, 1)
    assert exc.value.bit_offset == 8


def test_zero_run_past_last_plane() -> None:
    # base, then a merged run of 9 planes starting at plane 1: covers 10 of 9 planes
    bits = "00000001" + "00011000" + "001111"
    words = [int(bits[i : i + 8].ljust(8, "0"), 2) for i in range(0, len(bits), 8)]
    with pytest.raises(MalformedStreamError, match="covers 10 of 9 planes"):
        decode([0x80], words, 1)


def test_stream_word_too_wide() -> None:
    with pytest.raises(ValueError, match="does not fit in 8 bits"):
        _decode(np.append(ENC.znz_words[:-1], 256), ENC.bpc_words)


@settings(max_examples=300, deadline=None)
@given(transfers(), st.data())
def test_corruption_never_passes_silently(pv, data) -> None:
    """Corrupted streams raise, or decode to N words of a well-formed transfer.

    Appending a word or dropping the final one must always be detected; a flipped
    bit or a dropped inner word can turn into another valid stream (EBPC carries
    no checksum), which must then decode consistently.
    """
    p, vals = pv
    args = (p.data_w, p.block_size, p.max_zrle_len)
    enc = encode(vals, *args)
    streams = [enc.znz_words.astype(np.int64), enc.bpc_words.astype(np.int64)]
    which = data.draw(st.sampled_from([0, 1] if len(streams[1]) else [0]))
    s = streams[which]
    action = data.draw(st.sampled_from(["flip", "drop", "drop_last", "append"]))
    if action == "flip":
        i = data.draw(st.integers(0, len(s) * p.data_w - 1))
        s[i // p.data_w] ^= 1 << (p.data_w - 1 - i % p.data_w)
    elif action == "drop":
        s = np.delete(s, data.draw(st.integers(0, len(s) - 1)))
    elif action == "drop_last":
        s = s[:-1]
    else:
        s = np.append(s, data.draw(st.integers(0, (1 << p.data_w) - 1)))
    streams[which] = s
    try:
        out = decode(streams[0], streams[1], len(vals), *args)
    except MalformedStreamError as exc:
        named = streams[("ZNZ", "BPC").index(exc.stream)]
        assert 0 <= exc.bit_offset <= len(named) * p.data_w
        return
    assert action in ("flip", "drop"), f"{action} of a {('ZNZ', 'BPC')[which]} word went undetected"
    assert len(out) == len(vals)
    again = encode(out, *args)
    np.testing.assert_array_equal(decode(again.znz_words, again.bpc_words, len(vals), *args), out)
