"""Hot-issue grouping quality on the data's message board, for a grouping parameter's values.

The table in ``triage/hot_issues.py``'s docstring, measured again: on
``complaints/hot_issue_messages.jsonl`` (4,326 real messages), re-post pairs (character-trigram
Jaccard ≥ 0.5 between two masked texts: the same matter said again) should land in one group,
random pairs of messages from the same district mostly should not.

    .venv/bin/python bench/hot_issues_tuning.py                             # the defaults
    .venv/bin/python bench/hot_issues_tuning.py threshold_same_site 0.97 0.98 0.99

Prints one line per setting — re-posts together (all / ≤ 30 days apart), random same-district
pairs merged, groups of ≥ 3 — and a JSON line last. Vectors come from the home's cache (the same
file vectors ``jiesu hot-issues --input`` and ``bench/hot_issues_top5.py`` use).
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _trigrams(s: str) -> set[str]:
    return {s[i:i + 3] for i in range(len(s) - 2)}


def pairs(messages) -> tuple[list[tuple[int, int, bool]], list[tuple[int, int]]]:
    """Re-post pairs (i, j, within 30 days) and 20,000 random same-district pairs (seed 0)."""
    grams = [_trigrams(m.masked) for m in messages]
    repost = []
    for i in range(len(messages)):
        for j in range(i + 1, len(messages)):
            a, b = grams[i], grams[j]
            if a and b and len(a & b) / len(a | b) >= 0.5:
                ti, tj = messages[i].time, messages[j].time
                near = bool(ti and tj and abs((ti - tj).total_seconds()) <= 30 * 86400)
                repost.append((i, j, near))
    by_district: dict[str, list[int]] = {}
    for i, m in enumerate(messages):
        for d in m.place.get("district") or []:
            by_district.setdefault(d, []).append(i)
    rng = random.Random(0)
    pools = [v for v in by_district.values() if len(v) >= 2]
    weights = [len(v) for v in pools]
    rand = []
    while len(rand) < 20_000 and pools:
        pool = rng.choices(pools, weights)[0]
        i, j = rng.sample(pool, 2)
        rand.append((i, j))
    return repost, rand


def main() -> None:
    from triage import hot_issues as hi
    from triage.settings import Settings

    s = Settings()
    path = s.data_dir / "complaints" / "hot_issue_messages.jsonl"
    enc = s.load_encoder()
    messages = hi.messages_from_rows(hi.read_rows(path))
    vecs = hi.embed_messages(messages, enc, cache=hi.file_vectors_path(s.home, hi.file_fingerprint(path), enc.name))
    repost, rand = pairs(messages)
    name = sys.argv[1] if len(sys.argv) > 1 else None
    values = [float(v) for v in sys.argv[2:]] if name else [None]
    out = []
    for v in values:
        params = replace(hi.Params(), **{name: v}) if name else hi.Params()
        t0 = time.time()
        idx = hi.HotIssueIndex(vecs.shape[1], params, enc.name)
        idx.add(messages, vecs)
        of_id = {m.id: idx.group_of[r] for r, m in enumerate(idx.messages)}  # the index keeps time order
        g = [of_id[m.id] for m in messages]
        together = sum(g[i] == g[j] for i, j, _ in repost) / max(1, len(repost))
        near = [(i, j) for i, j, n in repost if n]
        together_near = sum(g[i] == g[j] for i, j in near) / max(1, len(near))
        merged = sum(g[i] == g[j] for i, j in rand) / max(1, len(rand))
        big = sum(1 for grp in idx.groups if len(grp.members) >= 3)
        row = {"setting": f"{name}={v}" if name else "default", "reposts_together": round(together, 3),
               "reposts_together_30d": round(together_near, 3), "random_merged": round(merged, 4),
               "groups_ge3": big, "repost_pairs": len(repost), "random_pairs": len(rand),
               "seconds": round(time.time() - t0, 1)}
        out.append(row)
        print(f"{row['setting']:32s} re-posts together {together:.3f} ({together_near:.3f} ≤30 d)  "
              f"random pairs merged {100 * merged:.2f} %  groups ≥3 {big}  ({row['seconds']} s)")
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
