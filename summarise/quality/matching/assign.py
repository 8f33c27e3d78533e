"""One-to-one pairing of two lists of items: which pairs may be the same thing, and the
assignment that maximises their agreeing fields."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from schemas import Caveat, Company, Deal, Drug, EndpointResult, RegulatoryEvent, Trial
from summarise.pipeline.merge import name_key
from summarise.quality.matching.fields import agreement, event_date
from summarise.quality.matching.names import (
    action_family,
    agency_family,
    company_names_compatible,
    drug_identities,
    drug_names_compatible,
    endpoints_compatible,
)
from summarise.quality.matching.normalise import (
    clean_text,
    norm_date,
    norm_money,
    norm_name,
    numbers_equal,
)

# Same-item rules: may two items be the same thing at all?


def _same_drug(a: Drug, b: Drug) -> bool:
    return any(
        drug_names_compatible(left, right)
        for left in drug_identities(a)
        for right in drug_identities(b)
    )


def _same_company(a: Company, b: Company) -> bool:
    if company_names_compatible(a.name, b.name):
        return True
    return any(
        name_key(left) == name_key(right) for left in a.local_names for right in b.local_names
    )


def _same_event(a: RegulatoryEvent, b: RegulatoryEvent) -> bool:
    """Same agency (or its parent) and the same kind of action (an accelerated approval
    and an approval); or, when the action differs more, the same absolute date, which pins
    the event down: a Hainan MPA decision of 2023-08-12 called an approval rather than
    urgent use is that decision with a wrong action."""
    if agency_family(a.agency) != agency_family(b.agency):
        return False
    if action_family(a.action) == action_family(b.action):
        return True
    date_a, date_b = norm_date(event_date(a)), norm_date(event_date(b))
    return date_a is not None and date_a == date_b


def _same_trial(a: Trial, b: Trial) -> bool:
    if a.identifier and b.identifier and norm_name(a.identifier) == norm_name(b.identifier):
        return True
    if a.phase and b.phase and a.phase != b.phase:
        return False
    drugs_agree = drug_names_compatible(a.drug, b.drug)
    if a.drug and b.drug and not drugs_agree:
        return False
    return drugs_agree or (a.phase is not None and a.phase == b.phase)


def _same_result(a: EndpointResult, b: EndpointResult) -> bool:
    if endpoints_compatible(a.endpoint, b.endpoint):
        return True
    return (
        a.arm_value is not None
        and b.arm_value is not None
        and numbers_equal(a.arm_value, b.arm_value)
    )


def _same_deal(a: Deal, b: Deal) -> bool:
    if a.deal_type != b.deal_type:
        return False
    total_a, total_b = norm_money(a.total_value)[0], norm_money(b.total_value)[0]
    if total_a is not None and total_b is not None and numbers_equal(total_a, total_b):
        return True
    parties_a = [*a.parties, a.licensor, a.licensee]
    parties_b = [*b.parties, b.licensor, b.licensee]
    if any(company_names_compatible(x, y) for x in parties_a for y in parties_b):
        return True
    return not any(parties_a) or not any(parties_b)


def _same_caveat(a: Caveat, b: Caveat) -> bool:
    return a.kind == b.kind


SAME: dict[str, Callable[[Any, Any], bool]] = {
    "drugs": _same_drug,
    "companies": _same_company,
    "regulatory_events": _same_event,
    "trials": _same_trial,
    "results": _same_result,
    "deals": _same_deal,
    "caveats": _same_caveat,
}
"""The matching key of each entity type, as a compatibility test."""


# Assignment: among compatible pairs, the one-to-one pairing with most agreement.


def _similarity(a: Any, b: Any) -> float:
    left, right = clean_text(a), clean_text(b)
    if not left or not right:
        return 0.0
    return fuzz.token_set_ratio(left.casefold(), right.casefold()) / 100


def _tie_break(entity: str, a: Any, b: Any) -> float:
    """Below one field's worth: tells apart two FDA approvals by their indication."""
    if entity in ("regulatory_events", "trials"):
        return 0.5 * _similarity(a.indication, b.indication)
    if entity == "caveats":
        return 0.5 * _similarity(a.description, b.description)
    if entity == "results":
        return 0.5 * _similarity(a.endpoint, b.endpoint)
    return 0.0


def best_assignment(weights: list[list[float]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment (Hungarian algorithm) of rows to columns, one to one;
    pairs of weight 0 (incompatible) are not kept."""
    rows = len(weights)
    columns = len(weights[0]) if rows else 0
    if not rows or not columns:
        return []
    original = weights
    transposed = rows > columns
    if transposed:
        weights = [list(column) for column in zip(*weights, strict=True)]
        rows, columns = columns, rows
    cost = [[-weight for weight in row] for row in weights]
    u = [0.0] * (rows + 1)
    v = [0.0] * (columns + 1)
    owner = [0] * (columns + 1)  # owner[j]: row (1-based) assigned to column j
    way = [0] * (columns + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        column = 0
        least = [math.inf] * (columns + 1)
        used = [False] * (columns + 1)
        while owner[column]:
            used[column] = True
            current, delta, next_column = owner[column], math.inf, 0
            for j in range(1, columns + 1):
                if used[j]:
                    continue
                reduced = cost[current - 1][j - 1] - u[current] - v[j]
                if reduced < least[j]:
                    least[j], way[j] = reduced, column
                if least[j] < delta:
                    delta, next_column = least[j], j
            for j in range(columns + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            column = next_column
        while column:
            previous = way[column]
            owner[column] = owner[previous]
            column = previous
    pairs = [(owner[j] - 1, j - 1) for j in range(1, columns + 1) if owner[j]]
    if transposed:
        pairs = [(j, i) for i, j in pairs]
    return sorted((i, j) for i, j in pairs if original[i][j] > 0)


@dataclass(frozen=True)
class Match:
    """The pairing of two lists: matched index pairs, and the indexes left over on each side."""

    pairs: list[tuple[int, int]]
    only_left: list[int]
    only_right: list[int]


def match_items(entity: str, left: Sequence[Any], right: Sequence[Any]) -> Match:
    """Pair items of ``left`` (gold, run A) with items of ``right`` (prediction, run B).

    Only compatible items (``SAME[entity]``) may pair; among those the assignment
    maximises the number of agreeing fields, so two FDA approvals pair with
    the two that share their dates and drugs rather than in list order.
    """
    same = SAME[entity]
    weights = [
        [
            1.0 + agreement(entity, a, b) + _tie_break(entity, a, b) if same(a, b) else 0.0
            for b in right
        ]
        for a in left
    ]
    pairs = best_assignment(weights)
    matched_left = {i for i, _ in pairs}
    matched_right = {j for _, j in pairs}
    return Match(
        pairs=pairs,
        only_left=[i for i in range(len(left)) if i not in matched_left],
        only_right=[j for j in range(len(right)) if j not in matched_right],
    )


def label(entity: str, item: Any) -> str:
    """A short human name for an item: 'Venetoclax', 'FDA approval', 'ORR'."""
    if entity in ("drugs", "companies"):
        return item.name
    if entity == "regulatory_events":
        return f"{item.agency} {clean_text(item.action).replace('_', ' ')}"
    if entity == "trials":
        phase = clean_text(item.phase).replace("_", " ") if item.phase else "phase not stated"
        return f"{item.drug or 'drug not stated'} {phase}"
    if entity == "results":
        return item.endpoint
    if entity == "deals":
        parties = ", ".join(item.parties) if item.parties else "parties not stated"
        return f"{clean_text(item.deal_type)}: {parties}"
    if entity == "caveats":
        return clean_text(item.kind) or ""
    raise KeyError(entity)
