"""nlu: pure functions from a citizen's message to normalized, masked, segmented text and entities."""

from __future__ import annotations

from .entities import extract_entities, parse_ref_time
from .normalize import has_words, is_blank, normalize, unsegment
from .pii import find_pii, mask_pii
from .segment import content_tokens, load_stopwords, segment
from .types import ADDRESS_KINDS, Complaint, Entity, PiiSpan, Preprocessed

__all__ = [
    "Complaint",
    "Entity",
    "PiiSpan",
    "Preprocessed",
    "content_tokens",
    "extract_entities",
    "find_pii",
    "has_words",
    "is_blank",
    "load_stopwords",
    "mask_pii",
    "normalize",
    "parse_ref_time",
    "preprocess",
    "segment",
    "unsegment",
]


def preprocess(c: Complaint) -> Preprocessed:
    """Normalize title + text, mask PII, segment and extract entities from the masked text.

    A title that is the text's own start (the bot files a case titled with its description's
    first words) is not read twice, as ``classifier.model.model_text`` does for training rows."""
    repeated = bool(c.title) and normalize(c.text).startswith(normalize(c.title))
    normalized = normalize(f"{c.title}\n{c.text}" if c.title and not repeated else c.text)
    masked, pii = mask_pii(normalized)
    tokens = segment(masked)
    extra = {}
    if c.address and c.address.strip():
        # the place given apart from the text: its parts, read like the text's (masked first)
        extra["address_entities"] = tuple(e for e in extract_entities(mask_pii(normalize(c.address))[0])
                                          if e.kind in ADDRESS_KINDS)
    return Preprocessed(
        complaint=c,
        normalized=normalized,
        masked=masked,
        pii=pii,
        tokens=tokens,
        # Relative times ("上周三", "昨晚") resolve against the day the complaint was made.
        entities=extract_entities(masked, ref=parse_ref_time(c.time), tokens=tokens),
        extra=extra,
    )
