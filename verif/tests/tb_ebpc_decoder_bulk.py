"""Bulk path: ebpc_decoder_bulk_tb streams long data through the decoder and checks it in HDL.

Segment A is ReLU-like (or $EBPC_STIMULUS real maps), segment B random incompressible words;
words/cycle is reported for each (inputs always valid, output always ready in the "none" run).
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import cocotb
from cocotb.simtime import get_sim_time
from cocotb.triggers import ClockCycles, First, RisingEdge, Timer

from ebpc_tb.bulk import META
from ebpc_tb.context import FailureContext
from ebpc_tb.decoder_env import PERIOD_NS
from ebpc_tb.env_base import dut_params
from ebpc_tb.harness import reset_and_start
from ebpc_tb.records import write_record
from ebpc_tb.targets import BULK_RATE_MIN_WORDS, WORDS_PER_CYCLE

# valid/ready thresholds out of 256 for (n valid, znz valid, bpc valid, m ready)
STALLS = {
    "none": (256, 256, 256, 256),
    "in": (100, 150, 150, 256),
    "out": (256, 256, 256, 140),
    "all": (120, 180, 160, 180),
}


def _locate(meta: dict, index: int) -> tuple[int, int]:
    import numpy as np

    ends = np.asarray(meta["in_end"])
    t = int(np.searchsorted(ends, index, side="right"))
    return t, index - (int(ends[t - 1]) if t else 0)


@cocotb.test()
@cocotb.parametrize(stalls=list(STALLS))
async def bulk(dut, stalls: str) -> None:
    """Every decoded word checked in HDL; words/cycle on ReLU-like and on random data."""
    meta = json.loads((Path(os.environ["EBPC_BULK_DIR"]) / META).read_text())
    ctx = FailureContext.from_env()
    params = dut_params(dut)
    n, z, b, m = STALLS[stalls]
    dut.n_thresh_i.value, dut.znz_thresh_i.value, dut.bpc_thresh_i.value, dut.m_thresh_i.value = n, z, b, m
    dut.seed_i.value = int(os.environ.get("COCOTB_RANDOM_SEED", "1")) & 0xFFFFFFFF
    await reset_and_start(dut)
    wall0 = time.perf_counter()
    limit = 20 * (meta["n_in"] + meta["n_znz"] + meta["n_bpc"]) + 1000
    fired = await First(RisingEdge(dut.finished_o), Timer(limit * PERIOD_NS, "ns"))
    wall = time.perf_counter() - wall0
    words = int(dut.out_checked_o.value)
    if isinstance(fired, Timer):
        raise ctx.fail("bulk watchdog", f"{limit} cycles: only {words}/{meta['n_in']} output words checked (hang?)")
    if int(dut.error_o.value):
        idx = int(dut.err_index_o.value)
        t, k = _locate(meta, idx)
        w = params.data_w
        got, exp = int(dut.err_got_o.value), int(dut.err_exp_o.value)
        if int(dut.dut_error_o.value):
            raise ctx.fail(f"m transfer {t} word {k} (stream word {idx})", "error_o on a well-formed stream")
        raise ctx.fail(
            f"m transfer {t} word {k} (stream word {idx})",
            f"got data=0x{got & ((1 << w) - 1):x} last={got >> w}, expected data=0x{exp & ((1 << w) - 1):x} last={exp >> w}",
        )
    rates = {}
    for s, name in ((0, "A"), (1, "random")):
        nw = int(getattr(dut, f"seg{s}_words_o").value)
        cyc = int(getattr(dut, f"seg{s}_last_o").value) - int(getattr(dut, f"seg{s}_first_o").value) + 1
        rates[name] = nw / cyc if nw > 1 else 0.0
    await ClockCycles(dut.clk_i, 8)
    assert int(dut.i_dut.idle_o.value) == 1, "idle_o low after the last word"
    stim = os.environ.get("EBPC_STIMULUS", "synthetic")
    record = {
        "test": f"bulk_{stalls}",
        "toplevel": "ebpc_decoder_bulk_tb",
        "sim": cocotb.SIM_NAME,
        "params": params.short(),
        "seed": ctx.seed,
        "stimulus": stim,
        "words_checked": words,
        "words_segment_a": int(dut.seg0_words_o.value),
        "words_random": int(dut.seg1_words_o.value),
        "transfers": meta["n_xfer"],
        "words_per_cycle": rates["A"],
        "words_per_cycle_random": rates["random"],
        "output_bubbles": int(dut.bubbles_o.value),
        "words_per_s": words / wall,
        "wall_s": wall,
        "sim_time_ns": get_sim_time("ns"),
        "coverage": {
            "symbols": meta["symbols"],
            "stalls_while_valid": {s: int(getattr(dut, f"stall_{s}_o").value) for s in ("n", "znz", "bpc", "m")},
        },
    }
    write_record(record["test"], record)
    cocotb.log.info(
        "decoder bulk %s %s: %d words checked; words/cycle %s %.5f, random %.5f; %d output bubbles; %.0f words/s",
        params.short(), stalls, words, stim, rates["A"], rates["random"], record["output_bubbles"], words / wall,
    )
    if stalls == "none" and stim == "synthetic" and int(dut.seg0_words_o.value) >= BULK_RATE_MIN_WORDS:
        assert rates["A"] >= WORDS_PER_CYCLE, (
            f"{rates['A']:.5f} words/cycle < {WORDS_PER_CYCLE} on ReLU-like data "
            f"({int(dut.seg0_words_o.value)} words, inputs always valid, output always ready)"
        )
