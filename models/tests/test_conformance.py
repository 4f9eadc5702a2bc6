"""Every conformance vector (shared/ or $EBPC_VECTORS) reproduces bit for bit."""
from __future__ import annotations

import numpy as np
import pytest

from ebpc import decode, encode, encoded_size, load_vectors
from ebpc.vectors import vectors_path

CASES = load_vectors()


def test_vector_file_is_not_empty() -> None:
    assert CASES, f"no cases in {vectors_path()}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_encode_matches_vector(case) -> None:
    p = case.params
    enc = encode(case.words, p.data_w, p.block_size, p.max_zrle_len)
    assert (enc.znz_bits, enc.bpc_bits) == (case.znz_bits, case.bpc_bits)
    np.testing.assert_array_equal(enc.znz_words, case.znz_words, err_msg="ZNZ words")
    np.testing.assert_array_equal(enc.bpc_words, case.bpc_words, err_msg="BPC words")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_length_path_matches_vector(case) -> None:
    p = case.params
    size = encoded_size(case.words, p.data_w, p.block_size, p.max_zrle_len)
    assert (size.znz_bits, size.bpc_bits) == (case.znz_bits, case.bpc_bits)
    assert (size.znz_words, size.bpc_words) == (len(case.znz_words), len(case.bpc_words))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_decode_matches_vector(case) -> None:
    p = case.params
    out = decode(case.znz_words, case.bpc_words, len(case.words), p.data_w, p.block_size, p.max_zrle_len)
    np.testing.assert_array_equal(out, case.words)


def test_spec_worked_example() -> None:
    enc = encode([7] * 20)
    assert enc.znz_words.tolist() == [0xFF, 0xFF, 0xF0]
    assert enc.bpc_words.tolist() == [0x07, 0x3C, 0x1C, 0xF0, 0x71, 0xB0, 0xA3, 0x65, 0x80]
    assert enc.bpc_bits == 65


def test_ebpc_vectors_env_is_honoured(tmp_path, monkeypatch) -> None:
    src = vectors_path().read_text()
    alt = tmp_path / "alt.json"
    alt.write_text(src)
    monkeypatch.setenv("EBPC_VECTORS", str(alt))
    assert vectors_path() == alt
    assert len(load_vectors()) == len(CASES)
    monkeypatch.setenv("EBPC_VECTORS", str(tmp_path / "missing.json"))
    with pytest.raises(FileNotFoundError, match="missing.json"):
        load_vectors()
