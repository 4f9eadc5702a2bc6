"""Throughput targets of shared/spec/hardware.md, asserted by the rate and bulk checks."""

# Inputs always valid, outputs always ready, ReLU-like data: words per cycle, and no idle cycle
# between back-to-back transfers.
WORDS_PER_CYCLE = 0.999
# The bulk checks assert the rate only over at least this many words: one pipeline bubble in the
# few thousand words Icarus streams is already 0.9995, so there the rate is logged, not asserted.
BULK_RATE_MIN_WORDS = 10_000
