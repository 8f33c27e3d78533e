"""A digest: what happened across a whole run, each real-world event once with every source.

The same approval arrives as the company's release and several outlets' rewrites;
resolution (``summarise.quality.resolve``) makes them one :class:`ResolvedEvent`
that keeps each source's document, fact, quotes and offsets. Values the sources
state differently (two upfront amounts) are never averaged or picked: the event
leaves the value out and lists it in ``conflicts``, each value with the documents
that state it. These models are the JSON Lines digest (``summarise digest
--format jsonl``), which ``--previous`` reads back to say what is new since.
"""

from enum import StrEnum

from pydantic import BaseModel, Field

from schemas.enums import DealType, Phase, RegulatorAction, Reporting
from schemas.evidence import Evidence


class EventKind(StrEnum):
    """The facts that resolve into events: what a regulator did, a trial, a deal."""

    REGULATORY = "regulatory"
    TRIAL = "trial"
    DEAL = "deal"


class Change(StrEnum):
    """An event against an earlier digest (``--previous``)."""

    NEW = "new"
    CHANGED = "changed"
    """A value a later source updated or contradicted (a date made precise, a second amount)."""
    UNCHANGED = "unchanged"
    GONE = "gone"
    """In the earlier digest, in no source of this one."""


STATUS = "status"
PHASE = "phase"
RESULT_PREFIX = "result: "
"""A trial's result is compared as the value ``result: <endpoint>``."""
COMPARED_FIELDS: dict[EventKind, tuple[str, ...]] = {
    EventKind.REGULATORY: (STATUS,),
    EventKind.TRIAL: (PHASE, "enrolled", "planned_enrollment", "sites"),
    EventKind.DEAL: ("upfront", "milestones", "total_value", "price_per_share"),
}
"""The values compared across an event's sources, by the name of the fact's field (a
trial's results besides, by endpoint): two that differ are a conflict."""


class EventSource(BaseModel):
    """One document's fact behind an event."""

    doc_id: str
    fact: str = Field(description="The fact's path in its record, e.g. regulatory_events[0].")
    published: str | None = Field(None, description="The document's ISO date, when absolute.")
    publisher: str | None = None
    reporting: Reporting = Reporting.NEWS
    values: dict[str, str] = Field(
        default_factory=dict,
        description="The compared values (status, counts, amounts) as this source states them.",
    )
    evidence: list[Evidence] = Field(default_factory=list)


class ConflictingValue(BaseModel):
    value: str
    doc_ids: list[str]


class Conflict(BaseModel):
    """A value the sources state differently: every value, with who states it."""

    field: str
    values: list[ConflictingValue]


class ResolvedEvent(BaseModel):
    """One real-world event, resolved from every fact that reports it."""

    event_id: str = Field(description="Stable within a digest: its earliest source's fact.")
    kind: EventKind
    reporting: Reporting = Field(
        Reporting.NEWS,
        description="news when any source reports it as its news; background when every "
        "source mentions it in passing.",
    )
    drug: str | None = Field(None, description="A deal's asset, or the drug the event is about.")
    drug_names: list[str] = Field(
        default_factory=list, description="Every name the sources give it: INN, codes, brands."
    )
    companies: list[str] = Field(
        default_factory=list, description="A deal's parties, or the companies behind the drug."
    )
    agency: str | None = Field(None, description="The agency, its centres and committees as one.")
    agencies: list[str] = Field(default_factory=list, description="As the sources name them.")
    action: RegulatorAction | None = Field(None, description="The most specific action stated.")
    indication: str | None = None
    date: str | None = Field(None, description="The most precise ISO date a source states.")
    date_as_stated: str | None = None
    first_reported: str | None = Field(None, description="The earliest source's ISO date.")
    identifier: str | None = None
    phase: Phase | None = None
    deal_type: DealType | None = None
    values: dict[str, str] = Field(
        default_factory=dict,
        description="Compared values every source stating them agrees on; a conflicting one "
        "is left out here and listed in conflicts.",
    )
    conflicts: list[Conflict] = Field(default_factory=list)
    sources: list[EventSource]
    change: Change | None = Field(None, description="Against --previous; None without one.")
    changed: list[str] = Field(
        default_factory=list, description="The fields whose value differs from --previous."
    )


class Digest(BaseModel):
    """A run's events after resolution, filtered as asked, marked against an earlier digest."""

    run: str
    documents: int = Field(description="Records read.")
    facts: int = Field(description="Regulatory events, trials and deals before resolution.")
    resolved: int = Field(description="Events after resolution, before the filters.")
    events: list[ResolvedEvent]
    gone: list[ResolvedEvent] = Field(default_factory=list)
    since: str | None = None
    drug: str | None = None
    company: str | None = None
    previous: str | None = None
    unreadable: list[str] = Field(
        default_factory=list, description="Records that could not be read."
    )
