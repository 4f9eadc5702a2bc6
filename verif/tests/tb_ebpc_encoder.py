"""cocotb tests of ebpc_encoder: conformance, directed edges, random with backpressure, reset, done/idle, rate, dense."""
from __future__ import annotations

import os

import cocotb
from cocotb.triggers import ClockCycles

import ebpc
from ebpc.synthetic import relu_like
from ebpc_tb import scenarios
from ebpc_tb.encoder_env import EncoderEnv
from ebpc_tb.model import ExpectedTransfer
from ebpc_tb.stimulus import edge_transfers

RANDOM_WORDS = int(os.environ.get("EBPC_RANDOM_WORDS", "3000"))
RATE_WORDS = int(os.environ.get("EBPC_RATE_WORDS", "10000"))

# (input valid probability, znz ready probability, bpc ready probability)
FLOWS = {
    "free": (1.0, 1.0, 1.0),
    "thr_in": (0.6, 1.0, 1.0),
    "bp_znz": (1.0, 0.3, 1.0),
    "bp_bpc": (1.0, 1.0, 0.3),
    "bp_both": (1.0, 0.5, 0.5),
    "all": (0.7, 0.6, 0.6),
}


def make_env(dut, flow: str) -> EncoderEnv:
    v, z, b = FLOWS[flow]
    return EncoderEnv(dut, valid_prob=v, znz_ready=z, bpc_ready=b)


@cocotb.test()
@cocotb.parametrize(flow=["free", "bp_both"])
async def conformance(dut, flow: str) -> None:
    """Every conformance vector of this parameter set, back to back, against the vector file's words."""
    env = make_env(dut, flow)
    await env.start()
    cases = [c for c in ebpc.load_vectors() if c.params == env.params]
    if not cases:
        env.finish(f"conformance_{flow}", vectors=0)
        cocotb.end_test(f"the vector file has no case for {env.params.short()}")
    for i, c in enumerate(cases):
        env.send_words(
            c.words, c.name,
            ExpectedTransfer(i, len(c.words), tuple(map(int, c.znz_words)), tuple(map(int, c.bpc_words)), c.name),
        )
    await env.wait_done()
    env.finish(f"conformance_{flow}", vectors=len(cases))


@cocotb.test()
@cocotb.parametrize(flow=["free", "bp_both", "all"])
async def edges(dut, flow: str) -> None:
    """Directed edge transfers back to back."""
    env = make_env(dut, flow)
    await env.start()
    await scenarios.edges(env, edge_transfers(env.params), f"edges_{flow}")


@cocotb.test()
@cocotb.parametrize(flow=list(FLOWS))
async def random_traffic(dut, flow: str) -> None:
    """Constrained random transfers back to back under the given flow control."""
    env = make_env(dut, flow)
    await env.start()
    await scenarios.random_traffic(env, RANDOM_WORDS, f"random_{flow}")


@cocotb.test()
@cocotb.parametrize(flow=["free", "bp_both"], phase=["input", "drain"])
async def reset_mid_transfer(dut, flow: str, phase: str) -> None:
    """Reset while a transfer is being accepted (input) or while outputs wait (drain), then clean transfers."""
    env = make_env(dut, flow)
    await env.start()
    await scenarios.reset_mid_transfer(env, phase, 250, f"reset_{flow}_{phase}")


@cocotb.test()
async def done_and_idle(dut) -> None:
    """idle_o after reset, exactly one done_o pulse per transfer with the model's counts, idle again after."""
    env = make_env(dut, "free")
    await env.start()
    await ClockCycles(dut.clk_i, 2)
    assert int(dut.idle_o.value) == 1, "idle_o low after reset with nothing sent"
    assert int(dut.done_o.value) == 0, "done_o high after reset with nothing sent"
    for n in (1, 5, 40):
        env.send_words(relu_like(n, env.params.data_w, seed=n), f"n{n}")
        await env.wait_done()
        await ClockCycles(dut.clk_i, 5)
    assert env.sb.transfers_done == 3, f"{env.sb.transfers_done} done pulses for 3 transfers"
    env.finish("done_and_idle")


@cocotb.test()
async def incompressible(dut) -> None:
    """Random words: the rate stays at the bound the output (encoder) or input (decoder) streams set."""
    env = make_env(dut, "free")
    await env.start()
    await scenarios.incompressible(env, RATE_WORDS // 2)


@cocotb.test()
async def rate(dut) -> None:
    """ReLU-like data, inputs always valid, outputs always ready: >= 0.999 words/cycle, no bubble between transfers."""
    env = make_env(dut, "free")
    await env.start()
    await scenarios.rate(env, RATE_WORDS)


@cocotb.test()
async def dense(dut) -> None:
    """Dense signed data without zero words, back to back, every size of a transfer's last block;
    the square coder (DATA_W == BLOCK_SIZE) takes its 8 or 16 steps for a padded block too."""
    env = make_env(dut, "free")
    await env.start()
    await scenarios.dense(env, max(2, RATE_WORDS // 500), padding_costs=env.params.data_w == env.params.block_size)
