"""Runner: ebpc_decoder cocotb regression (incl. malformed input and fuzz) and bulk throughput on $SIM."""
import os

import pytest

from ebpc.params import EbpcParams, hw_param_sets
from ebpc_tb.decoder_bulk import write_decoder_bulk
from ebpc_tb.sim import BUILD, file_list, harness_files, run_cocotb, simulator
from ebpc_tb.stimulus import long_stream

# Icarus is ~20x slower per cycle: lighter traffic, same sets and tests.
# EBPC_FUZZ_CASES per parameter set: 9 sets x 120 = 1080 corrupted stream pairs per Verilator regression.
BUDGET = {
    "verilator": {"EBPC_RANDOM_WORDS": "3000", "EBPC_RATE_WORDS": "10000", "EBPC_FUZZ_CASES": "120",
                  "EBPC_BULK_WORDS": "200000"},
    "icarus": {"EBPC_RANDOM_WORDS": "600", "EBPC_RATE_WORDS": "3000", "EBPC_FUZZ_CASES": "40",
               "EBPC_BULK_WORDS": "4000"},
}
BULK_DEPTH = {"verilator": 1 << 20, "icarus": 1 << 16}
# EBPC_SIM_HEAVY=1: the bulk path on every parameter set (default: the default set and the two
# corners of the 16-bit sets, to keep `make sim` within its time budget).
HEAVY = os.environ.get("EBPC_SIM_HEAVY", "0") not in ("", "0")
BULK_SETS = hw_param_sets() if HEAVY else [
    p for p in hw_param_sets() if p in (EbpcParams(), EbpcParams(16, 8, 8), EbpcParams(16, 16, 32))
]


def budget() -> dict[str, str]:
    return {k: os.environ.get(k, v) for k, v in BUDGET[simulator()].items()}


@pytest.mark.parametrize("params", hw_param_sets(), ids=EbpcParams.short)
def test_ebpc_decoder(params: EbpcParams) -> None:
    run_cocotb("ebpc_decoder", "tb_ebpc_decoder", file_list("ebpc_decoder"), params, extra_env=budget())


@pytest.mark.parametrize("params", BULK_SETS, ids=EbpcParams.short)
def test_ebpc_decoder_bulk(params: EbpcParams) -> None:
    """Words/cycle over >= 100k ReLU-like words (default set, Verilator) and on random data; checked in HDL."""
    sources = file_list("ebpc_decoder") + harness_files("ebpc_decoder_bulk_tb")
    sim = simulator()
    n_words = int(budget()["EBPC_BULK_WORDS"]) // (1 if params == EbpcParams() else 4)
    folder = BUILD / "bulk_dec" / sim / params.short()
    plusargs = write_decoder_bulk(folder, params, n_words)
    run_cocotb(
        "ebpc_decoder_bulk_tb", "tb_ebpc_decoder_bulk", sources, params,
        extra_env={"EBPC_BULK_DIR": str(folder)}, plusargs=plusargs,
        harness_parameters={"DEPTH": BULK_DEPTH[sim]}, hdl_clock=True,
    )
