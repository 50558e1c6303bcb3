"""Batch contract speed: ``jiesu predict`` over N rows of ~300 characters (default 500).

Builds the input from real replied messages (trimmed/padded to ~300 characters), runs the real
CLI against the configured home (JIESU_HOME, default ./var; run ``jiesu setup`` first), and
prints rows/s and the ratio to the 3-minute budget. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=500)
    ap.add_argument("--chars", type=int, default=300)
    ap.add_argument("--budget-s", type=float, default=180.0)
    args = ap.parse_args()

    from triage.settings import get_settings

    s = get_settings()
    src = [json.loads(x) for x in (s.data_dir / "complaints/replied_messages.jsonl").open(encoding="utf-8")]
    rows = []
    for i in range(args.rows):
        r = src[i % len(src)]
        text = r["text"]
        while len(text) < args.chars:
            text += r["text"]
        rows.append({"id": f"bench-{i}", "title": r["title"], "text": text[: args.chars]})
    with tempfile.TemporaryDirectory() as td:
        inp, out = Path(td) / "in.jsonl", Path(td) / "out.jsonl"
        inp.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
        t0 = time.time()
        p = subprocess.run([sys.executable, "-m", "triage.cli", "predict", "--input", str(inp),
                            "--output", str(out)], cwd=REPO, env=os.environ.copy(),
                           capture_output=True, text=True)
        wall = time.time() - t0
        if p.returncode != 0:
            print(p.stderr[-3000:], file=sys.stderr)
            sys.exit(p.returncode)
        n_out = sum(1 for _ in out.open(encoding="utf-8"))
    res = {"rows": args.rows, "chars": args.chars, "seconds": round(wall, 1),
           "rows_per_s": round(args.rows / wall, 2), "budget_s": args.budget_s,
           "ratio_to_budget": round(wall / args.budget_s, 3), "output_rows": n_out}
    print(f"{args.rows} rows × {args.chars} chars in {wall:.1f}s "
          f"({res['rows_per_s']} rows/s), {res['ratio_to_budget']:.0%} of the {args.budget_s:.0f}s budget")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
