"""Study reports: summary numbers, CSV, JSON and PNG plots.

    python -m ebpc.report DIR     # redraw DIR/totals.png from every study JSON in DIR
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np

from .study import CODERS, FormatStats, StudyResult


def _spread(x: np.ndarray) -> dict[str, float]:
    return {"min": float(np.min(x)), "median": float(np.median(x)), "max": float(np.max(x))}


def _summary(words: np.ndarray, st: FormatStats, n_images: int) -> dict:
    """Ratios over the given maps (rows of st) and all images; per-image spread of EBPC's ratio."""
    orig = words.sum() * n_images * st.data_w
    ebpc_img = words.sum() * st.data_w / st.bits["ebpc"].sum(axis=0)
    return {
        "words": int(words.sum() * n_images),
        "sparsity": float(st.zeros.sum() / (words.sum() * n_images)),
        "cr": {c: float(orig / st.bits[c].sum()) for c in CODERS},
        "cr_ebpc_unpadded": float(orig / st.ebpc_unpadded.sum()),
        "ebpc_per_image": _spread(ebpc_img),
    }


def summarize(result: StudyResult) -> dict:
    """JSON-ready summary: per format the totals over all maps and images, and per-map rows."""
    n = result.meta["images"]
    out = {"meta": result.meta, "formats": {}}
    for fmt, st in result.formats.items():
        rows = []
        for i, name in enumerate(result.layers):
            one = FormatStats(st.data_w, {c: b[i:i + 1] for c, b in st.bits.items()},
                              st.ebpc_unpadded[i:i + 1], st.zeros[i:i + 1])
            rows.append({"name": name, "words_per_image": int(result.words[i]),
                         **_summary(result.words[i:i + 1], one, n)})
        total = _summary(result.words, st, n)
        # the unweighted mean of the per-map ratios: how the paper's "average compression" figures read
        total["cr_layer_mean"] = {c: float(np.mean([r["cr"][c] for r in rows])) for c in CODERS}
        out["formats"][fmt] = {"data_w": st.data_w, "total": total, "layers": rows}
    return out


def totals_table(summary: dict) -> str:
    """The totals of one study run as a plain-text table, one row per number format."""
    m = summary["meta"]
    tag = " (RANDOM-INIT weights)" if m["random_init"] else ""
    lines = [f"{m['net']}{tag}, {m['mode']} {m['data']}, {m['images']} images, weights {m['weights']}",
             f"{'format':<9}{'sparsity':>9}{'EBPC':>7}{'layer-mean':>11}  "
             + "".join(f"{c.upper():>7}" for c in CODERS if c != "ebpc") + "   EBPC per image min/med/max"]
    for fmt, f in summary["formats"].items():
        t = f["total"]
        sp = t["ebpc_per_image"]
        lines.append(f"{fmt:<9}{t['sparsity']:>9.3f}{t['cr']['ebpc']:>7.2f}{t['cr_layer_mean']['ebpc']:>11.2f}  "
                     + "".join(f"{t['cr'][c]:>7.2f}" for c in CODERS if c != "ebpc")
                     + f"   {sp['min']:.2f}/{sp['median']:.2f}/{sp['max']:.2f}")
    return "\n".join(lines)


def stem(meta: dict) -> str:
    tag = "-RANDOM-INIT" if meta["random_init"] else ""
    return f"{meta['net']}-{meta['mode']}-{meta['data']}-{meta['images']}img-{meta['images_digest'][:6]}{tag}"


def write_csv(summary: dict, path: Path) -> None:
    m = summary["meta"]
    head = ["net", "weights", "mode", "data", "images", "format", "layer", "words", "sparsity",
            *(f"cr_{c}" for c in CODERS), "cr_ebpc_unpadded", "ebpc_img_min", "ebpc_img_median", "ebpc_img_max", "cr_ebpc_layer_mean"]
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        for fmt, fs in summary["formats"].items():
            for name, row in [*((r["name"], r) for r in fs["layers"]), ("TOTAL", fs["total"])]:
                sp = row["ebpc_per_image"]
                w.writerow([m["net"], m["weights"], m["mode"], m["data"], m["images"], fmt, name, row["words"],
                            f"{row['sparsity']:.4f}", *(f"{row['cr'][c]:.4f}" for c in CODERS),
                            f"{row['cr_ebpc_unpadded']:.4f}", *(f"{sp[k]:.4f}" for k in ("min", "median", "max")),
                            f"{row['cr_layer_mean']['ebpc']:.4f}" if "cr_layer_mean" in row else ""])


def _title(meta: dict) -> str:
    label = " [RANDOM INIT, untrained]" if meta["random_init"] else ""
    return f"{meta['net']} {meta['mode']} {meta['data']}, {meta['images']} images{label}"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_layers(summary: dict, path: Path) -> None:
    """Per-map compression ratio of every coder, one panel per format."""
    plt = _pyplot()
    fmts = summary["formats"]
    n_layers = len(next(iter(fmts.values()))["layers"])
    fig, axes = plt.subplots(len(fmts), 1, figsize=(max(8.0, 0.3 * n_layers), 3.2 * len(fmts)),
                             squeeze=False)
    width = 0.8 / len(CODERS)
    x = np.arange(n_layers)
    for ax, (fmt, fs) in zip(axes[:, 0], fmts.items()):
        for k, c in enumerate(CODERS):
            ax.bar(x + k * width, [r["cr"][c] for r in fs["layers"]], width, label=c)
        ax.axhline(1.0, color="k", lw=0.5)
        ax.set_xlim(-0.5, n_layers)
        ax.set_ylabel(f"{fmt} ratio")
        ax.set_xticks(x + 0.4 - width / 2, [r["name"] for r in fs["layers"]], rotation=90, fontsize=6)
        ax.set_title(f"{_title(summary['meta'])}: total EBPC {fs['total']['cr']['ebpc']:.2f}", fontsize=9)
    axes[0, 0].legend(ncol=len(CODERS), fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_totals(folder: Path) -> Path:
    """Total EBPC ratio of every study JSON in `folder`, grouped by network run and format."""
    plt = _pyplot()
    runs = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
    fmts = sorted({f for r in runs for f in r["formats"]})
    labels = [f"{r['meta']['net']}\n{r['meta']['mode']} {r['meta']['data']}\n{r['meta']['images']} images"
              + ("\n(random init)" if r["meta"]["random_init"] else "") for r in runs]
    fig, ax = plt.subplots(figsize=(max(6.0, 1.3 * len(runs)), 4))
    width = 0.8 / max(1, len(fmts))
    for k, fmt in enumerate(fmts):
        vals = [r["formats"][fmt]["total"]["cr"]["ebpc"] if fmt in r["formats"] else 0.0 for r in runs]
        ax.bar(np.arange(len(runs)) + k * width, vals, width, label=fmt)
    ax.set_xticks(np.arange(len(runs)) + 0.4 - width / 2, labels, fontsize=7)
    ax.set_ylabel("EBPC compression ratio (total)")
    ax.axhline(1.0, color="k", lw=0.5)
    ax.legend(fontsize=7)
    fig.tight_layout()
    path = folder / "totals.png"
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write_reports(result: StudyResult, out: Path) -> list[Path]:
    """CSV, JSON and per-layer PNG of one study run, then the folder's totals plot."""
    out.mkdir(parents=True, exist_ok=True)
    summary = summarize(result)
    base = out / stem(result.meta)
    paths = [base.with_suffix(".csv"), base.with_suffix(".json"), base.with_suffix(".png")]
    write_csv(summary, paths[0])
    paths[1].write_text(json.dumps(summary, indent=1))
    plot_layers(summary, paths[2])
    return [*paths, plot_totals(out)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m ebpc.report", description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="folder holding study JSON files")
    print(f"wrote {plot_totals(ap.parse_args(argv).folder)}")


if __name__ == "__main__":
    main()
