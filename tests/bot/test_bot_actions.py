"""Runs the bot's action tests (bot/actions_tests) with the Rasa interpreter, as a subprocess:
the main venv cannot import rasa_sdk."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RASA_PY = REPO / ".venv-rasa" / "bin" / "python"


@pytest.mark.slow
def test_bot_actions_pass_against_the_real_api(built_home) -> None:
    # built_home: on a clean clone this test runs first, before any other test built the home
    if not RASA_PY.exists():
        pytest.skip(f"{RASA_PY} missing: run `make venv-rasa` to test the bot's actions")
    if subprocess.run([str(RASA_PY), "-c", "import pytest, rasa_sdk"], capture_output=True).returncode:
        pytest.skip(".venv-rasa lacks pytest or rasa_sdk: install bot/requirements.txt there")
    env = {**os.environ, "JIESU_TEST_HOME": str(built_home.home), "JIESU_DATA_DIR": str(built_home.data_dir)}
    r = subprocess.run([str(RASA_PY), "-m", "pytest", "bot/actions_tests", "-q"], cwd=REPO, env=env,
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]
