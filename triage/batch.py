"""The batch contract behind ``jiesu predict``: one output row per input row, same order."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from classifier.data import read_user_lines
from nlu import Complaint, has_words, is_blank


def parse_row(line: str, max_chars: int) -> tuple[Complaint | None, dict[str, Any] | None]:
    """A complaint, or the error row to write in its place."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        return None, {"id": None, "error": f"不是合法的 JSON / not valid JSON: {e.msg}"}
    if not isinstance(row, dict):
        return None, {"id": None, "error": "每行应为 JSON 对象 / each row must be a JSON object"}
    rid = row.get("id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, (str, int, float))):
        return None, {"id": rid, "error": "id 应为字符串或数字 / id must be a string or a number"}
    rid = None if rid is None else str(rid)
    text, title = row.get("text"), row.get("title") or ""
    if text is not None and not isinstance(text, str):
        return None, {"id": rid, "error": "投诉内容应为字符串 / text must be a string"}
    if text is None or is_blank(text):
        return None, {"id": rid, "error": "缺少投诉内容 / missing or empty text"}
    if not has_words(text):
        return None, {"id": rid, "error": "投诉内容没有文字（只有表情或符号）/ text has no letters or digits"}
    if not isinstance(title, str):
        return None, {"id": rid, "error": "标题应为字符串 / title must be a string"}
    if len(text) + len(title) > max_chars:
        return None, {"id": rid, "error": f"内容过长（>{max_chars} 字）/ text too long"}
    return Complaint(text=text, title=title, id=rid), None


def run_batch(pipeline, input_path: Path, output_path: Path, *, batch_size: int = 32,
              max_chars: int = 20_000) -> dict[str, Any]:
    """Triage every row of ``input_path`` into ``output_path``; bad rows get ``{"id","error"}``."""
    t0 = time.time()
    lines = read_user_lines(input_path)  # UTF-8 (with or without a BOM) or GB18030
    lines = [ln for ln in lines if ln.strip()]
    n_ok = n_err = 0
    tmp = output_path.with_name(output_path.name + ".partial")
    with tmp.open("w", encoding="utf-8") as out, tqdm(total=len(lines), desc="分拣 / triage",
                                                       unit="row", file=sys.stderr, mininterval=2) as bar:
        for start in range(0, len(lines), batch_size):
            parsed = [parse_row(ln, max_chars) for ln in lines[start:start + batch_size]]
            good = [c for c, _ in parsed if c is not None]
            results = iter(pipeline.triage_many(good)) if good else iter(())
            for c, err in parsed:
                if err is not None:
                    out.write(json.dumps(err, ensure_ascii=False) + "\n")
                    n_err += 1
                else:
                    out.write(json.dumps(next(results).model_dump(), ensure_ascii=False) + "\n")
                    n_ok += 1
            bar.update(len(parsed))
    tmp.replace(output_path)
    return {"rows": n_ok + n_err, "ok": n_ok, "errors": n_err, "seconds": round(time.time() - t0, 1)}
