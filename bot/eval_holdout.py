"""Intent accuracy of a trained bot model on the held-out messages (``tests/nlu_holdout.yml``).

    .venv-rasa/bin/python bot/eval_holdout.py [--model bot/models/X.tar.gz] [--data FILE] [--json OUT]

Writes one JSON object to ``--json`` (and prints it last): ``accuracy``, ``n``, per-intent
``correct/total``, and the misread messages (the held-out file holds written examples, no citizen's data). The default model is
the one ``models/meta.json`` names (what ``prepare.py --train-if-changed`` trained).
Exit code 2 when there is no model.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from pathlib import Path

BOT = Path(__file__).resolve().parent


def _default_model() -> Path | None:
    try:
        meta = json.loads((BOT / "models" / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    model = BOT / "models" / str(meta.get("model", ""))
    return model if meta.get("model") and model.is_file() else None


async def evaluate(model: Path, data: Path) -> dict:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    examples = [m for m in load_data(str(data)).intent_examples]
    agent = Agent.load(str(model))
    per: dict[str, list[int]] = {}
    wrong = []
    for m in examples:
        expected = m.get("intent")
        parsed = await agent.parse_message(m.get("text"))
        got = (parsed.get("intent") or {}).get("name")
        ok = got == expected
        per.setdefault(expected, [0, 0])
        per[expected][0] += ok
        per[expected][1] += 1
        if not ok:
            wrong.append({"text": m.get("text"), "expected": expected, "predicted": got,
                          "confidence": round(float((parsed.get("intent") or {}).get("confidence") or 0), 3)})
    n = len(examples)
    correct = sum(c for c, _ in per.values())
    return {"model": model.name, "data": str(data), "n": n, "accuracy": round(correct / n, 4) if n else None,
            "per_intent": {k: f"{c}/{t}" for k, (c, t) in sorted(per.items())}, "misread": wrong}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--data", type=Path, default=BOT / "tests" / "nlu_holdout.yml")
    ap.add_argument("--json", type=Path, default=None, help="write the result here (Rasa logs to stdout too)")
    args = ap.parse_args(argv)
    model = args.model or _default_model()
    if model is None or not model.is_file():
        print("没有训练好的模型 / no trained model: run prepare.py --train-if-changed", file=sys.stderr)
        return 2
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    logging.disable(logging.WARNING)
    os.chdir(BOT)  # the model's JiebaTokenizer reads its dictionary relative to bot/
    out = args.json.resolve() if args.json else None
    result = json.dumps(asyncio.run(evaluate(model.resolve(), args.data.resolve())), ensure_ascii=False, indent=1)
    if out:
        out.write_text(result + "\n", encoding="utf-8")
    print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
