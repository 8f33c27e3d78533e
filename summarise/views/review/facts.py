"""facts: a summary's facts as a page shows them, in section order, with ids and numbered quotes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from schemas import (
    Caveat,
    Company,
    Deal,
    Drug,
    EndpointResult,
    Evidence,
    Fact,
    RegulatoryEvent,
    SummaryRecord,
    Trial,
)
from summarise.views.values import format_value

SECTIONS = (
    ("drugs", "Drugs"),
    ("companies", "Companies"),
    ("regulatory_events", "Regulatory events"),
    ("trials", "Trials"),
    ("deals", "Deals"),
    ("caveats", "Caveats"),
)

TITLE_FIELDS: dict[type[Fact], tuple[str, ...]] = {
    Drug: ("name",),
    Company: ("name",),
    RegulatoryEvent: ("agency", "action"),
    Trial: ("drug",),
    EndpointResult: ("endpoint",),
    Deal: ("deal_type",),
    Caveat: ("kind",),
}


@dataclass
class Quote:
    """One piece of evidence, numbered across the page so its highlight can be linked."""

    number: int
    evidence: Evidence
    located: bool  # has offsets inside the source shown on the page

    @property
    def anchor(self) -> str:
        return f"q-{self.number}"


@dataclass
class FactView:
    """One fact with its id, path, section, quotes and nested facts."""

    fact: Fact
    fact_id: str  # e.g. trials-0-results-1
    path: str  # e.g. trials[0].results[1], as grounding names it
    section: str
    quotes: list[Quote]
    children: list[FactView] = field(default_factory=list)

    @property
    def ungrounded(self) -> bool:
        return bool(self.fact.grounding_issues) or any(
            not aligned(quote.evidence) for quote in self.quotes
        )

    @property
    def title(self) -> str:
        fields = TITLE_FIELDS.get(type(self.fact), ())
        parts = [
            shown for name in fields if (shown := format_value(getattr(self.fact, name, None)))
        ]
        if isinstance(self.fact, Trial) and not parts:
            parts = [self.fact.identifier or "trial"]
        return " · ".join(parts) or self.path

    @property
    def first_located(self) -> Quote | None:
        return next((quote for quote in self.quotes if quote.located), None)


def aligned(evidence: Evidence) -> bool:
    """Whether alignment found the quote in the source (it has offsets)."""
    return (
        evidence.alignment != "unaligned"
        and evidence.start is not None
        and evidence.end is not None
    )


def _locatable(evidence: Evidence, source: str | None) -> bool:
    if source is None or not aligned(evidence):
        return False
    assert evidence.start is not None and evidence.end is not None
    return 0 <= evidence.start < evidence.end <= len(source)


def fact_views(record: SummaryRecord, source: str | None) -> list[FactView]:
    """Every fact, in section order, with ids and globally numbered quotes."""
    counter = iter(range(1_000_000_000))

    def view(fact: Fact, fact_id: str, path: str, section: str) -> FactView:
        quotes = [
            Quote(next(counter), evidence, _locatable(evidence, source))
            for evidence in fact.evidence
        ]
        made = FactView(fact, fact_id, path, section, quotes)
        for name in type(fact).model_fields:
            value = getattr(fact, name)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, Fact):
                        made.children.append(
                            view(item, f"{fact_id}-{name}-{index}", f"{path}.{name}[{index}]", name)
                        )
        return made

    return [
        view(fact, f"{name}-{index}", f"{name}[{index}]", name)
        for name, _ in SECTIONS
        for index, fact in enumerate(getattr(record.summary, name))
    ]


def all_views(views: list[FactView]) -> Iterator[FactView]:
    """Every view and, after each, its nested views, depth first."""
    for item in views:
        yield item
        yield from all_views(item.children)
