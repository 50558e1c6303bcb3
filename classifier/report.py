"""The evaluation report: ``report.md`` (Chinese headings, tables) and three PNGs drawn with
matplotlib's Agg backend — confusion matrix, reliability diagram, coverage–precision curve.

A CJK font is looked up through ``matplotlib.font_manager`` (WenQuanYi Micro Hei from
``fonts-wqy-microhei``, or another CJK font); without one the figures use English text and
numbered classes (the mapping is in the report), so nothing renders as boxes.
"""

from __future__ import annotations

import os
import re
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

CONFUSION_PNG = "confusion_matrix.png"
RELIABILITY_PNG = "reliability.png"
COVERAGE_PNG = "coverage_precision.png"

_CJK_NAMES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC",
              "Source Han Sans SC", "Source Han Sans CN", "SimHei", "Microsoft YaHei", "PingFang SC")
_CJK_FILE = re.compile(r"wqy|cjk|sourcehan|simhei|msyh|pingfang|notosanssc", re.IGNORECASE)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """Name of an installed font that covers Chinese, registering its file if matplotlib's font
    cache predates it; None when there is none."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for n in _CJK_NAMES:
        if n in names:
            return n
    for path in font_manager.findSystemFonts():
        if _CJK_FILE.search(os.path.basename(path)):
            try:
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
            except (OSError, RuntimeError, ValueError):
                continue
    return None


def _figure(w: float, h: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(w, h), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".png")
    os.close(fd)
    fig.savefig(tmp, format="png")
    _publish(tmp, path)


def _publish(tmp: str, path: Path) -> None:
    """Give the temp file the usual permissions (mkstemp makes it 0600), then rename it."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


def _rc() -> dict[str, Any]:
    font = cjk_font()
    rc: dict[str, Any] = {"axes.unicode_minus": False}
    if font:
        rc.update({"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"]})
    return rc


def plot_confusion(conf: list[list[int]], labels: list[str], path: Path, title: str) -> None:
    """Heat map of the confusion matrix (rows true, columns predicted), row-normalized colours,
    counts in the cells."""
    m = np.asarray(conf, float)
    share = m / np.maximum(m.sum(axis=1, keepdims=True), 1)
    cjk = cjk_font() is not None
    names = labels if cjk else [f"c{i + 1}" for i in range(len(labels))]
    fig = _figure(1.1 * len(labels) + 2.5, 0.9 * len(labels) + 2)
    ax = fig.add_subplot()
    im = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(j, i, int(m[i, j]), ha="center", va="center", fontsize=9,
                    color="white" if share[i, j] > 0.6 else "black")
    ax.set_xticks(range(len(labels)), names, rotation=40, ha="right")
    ax.set_yticks(range(len(labels)), names)
    ax.set_xlabel("预测类别 / predicted" if cjk else "predicted")
    ax.set_ylabel("真实类别 / true" if cjk else "true")
    ax.set_title(title)
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="行占比 / row share" if cjk else "row share")
    _save(fig, path)


def plot_reliability(before: list[dict], after: list[dict], ece: tuple[float, float], path: Path,
                     title: str) -> None:
    """Reliability diagrams side by side: accuracy per confidence bin against the diagonal,
    before and after calibration."""
    cjk = cjk_font() is not None
    fig = _figure(10, 4.4)
    for k, (bins, name, e) in enumerate(((before, "校准前 / before" if cjk else "before", ece[0]),
                                         (after, "校准后 / after" if cjk else "after", ece[1]))):
        ax = fig.add_subplot(1, 2, k + 1)
        lo = np.array([b["lo"] for b in bins])
        width = bins[0]["hi"] - bins[0]["lo"]
        acc = np.array([b["accuracy"] if b["accuracy"] is not None else 0.0 for b in bins])
        conf = np.array([b["confidence"] if b["confidence"] is not None else 0.0 for b in bins])
        filled = np.array([b["n"] > 0 for b in bins])
        ax.bar(lo, acc, width=width, align="edge", color="#4c72b0", edgecolor="white",
               label="准确率 / accuracy" if cjk else "accuracy")
        ax.plot((lo + width / 2)[filled], conf[filled], "D", color="#dd8452", ms=4,
                label="平均置信度 / mean confidence" if cjk else "mean confidence")
        ax.plot([0, 1], [0, 1], "--", color="gray", lw=1)
        ax2 = ax.twinx()
        ax2.plot(lo + width / 2, [b["n"] for b in bins], "o-", color="#55a868", ms=3, lw=1,
                 label="样本数 / rows" if cjk else "rows")
        ax2.set_ylabel("样本数 / rows" if cjk else "rows", color="#55a868")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("置信度 / confidence" if cjk else "confidence")
        ax.set_ylabel("准确率 / accuracy" if cjk else "accuracy")
        ax.set_title(f"{name}  ECE={e:.4f}")
    handles = [h for a in (ax, ax2) for h in a.get_legend_handles_labels()[0]]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8)
    fig.suptitle(title)
    _save(fig, path)


def _curve_points(curve: list[dict]) -> tuple[list[float], list[float]]:
    return [c["coverage"] for c in curve], [c["precision"] for c in curve]


def plot_coverage(curves: dict[str, list[dict]], p80: dict[str, tuple[float, float]], path: Path,
                  title: str) -> None:
    """Precision of the most confident answers against the share answered, one line per model;
    the 80 % point marked."""
    cjk = cjk_font() is not None
    fig = _figure(6.4, 4.6)
    ax = fig.add_subplot()
    for name, curve in curves.items():
        x, y = _curve_points(curve)
        line, = ax.plot(x, y, "o-", ms=3, label=name)
        prec, thr = p80[name]
        ax.plot([0.8], [prec], "s", color=line.get_color(), ms=8)
        ax.annotate(f"{prec:.3f} (≥{thr:.2f})", (0.8, prec), textcoords="offset points",
                    xytext=(10, -14 if name != next(iter(curves)) else 6), fontsize=8,
                    color=line.get_color())
    ax.axvline(0.8, ls="--", color="gray", lw=1)
    ax.set_xlabel("覆盖率（回答比例）/ coverage" if cjk else "coverage (share answered)")
    ax.set_ylabel("精度 / precision" if cjk else "precision")
    ax.set_xlim(0, 1.02)
    lows = [c["precision"] for curve in curves.values() for c in curve]
    ax.set_ylim(max(0.0, min(lows) - 0.05), 1.005)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    ax.set_title(title)
    _save(fig, path)


def _f(v: Any) -> str:
    return "—" if v is None else (f"{v:.4f}" if isinstance(v, float) else str(v))


def _table(head: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(_f(v) for v in r) + " |" for r in rows]
    return "\n".join(out)


def baseline_unknown_line(result: dict[str, Any]) -> str | None:
    """The report's warning when the baseline never saw some labels (a label supervisors added: its base
    data lacks it, tester55 S18), with both models' figures on the labels both know; None otherwise."""
    kind, base = result["kind"], result["baseline"]
    unknown = (result["models"].get(base) or {}).get("unknown_labels") if base != kind else None
    if not unknown:
        return None
    own, theirs = result["models"][kind]["shared_labels"], result["models"][base]["shared_labels"]
    return (f"- ⚠ 基线没见过类别 {'、'.join(unknown)}（只用基础标注数据训练），这些类别上的基线分数没有可比性；"
            f"只看双方都认识的 {len(own['labels'])} 个类别（{own['rows']} 条）：模型准确率 {own['accuracy']}、"
            f"macro-F1 {own['macro_f1']}，基线 {theirs['accuracy']}、{theirs['macro_f1']} / the baseline never "
            "saw these labels; on the labels both know the figures are as given")


def render_markdown(result: dict[str, Any], files: dict[str, str]) -> str:
    """``report.md`` text of an evaluation result."""
    kind, base = result["kind"], result["baseline"]
    cols = [kind] + ([base] if base != kind else [])
    blocks = {k: result["models"][k] for k in cols}
    labels = result["labels"]
    d = result["data"]
    if result["method"] == "cv":
        how = (f"{result['folds']} 折分层交叉验证 / {result['folds']}-fold stratified CV "
               f"(seed {result['seed']})，数据 `{d['source']}` 共 {d['rows']} 条"
               + (f"（--limit {d['limit']}）" if d.get("limit") else ""))
        calib = ("校准前：决策分数直接 softmax（T=1）；校准后：每折的温度与首选类别的分差校准"
                 "（置信度 = sigmoid(a·分差 + b)，分差为最高分减次高分）在其余各折的折外分数上拟合"
                 "（交叉拟合，同一行不会用在自身上拟合的校准）；表中“温度”“分差校准”为在全部折外分数上"
                 "拟合、供部署使用的值。")
    else:
        how = (f"模型 `{result['model_id']}` 在标注文件 `{d['source']}` 上（{d['rows']} 条）；"
               f"基线用同样的标注数据训练（{d['training_rows']} 条，与该模型一样留出固定评估集）")
        calib = ("校准前：决策分数直接 softmax（T=1）；校准后：各模型训练时在留出集上拟合并保存的温度"
                 "与分差校准。")
    lines = [f"# 分类模型评估报告 / classifier evaluation — {kind}", "",
             f"- 方法 / method：{how}",
             f"- 模型类型 / kind：`{kind}`，基线 / baseline：`{base}`（TF-IDF 字符 1–3 元 + LinearSVC）",
             f"- 编码器 / encoder：`{result.get('encoder') or '—'}`",
             f"- 数据形式 / forms：raw {d['forms'].get('raw', 0)} 条，segmented {d['forms'].get('segmented', 0)} 条",
             f"- 生成时间 / created：{result.get('created_at', '—')}，用时 {result.get('seconds', '—')} s"]
    if result.get("model_id"):
        lines.append(f"- 模型版本 / model：`{result['model_id']}`")
    if d.get("model_extra_rows"):
        lines.append(f"- 模型另用了 {d['model_extra_rows']} 条案件库/补充样本，基线只用标注数据 / "
                     "the model also saw rows from the case store; the baseline did not")
    unknown = baseline_unknown_line(result)
    if unknown:
        lines.append(unknown)
    if result.get("warning"):   # a few rows: the calibration figures below say little
        lines.append(f"- ⚠ {result['warning']}")
    lines += ["", "## 总体指标 / overall", ""]
    metric_rows = [("准确率 / accuracy", lambda b: b["accuracy"]),
                   ("宏平均 F1 / macro-F1", lambda b: b["macro_f1"]),
                   ("raw 行准确率 / raw rows", lambda b: b["accuracy_raw_rows"]),
                   ("segmented 行准确率 / segmented rows", lambda b: b["accuracy_segmented_rows"]),
                   ("ECE 校准前 / before", lambda b: b["calibration"]["before"]["ece"]),
                   ("ECE 校准后 / after", lambda b: b["calibration"]["after"]["ece"]),
                   ("NLL 校准前 / before", lambda b: b["calibration"]["before"]["nll"]),
                   ("NLL 校准后 / after", lambda b: b["calibration"]["after"]["nll"]),
                   ("80% 覆盖精度 校准前 / precision@80% before",
                    lambda b: b["calibration"]["before"]["precision_at_80_coverage"]),
                   ("80% 覆盖精度 校准后 / precision@80% after",
                    lambda b: b["calibration"]["after"]["precision_at_80_coverage"]),
                   ("询问阈值（校准后）/ ask threshold", lambda b: b["calibration"]["after"]["ask_threshold"]),
                   ("温度 / temperature", lambda b: b["temperature"]),
                   ("分差校准 a, b / margin calibration",
                    lambda b: ", ".join(f"{v:.3f}" for v in b["margin_cal"]) if b.get("margin_cal") else "—")]
    head = ["指标 / metric"] + [f"`{c}`" + ("（基线）" if c == base else "") for c in cols]
    lines.append(_table(head, [[name] + [fn(blocks[c]) for c in cols] for name, fn in metric_rows]))
    lines += ["", f"raw 行 {blocks[kind]['n_raw_rows']} 条，segmented 行 {blocks[kind]['n_segmented_rows']} 条。"]

    lines += ["", f"## 各类别 / per class (`{kind}`)", ""]
    per = blocks[kind]["per_class"]
    rows = [[lab, per[lab]["precision"], per[lab]["recall"], per[lab]["f1"], per[lab]["support"]]
            + ([result["models"][base]["per_class"][lab]["f1"]] if base != kind else [])
            for lab in labels]
    lines.append(_table(["类别 / label", "精确率 / precision", "召回率 / recall", "F1", "样本数 / support"]
                        + ([f"基线 F1 / `{base}`"] if base != kind else []), rows))

    lines += ["", "## 混淆矩阵 / confusion matrix", "", "行为真实类别，列为预测类别 / rows true, columns predicted.", ""]
    conf = blocks[kind]["confusion"]
    lines.append(_table(["真实 \\ 预测"] + labels, [[lab] + conf[i] for i, lab in enumerate(labels)]))
    lines += ["", f"![混淆矩阵]({files['confusion']})"]
    if files.get("legend"):
        lines += ["", files["legend"]]

    a = blocks[kind]["calibration"]["after"]
    b = blocks[kind]["calibration"]["before"]
    lines += ["", "## 校准 / calibration", "", calib, "",
              (f"期望校准误差 ECE（15 个等宽区间）：校准前 {b['ece']:.4f} → 校准后 {a['ece']:.4f}；"
               f"平均置信度 {b['mean_confidence']:.4f} → {a['mean_confidence']:.4f}，"
               f"准确率 {blocks[kind]['accuracy']:.4f}。"), "",
              f"![可靠性图]({files['reliability']})", "",
              _table(["区间 / bin", "样本数 / n", "准确率 / accuracy", "平均置信度 / confidence"],
                     [[f"{x['lo']:.2f}–{x['hi']:.2f}", x["n"], x["accuracy"], x["confidence"]]
                      for x in a["reliability"] if x["n"]])]

    lines += ["", "## 覆盖率与精度 / coverage–precision", "",
              "按置信度从高到低只回答前一部分投诉时，这部分的精度；其余转人工或由机器人追问。", "",
              f"![覆盖率-精度曲线]({files['coverage']})", ""]
    pts = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    curve_rows = []
    for p in pts:
        row: list[Any] = [f"{int(p * 100)}%"]
        for c in cols:
            hit = next(x for x in result["models"][c]["calibration"]["after"]["coverage_curve"]
                       if abs(x["coverage"] - p) < 1e-6)
            row += [hit["precision"], hit["threshold"]]
        curve_rows.append(row)
    lines.append(_table(["覆盖率 / coverage"] + [h for c in cols for h in (f"`{c}` 精度", f"`{c}` 阈值")],
                        curve_rows))

    lines += ["", "## 询问阈值 / ask threshold", "",
              (f"校准后置信度低于 **{a['ask_threshold']:.4f}** 时，机器人应追问（或转人工）而不是直接归类："
               f"此时约 80% 的投诉被直接归类，其精度为 **{a['precision_at_80_coverage']:.4f}**"
               f"（全部直接归类时为 {blocks[kind]['accuracy']:.4f}）。")]
    if base != kind:
        ab = result["models"][base]["calibration"]["after"]
        lines.append(f"基线同一覆盖率下：阈值 {ab['ask_threshold']:.4f}，精度 {ab['precision_at_80_coverage']:.4f}。")
    lines.append("")
    return "\n".join(lines)


def write_report(result: dict[str, Any], out_dir: Path) -> list[Path]:
    """Draw the three figures and write ``report.md`` into ``out_dir``; their paths."""
    import matplotlib

    kind, base = result["kind"], result["baseline"]
    cols = [kind] + ([base] if base != kind else [])
    labels = result["labels"]
    blk = result["models"][kind]
    with warnings.catch_warnings(), matplotlib.rc_context(_rc()):
        warnings.filterwarnings("ignore", message=".*[Gg]lyph.*missing.*")
        cjk = cjk_font() is not None
        plot_confusion(blk["confusion"], labels, out_dir / CONFUSION_PNG,
                       f"混淆矩阵 / confusion matrix — {kind}" if cjk else f"confusion matrix - {kind}")
        plot_reliability(blk["calibration"]["before"]["reliability"], blk["calibration"]["after"]["reliability"],
                         (blk["calibration"]["before"]["ece"], blk["calibration"]["after"]["ece"]),
                         out_dir / RELIABILITY_PNG,
                         f"可靠性图 / reliability — {kind}" if cjk else f"reliability - {kind}")
        plot_coverage({c: result["models"][c]["calibration"]["after"]["coverage_curve"] for c in cols},
                      {c: (result["models"][c]["calibration"]["after"]["precision_at_80_coverage"],
                           result["models"][c]["calibration"]["after"]["ask_threshold"]) for c in cols},
                      out_dir / COVERAGE_PNG,
                      "覆盖率–精度（校准后）/ coverage–precision" if cjk else "coverage-precision (calibrated)")
    files = {"confusion": CONFUSION_PNG, "reliability": RELIABILITY_PNG, "coverage": COVERAGE_PNG}
    if not cjk:
        files["legend"] = "图中类别编号 / class numbers in the figures: " + "，".join(
            f"c{i + 1} = {lab}" for i, lab in enumerate(labels))
    md = out_dir / "report.md"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".report.", suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(render_markdown(result, files))
    _publish(tmp, md)
    return [md, out_dir / CONFUSION_PNG, out_dir / RELIABILITY_PNG, out_dir / COVERAGE_PNG]
