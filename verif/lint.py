"""Lint every core that has rtl/<core>.f: Icarus compile, Verilator -Wall, Yosys synth.

Icarus and Verilator run on every legal parameter set, Yosys on the default set.
Prints a warning count per tool and core; exits 1 on any warning or error.
Usage: python verif/lint.py [--rtl DIR]
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ebpc.params import EbpcParams, hw_param_sets  # noqa: E402
from ebpc_tb.sim import REPO, rtl_parameters  # noqa: E402

CORES = ("ebpc_encoder", "ebpc_decoder")


def sources(flist: Path) -> list[str]:
    out = []
    for line in flist.read_text().splitlines():
        line = line.split("//")[0].split("#")[0].strip()
        if line:
            path = next((c for c in (flist.parent / line, REPO / line) if c.is_file()), None)
            if path is None:
                raise FileNotFoundError(f"{flist}: source {line!r} not found")
            out.append(str(path))
    return out


def run(cmd: list[str]) -> tuple[int, str]:
    res = subprocess.run(cmd, capture_output=True, text=True)
    return res.returncode, res.stdout + res.stderr


def iverilog(top: str, files: list[str], p: EbpcParams) -> list[str]:
    params = [f"-P{top}.{k}={v}" for k, v in rtl_parameters(p).items()]
    with tempfile.NamedTemporaryFile(suffix=".vvp") as out:
        rc, log = run(["iverilog", "-g2012", "-Wall", "-o", out.name, "-s", top, *params, *files])
    issues = [ln for ln in log.splitlines() if re.search(r"warning|error", ln, re.I)]
    return issues or ([f"iverilog exited {rc}"] if rc else [])


def verilator(top: str, files: list[str], p: EbpcParams) -> list[str]:
    params = [f"-G{k}={v}" for k, v in rtl_parameters(p).items()]
    rc, log = run(["verilator", "--lint-only", "-Wall", "--top-module", top, *params, *files])
    issues = [ln for ln in log.splitlines() if ln.startswith(("%Warning", "%Error"))]
    return issues or ([f"verilator exited {rc}"] if rc else [])


def yosys(top: str, files: list[str]) -> list[str]:
    script = f"read_verilog -sv {' '.join(files)}; synth -top {top} -flatten"
    rc, log = run(["yosys", "-q", "-p", script])
    issues = [ln for ln in log.splitlines() if re.search(r"warning|error", ln, re.I)]
    return issues or ([f"yosys exited {rc}"] if rc else [])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rtl", type=Path, default=REPO / "rtl", help="folder with the <core>.f file lists")
    args = ap.parse_args()
    failed = False
    found = False
    for core in CORES:
        flist = args.rtl / f"{core}.f"
        if not flist.is_file():
            print(f"{core}: no {flist}, skipped")
            continue
        found = True
        files = sources(flist)
        results = {
            "iverilog": sorted({i for p in hw_param_sets() for i in iverilog(core, files, p)}),
            "verilator": sorted({i for p in hw_param_sets() for i in verilator(core, files, p)}),
            "yosys": yosys(core, files),
        }
        for tool, issues in results.items():
            print(f"{core}: {tool}: {len(issues)} warning(s)/error(s)")
            for issue in issues[:20]:
                print(f"    {issue}")
            failed |= bool(issues)
    if not found:
        print("no core file list found")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
