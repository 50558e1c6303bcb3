"""The bot's NLU data: every intent has enough examples, the held-out messages are really held
out, and the lookup tables are what ``bot/make_lookups.py`` makes from the lexicon. The trained
model's accuracy on the held-out messages is checked on the running bot (``test_bot_e2e.py``)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
ANNOTATION = re.compile(r"\[([^\]]*)\]\((\w+)\)")
MIN_EXAMPLES = 40


def _examples(path: Path) -> dict[str, list[str]]:
    """intent -> plain texts (annotations stripped)."""
    out: dict[str, list[str]] = {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" in block:
            out[block["intent"]] = [ANNOTATION.sub(r"\1", line[2:]).strip()
                                    for line in block["examples"].splitlines() if line.startswith("- ")]
    return out


def test_bot_nlu_every_domain_intent_has_enough_distinct_examples():
    domain = yaml.safe_load((BOT / "domain.yml").read_text(encoding="utf-8"))
    data = _examples(BOT / "data" / "nlu.yml")
    assert set(data) == set(domain["intents"])
    for intent, texts in data.items():
        assert len(set(texts)) >= MIN_EXAMPLES, (intent, len(set(texts)))
    seen: dict[str, str] = {}
    for intent, texts in data.items():  # one text, one intent
        for t in texts:
            assert seen.setdefault(t, intent) == intent, (t, seen[t], intent)


def test_bot_nlu_entities_are_domain_entities():
    domain = yaml.safe_load((BOT / "domain.yml").read_text(encoding="utf-8"))
    text = (BOT / "data" / "nlu.yml").read_text(encoding="utf-8")
    used = {m.group(2) for m in ANNOTATION.finditer(text)}
    assert used and used <= set(domain["entities"]), used - set(domain["entities"])


def test_bot_nlu_holdout_is_not_in_the_training_data():
    train = {t for texts in _examples(BOT / "data" / "nlu.yml").values() for t in texts}
    holdout = _examples(BOT / "tests" / "nlu_holdout.yml")
    texts = [t for ts in holdout.values() for t in ts]
    domain = yaml.safe_load((BOT / "domain.yml").read_text(encoding="utf-8"))
    assert len(texts) >= 50 and set(holdout) == set(domain["intents"])  # every intent held out
    assert not train & set(texts), train & set(texts)


def test_bot_nlu_lookup_tables_are_generated_from_the_lexicon():
    r = subprocess.run([sys.executable, str(BOT / "make_lookups.py"), "--check"], check=False,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    lookups = yaml.safe_load((BOT / "data" / "lookups.yml").read_text(encoding="utf-8"))["nlu"]
    names = {b["lookup"]: b["examples"] for b in lookups}
    assert "- 朝阳区" in names["district"] and "- 望京街道" in names["street"] and "- 望京" in names["street"]
