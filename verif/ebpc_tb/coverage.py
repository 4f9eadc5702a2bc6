"""Functional coverage of the RTL regression: required bins per core and parameter set, from the test records.

Every cocotb test writes one record JSON (records.py). This module turns the records of one
simulator into hit counts per (core, parameter set) and checks them against the required bins:

symbols (from `symbol_stats` of the transfers that actually went through the DUT)
  kind.<zero_run|all_ones|plane_zero|two_ones|one_one|raw>
  one_one.k<k>      k = 0 .. M-1           two_ones.k<k>   k = 0 .. M-2
  z_merge.r<r>      r = 1 .. DATA_W+1      znz_run.r<r>    r = 1 .. MAX_ZRLE_LEN
  partial_last_block  (a transfer whose non-zero words end in a partial BPC block)
flow (from what the monitors / protocol checkers / HDL counters observed)
  stall.<port>      cycles with valid high and ready low (encoder s, znz, bpc; decoder n, znz, bpc, m)
  throttle.<port>   cycles with valid low inside a transfer (encoder s; decoder znz, bpc)
  back_to_back      a transfer starting in the cycle after the previous one ended
  reset_mid_transfer
decoder errors (error_o observed on a transfer the golden model rejects)
  error.<kind>      kinds in ERROR_KINDS

Record fields read (under "coverage"): symbols (SymbolStats.as_dict()), stalls_while_valid and
throttled_while_in_transfer ({port: count}, from StreamProtocolChecker.stalls / .throttled),
back_to_back_transfers, resets_mid_transfer.

Hook for tests: a record may carry ``"coverage": {"bins": {bin: count}}``; those counts are
added as they are (use `error_bin(reason)` to name the error bin of a golden-model rejection,
e.g. ``DecoderTransfer.reason``). Without that hook, error bins are taken from a decoder
record's ``recoveries`` list (labels of transfers that pulsed error_o), for labels of
`fuzz.directed_malformed` only: the case is rebuilt and the golden model names its kind.

Records of the loopback harness carry no coverage; records of the bulk harnesses count.
A (core, set) is required only when that core's cocotb toplevel ran for the set.
"""
from __future__ import annotations

import json
import os
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from ebpc.params import EbpcParams

KINDS = ("zero_run", "all_ones", "plane_zero", "two_ones", "one_one", "raw")
CORE_OF = {
    "ebpc_encoder": "encoder",
    "ebpc_encoder_bulk_tb": "encoder",
    "ebpc_decoder": "decoder",
    "ebpc_decoder_bulk_tb": "decoder",
}
MAIN_TOP = {"encoder": "ebpc_encoder", "decoder": "ebpc_decoder"}
STALL_PORTS = {"encoder": ("s", "znz", "bpc"), "decoder": ("n", "znz", "bpc", "m")}
THROTTLE_PORTS = {"encoder": ("s",), "decoder": ("znz", "bpc")}
ERROR_KINDS = (
    "znz_truncated", "bpc_truncated", "znz_extra_words", "bpc_extra_words", "znz_run_overshoot",
    "nonzero_decodes_to_zero", "bpc_invalid_code", "bpc_zero_run_past_last_plane",
)


def parse_params(tag: str) -> EbpcParams:
    """'w8_b8_z16' -> EbpcParams(8, 8, 16)."""
    m = re.fullmatch(r"w(\d+)_b(\d+)_z(\d+)", tag)
    if not m:
        raise ValueError(f"not a parameter tag: {tag!r}")
    return EbpcParams(*map(int, m.groups()))


def required_bins(core: str, p: EbpcParams) -> list[str]:
    m = p.block_size - 1
    out = [f"kind.{k}" for k in KINDS]
    out += [f"one_one.k{k}" for k in range(m)]
    out += [f"two_ones.k{k}" for k in range(m - 1)]
    out += [f"z_merge.r{r}" for r in range(1, p.data_w + 2)]
    out += [f"znz_run.r{r}" for r in range(1, p.max_zrle_len + 1)]
    out += ["partial_last_block", "back_to_back", "reset_mid_transfer"]
    out += [f"stall.{s}" for s in STALL_PORTS[core]]
    out += [f"throttle.{s}" for s in THROTTLE_PORTS[core]]
    if core == "decoder":
        out += [f"error.{k}" for k in ERROR_KINDS]
    return out


def error_bin(reason: str) -> str | None:
    """Bin of a golden-model rejection, from `MalformedStreamError` text (or DecoderTransfer.reason)."""
    r = reason
    stream = "bpc" if "BPC" in r else "znz"
    if "after the last needed word" in r:
        return f"error.{stream}_extra_words"
    if "overshoots N" in r:
        return "error.znz_run_overshoot"
    if "decodes to zero" in r:
        return "error.nonzero_decodes_to_zero"
    if "out of range for M" in r:
        return "error.bpc_invalid_code"
    if "zero run in block" in r and "planes" in r:
        return "error.bpc_zero_run_past_last_plane"
    if "ends" in r:
        return f"error.{stream}_truncated"
    return None


def symbol_bins(sym: dict) -> dict[str, int]:
    """Bins of a SymbolStats.as_dict()."""
    out: dict[str, int] = {}
    for k, n in sym.get("kinds", {}).items():
        out[f"kind.{k}"] = int(n)
    for name, key, first in (("one_one", "one_one_pos", 0), ("two_ones", "two_ones_pos", 0),
                             ("z_merge", "z_merge_len", 1), ("znz_run", "znz_run_len", 1)):
        label = "k" if first == 0 else "r"
        for i, n in enumerate(sym.get(key, [])):
            if i >= first:
                out[f"{name}.{label}{i}"] = int(n)
    out["partial_last_block"] = int(sym.get("partial_last_blocks", 0))
    return out


_DIRECTED: dict[str, dict[str, str | None]] = {}


def _directed_error_bins(p: EbpcParams) -> dict[str, str | None]:
    """label -> error bin of every directed malformed case of a set (golden-model verdict)."""
    tag = p.short()
    if tag not in _DIRECTED:
        import numpy as np

        import ebpc
        from .fuzz import directed_malformed

        table: dict[str, str | None] = {}
        for znz, bpc, n, label in directed_malformed(p):
            # The decoder env drops BPC words the ZNZ stream does not claim (from_streams): do the same.
            try:
                from .decoder_env import znz_claims_bpc

                if not znz_claims_bpc(znz, n, p):
                    bpc = []
                elif not bpc:
                    bpc = [0]
            except ImportError:  # pragma: no cover
                pass
            try:
                ebpc.decode(np.asarray(znz, dtype=np.int64), np.asarray(bpc, dtype=np.int64), n,
                            p.data_w, p.block_size, p.max_zrle_len)
                table[label] = None
            except ebpc.MalformedStreamError as e:
                table[label] = error_bin(str(e))
        _DIRECTED[tag] = table
    return _DIRECTED[tag]


def record_bins(rec: dict) -> dict[str, int]:
    """Hit counts one record contributes."""
    cov = rec.get("coverage") or {}
    out: dict[str, int] = defaultdict(int)
    for b, n in symbol_bins(cov.get("symbols") or {}).items():
        out[b] += n
    for port, n in (cov.get("stalls_while_valid") or {}).items():
        out[f"stall.{port}"] += int(n)
    for port, n in (cov.get("throttled_while_in_transfer") or {}).items():
        out[f"throttle.{port}"] += int(n)
    out["back_to_back"] += int(cov.get("back_to_back_transfers", 0) or 0)
    out["reset_mid_transfer"] += int(cov.get("resets_mid_transfer", 0) or 0)
    hook = cov.get("bins") or {}
    for b, n in hook.items():
        out[b] += int(n)
    if CORE_OF.get(rec.get("toplevel")) == "decoder" and not any(b.startswith("error.") for b in hook):
        recs = rec.get("recoveries") or []
        if recs:
            table = _directed_error_bins(parse_params(rec["params"]))
            for r in recs:
                b = table.get(r.get("label", ""))
                if b:
                    out[b] += 1
    return dict(out)


def load_records(build: Path, sim: str, since: float | None = None,
                 only: set[tuple[str, str]] | None = None) -> list[dict]:
    """Records of one simulator; since: written after that time; only: (toplevel, set tag) pairs."""
    out = []
    for path in sorted((build / "records" / sim).glob("*/*/*.json")):
        if only is not None and (path.parent.parent.name, path.parent.name) not in only:
            continue
        if since is not None and path.stat().st_mtime < since:
            continue
        try:
            out.append(json.loads(path.read_text()))
        except (OSError, ValueError):
            continue
    return out


def collect(records: Iterable[dict]) -> dict:
    """{core: {set: {"hits": {bin: n}, "missed": [bin], "required": n, "records": n}}}."""
    hits: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    ran: set[tuple[str, str]] = set()
    nrec: dict[tuple[str, str], int] = defaultdict(int)
    for rec in records:
        core = CORE_OF.get(rec.get("toplevel", ""))
        if core is None:
            continue
        key = (core, rec["params"])
        nrec[key] += 1
        if rec["toplevel"] == MAIN_TOP[core]:
            ran.add(key)
        for b, n in record_bins(rec).items():
            hits[key][b] += n
    out: dict = {}
    for core, tag in sorted(ran):
        req = required_bins(core, parse_params(tag))
        h = hits[(core, tag)]
        out.setdefault(core, {})[tag] = {
            "required": len(req),
            "hit": sum(1 for b in req if h.get(b, 0) > 0),
            "missed": [b for b in req if h.get(b, 0) <= 0],
            "records": nrec[(core, tag)],
            "hits": {b: h.get(b, 0) for b in req} | {b: n for b, n in h.items() if b not in req},
        }
    return out


def check(build: Path, sim: str, since: float | None = None, only: set[tuple[str, str]] | None = None) -> dict:
    """Coverage of one simulator's records, written to build/coverage-<sim>.json and build/coverage.json."""
    cov = collect(load_records(build, sim, since, only))
    missed = [f"{core} {tag}: {b}" for core, sets in cov.items() for tag, c in sets.items() for b in c["missed"]]
    required = sum(c["required"] for sets in cov.values() for c in sets.values())
    result = {
        "sim": sim,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "required_bins": required,
        "hit_bins": required - len(missed),
        "missed": missed,
        "per_core": cov,
    }
    build.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=1)
    (build / f"coverage-{sim}.json").write_text(text)
    (build / "coverage.json").write_text(text)
    return result


def report_lines(result: dict, max_missed: int = 60) -> list[str]:
    lines = [f"functional coverage ({result['sim']}): {result['hit_bins']}/{result['required_bins']} required bins hit"]
    for core, sets in result["per_core"].items():
        for tag, c in sets.items():
            mark = "ok" if not c["missed"] else f"{len(c['missed'])} MISSED"
            lines.append(f"  {core:7s} {tag:13s} {c['hit']:4d}/{c['required']:<4d} {mark}")
    if result["missed"]:
        lines.append("  missed bins:")
        lines += [f"    {m}" for m in result["missed"][:max_missed]]
        if len(result["missed"]) > max_missed:
            lines.append(f"    ... and {len(result['missed']) - max_missed} more (see coverage-{result['sim']}.json)")
    return lines


RUNNER_TOPS = {
    "test_ebpc_encoder": "ebpc_encoder",
    "test_ebpc_encoder_bulk": "ebpc_encoder_bulk_tb",
    "test_ebpc_decoder": "ebpc_decoder",
    "test_ebpc_decoder_bulk": "ebpc_decoder_bulk_tb",
}


def runner_item(nodeid: str) -> tuple[str, str] | None:
    """'verif/test_ebpc_encoder.py::test_ebpc_encoder[w8_b8_z16]' -> ('ebpc_encoder', 'w8_b8_z16')."""
    m = re.search(r"::(test_ebpc_\w+)\[(w\d+_b\d+_z\d+)\]", nodeid)
    if not m or m.group(1) not in RUNNER_TOPS:
        return None
    return RUNNER_TOPS[m.group(1)], m.group(2)


def enabled() -> bool:
    """EBPC_COVERAGE=0 turns the pass/fail check off (partial runs with -k)."""
    return os.environ.get("EBPC_COVERAGE", "1") not in ("", "0")
