"""Hand-made summary records for the view tests: no model wrote them.

Each record is built from a source text and a summary written by hand, with
quotes located in that text, so that a view can be checked against exactly
what it was given.
"""

from __future__ import annotations

import hashlib
from typing import Any

from schemas import SummaryRecord

BASE_SUMMARY: dict[str, Any] = {
    "document": {"language": "en"},
    "event_types": ["regulatory"],
    "headline": "Acme's Zapitinib approved",
    "summary": "The NMPA approved Zapitinib.",
}


def evidence(quote: str, source: str, occurrence: int = 0) -> dict[str, Any]:
    """An exact quote of ``source`` (its ``occurrence``-th appearance), with its offsets."""
    start = -1
    for _ in range(occurrence + 1):
        start = source.index(quote, start + 1)
    return {"quote": quote, "start": start, "end": start + len(quote), "alignment": "exact"}


def unaligned(quote: str) -> dict[str, Any]:
    return {"quote": quote, "start": None, "end": None, "alignment": "unaligned"}


def handmade_record(summary: dict[str, Any], source: str, **provenance: Any) -> SummaryRecord:
    """A record of ``source`` whose summary is ``summary`` over :data:`BASE_SUMMARY`."""
    cleaned_sha256 = hashlib.sha256(source.encode("utf-8")).hexdigest()
    return SummaryRecord.model_validate(
        {
            "summary": {**BASE_SUMMARY, **summary},
            "provenance": {
                "source_file": None,
                "source_sha256": cleaned_sha256,
                "cleaned_sha256": cleaned_sha256,
                "cleaned_chars": len(source),
                "model": "gemma-3-270m",
                "prompt_version": "abc123",
                "schema_version": "1.1.0",
                "tool_version": "0.1.0",
                "attempts": 1,
                "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
                "strategy": "pick",
                "grounding_policy": "drop",
                "validation_passed": True,
                "created_at": "2026-01-01T00:00:00+00:00",
                **provenance,
            },
        }
    )
