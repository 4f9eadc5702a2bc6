"""Bulk path: ebpc_encoder_bulk_tb streams and checks long data in HDL; Python only starts runs and reads results."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import cocotb
from cocotb.simtime import get_sim_time
from cocotb.triggers import ClockCycles, First, RisingEdge, Timer

from ebpc_tb.bulk import META, locate
from ebpc_tb.context import FailureContext
from ebpc_tb.encoder_env import PERIOD_NS
from ebpc_tb.env_base import dut_params
from ebpc_tb.harness import reset_and_start
from ebpc_tb.records import write_record
from ebpc_tb.targets import BULK_RATE_MIN_WORDS, WORDS_PER_CYCLE

STREAMS = ("s", "znz", "bpc", "done_o")
# valid/ready thresholds out of 256 for (input valid, znz ready, bpc ready)
STALLS = {
    "none": (256, 256, 256),
    "in": (140, 256, 256),
    "out": (256, 150, 170),
    "all": (190, 120, 200),
}


@cocotb.test()
@cocotb.parametrize(stalls=list(STALLS))
async def bulk(dut, stalls: str) -> None:
    """Every output word of the whole stream checked in HDL; words/cycle must reach 0.999 with no stalls."""
    meta = json.loads((Path(os.environ["EBPC_BULK_DIR"]) / META).read_text())
    ctx = FailureContext.from_env()
    params = dut_params(dut)
    v, z, b = STALLS[stalls]
    dut.valid_thresh_i.value, dut.znz_thresh_i.value, dut.bpc_thresh_i.value = v, z, b
    dut.seed_i.value = int(os.environ.get("COCOTB_RANDOM_SEED", "1")) & 0xFFFFFFFF
    await reset_and_start(dut)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    limit = 40 * (meta["n_in"] + meta["n_znz"] + meta["n_bpc"]) + 1000
    fired = await First(RisingEdge(dut.finished_o), Timer(limit * PERIOD_NS, "ns"))
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    words = int(dut.words_in_o.value)
    if isinstance(fired, Timer):
        raise ctx.fail(
            "bulk timeout",
            f"{limit} cycles: {words}/{meta['n_in']} input words accepted, "
            f"{int(dut.znz_checked_o.value)}/{meta['n_znz']} ZNZ and {int(dut.bpc_checked_o.value)}/"
            f"{meta['n_bpc']} BPC words checked, {int(dut.done_seen_o.value)}/{meta['n_xfer']} done pulses",
        )
    if int(dut.error_o.value):
        stream = STREAMS[int(dut.err_stream_o.value)]
        idx = int(dut.err_index_o.value)
        got, exp = int(dut.err_got_o.value), int(dut.err_exp_o.value)
        w = params.data_w
        if stream == "done_o":
            raise ctx.fail(f"done_o transfer {idx}", "wrong counts or pulse before all words were accepted")
        t, k = locate(meta, stream, idx)
        raise ctx.fail(
            f"{stream} transfer {t} word {k} (stream word {idx})",
            f"got data=0x{got & ((1 << w) - 1):x} last={got >> w}, "
            f"expected data=0x{exp & ((1 << w) - 1):x} last={exp >> w}",
        )
    cycles = int(dut.last_accept_o.value) - int(dut.first_accept_o.value) + 1
    wpc = words / cycles
    await ClockCycles(dut.clk_i, 8)
    assert int(dut.i_dut.idle_o.value) == 1, "idle_o low after the last done pulse"
    record = {
        "test": f"bulk_{stalls}",
        "toplevel": "ebpc_encoder_bulk_tb",
        "sim": cocotb.SIM_NAME,
        "params": params.short(),
        "seed": ctx.seed,
        "stimulus": os.environ.get("EBPC_STIMULUS_LABEL", os.environ.get("EBPC_STIMULUS", "synthetic")),
        "compression_ratio": meta["n_in"] / (meta["n_znz"] + meta["n_bpc"]),
        "words_in": words,
        "words_checked": int(dut.znz_checked_o.value) + int(dut.bpc_checked_o.value),
        "transfers": int(dut.done_seen_o.value),
        "words_per_cycle": wpc,
        "words_per_s": words / wall,
        "words_per_cpu_s": words / cpu,  # load-independent on a shared machine
        "wall_s": wall,
        "sim_time_ns": get_sim_time("ns"),
        "coverage": {
            "symbols": meta["symbols"],
            "stalls_while_valid": {
                "s": int(dut.stall_s_o.value),
                "znz": int(dut.stall_znz_o.value),
                "bpc": int(dut.stall_bpc_o.value),
            },
            "back_to_back_transfers": meta["n_xfer"] - 1 if stalls == "none" and wpc == 1.0 else 0,
        },
    }
    write_record(record["test"], record)
    cocotb.log.info(
        "bulk %s: %d words of %s, compression %.3fx, %.5f words/cycle, %.0f words/s (%.0f per CPU second)",
        stalls, words, record["stimulus"], record["compression_ratio"], wpc, words / wall, words / cpu,
    )
    synthetic = os.environ.get("EBPC_STIMULUS", "synthetic") == "synthetic"
    if stalls == "none" and synthetic and words >= BULK_RATE_MIN_WORDS:
        assert wpc >= WORDS_PER_CYCLE, f"{wpc:.5f} words/cycle < {WORDS_PER_CYCLE} on ReLU-like data"
