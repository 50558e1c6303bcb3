"""Rasa's own checks on the bot, run with the Rasa interpreter: ``rasa data validate`` and
``rasa test core`` on the dialogue test stories (``bot/tests/test_stories.yml``: happy path,
missing address, vague complaint clarified, ambiguous category chosen, progress query, handoffs,
out of scope, API down) against the trained model."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
RASA = REPO / ".venv-rasa" / "bin" / "rasa"
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONWARNINGS": "ignore::DeprecationWarning"}
UNUSED = re.compile(r"UserWarning: The utterance '(\w+)' is not used in any story or rule\.")


def _rasa() -> Path:
    if not RASA.exists():
        pytest.skip(f"{RASA} missing: run `make venv-rasa`")
    return RASA


def test_bot_rasa_data_validate_is_clean():
    r = subprocess.run([str(_rasa()), "data", "validate", "--domain", "domain.yml", "--data", "data"],
                       cwd=BOT, env=ENV, capture_output=True, text=True, timeout=600)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out[-4000:]
    # The only warnings allowed: responses Rasa's validator cannot see being used, because the
    # form asks for its slots itself (utter_ask_<slot>), the validation actions send them, or
    # Rasa's own action_default_fallback does (utter_default, said instead of silence) or its
    # action_restart ("/restart": utter_restart).
    domain = yaml.safe_load((BOT / "domain.yml").read_text(encoding="utf-8"))
    slots = {s for form in domain["forms"].values() for s in form["required_slots"]}
    actions_code = "\n".join(p.read_text(encoding="utf-8") for p in (BOT / "actions").rglob("*.py"))
    for name in UNUSED.findall(out):
        assert name.removeprefix("utter_ask_") in slots or f'"{name}"' in actions_code \
            or name in ("utter_default", "utter_restart"), name
    others = [line for line in out.splitlines()
              if "UserWarning" in line and not UNUSED.search(line)]
    assert not others, others


@pytest.mark.slow
def test_bot_rasa_test_stories_all_pass(trained_bot_model, tmp_path):
    model = trained_bot_model
    stories = BOT / "tests" / "test_stories.yml"
    names = [s["story"] for s in yaml.safe_load(stories.read_text(encoding="utf-8"))["stories"]]
    assert len(names) >= 8
    r = subprocess.run([str(_rasa()), "test", "core", "--stories", str(stories), "--model", str(model),
                        "--out", str(tmp_path), "--no-plot"],
                       cwd=BOT, env=ENV, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, (r.stdout + r.stderr)[-4000:]
    failed = tmp_path / "failed_test_stories.yml"
    report = json.loads((tmp_path / "story_report.json").read_text(encoding="utf-8"))
    conv = report["conversation_accuracy"]
    assert conv["total"] == len(names), conv
    assert conv["correct"] == conv["total"], failed.read_text(encoding="utf-8")[-4000:] if failed.exists() else conv
