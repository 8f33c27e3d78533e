"""Field comparison: what is compared per entity type, how it is normalised and when two
values are equal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from schemas import RegulatoryEvent
from summarise.quality.matching.names import (
    company_names_compatible,
    drug_names_compatible,
    endpoints_compatible,
)
from summarise.quality.matching.normalise import (
    clean_text,
    norm_date,
    norm_design,
    norm_enum,
    norm_money,
    norm_name,
    norm_number,
    norm_ticker,
    norm_timepoint,
    norm_unit,
    numbers_equal,
)
from summarise.quality.matching.places import norm_agency, norm_jurisdiction, norm_place
from summarise.quality.matching.targets import norm_target

Kind = Literal["scalar", "list"]


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return numbers_equal(a, b)
    return a == b


@dataclass(frozen=True)
class FieldSpec:
    """One compared field: ``get`` reads the raw value, ``norm`` normalises a value
    (each element for lists), ``equal`` compares two normalised values."""

    name: str
    get: Callable[[Any], Any]
    norm: Callable[[Any], Any] = norm_name
    kind: Kind = "scalar"
    equal: Callable[[Any, Any], bool] = _equal

    def values(self, item: Any) -> list[Any]:
        """The normalised, non-empty values of ``item`` (one at most for a scalar)."""
        raw = self.get(item)
        raw_items = (raw or []) if self.kind == "list" else [raw]
        values: list[Any] = []
        for element in raw_items:
            value = self.norm(element)
            if value is not None and not any(self.equal(value, seen) for seen in values):
                values.append(value)
        return values


def _attr(name: str) -> Callable[[Any], Any]:
    return lambda item: getattr(item, name)


def _nested(outer: str, inner: str) -> Callable[[Any], Any]:
    def get(item: Any) -> Any:
        value = getattr(item, outer)
        return None if value is None else getattr(value, inner)

    return get


def _identity(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _operator(value: Any) -> str | None:
    text = clean_text(value)
    if not text:
        return None
    return {"≤": "<=", "=<": "<=", "≥": ">=", "=>": ">=", "==": "="}.get(text, text)


def event_date(event: RegulatoryEvent) -> str | None:
    """The date of an event: its ISO date, else the date as stated."""
    return event.date_iso or event.date_as_stated


def _drug_field(name: str) -> FieldSpec:
    return FieldSpec(name, _attr(name), _identity, equal=drug_names_compatible)


def _company_field(name: str, kind: Kind = "scalar") -> FieldSpec:
    return FieldSpec(name, _attr(name), _identity, kind, company_names_compatible)


def _number_field(name: str, get: Callable[[Any], Any] | None = None) -> FieldSpec:
    return FieldSpec(name, get or _attr(name), norm_number)


def _money_fields(name: str) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec(f"{name}.amount", lambda deal: norm_money(getattr(deal, name))[0], _identity),
        FieldSpec(f"{name}.currency", lambda deal: norm_money(getattr(deal, name))[1], _identity),
    )


FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "drugs": (
        _drug_field("name"),
        _drug_field("inn"),
        FieldSpec("brand_names", _attr("brand_names"), kind="list"),
        FieldSpec("development_codes", _attr("development_codes"), kind="list"),
        FieldSpec("local_names", _attr("local_names"), kind="list"),
        FieldSpec("modality", _attr("modality"), norm_enum),
        FieldSpec("targets", _attr("targets"), norm_target, "list"),
        _company_field("originator"),
        FieldSpec("relation", _attr("relation"), norm_enum),
    ),
    "companies": (
        _company_field("name"),
        FieldSpec("local_names", _attr("local_names"), kind="list"),
        FieldSpec("roles", _attr("roles"), norm_enum, "list"),
        FieldSpec("tickers", _attr("tickers"), norm_ticker, "list"),
    ),
    "regulatory_events": (
        FieldSpec("agency", _attr("agency"), norm_agency),
        FieldSpec("jurisdiction", _attr("jurisdiction"), norm_jurisdiction),
        FieldSpec("action", _attr("action"), norm_enum),
        _drug_field("drug"),
        FieldSpec("date", event_date, norm_date),
        FieldSpec("status", _attr("status"), norm_enum),
        FieldSpec("reporting", _attr("reporting"), norm_enum),
    ),
    "trials": (
        _drug_field("drug"),
        FieldSpec("identifier", _attr("identifier")),
        FieldSpec("phase", _attr("phase"), norm_enum),
        FieldSpec("design", _attr("design"), norm_design, "list"),
        _number_field("enrolled"),
        _number_field("planned_enrollment"),
        _number_field("sites"),
    ),
    "results": (
        FieldSpec("endpoint", _attr("endpoint"), _identity, equal=endpoints_compatible),
        FieldSpec("is_primary", _attr("is_primary"), _bool),
        FieldSpec("timepoint", _attr("timepoint"), norm_timepoint),
        _number_field("arm_value"),
        _number_field("comparator_value"),
        FieldSpec("comparator", _attr("comparator")),
        FieldSpec("unit", _attr("unit"), norm_unit),
        FieldSpec("effect_size.measure", _nested("effect_size", "measure"), norm_enum),
        _number_field("effect_size.value", _nested("effect_size", "value")),
        _number_field("effect_size.ci_lower", _nested("effect_size", "ci_lower")),
        _number_field("effect_size.ci_upper", _nested("effect_size", "ci_upper")),
        _number_field("p_value"),
        FieldSpec("p_value_operator", _attr("p_value_operator"), _operator),
        FieldSpec("primary_endpoint_met", _attr("primary_endpoint_met"), _bool),
    ),
    "deals": (
        FieldSpec("deal_type", _attr("deal_type"), norm_enum),
        _company_field("parties", "list"),
        _company_field("licensor"),
        _company_field("licensee"),
        _drug_field("asset"),
        *_money_fields("upfront"),
        *_money_fields("milestones"),
        *_money_fields("total_value"),
        FieldSpec("territory", _attr("territory"), norm_place, "list"),
        *_money_fields("price_per_share"),
        *_money_fields("contingent_value_right"),
    ),
    "caveats": (FieldSpec("kind", _attr("kind"), norm_enum),),
}
"""Scored fields per entity type. Free text is not scored: headline, summary,
indications, populations, trial statuses, mechanisms, routes, royalty terms and
caveat descriptions, nor evidence offsets. A contingent value right, stated as text,
scores by the amount and currency it names ("US$5.00 per share on approval")."""


@dataclass(frozen=True)
class FieldOutcome:
    """One field of one pair: true positives, false positives and false negatives."""

    field: str
    gold: list[Any]
    predicted: list[Any]
    tp: int
    fp: int
    fn: int


def compare_field(spec: FieldSpec, gold: Any | None, predicted: Any | None) -> FieldOutcome:
    """Compare one field; ``None`` for an item stands for "no such item"."""
    gold_values = spec.values(gold) if gold is not None else []
    predicted_values = spec.values(predicted) if predicted is not None else []
    unmatched = list(predicted_values)
    tp = 0
    for value in gold_values:
        hit = next((other for other in unmatched if spec.equal(value, other)), None)
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
    return FieldOutcome(
        spec.name,
        gold_values,
        predicted_values,
        tp=tp,
        fp=len(predicted_values) - tp,
        fn=len(gold_values) - tp,
    )


def compare_items(entity: str, gold: Any | None, predicted: Any | None) -> list[FieldOutcome]:
    """Every scored field of a pair (either side may be missing)."""
    return [compare_field(spec, gold, predicted) for spec in FIELDS[entity]]


def agreement(entity: str, gold: Any, predicted: Any) -> int:
    """How many field values two items share."""
    return sum(outcome.tp for outcome in compare_items(entity, gold, predicted))
