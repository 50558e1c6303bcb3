"""Statutes a supervisor added or removed (``jiesu kb add`` / ``kb remove``), kept under the
home directory so that every rebuild of the regulation index applies them again.

Layout of ``<home>/kb_added/``: one Markdown file per added statute (the file as given, same
format as the data directory's statutes) and ``manifest.json``::

    {"added": {"<title>": {"file": "<name>.md", "scope": "beijing_local", "sha256": "…",
                           "source": "<original file name>", "added_at": "…"}},
     "removed": ["<title of a data statute left out>", …]}

An added statute replaces every data statute with the same title; a removed title is left out
of the data statutes. ``overrides_fingerprint`` changes whenever either list does. A new version
whose own text starts it later (本条例自2027年1月1日起施行) replaces the old one only from that day
(``supersede``): until then the old one is cited, as it is still the law.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from kb_index.regulations import Article, parse_statute, today

ADDED_DIR = "kb_added"
MANIFEST = "manifest.json"


def added_dir(home: str | Path) -> Path:
    """Where added statutes live for a home directory."""
    return Path(home) / ADDED_DIR


def read_manifest(d: str | Path) -> dict[str, Any]:
    """The manifest of ``d`` (empty lists when there is none yet)."""
    p = Path(d) / MANIFEST
    if not p.exists():
        return {"added": {}, "removed": []}
    m = json.loads(p.read_text(encoding="utf-8"))
    return {"added": dict(m.get("added") or {}), "removed": list(m.get("removed") or [])}


def write_manifest(d: str | Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` atomically (temp file, then rename)."""
    d = Path(d)
    d.mkdir(parents=True, exist_ok=True)
    data = {"added": dict(sorted(manifest["added"].items())),
            "removed": sorted(set(manifest["removed"]))}
    write_atomic(d / MANIFEST, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temp file beside ``path`` and rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def locked(d: str | Path) -> Iterator[None]:
    """Serialise changes to the store (and the index built from it) across processes."""
    d = Path(d)
    d.mkdir(parents=True, exist_ok=True)
    with (d / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def file_name_for(title: str) -> str:
    """A safe, stable file name for a statute title."""
    safe = re.sub(r"[^\w\u4e00-\u9fff（）()·-]+", "_", title).strip("_")[:80] or "statute"
    return f"{safe}-{hashlib.sha256(title.encode('utf-8')).hexdigest()[:8]}.md"


def guess_scope(title: str) -> str:
    """``beijing_local`` for titles naming Beijing, ``national`` otherwise."""
    return "beijing_local" if "北京" in title else "national"


def parse_added(path: str | Path, *, scope: str, rel_name: str) -> list[Article]:
    """Articles of an added statute file; ``path`` of each is ``kb_added/<rel_name>``."""
    return parse_statute(path, scope=scope, rel_path=f"{ADDED_DIR}/{rel_name}")


def added_articles(d: str | Path) -> list[Article]:
    """Articles of every statute in the store, in title order."""
    d = Path(d)
    out: list[Article] = []
    for title, entry in sorted(read_manifest(d)["added"].items()):
        p = d / entry["file"]
        if not p.exists():
            raise FileNotFoundError(f"已添加的法规文件丢失 / added statute file missing: {p}")
        out.extend(parse_added(p, scope=entry["scope"], rel_name=entry["file"]))
    return out


def is_current(a: Article, day: str) -> bool:
    """``a`` is cited on ``day``: its 施行 date reached and no newer version taken over."""
    return a.effective_from <= day and not (a.effective_until and a.effective_until <= day)


def supersede(old: Sequence[Article], new: Sequence[Article], day: str | None = None) -> list[Article]:
    """What replaces ``old`` (one statute's articles) when ``new`` (its new version) is added:
    ``new`` alone when it is in force on ``day`` (default today); when it starts later, the old
    version's articles in force now as well, cited until that day (``effective_until``), and the
    new ones under ids of their own (the two versions share article numbers) until the index is
    next rebuilt after it. A tester's statute added ahead of its 施行 date left none cited."""
    day = day or today()
    start = next((a.effective_from for a in new if a.effective_from), "")
    if not start or start <= day:
        return list(new)
    current = [replace(a, effective_until=start) for a in old if is_current(a, day)]
    if not current:
        return list(new)
    return current + [replace(a, id=f"{a.law}（{start}起施行）#{a.article}") for a in new]


def apply_overrides(articles: Sequence[Article], d: str | Path, day: str | None = None) -> list[Article]:
    """Data articles minus removed and replaced statutes, plus the added ones (``supersede``: a
    version added ahead of its 施行 date leaves the data's version in force until then)."""
    m = read_manifest(d)
    added = added_articles(d)
    drop = set(m["removed"]) | set(m["added"])
    out = [a for a in articles if a.law not in drop]
    by_law: dict[str, list[Article]] = {}
    for a in added:
        by_law.setdefault(a.law, []).append(a)
    for law, new in by_law.items():
        out += supersede([a for a in articles if a.law == law and law not in m["removed"]], new, day)
    return out


def overrides_fingerprint(d: str | Path) -> str:
    """sha256 over the manifest and the added files; "" when nothing was added or removed."""
    d = Path(d)
    m = read_manifest(d)
    if not m["added"] and not m["removed"]:
        return ""
    h = hashlib.sha256(json.dumps({"added": sorted(m["added"]), "removed": sorted(m["removed"]),
                                   "scopes": sorted((t, e["scope"]) for t, e in m["added"].items())},
                                  ensure_ascii=False).encode("utf-8"))
    for _, entry in sorted(m["added"].items()):
        p = d / entry["file"]
        h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()


def regulation_build_fingerprint(base: str, overrides: str) -> str:
    """What a regulation index's ``build_fingerprint`` must be to skip a rebuild: the data part
    (statute files, encoder, limit, code version) and, when there are any, the overrides."""
    return f"{base}|kb:{overrides}" if overrides else base
