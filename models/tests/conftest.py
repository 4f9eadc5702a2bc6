"""Shared fixtures and hypothesis strategies for the model tests."""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from ebpc.params import EbpcParams, model_param_sets

PARAM_SETS = model_param_sets()


@st.composite
def transfers(draw, params: EbpcParams | None = None) -> tuple[EbpcParams, np.ndarray]:
    """A parameter set and a transfer mixing zero runs, small deltas and extreme values."""
    p = params or draw(st.sampled_from(PARAM_SETS))
    lo, hi = -(1 << (p.data_w - 1)), (1 << (p.data_w - 1)) - 1
    zero_share = draw(st.sampled_from([0.0, 0.3, 0.6, 0.95, 1.0]))
    n = draw(st.integers(1, 300))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    style = draw(st.sampled_from(["uniform", "smooth", "extreme"]))
    if style == "uniform":
        vals = rng.integers(lo, hi + 1, n)
    elif style == "smooth":
        vals = np.clip(np.cumsum(rng.integers(-3, 4, n)) + rng.integers(lo, hi + 1), lo, hi)
    else:
        vals = rng.choice(np.array([lo, hi, -1, 1, lo + 1, hi - 1]), n)
    vals[rng.random(n) < zero_share] = 0
    return p, vals.astype(np.int64)
