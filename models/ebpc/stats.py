"""Per-symbol statistics of an encoded transfer (coverage bins and reports)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .codec import (
    KIND_NAMES,
    KIND_ONE_ONE,
    KIND_TWO_ONES,
    KIND_Z,
    _x_tables,
    zero_runs,
    block_planes,
    plane_kinds,
    z_run_lengths,
)
from .params import EbpcParams, to_signed


@dataclass
class SymbolStats:
    """Counts of every code kind of one or more transfers.

    ``kinds``: BPC symbol codes by kind (a merged Z run counts once as
    ``zero_run``); ``one_one_pos[k]`` / ``two_ones_pos[k]``: codes with index k;
    ``z_merge_len[r]``: merged Z runs of r planes (r = 1 .. DATA_W+1);
    ``znz_run_len[r]``: ZNZ zero-run symbols of r words (r = 1 .. MAX_ZRLE_LEN).
    Index 0 of the two length histograms is unused.
    """

    params: EbpcParams
    n_words: int = 0
    n_nonzero: int = 0
    n_blocks: int = 0
    partial_last_blocks: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    one_one_pos: np.ndarray = field(default=None)  # type: ignore[assignment]
    two_ones_pos: np.ndarray = field(default=None)  # type: ignore[assignment]
    z_merge_len: np.ndarray = field(default=None)  # type: ignore[assignment]
    znz_run_len: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        p = self.params
        self.kinds = self.kinds or {name: 0 for name in KIND_NAMES}
        if self.one_one_pos is None:
            self.one_one_pos = np.zeros(p.m, dtype=np.int64)
            self.two_ones_pos = np.zeros(p.m - 1, dtype=np.int64)
            self.z_merge_len = np.zeros(p.n_planes + 1, dtype=np.int64)
            self.znz_run_len = np.zeros(p.max_zrle_len + 1, dtype=np.int64)

    def __iadd__(self, other: "SymbolStats") -> "SymbolStats":
        if other.params != self.params:
            raise ValueError(f"cannot add statistics of {other.params} to {self.params}")
        self.n_words += other.n_words
        self.n_nonzero += other.n_nonzero
        self.n_blocks += other.n_blocks
        self.partial_last_blocks += other.partial_last_blocks
        for name in KIND_NAMES:
            self.kinds[name] += other.kinds[name]
        self.one_one_pos += other.one_one_pos
        self.two_ones_pos += other.two_ones_pos
        self.z_merge_len += other.z_merge_len
        self.znz_run_len += other.znz_run_len
        return self

    def as_dict(self) -> dict:
        return {
            "n_words": self.n_words,
            "n_nonzero": self.n_nonzero,
            "n_blocks": self.n_blocks,
            "partial_last_blocks": self.partial_last_blocks,
            "kinds": dict(self.kinds),
            "one_one_pos": self.one_one_pos.tolist(),
            "two_ones_pos": self.two_ones_pos.tolist(),
            "z_merge_len": self.z_merge_len.tolist(),
            "znz_run_len": self.znz_run_len.tolist(),
        }


def symbol_stats(words, data_w: int = 8, block_size: int = 8, max_zrle_len: int = 16) -> SymbolStats:
    """Statistics of the codes ``encode`` emits for one transfer."""
    p = EbpcParams(data_w, block_size, max_zrle_len)
    vals = to_signed(words, data_w)
    nz = vals != 0
    st = SymbolStats(p, n_words=len(vals), n_nonzero=int(nz.sum()))
    _, runs = zero_runs(nz)
    full, rest = np.divmod(runs, p.max_zrle_len)
    st.znz_run_len[p.max_zrle_len] += int(full.sum())
    st.znz_run_len += np.bincount(rest[rest > 0], minlength=p.max_zrle_len + 1)
    if st.n_nonzero == 0:
        return st
    bp = block_planes(vals[nz], p)
    kind = plane_kinds(bp, p)
    st.n_blocks = len(kind)
    st.partial_last_blocks = int(st.n_nonzero % p.block_size != 0)
    runs_z = z_run_lengths(kind == KIND_Z)
    counts = np.bincount(kind.ravel(), minlength=len(KIND_NAMES))
    for i, name in enumerate(KIND_NAMES):
        st.kinds[name] = int(counts[i])
    st.kinds["zero_run"] = int((runs_z > 0).sum())
    st.z_merge_len += np.bincount(runs_z[runs_z > 0], minlength=p.n_planes + 1)
    k = _x_tables(p.m, p.pos_w)[3][bp.x]
    st.one_one_pos += np.bincount(k[kind == KIND_ONE_ONE], minlength=p.m)
    st.two_ones_pos += np.bincount(k[kind == KIND_TWO_ONES], minlength=p.m - 1)
    return st
