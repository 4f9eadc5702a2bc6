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
# Decoder at DATA_W 8, back-to-back transfers: the emitter's copy prefetches the held block only
# once it is used up, and at DATA_W 8 there is no room (area target) for the block stage that
# DATA_W 16 has, so a transfer's short last block can still hold up the next transfer's first
# block. Measured, 10 transfers of ReLU-like words: Verilator (1000 words each) 0.99920
# words/cycle, boundary gaps [4, 1]; Icarus (300 words each) 0.99734, gaps [2, 4].
SHORTFALLS: dict[tuple[str, str, int, int], RateBound] = {
    ("ebpc_decoder", "rate", 8, 8): RateBound(words_per_cycle=0.997, boundary_bubbles=4, on_target=False),
}


def rate_bound(core: str, check: str, params: EbpcParams) -> RateBound:
    """The bound a rate check of ``core`` on ``params`` must meet."""
    return SHORTFALLS.get(
        (core, check, params.data_w, params.block_size), RateBound(WORDS_PER_CYCLE, 0, True)
    )
