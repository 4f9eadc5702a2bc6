"""Illegal parameter sets stop the cores with a message naming the parameter (hardware.md "Parameters").

Icarus 11 (the spec's portable form: `initial if (...) $fatal`): compile each core with one
illegal override and run it for zero time; the run must fail and name the parameter.
Some illegal values may also break elaboration itself (e.g. a width of 0): a compile error then
counts as stopping, as long as the simulator does not run.
"""
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from ebpc_tb.sim import file_list

ILLEGAL = [
    ("DATA_W", {"DATA_W": 12}),
    ("BLOCK_SIZE", {"BLOCK_SIZE": 12}),
    ("BLOCK_SIZE", {"DATA_W": 8, "BLOCK_SIZE": 16}),
    ("MAX_ZRLE_LEN", {"MAX_ZRLE_LEN": 12}),
    ("LOG_MAX_WORDS", {"LOG_MAX_WORDS": 7}),
]


@pytest.mark.skipif(shutil.which("iverilog") is None, reason="iverilog not on PATH")
@pytest.mark.parametrize("core", ["ebpc_encoder", "ebpc_decoder"])
@pytest.mark.parametrize("name,override", ILLEGAL, ids=[f"{n}-{'-'.join(map(str, o.values()))}" for n, o in ILLEGAL])
def test_illegal_parameters_stop_the_core(core: str, name: str, override: dict) -> None:
    files = [str(f) for f in file_list(core)]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sim.vvp"
        params = [f"-P{core}.{k}={v}" for k, v in override.items()]
        comp = subprocess.run(["iverilog", "-g2012", "-o", str(out), "-s", core, *params, *files],
                              capture_output=True, text=True)
        if comp.returncode != 0:
            return  # elaboration refused the set: stopped
        run = subprocess.run(["vvp", "-n", str(out)], capture_output=True, text=True, timeout=60)
    log = run.stdout + run.stderr
    assert "FATAL" in log.upper() or run.returncode != 0, f"{core} {override}: ran without stopping:\n{log}"
    assert name in log, f"{core} {override}: the message does not name {name}:\n{log}"
