"""Compression study: measurement, stats cache, summaries and the report files."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from ebpc import encoded_size, study
from ebpc.baselines import BASELINES
from ebpc.images import ImageSet
from ebpc.report import summarize, write_reports
from ebpc.study import CODERS, FormatStats, StudyResult, measure, run_study
from ebpc.weights import load_net


def tiny_images(n: int = 3, size: int = 64) -> ImageSet:
    rng = np.random.default_rng(1)
    return ImageSet(tuple(f"img{i}.png" for i in range(n)), rng.integers(0, 256, (n, size, size, 3), dtype=np.uint8))


def test_measure_counts_ebpc_in_whole_words_per_image():
    rng = np.random.default_rng(0)
    patterns = (rng.integers(0, 256, (2, 100)) * (rng.random((2, 100)) < 0.4)).astype(np.uint8)
    bits, unpadded, zeros = measure(patterns, 8)
    for i, words in enumerate(patterns):
        size = encoded_size(words, data_w=8)
        assert bits["ebpc"][i] == 8 * (size.znz_words + size.bpc_words)
        assert unpadded[i] == size.znz_bits + size.bpc_bits
        for name, coder in BASELINES.items():
            assert bits[name][i] == coder(words, 8)
    assert zeros.tolist() == (patterns == 0).sum(axis=1).tolist()


def test_summary_ratios_are_total_bits_over_total_coded_bits():
    # two maps of 16 and 48 words, two images, data_w 8
    bits = {c: np.array([[64, 32], [128, 256]]) for c in CODERS}
    st = FormatStats(8, bits, np.array([[60, 30], [120, 250]]), np.array([[8, 0], [24, 24]]))
    result = StudyResult({"images": 2, "random_init": False}, ["a", "b"], np.array([16, 48]), {"fixed8": st})
    s = summarize(result)["formats"]["fixed8"]
    total = s["total"]
    assert total["cr"]["ebpc"] == pytest.approx((16 + 48) * 2 * 8 / (64 + 32 + 128 + 256))
    assert total["cr_ebpc_unpadded"] == pytest.approx(1024 / 460)
    assert total["sparsity"] == pytest.approx(56 / 128)
    # per image: image 0 -> 512 / 192, image 1 -> 512 / 288
    assert total["ebpc_per_image"] == pytest.approx({"min": 512 / 288, "median": (512 / 192 + 512 / 288) / 2,
                                                     "max": 512 / 192})
    a, b = s["layers"]
    assert a["name"] == "a" and a["cr"]["zvc"] == pytest.approx(256 / 96) and a["sparsity"] == pytest.approx(0.25)
    assert b["ebpc_per_image"]["max"] == pytest.approx(384 / 128)
    assert total["cr_layer_mean"]["ebpc"] == pytest.approx((256 / 96 + 768 / 384) / 2)


def test_run_study_caches_stats_and_writes_labelled_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("EBPC_CACHE_DIR", str(tmp_path / "cache"))
    net = load_net("mobilenet_v2", random_init=True)
    images = tiny_images()
    result = run_study(net, images, "eval", "fmaps", ["fixed8", "float16"], batch=2, progress=False)
    assert len(result.layers) == 35 and result.words[0] == 32 * 32 * 32
    st = result.formats["fixed8"]
    assert st.bits["ebpc"].shape == (35, 3) and st.data_w == 8 and result.formats["float16"].data_w == 16

    def no_torch(*_args, **_kwargs):
        raise AssertionError("cached stats must not run the network")

    monkeypatch.setattr(study, "iter_batches", no_torch)
    again = run_study(net, images, "eval", "fmaps", ["float16", "fixed8"], batch=2)
    assert list(again.formats) == ["float16", "fixed8"]
    assert np.array_equal(again.formats["fixed8"].bits["zvc"], st.bits["zvc"])

    paths = write_reports(result, tmp_path / "out")
    assert all(p.is_file() for p in paths)
    assert all("RANDOM-INIT" in p.name for p in paths[:3])
    summary = json.loads(paths[1].read_text())
    assert summary["meta"]["random_init"] and summary["meta"]["weights"] == "random-init-seed0"
    rows = paths[0].read_text().splitlines()
    assert rows[0].startswith("net,weights,mode,data,images,format,layer")
    assert len(rows) == 1 + 2 * 36 and rows[-1].split(",")[6] == "TOTAL"
    assert all(",random-init-seed0," in r for r in rows[1:])


def test_cli_help():
    out = subprocess.run([sys.executable, "-m", "ebpc.study", "--help"], capture_output=True, text=True, check=True)
    for opt in ("--net", "--images", "--batch", "--mode", "--data", "--formats", "--out", "--weights",
                "--random-init"):
        assert opt in out.stdout


def test_cli_runs_end_to_end(tmp_path):
    folder = tmp_path / "imgs"
    folder.mkdir()
    for i, px in enumerate(tiny_images(2, 96).pixels):
        Image.fromarray(px).save(folder / f"p{i}.png")
    env_cache = {"EBPC_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-m", "ebpc.study", "--net", "efficientnet_lite0", "--random-init",
                    "--images", str(folder), "--batch", "2", "--mode", "train", "--data", "grads",
                    "--formats", "fixed8,bfloat16", "--out", str(tmp_path / "out")],
                   check=True, capture_output=True, env={**os.environ, **env_cache})
    (js,) = (tmp_path / "out").glob("*.json")
    s = json.loads(js.read_text())
    assert s["meta"]["mode"] == "train" and s["meta"]["data"] == "grads" and len(s["formats"]) == 2
    assert (tmp_path / "out" / "totals.png").is_file()
    assert all(v > 0 for v in s["formats"]["fixed8"]["total"]["cr"].values())


def test_totals_table_prints_every_ratio() -> None:
    from ebpc.report import totals_table
    from ebpc.study import CODERS

    total = {
        "sparsity": 0.431,
        "cr": {c: 1.0 + i / 10 for i, c in enumerate(CODERS)},
        "cr_layer_mean": {c: 2.19 for c in CODERS},
        "ebpc_per_image": {"min": 1.73, "median": 1.86, "max": 2.2},
    }
    meta = {"net": "mobilenet_v2", "random_init": True, "mode": "eval", "data": "fmaps", "images": 32, "weights": "w"}
    text = totals_table({"meta": meta, "formats": {"fixed8": {"total": total}}})
    assert "RANDOM-INIT" in text
    row = text.splitlines()[-1].split()
    assert row[:4] == ["fixed8", "0.431", "1.00", "2.19"]
    assert row[4:8] == ["1.10", "1.20", "1.30", "1.40"] and row[-1] == "1.73/1.86/2.20"
