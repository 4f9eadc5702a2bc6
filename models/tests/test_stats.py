"""Symbol statistics on the spec's worked example."""
from __future__ import annotations

from ebpc import symbol_stats


def test_worked_example_kinds() -> None:
    st = symbol_stats([7] * 20)
    assert st.n_blocks == 3 and st.partial_last_blocks == 1
    assert st.kinds == {"zero_run": 4, "all_ones": 0, "plane_zero": 1, "two_ones": 0, "one_one": 2, "raw": 0}
    assert st.z_merge_len.tolist() == [0, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert st.one_one_pos.tolist() == [0, 0, 0, 2, 0, 0, 0]


def test_znz_runs_cut_greedily() -> None:
    st = symbol_stats([1] + [0] * 37 + [1], max_zrle_len=16)
    assert st.znz_run_len[16] == 2 and st.znz_run_len[5] == 1 and st.znz_run_len.sum() == 3


def test_stats_add_up() -> None:
    a = symbol_stats([7] * 20)
    a += symbol_stats([7] * 20)
    assert a.kinds["one_one"] == 4 and a.n_words == 40
