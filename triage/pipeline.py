"""Complaint → nlu → classifier → similar cases → routing → regulations → ``TriageResult``.

The one place that wires the stages together. Heavy objects are loaded once per pipeline.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from classifier.department import load_department_model
from classifier.registry import POINTER, ModelError, get_active_id, load_active
from kb_index.case_statutes import FILE_NAME as CASE_STATUTES_FILE
from kb_index.case_statutes import CaseStatutes
from kb_index.cases import CaseIndex
from kb_index.regulations import QUERY_STOPWORDS, RegulationIndex, query_tokens
from kb_index.topics import TOPICS_NAME, load_topics
from nlu import Complaint, Preprocessed, preprocess
from nlu.priority import priority as priority_of
from nlu.request_kind import PRAISE, request_kind
from nlu.urgency import hazard
from triage.model_reload import ask_threshold_of
from triage.models import PriorityFlag, TriageResult, Urgent
from triage.place_memory import PlaceMemory
from triage.routing import (EDUCATION_LABEL, STUDY_HARM_FACTOR, Router, load_departments, load_law_departments,
                            study_harm_only)
from triage.settings import Settings, get_settings

log = logging.getLogger("triage.pipeline")


def with_stated_category(proba: np.ndarray, labels: Sequence[str], stated: str | None) -> np.ndarray:
    """The category distribution once the citizen has said which reading is meant: the chosen
    label takes the mass of the most likely other one (the reading the citizen ruled out, as the
    bot's question is "this one or that one?"); the rest keep theirs. Unknown or no choice: as is."""
    if not stated or stated not in labels:
        return proba
    i = list(labels).index(stated)
    out = proba.astype(float, copy=True)
    others = out.copy()
    others[i] = -1.0
    j = int(np.argmax(others))
    if j != i and others[j] >= 0:
        out[i] += out[j]
        out[j] = 0.0
    return out


# how sure the model must be of a label supervisors added for it to outweigh a repeat's decided category
NEW_LABEL_OVER_REPEAT = 0.5


def new_label_wins(row: np.ndarray, labels: Sequence[str], repeat_label: str, base: set[str] | frozenset[str]) -> bool:
    """Whether the model's own reading outweighs a repeat's (重复件) decided category: its first label is
    one supervisors added (not a label of the base data, so the repeated case was decided before it
    existed) with confidence ≥ ``NEW_LABEL_OVER_REPEAT``, and the repeat's is a base one (tester55 S3: a
    new 养犬管理 read at 0.97 showed 城乡建设 99.6 % by a repeat decided before the label was added)."""
    if not base or repeat_label not in base:
        return False
    top = int(np.argmax(row))
    return labels[top] not in base and labels[top] != repeat_label and float(row[top]) >= NEW_LABEL_OVER_REPEAT


def _base_labels(data_dir: Path) -> frozenset[str]:
    """The categories of the data directory's labelled messages, or none when it has none to read."""
    from classifier.retrain import base_labels

    try:
        return frozenset(base_labels(data_dir))
    except (OSError, ValueError) as e:
        log.info("triage.pipeline.no_base_labels %s", e)
        return frozenset()


def _one_blas_thread() -> None:
    """numpy/scipy's OpenBLAS keeps a thread team of its own beside torch's; on two cores their
    spinning threads fight, and a triage took twice as long (measured in-process, 64-token queries:
    p50 169 → 79 ms with BLAS at one thread). The BLAS work here is small (one query at a time):
    one thread is enough. Process-wide, once."""
    from threadpoolctl import threadpool_limits

    global _BLAS_LIMIT
    if _BLAS_LIMIT is None:
        _BLAS_LIMIT = threadpool_limits(1, user_api="blas")


_BLAS_LIMIT = None


# A complaint's embedding reads at most its first 2,048 tokens (four 512-token windows): 99 % of
# the labelled messages are shorter (91 of 8,703 are longer), and a 20,000-character letter then
# costs ~0.5 s instead of 5.6 s of encoder time, holding the pipeline for everyone else.
QUERY_TOKEN_CAP = 2048
WARM_UP_TEXT = "北京市朝阳区望京街道某小区楼下饭馆每天晚上十点以后油烟和噪音扰民，电话13800000000"


# Address parts a statute search does not read: a place name is no reason to cite a statute (海淀区中关村
# 街道 → the 中关村 示范区条例; 科技园区 → the 科技创新中心 条例 and 防洪法's 科技园区 clause). Of a
# landmark or public place only its kind stays (a 公园, a 地铁站 may be what the statute is about).
PLACE_KINDS = ("district", "street", "community", "road", "place", "address")
# (a place told by its kind alone, 一家宠物医院 / 这家商场, is no name: all of it stays; 宠物医院 was read as 医院
# and a cat's operation cited the hospitals' statutes: session 48)
_PLACE_KIND_WORDS = re.compile(r"^(?:一|这|那|某)(?:家|个|所|座|处|间)[^，,。！!？?；;]+"
                               r"|公园|机场|火车站|地铁站|汽车站|客运站|航站楼|广场|商场|购物中心|体育场|体育馆|长城|古树"
                               r"|派出所|宠物医院|动物医院|宠物诊所|医院|卫生院|农贸市场|批发市场")
_SAYS_NOTHING_CHARS = 40


# A similar case whose department is known is listed rather than one as near (cosine within this
# of the nearest) whose is not: "which department handled it" is what an operator reads them for
# (a tester counted 109 of 140 listed cases 承办部门未知)
KNOWN_FIRST_MARGIN = 0.02


def distinct_cases(hits: list[dict], k: int, known_first: float = KNOWN_FIRST_MARGIN) -> list[dict]:
    """``k`` similar cases, nearest first, a re-post (the same text as one listed before) left out;
    among the ones within ``known_first`` of the nearest, those with departments are taken first."""
    out, seen = [], set()
    for h in hits:
        key = re.sub(r"\s+", "", str(h.get("text") or ""))[:120] or h.get("id")
        if key in seen:
            continue
        seen.add(key)
        out.append(h)
    if out and known_first > 0:
        near = [h for h in out if float(h.get("score") or 0.0) >= float(out[0].get("score") or 0.0) - known_first]
        keep = {id(h) for h in [h for h in near if h.get("departments")][:k]}
        keep |= {id(h) for h in [h for h in out if id(h) not in keep][:k - len(keep)]}
        return [h for h in out if id(h) in keep]   # still nearest first
    return out[:k]


# What the bot writes into a description around the citizen's words: the time's label (发生时间：天天半夜)
# and its notes (（市民要求对其身份保密）). No statute is about them: a tester's 楼上天天半夜蹦迪 cited 劳动法's
# working hours (第三十六条 每日工作时间, 第四十三条 延长工作时间) by 时间 (tester57 F14).
_FILED_LABELS = re.compile(r"(?m)^[ \t]*发生时间[：:]|[（(]市民[^（()）\n]{1,30}[）)]")


# A citation no knowledge-base entry lists, that scores under this share of the first one or that fewer than two
# similar cases also cite, is weak: it came from the words alone (a passport's queue cited 旅游法, an ATM's
# skimmer 物业管理条例). Over the 245 statute benchmark queries' top three (own 155, real 90), 53 of 735
# citations are weak and 3 of those 53 name a right statute; of the other no-entry ones 80 of 142 do.
WEAK_SHARE = 0.6
WEAK_CASES = 2


def mark_weak(regs: list[dict]) -> list[dict]:
    """``regs`` (the triage's citations, best first) each with ``weak`` set (``WEAK_SHARE``, ``WEAK_CASES``)."""
    top = max((float(r.get("score") or 0.0) for r in regs), default=0.0)
    for r in regs:
        r["weak"] = not r.get("topic") and (float(r.get("score") or 0.0) < WEAK_SHARE * top
                                            or len(r.get("similar_cases") or ()) < WEAK_CASES)
    return regs


def statute_query(p: Preprocessed) -> str:
    """What the statute search reads of a complaint: its masked text without place names, nor the
    filing's labels and notes (``_FILED_LABELS``)."""
    return _FILED_LABELS.sub("，", p.without(PLACE_KINDS, _PLACE_KIND_WORDS))


def says_nothing(p: Preprocessed) -> bool:
    """A short complaint with nothing but a place, a time and generic words ("北京西站南广场",
    "国贸", "我要投诉。"): whatever the model reads into it, the citizen is to be asked what happened."""
    if len(p.masked) > _SAYS_NOTHING_CHARS:
        return False
    rest = re.sub(r"<[^<>]{1,8}>", "，", p.without(PLACE_KINDS + ("time",)))  # <手机号> …
    return not [t for t in query_tokens(rest)
                if t not in QUERY_STOPWORDS and t not in _GREETING_WORDS and t not in _VENTING_WORDS]


# what a caller says before saying what happened
_GREETING_WORDS = frozenset({"我要", "我想", "想要", "你好", "您好", "喂", "在吗", "请问", "电话", "联系", "联系方式",
                             "帮我", "帮", "有个", "有件", "一件", "事儿", "一个", "个", "举报电话", "投诉电话"})


# what a caller says in anger without saying about what ("你们管不管啊，太过分了": a tester's case got
# 商贸旅游 73 %, 民法典's 违约金 and a draft with no warning)
_VENTING_WORDS = frozenset({"管", "管管", "管不管", "人管", "没人管", "有人管", "有没有", "到底", "过分", "太过分",
                            "太过分了", "气死", "气死我了", "气死人", "怎么回事", "怎么办", "人", "受不了", "离谱",
                            "太离谱", "不像话", "一直", "解决", "不解决", "处理", "不处理", "没人", "没用",
                            "你们", "干什么", "干啥", "吃的"})


def _with_topics(index: RegulationIndex, s: Settings) -> RegulationIndex:
    """The index reading the knowledge base's topic entries of the settings' training data."""
    index.topics = load_topics(s.training_data / TOPICS_NAME)
    return index


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells a file was replaced (an atomic rename gives a new inode) or rewritten."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class TriagePipeline:
    """Loaded models and indexes; ``triage_many`` is the batch entry point."""

    def __init__(self, settings: Settings | None = None) -> None:
        t0 = time.time()
        self.settings = s = settings or get_settings()
        _one_blas_thread()
        self.encoder = s.load_encoder()
        self.model, self.model_meta = load_active(s.models_dir, self.encoder)
        self.cases = CaseIndex.load(s.indexes_dir / "cases", encoder=self.encoder.name)
        self.regulations = _with_topics(RegulationIndex.load(s.indexes_dir / "regulations"), s)
        # the statutes of each past case, so that a complaint's similar cases vote for statutes
        self.case_statutes = CaseStatutes.load(s.indexes_dir / CASE_STATUTES_FILE)
        self.router = Router(load_departments(s.data_dir, s.training_data),
                             law_departments=load_law_departments(s.data_dir, s.training_data,
                                                                            self.regulations.articles))
        self.dept_model = load_department_model(s.models_dir, self.encoder.name)  # None: not trained
        # where the case database's cases placed the communities and roads they name (filled by
        # triage.cases.index_sync as cases are filed and at start-up)
        self.places = PlaceMemory()
        # the labels of the base data: one the model has beyond them was added by supervisors (new_label_wins)
        self.base_labels = _base_labels(s.data_dir)
        # the HF fast tokenizer and the case index are not safe for concurrent use
        self._lock = threading.Lock()
        self.ask_threshold = ask_threshold_of(self.model_meta)
        # what a supervisor may change from another process (`jiesu train`, `jiesu models
        # promote`, `jiesu kb add`): seen as loaded, followed by ``follow_changes``
        self._seen = self._stamps()
        self._follow_lock = threading.Lock()
        self._warm_up()
        log.info("triage.pipeline.loaded seconds=%.1f cases=%d", time.time() - t0, len(self.cases))

    def _warm_up(self) -> None:
        """Triage one complaint now: the jieba dictionaries, the address gazetteer and the BM25
        tokenizer load on first use (~1 s), which the first citizen would otherwise wait for."""
        t0 = time.perf_counter()
        try:
            self._triage_many([Complaint(text=WARM_UP_TEXT, id="warm-up")], k_cases=1, k_regs=1,
                              k_categories=1)
        except Exception:  # noqa: BLE001 - a request that fails the same way reports it properly
            log.warning("triage.pipeline.warm_up_failed", exc_info=True)
        log.info("triage.pipeline.warm_up ms=%.0f", (time.perf_counter() - t0) * 1000)

    def preprocess(self, complaints: Sequence[Complaint]) -> list[Preprocessed]:
        return [preprocess(c) for c in complaints]

    def triage_many(self, complaints: Sequence[Complaint], *, k_cases: int = 10, k_regs: int = 5,
                    k_categories: int = 3, k_departments: int = 5) -> list[TriageResult]:
        """Triage a batch; the encoder runs once over the whole batch. Lists are best first:
        ``k_categories`` categories, ``k_departments`` departments (at least the router's
        ``min_results``), ``k_regs`` articles, ``k_cases`` similar cases."""
        if not complaints:
            return []
        self.follow_changes()
        import sklearn

        # the models' inputs are built here (finite floats, our own shapes): scikit-learn's
        # per-call validation (parameter checks, dataframe sniffing, finiteness) took half of the
        # category and department stages, 2.3 of their 4.7 ms per complaint
        with self._lock, sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return self._triage_many(complaints, k_cases=k_cases, k_regs=k_regs, k_categories=k_categories,
                                     k_departments=k_departments)

    def _triage_many(self, complaints: Sequence[Complaint], *, k_cases: int, k_regs: int,
                     k_categories: int, k_departments: int = 5) -> list[TriageResult]:
        clock = time.perf_counter
        t = [clock()]
        pre = self.preprocess(complaints)
        texts = [p.masked for p in pre]
        t.append(clock())
        emb = self.encoder.encode(texts, prefix="query: ",
                                  max_tokens=self.settings.query_tokens or QUERY_TOKEN_CAP)
        t.append(clock())
        proba = self.model.predict_proba(texts, emb=emb) if self.model.kind == "e5_ngram" \
            else self.model.predict_proba(texts)
        t.append(clock())
        case_k = self.regulations.config.case_k
        similar = self.cases.search(emb, k=max(k_cases, self.router.k_votes, case_k))
        t.append(clock())
        dm = self.dept_model   # once: a retraining may swap it meanwhile (its codes go with its scores)
        dept_p = dm.predict_proba(texts, emb) if dm is not None else None
        t.append(clock())
        results = []
        for i, p in enumerate(pre):
            ents = p.entities_dict()
            if getattr(self, "places", None) is not None:   # a place past cases placed (云景里小区 → 通州区)
                ents = self.places.complete(ents)
            stated = p.complaint.category if p.complaint.category in self.model.labels else None
            # a repeat (重复件) of cases an operator decided takes their category, as a choice the
            # citizen made would (a tester's repeats followed the corrected department, not category)
            repeat = None if stated else self.router.repeat_category(similar[i], ents["address"])
            if repeat is not None and (repeat[0] not in self.model.labels
                                       or new_label_wins(proba[i], self.model.labels, repeat[0], self.base_labels)):
                repeat = None
            chosen = stated or (repeat[0] if repeat else None)
            row = proba[i]
            if not chosen and EDUCATION_LABEL in self.model.labels and study_harm_only(texts[i]):
                # a noise with a pupil's exam as its harm is no schools' matter (楼上装修太吵了…孩子要高考了: 教育文体 0.86)
                # (below the best other category: the model is sure of the wrong thing, a factor is not enough)
                row = row.copy()
                j = self.model.labels.index(EDUCATION_LABEL)
                row[j] = min(row[j], STUDY_HARM_FACTOR * np.delete(row, j).max())
                row = row / row.sum()
            row = with_stated_category(row, self.model.labels, chosen)
            order = np.argsort(-row, kind="stable")
            cats = [{"label": self.model.labels[j], "confidence": round(float(row[j]), 4),
                     "stated": self.model.labels[j] == stated}
                    for j in order[: max(k_categories, 3)]]
            if repeat is not None:
                for c in cats:
                    if c["label"] == repeat[0]:
                        c["repeat_of"] = repeat[1][:3]
            kind = request_kind(texts[i])
            votes, voters = self.case_statutes.votes_and_cases(self.regulations, self.cases, similar[i], case_k)
            # praise cites nothing: no rule was broken (a tester's praise listed 突发公共卫生事件应急条例)
            regs = [] if kind == PRAISE else self.regulations.cite(statute_query(p), k=max(k_regs, 5),
                                                                   query_vec=emb[i], law_votes=votes)
            issues = self.router.issues(texts[i])
            if issues:   # two problems for two departments: the operator may file them apart
                ents = {**ents, "issues": issues}
            danger = hazard(texts[i])
            pr = None if danger else priority_of(texts[i])
            depts = self.router.route(
                cats, similar[i], regulations=regs, address=ents["address"], text=texts[i], danger=danger, kind=kind,
                priority=pr,
                limit=k_departments, model_proba=dict(zip(dm.codes, map(float, dept_p[i]))) if dept_p is not None else None)
            res = TriageResult(
                id=p.complaint.id,
                masked_text=p.masked,
                entities=ents,
                categories=cats,
                departments=depts,
                regulations=mark_weak([{"law": r["law"], "article": r["article"], "text": r["text"],
                                        "score": round(float(r["score"]), 4), "chapter": r.get("chapter", ""),
                                        "scope": r.get("scope", ""), "similar_cases": voters.get(r["law"], []),
                                        "topic": r.get("topic", "")}
                                       for r in regs]),
                similar_cases=distinct_cases(similar[i], k_cases),
                needs_clarification=chosen is None and (cats[0]["confidence"] < self.ask_threshold
                                                        or says_nothing(p)),
                model_version=self.model_meta.get("id"),
                urgent=Urgent(kind=danger.kind, advice=danger.advice, words=danger.words) if danger else None,
                priority=PriorityFlag(kind=pr.kind, reason=pr.reason, words=pr.words) if pr else None,
                request_kind=kind,
                repeats=[n for n in self.router.repeat_cases(similar[i], ents["address"]) if n != p.complaint.id][:5],
                # every department named at the place's level: an operator choosing one the triage did not
                # suggest sees the district unit (a tester's dropdown said 市教委 for a 房山区 case)
                units={code: u for code, d in self.router.departments.items()
                       if (u := self.router.unit_name(code, ents["address"], texts[i])) != d.name}
                if ents["address"].get("district") else {},
            )
            res._vector = emb[i]
            results.append(res)
        t.append(clock())
        # per batch, in ms: what ``POST /v1/triage`` reports as its Server-Timing header
        timings = {name: round((b - a) * 1000, 2) for name, a, b in zip(
            ("preprocess", "encoder", "category", "cases", "departments", "regulations_routing"), t, t[1:])}
        timings["pipeline"] = round((t[-1] - t[0]) * 1000, 2)
        timings["batch"] = len(complaints)
        for res in results:
            res._timings = timings
        return results

    def _stamps(self) -> dict[str, tuple[int, int, int] | None]:
        s = self.settings
        return {"model": _stamp(s.models_dir / POINTER),
                "regulations": _stamp(s.indexes_dir / "regulations" / "meta.json"),
                "departments": _stamp(s.models_dir / "departments" / "meta.json")}

    def follow_changes(self) -> dict[str, str]:
        """Serve the active model, the regulation index and the department model as they are on
        disk now: another process (`jiesu train` / `jiesu models promote` / `rollback`, `jiesu kb
        add` / `remove`) may have moved the model pointer, replaced the index or retrained the
        department model; a tester's promoted model was not served until a restart. Three ``stat``
        calls when nothing changed. What cannot be loaded is logged and the old one kept. Returns
        what was reloaded."""
        s = self.settings
        now = self._stamps()
        if now == self._seen:
            return {}
        done: dict[str, str] = {}
        with self._follow_lock:  # one request reloads; the others wait, then see it done
            if now["model"] != self._seen["model"]:
                self._seen["model"] = now["model"]
                active = get_active_id(s.models_dir)
                if active and active != self.model_meta.get("id"):
                    try:
                        done["model"] = self.reload_model()["loaded"]
                    except ModelError as e:
                        log.warning("triage.pipeline.model_reload_failed active=%s %s", active, e)
            if now["regulations"] != self._seen["regulations"]:
                self._seen["regulations"] = now["regulations"]
                try:
                    regs = _with_topics(RegulationIndex.load(s.indexes_dir / "regulations"), s)
                    router = Router(load_departments(s.data_dir, s.training_data),
                                    law_departments=load_law_departments(s.data_dir, s.training_data,
                                                                         regs.articles))
                except Exception as e:  # noqa: BLE001 - a half-copied index: keep serving the old one
                    log.warning("triage.pipeline.regulations_reload_failed %s", e)
                else:
                    with self._lock:
                        self.regulations, self.router = regs, router
                    done["regulations"] = f"{len(regs.articles)} articles"
                    log.info("triage.pipeline.regulations_reloaded articles=%d", len(regs.articles))
            # a retrained department model is swapped in as a directory: missing for a moment, then
            # seen again at the next triage
            if now["departments"] != self._seen["departments"] and now["departments"] is not None:
                self._seen["departments"] = now["departments"]
                try:
                    dm = load_department_model(s.models_dir, self.encoder.name)
                except Exception as e:  # noqa: BLE001 - half-written or another encoder: keep the old one
                    log.warning("triage.pipeline.department_model_reload_failed %s", e)
                else:
                    self.dept_model = dm   # read once per batch (``_triage_many``), so no lock needed
                    done["departments"] = f"{len(dm.codes) if dm is not None else 0} codes"
                    log.info("triage.pipeline.department_model_reloaded codes=%s", done["departments"])
        return done

    def reload_model(self) -> dict:
        """Switch to the registry's active model (loaded outside the lock, swapped under it)."""
        from triage.model_reload import reload_model

        return reload_model(self)

    def triage(self, complaint: Complaint) -> TriageResult:
        return self.triage_many([complaint])[0]


