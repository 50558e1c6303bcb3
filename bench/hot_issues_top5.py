"""Top-5 hot issues of complaints/hot_issue_messages.jsonl → bench/results/hot_issues_top5.md.

    .venv/bin/python bench/hot_issues_top5.py [--days 90]

Uses the same code and cache as ``jiesu hot-issues --input …`` (the first run embeds the 4,326
messages: 5–8 minutes on 2 quiet cores; later runs read the cached vectors and grouping). Only
masked titles are written. Prints a JSON line last.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

OUT = Path(__file__).resolve().parent / "results" / "hot_issues_top5.md"


def _table(groups: list[dict]) -> list[str]:
    lines = ["| # | 标题 | 地点 | 时间跨度 | 条数 | 市民 | 点赞/反对 | 增长 | 热度 |",
             "|---|---|---|---|---:|---:|---:|---:|---:|"]
    for i, g in enumerate(groups, 1):
        lines.append(f"| {i} | {g['title']} | {g['place'] or '—'} | {g['start'][:10]} — {g['end'][:10]} | "
                     f"{g['count']} | {g['citizens']} | {g['likes']}/{g['dislikes']} | {g['trend']:+.2f} | "
                     f"{g['heat']:.1f} |")
    return lines


def _members(groups: list[dict]) -> list[str]:
    lines = []
    for i, g in enumerate(groups, 1):
        lines += ["", f"### {i}. {g['title']}（{g['count']} 条，{g['citizens']} 位市民）", "",
                  "| 编号 | 时间 | 标题（脱敏） | 重复提交 |", "|---|---|---|---|"]
        for it in g["items"]:
            title = it["title"].replace("|", "｜")
            lines.append(f"| {it['id']} | {(it['time'] or '')[:16].replace('T', ' ')} | {title} | "
                         f"{'是' if it['repost'] else ''} |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=float, default=90, help="the recent window shown second (days before the newest)")
    args = ap.parse_args()
    from triage import hot_issues as hi
    from triage.settings import Settings

    s = Settings()
    path = s.data_dir / "complaints" / "hot_issue_messages.jsonl"
    enc = s.load_encoder()
    t0 = time.time()
    idx = hi.group_file(path, s.home, enc, progress=lambda m: print(f"[top5] {m}", file=sys.stderr))
    seconds = time.time() - t0
    whole = hi.summarize(idx, top=5)
    since, until = hi.window(idx, args.days)
    recent = hi.summarize(idx, since=since, until=until, top=5)
    sizes = sorted((len(g.members) for g in idx.groups if g.members), reverse=True)
    p = idx.params
    lines = [
        "# 热点问题 Top 5 — complaints/hot_issue_messages.jsonl",
        "",
        f"由 `bench/hot_issues_top5.py` 生成（与 `jiesu hot-issues --input … --top 5` 同一代码与缓存）。"
        f"{len(idx)} 条留言分为 {len(sizes)} 组（≥3 条的 {sum(1 for n in sizes if n >= 3)} 组，"
        f"最大 {sizes[0]} 条）；编码器 `{enc.name}`；参数：同一小区 {p.threshold_same_community}，同一道路 {p.threshold_same_site}，"
        f"地点不可比 {p.threshold}，无小区/道路 {p.threshold_no_place}，词面权重 {p.lexical_weight}，"
        f"时间窗 {p.window_days:g} 天。分组用时 {seconds:.1f} s（含读取缓存）。",
        "",
        "热度 = (不同市民数 + ln(1 + max(0, 点赞 − 反对))) × (1 + 0.5·增长) × (1 + 0.5·集中度)；"
        "几乎相同的重复提交算同一市民；全量数据不计增长（0），近期窗口比较最后四分之一与之前的日均量。"
        "只列脱敏后的标题。",
        "",
        "## 全部数据（2017-06 — 2020-01）",
        "",
        *_table(whole),
        "",
        f"## 最近 {args.days:g} 天（{since:%Y-%m-%d} — {until:%Y-%m-%d}，计入增长）",
        "",
        *_table(recent),
        "",
        "## 各组成员（全部数据 Top 5）",
        *_members(whole),
        "",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"[top5] wrote {OUT}", file=sys.stderr)
    print(json.dumps({"bench": "hot_issues_top5", "messages": len(idx), "groups": len(sizes),
                      "top5": [{"title": g["title"], "count": g["count"], "citizens": g["citizens"],
                                "heat": g["heat"]} for g in whole],
                      "seconds": round(seconds, 1)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
