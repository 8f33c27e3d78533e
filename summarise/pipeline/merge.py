"""merge: one fact per real-world thing, however many times or chunks it was found in.

Releases restate their news (lead, body, "About" section) and a long document
is summarised chunk by chunk, so the same drug, event, trial or deal arrives
several times. Merging keeps the first as the fact, adds the others' quotes,
fills fields it lacked and unions its lists; a disagreement keeps the first
value, never an average.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from schemas import (
    FACT_LISTS,
    Caveat,
    Company,
    Deal,
    Drug,
    EndpointResult,
    Fact,
    PressReleaseSummary,
    RegulatoryEvent,
    Trial,
)

FactT = TypeVar("FactT", bound=Fact)
Key = Callable[[Any], Hashable]
_NOT_NAME = re.compile(r"[\W_]+")


def name_key(name: str | None) -> str:
    """Names compared without case, spaces or punctuation: "ICP-248" is "icp248"."""
    return _NOT_NAME.sub("", (name or "").casefold())


def _result_key(result: EndpointResult) -> Hashable:
    return (name_key(result.endpoint), result.arm_value, result.comparator_value, result.timepoint)


def _trial_key(trial: Trial) -> Hashable:
    return (name_key(trial.drug), trial.phase, name_key(trial.identifier))


def _deal_key(deal: Deal) -> Hashable:
    total = deal.total_value.amount if deal.total_value else None
    return (deal.deal_type, total, frozenset(map(name_key, deal.parties)) if not total else None)


FACT_KEYS: dict[type[Fact], Key] = {
    Drug: lambda drug: name_key(drug.name),
    Company: lambda company: name_key(company.name),
    RegulatoryEvent: lambda event: (event.agency, event.action, name_key(event.drug)),
    Trial: _trial_key,
    EndpointResult: _result_key,
    Deal: _deal_key,
    Caveat: lambda caveat: (caveat.kind, name_key(caveat.description)),
}


def _absorb(first: BaseModel, other: BaseModel) -> None:
    """Fill what ``first`` lacks from ``other``; union plain lists; merge lists of facts."""
    for name in type(first).model_fields:
        mine, theirs = getattr(first, name), getattr(other, name)
        if mine is None:
            setattr(first, name, theirs)
        elif isinstance(mine, list) and isinstance(theirs, list):
            if (mine and isinstance(mine[0], Fact)) or (theirs and isinstance(theirs[0], Fact)):
                setattr(first, name, merge_facts([*mine, *theirs]))
            elif name == "evidence":
                known = {evidence.quote for evidence in mine}
                mine.extend(e for e in theirs if e.quote not in known)
            else:
                mine.extend(item for item in theirs if item not in mine)


def merge_facts(facts: Sequence[FactT], key: Key | None = None) -> list[FactT]:
    """One fact per key, in first-seen order; ``key`` defaults to the fact type's own."""
    kept: dict[Hashable, FactT] = {}
    for fact in facts:
        fact_key = (key or FACT_KEYS[type(fact)])(fact)
        first = kept.setdefault(fact_key, fact)
        if first is not fact:
            _absorb(first, fact)
    return list(kept.values())


def merge_summaries(parts: Sequence[PressReleaseSummary]) -> dict[str, Any]:
    """The chunks' summaries as one: the first chunk's headline and summary (where a
    release puts its news), every chunk's facts merged. Returns plain data to validate."""
    first = parts[0]
    merged = first.model_copy(deep=True)
    for part in parts[1:]:
        _absorb(merged.document, part.document)
        merged.event_types += [kind for kind in part.event_types if kind not in merged.event_types]
        for name in FACT_LISTS:
            setattr(merged, name, merge_facts([*getattr(merged, name), *getattr(part, name)]))
    return merged.model_dump()
