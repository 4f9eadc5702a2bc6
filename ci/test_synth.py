"""ci/synth.py and ci/yosys_stat.py: stat parsing, hierarchy accounting, end-to-end runs."""
import json
import shutil

import pytest

from synth import DEFAULT_PARAMS, breakdown, main, parse_param
from yosys_stat import YosysError, combine, instance_tree, parse_instances, parse_stat, pretty_name

PARAMS = ", ".join(f"parameter int {k} = {v}" for k, v in DEFAULT_PARAMS.items())
LEAF = "$paramod\\leaf\\W=s32'00000000000000000000000000000100"


def _section(name: str, cells: dict, transistors: str) -> str:
    rows = "".join(f"     {c:<24} {n:>6}\n" for c, n in cells.items())
    return (
        f"=== {name} ===\n\n   Number of wires:                 12\n"
        f"   Number of cells:              {sum(cells.values()):>5}\n{rows}\n"
        f"   Estimated number of transistors:       {transistors}\n\n"
    )


def _stat() -> str:
    return (
        "\n9. Printing statistics.\n\n"
        + _section(LEAF, {"$_NOR_": 5, "$_DFF_PN1_": 1}, "20+")
        + _section("mid", {"$_NOT_": 1, LEAF: 3}, "2")
        + _section("top", {"$_NAND_": 10, "$_DFF_PN0_": 3, "mid": 2}, "40+")
        + "=== design hierarchy ===\n\n   top      1\n     mid      2\n\n"
        + "   Number of cells:     28\n     $_NAND_     99\n"
    )


def _dump(mid_cells: list[tuple[str, str]]) -> str:
    cells = "".join(f"  cell {t} {n}\n    connect \\A \\a\n  end\n" for t, n in mid_cells)
    return (
        f"attribute \\top 1\nmodule \\top\n  parameter \\DATA_W 8\n"
        f"  cell \\mid \\u_m0\n  end\n  cell \\mid \\u_m1\n  end\nend\n"
        f"module \\mid\n{cells}end\nmodule {LEAF}\n  parameter \\W 4\nend\n"
    )


def _modules():
    leaves = [(LEAF, f"\\u_l{i}") for i in range(3)]
    return combine(parse_stat(_stat()), parse_instances(_dump(leaves)))


def test_pretty_name():
    assert pretty_name("ebpc_encoder") == "ebpc_encoder"
    assert pretty_name("$paramod\\sub\\W=s32'00000000000000000000000000010000") == "sub(W=16)"
    assert pretty_name("$paramod\\sub\\W=32'1000\\N=s32'11") == "sub(W=8,N=3)"
    assert pretty_name("$paramod$0a1b2c\\sub") == "sub"


def test_parse_stat_counts_cells_and_submodules():
    cells = parse_stat(_stat())
    assert cells == {
        "top": {"$_NAND_": 10, "$_DFF_PN0_": 3, "mid": 2},
        "mid": {"$_NOT_": 1, LEAF: 3},
        LEAF: {"$_NOR_": 5, "$_DFF_PN1_": 1},
    }


def test_parse_stat_rejects_a_transistor_figure_it_cannot_explain():
    stat = _stat().replace("40+", "52+")  # as if the 3 FFs counted 4 transistors each
    with pytest.raises(YosysError, match="52"):
        parse_stat(stat)
    with pytest.raises(YosysError, match="no module"):
        parse_stat("9. Printing statistics.\n")


def test_combine_splits_own_cells_from_instances():
    top = _modules()["top"]
    assert top.instances == (("u_m0", "mid"), ("u_m1", "mid"))
    assert top.own.cells == {"$_NAND_": 10, "$_DFF_PN0_": 3}
    assert (top.own.ffs, top.own.transistors, top.own.logic_ge) == (3, 40, 10.0)


def test_combine_rejects_instances_that_disagree_with_stat():
    with pytest.raises(YosysError, match="mid"):
        combine(parse_stat(_stat()), parse_instances(_dump([(LEAF, "\\u_l0")])))


def test_instance_tree_is_depth_first_by_instance_path():
    tree = instance_tree(_modules())
    assert [path for path, _ in tree] == [
        "top", "top/u_m0", "top/u_m0/u_l0", "top/u_m0/u_l1", "top/u_m0/u_l2",
        "top/u_m1", "top/u_m1/u_l0", "top/u_m1/u_l1", "top/u_m1/u_l2",
    ]
    assert tree[2][1] == LEAF


def test_breakdown_attributes_every_cell_once():
    rows = breakdown(_modules())
    leaf = rows[2]
    assert (leaf["instance"], leaf["module"]) == ("top/u_m0/u_l0", "leaf(W=4)")
    assert (leaf["ffs"], leaf["logic_ge"]) == (1, 5.0)
    total = 10.0 + 2 * 0.5 + 6 * 5.0
    assert sum(r["logic_ge"] for r in rows) == total
    assert sum(r["ffs"] for r in rows) == 3 + 6
    assert rows[0]["share"] == pytest.approx(10.0 / total)


def test_parse_param():
    assert parse_param("DATA_W=16") == ("DATA_W", 16)
    for bad in ("DATA_W", "=3", "DATA_W=x"):
        with pytest.raises(Exception, match="expected|integer"):
            parse_param(bad)


needs_yosys = pytest.mark.skipif(shutil.which("yosys") is None, reason="yosys not on PATH")


def _repo(tmp_path, body: str):
    (tmp_path / "rtl").mkdir()
    (tmp_path / "rtl" / "enc.sv").write_text(body)
    (tmp_path / "rtl" / "ebpc_encoder.f").write_text("# sources\nrtl/enc.sv\n\n")
    return tmp_path


@needs_yosys
def test_end_to_end_counts_flip_flops_and_submodules(tmp_path, capsys):
    root = _repo(tmp_path, f"""
module acc #(parameter int W = 4) (
  input logic clk_i, rst_ni, input logic [W-1:0] d_i, output logic [W-1:0] q_o
);
  always_ff @(posedge clk_i or negedge rst_ni) if (!rst_ni) q_o <= '0; else q_o <= q_o ^ d_i;
endmodule
module ebpc_encoder #({PARAMS}) (
  input logic clk_i, rst_ni, input logic [DATA_W-1:0] a_i, b_i, output logic [DATA_W-1:0] y_o
);
  logic [DATA_W-1:0] p, q;
  acc #(.W(DATA_W)) u_a (.clk_i, .rst_ni, .d_i(a_i), .q_o(p));
  acc #(.W(DATA_W)) u_b (.clk_i, .rst_ni, .d_i(b_i), .q_o(q));
  assign y_o = p & q;
endmodule
""")
    out = tmp_path / "synth.json"
    args = ["--root", str(root), "--top", "ebpc_encoder", "--param", "DATA_W=16", "--json", str(out)]
    assert main(args) == 0
    (r,) = json.loads(out.read_text())
    assert r["params"]["DATA_W"] == 16 and "target" not in r
    assert r["ffs"] == 32
    assert r["logic_ge"] == r["transistors"] / 4 > 0
    rows = {row["instance"]: row for row in r["breakdown"]}
    assert set(rows) == {"ebpc_encoder", "ebpc_encoder/u_a", "ebpc_encoder/u_b"}
    assert rows["ebpc_encoder/u_a"]["module"] == "acc(W=16)" and rows["ebpc_encoder/u_a"]["ffs"] == 16
    assert "ebpc_encoder" in capsys.readouterr().out


@needs_yosys
def test_missed_target_is_reported_and_strict_fails(tmp_path, capsys):
    root = _repo(tmp_path, f"""
module ebpc_encoder #({PARAMS}) (input logic [15:0] a_i, b_i, output logic [31:0] y_o);
  assign y_o = a_i * b_i;
endmodule
""")
    args = ["--root", str(root), "--top", "ebpc_encoder", "--param", "DATA_W=8"]
    assert main(args) == 0
    assert "MISSED: ebpc_encoder" in capsys.readouterr().out
    assert main([*args, "--strict"]) == 1


@needs_yosys
def test_yosys_failure_exits_non_zero(tmp_path, capsys):
    root = _repo(tmp_path, "module ebpc_encoder(input x; endmodule\n")
    assert main(["--root", str(root), "--top", "ebpc_encoder"]) == 2
    assert "syntax error" in capsys.readouterr().err
