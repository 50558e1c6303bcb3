"""Heavy objects, loaded once at start-up, reach handlers through ``Annotated`` dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from triage.api.errors import ApiError
from triage.pipeline import TriagePipeline


async def get_pipeline(request: Request) -> TriagePipeline:
    # async: a plain attribute read, which as a sync dependency cost a worker-thread round trip
    pipe = getattr(request.app.state, "pipeline", None)
    if pipe is None:
        raise ApiError(503, "服务尚未就绪：模型或索引未加载", "not ready: models or indexes not loaded")
    return pipe


PipelineDep = Annotated[TriagePipeline, Depends(get_pipeline)]
