"""Throughput targets of shared/spec/hardware.md, asserted by the rate and bulk checks."""

# Inputs always valid, outputs always ready, ReLU-like data: words per cycle, and no idle cycle
# between back-to-back transfers.
WORDS_PER_CYCLE = 0.999
# The bulk checks assert the rate only over at least this many words: one pipeline bubble in the
# few thousand words Icarus streams is already 0.9995, so there the rate is logged, not asserted.
BULK_RATE_MIN_WORDS = 10_000
# Dense data (no zero word; the `dense` tests): the encoder's square coder (DATA_W == BLOCK_SIZE)
# spends one step per plane, BLOCK_SIZE steps for every block including a transfer's zero-padded
# last one, and it sets the pace when every word is non-zero. So each transfer whose last block is
# partial costs its padding words in input cycles when another transfer follows back to back.
# Beyond that, a back-to-back boundary may cost at most this many cycles.
DENSE_CYCLES_PER_BOUNDARY = 1
