"""Reading the labelled complaints (``complaints/labelled.jsonl``) from the data directory."""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

LABELLED = "complaints/labelled.jsonl"
TAXONOMY = "complaints/taxonomy.csv"


@dataclass(frozen=True)
class LabelledRow:
    """One labelled training message."""

    id: str
    title: str
    text: str
    label: str
    form: str  # raw | segmented

    def __repr__(self) -> str:
        return f"LabelledRow(id={self.id!r}, label={self.label!r}, form={self.form!r})"


def read_user_lines(path: Path) -> list[str]:
    """The lines of a text file a person hands in (``jiesu predict``'s input, ``evaluate --input``,
    ``train --add-rows``, ``hot-issues --input``), whatever a Chinese desktop saved it as.

    A UTF-8 byte-order mark (Windows editors write one) is dropped; a line that is not UTF-8 is read
    as GB18030 (what those editors and Excel save as "ANSI" on a Chinese system, GBK included), and a
    line that is neither keeps U+FFFD for its bad bytes. Lines end at ``\\n``, ``\\r\\n`` or ``\\r``
    only: a U+2028 inside a JSON string is text. Splitting the bytes first is safe for both
    encodings: neither uses 0x0A or 0x0D inside a multi-byte character. A file that starts with a
    UTF-16 byte-order mark (Notepad's "Unicode") is read as UTF-16."""
    raw = Path(path).read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's "Unicode"
        lines = re.split(r"\r\n|\r|\n", raw.decode("utf-16", errors="replace"))
        return lines[:-1] if lines and not lines[-1] else lines
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    out = []
    for line in raw.splitlines():
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                out.append(line.decode("gb18030"))
            except UnicodeDecodeError:
                out.append(line.decode("utf-8", errors="replace"))
    return out


def decode_user_text(raw: bytes) -> tuple[str, str] | None:
    """A whole text file a person hands in (a statute for ``jiesu kb add``): ``(text, encoding)``
    for UTF-8 (BOM or not), UTF-16 with its BOM (Notepad's "Unicode") or GB18030 (GBK, "ANSI"
    on a Chinese desktop); None when it is none of them."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc), "utf-8" if enc == "utf-8-sig" else enc
        except UnicodeDecodeError:
            continue
    return None


def read_jsonl(path: Path) -> list[dict]:
    """All JSON objects of a JSONL file (blank lines skipped)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_labelled(data_dir: Path, *, limit: int | None = None) -> list[LabelledRow]:
    """The labelled rows, in file order (``limit`` takes a stratified-ish prefix per label)."""
    path = Path(data_dir) / LABELLED
    if not path.exists():
        raise FileNotFoundError(f"找不到训练数据 / labelled data not found: {path}")
    rows = [LabelledRow(id=str(r["id"]), title=r.get("title") or "", text=r.get("text") or "",
                        label=r["label"], form=r.get("form") or "raw") for r in read_jsonl(path)]
    if limit is not None:
        rows = stratified_subset(rows, limit)
    return rows


def load_label_terms(data_dir: Path | None) -> dict[str, list[str]]:
    """The platform's category tree (``complaints/taxonomy.csv``) as, per 一级分类, its
    ``一级：二级：三级`` paths; {} when the file is absent (each label then stands for itself)."""
    import csv

    path = Path(data_dir) / TAXONOMY if data_dir is not None else None
    if path is None or not path.exists():
        return {}
    out: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            top = (r.get("一级分类") or "").strip()
            if top:
                parts = [top] + [(r.get(k) or "").strip() for k in ("二级分类", "三级分类")]
                out.setdefault(top, []).append("：".join(x for x in parts if x))
    return out


def stratified_subset(rows: list[LabelledRow], n: int, seed: int = 13) -> list[LabelledRow]:
    """About ``n`` rows keeping label and form proportions (deterministic)."""
    import random

    rng = random.Random(seed)
    groups: dict[tuple[str, str], list[LabelledRow]] = {}
    for r in rows:
        groups.setdefault((r.label, r.form), []).append(r)
    out: list[LabelledRow] = []
    for key in sorted(groups):
        g = groups[key][:]
        rng.shuffle(g)
        out.extend(g[: max(1, round(n * len(g) / len(rows)))])
    return out


def fingerprint_files(paths: list[Path], extra: str = "") -> str:
    """sha256 over the files' bytes (and an extra string such as a config)."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        with p.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    h.update(extra.encode())
    return h.hexdigest()[:16]


def fingerprint_rows(rows: list[LabelledRow], extra: str = "") -> str:
    """sha256 over rows' ids, labels and texts."""
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r.id}\x00{r.label}\x00{r.title}\x00{r.text}\x01".encode())
    h.update(extra.encode())
    return h.hexdigest()[:16]
