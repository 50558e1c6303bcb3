"""``jiesu kb add | remove | list`` through the real CLI, on a small BM25 regulation index built
from a few real statutes in a temporary home."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from kb_index.build import build_regulation_index
from kb_index.regulations import RegulationIndex

REPO = Path(__file__).resolve().parents[2]
TITLE = "北京市阳台花盆安全管理测试规定"

STATUTE_V1 = f"""# {TITLE}

2030年1月1日北京市第十九届人民代表大会常务委员会第一次会议通过

<!-- INFO END -->

## 第一章　总　　则

第一条 为了规范阳台花盆摆放，保障行人安全，制定本规定。

第二条 居民在阳台外侧摆放花盆的，应当采取防坠落措施。
临街窗台外不得悬挂花盆。

## 第二章 法律责任

第三条 违反本规定第二条，在临街窗台外悬挂花盆的，由城市管理综合执法部门责令改正，可以处五十元罚款。
"""

STATUTE_V2 = STATUTE_V1.replace("可以处五十元罚款", "可以处二百元以上五百元以下罚款") + """
第四条 本规定自2026年1月1日起施行。
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory, data_dir) -> Path:
    h = tmp_path_factory.mktemp("kb-home")
    r = build_regulation_index(data_dir, h / "indexes" / "regulations", None, dense=False,
                               limit_laws=4)
    assert not r.skipped and r.count > 0
    # as an index written before kb add existed: only build_fingerprint records the build
    meta_path = h / "indexes" / "regulations" / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    for key in ("build_base", "limit_laws"):
        meta.pop(key)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return h


@pytest.fixture(scope="module")
def jiesu(home, test_env):
    env = {**test_env, "JIESU_HOME": str(home), "JIESU_REGULATION_DENSE": "false"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "triage.cli", "kb", *args], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=300, check=False,
                              stdin=subprocess.DEVNULL)

    run.env = env
    return run


def _lines(p: subprocess.CompletedProcess) -> list[dict]:
    assert p.returncode == 0, p.stderr
    return [json.loads(x) for x in p.stdout.splitlines() if x.strip()]


def _statutes(jiesu) -> dict[str, dict]:
    return {r["law"]: r for r in _lines(jiesu("list", "--json"))}


def test_kb_add_search_replace_remove(jiesu, home, tmp_path, data_dir):
    before = _statutes(jiesu)
    assert len(before) == 4 and TITLE not in before
    idx = RegulationIndex.load(home / "indexes" / "regulations")
    for law, row in before.items():   # article counts are those of the index
        assert row["articles"] == sum(a.law == law for a in idx.articles)
        assert row["source"] == "data"

    f = tmp_path / "花盆规定.md"
    f.write_text(STATUTE_V1, encoding="utf-8")
    out = _lines(jiesu("add", str(f), "--json"))[0]
    assert out["law"] == TITLE and out["articles"] == 3 and out["replaced"] == 0
    assert out["scope"] == "beijing_local" and out["dense"] is False
    rows = _statutes(jiesu)
    assert rows[TITLE]["articles"] == 3 and rows[TITLE]["source"] == "added"
    assert len(rows) == 5

    hits = _lines(jiesu("search", "临街窗台外悬挂花盆会被罚款吗", "--k", "3", "--json"))
    assert hits[0]["law"] == TITLE and hits[0]["article"] == "第三条"
    # verbatim article text; a paragraph break inside an article becomes one "\n"
    assert hits[0]["text"] == ("第三条 违反本规定第二条，在临街窗台外悬挂花盆的，由城市管理综合执法部门"
                               "责令改正，可以处五十元罚款。")
    second = next(h for h in _lines(jiesu("search", "阳台花盆防坠落措施", "--json")) if h["law"] == TITLE)
    assert second["text"] == "第二条 居民在阳台外侧摆放花盆的，应当采取防坠落措施。\n临街窗台外不得悬挂花盆。"
    assert second["chapter"] == "第一章 总则"

    # a new version with the same title replaces the old one
    f2 = tmp_path / "花盆规定-修订.md"
    f2.write_text(STATUTE_V2, encoding="utf-8")
    out = _lines(jiesu("add", str(f2), "--json"))[0]
    assert out["replaced"] == 3 and out["articles"] == 4
    texts = [h["text"] for h in _lines(jiesu("search", "临街窗台外悬挂花盆罚款", "--k", "10", "--json"))
             if h["law"] == TITLE]
    assert any("二百元以上五百元以下" in t for t in texts)
    assert not any("五十元" in t for t in texts)
    index_dir = home / "indexes" / "regulations"
    assert sum(a.law == TITLE for a in RegulationIndex.load(index_dir).articles) == 4
    assert len(list((home / "kb_added").glob("*.md"))) == 1

    # setup's rebuild step keeps it: skipped as current, and a forced rebuild includes it
    out_dir = home / "indexes" / "regulations"
    r = build_regulation_index(data_dir, out_dir, None, dense=False, limit_laws=4)
    assert r.skipped
    r = build_regulation_index(data_dir, out_dir, None, dense=False, limit_laws=4, force=True)
    assert not r.skipped
    rebuilt = RegulationIndex.load(out_dir)
    assert sum(a.law == TITLE for a in rebuilt.articles) == 4
    assert build_regulation_index(data_dir, out_dir, None, dense=False, limit_laws=4).skipped

    # remove: gone from search and list, and from later rebuilds
    out = _lines(jiesu("remove", TITLE, "--yes", "--json"))[0]
    assert out["law"] == TITLE and out["articles"] == 4 and out["source"] == "added"
    assert TITLE not in _statutes(jiesu)
    assert all(h["law"] != TITLE for h in _lines(jiesu("search", "临街窗台外悬挂花盆罚款", "--k", "20", "--json")))
    assert not list((home / "kb_added").glob("*.md"))

    # an added version replaces the data statute of its title; removing it says that the data
    # version is out too and how to bring it back, which works
    other = max(before)
    f3 = tmp_path / "替换.md"
    f3.write_text(f"# {other}\n\n<!-- INFO END -->\n\n第一条 测试用的替换版本。\n", encoding="utf-8")
    # a file of far fewer articles than the statute it replaces is asked about first (tester55 S9: 35 → 1, unasked)
    if before[other]["articles"] > 2:
        p = jiesu("add", str(f3))
        assert p.returncode == 2 and "确认要替换请加 --yes" in p.stderr and "Traceback" not in p.stderr, p.stderr
        assert _statutes(jiesu)[other] == before[other]   # nothing replaced
    assert _lines(jiesu("add", str(f3), "--yes", "--json"))[0]["replaced"] == before[other]["articles"]
    out = _lines(jiesu("remove", other, "--yes", "--json"))[0]
    assert out["source"] == "added" and other not in _statutes(jiesu)
    assert out["restore"] == f"jiesu kb restore {other}" and out["restore"] in out["warning"]
    restored = _lines(jiesu("restore", other, "--json"))[0]
    assert restored["articles"] == before[other]["articles"] and restored["source"] == "data"
    assert _statutes(jiesu)[other] == before[other]  # a data statute again, not an added one

    # removing a statute of the data directory survives a forced rebuild too
    data_law = min(before)
    out = _lines(jiesu("remove", data_law, "--yes", "--json"))[0]
    assert out["source"] == "data" and out["articles"] == before[data_law]["articles"]
    assert build_regulation_index(data_dir, out_dir, None, dense=False, limit_laws=4).skipped
    build_regulation_index(data_dir, out_dir, None, dense=False, limit_laws=4, force=True)
    assert set(_statutes(jiesu)) == set(before) - {data_law}


@pytest.mark.parametrize("args, message", [
    (("add", "/nonexistent/法规.md"), "文件不存在"),
    (("add", "{no_articles}"), "未解析出任何条文"),
    (("add", "{no_title}"), "无法解析法规文件"),
    (("add", "{empty}"), "文件是空的"),
    (("add", "{good}", "--scope", "mars"), "未知范围"),
    (("remove", "中华人民共和国不存在法"), "索引中没有这部法规"),
    (("remove", " "), "法规名称为空"),
    (("search", "%%%"), "没有文字或数字"),
    (("restore", "中华人民共和国不存在法"), "没有删除过这部法规"),
    (("restore", "{first}"), "无需恢复"),
])
def test_kb_add_remove_bad_input_exits_2(jiesu, home, tmp_path, args, message):
    files = {"no_articles": f"# 只有标题的文件\n\n{'<!-- INFO END -->'}\n\n这里没有任何条文。\n",
             "no_title": "第一条 没有标题行。\n", "good": STATUTE_V1, "empty": " \n"}
    resolved = []
    for a in args:
        if a == "{first}":  # a statute the index holds
            a = next(iter(_statutes(jiesu)))
        elif a.startswith("{"):
            p = tmp_path / f"{a[1:-1]}.md"
            p.write_text(files[a[1:-1]], encoding="utf-8")
            a = str(p)
        resolved.append(a)
    meta = home / "indexes" / "regulations" / "meta.json"
    before = meta.read_text(encoding="utf-8")
    p = jiesu(*resolved)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert message in p.stderr and "Traceback" not in p.stderr
    assert meta.read_text(encoding="utf-8") == before   # nothing changed


def test_kb_commands_without_index_exit_2(test_env, tmp_path):
    env = {**test_env, "JIESU_HOME": str(tmp_path / "empty-home")}
    for args in (["list"], ["remove", "任何法规"]):
        p = subprocess.run([sys.executable, "-m", "triage.cli", "kb", *args], cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=120, check=False)
        assert p.returncode == 2 and "jiesu setup" in p.stderr


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_kb_add_reads_a_statute_saved_as_gbk_or_utf16(jiesu, home, tmp_path, encoding):
    # Notepad and WPS on a Chinese desktop save "ANSI" (GBK) or "Unicode" (UTF-16 with a BOM)
    f = tmp_path / "花盆规定.md"
    f.write_bytes(STATUTE_V1.replace("\n", "\r\n").encode(encoding))
    out = _lines(jiesu("add", str(f), "--json"))[0]
    assert out["law"] == TITLE and out["articles"] == 3 and out["encoding"] in (encoding, "gb18030")
    hits = _lines(jiesu("search", "临街窗台外悬挂花盆会被罚款吗", "--k", "3", "--json"))
    assert hits[0]["law"] == TITLE
    assert hits[0]["text"] == ("第三条 违反本规定第二条，在临街窗台外悬挂花盆的，由城市管理综合执法部门"
                               "责令改正，可以处五十元罚款。")
    stored = [f for f in (home / "kb_added").glob("*.md") if TITLE in f.read_bytes().decode("utf-8", "replace")]
    assert len(stored) == 1
    assert stored[0].read_text(encoding="utf-8").startswith(f"# {TITLE}")  # kept as UTF-8
    _lines(jiesu("remove", TITLE, "--yes", "--json"))
    assert TITLE not in _statutes(jiesu)


def test_kb_add_refuses_a_binary_file(jiesu, home, tmp_path):
    f = tmp_path / "法规.md"
    f.write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff\xfe\x00binary")
    meta = home / "indexes" / "regulations" / "meta.json"
    before = meta.read_text(encoding="utf-8")
    p = jiesu("add", str(f))
    assert p.returncode == 2 and "不是 UTF-8、UTF-16（带 BOM）或 GBK 文本" in p.stderr and "Traceback" not in p.stderr
    assert meta.read_text(encoding="utf-8") == before


def test_setup_brings_a_built_index_to_the_current_thesaurus(tmp_path, data_dir) -> None:
    """An index built before the thesaurus grew gets the new words at the next set-up, without a
    rebuild (same articles, same vectors); and the similar cases' statutes are keyed to it."""
    from kb_index.case_statutes import index_key
    from kb_index.regulations import QUERY_SYNONYMS

    out = tmp_path / "regulations"
    assert not build_regulation_index(data_dir, out, None, dense=False, limit_laws=2).skipped
    old = {k: v for k, v in QUERY_SYNONYMS.items() if k not in ("大狗", "控烟")}
    (out / "synonyms.json").write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    stale = RegulationIndex.load(out)
    assert "大狗" not in stale.synonyms
    articles_before = (out / "articles.jsonl").read_bytes()

    class _Cases:  # what index_key reads of a case index
        fingerprint, encoder = "fp", "enc"

    r = build_regulation_index(data_dir, out, None, dense=False, limit_laws=2)
    assert r.skipped
    fresh = RegulationIndex.load(out)
    assert fresh.synonyms == QUERY_SYNONYMS and fresh.synonyms["大狗"] == ("犬",)
    assert (out / "articles.jsonl").read_bytes() == articles_before
    assert index_key(stale, _Cases()) != index_key(fresh, _Cases())


def test_kb_add_says_when_an_article_number_comes_twice(jiesu, home, tmp_path):
    f = tmp_path / "重复.md"
    f.write_text("# 北京市测试重复条文规定\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第一条 乙。\n\n第二条 丙。\n",
                 encoding="utf-8")
    out = _lines(jiesu("add", str(f), "--json"))[0]
    assert out["articles"] == 3 and "第一条" in out["warning"] and "more than once" in out["warning"]
    assert "缺少" not in out["warning"]
    _lines(jiesu("remove", "北京市测试重复条文规定", "--yes", "--json"))
    # a number skipped (第二条 never came: tester55 S15, added without a word), said on the terminal too
    f.write_text("# 北京市测试跳号规定\n\n<!-- INFO END -->\n\n第一条 甲。\n\n第三条 丙。\n\n第四条 丁。\n", encoding="utf-8")
    p = jiesu("add", str(f))
    assert p.returncode == 0 and "条文编号不连续，缺少：第二条" in p.stderr, p.stderr
    _lines(jiesu("remove", "北京市测试跳号规定", "--yes", "--json"))


def test_kb_add_keeps_a_statute_not_yet_in_force_out_of_search_until_its_date(jiesu, home, tmp_path,
                                                                                monkeypatch):
    """A statute whose text dates its 施行 after today is stored with that date, with a warning,
    and is neither found nor cited before it; on the day it is, without a rebuild."""
    from datetime import date

    from kb_index import regulations

    title = "北京市阳台晾衣架安全管理测试规定"
    start = date(date.today().year + 1, 7, 1)
    body = (f"# {title}\n\n{start.year - 1}年11月28日北京市人民代表大会常务委员会通过\n\n<!-- INFO END -->\n\n"
            "第一条 临街阳台外侧不得加装悬挑晾衣架，已加装的应当在三十日内拆除。\n\n"
            "第二条 违反第一条加装悬挑晾衣架的，由城市管理综合执法部门责令拆除，处一千元罚款。\n\n"
            f"第三条 本规定自{start.year}年{start.month}月{start.day}日起施行。\n")
    f = tmp_path / "晾衣架规定.md"
    f.write_text(body, encoding="utf-8")
    p = jiesu("add", str(f), "--json")
    out = _lines(p)[0]
    assert out["law"] == title and out["articles"] == 3
    assert out["in_force"] is False and out["effective_from"] == start.isoformat()
    assert "尚未施行" in p.stderr and "not yet in force" in p.stderr and start.isoformat() in p.stderr
    assert "尚未施行" in out["warning"]
    listed = _statutes(jiesu)[title]
    assert listed["articles"] == 3   # stored, and listed as not yet in force
    assert listed["in_force"] is False and listed["effective_from"] == start.isoformat()
    assert "尚未施行" in jiesu("list").stderr
    query = "临街阳台加装悬挑晾衣架罚款"
    assert all(h["law"] != title for h in _lines(jiesu("search", query, "--k", "20", "--json")))

    idx = RegulationIndex.load(home / "indexes" / "regulations")
    assert {a.effective_from for a in idx.articles if a.law == title} == {start.isoformat()}
    assert all(h["law"] != title for h in idx.cite(query, k=5))
    monkeypatch.setattr(regulations, "today", lambda: start.isoformat())   # the day it takes effect
    assert idx.search(query, k=3)[0]["law"] == title
    assert idx.cite(query, k=3)[0]["law"] == title

    # one in force already: no warning
    f.write_text(body.replace(f"{start.year}年{start.month}月", f"{start.year - 2}年{start.month}月"), encoding="utf-8")
    p = jiesu("add", str(f), "--json")
    out = _lines(p)[0]
    assert out["in_force"] is True and "warning" not in out and "尚未施行" not in p.stderr
    assert _lines(jiesu("search", query, "--k", "3", "--json"))[0]["law"] == title
    _lines(jiesu("remove", title, "--yes", "--json"))


def test_a_new_version_added_before_its_date_leaves_the_old_one_cited_until_then(tmp_path, data_dir, test_env,
                                                                                  monkeypatch):
    """A revised statute is published months before its 施行 date; added then, it used to replace the
    version in force at once and be hidden itself until the day: nothing of that statute was cited.
    Now the old version is cited until the day and the new one from then on, through ``kb add`` and
    through a rebuild of the index alike."""
    from datetime import date

    from kb_index import regulations

    home = tmp_path / "home"
    out_dir = home / "indexes" / "regulations"
    build_regulation_index(data_dir, out_dir, None, dense=False, limit_laws=2)
    before = RegulationIndex.load(out_dir)
    title = before.articles[0].law
    old_ids = {a.id for a in before.articles if a.law == title}
    start = date(date.today().year + 1, 3, 1).isoformat()
    y, m, _ = start.split("-")
    f = tmp_path / "修订.md"
    f.write_text(f"# {title}\n\n<!-- INFO END -->\n\n第一条 临街阳台外侧不得加装悬挑晾衣架。\n\n"
                 f"第二条 本法规自{y}年{int(m)}月1日起施行。\n", encoding="utf-8")
    env = {**test_env, "JIESU_HOME": str(home), "JIESU_REGULATION_DENSE": "false"}
    p = subprocess.run([sys.executable, "-m", "triage.cli", "kb", "add", str(f), "--json"], cwd=REPO, env=env,
                       capture_output=True, text=True, timeout=300, check=False)
    out = _lines(p)[0]
    assert out["kept_until_effective"] == len(old_ids) and out["replaced"] == 0
    assert "继续检索和引用" in p.stderr and "still searched and cited" in p.stderr
    rows = [r for r in _lines(subprocess.run([sys.executable, "-m", "triage.cli", "kb", "list", "--json"], cwd=REPO, env=env,
                                             capture_output=True, text=True, timeout=300))
            if r["law"] == title]
    assert sorted((r["in_force"], r["articles"], r.get("effective_until")) for r in rows) == [
        (False, 2, None), (True, len(old_ids), start)]

    query = "临街阳台加装悬挑晾衣架"
    old_text = next(a.text for a in before.articles if a.law == title and len(a.text) > 30)
    for idx in (RegulationIndex.load(out_dir),
                # a rebuild (``jiesu setup``) applies the store the same way
                (build_regulation_index(data_dir, tmp_path / "rebuilt", None, dense=False, limit_laws=2, force=True,
                                        added=home / "kb_added"), RegulationIndex.load(tmp_path / "rebuilt"))[1]):
        now = [a for a in idx.articles if a.law == title]
        assert {a.id for a in now} >= old_ids and len(now) == len(old_ids) + 2
        assert {a.effective_until for a in now if a.id in old_ids} == {start}
        assert all(h["law"] != title or h["id"] in old_ids for h in idx.search(query, k=20))
        assert any(h["id"] in old_ids for h in idx.search(old_text[:60], k=5))
        monkeypatch.setattr(regulations, "today", lambda: start)   # the day the new version starts
        assert idx.search(query, k=1)[0]["law"] == title and idx.search(query, k=1)[0]["id"] not in old_ids
        assert not any(h["id"] in old_ids for h in idx.search(old_text[:60], k=20))
        monkeypatch.undo()


def test_kb_topics_lists_the_entries_and_checks_them_against_the_index(jiesu, home):
    """``jiesu kb topics``: the knowledge base's topic entries, the one a complaint names, and with
    ``--check`` exit 2 when an entry lists an article the index lacks (this home holds 4 statutes:
    most entries' statutes are missing, marked and skipped when searching, never cited)."""
    from kb_index.topics import load_topics

    held = {r["law"] for r in _lines(jiesu("list", "--json"))}
    rows = _lines(jiesu("topics", "--json"))
    assert [r["topic"] for r in rows] == [t.name for t in load_topics()]
    marks = {(b["law"], b.get("missing", False)) for r in rows for b in r["basis"]}
    assert marks and all(missing == (law not in held) for law, missing in marks)
    one = _lines(jiesu("topics", "饭馆里有人抽烟没人管", "--json"))
    assert [(r["topic"], r["named_by"]) for r in one] == [("公共场所吸烟", "抽烟")]
    checked = jiesu("topics", "--check")
    assert checked.returncode == 2 and "不在知识库中" in checked.stderr
    none = jiesu("topics", "今天天气不错")
    assert none.returncode == 0 and none.stdout == "" and "没有说到任何知识库条目" in none.stderr


def _on_a_terminal(jiesu, args: list[str], answer: str) -> tuple[int, str]:
    """``jiesu kb *args`` with a terminal for its stdin (as a supervisor types it), ``answer``
    typed at its prompt; the exit code and everything it printed."""
    import os
    import pty

    master, slave = pty.openpty()
    try:
        p = subprocess.Popen([sys.executable, "-m", "triage.cli", "kb", *args], cwd=REPO, env=jiesu.env,
                             stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        os.write(master, answer.encode("utf-8"))
        out, _ = p.communicate(timeout=300)
    finally:
        os.close(master)
        os.close(slave)
    return p.returncode, out


def test_kb_remove_asks_first_names_the_topic_entries_and_restore_brings_it_back(jiesu, home):
    """A tester removed 北京市物业管理条例 (104 articles) with no question and no word of how to get it
    back. Without a terminal `kb remove` needs --yes (exit 2, nothing changed); on one it asks, and
    "n" keeps the statute; the removal names the topic entries that list its articles and the
    `jiesu kb restore` that brings it back, as a data statute (not an added one)."""
    from kb_index.topics import load_topics

    law = "中华人民共和国个人信息保护法"   # a data statute of this home that topic entries cite
    before = _statutes(jiesu)
    assert before[law]["source"] == "data"
    citing = [t.name for t in load_topics() if law in dict(t.basis)]
    assert citing
    meta = home / "indexes" / "regulations" / "meta.json"
    unchanged = meta.read_text(encoding="utf-8")

    p = jiesu("remove", law)
    assert p.returncode == 2 and "--yes" in p.stderr and "confirmation" in p.stderr and "需要确认" in p.stderr
    assert meta.read_text(encoding="utf-8") == unchanged and law in _statutes(jiesu)

    rc, out = _on_a_terminal(jiesu, ["remove", law], "n\n")
    assert rc == 1 and "确定删除吗" in out and "已取消" in out, out
    assert citing[0] in out and f"{before[law]['articles']} 条" in out
    assert meta.read_text(encoding="utf-8") == unchanged

    rc, out = _on_a_terminal(jiesu, ["remove", law], "y\n")
    assert rc == 0, out
    assert f"已删除《{law}》" in out and "statute_topics.yml" in out
    assert all(name in out for name in citing)
    assert f"jiesu kb restore {law}" in out
    assert law not in _statutes(jiesu)
    assert jiesu("topics", "--check").returncode == 2
    listed = jiesu("list")
    assert listed.returncode == 0 and "已删除的法规" in listed.stdout and law in listed.stdout

    p = jiesu("restore", "个人信息保护法")   # the title without 中华人民共和国, as `remove` takes it
    assert p.returncode == 0, p.stderr
    assert f"已恢复《{law}》" in p.stdout and f"{before[law]['articles']} 条" in p.stdout
    assert _statutes(jiesu)[law] == before[law]
    assert law not in json.loads((home / "kb_added" / "manifest.json").read_text(encoding="utf-8"))["removed"]


def test_kb_remove_of_an_added_statute_says_which_file_to_add_again(jiesu, home, tmp_path):
    f = tmp_path / "控烟 规定.md"
    title = "北京市楼道控烟测试规定"   # no statute of the data directory: only added
    f.write_text(f"# {title}\n\n<!-- INFO END -->\n\n第一条 楼道内禁止吸烟。\n", encoding="utf-8")
    assert _lines(jiesu("add", str(f), "--json"))[0]["replaced"] == 0
    f.unlink()  # tester46 Q14: the hint named the bare file added from elsewhere, and the stored copy was deleted
    out = _lines(jiesu("remove", title, "--yes", "--json"))[0]
    assert out["source"] == "added" and out["topics"] == []
    path = shlex.split(out["restore"])[-1]
    assert out["restore"].startswith("jiesu kb add ") and "warning" not in out
    assert Path(path).is_absolute() and Path(path).is_file() and "楼道内禁止吸烟" in Path(path).read_text(encoding="utf-8")
    p = jiesu("restore", title)
    assert p.returncode == 2 and "jiesu kb add" in p.stderr
    again = jiesu("add", path, "--json")   # the hint, as printed, brings it back
    assert again.returncode == 0 and title in _statutes(jiesu)


def test_kb_commands_print_chinese_tables_and_json_with_the_flag(jiesu, home, tmp_path):
    """`kb list`, `kb search`, `kb topics`, `kb add` read as text for a supervisor; `--json` keeps
    the machine form (one object a line)."""
    listed = jiesu("list")
    assert listed.returncode == 0 and not listed.stdout.lstrip().startswith("{")
    assert listed.stdout.splitlines()[0].split() == ["条数", "范围", "版本日期", "来源", "状态", "法规"]
    assert "数据目录" in listed.stdout and "施行中" in listed.stdout
    assert len(_lines(jiesu("list", "--json"))) == len(_statutes(jiesu))

    f = tmp_path / "花盆规定.md"
    f.write_text(STATUTE_V1, encoding="utf-8")
    added = jiesu("add", str(f))
    assert added.returncode == 0 and f"已添加《{TITLE}》" in added.stdout and "3 条" in added.stdout
    found = jiesu("search", "临街窗台外悬挂花盆会被罚款吗", "--k", "3")
    assert found.returncode == 0 and found.stdout.startswith(f"1. 《{TITLE}》第三条")
    assert "可以处五十元罚款" in found.stdout and "{" not in found.stdout
    removed = jiesu("remove", TITLE, "--yes")
    assert removed.returncode == 0 and f"已删除《{TITLE}》" in removed.stdout
    assert "jiesu kb add " in removed.stdout and "kb_added/removed/" in removed.stdout
    # restore of an added statute names the copy kept aside (tester55 S19: only 文件.md)
    restore = jiesu("restore", TITLE)
    assert restore.returncode == 2 and "kb_added/removed/" in restore.stderr and "Traceback" not in restore.stderr

    topics = jiesu("topics", "饭馆里有人抽烟没人管")
    assert topics.returncode == 0 and topics.stdout.startswith("【公共场所吸烟】")
    assert "说法：" in topics.stdout and "依据：《北京市控制吸烟条例》第九条" in topics.stdout
    assert "（不在知识库）" in topics.stdout   # this home does not hold that statute
