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
