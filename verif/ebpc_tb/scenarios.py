"""Test bodies both cores share: each core's cocotb module picks the flows and calls these."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import cocotb
from cocotb.triggers import ClockCycles

from ebpc.synthetic import dense_signed, random_words, relu_like

from .env_base import EnvBase
from .stimulus import random_transfers
from .targets import DENSE_CYCLES_PER_BOUNDARY, WORDS_PER_CYCLE

RESETS = 3
CUT_WORDS = 300  # words of each transfer a reset cuts short
# Share of the stream-bandwidth bound that incompressible data must reach (measured 0.9987 to
# 1.0018 on Verilator: the streams overlap a little at transfer boundaries).
BOUND_SHARE = 0.98


async def edges(env: EnvBase, transfers: Sequence[Sequence[int] | np.ndarray], name: str) -> None:
    """Directed transfers back to back; every symbol kind must have been sent."""
    rec = await env.run(transfers, name, "edge")
    missing = [k for k, n in rec["coverage"]["symbols"]["kinds"].items() if n == 0]
    assert not missing, f"edge stimulus missed symbol kinds {missing}"


async def random_traffic(env: EnvBase, words: int, name: str) -> None:
    """Constrained random transfers back to back (flow control as the env was built)."""
    await env.run(random_transfers(env.params, words, env.rng), name, "rand")


async def reset_mid_transfer(env: EnvBase, phase: str, max_cut_cycles: int, name: str) -> None:
    """Reset while a transfer is taken in (phase "input", after 2..max_cut_cycles cycles) or while its
    output is under way (any other phase), then clean random transfers; repeated RESETS times."""
    p = env.params
    for r in range(RESETS):
        env.send_words(relu_like(CUT_WORDS, p.data_w, seed=env.rng.randrange(1 << 30)), f"cut{r}")
        if phase == "input":
            await ClockCycles(env.dut.clk_i, env.rng.randint(2, max_cut_cycles))
        else:
            await env.output_under_way()
            env.hold_outputs(True)
            await ClockCycles(env.dut.clk_i, 3)
            env.hold_outputs(False)
        await env.reset()
        for i, t in enumerate(random_transfers(p, 200, env.rng)):
            env.send_words(t, f"after{r}_{i}")
        await env.wait_done()
    assert env.resets_mid_transfer == RESETS, (
        f"only {env.resets_mid_transfer} of {RESETS} resets hit a transfer in flight"
    )
    env.finish(name)


async def incompressible(env: EnvBase, words: int) -> None:
    """Uniform random words back to back, inputs always valid and outputs always ready: each stream
    moves at most one word a cycle, so the rate is bounded by original words / words of the busier
    stream (about 0.8 at 8 bits); the core must stay within BOUND_SHARE of that bound."""
    p = env.params
    sent = [env.send_words(random_words(1000, p.data_w, seed=300 + i), f"random{i}")
            for i in range(max(1, words // 1000))]
    busier = max(sum(len(t.znz) for t in sent), sum(len(t.bpc) for t in sent))
    bound = min(1.0, sum(t.n_words for t in sent) / busier)
    await env.wait_done()
    wpc = env.words_per_cycle()
    env.finish("incompressible", words_per_cycle=wpc, bound=bound)
    cocotb.log.info("%s incompressible %s: %.5f words/cycle, bound %.5f", env.TOPLEVEL, p.short(), wpc, bound)
    if wpc < BOUND_SHARE * bound:
        raise env.ctx.fail(f"incompressible {p.short()}",
                           f"{wpc:.5f} words/cycle on random data, below {BOUND_SHARE} x the stream bound {bound:.5f}")


async def rate(env: EnvBase, words: int) -> None:
    """10 back-to-back ReLU-like transfers, inputs always valid and outputs always ready:
    >= WORDS_PER_CYCLE words/cycle and no idle cycle at any transfer boundary."""
    p = env.params
    for i in range(10):
        env.send_words(relu_like(words // 10, p.data_w, seed=100 + i), f"rate{i}")
    await env.wait_done()
    wpc = env.words_per_cycle()
    bubbles = [g for g in env.boundary_gaps if g]
    detail = env.rate_detail()
    env.finish("rate", words_per_cycle=wpc, boundary_bubbles=len(bubbles), **detail)
    cocotb.log.info("%s rate %s: %.5f words/cycle; idle cycles between transfers %s; %s",
                    env.TOPLEVEL, p.short(), wpc, bubbles, detail)
    if bubbles:
        raise env.ctx.fail(f"rate {p.short()}", f"idle cycles between back-to-back transfers: {bubbles} "
                           f"({detail}); data relu_like(seed=100+index)")
    if wpc < WORDS_PER_CYCLE:
        raise env.ctx.fail(f"rate {p.short()}", f"{wpc:.5f} words/cycle < {WORDS_PER_CYCLE} on ReLU-like data ({detail})")


async def dense(env: EnvBase, blocks: int, padding_costs: bool) -> None:
    """Back-to-back transfers of dense signed data (no zero word), one for every size of the last
    block: BLOCK_SIZE * blocks + f words for f = 0 .. BLOCK_SIZE-1, in random order, inputs always
    valid and outputs always ready. The data keeps the BPC stream well below a word per input word,
    so the core, not a stream, sets the rate. A core whose coder steps through every padded block
    (padding_costs) may lose the padding of every transfer but the last; beyond that each boundary
    may cost DENSE_CYCLES_PER_BOUNDARY cycles."""
    p = env.params
    sizes = [blocks * p.block_size + f for f in range(p.block_size)]
    env.rng.shuffle(sizes)
    for i, size in enumerate(sizes):
        env.send_words(dense_signed(size, p.data_w, seed=200 + i), f"dense{i}")
    await env.wait_done()
    words, cycles = env.span()
    lost, wpc = cycles - words, words / cycles
    padding = sum(-n % p.block_size for n in sizes[:-1]) if padding_costs else 0
    allowed = padding + DENSE_CYCLES_PER_BOUNDARY * (len(sizes) - 1)
    env.finish("dense", words_per_cycle=wpc, lost_cycles=lost, padding_cycles=padding, sizes=sizes)
    cocotb.log.info("%s dense %s: %d words in %d cycles (%.5f words/cycle), %d lost, %d of them padding; "
                    "sizes %s", env.TOPLEVEL, p.short(), words, cycles, wpc, lost, padding, sizes)
    if lost > allowed:
        raise env.ctx.fail(f"dense {p.short()}", f"{lost} cycles lost on dense data, more than {allowed} "
                           f"({padding} padding + {DENSE_CYCLES_PER_BOUNDARY} per boundary); transfer "
                           f"sizes {sizes}, data dense_signed(seed=200+index)")
