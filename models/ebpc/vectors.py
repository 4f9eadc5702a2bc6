"""Conformance vectors (format ``ebpc-conformance-1``)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .params import EbpcParams

DEFAULT_VECTORS = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "ebpc-vectors.json"


@dataclass(frozen=True)
class VectorCase:
    name: str
    params: EbpcParams
    words: np.ndarray
    znz_words: np.ndarray
    bpc_words: np.ndarray
    znz_bits: int
    bpc_bits: int


def vectors_path(path: str | os.PathLike | None = None) -> Path:
    """The vector file: ``path``, else $EBPC_VECTORS, else shared/conformance/ebpc-vectors.json."""
    return Path(path or os.environ.get("EBPC_VECTORS") or DEFAULT_VECTORS)


def load_vectors(path: str | os.PathLike | None = None) -> list[VectorCase]:
    """Every case of a conformance file; FileNotFoundError names the path tried."""
    src = vectors_path(path)
    if not src.is_file():
        raise FileNotFoundError(f"conformance vectors not found at {src} (set EBPC_VECTORS)")
    doc = json.loads(src.read_text())
    if doc.get("format") != "ebpc-conformance-1":
        raise ValueError(f"{src}: unknown format {doc.get('format')!r}")
    return [
        VectorCase(
            name=c["name"],
            params=EbpcParams(c["data_w"], c["block_size"], c["max_zrle_len"]),
            words=np.asarray(c["words"], dtype=np.int64),
            znz_words=np.asarray(c["znz_words"], dtype=np.int64),
            bpc_words=np.asarray(c["bpc_words"], dtype=np.int64),
            znz_bits=int(c["znz_bits"]),
            bpc_bits=int(c["bpc_bits"]),
        )
        for c in doc["cases"]
    ]
