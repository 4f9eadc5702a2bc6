"""Throughput targets of shared/spec/hardware.md, and the measured shortfalls still open.

Every rate check asserts WORDS_PER_CYCLE (>= 0.999 on ReLU-like data, inputs always
valid and outputs always ready) and no bubble between back-to-back transfers. Where a
core and parameter set is known to fall short (open work, listed in the README under
"Known gaps"), SHORTFALLS holds the measured floor instead: the check then guards that
floor so the figure cannot get worse, the record says the target was missed, and the
summary lists every such miss.
"""
from __future__ import annotations

from dataclasses import dataclass

from ebpc.params import EbpcParams

WORDS_PER_CYCLE = 0.999
# The bulk checks assert the rate only over at least this many words: one pipeline bubble in the
# few thousand words Icarus streams is already 0.9995, so there the rate is logged, not asserted.
BULK_RATE_MIN_WORDS = 10_000


@dataclass(frozen=True)
class RateBound:
    words_per_cycle: float  # lowest accepted words/cycle
    boundary_bubbles: int  # most idle cycles accepted at one transfer boundary
    on_target: bool


# (core, check, DATA_W, BLOCK_SIZE) -> measured floor; check is "rate" (cocotb, back-to-back
# transfers) or "bulk" (HDL harness, long stream).
SHORTFALLS: dict[tuple[str, str, int, int], RateBound] = {}


def rate_bound(core: str, check: str, params: EbpcParams) -> RateBound:
    """The bound a rate check of ``core`` on ``params`` must meet."""
    return SHORTFALLS.get(
        (core, check, params.data_w, params.block_size), RateBound(WORDS_PER_CYCLE, 0, True)
    )
