"""The scored entity types of a summary, and how to read the items of each."""

from __future__ import annotations

from typing import Any

from schemas import (
    PressReleaseSummary,
)

ENTITY_TYPES: tuple[str, ...] = (
    "drugs",
    "companies",
    "regulatory_events",
    "trials",
    "results",
    "deals",
    "caveats",
)
"""Scored lists; ``results`` are the trials' endpoint results, flattened."""


def items_of(summary: PressReleaseSummary, entity: str) -> list[Any]:
    """The facts of one entity type; results flattened over the trials in order."""
    if entity == "results":
        return [result for trial in summary.trials for result in trial.results]
    return list(getattr(summary, entity))
