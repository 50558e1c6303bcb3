"""Switch a running ``TriagePipeline`` to the registry's active model without a restart.

The new model is loaded first (outside the lock: reading a model takes a moment), then swapped
in under the pipeline's lock, so a triage batch runs wholly on the old model or wholly on the new.
"""

from __future__ import annotations

import logging
from typing import Any

from classifier.registry import load_active

log = logging.getLogger("triage.pipeline")


DEFAULT_ASK_THRESHOLD = 0.5


def ask_threshold_of(meta: dict[str, Any]) -> float:
    """The category confidence below which a complaint is flagged (``needs_clarification``):
    the one training measured on the model's held-out rows (80 % of them at or above it); for a
    model trained before that, the one a ``jiesu evaluate --input`` of it recorded; else 0.5."""
    for block in (meta.get("metrics") or {}, meta.get("evaluation") or {}):
        value = block.get("ask_threshold")
        if isinstance(value, (int, float)) and 0.0 < value <= 1.0:
            return float(value)
    return DEFAULT_ASK_THRESHOLD


def reload_model(pipeline: Any) -> dict[str, Any]:
    """Load the active model of ``pipeline.settings.models_dir`` into ``pipeline``; returns
    ``{"previous", "loaded"}`` ids. Raises ``ModelError`` (and keeps the old model) when the
    active version cannot be loaded."""
    model, meta = load_active(pipeline.settings.models_dir, pipeline.encoder)
    threshold = ask_threshold_of(meta)
    with pipeline._lock:
        previous = pipeline.model_meta.get("id")
        pipeline.model, pipeline.model_meta = model, meta
        pipeline.ask_threshold = threshold
    log.info("triage.pipeline.model_reloaded previous=%s loaded=%s", previous, meta.get("id"))
    return {"previous": previous, "loaded": meta.get("id")}
