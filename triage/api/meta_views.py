"""``/v1/me``, ``/v1/departments`` and ``/v1/categories``: what the consoles need to fill their
login badge and correction dropdowns. Any role's token; nothing here is personal data."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from triage.api.errors import ApiError
from triage.auth import AnyUser

log = logging.getLogger("triage.api")

router = APIRouter(prefix="/v1", tags=["meta"])


class MeRead(BaseModel):
    name: str
    role: str


class UnitRead(BaseModel):
    name: str
    district: str = Field(description="所属区，市级为空 / the unit's district, \"\" at the city level")


class DepartmentRead(BaseModel):
    code: str
    name: str
    duties: list[str]
    units: list[UnitRead] = Field(default_factory=list,
                                  description="该部门在市级和各区的承办单位（坐席改派时可选）/ the department's "
                                              "units at the city level and in each district: what a decision's "
                                              "``unit`` may name")


class DepartmentsRead(BaseModel):
    departments: list[DepartmentRead]


class CategoriesRead(BaseModel):
    """The labels of the model this server runs (a correction must use one of them)."""

    categories: list[str]
    model_version: str | None


@lru_cache(maxsize=4)
def _departments(data_dir: Path, training_data: Path) -> tuple[DepartmentRead, ...]:
    from triage.routing import department_units, load_departments

    return tuple(DepartmentRead(code=d.code, name=d.name, duties=list(d.duties),
                                units=[UnitRead(name=u, district=w) for u, w in department_units(d)])
                 for d in load_departments(data_dir, training_data).values())


@router.get("/me", response_model=MeRead)
def me(user: AnyUser) -> MeRead:
    """当前用户 / the caller's name and role."""
    return MeRead(name=user.name, role=user.role)


@router.get("/departments", response_model=DepartmentsRead)
def departments(user: AnyUser, request: Request) -> DepartmentsRead:
    """承办部门列表 / every department code with its name and duties."""
    s = request.app.state.settings
    try:
        return DepartmentsRead(departments=list(_departments(s.data_dir, s.training_data)))
    except (OSError, ValueError) as e:
        log.warning("triage.api.no_department_list %s", e)
        raise ApiError(503, "部门列表不可用", "department list unavailable", str(e)[:200]) from None


@router.get("/categories", response_model=CategoriesRead)
def categories(user: AnyUser, request: Request) -> CategoriesRead:
    """投诉类别 / the category labels of the loaded model (else of the active one)."""
    pipe = getattr(request.app.state, "pipeline", None)
    if pipe is not None:
        if hasattr(pipe, "follow_changes"):   # a version jiesu models promote chose (tester55 S10)
            pipe.follow_changes()
        meta = pipe.model_meta
    else:
        from classifier.registry import ModelError, get_active_id, read_meta

        models_dir = request.app.state.settings.models_dir
        mid = get_active_id(models_dir)
        try:
            meta = read_meta(models_dir / mid) if mid else {}
        except (ModelError, OSError):
            meta = {}
    labels = list(meta.get("labels") or ())
    if not labels:
        raise ApiError(503, "类别列表不可用：没有可用模型", "category list unavailable: no model")
    return CategoriesRead(categories=labels, model_version=meta.get("id"))
