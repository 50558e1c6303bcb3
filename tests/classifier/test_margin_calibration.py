"""The top label's confidence from its score margin (``classifier.model.calibrated_proba``)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from classifier.model import (
    TfidfSvmModel,
    _softmax,
    calibrated_proba,
    fit_margin_calibration,
    score_margins,
)


def _scores(n: int = 400, k: int = 7, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, k))


def test_margins_are_top_minus_runner_up():
    s = np.array([[0.1, 0.9, 0.4], [2.0, -1.0, 2.0], [0.0, 0.0, -3.0]])
    assert score_margins(s) == pytest.approx([0.5, 0.0, 0.0])


def test_calibrated_proba_keeps_the_decision_and_sums_to_one():
    s = _scores()
    for cal in [(2.5, 0.1), (0.1, -6.0), (40.0, 3.0)]:  # steep, flat and far below the runner-up
        p = calibrated_proba(s, 0.3, cal)
        assert np.allclose(p.sum(axis=1), 1.0)
        assert (p >= 0).all()
        assert (p.argmax(axis=1) == s.argmax(axis=1)).all()
        srt = np.sort(p, axis=1)
        assert (srt[:, -1] >= srt[:, -2] - 1e-12).all()
        # the others keep the softmax's order among themselves (where they are not all ~0)
        soft = _softmax(s / 0.3)
        top = s.argmax(axis=1)
        for i in np.where(p.max(axis=1) < 0.99)[0][:20]:
            rest = [j for j in range(s.shape[1]) if j != top[i]]
            assert (np.argsort(p[i, rest]) == np.argsort(soft[i, rest])).all()


def test_calibrated_proba_top_probability_is_the_fitted_sigmoid_of_the_margin():
    s = _scores()
    a, b = 2.0, 0.5
    p = calibrated_proba(s, 0.3, (a, b))
    want = 1 / (1 + np.exp(-(a * score_margins(s) + b)))
    raised = p.max(axis=1) > want + 1e-9  # only where the runner-up would otherwise lead
    assert raised.mean() < 0.2
    assert p.max(axis=1)[~raised] == pytest.approx(want[~raised])
    # ranking by confidence is ranking by margin
    order = np.argsort(-p.max(axis=1), kind="stable")
    m = score_margins(s)[order]
    assert (np.diff(m[~raised[order]]) <= 1e-12).all()


def test_calibrated_proba_without_a_fit_is_the_temperature_softmax():
    s = _scores(50)
    assert np.allclose(calibrated_proba(s, 0.5, None), _softmax(s / 0.5))
    # one pair per row, NaN where a fold had none: those rows keep the softmax
    cal = np.tile([2.0, 0.0], (50, 1))
    cal[::2] = np.nan
    p = calibrated_proba(s, np.full(50, 0.5), cal)
    assert np.allclose(p[::2], _softmax(s[::2] / 0.5))
    assert not np.allclose(p[1::2], _softmax(s[1::2] / 0.5))


def test_fit_margin_calibration_recovers_a_known_relation():
    rng = np.random.default_rng(1)
    n = 6000
    s = rng.normal(size=(n, 5))
    m = score_margins(s)
    right = rng.random(n) < 1 / (1 + np.exp(-(3.0 * m - 1.0)))
    # labels: the top column where "right", another one elsewhere
    top = s.argmax(axis=1)
    y = np.where(right, top, (top + 1) % 5)
    a, b = fit_margin_calibration(s, y)
    assert a == pytest.approx(3.0, abs=0.4) and b == pytest.approx(-1.0, abs=0.25)


def test_fit_margin_calibration_declines_when_it_cannot_fit():
    s = _scores(100)
    assert fit_margin_calibration(s, s.argmax(axis=1)) is None          # all right
    assert fit_margin_calibration(s, (s.argmax(axis=1) + 1) % 7) is None  # all wrong
    assert fit_margin_calibration(s[:10], s[:10].argmax(axis=1)) is None  # too few
    # right more often where the margin is small: a decreasing fit is refused
    m = score_margins(s)
    y = np.where(m < np.median(m), s.argmax(axis=1), (s.argmax(axis=1) + 1) % 7)
    assert fit_margin_calibration(s, y) is None


def test_margin_calibration_is_saved_and_old_models_load_without_it(tmp_path):
    texts = ["楼下饭店油烟太大", "小区垃圾没人清运", "公司拖欠工资三个月", "学校乱收补课费",
             "马路上违章停车", "医院排队挂号太难"] * 4
    labels = ["环境保护", "城乡建设", "劳动和社会保障", "教育文体", "交通运输", "卫生计生"] * 4
    m = TfidfSvmModel().fit(texts, labels)
    m.temperature, m.margin_cal = 0.4, (2.2, -0.3)
    d = tmp_path / "m"
    d.mkdir()
    m.save(d)
    back = TfidfSvmModel.load(d)
    assert back.margin_cal == pytest.approx((2.2, -0.3)) and back.temperature == pytest.approx(0.4)
    assert np.allclose(back.predict_proba(texts), m.predict_proba(texts), atol=1e-6)
    s = m.decision_function(texts)
    assert np.allclose(back.predict_proba(texts), calibrated_proba(s, 0.4, (2.2, -0.3)), atol=1e-6)

    head = json.loads((d / "head.json").read_text(encoding="utf-8"))
    del head["margin_cal"]  # a model saved before margin calibration
    (d / "head.json").write_text(json.dumps(head, ensure_ascii=False), encoding="utf-8")
    old = TfidfSvmModel.load(d)
    assert old.margin_cal is None
    assert np.allclose(old.predict_proba(texts), _softmax(old.decision_function(texts) / 0.4), atol=1e-6)
