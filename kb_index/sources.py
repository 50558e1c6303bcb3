"""Past cases from the data directory, as uniform records (PII masked before anything else)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from nlu import mask_pii, normalize

REPLIED = "complaints/replied_messages.jsonl"
HOT = "complaints/hot_issue_messages.jsonl"
LABELLED = "complaints/labelled.jsonl"
LETTERS = "letters/shangluo_mailbox.jsonl"

SOURCE_FILES = {"replied": REPLIED, "hot": HOT, "labelled": LABELLED, "letters": LETTERS}


@dataclass
class CaseRecord:
    """One past case as the index stores it: masked text only."""

    id: str
    source: str
    text: str  # masked, normalized title + text
    departments: list[str] = field(default_factory=list)
    reply: str = ""  # masked excerpt of the official reply
    time: str = ""
    units: list[str] = field(default_factory=list)  # replying units named in the reply
    # "reply_text": the departments were read from the reply's text, its replying units being
    # only generic ones (``classifier.department.reply_text_codes``); "": from the units
    departments_from: str = ""
    # the category an operator decided (the case database's cases): a repeat of the case takes it
    category: str = ""

    def to_dict(self) -> dict:
        d = {"id": self.id, "source": self.source, "text": self.text, "departments": self.departments,
             "reply": self.reply, "time": self.time, "units": self.units,
             "departments_from": self.departments_from}
        if self.category:
            d["category"] = self.category
        return d


def _masked(s: str) -> str:
    return mask_pii(normalize(s or ""))[0]


def _join(title: str, text: str) -> str:
    title, text = (title or "").strip(), (text or "").strip()
    return f"{title}\n{text}" if title and not text.startswith(title) else (text or title)


def iter_cases(data_dir: Path, sources: tuple[str, ...] = ("replied",), *,
               reply_chars: int = 300, limit: int | None = None,
               reply_codes: int | None = None) -> Iterator[CaseRecord]:
    """Records of the chosen sources, masked; ``limit`` caps each source (for tests).

    A replied message whose replying units name no department gets the codes its reply's text
    names, when there are 1..``reply_codes`` of them (default ``classifier.department.REPLY_CODES``;
    0: never), marked ``departments_from="reply_text"``."""
    from classifier.department import REPLY_CODES, codes_for_unit, reply_text_codes, unit_patterns

    if reply_codes is None:
        reply_codes = REPLY_CODES
    pats = None
    for src in sources:
        path = Path(data_dir) / SOURCE_FILES[src]
        if not path.exists():
            raise FileNotFoundError(f"找不到案例数据 / case data not found: {path}")
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if limit is not None and n >= limit:
                    break
                if not line.strip():
                    continue
                r = json.loads(line)
                if pats is None and (src == "letters" or reply_codes):
                    pats = unit_patterns(data_dir)
                if src == "letters":
                    # the unit that answered, as department codes (none for the forwarding office)
                    yield CaseRecord(id=f"letter-{r['mail_id']}", source=src,
                                     departments=codes_for_unit(r.get("reply_agency") or "", pats),
                                     text=_masked(_join(r.get("title", ""), r.get("query", ""))),
                                     reply=_masked(r.get("reply", ""))[:reply_chars],
                                     time=str(r.get("query_date") or ""),
                                     units=[r["reply_agency"]] if r.get("reply_agency") else [])
                else:
                    depts, basis = list(r.get("departments") or []), ""
                    if src == "replied" and not depts and reply_codes:
                        found = reply_text_codes(r.get("reply") or "", pats)
                        if len(found) <= reply_codes:
                            depts, basis = found, ("reply_text" if found else "")
                    yield CaseRecord(id=str(r["id"]), source=src,
                                     text=_masked(_join(r.get("title", ""), r.get("text", ""))),
                                     departments=depts, departments_from=basis,
                                     reply=_masked(r.get("reply", ""))[:reply_chars],
                                     time=str(r.get("time") or ""),
                                     units=list(r.get("replying_units") or []))


def source_paths(data_dir: Path, sources: tuple[str, ...]) -> list[Path]:
    return [Path(data_dir) / SOURCE_FILES[s] for s in sources]
