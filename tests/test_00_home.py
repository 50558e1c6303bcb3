"""The test home every other test shares: built first (``tests/run_suite.sh`` runs this file on
its own while ``.venv-rasa`` installs), skipped by later runs when its fingerprints are current."""

from __future__ import annotations

import json


def test_test_home_has_every_artifact(built_home, subset_limits):
    from classifier.registry import get_active_id, read_meta

    active = get_active_id(built_home.models_dir)
    assert active is not None
    meta = read_meta(built_home.models_dir / active)
    assert meta["complete"] is True and meta["kind"] in ("e5_ngram", "tfidf_svm")
    assert 0.9 * subset_limits["train"] <= meta["data"]["rows"] <= subset_limits["train"]  # duplicates dropped
    # calibrated on its held-out part: temperature and the top label's margin calibration
    head = json.loads((built_home.models_dir / active / "head.json").read_text(encoding="utf-8"))
    assert head["temperature"] > 0 and head["margin_cal"][0] > 0
    assert meta["metrics"]["margin_cal"] == [round(v, 4) for v in head["margin_cal"]]
    cases = json.loads((built_home.indexes_dir / "cases" / "meta.json").read_text(encoding="utf-8"))
    # replied messages and mailbox letters, each cut at the subset limit
    assert subset_limits["cases"] < cases["count"] <= 2 * subset_limits["cases"]
    assert (built_home.indexes_dir / "regulations" / "meta.json").exists()
    assert (built_home.models_dir / "departments").is_dir()
