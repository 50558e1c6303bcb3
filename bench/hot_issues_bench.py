"""Hot-issue grouping throughput on synthetic cases (the encoder is not part of this bench).

Cases come from random topics: each topic is one problem at one place over a few weeks, its
vectors are the topic centre plus noise around a shared direction (real e5 vectors of Chinese
complaints all sit within ~0.8–0.95 cosine of each other, so the shared part is large). A third
of the cases name no 小区/road (only the district), a few carry a typo in the 小区 name; each
case carries 8 "matter words", 4 of them from its topic's 6.

    .venv/bin/python bench/hot_issues_bench.py            # 30k cases (≤ 3 min on 2 cores)
    .venv/bin/python bench/hot_issues_bench.py --n 100000 # the target: 100k in < 10 min

Prints progress, the figures, and a JSON line last.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def synthetic(n: int, dim: int = 384, seed: int = 0, cases_per_topic: float = 6.0):
    """(messages, vectors, topic per message) for ``n`` cases."""
    from triage.hot_issues import Message

    rng = np.random.default_rng(seed)
    n_topics = max(1, int(n / cases_per_topic))
    shared = rng.standard_normal(dim).astype(np.float32)
    shared /= np.linalg.norm(shared)
    centres = rng.standard_normal((n_topics, dim)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    # Topic sizes are skewed (a few hot issues, many one-off complaints).
    sizes = rng.zipf(2.2, n_topics).astype(float)
    topic = rng.choice(n_topics, size=n, p=sizes / sizes.sum())
    noise = rng.standard_normal((n, dim)).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    # cosine ≈ 0.97 within a topic, ≈ 0.88 between topics (like e5 on complaints)
    vecs = 2.6 * shared + 1.0 * centres[topic] + 0.35 * noise
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    districts = [f"A{i}区" for i in range(1, 17)]
    t_district = rng.integers(0, len(districts), n_topics)
    t_comm = rng.integers(0, 5000, n_topics)
    t_start = rng.uniform(0, 365, n_topics)
    base = datetime(2025, 1, 1)
    no_site = rng.random(n) < 0.33
    typo = rng.random(n) < 0.05
    when = t_start[topic] + rng.exponential(7.0, n)
    # the matter's words: 6 per topic from a 30k vocabulary; a case uses 4 of them and 4 others
    vocab = [f"w{i}" for i in range(30_000)]
    t_words = rng.integers(0, len(vocab), (n_topics, 6))
    msgs = []
    for i in range(n):
        t = topic[i]
        place: dict[str, list[str]] = {"district": [districts[t_district[t]]]}
        if not no_site[i]:
            name = f"第{t_comm[t]}号家园"
            if typo[i]:
                name = name.replace("家园", "佳园")
            place["community"] = [name + "小区"]
        words = [vocab[w] for w in rng.choice(t_words[t], 4, replace=False)] + \
                [vocab[w] for w in rng.integers(0, len(vocab), 4)]
        terms = {w: 1 / np.sqrt(len(set(words))) for w in set(words)}
        msgs.append(Message(id=f"c{i}", title="", masked=f"case {i} topic {t}",
                            time=base + timedelta(days=float(when[i])), place=place, terms=terms))
    return msgs, vecs.astype(np.float32), topic


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=30_000, help="cases (default 30k; the target is 100k)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=5_000, help="cases per add() call (incremental growth)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    import faiss

    faiss.omp_set_num_threads(args.threads)
    from triage.hot_issues import HotIssueIndex, Params

    t0 = time.time()
    msgs, vecs, topic = synthetic(args.n, seed=args.seed)
    gen_s = time.time() - t0
    print(f"[bench] generated {args.n} synthetic cases in {gen_s:.1f} s", file=sys.stderr, flush=True)
    order = sorted(range(args.n), key=lambda i: msgs[i].time)
    msgs = [msgs[i] for i in order]
    vecs = vecs[order]
    topic = topic[order]
    idx = HotIssueIndex(vecs.shape[1], Params())
    t0 = time.time()
    chunk_rates = []
    for a in range(0, args.n, args.chunk):
        t1 = time.time()
        idx.add(msgs[a:a + args.chunk], vecs[a:a + args.chunk])
        dt = time.time() - t1
        chunk_rates.append((a + args.chunk) / max(1e-9, time.time() - t0))
        print(f"[bench] {min(a + args.chunk, args.n):>7} cases  {len(idx.groups):>6} groups  "
              f"chunk {dt:5.1f} s  ({args.chunk / max(dt, 1e-9):.0f} cases/s)", file=sys.stderr, flush=True)
    total_s = time.time() - t0
    # Quality on the synthetic truth: purity = cases in their group's majority topic; split = topics
    # (with ≥ 2 cases) spread over more than one group.
    groups = np.array(idx.group_of[:args.n])
    by_group: dict[int, Counter] = {}
    for g, t in zip(groups, topic, strict=True):
        by_group.setdefault(int(g), Counter())[int(t)] += 1
    purity = sum(c.most_common(1)[0][1] for c in by_group.values()) / args.n
    groups_of_topic: dict[int, set[int]] = {}
    for g, t in zip(groups, topic, strict=True):
        groups_of_topic.setdefault(int(t), set()).add(int(g))
    multi = [t for t, c in Counter(topic.tolist()).items() if c >= 2]
    together = sum(1 for t in multi if len(groups_of_topic[t]) == 1) / max(1, len(multi))
    per_100k = total_s * 100_000 / args.n
    result = {"bench": "hot_issues", "n": args.n, "threads": args.threads, "seconds": round(total_s, 1),
              "cases_per_s": round(args.n / total_s, 1), "projected_100k_s": round(per_100k, 1),
              "target_100k_s": 600, "within_target": per_100k < 600, "groups": len(idx.groups),
              "topics": len(set(topic.tolist())), "purity": round(purity, 4),
              "topics_in_one_group": round(together, 4)}
    print(f"[bench] {args.n} cases grouped in {total_s:.1f} s ({args.n / total_s:.0f} cases/s); "
          f"100k projected {per_100k:.0f} s of the 600 s target; purity {purity:.3f}, "
          f"topics kept in one group {together:.3f}", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
