"""Supervisors' retraining loop: merge decided cases and added rows with the labelled data, train
a candidate, compare it with the active model on a fixed evaluation split, promote only if it is
not worse.

The fixed evaluation split
--------------------------
A deterministic, stratified 10 % of ``complaints/labelled.jsonl``: within each label the rows
whose ``sha256("jiesu-eval|" + id)`` ranks lowest. Its ids are written once into
``<models_dir>/EVAL_SPLIT.json`` and read from there afterwards, so every run compares on the
same rows even if the data file grows. Candidates never train on these rows (``train(...,
exclude_ids=…)``), and rows from the case database whose text equals an evaluation row's are
dropped, so the comparison is fair from the first retraining on.

A model trained before this split existed (``jiesu setup`` refits on all labelled rows) has seen
these rows, and its score on them is optimistic. Such an active model is still scored and
reported, but the decision compares the candidate with a *reference*: the active model's own
recipe (kind, row limit, encoder) refit on the labelled rows without the split, i.e. the score
the active model would have had it not seen them. Once a candidate is promoted the active model
itself is the baseline. ``meta.json`` of each candidate records the comparison.

Macro-F1 is taken over the split's labels (the base labels): a label supervisors added has no
row in the split, and a candidate that predicts it for a base-label row loses that row's recall.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from classifier.data import LABELLED, LabelledRow, load_label_terms, load_labelled, read_jsonl, read_user_lines
from classifier.model import (MODEL_KINDS, CategoryModel, E5NgramModel, TextEncoder, model_text, needs_encoder,
                              new_model)
from classifier.registry import (
    ModelError,
    get_active_id,
    load_model,
    read_meta,
    set_active,
    write_json_atomic,
)
from classifier.train import _cached_embeddings, ids_digest, train

log = logging.getLogger("classifier.retrain")

EVAL_SPLIT_FILE = "EVAL_SPLIT.json"
EVAL_FRACTION = 0.1
TOLERANCE = 0.005  # a candidate may be this much below the baseline's macro-F1 and still win
NEW_LABEL_MIN_ROWS = 20
MAX_LABEL_CHARS = 64

Progress = Callable[[str, float], None]  # (stage, percent 0–100)


# -- the fixed evaluation split ------------------------------------------------------------------

@dataclass(frozen=True)
class EvalSplit:
    ids: frozenset[str]
    digest: str
    fraction: float

    def __repr__(self) -> str:
        return f"EvalSplit(n={len(self.ids)}, digest={self.digest!r})"


def _rank(row_id: str) -> str:
    return hashlib.sha256(f"jiesu-eval|{row_id}".encode()).hexdigest()


def choose_eval_ids(rows: Sequence[LabelledRow], fraction: float = EVAL_FRACTION) -> list[str]:
    """A stratified ``fraction`` of ``rows``: per label, the rows whose id hashes lowest."""
    by_label: dict[str, list[LabelledRow]] = {}
    for r in rows:
        by_label.setdefault(r.label, []).append(r)
    out: list[str] = []
    for label in sorted(by_label):
        group = sorted(by_label[label], key=lambda r: _rank(r.id))
        out.extend(r.id for r in group[: max(1, round(fraction * len(group)))])
    return sorted(out)


def fixed_eval_split(data_dir: Path, models_dir: Path, fraction: float = EVAL_FRACTION) -> EvalSplit:
    """The split stored in ``models_dir`` (created on first use from the full labelled file)."""
    path = Path(models_dir) / EVAL_SPLIT_FILE
    if path.exists():
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
            ids = frozenset(str(i) for i in obj["ids"])
            return EvalSplit(ids, ids_digest(ids), float(obj.get("fraction", fraction)))
        except (ValueError, KeyError, TypeError) as e:
            raise ModelError(f"评估集文件损坏 / corrupted {path}: {e}") from e
    ids = choose_eval_ids(load_labelled(data_dir), fraction)
    write_json_atomic(path, {"fraction": fraction, "source": LABELLED, "digest": ids_digest(ids),
                             "note": "fixed evaluation split: never trained on by retraining candidates",
                             "ids": ids})
    log.info("classifier.retrain.eval_split_created n=%d", len(ids))
    return EvalSplit(frozenset(ids), ids_digest(ids), fraction)


def saw_split(meta: dict[str, Any], split: EvalSplit) -> bool:
    """Whether the model of ``meta`` may have trained on the split's rows."""
    return (meta.get("config") or {}).get("excluded_digest") != split.digest


# -- rows from the case database -------------------------------------------------------------------

def _sqlite_missing(db_url: str) -> bool:
    from sqlalchemy.engine import make_url

    u = make_url(db_url)
    return u.get_backend_name() == "sqlite" and u.database not in (None, "", ":memory:") \
        and not Path(u.database).expanduser().exists()


def collect_db_rows(db_url: str) -> list[LabelledRow]:
    """Training rows from the case database: every case whose operator decision set a category
    (accepted or corrected; the case's final category), and the rows supervisors added.
    Texts are the stored masked ones. Oldest first; a missing database gives none."""
    if _sqlite_missing(db_url):
        return []
    from sqlalchemy import inspect, select

    from triage.db import get_engine

    engine = get_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    out: list[LabelledRow] = []
    with engine.connect() as conn:
        if "cases" in tables:
            from triage.cases.models import Case

            q = select(Case.id, Case.title, Case.text, Case.decided_category) \
                .where(Case.decided_category.is_not(None)).order_by(Case.updated_at, Case.id)
            for cid, title, text, cat in conn.execute(q):
                if (text or "").strip() and (cat or "").strip():
                    out.append(LabelledRow(id=f"case:{cid}", title=title or "", text=text, label=cat.strip(),
                                           form="raw"))
        if "labelled_rows" in tables:
            from triage.jobs import AddedRow

            q2 = select(AddedRow.id, AddedRow.title, AddedRow.text, AddedRow.label).order_by(AddedRow.id)
            for rid, title, text, label in conn.execute(q2):
                out.append(LabelledRow(id=f"added:{rid}", title=title or "", text=text, label=label, form="raw"))
    return out


def db_row_counts(db_url: str) -> dict[str, int]:
    """How many decided cases were accepted as suggested vs corrected, and how many rows were added."""
    if _sqlite_missing(db_url):
        return {"accepted": 0, "corrected": 0, "added": 0}
    from sqlalchemy import func, inspect, select

    from triage.db import get_engine

    engine = get_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    out = {"accepted": 0, "corrected": 0, "added": 0}
    with engine.connect() as conn:
        if "cases" in tables:
            from triage.cases.models import Case

            decided = Case.decided_category.is_not(None)
            same = Case.decided_category == Case.suggested_category
            out["accepted"] = int(conn.scalar(select(func.count(Case.id)).where(decided, same)) or 0)
            out["corrected"] = int(conn.scalar(select(func.count(Case.id)).where(
                decided, (Case.suggested_category.is_(None)) | (Case.decided_category != Case.suggested_category)))
                or 0)
        if "labelled_rows" in tables:
            from triage.jobs import AddedRow

            out["added"] = int(conn.scalar(select(func.count(AddedRow.id))) or 0)
    return out


# -- rows supervisors add --------------------------------------------------------------------------

class AddRowsError(ValueError):
    """A file of rows to add that cannot be used (the message says which lines and why)."""


def read_add_rows(path: Path, known_labels: Iterable[str], stored_counts: dict[str, int] | None = None,
                  *, min_new: int = NEW_LABEL_MIN_ROWS, max_chars: int = 20_000) -> list[dict[str, str]]:
    """Validate a JSONL of ``{"text", "label", "title"?, "id"?}`` rows.

    A label that is not among ``known_labels`` is new: it needs at least ``min_new`` rows, counting
    those already stored (``stored_counts``). Raises ``AddRowsError`` listing the problems.
    """
    import unicodedata

    known = set(known_labels)
    stored = stored_counts or {}
    path = Path(path)
    if path.is_dir():
        raise AddRowsError(f"输入路径是目录，不是文件 / the input is a directory, not a file: {path}")
    if not path.is_file():
        raise AddRowsError(f"文件不存在 / file not found: {path}")
    problems: list[str] = []
    rows: list[dict[str, str]] = []
    lines = read_user_lines(path)  # UTF-8 (BOM or not) or GB18030
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            problems.append(f"第 {n} 行不是 JSON / line {n} is not JSON")
            continue
        if not isinstance(obj, dict):
            problems.append(f"第 {n} 行不是对象 / line {n} is not a JSON object")
            continue
        unknown = sorted(set(obj) - {"text", "label", "title", "id"})
        text, label, title = obj.get("text"), obj.get("label"), obj.get("title") or ""
        if unknown:
            problems.append(f"第 {n} 行有未知字段 / line {n} has unknown fields: {unknown}")
        elif not isinstance(text, str) or not text.strip():
            problems.append(f"第 {n} 行缺少文本 / line {n}: text missing or empty")
        elif len(text) > max_chars:
            problems.append(f"第 {n} 行文本过长 / line {n}: text over {max_chars} characters")
        elif label is not None and not isinstance(label, str):
            problems.append(f"第 {n} 行标签须为文字（如 \"城乡建设\"），不是 {json.dumps(label, ensure_ascii=False)[:20]} / "
                            f"line {n}: the label must be text")
        elif not isinstance(label, str) or not label.strip():
            problems.append(f"第 {n} 行缺少标签 / line {n}: label missing or empty")
        elif len(label.strip()) > MAX_LABEL_CHARS or any(unicodedata.category(c)[0] == "C" for c in label):
            problems.append(f"第 {n} 行标签无效（最多 {MAX_LABEL_CHARS} 字，不含控制字符）/ line {n}: invalid label")
        elif not isinstance(title, str):
            problems.append(f"第 {n} 行标题须为字符串 / line {n}: title must be a string")
        else:
            rows.append({"text": text, "label": label.strip(), "title": title})
    if not rows and not problems:
        problems.append("文件中没有数据行 / no rows in the file")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["label"]] = counts.get(r["label"], 0) + 1
    for label, c in sorted(counts.items()):
        if label not in known and c + stored.get(label, 0) < min_new:
            problems.append(f"新类别「{label}」只有 {c + stored.get(label, 0)} 条样本，至少需要 {min_new} 条 / "
                            f"new label {label!r} has {c + stored.get(label, 0)} rows; at least {min_new} needed")
    if problems:
        more = f"（另有 {len(problems) - 10} 处）/ (+{len(problems) - 10} more)" if len(problems) > 10 else ""
        raise AddRowsError("；".join(problems[:10]) + more)
    return rows


def base_labels(data_dir: Path) -> set[str]:
    return {str(r["label"]) for r in read_jsonl(Path(data_dir) / LABELLED)}


# -- evaluation ------------------------------------------------------------------------------------

def evaluate_model(model: CategoryModel, texts: list[str], truth: list[str], forms: list[str],
                   emb: np.ndarray | None) -> dict[str, Any]:
    """Accuracy and macro-F1 over the labels of ``truth``, per-label F1, raw-row accuracy."""
    proba = model.predict_proba(texts, emb=emb) if model.kind == "e5_ngram" \
        else model.predict_proba(texts)  # type: ignore[call-arg]
    pred = [model.labels[i] for i in proba.argmax(axis=1)]
    labels = sorted(set(truth))
    per = f1_score(truth, pred, labels=labels, average=None, zero_division=0)
    shown = labels + sorted(set(pred) - set(labels))  # a predicted label absent from the truth too
    raw = [i for i, f in enumerate(forms) if f == "raw"]
    out = {"n": len(truth), "accuracy": round(float(accuracy_score(truth, pred)), 4),
           "macro_f1": round(float(np.mean(per)), 4),
           "per_label_f1": {lab: round(float(v), 4) for lab, v in zip(labels, per)},
           "labels": shown, "confusion": confusion_matrix(truth, pred, labels=shown).tolist()}
    if raw:
        out["accuracy_raw_rows"] = round(float(accuracy_score([truth[i] for i in raw], [pred[i] for i in raw])), 4)
    return out


def _needs_encoder(kind: str | None) -> bool:
    return needs_encoder(kind)


def _fit_reference(meta: dict[str, Any], data_dir: Path, cache_dir: Path, split: EvalSplit,
                   encoder: TextEncoder | None, recipe: dict[str, Any] | None = None) -> CategoryModel:
    """The active model's recipe (kind, row limit, encoder, its own options: ``recipe``) refit without
    the split's rows."""
    kind = meta["kind"]
    limit = (meta.get("config") or {}).get("limit")
    base = load_labelled(data_dir, limit=limit)
    keep = [i for i, r in enumerate(base) if r.id not in split.ids]
    texts = [model_text(base[i].title, base[i].text) for i in keep]
    labels = [base[i].label for i in keep]
    if kind == "e5_ngram":
        emb = _cached_embeddings([model_text(r.title, r.text) for r in base], encoder, cache_dir)[keep]
        return E5NgramModel(encoder=encoder, label_terms=load_label_terms(data_dir),
                            **(recipe or {})).fit(texts, labels, emb=emb)
    # e5_finetune: its recipe again (the options it trained with), for as long as it trained then
    ft = dict((meta.get("config") or {}).get("finetune") or {})
    return new_model(kind, encoder, **ft).fit(texts, labels)


# -- the loop --------------------------------------------------------------------------------------

@dataclass
class RetrainResult:
    """What a retraining did: the candidate, the comparison, the decision."""

    candidate_id: str
    reused: bool  # an identical candidate existed: it was evaluated again, not retrained
    promoted: bool
    forced: bool
    reason_zh: str
    reason_en: str
    active_before: str | None
    active_after: str | None
    candidate: dict[str, Any]
    baseline: dict[str, Any] | None  # what the decision compared with (active, or its reference)
    active: dict[str, Any] | None  # the active model scored as it is
    data: dict[str, Any] = field(default_factory=dict)
    tolerance: float = TOLERANCE
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def retrain(settings: Any, force: bool = False, kind: str = "e5_ngram", *, limit: int | None = None,
            from_db: bool = True, add_rows: Sequence[LabelledRow] | None = None,
            encoder: TextEncoder | None = None, progress: Progress | None = None,
            tolerance: float = TOLERANCE, promote: bool = True,
            finetune: dict[str, Any] | None = None) -> RetrainResult:
    """Train a candidate (inactive) on the labelled rows minus the fixed split, plus the case
    database's decided cases and added rows (``from_db``) and ``add_rows``; score it and the
    active model on the split; promote it when its macro-F1 is at least the baseline's minus
    ``tolerance``, or when ``force`` (never when not ``promote``: train and compare only).
    ``settings`` is a ``triage.settings.Settings``; ``finetune`` holds ``e5_finetune``'s options
    (``epochs``, ``max_minutes``, ``max_length`` …)."""
    t0 = time.time()
    if kind not in MODEL_KINDS:
        raise ValueError(f"未知模型类型 / unknown model kind {kind!r}; choose from {sorted(MODEL_KINDS)}")

    def report(stage: str, pct: float) -> None:
        if progress is not None:
            progress(stage, pct)

    data_dir, models_dir = Path(settings.data_dir), Path(settings.models_dir)
    cache_dir = models_dir.parent / "cache"
    report("data", 2)
    split = fixed_eval_split(data_dir, models_dir, settings.eval_fraction)
    full = load_labelled(data_dir)
    eval_rows = [r for r in full if r.id in split.ids]
    eval_texts = [model_text(r.title, r.text) for r in eval_rows]
    eval_truth = [r.label for r in eval_rows]
    eval_forms = [r.form for r in eval_rows]
    known = {r.label for r in full}

    # Extra rows: the file's rows, then the database's; one row per text (the latest wins), and
    # none that repeats an evaluation row's text (it would leak the split into training).
    pool: list[LabelledRow] = list(add_rows or [])
    counts = {"accepted": 0, "corrected": 0, "added": 0}
    if from_db:
        pool += collect_db_rows(settings.db_url)
        counts = db_row_counts(settings.db_url)
    eval_set = set(eval_texts)
    by_text: dict[str, LabelledRow] = {}
    leaked = 0
    for r in pool:
        t = model_text(r.title, r.text)
        if not t.strip():
            continue
        if t in eval_set:
            leaked += 1
            continue
        by_text.pop(t, None)
        by_text[t] = r
    extra = list(by_text.values())
    new_labels = sorted({r.label for r in extra} - known)

    active_id = get_active_id(models_dir)
    active_meta: dict[str, Any] | None = None
    if active_id:
        try:
            active_meta = read_meta(models_dir / active_id)
        except ModelError as e:
            log.warning("classifier.retrain.active_unreadable %s", e)
    if encoder is None and (_needs_encoder(kind) or _needs_encoder((active_meta or {}).get("kind"))):
        encoder = settings.load_encoder()

    r = train(data_dir, models_dir, encoder if _needs_encoder(kind) else None, kind=kind, limit=limit,
              force=force, activate=False, extra_rows=extra, exclude_ids=split.ids,
              progress=lambda stage, f: report(stage, 5 + 65 * f), finetune=finetune)
    cid = r.model_id

    report("evaluate", 70)
    emb = None
    if _needs_encoder(kind) or _needs_encoder((active_meta or {}).get("kind")):
        emb = _cached_embeddings(eval_texts, encoder, cache_dir,
                                 (lambda f: report("evaluate", 70 + 10 * f)) if progress else None)
    cand_model, cand_meta = load_model(models_dir / cid, encoder)
    # "labels" of an evaluation are its confusion matrix's rows (the split's labels and any other
    # predicted); the model's own labels, a new one included, are "model_labels"
    cand = {"id": cid, "kind": kind,
            **evaluate_model(cand_model, eval_texts, eval_truth, eval_forms, emb),
            "model_labels": list(cand_model.labels)}
    del cand_model

    active: dict[str, Any] | None = None
    baseline: dict[str, Any] | None = None
    problem: tuple[str, str] | None = None
    if active_id and active_id != cid:
        report("evaluate", 82)
        try:
            act_model, act_meta = load_model(models_dir / active_id, encoder)
            seen = saw_split(act_meta, split)
            active = {"id": active_id, "kind": act_meta["kind"], "saw_eval_split": seen,
                      **evaluate_model(act_model, eval_texts, eval_truth, eval_forms, emb)}
            recipe = act_model.recipe() if isinstance(act_model, E5NgramModel) else None
            del act_model
            if seen:
                report("reference", 86)
                ref = _fit_reference(act_meta, data_dir, cache_dir, split, encoder, recipe)
                baseline = {"id": None, "source": "active_refit", "kind": act_meta["kind"],
                            "limit": (act_meta.get("config") or {}).get("limit"),
                            **evaluate_model(ref, eval_texts, eval_truth, eval_forms, emb)}
            else:
                baseline = {"source": "active", **active}
        except (ModelError, OSError, ValueError, KeyError) as e:
            problem = (f"当前启用版本无法评估：{e}", f"the active model could not be evaluated: {e}")

    report("promote", 95)
    forced = False
    if not promote:
        promoted = False
        zh, en = f"只训练评估，未启用（候选版本 {cid}）", f"trained and evaluated only, not promoted (candidate {cid})"
    elif active_id == cid:
        promoted = False
        zh, en = "候选与当前启用版本相同，无需切换", "the candidate is the active version already"
    elif active_id is None:
        promoted = True
        zh, en = "此前没有启用的版本，直接启用候选", "no active version before: the candidate is promoted"
    elif problem is not None:
        promoted = forced = force
        zh, en = problem
        if force:
            zh, en = zh + "；已按 --force 启用候选", en + "; promoted because of force"
        else:
            zh, en = zh + "；未启用候选", en + "; the candidate is not promoted"
    else:
        assert baseline is not None
        c, b = cand["macro_f1"], baseline["macro_f1"]
        if baseline["source"] == "active":
            bzh, ben = f"当前版本 {b:.4f}", f"the active version's {b:.4f}"
        else:
            bzh = f"参照模型 {b:.4f}（当前版本训练时见过评估集，故按其配置去掉评估集重训作为参照）"
            ben = (f"the reference's {b:.4f} (the active version saw the evaluation split, so its recipe "
                   f"was refit without it)")
            ref_limit, cand_rows = baseline.get("limit"), int((cand_meta.get("data") or {}).get("rows", 0))
            if ref_limit and cand_rows and int(ref_limit) != cand_rows:
                # a --limit candidate against a reference refit with another limit: say so
                bzh += f"；注意：参照按其配置最多用 {ref_limit} 条训练，候选用了 {cand_rows} 条"
                ben += f"; note: the reference trains on up to {ref_limit} rows, the candidate on {cand_rows}"
        if c >= b - tolerance:
            promoted = True
            zh = f"已启用：候选 macro-F1 {c:.4f} 不低于{bzh}，容差 {tolerance}"
            en = f"promoted: candidate macro-F1 {c:.4f} is not worse than {ben}, tolerance {tolerance}"
        elif force:
            promoted = forced = True
            zh = f"已按 --force 启用：候选 macro-F1 {c:.4f} 低于{bzh}"
            en = f"promoted because of force: candidate macro-F1 {c:.4f} is below {ben}"
        else:
            promoted = False
            zh = (f"未启用：候选 macro-F1 {c:.4f} 低于{bzh}，超出容差 {tolerance}；候选版本 {cid} 已保存但未启用"
                  f"（可用 --force 或 jiesu models promote {cid} 启用）")
            en = (f"not promoted: candidate macro-F1 {c:.4f} is below {ben} by more than {tolerance}; "
                  f"candidate {cid} is kept inactive (use --force, or jiesu models promote {cid})")
    if promoted:
        set_active(models_dir, cid)

    trained = cand_meta.get("data") or {}
    data = {"labelled_rows": int(trained.get("rows", 0)) - int(trained.get("extra_rows", 0)),
            "extra_rows": len(extra), "db_cases_accepted": counts["accepted"],
            "db_cases_corrected": counts["corrected"], "db_added_rows": counts["added"],
            "file_rows": len(add_rows or []), "dropped_as_eval_duplicates": leaked,
            "eval_split": {"n": len(eval_rows), "digest": split.digest, "fraction": split.fraction},
            "labels": cand["model_labels"], "new_labels": new_labels}
    result = RetrainResult(candidate_id=cid, reused=r.skipped, promoted=promoted, forced=forced,
                           reason_zh=zh, reason_en=en, active_before=active_id,
                           active_after=get_active_id(models_dir), candidate=cand, baseline=baseline,
                           active=active, data=data, tolerance=tolerance, seconds=round(time.time() - t0, 1))
    # The comparison travels with the candidate (``jiesu models list``, the dashboard).
    evaluation = {k: v for k, v in result.to_dict().items() if k not in ("data",)}
    evaluation["at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    if r.skipped and cand_meta.get("evaluation") and not promoted:
        # a reused candidate that this run does not promote keeps the comparison it was promoted
        # or refused by; this run's goes onto its list of later checks
        later = (cand_meta.get("re_evaluations") or [])[-9:] + [evaluation]
        write_json_atomic(models_dir / cid / "meta.json", {**cand_meta, "re_evaluations": later})
    else:
        write_json_atomic(models_dir / cid / "meta.json", {**cand_meta, "evaluation": evaluation,
                                                           "retrain_data": data})
    log.info("classifier.retrain.done candidate=%s promoted=%s forced=%s seconds=%.1f", cid, promoted, forced,
             result.seconds)
    report("done", 99)
    return result
