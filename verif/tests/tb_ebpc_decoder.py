"""cocotb tests of ebpc_decoder: conformance, edges, random with stalls, reset, idle, rate, malformed input, fuzz, dense."""
from __future__ import annotations

import os
import random

import cocotb
from cocotb.triggers import ClockCycles

import ebpc
from ebpc.synthetic import relu_like
from ebpc_tb import scenarios
from ebpc_tb.decoder_env import DecoderEnv, recovery_bound
from ebpc_tb.fuzz import directed_malformed, fuzz_cases, zero_run_transfers
from ebpc_tb.stimulus import edge_transfers

RANDOM_WORDS = int(os.environ.get("EBPC_RANDOM_WORDS", "3000"))
RATE_WORDS = int(os.environ.get("EBPC_RATE_WORDS", "10000"))
FUZZ_CASES = int(os.environ.get("EBPC_FUZZ_CASES", "120"))

# (n valid, znz valid, bpc valid, m ready) probabilities
FLOWS = {
    "free": (1.0, 1.0, 1.0, 1.0),
    "st_n": (0.3, 1.0, 1.0, 1.0),
    "st_znz": (1.0, 0.3, 1.0, 1.0),
    "st_bpc": (1.0, 1.0, 0.3, 1.0),
    "st_out": (1.0, 1.0, 1.0, 0.3),
    "st_all": (0.6, 0.5, 0.5, 0.6),
}


def make_env(dut, flow: str) -> DecoderEnv:
    n, z, b, m = FLOWS[flow]
    return DecoderEnv(dut, n_valid=n, znz_valid=z, bpc_valid=b, m_ready=m)


@cocotb.test()
@cocotb.parametrize(flow=["free", "st_all"])
async def conformance(dut, flow: str) -> None:
    """Every conformance vector of this parameter set, streams in, words out, back to back."""
    env = make_env(dut, flow)
    await env.start()
    vectors = ebpc.load_vectors()
    cases = [c for c in vectors if c.params == env.params]
    for c in cases:
        env.send(env.model.from_vector(c, c.name))
    if not cases:
        # The vector file has no case for this set: its inputs of the same DATA_W, streams from the golden model.
        cocotb.log.warning("no conformance vector for %s: vector inputs encoded by the golden model", env.params.short())
        for c in vectors:
            if c.params.data_w == env.params.data_w:
                env.send_words(c.words, f"{c.name}@model")
    await env.wait_done()
    env.finish(f"conformance_{flow}", vectors=len(cases))


@cocotb.test()
@cocotb.parametrize(flow=["free", "st_out", "st_all"])
async def edges(dut, flow: str) -> None:
    """Directed edges back to back: N=1, all zeros (empty BPC), all non-zero, block/run lengths +-1, extremes."""
    env = make_env(dut, flow)
    await env.start()
    await scenarios.edges(env, edge_transfers(env.params) + zero_run_transfers(env.params), f"edges_{flow}")


@cocotb.test()
@cocotb.parametrize(flow=list(FLOWS))
async def random_traffic(dut, flow: str) -> None:
    """Constrained random transfers back to back with stalls on the given ports."""
    env = make_env(dut, flow)
    await env.start()
    await scenarios.random_traffic(env, RANDOM_WORDS, f"random_{flow}")


@cocotb.test()
@cocotb.parametrize(flow=["free", "st_all"], phase=["input", "output"])
async def reset_mid_transfer(dut, flow: str, phase: str) -> None:
    """Reset while streams are accepted (input) or while the output is held (output), then clean transfers."""
    env = make_env(dut, flow)
    await env.start()
    await scenarios.reset_mid_transfer(env, phase, 150, f"reset_{flow}_{phase}")


@cocotb.test()
async def idle(dut) -> None:
    """idle_o high after reset, low while a transfer is in flight, high again after each one."""
    env = make_env(dut, "free")
    await env.start()
    await ClockCycles(dut.clk_i, 2)
    assert int(dut.idle_o.value) == 1, "idle_o low after reset with nothing sent"
    assert int(dut.error_o.value) == 0, "error_o high after reset"
    assert int(dut.m_valid_o.value) == 0, "m_valid_o high after reset"
    for n in (1, 5, 40, 0):
        words = [0] * 17 if n == 0 else relu_like(n, env.params.data_w, seed=n)
        env.send_words(words, f"idle{n}")
        await env.wait_done()
        await ClockCycles(dut.clk_i, 5)
        assert int(dut.idle_o.value) == 1, "idle_o low 5 cycles after a finished transfer"
    env.finish("idle")


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


def _good(env: DecoderEnv, i: int):
    return env.model.from_words(relu_like(env.rng.randint(1, 60), env.params.data_w, seed=i), f"good_after{i}")


@cocotb.test()
@cocotb.parametrize(flow=["free", "st_all"])
async def malformed(dut, flow: str) -> None:
    """Every malformed kind, each alone then a good transfer; error_o once, recovery to idle_o measured."""
    env = make_env(dut, flow)
    await env.start()
    bound = recovery_bound(env.params)
    worst = 0
    for i, (znz, bpc, n, label) in enumerate(directed_malformed(env.params)):
        t = env.send(env.model.from_streams(znz, bpc, n, label))
        errs = env.error_pulses
        await env.wait_done()
        if t.bad:
            assert env.error_pulses == errs + 1, f"{t.describe()}: {env.error_pulses - errs} error_o pulses"
            cyc = env.recovery_cycles()
            worst = max(worst, cyc)
            env.recoveries.append({"label": label, "cycles": cyc})
            assert cyc <= bound, (
                f"{t.describe()}: idle_o {cyc} cycles after the last input word / error_o (bound {bound}), "
                f"seed={env.seed}"
            )
        env.send(_good(env, i))
        await env.wait_done()
    # The same cases back to back, each followed by a good transfer, no waiting in between.
    for i, (znz, bpc, n, label) in enumerate(directed_malformed(env.params)):
        env.send(env.model.from_streams(znz, bpc, n, f"b2b_{label}"))
        env.send(_good(env, 1000 + i))
    await env.wait_done()
    rec = env.finish(f"malformed_{flow}", recovery_max=worst)
    cocotb.log.info(
        "malformed %s: %d errors, %d decoded, recovery max %d cycles (bound %d)",
        flow, rec["transfers_error"], rec["transfers_decoded"], worst, bound,
    )


@cocotb.test()
@cocotb.parametrize(mode=["isolated", "b2b_stalls"])
async def fuzz(dut, mode: str) -> None:
    """Corrupted/truncated stream pairs: error_o or exact decode (golden model), never a hang or a word past N."""
    env = make_env(dut, "free" if mode == "isolated" else "st_all")
    await env.start()
    bound = recovery_bound(env.params)
    count = FUZZ_CASES // 2
    rng = random.Random(f"{env.seed}-{env.params.short()}-{mode}")
    worst, bad = 0, 0
    for i, (znz, bpc, n, label) in enumerate(fuzz_cases(env.params, count, rng)):
        t = env.send(env.model.from_streams(znz, bpc, n, label, fill=rng.randrange(1 << 16)))
        bad += t.bad
        if mode == "isolated":
            await env.wait_done()
            if t.bad:
                cyc = env.recovery_cycles()
                worst = max(worst, cyc)
                env.recoveries.append({"label": label, "cycles": cyc})
                assert cyc <= bound, f"{t.describe()}: idle_o {cyc} cycles after the last input/error (bound {bound})"
        elif rng.random() < 0.3:
            env.send(_good(env, 5000 + i))
    await env.wait_done()
    rec = env.finish(f"fuzz_{mode}", fuzz_cases=count, fuzz_malformed=bad, recovery_max=worst)
    cocotb.log.info(
        "fuzz %s: %d cases, %d malformed -> %d error pulses, %d decoded transfers, recovery max %d (bound %d)",
        mode, count, bad, rec["error_pulses"], rec["transfers_decoded"], worst, bound,
    )


@cocotb.test()
async def dense(dut) -> None:
    """Dense signed data without zero words, back to back, every size of a transfer's last block."""
    env = make_env(dut, "free")
    await env.start()
    await scenarios.dense(env, max(2, RATE_WORDS // 500), padding_costs=False)
