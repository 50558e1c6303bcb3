"""Similar cases vote for statutes: each case's statutes (computed once, kept per text), the votes
over a complaint's neighbours, how ``search``/``cite`` use them, and the stored file."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
from pathlib import Path

import numpy as np
import pytest

from kb_index.case_statutes import TOP_LAWS, CaseStatutes, build_case_statutes, case_laws, index_key
from kb_index.cases import CaseIndex
from kb_index.regulations import RegulationIndex, SearchConfig, load_statutes
from kb_index.sources import CaseRecord

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("JIESU_DATA_DIR", REPO.parent / "shared" / "data")).resolve()

pytestmark = pytest.mark.skipif(not (DATA_DIR / "laws" / "index.csv").exists(),
                                reason=f"statute data not found under {DATA_DIR}")

DIM = 8
CASES = {
    "fumes-1": "楼下烧烤店油烟直排，熏得窗户都不敢开",
    "fumes-2": "饭馆没有装油烟净化设施，油烟扰民",
    "dog-1": "邻居遛狗不拴绳，大型犬在小区里乱跑",
    "wage-1": "工地包工头拖欠农民工工资半年不给",
}


@pytest.fixture(scope="module")
def regs() -> RegulationIndex:
    idx = RegulationIndex().build(load_statutes(DATA_DIR), data_dir=DATA_DIR)
    idx.topics = ()   # the votes' arithmetic alone, without the knowledge base's topic entries
    return idx


def _vec(j: int) -> np.ndarray:
    v = np.full(DIM, 0.05, dtype=np.float32)
    v[j] = 1.0
    return v / np.linalg.norm(v)


@pytest.fixture()
def cases() -> CaseIndex:
    idx = CaseIndex(DIM, "toy-encoder", "fp-cases", index_type="flat")
    topic = {"fumes": 0, "dog": 1, "wage": 2}
    recs = [CaseRecord(id=cid, source="test", text=t) for cid, t in CASES.items()]
    idx.upsert(recs, np.vstack([_vec(topic[cid.split("-")[0]]) for cid in CASES]))
    return idx


def test_case_laws_are_the_grouped_ranking_relative_to_the_first(regs):
    laws = case_laws(regs, CASES["fumes-1"], None)
    ranked = regs.search(CASES["fumes-1"], k=TOP_LAWS, group_by_law=True)
    assert [law for law, _ in laws] == [g["law"] for g in ranked]
    assert laws[0][1] == 1.0 and [w for _, w in laws] == sorted((w for _, w in laws), reverse=True)
    assert laws[0][0] == "中华人民共和国大气污染防治法"
    assert case_laws(regs, "。，！", None) == ()


def test_votes_sum_similarity_times_relative_score(regs, cases):
    store = CaseStatutes()
    hits = cases.search(_vec(0)[None, :], k=3)[0]
    assert {h["id"] for h in hits[:2]} == {"fumes-1", "fumes-2"}
    m = regs.config.case_laws
    assert 1 <= m < TOP_LAWS
    want: dict[str, float] = {}
    for h in hits:   # each case votes for its first ``case_laws`` statutes only
        for law, w in case_laws(regs, CASES[h["id"]], None)[:m]:
            want[law] = want.get(law, 0.0) + h["score"] * w
    got = store.votes(regs, cases, hits, k=3)
    assert got.keys() == want.keys() and all(got[k] == pytest.approx(want[k]) for k in want)
    assert max(got, key=got.get) == "中华人民共和国大气污染防治法"
    votes, why = store.votes_and_cases(regs, cases, hits, k=3, per_law=2)
    assert votes == got and why.keys() == got.keys()
    for law, ids in why.items():   # the cases that gave the statute most, at most two
        gave = sorted(((h["score"] * dict(case_laws(regs, CASES[h["id"]], None)[:m]).get(law, 0.0), h["id"])
                       for h in hits), reverse=True)
        assert ids == [cid for g, cid in gave if g > 0][:2]
    first = store.laws_of(regs, cases, hits[0]["id"])
    assert len(first) > m   # the store keeps more than votes: the cut is real
    assert store.votes(regs, cases, hits, k=1).keys() == dict(first[:m]).keys()
    every = copy.copy(regs)   # a config that lets each case vote for all it keeps
    every.config = dataclasses.replace(regs.config, case_laws=TOP_LAWS)
    assert store.votes(every, cases, hits, k=1).keys() == dict(first).keys()
    # an unknown id (deleted since the search) votes for nothing
    assert store.votes(regs, cases, [{"id": "gone", "score": 0.9}], k=5) == {}


def test_votes_raise_the_statutes_they_name_and_nothing_else(regs):
    query = "小区里有人遛狗不拴绳，还在楼道里抽烟"
    groups = regs.search(query, k=5, group_by_law=True)
    plain = [g["law"] for g in groups]
    assert len(plain) == 5
    target, w = plain[2], regs.config.case_weight
    # statute scores: own / best own, plus case_weight × votes / most votes
    want = {g["law"]: g["score"] / groups[0]["score"] + (w if g["law"] == target else 0.0) for g in groups}
    voted = regs.search(query, k=5, group_by_law=True, law_votes={target: 3.0, plain[4]: 0.0})
    assert {g["law"]: g["score"] for g in voted} == pytest.approx(want, abs=1e-5)
    assert [g["law"] for g in voted] == sorted(want, key=lambda law: -want[law])
    assert [g["law"] for g in voted].index(target) < 2
    half = regs.search(query, k=5, group_by_law=True, law_votes={target: 1.0, plain[3]: 2.0})
    assert {g["law"]: g["score"] for g in half}[target] == pytest.approx(want[target] - w / 2, abs=1e-5)
    # articles: own score / best own score, plus the boost of their statute
    own = {h["id"]: h["score"] for h in regs.search(query, k=len(regs.articles))}
    top = max(own.values())
    arts = regs.search(query, k=20, law_votes={target: 3.0})
    assert [h["score"] for h in arts] == sorted((h["score"] for h in arts), reverse=True)
    assert {h["id"]: h["score"] for h in arts} == pytest.approx(
        {h["id"]: own[h["id"]] / top + (w if h["law"] == target else 0.0) for h in arts}, abs=1e-5)
    assert target in {h["law"] for h in arts}
    # votes for a statute the index does not hold, no votes, or weight 0: the plain ranking
    assert [g["law"] for g in regs.search(query, k=5, group_by_law=True,
                                          law_votes={"不存在的条例": 5.0})] == plain
    assert [g["law"] for g in regs.search(query, k=5, group_by_law=True, law_votes={})] == plain
    off = RegulationIndex(SearchConfig(case_weight=0.0))
    off.__dict__.update({k: v for k, v in regs.__dict__.items() if k != "config"})
    assert [g["law"] for g in off.search(query, k=5, group_by_law=True, law_votes={target: 3.0})] == plain


def test_cite_lists_the_statute_ranking_within_five_articles(regs):
    query = "楼上邻居装修噪音太大，周末早上七点就开始电钻"
    groups = regs.search(query, k=5, group_by_law=True, per_law=3)
    arts = regs.cite(query, k=5)
    assert len(arts) == 5 and len({a["id"] for a in arts}) == 5
    assert list(dict.fromkeys(a["law"] for a in arts)) == [g["law"] for g in groups[:4]]
    assert arts[0]["id"] == groups[0]["articles"][0]["id"]
    assert [a["score"] for a in arts] == sorted((a["score"] for a in arts), reverse=True)
    assert arts[0]["score"] == groups[0]["score"] and arts[2]["score"] == groups[1]["score"]
    if len(groups[0]["articles"]) > 1:
        assert arts[1]["id"] == groups[0]["articles"][1]["id"]
    # few statutes match: the rest of their articles fill the list
    few = regs.cite("养犬登记", k=5)
    assert len(few) == 5 or len(few) == sum(len(g["articles"]) for g in regs.search(
        "养犬登记", k=5, group_by_law=True, per_law=3))


def test_changed_case_is_recomputed_and_removed_case_dropped(regs, cases, tmp_path):
    store = CaseStatutes()
    assert store.update(regs, cases) == len(CASES)
    assert store.key == index_key(regs, cases)
    assert store.update(regs, cases) == 0                      # nothing new
    before = store.laws_of(regs, cases, "dog-1")
    assert before[0][0] == "北京市养犬管理规定"
    cases.upsert([CaseRecord(id="dog-1", source="test", text=CASES["wage-1"])], _vec(1)[None, :])
    after = store.laws_of(regs, cases, "dog-1")                # its text changed: computed anew
    assert after == case_laws(regs, CASES["wage-1"], None) and after != before
    cases.remove(["fumes-2"])
    assert store.update(regs, cases) == 0 and "fumes-2" not in store.entries and len(store) == len(CASES) - 1


def test_file_is_built_skipped_when_current_and_loaded(regs, cases, tmp_path):
    path = tmp_path / "case_statutes.json"
    assert build_case_statutes(regs, cases, path, progress=False) == (False, len(CASES))
    assert build_case_statutes(regs, cases, path, progress=False) == (True, len(CASES))
    loaded = CaseStatutes.load(path)
    fresh = CaseStatutes()
    fresh.update(regs, cases)
    assert loaded.key == fresh.key and loaded.entries == fresh.entries
    # a new case: computed and saved by the next build
    cases.upsert([CaseRecord(id="wage-2", source="test", text="公司三个月没发工资")], _vec(2)[None, :])
    assert build_case_statutes(regs, cases, path, progress=False) == (False, len(CASES) + 1)
    assert "wage-2" in json.loads(path.read_text(encoding="utf-8"))["cases"]
    # another regulation index (another configuration): everything is computed again
    other = RegulationIndex(SearchConfig(law_weight=0.3))
    other.__dict__.update({k: v for k, v in regs.__dict__.items() if k not in ("config", "meta")})
    other.meta = {**regs.meta, "config": {"law_weight": 0.3}}
    store = CaseStatutes.load(path)
    assert store.update(other, cases) == len(CASES) + 1


def test_missing_or_broken_file_gives_an_empty_store_that_computes_on_use(regs, cases, tmp_path, caplog):
    assert len(CaseStatutes.load(tmp_path / "none.json")) == 0
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    store = CaseStatutes.load(bad)
    assert len(store) == 0 and "unreadable" in caplog.text
    hits = cases.search(_vec(1)[None, :], k=1)[0]
    votes = store.votes(regs, cases, hits, k=1)
    assert max(votes, key=votes.get) == "北京市养犬管理规定"
    assert len(store) == 1


def test_the_stored_statutes_follow_the_topic_entries(regs, cases, tmp_path):
    """The past cases' statutes depend on the knowledge base's topic entries too: a changed table
    recomputes them at set-up (as a changed thesaurus does)."""
    from kb_index.case_statutes import build_case_statutes, index_key
    from kb_index.topics import Topic

    path = tmp_path / "case_statutes.json"
    assert build_case_statutes(regs, cases, path, progress=False)[0] is False
    assert build_case_statutes(regs, cases, path, progress=False)[0] is True   # nothing changed
    other = copy.copy(regs)
    other.topics = (Topic("养犬", ("遛狗",), (), (("北京市养犬管理规定", ("第十七条",)),)),)
    assert index_key(other, cases) != index_key(regs, cases)
    assert build_case_statutes(other, cases, path, progress=False)[0] is False
