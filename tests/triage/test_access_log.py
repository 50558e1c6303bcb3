"""The access log keeps no query values: an operator's search for a phone number (``/v1/cases?q=138…``) was
written to it in full (tester58 D8)."""

from __future__ import annotations

import logging


def test_the_access_log_masks_query_values():
    from triage.api.app import _AccessQueryMask, _mask_access_log

    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/v1/cases?q=13812345678&limit=20", "1.1", 200), None)
    assert _AccessQueryMask().filter(record)
    line = record.getMessage()
    assert "13812345678" not in line and "/v1/cases?q=…&limit=…" in line and "200" in line
    plain = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                              ("127.0.0.1:5000", "GET", "/readyz", "1.1", 200), None)
    assert _AccessQueryMask().filter(plain) and "/readyz" in plain.getMessage()
    _mask_access_log()
    _mask_access_log()
    assert sum(isinstance(f, _AccessQueryMask) for f in logging.getLogger("uvicorn.access").filters) == 1


def test_a_probe_is_logged_when_its_answer_changes():
    """tester58 D13: 75 lines of ``GET /readyz 503`` from the runner's polling; now the first, and
    each change (503 → 200 → 503), other requests always."""
    from triage.api.app import _AccessQueryMask

    f = _AccessQueryMask()

    def rec(path: str, status: int) -> logging.LogRecord:
        return logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                                 ("127.0.0.1:5000", "GET", path, "1.1", status), None)

    kept = [f.filter(rec(p, st)) for p, st in [("/readyz", 503)] * 5 + [("/readyz", 200)] * 3
            + [("/healthz", 200)] * 2 + [("/readyz", 503)] + [("/v1/me", 200)] * 2]
    assert kept == [True, False, False, False, False, True, False, False, True, False, True, True, True]
