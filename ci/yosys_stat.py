"""Run the Yosys 0.23 area flow of shared/spec/hardware.md and read its `stat -tech cmos`."""
from __future__ import annotations

import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

FF_CELLS = ("$_DFF_PN0_", "$_DFF_PN1_")
# Transistors per cell in Yosys' `stat -tech cmos` table for what `abc -g cmos2` emits.
# That table has no flip-flops: stat skips them and marks its estimate with "+", so its
# figure is logic only. parse_stat checks this against Yosys' own number on every run.
CMOS_TRANSISTORS = {"$_BUF_": 1, "$_NOT_": 2, "$_NAND_": 4, "$_NOR_": 4}
TRANSISTORS_PER_GE = 4
LOG_TAIL_LINES = 40


class YosysError(RuntimeError):
    """Yosys failed, or its statistics are not what this script understands."""


@dataclass(frozen=True)
class CellStats:
    """Primitive cells of one module (submodule instances excluded)."""

    cells: dict[str, int]

    @property
    def ffs(self) -> int:
        return sum(self.cells.get(c, 0) for c in FF_CELLS)

    @property
    def transistors(self) -> int:
        return sum(CMOS_TRANSISTORS.get(c, 0) * n for c, n in self.cells.items())

    @property
    def logic_ge(self) -> float:
        return self.transistors / TRANSISTORS_PER_GE

    @property
    def unknown(self) -> dict[str, int]:
        return {c: n for c, n in self.cells.items() if c not in CMOS_TRANSISTORS and c not in FF_CELLS}


@dataclass(frozen=True)
class ModuleStats:
    """One synthesized module: its own cells and its submodule instances (name, module)."""

    name: str
    own: CellStats
    instances: tuple[tuple[str, str], ...]


def flow_script(files: list[Path], top: str, params: dict[str, int], flatten: bool, out: Path) -> str:
    """The spec's area flow, then a dump of the submodule instances (for the per-instance
    view that `flatten=False` gives)."""
    lines = ["read_verilog -sv " + " ".join(str(f) for f in files)]
    lines += [f"chparam -set {k} {v} {top}" for k, v in params.items()]
    lines += [
        f"synth -top {top}" + (" -flatten" if flatten else ""),
        "dfflegalize -cell $_DFF_PN0_ 01 -cell $_DFF_PN1_ 01",
        "abc -g cmos2",
        "opt_clean",
        f"tee -q -o {out}.stat stat -tech cmos",
        f"tee -q -o {out}.dump dump t:* t:$_* %d",
    ]
    return "\n".join(lines) + "\n"


def run_flow(
    files: list[Path], top: str, params: dict[str, int], flatten: bool, yosys: str = "yosys"
) -> tuple[str, dict[str, ModuleStats]]:
    """Run the flow; return the Yosys version and the stats of every module by raw name."""
    with tempfile.TemporaryDirectory(prefix="ebpc_synth_") as tmp:
        out, script, log = Path(tmp, "out"), Path(tmp, "flow.ys"), Path(tmp, "yosys.log")
        script.write_text(flow_script(files, top, params, flatten, out))
        try:
            proc = subprocess.run(
                [yosys, "-q", "-l", str(log), "-s", str(script)], capture_output=True, text=True
            )
        except FileNotFoundError as exc:
            raise YosysError(f"cannot run {yosys!r}: {exc}") from exc
        text = log.read_text() if log.exists() else proc.stdout + proc.stderr
        stat, dump = out.with_suffix(".stat"), out.with_suffix(".dump")
        if proc.returncode != 0 or not dump.exists():
            tail = "\n".join(text.splitlines()[-LOG_TAIL_LINES:])
            raise YosysError(f"yosys failed (exit {proc.returncode}) for {top} {params}:\n{tail}")
        version = re.search(r"Yosys \d+\.\d+\S*(?: \([^)]*\))?", text)
        modules = combine(parse_stat(stat.read_text()), parse_instances(dump.read_text()))
        return version.group(0) if version else "Yosys", modules


def _norm(name: str) -> str:
    return name[1:] if name.startswith("\\") else name


_SECTION = re.compile(r"=== (.+) ===")
_CELL = re.compile(r"\s+(\S+)\s+(\d+)")
_TRANSISTORS = re.compile(r"\s+Estimated number of transistors:\s+(\d+)\+?")


def parse_stat(text: str) -> dict[str, dict[str, int]]:
    """`stat -tech cmos` text -> cell counts by type (submodules included) per module,
    checking Yosys' transistor figure against CMOS_TRANSISTORS.

    (Yosys 0.23's `stat -json` writes the hierarchy as plain text into its JSON, so the
    text form is parsed.)
    """
    cells: dict[str, dict[str, int]] = {}
    reported: dict[str, int] = {}
    name = None
    for line in text.splitlines():
        if m := _SECTION.fullmatch(line):
            if m.group(1) == "design hierarchy":
                break
            name = _norm(m.group(1))
            cells[name] = {}
        elif name is None:
            continue
        elif m := _CELL.fullmatch(line):  # "Number of ...:" lines have spaces in the name
            cells[name][_norm(m.group(1))] = int(m.group(2))
        elif m := _TRANSISTORS.fullmatch(line):
            reported[name] = int(m.group(1))
    if not cells:
        raise YosysError("no module statistics in the stat output")
    for raw, by_type in cells.items():
        own = CellStats({c: n for c, n in by_type.items() if c not in cells})
        if reported.get(raw, 0) != own.transistors:
            raise YosysError(
                f"{pretty_name(raw)}: Yosys estimates {reported.get(raw)} transistors, the table here "
                f"gives {own.transistors} for {own.cells}; update CMOS_TRANSISTORS"
            )
    return cells


def parse_instances(dump: str) -> dict[str, list[tuple[str, str]]]:
    """RTLIL `dump` of the submodule cells -> per module its (instance, module) pairs."""
    result: dict[str, list[tuple[str, str]]] = {}
    module = None
    for line in dump.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] == "module":
            module = _norm(words[1])
            result[module] = []
        elif len(words) == 3 and words[0] == "cell" and module is not None:
            result[module].append((_norm(words[2]), _norm(words[1])))
    return result


def combine(
    cells: dict[str, dict[str, int]], instances: dict[str, list[tuple[str, str]]]
) -> dict[str, ModuleStats]:
    """Join the stat counts with the instance lists, checking that they agree."""
    result = {}
    for raw, by_type in cells.items():
        insts = instances.get(raw, [])
        counted = {c: n for c, n in by_type.items() if c in cells}
        if Counter(t for _, t in insts) != Counter(counted):
            raise YosysError(f"{raw}: stat lists submodules {counted}, the netlist has {insts}")
        own = CellStats({c: n for c, n in by_type.items() if c not in cells})
        result[raw] = ModuleStats(pretty_name(raw), own, tuple(insts))
    return result


def _param_value(text: str) -> str:
    m = re.fullmatch(r"s?\d+'([01]+)", text)
    return str(int(m.group(1), 2)) if m else text


def pretty_name(raw: str) -> str:
    """`$paramod\\sub\\W=s32'0..01000` -> `sub(W=8)`; `$paramod$<hash>\\sub` -> `sub`."""
    m = re.fullmatch(r"\$paramod(?:\$[0-9a-f]+)?\\([^\\]+)((?:\\.*)?)", raw)
    if not m:
        return raw
    params = [p.split("=", 1) for p in m.group(2).split("\\") if "=" in p]
    args = ",".join(f"{k}={_param_value(v)}" for k, v in params)
    return f"{m.group(1)}({args})" if args else m.group(1)


def instance_tree(modules: dict[str, ModuleStats]) -> list[tuple[str, str]]:
    """Every instance below the (single) top, depth first: (path of instance names, module)."""
    used = {t for m in modules.values() for _, t in m.instances}
    tops = [name for name in modules if name not in used]
    if len(tops) != 1:
        raise YosysError(f"expected one top module, found {tops}")
    tree, pending = [], [(modules[tops[0]].name, tops[0])]
    while pending:
        path, raw = pending.pop()
        tree.append((path, raw))
        pending += [(f"{path}/{inst}", t) for inst, t in reversed(modules[raw].instances)]
    return tree
