"""Where past cases placed a community, road or place: a complaint that names one without its district
is placed where the case database's cases placed it.

Beijing has thousands of 小区 the address lexicon does not know; a caller says 我是云景里小区的居民
and no district. A tester's third caller about one barbecue stall at 通州区梨园镇云景里小区 went to the
city-level 市生态环境局 and was not grouped with the two calls that had named the district. Once
``MIN_CASES`` filed cases have named the place with a district, and at least ``SHARE`` of those that
named it agree on it, a complaint naming the place alone gets that district (and street, when they
agree on one too); the entities say so (``address_from_cases``), the operator sees where it came from.

Learned from each case's stored triage (the address its text or the typed address named, never one
inferred here), at start-up from the database (``triage.cases.index_sync.sync_from_db``) and as cases
are filed; a case is counted once however often it is seen.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Any

from triage.routing import specific_places

MIN_CASES = 2
SHARE = 0.75

# what a place's name carries after the 小区 itself: a building, a unit, a gate, 楼下 … (花家地北里小区3号楼,
# 花家地北里小区门口, 花家地北里3号楼 are all 花家地北里: a tester's fifth caller was not placed)
_SITE_PART = re.compile(r"(?:[0-9一二三四五六七八九十甲乙丙]+(?:号楼|号院|栋|幢|单元|号)|[东西南北]?门|门口|楼下|楼上|底商|"
                        r"[东西南北]侧|旁边|对面|附近).*$")
_COMMUNITY_WORD = re.compile(r"(?:小区|社区)$")


def place_core(name: str) -> str:
    """The place a name is of, without a building, gate or 小区 after it (花家地北里小区3号楼 →
    花家地北里); the name itself when less than two characters would be left."""
    core = _COMMUNITY_WORD.sub("", _SITE_PART.sub("", name).strip())
    return core if len(core) >= 2 else name


class PlaceMemory:
    def __init__(self, min_cases: int = MIN_CASES, share: float = SHARE) -> None:
        self.min_cases = min_cases
        self.share = share
        self._by_name: dict[str, Counter[tuple[str, str]]] = {}
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._by_name)

    def learn(self, key: str, entities: dict[str, Any] | None) -> None:
        """Count where case ``key`` placed the places its ``entities`` name (once per case)."""
        if not entities or entities.get("address_from_cases") or entities.get("outside_beijing"):
            return   # a district inferred here teaches nothing; one outside Beijing is no Beijing place
        address = entities.get("address") or {}
        district = str(address.get("district") or "")
        if not district:
            return
        street = str(address.get("street") or "")
        names = specific_places(address)
        if not names:
            return
        with self._lock:
            if key in self._seen:
                return
            self._seen.add(key)
            for key in dict.fromkeys(k for name in names for k in (name, place_core(name))):
                self._by_name.setdefault(key, Counter())[(district, street)] += 1

    def place(self, address: dict[str, Any]) -> tuple[str, str, str, int] | None:
        """(district, street or "", the name it was found by, cases) for an address without a
        district, or None when no place it names is known well enough."""
        if address.get("district"):
            return None
        names = specific_places(address)
        for name, key in [(n, n) for n in names] + [(n, place_core(n)) for n in names]:
            with self._lock:
                counts = Counter(self._by_name.get(key) or {})
            if not counts:
                continue
            by_district: Counter[str] = Counter()
            for (d, _), n in counts.items():
                by_district[d] += n
            district, n = by_district.most_common(1)[0]
            total = sum(by_district.values())
            if n < self.min_cases or n / total < self.share:
                continue
            streets = Counter({s: c for (d, s), c in counts.items() if d == district and s})
            street = ""
            if streets:
                s, c = streets.most_common(1)[0]
                street = s if c / n >= self.share else ""
            return district, street, name, n
        return None

    def complete(self, entities: dict[str, Any]) -> dict[str, Any]:
        """``entities`` with the district (and street) past cases give its address, when they do:
        ``address_from_cases`` says from which name and how many cases."""
        address = entities.get("address") or {}
        if entities.get("outside_beijing"):
            return entities
        got = self.place(address)
        if got is None:
            return entities
        district, street, name, n = got
        address = {**address, "district": district, **({"street": street} if street and not address.get("street") else {})}
        return {**entities, "address": address,
                "address_from_cases": {"name": name, "district": district, "street": street, "cases": n}}
