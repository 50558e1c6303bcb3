"""Files people hand to the CLI (``predict``'s input, ``evaluate --input``, ``train --add-rows``,
``hot-issues --input``) may come from a Windows editor: a UTF-8 byte-order mark before the first
row, CRLF line ends, or GBK/GB18030 ("ANSI" on a Chinese desktop) instead of UTF-8. None of it may
cost a row or garble its text, and a U+2028 inside a row's text is text, not a line end.
(``jiesu predict`` itself: ``test_triage_batch_cli.py`` writes its input with a BOM and CRLF.)"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

ROWS = [
    {"id": "r1", "title": "垃圾清运", "text": "楼下垃圾桶三天没人清运\u2028味道很大", "label": "城乡建设"},
    {"id": "r2", "text": "公司拖欠三个月工资", "label": "劳动和社会保障"},
]


def _windows_file(path: Path, rows: list[dict]) -> Path:
    body = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\r\n"
    path.write_bytes(codecs.BOM_UTF8 + body.encode("utf-8"))
    return path


def test_evaluate_input_file_with_a_bom_keeps_its_first_row(tmp_path):
    from classifier.evaluate import read_labelled_file

    rows = read_labelled_file(_windows_file(tmp_path / "labelled.jsonl", ROWS))
    assert [r.id for r in rows] == ["r1", "r2"]
    assert rows[0].title == "垃圾清运" and rows[0].text == ROWS[0]["text"]
    assert rows[1].label == "劳动和社会保障"


def test_add_rows_file_with_a_bom_keeps_its_first_row(tmp_path):
    from classifier.retrain import read_add_rows

    rows = read_add_rows(_windows_file(tmp_path / "add.jsonl", ROWS), {"城乡建设", "劳动和社会保障"})
    assert [r["label"] for r in rows] == ["城乡建设", "劳动和社会保障"]
    assert rows[0]["text"] == ROWS[0]["text"]  # one row, the U+2028 kept inside it


def test_hot_issue_input_with_a_bom_keeps_its_first_row(tmp_path):
    from triage.hot_issues import read_rows

    rows = read_rows(_windows_file(tmp_path / "msgs.jsonl", [{k: v for k, v in r.items() if k != "label"}
                                                            for r in ROWS]))
    assert [r["id"] for r in rows] == ["r1", "r2"]
    assert rows[0]["text"] == ROWS[0]["text"]


@pytest.mark.parametrize("reader", ["evaluate", "add_rows"])
def test_a_file_that_is_only_a_bom_is_still_refused(tmp_path, reader):
    from classifier.evaluate import EvaluationError, read_labelled_file
    from classifier.retrain import AddRowsError, read_add_rows

    path = tmp_path / "empty.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + b"\r\n")
    with pytest.raises(EvaluationError if reader == "evaluate" else AddRowsError, match="no rows"):
        read_labelled_file(path) if reader == "evaluate" else read_add_rows(path, {"城乡建设"})


def test_user_lines_read_gbk_rows_and_keep_undecodable_bytes_visible(tmp_path):
    from classifier.data import read_user_lines

    path = tmp_path / "mixed.jsonl"
    utf8 = json.dumps(ROWS[0], ensure_ascii=False).encode("utf-8")
    gbk = json.dumps(ROWS[1], ensure_ascii=False).encode("gbk")
    path.write_bytes(codecs.BOM_UTF8 + utf8 + b"\r\n" + gbk + b"\n\xff\xfe{}\r")
    lines = read_user_lines(path)
    assert len(lines) == 3
    assert json.loads(lines[0]) == ROWS[0] and json.loads(lines[1]) == ROWS[1]
    assert lines[2].startswith("\ufffd")  # neither UTF-8 nor GB18030: replaced, not dropped


def test_evaluate_input_file_saved_as_gbk(tmp_path):
    from classifier.evaluate import read_labelled_file

    path = tmp_path / "gbk.jsonl"
    path.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS[1:]).encode("gbk"))
    rows = read_labelled_file(path)  # was: UnicodeDecodeError out of `jiesu evaluate`
    assert [(r.text, r.label) for r in rows] == [("公司拖欠三个月工资", "劳动和社会保障")]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_user_lines_read_a_utf16_file_with_its_bom(tmp_path, codec):
    """Notepad's "Unicode": one line per row, not two garbled ones."""
    from classifier.data import read_user_lines

    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    path = tmp_path / "u16.jsonl"
    path.write_bytes(bom + "\r\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS).encode(codec)
                     + "\r\n".encode(codec))
    assert [json.loads(x) for x in read_user_lines(path)] == ROWS
