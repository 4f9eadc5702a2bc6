"""pytest side: build and run one (simulator, toplevel, parameter set) with cocotb_tools.runner.

Environment: SIM (verilator | icarus, default verilator), WAVES=1 (FST waveforms),
SEED (cocotb random seed, default 1), EBPC_RTL_DIR (RTL folder holding the .f files,
default rtl/), EBPC_VECTORS (conformance file, read by the tests).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Mapping

import pytest
from cocotb_tools.runner import get_runner

from ebpc.params import EbpcParams

REPO = Path(__file__).resolve().parents[2]
VERIF = REPO / "verif"
BUILD = REPO / "build" / "sim"
SIMULATORS = ("verilator", "icarus")


def simulator() -> str:
    sim = os.environ.get("SIM", "verilator")
    if sim not in SIMULATORS:
        raise ValueError(f"SIM={sim!r}: supported simulators are {SIMULATORS}")
    return sim


def rtl_dir() -> Path:
    return Path(os.environ.get("EBPC_RTL_DIR") or REPO / "rtl").resolve()


def file_list(core: str) -> list[Path]:
    """Sources named by <rtl>/<core>.f (one path a line, relative to the .f file or the repo); skip if absent."""
    flist = rtl_dir() / f"{core}.f"
    if not flist.is_file():
        pytest.skip(f"{flist} does not exist yet")
    out = []
    for line in flist.read_text().splitlines():
        line = line.split("//")[0].split("#")[0].strip()
        if not line or line.startswith(("+", "-")):
            continue
        cand = [flist.parent / line, REPO / line, Path(line)]
        path = next((c for c in cand if c.is_file()), None)
        if path is None:
            raise FileNotFoundError(f"{flist}: source {line!r} not found")
        out.append(path.resolve())
    return out


def harness_files(*modules: str) -> list[Path]:
    """HDL harness modules of verif/hdl (the harness top last), after the stall generator they all use."""
    return [VERIF / "hdl" / f"{name}.sv" for name in ("ebpc_tb_stall", *modules)]


def rtl_parameters(p: EbpcParams) -> dict[str, int]:
    return {"DATA_W": p.data_w, "BLOCK_SIZE": p.block_size, "MAX_ZRLE_LEN": p.max_zrle_len}


# Verilator's runtime objects (verilated*.o) take most of a build's time and do not
# depend on the design, only on the build flags: compile them once per flag set.
# verilated.mk makes the global ones depend on Vtop.mk, which Verilator rewrites on every
# regeneration, so they are dated ahead (RUNTIME_AHEAD_S) to stay newer than it.
RUNTIME_AHEAD_S = 6 * 3600


def _reuse_runtime(cache: Path, build_dir: Path) -> None:
    build_dir.mkdir(parents=True, exist_ok=True)
    ahead = time.time() + RUNTIME_AHEAD_S
    for obj in cache.glob("verilated*"):
        dst = build_dir / obj.name
        if not dst.exists() or dst.stat().st_mtime < time.time():
            shutil.copy2(obj, dst)
            os.utime(dst, (ahead, ahead))


def _build_stamp(sim: str, toplevel: str, sources: list[Path], settings: dict) -> str:
    """Hash of everything a build depends on: settings, tool, the sources and any HDL file beside them."""
    h = hashlib.sha1(json.dumps({"sim": sim, "top": toplevel, **settings}, sort_keys=True, default=str).encode())
    tool = shutil.which("verilator" if sim == "verilator" else "iverilog") or sim
    h.update(f"{tool} {Path(tool).stat().st_mtime if Path(tool).exists() else 0}".encode())
    files = {Path(s).resolve() for s in sources}
    for folder in {f.parent for f in files}:
        files |= {f.resolve() for f in folder.iterdir() if f.suffix in (".sv", ".svh", ".v", ".vh")}
    for f in sorted(files):
        h.update(str(f).encode() + b"\0" + (f.read_bytes() if f.is_file() else b"") + b"\0")
    return h.hexdigest()


def _keep_runtime(build_dir: Path, cache: Path) -> None:
    if cache.is_dir():
        return
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    for obj in build_dir.glob("verilated*.[od]"):
        shutil.copy2(obj, tmp / obj.name)
    try:
        tmp.rename(cache)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def _failures(results: Path) -> list[str]:
    if not results.is_file():
        return [f"no results file {results} (simulator crashed?)"]
    out = []
    for case in ET.parse(results).getroot().iter("testcase"):
        for f in case.iter("failure"):
            out.append(f"{case.get('name')}: {f.get('message') or 'failed'}")
    return out


def run_cocotb(
    toplevel: str,
    test_module: str,
    sources: list[Path],
    params: EbpcParams,
    *,
    extra_env: Mapping[str, str] | None = None,
    plusargs: list[str] | None = None,
    harness_parameters: Mapping[str, int] | None = None,
    hdl_clock: bool = False,
    verilator_args: list[str] | None = None,
) -> Path:
    """Build (reusing build/sim/<sim>/<toplevel>/<params>) and run test_module; fail with the tests' messages.

    hdl_clock: the toplevel makes its own clock with delays (Verilator needs --timing).
    verilator_args: extra Verilator build arguments (default none).
    Returns the records folder the tests wrote their JSON into.
    """
    sim = simulator()
    sources = list(dict.fromkeys(sources))  # cores share modules: Icarus rejects a file given twice
    tag = params.short()
    build_dir = BUILD / sim / toplevel / tag
    records = BUILD / "records" / sim / toplevel / tag
    shutil.rmtree(records, ignore_errors=True)
    waves = os.environ.get("WAVES", "0") not in ("", "0")
    runner = get_runner(sim)
    build_args: list[str] = []
    test_args: list[str] = []
    defines: dict[str, object] = {}
    if sim == "verilator":
        build_args = ["-Wno-fatal", "--assert", "-O1", "-CFLAGS", "-O1", "--x-assign", "unique", "--x-initial", "unique"]
        defines["EBPC_ASSERT"] = 1
        if hdl_clock:
            build_args += ["--timing", "-CFLAGS", "-fcoroutines"]
        build_args += list(verilator_args or [])
        if waves:
            build_args.append("--trace-fst")
            test_args = ["--trace-file", str(build_dir / f"{toplevel}.fst")]
    flavor = BUILD / sim / "_runtime" / hashlib.sha1(" ".join(build_args + [str(waves)]).encode()).hexdigest()[:12]
    parameters = {**rtl_parameters(params), **(harness_parameters or {})}
    # Skip the build when nothing it depends on changed (EBPC_REBUILD=1 forces it).
    stamp_file = build_dir / ".ebpc_build_stamp"
    stamp = _build_stamp(sim, toplevel, sources, {"parameters": parameters, "defines": defines,
                                                  "build_args": build_args, "waves": waves})
    exe = build_dir / (toplevel if sim == "verilator" else "sim.vvp")
    fresh = (stamp_file.is_file() and stamp_file.read_text() == stamp and exe.is_file()
             and os.environ.get("EBPC_REBUILD", "0") in ("", "0"))
    if not fresh:
        stamp_file.unlink(missing_ok=True)
        if sim == "verilator":
            _reuse_runtime(flavor, build_dir)
        runner.build(
            sources=sources,
            hdl_toplevel=toplevel,
            parameters=parameters,
            defines=defines,
            build_args=build_args,
            build_dir=build_dir,
            always=sim == "icarus",
            timescale=("1ns", "1ps"),
            waves=waves,
        )
    # The runner hands the simulator this process' sys.path as PYTHONPATH.
    for path in (str(REPO / "models"), str(VERIF), str(VERIF / "tests")):
        if path not in sys.path:
            sys.path.insert(0, path)
    if sim == "verilator" and not fresh:
        _keep_runtime(build_dir, flavor)
    if not fresh:
        stamp_file.write_text(stamp)
    env = {
        "EBPC_RECORDS_DIR": str(records),
        "EBPC_WAVES_PATH": str(build_dir / f"{toplevel}.fst") if waves else "",
        **(extra_env or {}),
    }
    results = build_dir / "results.xml"
    try:
        runner.test(
            test_module=test_module,
            hdl_toplevel=toplevel,
            hdl_toplevel_lang="verilog",
            build_dir=build_dir,
            parameters=parameters,
            test_dir=build_dir,
            seed=os.environ.get("SEED", "1"),
            test_args=test_args,
            plusargs=plusargs or [],
            extra_env=env,
            results_xml=str(results),
            waves=waves,
            timescale=("1ns", "1ps"),
        )
    except SystemExit:
        pass
    failures = _failures(results)
    if failures:
        pytest.fail(f"{sim} {toplevel} {tag}: " + "\n".join(failures), pytrace=False)
    return records
