"""Bulk path files: long streams and their golden-model outputs as $readmemh memories for the HDL harness."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

import ebpc
from ebpc.params import EbpcParams, to_pattern

META = "bulk_meta.json"


def _write_hex(path: Path, values: np.ndarray) -> None:
    path.write_text("\n".join(np.char.mod("%x", values).tolist()) + "\n" if len(values) else "0\n")


def _with_last(words: list[np.ndarray], data_w: int) -> np.ndarray:
    """{last, data} per word, transfers concatenated."""
    if not words:
        return np.zeros(0, dtype=np.int64)
    flat = np.concatenate(words).astype(np.int64)
    ends = np.cumsum([len(w) for w in words]) - 1
    flat[ends[np.array([len(w) for w in words]) > 0]] |= 1 << data_w
    return flat


def write_bulk(folder: Path, p: EbpcParams, transfers: list[np.ndarray]) -> list[str]:
    """Encode transfers with the golden model, write the harness memories; return its plusargs."""
    folder.mkdir(parents=True, exist_ok=True)
    inputs = [to_pattern(t, p.data_w) for t in transfers]
    enc = [ebpc.encode(t, p.data_w, p.block_size, p.max_zrle_len) for t in inputs]
    znz = [e.znz_words.astype(np.int64) for e in enc]
    bpc = [e.bpc_words.astype(np.int64) for e in enc]
    streams = {
        "in": _with_last(inputs, p.data_w),
        "znz": _with_last(znz, p.data_w),
        "bpc": _with_last([b for b in bpc if len(b)], p.data_w),
    }
    znz_end = np.cumsum([len(z) for z in znz])
    bpc_end = np.cumsum([len(b) for b in bpc])
    ends = (znz_end.astype(np.uint64) << np.uint64(32)) | bpc_end.astype(np.uint64)
    for name, values in streams.items():
        _write_hex(folder / f"bulk_{name}.hex", values)
    _write_hex(folder / "bulk_ends.hex", ends)
    stats = ebpc.SymbolStats(p)
    for t in inputs:
        stats += ebpc.symbol_stats(t, p.data_w, p.block_size, p.max_zrle_len)
    meta = {
        "n_in": len(streams["in"]), "n_znz": len(streams["znz"]), "n_bpc": len(streams["bpc"]),
        "n_xfer": len(transfers), "in_end": np.cumsum([len(t) for t in inputs]).tolist(),
        "znz_end": znz_end.tolist(), "bpc_end": bpc_end.tolist(),
        "symbols": stats.as_dict(),
    }
    (folder / META).write_text(json.dumps(meta))
    args = [f"+{k}={meta[k]}" for k in ("n_in", "n_znz", "n_bpc", "n_xfer")]
    return args + [f"+{k}={folder / f'bulk_{k}.hex'}" for k in ("in", "znz", "bpc", "ends")]


def locate(meta: dict, stream: str, index: int) -> tuple[int, int]:
    """Global word index on a stream -> (transfer, word within transfer)."""
    ends = np.asarray(meta[f"{stream}_end"])
    t = int(np.searchsorted(ends, index, side="right"))
    return t, index - (int(ends[t - 1]) if t else 0)
