"""facts: a summary's facts as a page shows them: in section order (caveats first), named by
what they are, with ids, colours and numbered quotes."""

from __future__ import annotations

import itertools
import re
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
from summarise.views.values import format_value, quantity

SECTIONS = (
    ("caveats", "Caveats"),
    ("drugs", "Drugs"),
    ("companies", "Companies"),
    ("regulatory_events", "Regulatory events"),
    ("trials", "Trials"),
    ("deals", "Deals"),
)
"""The summary's lists in page order: caveats first, since they say what to doubt in the rest."""

KINDS: dict[type[Fact], str] = {
    Drug: "Drug",
    Company: "Company",
    RegulatoryEvent: "Regulatory event",
    Trial: "Trial",
    EndpointResult: "Result",
    Deal: "Deal",
    Caveat: "Caveat",
}
"""What each fact is, as its name on the page says it ("Drug: Ivarmacitinib")."""

TITLE_FIELDS: dict[type[Fact], tuple[str, ...]] = {
    Drug: ("name",),
    Company: ("name",),
    RegulatoryEvent: ("agency", "action"),
    Trial: ("phase", "identifier"),
    EndpointResult: ("endpoint",),
    Deal: ("deal_type",),
    Caveat: ("kind",),
}
"""Fields a fact's name always shows, so its card does not list them again."""


def _trial_name(trial: Trial) -> str | None:
    """ "Phase 3 (NCT01234567)": the phase, and the registry id or else the drug."""
    phase = format_value(trial.phase)
    which = trial.identifier or trial.drug
    if phase and which:
        return f"{phase} ({which})"
    return phase or which


def result_values(result: EndpointResult) -> str:
    """ "52%", "52% vs 30%": a result's arm and comparator values as stated; empty for none."""
    values = [
        quantity(format_value(value), result.unit)
        for value in (result.arm_value, result.comparator_value)
        if value is not None
    ]
    return " vs ".join(values)


def _result_name(result: EndpointResult) -> str:
    """ "ORR 52%", "ORR 52% vs 30%": the endpoint and its values as stated."""
    return " ".join([result.endpoint, result_values(result)]).strip()


def fact_name(fact: Fact) -> str | None:
    """What tells a fact from the others of its kind: a drug's name, an event's action and
    agency ("approval (NMPA)"), a trial's phase and id, a result's endpoint and values."""
    if isinstance(fact, Drug | Company):
        return fact.name
    if isinstance(fact, RegulatoryEvent):
        return f"{format_value(fact.action)} ({fact.agency})"
    if isinstance(fact, Trial):
        return _trial_name(fact)
    if isinstance(fact, EndpointResult):
        return _result_name(fact)
    if isinstance(fact, Deal):
        return format_value(fact.deal_type)
    if isinstance(fact, Caveat):
        return format_value(fact.kind)
    return None


_INDEX_RE = re.compile(r"\[(\d+)\]")
FACT_ANCHOR_PREFIX = "fact-"
"""A fact card's element id is this prefix and the fact's id."""


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
    """One fact with its id, path, section, colour, quotes and nested facts."""

    fact: Fact
    fact_id: str  # e.g. trials-0-results-1
    path: str  # e.g. trials[0].results[1], as grounding names it
    section: str
    colour: int  # its place in the page's order: its card and highlights share a colour
    quotes: list[Quote]
    children: list[FactView] = field(default_factory=list)

    @property
    def ungrounded(self) -> bool:
        return bool(self.fact.grounding_issues) or any(
            not aligned(quote.evidence) for quote in self.quotes
        )

    @property
    def title(self) -> str:
        """The fact named by what it is: "Drug: Ivarmacitinib", "Result: ORR 52%"."""
        kind = KINDS.get(type(self.fact), "Fact")
        name = fact_name(self.fact)
        return f"{kind}: {name}" if name else kind

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


def fact_id_of(path: str) -> str:
    """The page id of a fact from its path as grounding names it: ``trials[0].results[1]``
    is ``trials-0-results-1`` (its card is ``fact-trials-0-results-1``)."""
    return _INDEX_RE.sub(r"-\1", path).replace(".", "-")


def fact_views(record: SummaryRecord, source: str | None) -> list[FactView]:
    """Every fact, in section order, with ids, colours by page order and globally
    numbered quotes."""
    quote_numbers = itertools.count()
    fact_numbers = itertools.count()

    def view(fact: Fact, path: str, section: str) -> FactView:
        colour = next(fact_numbers)
        quotes = [
            Quote(next(quote_numbers), evidence, _locatable(evidence, source))
            for evidence in fact.evidence
        ]
        made = FactView(fact, fact_id_of(path), path, section, colour, quotes)
        for name in type(fact).model_fields:
            value = getattr(fact, name)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, Fact):
                        made.children.append(view(item, f"{path}.{name}[{index}]", name))
        return made

    return [
        view(fact, f"{name}[{index}]", name)
        for name, _ in SECTIONS
        for index, fact in enumerate(getattr(record.summary, name))
    ]


def all_views(views: list[FactView]) -> Iterator[FactView]:
    """Every view and, after each, its nested views, depth first."""
    for item in views:
        yield item
        yield from all_views(item.children)
