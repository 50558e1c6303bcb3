"""``jiesu predict``: good and bad rows in one file, output order and shape, exit codes."""

from __future__ import annotations

import codecs
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

JIESU = [sys.executable, "-m", "triage.cli"]


def _run(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(JIESU + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_batch_cli_good_and_bad_rows(built_home, test_env, tmp_path):
    rows = [
        json.dumps({"id": "a", "title": "噪音扰民", "text": "楼下工地每天夜里十二点还在施工，噪音太大\u2028联系电话13800138000"},
                   ensure_ascii=False),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "text": "   "}),
        json.dumps({"id": 7, "text": "公司拖欠我们农民工三个月工资，老板跑路了"}, ensure_ascii=False),
        json.dumps(["a", "list"]),
        json.dumps({"id": ["x"], "text": "路灯坏了"}),  # an id that is no string or number
        json.dumps({"id": "z", "text": "\u0000\u0001\u200b"}),  # nothing left once normalized
    ]
    inp = tmp_path / "in.jsonl"
    # as a Windows editor saves it: a byte-order mark before row 1, CRLF line ends (and row 1's
    # text holds a U+2028, which is text, not a line end)
    inp.write_bytes(codecs.BOM_UTF8 + ("\r\n".join(rows) + "\r\n").encode("utf-8"))
    out = tmp_path / "out.jsonl"
    r = _run(["predict", "--input", str(inp), "--output", str(out)], test_env, tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    got = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(got) == len(rows)
    assert [g.get("id") for g in got] == ["a", None, "b", "c", "7", None, ["x"], "z"]
    assert [("error" in g) for g in got] == [False, True, True, True, False, True, True, True]
    for g in (got[0], got[4]):
        assert set(g) >= {"id", "categories", "departments", "regulations", "similar_cases", "entities",
                          "masked_text"}
        assert len(g["categories"]) >= 3 and len(g["departments"]) >= 5 and len(g["regulations"]) >= 5
        for key, field in (("categories", "confidence"), ("departments", "confidence"), ("regulations", "score"),
                           ("similar_cases", "score")):
            vals = [x[field] for x in g[key]]
            assert vals == sorted(vals, reverse=True), key
        assert {"code", "name", "confidence", "reasons"} <= set(g["departments"][0])
        assert {"law", "article", "text", "score"} <= set(g["regulations"][0])
        assert {"id", "score", "departments"} <= set(g["similar_cases"][0])
    assert "13800138000" not in out.read_text(encoding="utf-8")
    assert got[4]["categories"][0]["label"] == "劳动和社会保障"


@pytest.mark.parametrize("args", [
    ["predict", "--input", "/nonexistent/in.jsonl", "--output", "OUT"],
    ["predict", "--output", "OUT"],
    ["predict", "--input", "IN", "--output", "OUT", "--batch-size", "0"],
    ["predict", "--input", "IN", "--output", "IN"],  # would overwrite its own input
])
def test_batch_cli_unusable_arguments_exit_2(args, test_env, tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": "x", "text": "噪音"}\n', encoding="utf-8")
    args = [str(inp) if a == "IN" else str(tmp_path / "out.jsonl") if a == "OUT" else a for a in args]
    r = _run(args, test_env, tmp_path)
    assert r.returncode == 2, (r.returncode, r.stderr[-500:])
    assert not (tmp_path / "out.jsonl").exists() or (tmp_path / "out.jsonl").stat().st_size == 0
    assert inp.read_text(encoding="utf-8") == '{"id": "x", "text": "噪音"}\n'  # the input untouched


def test_triage_cli_prints_json_and_rejects_empty(built_home, test_env, tmp_path):
    r = _run(["triage", "我家楼下烧烤店每天营业到凌晨两点，油烟直接排进居民楼，电话13912345678"], test_env, tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout)
    assert "<手机号>" in out["masked_text"] and "13912345678" not in r.stdout
    assert out["categories"] and out["departments"] and out["regulations"] and out["similar_cases"]
    # what an operator reads (an operator tester found only raw JSON): a summary in Chinese, on request
    # (the default on a terminal); no technical encoder line above it
    r = _run(["triage", "我家楼下烧烤店每天营业到凌晨两点，油烟直接排进居民楼", "--summary"], test_env, tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.startswith("类别：") and "承办部门：\n  1. " in r.stdout and "适用条文：" in r.stdout, r.stdout
    assert "相似案例：" in r.stdout and "脱敏文本：" in r.stdout and "{" not in r.stdout.splitlines()[0]
    assert "[encoder]" not in r.stderr and "conversion skipped" not in r.stderr, r.stderr[-500:]
    for blank in ("   ", "\x01\x02\u200b\ufeff"):  # whitespace, control or zero-width only
        r = _run(["triage", blank], test_env, tmp_path)
        assert r.returncode == 2 and "空" in r.stderr and "Traceback" not in r.stderr
    r = _run(["triage", "😡😡😡"], test_env, tmp_path)  # tester46 Q8: was triaged (教育文体 0.5), exit 0
    assert r.returncode == 2 and "没有文字" in r.stderr and "Traceback" not in r.stderr
    r = _run(["triage", "路灯坏了", "--title", "标" * 20_000], test_env, tmp_path)  # predict's limit
    assert r.returncode == 2 and "过长" in r.stderr


@pytest.mark.parametrize("args", [["users", "add", "x"], ["triage"], ["nosuchcmd"],
                                  ["predict", "--input", "a", "--output", "b", "--batch-size", "0"]])
def test_cli_usage_errors_exit_2_in_chinese_and_english(args, test_env, tmp_path):
    r = _run(args, test_env, tmp_path)
    assert r.returncode == 2, r.stderr[-500:]
    assert "用法错误" in r.stderr and "usage error" in r.stderr and "Traceback" not in r.stderr


def test_cli_usage_errors_say_the_detail_in_chinese_too():
    """A tester read the detail in English only ("Invalid value for '--k': Input should be greater
    than or equal to 1"): the Chinese line names what is wrong."""
    from typer._click import exceptions as cx

    from triage.cli import _usage_zh

    bad = cx.BadParameter("Input should be greater than or equal to 1", param_hint="'--batch-size'")
    assert _usage_zh(bad, cx) == "--batch-size 的值无效：不能小于 1"
    bad = cx.BadParameter("Input should be a valid integer, unable to parse string as an integer",
                          param_hint="'--top'")
    assert _usage_zh(bad, cx) == "--top 的值无效：须为整数"
    assert _usage_zh(cx.NoSuchOption("--bogus"), cx) == "没有这个选项 --bogus"
    assert _usage_zh(cx.UsageError("No such command 'nosuchcmd'."), cx) == "没有这个命令 nosuchcmd"
    assert _usage_zh(cx.UsageError("Option '--role' requires an argument."), cx) == "选项 --role 后面要写一个值"
    assert _usage_zh(cx.UsageError("something new"), cx) == ""


@pytest.mark.parametrize("args", [["triage"], ["kb", "search"]])
def test_cli_a_missing_argument_is_named_in_chinese(args, test_env, tmp_path):
    r = _run(args, test_env, tmp_path)
    assert r.returncode == 2 and "用法错误：缺少参数" in r.stderr, r.stderr[-500:]


@pytest.mark.parametrize("args", [[], ["models"], ["kb"], ["users"]])
def test_cli_group_without_a_command_prints_its_help_once(args, test_env, tmp_path):
    """`jiesu models` printed its help twice (typer's own, then ours): once now, exit 2."""
    r = _run(args, test_env, tmp_path)
    assert r.returncode == 2, r.stderr[-500:]
    assert (r.stdout + r.stderr).count("Usage:") == 1, r.stdout
    assert "Commands" in r.stdout + r.stderr and "Traceback" not in r.stderr


def test_serve_refuses_a_port_it_cannot_listen_on_before_loading(test_env, tmp_path):
    """A port outside 1–65535 or one in use: exit 2 with a Chinese+English line, at once (uvicorn
    would load the whole pipeline first, then exit 3 in English, or listen on a random port)."""
    import socket

    for port in ("99999", "0", "-1"):
        r = _run(["serve", "--port", port], test_env, tmp_path)
        assert r.returncode == 2 and "1–65535" in r.stderr and "Traceback" not in r.stderr, r.stderr[-500:]
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = _run(["serve", "--port", str(port)], test_env, tmp_path)
        assert r.returncode == 2 and "占用" in r.stderr and "in use" in r.stderr, r.stderr[-500:]


def test_batch_row_whose_text_is_no_string_says_so():
    from triage.batch import parse_row

    assert parse_row('{"id": "p11", "text": 12345}', 100)[1]["error"].startswith("投诉内容应为字符串")
    assert parse_row('{"id": "p12"}', 100)[1]["error"].startswith("缺少投诉内容")
    assert parse_row('{"id": "p13", "text": "路灯坏了"}', 100)[0].text == "路灯坏了"
    assert parse_row('{"id": "p14", "text": "😡😡？！"}', 100)[1]["error"].startswith("投诉内容没有文字")


def test_cli_help_keeps_every_chinese_word(test_env, tmp_path):
    """tester46 Q16: `train --help` cropped a Chinese help run with "…" (重新训练（即使数据未变），且即使…):
    the help is click's plain layout, which wraps and never crops an option's help."""
    r = _run(["train", "--help"], {**test_env, "COLUMNS": "80"}, tmp_path)
    assert r.returncode == 0
    flat = re.sub(r"\s+", "", r.stdout)
    assert "重新训练（即使数据未变），且即使比当前版本差也启用" in flat and "合并案件库中坐席确认/更正的案件及已添加的样本" in flat
    assert "…" not in r.stdout


def test_cli_a_new_or_mistyped_home_is_said_before_any_heavy_work(test_env, tmp_path):
    """A JIESU_HOME with no model, index or database (new, or mistyped) is named at once, exit 2,
    instead of preparing the encoder first and then failing, or answering from a new empty database
    (tester58 D16: `jiesu hot-issues` exported an 854 MB encoder and said 没有找到热点问题)."""
    import time

    home = tmp_path / "jiesu-hmoe"   # the typo
    env = {**test_env, "JIESU_HOME": str(home)}
    env.pop("JIESU_DATABASE_URL", None)
    for args in (["triage", "楼下烧烤摊油烟太大"], ["hot-issues"], ["users", "list"], ["users", "token", "a"]):
        t0 = time.time()
        r = _run(args, env, tmp_path)
        assert r.returncode == 2 and "Traceback" not in r.stderr, (args, r.stderr[-800:])
        assert str(home) in r.stderr, (args, r.stderr)
        assert time.time() - t0 < 60, args
    assert not (home / "encoder").exists() and not list(home.rglob("*.db")), list(home.rglob("*"))
    # users add makes the database, and says so; then the list reads it
    r = _run(["users", "add", "op1", "--role", "operator"], env, tmp_path)
    assert r.returncode == 0 and "新建数据库" in r.stderr, r.stderr
    r = _run(["users", "list"], env, tmp_path)
    assert r.returncode == 0 and "op1" in r.stdout
    # a database but no model yet: triage says so, still before the encoder
    r = _run(["triage", "楼下烧烤摊油烟太大"], env, tmp_path)
    assert r.returncode == 2 and "没有已启用的分类模型" in r.stderr and not (home / "encoder").exists(), r.stderr
