"""Runner: ebpc_encoder cocotb regression and bulk path over every legal parameter set on $SIM."""
import os

import pytest

from ebpc.params import EbpcParams, hw_param_sets
from ebpc_tb.bulk import write_bulk
from ebpc_tb.sim import BUILD, file_list, harness_files, run_cocotb, simulator
from ebpc_tb.stimulus import long_stream

# Icarus is ~20x slower per cycle: lighter traffic, same sets and tests.
BUDGET = {
    "verilator": {"EBPC_RANDOM_WORDS": "3000", "EBPC_RATE_WORDS": "10000", "EBPC_BULK_WORDS": "1000000"},
    "icarus": {"EBPC_RANDOM_WORDS": "600", "EBPC_RATE_WORDS": "3000", "EBPC_BULK_WORDS": "8000"},
}
BULK_DEPTH = {"verilator": 1 << 23, "icarus": 1 << 16}
REAL_IMAGE_NET = "mobilenet_v2"  # Verilator's default-set bulk run streams one whole image's feature maps
# The default set gets the full random-traffic budget, the other 8 sets this fraction of it
# (every test and flow still runs on every set; an explicit EBPC_RANDOM_WORDS applies to all sets).
LIGHT_SETS = {"verilator": 0.5, "icarus": 0.5}


def budget(params: EbpcParams | None = None) -> dict[str, str]:
    out = {k: os.environ.get(k, v) for k, v in BUDGET[simulator()].items()}
    if params is not None and params != EbpcParams() and "EBPC_RANDOM_WORDS" not in os.environ:
        out["EBPC_RANDOM_WORDS"] = str(int(int(out["EBPC_RANDOM_WORDS"]) * LIGHT_SETS[simulator()]))
    return out


@pytest.mark.parametrize("params", hw_param_sets(), ids=EbpcParams.short)
def test_ebpc_encoder(params: EbpcParams) -> None:
    run_cocotb("ebpc_encoder", "tb_ebpc_encoder", file_list("ebpc_encoder"), params, extra_env=budget(params))


@pytest.mark.parametrize("params", hw_param_sets(), ids=EbpcParams.short)
def test_ebpc_encoder_bulk(params: EbpcParams) -> None:
    sources = file_list("ebpc_encoder") + harness_files("ebpc_encoder_bulk_tb")
    sim = simulator()
    folder = BUILD / "bulk" / sim / params.short()
    env = {"EBPC_BULK_DIR": str(folder)}
    if sim == "verilator" and params == EbpcParams() and os.environ.get("EBPC_STIMULUS", "synthetic") == "synthetic":
        from ebpc.stimulus import image_feature_maps

        # Real activations after the synthetic stream: the synthetic part keeps the rate check.
        image = image_feature_maps(0, net=REAL_IMAGE_NET)
        transfers = long_stream(params, int(budget()["EBPC_BULK_WORDS"])) + image
        env["EBPC_STIMULUS_LABEL"] = f"synthetic + {REAL_IMAGE_NET} image 0 ({len(image)} maps)"
    else:
        # The full length on the default set, a quarter on the others.
        n_words = int(budget()["EBPC_BULK_WORDS"]) // (1 if params == EbpcParams() else 4)
        transfers = long_stream(params, n_words)
    plusargs = write_bulk(folder, params, transfers)
    run_cocotb(
        "ebpc_encoder_bulk_tb", "tb_ebpc_encoder_bulk", sources, params,
        extra_env=env, plusargs=plusargs,
        harness_parameters={"DEPTH": BULK_DEPTH[sim]}, hdl_clock=True,
    )
