"""The bot's intent F1 by k-fold cross-validation (``rasa test nlu --cross-validation``).

    .venv/bin/python bench/bot_nlu_cv.py [--folds 3] [--full] [--data bot/data/nlu.yml]

Runs Rasa's own cross-validation with the Rasa interpreter (``.venv-rasa``) on the bot's training
examples. By default DIET is left out of the pipeline: it extracts the entities only
(``intent_classification: false``), so the intents it would not touch come out the same in about
5 minutes instead of 15; ``--full`` keeps it and reports the entities too. Needs the encoder linked
(``.venv-rasa/bin/python bot/prepare.py`` after ``jiesu setup``, or the tests' home).
Prints the per-intent table and last one JSON line: ``weighted_f1`` (what Rasa prints as
"F1-score"), ``macro_f1``, ``accuracy``, ``n``, ``folds``; writes bench/results/bot_nlu_cv.json.
Target (issue 6): intent F1 ≥ 0.95.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BOT = REPO / "bot"
RASA = REPO / ".venv-rasa" / "bin" / "rasa"


def _config(full: bool) -> str:
    """bot/config.yml, without DIET unless ``full``."""
    import yaml

    text = (BOT / "config.yml").read_text(encoding="utf-8")
    if full:
        return text
    cfg = yaml.safe_load(text)
    cfg["pipeline"] = [c for c in cfg["pipeline"] if c["name"] != "DIETClassifier"]
    return yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--full", action="store_true", help="keep DIET (entities; 3x slower)")
    ap.add_argument("--data", type=Path, default=BOT / "data" / "nlu.yml")
    ap.add_argument("--output", type=Path, default=REPO / "bench" / "results" / "bot_nlu_cv.json")
    args = ap.parse_args()
    if not RASA.exists():
        print(f"{RASA} missing: run `make venv-rasa`", file=sys.stderr)
        return 2
    subprocess.run([str(RASA.with_name("python")), "prepare.py"], cwd=BOT, check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="bot-cv-") as td:
        cfg = BOT / f".cv-config-{Path(td).name}.yml"  # in bot/: the custom components import from there
        cfg.write_text(_config(args.full), encoding="utf-8")
        t0 = time.time()
        try:
            r = subprocess.run([str(RASA), "test", "nlu", "--nlu", str(args.data.resolve()), "--config", cfg.name,
                                "--cross-validation", "--folds", str(args.folds), "--out", td],
                               cwd=BOT, capture_output=True, text=True)
        finally:
            cfg.unlink(missing_ok=True)
        if r.returncode != 0:
            print((r.stdout + r.stderr)[-4000:], file=sys.stderr)
            return 1
        report = json.loads((Path(td) / "intent_report.json").read_text(encoding="utf-8"))
    seconds = time.time() - t0
    intents = {k: v for k, v in report.items() if isinstance(v, dict) and "support" in v
               and k not in ("macro avg", "weighted avg", "micro avg")}
    print(f"{'intent':<15} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
    for name, v in sorted(intents.items(), key=lambda kv: kv[1]["f1-score"]):
        print(f"{name:<15} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1-score']:6.3f} {v['support']:5d}")
    res = {"folds": args.folds, "n": int(report["weighted avg"]["support"]),
           "weighted_f1": round(report["weighted avg"]["f1-score"], 4),
           "macro_f1": round(report["macro avg"]["f1-score"], 4),
           "accuracy": round(report.get("accuracy", 0.0), 4), "with_diet": args.full,
           "per_intent_f1": {k: round(v["f1-score"], 4) for k, v in sorted(intents.items())},
           "seconds": round(seconds, 1), "target": 0.95}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(res, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
