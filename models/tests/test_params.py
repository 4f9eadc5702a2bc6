"""Illegal parameters and out-of-range words raise ValueError naming the value."""
from __future__ import annotations

import numpy as np
import pytest

from ebpc import EbpcParams, decode, encode, encoded_size
from ebpc.params import hw_param_sets, model_param_sets


@pytest.mark.parametrize(
    "kwargs, bad",
    [
        ({"data_w": 10}, "data_w=10"),
        ({"block_size": 4}, "block_size=4"),
        ({"data_w": 8, "block_size": 16}, "block_size=16"),
        ({"max_zrle_len": 12}, "max_zrle_len=12"),
        ({"max_zrle_len": 64}, "max_zrle_len=64"),
    ],
)
def test_illegal_parameters(kwargs, bad) -> None:
    with pytest.raises(ValueError, match=bad):
        EbpcParams(**kwargs)
    with pytest.raises(ValueError, match=bad):
        encode([1, 2, 3], **kwargs)
    with pytest.raises(ValueError, match=bad):
        encoded_size([1, 2, 3], **kwargs)


def test_parameter_set_counts() -> None:
    assert len(hw_param_sets()) == 9
    assert len(model_param_sets()) == 12


@pytest.mark.parametrize("word", [256, -129, 1000])
def test_out_of_range_word(word) -> None:
    with pytest.raises(ValueError, match=str(word)):
        encode([1, word, 2])


def test_wrong_word_dtype_and_empty_transfer() -> None:
    with pytest.raises(ValueError, match="integers"):
        encode(np.array([1.5, 2.0]))
    with pytest.raises(ValueError, match="N >= 1"):
        encode([])
    with pytest.raises(ValueError, match="n_words = 0"):
        decode([0], [], 0)
