"""Shared by the bot's tests: the model ``bot/prepare.py --train-if-changed`` trained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[2] / "bot"


@pytest.fixture(scope="session")
def trained_bot_model() -> Path:
    """The trained Rasa model that ``bot/models/meta.json`` names; skips when there is none."""
    try:
        meta = json.loads((BOT / "models" / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    model = BOT / "models" / str(meta.get("model", ""))
    if not meta.get("model") or not model.is_file():
        pytest.skip("bot/models holds no trained model: run `.venv-rasa/bin/python bot/prepare.py "
                    "--train-if-changed` (make test does)")
    return model
