"""Department routing: similar-case votes and the category prior, each with its reasons."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    categories: dict[str, float] = field(default_factory=dict)
    duties: tuple[str, ...] = ()


def load_departments(data_dir: Path, training_data: Path) -> dict[str, Department]:
    """Codes and names from ``departments/directory.csv`` merged with our duty list."""
    out: dict[str, Department] = {}
    path = Path(data_dir) / "departments" / "directory.csv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["code"]] = Department(row["code"], row["beijing_name"])
    yml = Path(training_data) / "departments.yml"
    if yml.exists():
        spec = yaml.safe_load(yml.read_text(encoding="utf-8")) or {}
        for code, d in (spec.get("departments") or {}).items():
            base = out.get(code)
            out[code] = Department(code, d.get("name") or (base.name if base else code),
                                   {k: float(v) for k, v in (d.get("categories") or {}).items()},
                                   tuple(d.get("duties") or ()))
    return out


class Router:
    """Scores departments from (a) similarity-weighted votes of past cases and (b) the
    category distribution through each department's category weights."""

    def __init__(self, departments: dict[str, Department], *, vote_weight: float = 0.65,
                 k_votes: int = 10, sharpness: float = 20.0, min_results: int = 5) -> None:
        self.departments = departments
        self.vote_weight = vote_weight
        self.k_votes = k_votes
        self.sharpness = sharpness
        self.min_results = min_results

    def route(self, categories: list[dict[str, Any]], similar: list[dict[str, Any]]
              ) -> list[dict[str, Any]]:
        """Ranked ``[{"code","name","confidence","reasons"}]``, at least ``min_results`` long."""
        import math

        votes: dict[str, float] = {}
        why_cases: dict[str, list[tuple[float, str]]] = {}
        voters = [h for h in similar if h.get("departments")][: self.k_votes]
        if voters:
            top = voters[0]["score"]
            for h in voters:
                w = math.exp(self.sharpness * (h["score"] - top))
                share = w / len(h["departments"])
                for code in h["departments"]:
                    votes[code] = votes.get(code, 0.0) + share
                    why_cases.setdefault(code, []).append((h["score"], h["id"]))
        vtotal = sum(votes.values()) or 1.0

        prior: dict[str, float] = {}
        why_cat: dict[str, tuple[float, str]] = {}
        for c in categories:
            for code, d in self.departments.items():
                w = d.categories.get(c["label"], 0.0)
                if w:
                    contrib = c["confidence"] * w
                    prior[code] = prior.get(code, 0.0) + contrib
                    if contrib > why_cat.get(code, (0.0, ""))[0]:
                        why_cat[code] = (contrib, c["label"])
        ptotal = sum(prior.values()) or 1.0

        vw = self.vote_weight if voters else 0.0
        scores: dict[str, float] = {}
        for code in set(votes) | set(prior):
            if code not in self.departments:
                continue
            scores[code] = vw * votes.get(code, 0.0) / vtotal + (1 - vw) * prior.get(code, 0.0) / ptotal
        total = sum(scores.values()) or 1.0
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        out = []
        for code, s in ranked:
            reasons = []
            if code in why_cases:
                cases = sorted(why_cases[code], reverse=True)[:3]
                reasons.append("相似案例由该部门办理：" + "、".join(f"{cid}（相似度{sc:.2f}）" for sc, cid in cases))
            if code in why_cat:
                reasons.append(f"投诉类别「{why_cat[code][1]}」通常由该部门承办")
            out.append({"code": code, "name": self.departments[code].name,
                        "confidence": round(s / total, 4), "reasons": reasons})
        if len(out) < self.min_results:
            seen = {d["code"] for d in out}
            for code, d in self.departments.items():
                if len(out) >= self.min_results:
                    break
                if code not in seen:
                    out.append({"code": code, "name": d.name, "confidence": 0.0,
                                "reasons": ["无直接依据，仅供备选 / no direct evidence"]})
        return out
