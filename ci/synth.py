"""Area report of the EBPC cores (`make synth`): the Yosys 0.23 flow of shared/spec/hardware.md.

Logic GE = transistors of the non-flip-flop cells / 4, as counted by `stat -tech cmos`
(which has no flip-flop entry, see yosys_stat.CMOS_TRANSISTORS); flip-flops are reported
as a count. The per-module breakdown comes from the same flow without -flatten.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from yosys_stat import ModuleStats, YosysError, instance_tree, run_flow

REPO = Path(__file__).resolve().parent.parent
TOPS = ("ebpc_encoder", "ebpc_decoder")
DEFAULT_PARAMS = {"DATA_W": 8, "BLOCK_SIZE": 8, "MAX_ZRLE_LEN": 16, "LOG_MAX_WORDS": 24}
STANDARD_CONFIGS = ({}, {"DATA_W": 16, "BLOCK_SIZE": 8}, {"DATA_W": 16, "BLOCK_SIZE": 16})
TARGETS = {"ebpc_encoder": {"logic_ge": 2200, "ffs": 250}, "ebpc_decoder": {"logic_ge": 2600, "ffs": 250}}
PAPER_KGE = {"ebpc_encoder": 2.8, "ebpc_decoder": 3.0}  # 65 nm, 8-bit words, flip-flops included


def read_filelist(root: Path, top: str) -> list[Path]:
    """Source files of rtl/<top>.f: one path per line relative to the repo root."""
    root = root.resolve()
    flist = root / "rtl" / f"{top}.f"
    if not flist.exists():
        raise YosysError(f"{flist} does not exist")
    lines = [ln.strip() for ln in flist.read_text().splitlines()]
    files = [root / ln for ln in lines if ln and not ln.startswith(("#", "//"))]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise YosysError(f"{flist} names missing files: {', '.join(missing)}")
    return files


def parse_param(text: str) -> tuple[str, int]:
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    try:
        return name, int(value, 0)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{name}: value {value!r} is not an integer") from exc


def breakdown(modules: dict[str, ModuleStats]) -> list[dict]:
    """Own cells of every instance of the hierarchy: where the area goes."""
    tree = instance_tree(modules)
    total_ge = sum(modules[raw].own.logic_ge for _, raw in tree) or 1.0
    return [
        {
            "instance": path,
            "module": modules[raw].name,
            "ffs": modules[raw].own.ffs,
            "logic_ge": modules[raw].own.logic_ge,
            "share": modules[raw].own.logic_ge / total_ge,
        }
        for path, raw in tree
    ]


def synthesize(root: Path, top: str, params: dict[str, int], yosys: str) -> dict:
    # chparam re-derives the module and can shift ABC's result by a few gates, so values
    # equal to the defaults are not set: --param DATA_W=8 gives the plain default flow.
    overrides = {k: v for k, v in params.items() if DEFAULT_PARAMS.get(k) != v}
    files = read_filelist(root, top)
    version, flat = run_flow(files, top, overrides, flatten=True, yosys=yosys)
    (stats,) = flat.values()
    _, hier = run_flow(files, top, overrides, flatten=False, yosys=yosys)
    full = {**DEFAULT_PARAMS, **params}
    result = {
        "top": top,
        "params": full,
        "yosys": version,
        "ffs": stats.own.ffs,
        "cells": stats.own.cells,
        "unknown_cells": stats.own.unknown,
        "transistors": stats.own.transistors,
        "logic_ge": stats.own.logic_ge,
        "breakdown": breakdown(hier),
    }
    if full == DEFAULT_PARAMS:
        target = TARGETS[top]
        met = stats.own.logic_ge <= target["logic_ge"] and stats.own.ffs <= target["ffs"]
        result["target"] = {**target, "met": met}
        result["paper_kge"] = PAPER_KGE[top]
    return result


def describe(r: dict) -> str:
    params = " ".join(f"{k}={v}" for k, v in r["params"].items())
    cells = "  ".join(f"{c.strip('$_')} {n}" for c, n in sorted(r["cells"].items()))
    lines = [
        f"== {r['top']}  {params}",
        f"   flip-flops     {r['ffs']}",
        f"   cells          {cells}",
        f"   transistors    {r['transistors']}  (logic only: stat -tech cmos has no flip-flop cost)",
        f"   logic GE       {r['logic_ge']:.1f}",
    ]
    if r["unknown_cells"]:
        lines.append(f"   WARNING: cells without a transistor cost (not in GE): {r['unknown_cells']}")
    if "target" in r:
        t = r["target"]
        verdict = "met" if t["met"] else "MISSED"
        lines.append(
            f"   target         <= {t['logic_ge']} GE logic, <= {t['ffs']} FFs: {verdict}"
            f" ({r['logic_ge']:.0f} GE, {r['ffs']} FFs)"
        )
    if "paper_kge" in r:
        lines.append(
            f"   paper          {r['paper_kge']} kGE (65 nm, with flip-flops); "
            f"logic GE here = {r['logic_ge'] / (r['paper_kge'] * 1000):.0%} of it, plus {r['ffs']} FFs"
        )
    hier_ge = sum(row["logic_ge"] for row in r["breakdown"])
    lines.append(f"   per instance (own cells; unflattened run, {hier_ge:.1f} GE in all):")
    wi = max(len(row["instance"]) for row in r["breakdown"])
    wm = max(len(row["module"]) for row in r["breakdown"])
    lines.append(f"     {'instance':<{wi}}  {'module':<{wm}} {'FFs':>5} {'logic GE':>9} {'share':>6}")
    for row in r["breakdown"]:
        lines.append(
            f"     {row['instance']:<{wi}}  {row['module']:<{wm}} {row['ffs']:>5} "
            f"{row['logic_ge']:>9.1f} {row['share']:>6.1%}"
        )
    return "\n".join(lines)


def summary(results: list[dict]) -> str:
    head = ("top", "DATA_W", "BLOCK", "FFs", "NAND", "NOR", "NOT", "transistors", "logic GE", "target")
    rows = [head] + [
        (
            r["top"], r["params"]["DATA_W"], r["params"]["BLOCK_SIZE"], r["ffs"],
            *(r["cells"].get(c, 0) for c in ("$_NAND_", "$_NOR_", "$_NOT_")),
            r["transistors"], f"{r['logic_ge']:.1f}",
            ("met" if r["target"]["met"] else "MISSED") if "target" in r else "-",
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(head))]
    lines = ["  ".join(str(v).rjust(w) if i else str(v).ljust(w) for i, (v, w) in enumerate(zip(row, widths)))
             for row in rows]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="exit status: 0 done (also on a missed area target unless --strict), "
        "1 area target missed with --strict, 2 Yosys or file-list failure",
    )
    ap.add_argument("--top", choices=(*TOPS, "all"), default="all", help="core to synthesize (default: all)")
    ap.add_argument(
        "--param", type=parse_param, action="append", default=[], metavar="NAME=VALUE",
        help="parameter override (repeatable); without any, the default parameters, "
        "DATA_W=16 BLOCK_SIZE=8 and DATA_W=16 BLOCK_SIZE=16 are run",
    )
    ap.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON")
    ap.add_argument("--strict", action="store_true", help="exit 1 when an area target is missed")
    ap.add_argument("--root", type=Path, default=REPO, help="repository root holding rtl/<top>.f")
    ap.add_argument("--yosys", default="yosys", help="Yosys executable (default: yosys)")
    args = ap.parse_args(argv)

    tops = TOPS if args.top == "all" else (args.top,)
    configs = (dict(args.param),) if args.param else STANDARD_CONFIGS
    results = []
    try:
        for top in tops:
            for params in configs:
                results.append(synthesize(args.root, top, params, args.yosys))
                print(describe(results[-1]) + "\n", flush=True)
    except YosysError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 2
    print(summary(results))
    missed = [r for r in results if "target" in r and not r["target"]["met"]]
    for r in missed:
        t = r["target"]
        print(
            f"MISSED: {r['top']} area target at default parameters: {r['logic_ge']:.0f} GE logic "
            f"(target <= {t['logic_ge']}), {r['ffs']} FFs (target <= {t['ffs']})"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
