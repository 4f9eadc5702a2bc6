"""Baseline coders: hand-computed lengths, run/gap boundaries, scalar cross-checks."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebpc.baselines import BASELINES, bpc, csc, zero_run_lengths, zrle, zvc

SMALL = np.array([0, 5, 0, 0, 3], dtype=np.uint8)


def test_registry():
    assert BASELINES == {"zvc": zvc, "zrle": zrle, "csc": csc, "bpc": bpc}


def test_zero_run_lengths():
    assert zero_run_lengths(np.array([0, 5, 0, 0, 3, 0])).tolist() == [1, 2, 1]
    assert zero_run_lengths(np.array([1, 2])).tolist() == []
    assert zero_run_lengths(np.array([], dtype=np.int64)).tolist() == []


def test_hand_computed_small_case():
    assert zvc(SMALL, 8) == 5 + 2 * 8
    assert zrle(SMALL, 8) == 2 * (1 + 8) + 2 * (1 + 4)
    assert csc(SMALL, 8) == 2 * (8 + 4)
    assert zvc(SMALL, 16) == 5 + 2 * 16


def test_zrle_codes_trailing_zeros():
    assert zrle(np.array([5, 0]), 8) == 9 + 5


def test_csc_trailing_zeros_are_free():
    assert csc(np.array([5] + [0] * 100), 8) == 12


@pytest.mark.parametrize(("run", "symbols"), [(15, 1), (16, 1), (17, 2), (32, 2), (33, 3)])
def test_zrle_run_boundaries(run, symbols):
    words = np.array([1] + [0] * run + [1])
    assert zrle(words, 8) == 2 * 9 + 5 * symbols


@pytest.mark.parametrize(("gap", "pads"), [(15, 0), (16, 1), (17, 1), (31, 1), (32, 2), (33, 2)])
def test_csc_gap_boundaries(gap, pads):
    assert csc(np.array([0] * gap + [1]), 8) == 12 * (1 + pads)
    assert csc(np.array([1] + [0] * gap + [1]), 8) == 12 * (2 + pads)


def test_all_zero():
    words = np.zeros(40, dtype=np.uint8)
    assert zvc(words, 8) == 40
    assert zrle(words, 8) == 3 * 5  # runs 16, 16, 8
    assert csc(words, 8) == 0
    # 5 blocks: base 00000000 + one merged Z run of 9 planes "001 111"
    assert bpc(words, 8) == 5 * (8 + 6)


@pytest.mark.parametrize("data_w", [8, 16])
def test_all_nonzero(data_w):
    words = np.arange(1, 41)
    assert zvc(words, data_w) == 40 * (1 + data_w)
    assert zrle(words, data_w) == 40 * (1 + data_w)
    assert csc(words, data_w) == 40 * (data_w + 4)


def test_bpc_spec_worked_example():
    assert bpc(np.full(20, 7, dtype=np.uint8), 8) == 65


def test_bpc_codes_zeros_as_values():
    # block 1: base + Z run of 9 (14 bits); block 2 (all zeros) the same
    assert bpc(np.array([7] * 8 + [0] * 8), 8) == 28
    # one non-zero then zeros: not the same as a block of sevens
    assert bpc(np.array([7] + [0] * 7), 8) != bpc(np.array([7] * 8), 8)


def test_signed_and_unsigned_patterns_agree():
    signed = np.array([-1, 0, 0, 3, -128, 0, 127, 0, 0, -5], dtype=np.int16)
    unsigned = (signed.astype(np.int64) & 0xFF).astype(np.uint8)
    for name, coder in BASELINES.items():
        assert coder(signed, 8) == coder(unsigned, 8), name


def _zrle_reference(words: list[int], data_w: int) -> int:
    bits, run = 0, 0
    for w in words:
        if w == 0:
            run += 1
            if run == 16:
                bits, run = bits + 5, 0
        else:
            bits += (5 if run else 0) + 1 + data_w
            run = 0
    return bits + (5 if run else 0)


def _csc_reference(words: list[int], data_w: int) -> int:
    last = max((i for i, w in enumerate(words) if w), default=-1)
    entries, dist = 0, 0
    for w in words[: last + 1]:
        dist += 1
        if w != 0 or dist == 16:
            entries, dist = entries + 1, 0
    return (data_w + 4) * entries


sparse_words = st.lists(
    st.one_of(st.just(0), st.just(0), st.just(0), st.integers(1, 255)), min_size=1, max_size=300
)


@settings(max_examples=200, deadline=None)
@given(sparse_words)
def test_zrle_matches_symbol_by_symbol_reference(words):
    assert zrle(np.array(words), 8) == _zrle_reference(words, 8)


@settings(max_examples=200, deadline=None)
@given(sparse_words)
def test_csc_matches_entry_by_entry_reference(words):
    assert csc(np.array(words), 8) == _csc_reference(words, 8)


@settings(max_examples=200, deadline=None)
@given(sparse_words)
def test_zvc_counts(words):
    assert zvc(np.array(words), 8) == len(words) + 8 * sum(w != 0 for w in words)
