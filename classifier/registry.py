"""Versioned model directories with an atomically switched active pointer.

Layout: ``<models_dir>/<id>/`` (model files + ``meta.json``) and ``<models_dir>/ACTIVE.json``
(``{"active": id, "history": [previous ids…]}``). A directory is written under a temporary name
and renamed when complete, so a crash never leaves a half-written model that looks loadable.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from classifier.model import MODEL_KINDS, CategoryModel, TextEncoder

POINTER = "ACTIVE.json"


class ModelError(RuntimeError):
    """A model directory that cannot be used (missing, half-written, or mismatched)."""


def package_versions(names: tuple[str, ...] = ("jiesu", "torch", "transformers", "scikit-learn",
                                                "numpy", "faiss-cpu", "jieba")) -> dict[str, str]:
    out = {}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            pass
    return out


def write_json_atomic(path: Path, obj: Any) -> None:
    """Write JSON to ``path`` through a temp file and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def new_model_id(kind: str) -> str:
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{kind}-{os.urandom(2).hex()}"


def save_model(model: CategoryModel, models_dir: Path, meta: dict[str, Any], *,
               activate: bool = True) -> str:
    """Save ``model`` as a new version; ``meta.json`` is written last, then the directory is
    renamed into place. Returns the version id."""
    models_dir.mkdir(parents=True, exist_ok=True)
    mid = meta.get("id") or new_model_id(model.kind)
    tmp = Path(tempfile.mkdtemp(dir=models_dir, prefix=f".tmp-{mid}-"))
    try:
        model.save(tmp)
        full = {"id": mid, "kind": model.kind, "labels": model.labels,
                "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "packages": package_versions(), **meta, "complete": True}
        write_json_atomic(tmp / "meta.json", full)
        os.replace(tmp, models_dir / mid)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if activate:
        set_active(models_dir, mid)
    return mid


def read_meta(model_dir: Path) -> dict[str, Any]:
    """The model's ``meta.json``; raises ``ModelError`` when missing or incomplete."""
    p = model_dir / "meta.json"
    try:
        meta = json.loads(p.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError) as e:  # no such version, or a file of the registry
        raise ModelError(f"模型目录不完整 / incomplete model directory (no meta.json): {model_dir}") from e
    except json.JSONDecodeError as e:
        raise ModelError(f"模型元数据损坏 / corrupted meta.json in {model_dir}: {e}") from e
    if not meta.get("complete") or meta.get("kind") not in MODEL_KINDS:
        raise ModelError(f"模型目录不完整或类型未知 / incomplete or unknown model: {model_dir}")
    return meta


def list_models(models_dir: Path) -> list[dict[str, Any]]:
    """Metadata of every complete version, oldest first, with an ``active`` flag."""
    active = get_active_id(models_dir)
    out = []
    if not models_dir.exists():
        return out
    for d in sorted(p for p in models_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            meta = read_meta(d)
        except ModelError:
            continue
        out.append({**meta, "active": meta["id"] == active})
    return out


def _pointer(models_dir: Path) -> dict[str, Any]:
    p = models_dir / POINTER
    if not p.exists():
        return {"active": None, "history": []}
    return json.loads(p.read_text(encoding="utf-8"))


def read_pointer(models_dir: Path) -> dict[str, Any]:
    """The active pointer with its history (to put back when a switch must be undone)."""
    return _pointer(models_dir)


def restore_pointer(models_dir: Path, pointer: dict[str, Any]) -> None:
    """Write back a pointer ``read_pointer`` returned (atomically)."""
    write_json_atomic(models_dir / POINTER, pointer)


def get_active_id(models_dir: Path) -> str | None:
    return _pointer(models_dir).get("active")


def set_active(models_dir: Path, mid: str) -> None:
    """Promote version ``mid`` (it must be complete); the previous one goes onto the history.
    ``mid`` is stored as the version's own id ("ID/" or "./ID" name the same directory)."""
    meta = read_meta(models_dir / mid)
    if meta.get("id") and (models_dir / mid).resolve() == (models_dir / meta["id"]).resolve():
        mid = meta["id"]
    elif meta.get("id") != mid:
        raise ModelError(f"不是模型版本号 / not a model id: {mid}")
    ptr = _pointer(models_dir)
    if ptr.get("active") and ptr["active"] != mid:
        # the version left goes last onto the history, once; the one now active leaves it (a
        # rollback must not land on the active version again)
        hist = [h for h in (ptr.get("history") or []) if h not in (ptr["active"], mid)]
        ptr["history"] = hist + [ptr["active"]]
    ptr["active"] = mid
    write_json_atomic(models_dir / POINTER, ptr)


def rollback_target(models_dir: Path) -> str | None:
    """The version ``rollback`` would re-activate now, or None (the page's confirmation names it)."""
    ptr = _pointer(models_dir)
    for prev in reversed(ptr.get("history") or []):
        if prev == ptr.get("active"):
            continue
        try:
            read_meta(models_dir / prev)
        except ModelError:
            continue
        return prev
    return None


def rollback(models_dir: Path) -> str:
    """Re-activate the previously active version; returns its id."""
    ptr = _pointer(models_dir)
    hist = ptr.get("history") or []
    prev = rollback_target(models_dir)
    if prev is None:
        raise ModelError("没有可回滚的版本 / no previous model to roll back to")
    # the history before it stays; it, and what came after it (the active one, unreadable ones), goes
    ptr.update(active=prev, history=hist[:len(hist) - 1 - hist[::-1].index(prev)])
    write_json_atomic(models_dir / POINTER, ptr)
    return prev


def load_model(model_dir: Path, encoder: TextEncoder | None = None) -> tuple[CategoryModel, dict]:
    """Load one version, checking its metadata (and the encoder it was trained with)."""
    meta = read_meta(model_dir)
    cls = MODEL_KINDS[meta["kind"]]
    want = meta.get("encoder")
    if want and encoder is not None and getattr(encoder, "name", None) != want:
        raise ModelError(f"模型与编码器不匹配 / model {meta['id']} was trained with encoder {want}, "
                         f"not {getattr(encoder, 'name', None)}")
    try:
        model = cls.load(model_dir, encoder=encoder)  # type: ignore[attr-defined]
    except (OSError, ValueError, KeyError) as e:
        raise ModelError(f"模型文件损坏 / corrupted model files in {model_dir}: {e}") from e
    return model, meta


def load_active(models_dir: Path, encoder: TextEncoder | None = None) -> tuple[CategoryModel, dict]:
    """Load the active version; raises ``ModelError`` when there is none."""
    mid = get_active_id(models_dir)
    if not mid:
        raise ModelError(f"没有已启用的分类模型，请先运行 jiesu setup / no active model in {models_dir}")
    return load_model(models_dir / mid, encoder)
