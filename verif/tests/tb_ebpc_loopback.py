"""Loopback: ebpc_encoder -> ebpc_decoder in one simulation, checked in HDL against the input memory."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np

import cocotb
from cocotb.simtime import get_sim_time
from cocotb.triggers import ClockCycles, First, RisingEdge, Timer

from ebpc_tb.context import FailureContext
from ebpc_tb.decoder_env import PERIOD_NS
from ebpc_tb.env_base import dut_params
from ebpc_tb.harness import reset_and_start
from ebpc_tb.records import write_record

# thresholds out of 256: (encoder input valid, N valid, ZNZ link, BPC link, decoder output ready)
STALLS = {
    "none": (256, 256, 256, 256, 256),
    "all": (200, 120, 170, 150, 190),
}


@cocotb.test()
@cocotb.parametrize(stalls=list(STALLS))
async def loopback(dut, stalls: str) -> None:
    """All transfers back to back through encoder and decoder; bit-exact, no error_o, no hang."""
    folder = Path(os.environ["EBPC_LOOPBACK_DIR"])
    meta = json.loads((folder / "lb_meta.json").read_text())
    ctx = FailureContext.from_env()
    params = dut_params(dut)
    s, n, z, b, m = STALLS[stalls]
    dut.s_thresh_i.value, dut.n_thresh_i.value, dut.znz_thresh_i.value = s, n, z
    dut.bpc_thresh_i.value, dut.m_thresh_i.value = b, m
    dut.seed_i.value = (int(os.environ.get("COCOTB_RANDOM_SEED", "1")) * 7919 + len(stalls)) & 0xFFFFFFFF
    await reset_and_start(dut)
    wall0 = time.perf_counter()
    limit = 40 * meta["n_in"] + 2000
    fired = await First(RisingEdge(dut.finished_o), Timer(limit * PERIOD_NS, "ns"))
    wall = time.perf_counter() - wall0
    words = int(dut.words_checked_o.value)
    if isinstance(fired, Timer):
        raise ctx.fail(
            "loopback watchdog",
            f"{limit} cycles: {words}/{meta['n_in']} words checked, {int(dut.words_in_o.value)} accepted by the "
            f"encoder, {int(dut.xfers_out_o.value)}/{meta['n_xfer']} transfers out (hang?)",
        )
    if int(dut.error_o.value):
        t, k = int(dut.err_xfer_o.value), int(dut.err_word_o.value)
        w = params.data_w
        got, exp = int(dut.err_got_o.value), int(dut.err_exp_o.value)
        n_t = np.diff([0] + meta["in_end"])[t] if t < meta["n_xfer"] else -1
        if int(dut.dut_error_o.value):
            raise ctx.fail(f"loopback transfer {t} (N={n_t}) word {k}", "decoder error_o on the encoder's stream")
        raise ctx.fail(
            f"loopback transfer {t} (N={n_t}) word {k}",
            f"decoder gave data=0x{got & ((1 << w) - 1):x} last={got >> w}, "
            f"input was data=0x{exp & ((1 << w) - 1):x} last={exp >> w}",
        )
    cycles = int(dut.cycles_o.value)
    await ClockCycles(dut.clk_i, 10)
    assert int(dut.i_dec.idle_o.value) == 1, "decoder idle_o low after the last word"
    assert int(dut.i_enc.idle_o.value) == 1, "encoder idle_o low after the last word"
    record = {
        "test": f"loopback_{stalls}",
        "toplevel": "ebpc_loopback_tb",
        "sim": cocotb.SIM_NAME,
        "params": params.short(),
        "seed": ctx.seed,
        "stimulus": meta["source"],
        "words_checked": words,
        "transfers": int(dut.xfers_out_o.value),
        "znz_words": int(dut.znz_words_o.value),
        "bpc_words": int(dut.bpc_words_o.value),
        "fifo_max_fill": {"znz": int(dut.znz_fifo_max_o.value), "bpc": int(dut.bpc_fifo_max_o.value)},
        "words_per_cycle": words / cycles,
        "words_per_s": words / wall,
        "wall_s": wall,
        "sim_time_ns": get_sim_time("ns"),
    }
    write_record(record["test"], record)
    cocotb.log.info(
        "loopback %s %s (%s): %d words checked in %d transfers, %.5f words/cycle, %.0f words/s, ratio %.3f, "
        "FIFO max fill %s",
        params.short(), stalls, meta["source"], words, record["transfers"], words / cycles, words / wall,
        words / max(1, record["znz_words"] + record["bpc_words"]), record["fifo_max_fill"],
    )
    assert words == meta["n_in"], f"{words} of {meta['n_in']} words checked"
