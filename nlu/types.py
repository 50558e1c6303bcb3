"""Typed objects passed through the nlu stage. Each stage adds fields; none edits earlier ones."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# the years a complaint's time may fall in: the case API refuses others, hot issues read them as no
# time (year 1 or 9999 overflows once shifted between time zones)
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class Complaint:
    """A citizen's message as received. Its repr never shows the raw text (it may hold PII)."""

    text: str
    title: str = ""
    id: str | None = None
    time: str | None = None  # when the complaint was made, if known (ISO or source format)
    # the category the citizen chose when asked which of two readings was meant (the bot's
    # question): the triage puts it first, and routes by it
    category: str | None = None
    # the place as given apart from the text (an operator's address field, the bot's answer to
    # "where?"): it names the district and street when it has them, over what the text says
    address: str | None = None

    def __repr__(self) -> str:
        return f"Complaint(id={self.id!r}, chars={len(self.title) + len(self.text)}, text=**********)"

    __str__ = __repr__


@dataclass(frozen=True)
class PiiSpan:
    """One piece of personal data found in the normalized text."""

    kind: str  # mobile | landline | id_card | bank_card | email
    start: int
    end: int
    placeholder: str  # e.g. "<手机号>"


@dataclass(frozen=True)
class Entity:
    """A span of the *masked* text with a kind and an optional normalized value."""

    kind: str  # district | street | community | road | place | address | time | object
    text: str
    start: int
    end: int
    value: str | None = None  # normalized form, e.g. "朝阳区" -> "北京市朝阳区", "凌晨两点" -> "02:00"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end}
        if self.value is not None:
            d["value"] = self.value
        return d


ADDRESS_KINDS = ("district", "street", "community", "road", "place", "address")


def district_of_place(value: str | None) -> str | None:
    """The district a landmark's normal form names ("北京市丰台区北京西站南广场" → "北京市丰台区")."""
    m = re.match(r"北京市[^区]{1,3}区", value or "")
    return m.group() if m else None


def _district_of_area(name: str | None) -> str | None:
    """The district of the landmark a community or road's name starts with (望京花家地北里 → 北京市朝阳区)."""
    from .lexicon import LANDMARKS

    if not name:
        return None
    # (中关村 read as a community whole: 中关村e世界门口 … is 海淀's too)
    area = max((w for w in LANDMARKS if LANDMARKS[w] and name.startswith(w) and (len(name) > len(w) + 1 or name == w)),
               key=len, default=None)
    return f"北京市{LANDMARKS[area]}" if area else None


# where a passenger was going, not where it happened: 在北京西站打出租车…一说去房山良乡，司机就说不去
# (a ride's complaint only: 去D10县体育广场补课 says where the matter is)
_TOWARDS = re.compile(r"(?:去|往|前往|开往|送到|送我到|拉到|拉我到|回)$")
_RIDE = re.compile(r"出租车|打车|打的|网约车|专车|快车|司机|拒载|绕路|滴滴|的哥")


# said right after a district: where one works (海淀区上班, 朝阳区工作, 在海淀区的单位)
_AT_WORK = re.compile(r"(?:的)?(?:上班|工作|打工|的单位|的公司)")
# a matter about work: there the workplace is the place (工资, 加班, 社保, 老板 …)
_ABOUT_WORK = re.compile(r"工资|欠薪|薪水|加班|社保|劳动|辞退|解雇|老板|公司|单位|同事|工伤|工钱")


def _address_parts(entities, text: str = "") -> dict[str, str]:
    """The first of each address kind (its normal form), and a landmark's district when no district
    is named (北京西站 → 北京市丰台区); a place only said as where someone was going (去房山良乡)
    counts only when nothing else is named (a tester's taxi refusal at 北京西站 went to 房山)."""
    addr: dict[str, str] = {}
    if text and _RIDE.search(text):
        towards = [e for e in entities if e.kind in ADDRESS_KINDS and _TOWARDS.search(text[max(0, e.start - 4):e.start])]
        ends = {(e.start, e.end) for e in towards}
        # the parts inside a destination's span (its district, street) go with it
        inside = [e for e in entities if e.kind in ADDRESS_KINDS
                  and any(s <= e.start and e.end <= t for s, t in ends)]
        rest = [e for e in entities if e.kind in ADDRESS_KINDS and e not in inside]
        if inside and rest:
            entities = [e for e in entities if e not in inside]
    first_district = None
    for e in entities:
        if e.kind in ADDRESS_KINDS:
            addr.setdefault(e.kind, e.value or e.text)
            if e.kind == "district" and first_district is None:
                first_district = e
    # a district said as where one works (我在海淀区上班，租房住在昌平区天通苑) is not where a matter that is no
    # work's happens: the full address's own district then (tester54 V3: 居住证 units were 海淀's)
    of_address = district_of_place(addr.get("address"))
    if text and first_district is not None and of_address and addr.get("district") != of_address \
            and _AT_WORK.match(text, first_district.end) and not _ABOUT_WORK.search(text):
        addr["district"] = of_address
    district = district_of_place(addr.get("place")) if "district" not in addr else None
    if "district" not in addr and not district:
        # a community or road named with its area first (望京花家地北里, 方庄芳古园一区): that area's
        # district, so a place typed without one still reads 北京市朝阳区望京花家地北里
        district = next((d for d in map(_district_of_area, (addr.get("community"), addr.get("road"))) if d), None)
    if district:
        addr["district"] = district
    # the street's own district wins over another district named elsewhere ("我在朝阳区上班，住在
    # 海淀区清河街道"): the most specific part of the address says where it is
    of_street = district_of_place(addr.get("street"))
    if of_street and addr.get("district") != of_street:
        addr["district"] = of_street
    return addr


@dataclass(frozen=True)
class Preprocessed:
    """Output of ``nlu.preprocess``: everything later stages may use. Only masked text here."""

    complaint: Complaint
    normalized: str  # title + text, normalized, still with PII: never log or store it
    masked: str  # normalized with PII replaced by typed placeholders
    pii: tuple[PiiSpan, ...] = ()
    tokens: tuple[str, ...] = ()  # jieba tokens of ``masked``
    entities: tuple[Entity, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def without(self, kinds: tuple[str, ...], keep: re.Pattern[str] | None = None) -> str:
        """The masked text with the spans of these entity kinds blanked (each character a "，")
        but for what ``keep`` matches inside them: what the statute search reads, without place
        names (海淀区中关村街道 is no reason to cite the 中关村 示范区条例) but with the kind of a
        public place (朝阳公园南门 → 公园)."""
        spans = [(e.start, e.end) for e in self.entities if e.kind in kinds]
        if not spans:
            return self.masked
        chars = list(self.masked)
        for s, e in spans:
            kept = [(m.start() + s, m.end() + s) for m in keep.finditer(self.masked[s:e])] if keep else []
            for i in range(s, e):
                if not any(a <= i < b for a, b in kept):
                    chars[i] = "，"
        return "".join(chars)

    def __repr__(self) -> str:
        return (f"Preprocessed(id={self.complaint.id!r}, masked={self.masked[:40]!r}…, "
                f"pii={len(self.pii)}, entities={len(self.entities)})")

    def entities_dict(self) -> dict[str, Any]:
        """Entities grouped for JSON output: address parts (those of the place given apart from the
        text, ``Complaint.address``, when it names any; ``address_conflict`` when the text names another
        district; ``outside_beijing`` when it names a place around Beijing, 燕郊, and no district),
        times (each once), objects, pii counts."""
        out: dict[str, Any] = {"address": _address_parts(self.entities, self.masked), "times": [], "objects": [],
                               "pii": {}}
        given = _address_parts(self.extra.get("address_entities") or ())
        if given:
            said = out["address"]
            out["address"] = given
            # the typed address wins, but an operator is told when the text names another district
            if said.get("district") and given.get("district") and said["district"] != given["district"]:
                out["address_conflict"] = {"given": given["district"], "text": said["district"]}
        if not out["address"].get("district"):
            from nlu.lexicon import NEAR_BEIJING

            where = self.masked + " " + (self.complaint.address or "")
            near = next((n for n in NEAR_BEIJING if n in where), None)
            if near:   # 河北燕郊: likely not Beijing's to handle; the operator checks the place
                out["outside_beijing"] = near
        seen: set[tuple[str, str | None]] = set()
        for e in self.entities:
            if e.kind == "time" and (e.text, e.value) not in seen:
                seen.add((e.text, e.value))
                out["times"].append({"text": e.text, **({"value": e.value} if e.value else {})})
            elif e.kind == "object":
                out["objects"].append(e.text)
        for p in self.pii:
            out["pii"][p.kind] = out["pii"].get(p.kind, 0) + 1
        # offsets into the masked text, for highlighting
        out["spans"] = [e.to_dict() for e in self.entities]
        return out
