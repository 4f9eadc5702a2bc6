"""Regression summary from build/sim: pytest JUnit XML + the per-test record JSON files.

Prints tests passed/failed, runtime per simulator, words checked, words/cycle,
bulk words/s and coverage counts; writes build/sim/summary.json.
Functional coverage (ebpc_tb/coverage.py) of the simulator's records is printed and written to
build/sim/coverage-<sim>.json and build/sim/coverage.json; exit status 1 when a test failed or a
required bin was never hit (EBPC_COVERAGE=0: coverage is reported only).
Usage: python verif/summary.py [--junit FILE ...] [--sim verilator|icarus] (default $SIM or verilator)
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

BUILD = Path(__file__).resolve().parents[1] / "build" / "sim"
for _p in (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "models"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))


def junit_counts(paths: list[Path]) -> dict[str, float]:
    out = {"passed": 0, "failed": 0, "skipped": 0, "time_s": 0.0}
    cases = [c for p in paths if p.is_file() for c in ET.parse(p).getroot().iter("testcase")]
    for case in cases:
        out["time_s"] += float(case.get("time", 0))
        if case.find("failure") is not None or case.find("error") is not None:
            out["failed"] += 1
        elif case.find("skipped") is not None:
            out["skipped"] += 1
        else:
            out["passed"] += 1
    return out


def _num(v: object) -> float:
    """A figure that may be given per stream as a dict: its total."""
    if isinstance(v, dict):
        return sum(_num(x) for x in v.values())
    return v if isinstance(v, (int, float)) else 0


def records(root: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(root.glob("records/**/*.json"))]


def summarize(junit: list[Path]) -> dict:
    recs = records(BUILD)
    by_sim: dict[str, dict] = defaultdict(lambda: {"tests": 0, "wall_s": 0.0, "words_checked": 0, "words_in": 0})
    kinds: dict[str, int] = defaultdict(int)
    stalls: dict[str, int] = defaultdict(int)
    b2b = resets = 0
    rates, bulk = [], []
    fuzz = defaultdict(float)
    loopback: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    throughput: dict[str, dict] = defaultdict(dict)  # "<sim> <core> <set>" -> figures
    for r in recs:
        s = by_sim[r["sim"]]
        s["tests"] += 1
        s["wall_s"] += _num(r.get("wall_s", 0.0))
        s["words_checked"] += _num(r.get("words_checked", 0))
        s["words_in"] += _num(r.get("words_in", 0))
        cov = r.get("coverage", {})
        for k, n in cov.get("symbols", {}).get("kinds", {}).items():
            kinds[k] += _num(n)
        for k, n in cov.get("stalls_while_valid", {}).items():
            stalls[k] += _num(n)
        b2b += _num(cov.get("back_to_back_transfers", 0))
        resets += _num(cov.get("resets_mid_transfer", 0))
        if r["test"] in ("rate", "bulk_none") and "words_per_cycle" in r:
            rates.append((r["words_per_cycle"], f"{r['sim']} {r['params']} {r['test']}"))
        if r["test"].startswith("bulk") and "words_per_s" in r:
            bulk.append((r["words_per_s"], r.get("words_per_cpu_s"), f"{r['sim']} {r['params']} {r['test']}"))
        core = r.get("toplevel", "").replace("ebpc_", "").replace("_bulk_tb", "")
        row = throughput[f"{r['sim']} {core} {r['params']}"]
        if r["test"] in ("rate", "bulk_none", "incompressible", "dense"):
            row[r["test"]] = r.get("words_per_cycle")
        if r["test"] == "incompressible":
            row["bound"] = r.get("bound")
        if r["test"].startswith("fuzz_"):
            fuzz["cases"] += _num(r.get("fuzz_cases", 0))
            fuzz["malformed"] += _num(r.get("fuzz_malformed", 0))
            fuzz["error_pulses"] += _num(r.get("error_pulses", 0))
        if r["test"].startswith(("fuzz_", "malformed_")):
            fuzz["recovery_max"] = max(fuzz["recovery_max"], _num(r.get("recovery_max", 0)))
        if r.get("toplevel") == "ebpc_loopback_tb":
            lb = loopback[r["sim"]]
            lb["words"] += _num(r.get("words_checked", 0))
            lb["transfers"] += _num(r.get("transfers", 0))
            lb["runs"] += 1
    return {
        "junit": junit_counts(junit),
        "per_simulator": dict(by_sim),
        "words_checked": sum(s["words_checked"] for s in by_sim.values()),
        "min_words_per_cycle": min(rates, default=None),
        "bulk_words_per_s": {"max": max(bulk, default=None), "min": min(bulk, default=None)},
        "throughput": {k: v for k, v in sorted(throughput.items()) if v},
        "fuzz": dict(fuzz),
        "loopback": {sim: dict(v) for sim, v in loopback.items()},
        "coverage": {
            "symbol_kinds": dict(kinds),
            "stalls_while_valid": dict(stalls),
            "back_to_back_transfers": b2b,
            "resets_mid_transfer": resets,
        },
        "records": len(recs),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--junit", type=Path, nargs="*", help="pytest JUnit files (default build/sim/results-<sim>.xml, else build/sim/results*.xml)")
    ap.add_argument("--sim", default=os.environ.get("SIM", "verilator"), help="simulator whose coverage is checked")
    args = ap.parse_args()
    own = BUILD / f"results-{args.sim}.xml"  # this run's JUnit file (make sim writes results-$(SIM).xml)
    s = summarize(args.junit or ([own] if own.is_file() else sorted(BUILD.glob("results*.xml"))))
    (BUILD / "summary.json").parent.mkdir(parents=True, exist_ok=True)
    (BUILD / "summary.json").write_text(json.dumps(s, indent=1))
    j = s["junit"]
    print("=" * 72)
    print(f"EBPC sim regression: {j['passed']} passed, {j['failed']} failed, {j['skipped']} skipped "
          f"({j['time_s']:.0f} s of pytest items)")
    for sim, v in s["per_simulator"].items():
        print(f"  {sim:9s}: {v['tests']} cocotb tests, {v['words_in']} words in, "
              f"{v['words_checked']} output words checked, {v['wall_s']:.0f} s in tests")
    print(f"  output words checked against the golden model: {s['words_checked']}")
    if s["min_words_per_cycle"]:
        wpc, where = s["min_words_per_cycle"]
        print(f"  lowest words/cycle (outputs always ready, ReLU-like): {wpc:.5f} ({where})")
    if s["bulk_words_per_s"]["max"]:
        for label, (wall, cpu, where) in s["bulk_words_per_s"].items():
            per_cpu = f", {cpu:,.0f} per CPU second" if cpu else ""
            print(f"  bulk words/s {label}: {wall:,.0f} wall{per_cpu} ({where})")
    if s["throughput"]:
        print("  words/cycle, outputs always ready: rate (ReLU-like, back to back) | bulk (one long stream) | "
              "dense (no zero word, back to back) | random words (stream bound)")
        for key, v in s["throughput"].items():
            cells = [f"{v[k]:.5f}" if v.get(k) is not None else "-" for k in ("rate", "bulk_none", "dense")]
            rnd = f"{v['incompressible']:.5f} ({v['bound']:.5f})" if v.get("incompressible") is not None else "-"
            print(f"    {key:36s} {cells[0]:>8s} | {cells[1]:>8s} | {cells[2]:>8s} | {rnd}")
    for sim, lb in s["loopback"].items():
        print(f"  loopback ({sim}): {lb['words']:,.0f} words checked in {lb['transfers']:,.0f} transfers, "
              f"{lb['runs']:.0f} runs")
    if s["fuzz"]:
        f = s["fuzz"]
        print(f"  decoder fuzz: {f.get('cases', 0):.0f} corrupted stream pairs ({f.get('malformed', 0):.0f} malformed, "
              f"{f.get('error_pulses', 0):.0f} error_o pulses); slowest recovery to idle {f['recovery_max']:.0f} cycles")
    c = s["coverage"]
    print(f"  symbol kinds streamed: {c['symbol_kinds']}")
    print(f"  stalls while valid: {c['stalls_while_valid']}; back-to-back transfers: "
          f"{c['back_to_back_transfers']}; resets mid-transfer: {c['resets_mid_transfer']}")
    from ebpc_tb import coverage

    cov = coverage.check(BUILD, args.sim)
    for line in coverage.report_lines(cov):
        print(line)
    gate = bool(cov["missed"]) and coverage.enabled()
    if gate:
        print(f"FAILED: {len(cov['missed'])} required coverage bin(s) never hit on {args.sim}")
    print("=" * 72)
    return 1 if j["failed"] or gate else 0


if __name__ == "__main__":
    sys.exit(main())
