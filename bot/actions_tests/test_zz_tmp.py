"""Temporary: data messages through the form's first step; writes every bot message."""
import json, os
from test_actions import said, validate, run, tracker_json

SRC = os.environ.get("SCAN_IN", "/work/s47/scan_in.jsonl")
OUT = os.environ.get("SCAN_OUT", "/work/s47/scan_out.jsonl")


def test_scan(live, domain):
    rows = [json.loads(l) for l in open(SRC, encoding="utf-8")]
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            try:
                slots, _, messages = validate(domain, r["text"], "description")
                out = {"id": r.get("id"), "text": r["text"], "req": slots.get("requested_slot"),
                       "msgs": [(m.get("text") or m.get("response") or "") for m in messages]}
            except Exception as e:  # noqa
                out = {"id": r.get("id"), "text": r["text"], "error": repr(e)}
            f.write(json.dumps(out, ensure_ascii=False) + "\n")
