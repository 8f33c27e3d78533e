"""The structured summary of one press release.

Every list item is a :class:`Fact` with verbatim evidence. Fields the document
does not state stay ``null`` or empty: an analyst acts on these values, so a
missing number is better than a guessed one.
"""

from pydantic import BaseModel, Field

from schemas.enums import (
    CaveatKind,
    CompanyRole,
    DealType,
    DrugRelation,
    EffectMeasure,
    EventStatus,
    EventType,
    Modality,
    Phase,
    RegulatorAction,
    Reporting,
)
from schemas.evidence import Fact

SCHEMA_VERSION = "2.0.0"

_ISO_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
"""YYYY, YYYY-MM or YYYY-MM-DD. Spelt with character classes, not ``\\d``: the pattern is
sent to the model's server, and llama.cpp's grammar converter cannot read ``\\d``."""


class DocumentInfo(BaseModel):
    """What the document says about itself."""

    title: str | None = Field(None, description="The document's headline as printed.")
    publisher: str | None = Field(None, description="Outlet or company that issued it.")
    date_as_stated: str | None = Field(
        None, description="Publication date exactly as written, e.g. 'June 25, 2024'."
    )
    date_iso: str | None = Field(
        None,
        pattern=_ISO_DATE,
        description="ISO 8601 date only when the stated date is absolute; "
        "null for relative dates such as '3 months ago'.",
    )
    language: str | None = Field(None, description="ISO 639-1 code of the document's language.")


class Ticker(BaseModel):
    exchange: str = Field(description="Exchange as written, e.g. HKEX, SSE, NASDAQ.")
    symbol: str = Field(description="Symbol as written, e.g. 09969.")


_LOCAL_NAMES = (
    "The names as written in a non-English source (e.g. 伊伐昔替尼), when the summary is in "
    "another language; empty for English sources."
)


class Drug(Fact):
    name: str = Field(
        description="Name used in the document, in English when the document gives it."
    )
    local_names: list[str] = Field(default_factory=list, description=_LOCAL_NAMES)
    inn: str | None = Field(None, description="International non-proprietary name, if stated.")
    brand_names: list[str] = Field(default_factory=list)
    development_codes: list[str] = Field(
        default_factory=list, description="Codes such as ICP-248 or CNCT19."
    )
    modality: Modality | None = None
    targets: list[str] = Field(
        default_factory=list,
        description="Molecular targets as the document names them, e.g. JAK1, B7-H3, APRIL; "
        "never converted from memory (evaluation maps common aliases to HGNC symbols).",
    )
    mechanism: str | None = None
    route_or_formulation: str | None = Field(None, description="e.g. oral tablet, topical cream.")
    originator: str | None = None
    relation: DrugRelation = Field(
        DrugRelation.SUBJECT,
        description="subject of the news, a partner's drug, a competitor's, or the standard "
        "of care / comparator.",
    )


class Company(Fact):
    name: str
    local_names: list[str] = Field(default_factory=list, description=_LOCAL_NAMES)
    roles: list[CompanyRole] = Field(default_factory=list)
    tickers: list[Ticker] = Field(default_factory=list)


class RegulatoryEvent(Fact):
    agency: str = Field(description="Agency as abbreviated in the document, e.g. NMPA, CDE, FDA.")
    jurisdiction: str | None = Field(None, description="Country or region, e.g. China, Macau.")
    action: RegulatorAction
    drug: str | None = None
    indication: str | None = None
    date_as_stated: str | None = None
    date_iso: str | None = Field(None, pattern=_ISO_DATE)
    status: EventStatus = Field(
        EventStatus.OCCURRED,
        description="occurred only when the text states it happened; planned, expected or "
        "not_occurred for what the text says will, may or did not happen.",
    )
    reporting: Reporting = Field(
        Reporting.NEWS,
        description="background for an earlier event the document mentions in passing.",
    )


class EffectSize(BaseModel):
    measure: EffectMeasure
    value: float
    ci_lower: float | None = None
    ci_upper: float | None = None


class EndpointResult(Fact):
    endpoint: str = Field(description="e.g. 'SALT score <=20 response rate', 'ORR'.")
    is_primary: bool | None = None
    timepoint: str | None = Field(None, description="e.g. 'week 24', '3 months'.")
    arm_value: float | None = Field(None, description="Value in the treatment arm, as stated.")
    comparator_value: float | None = Field(None, description="Value in the comparator arm.")
    comparator: str | None = Field(None, description="e.g. placebo; null in single-arm studies.")
    unit: str | None = Field(None, description="e.g. '%', 'months', 'patients'.")
    effect_size: EffectSize | None = None
    p_value: float | None = None
    p_value_operator: str | None = Field(None, description="'=', '<' or '<=' as stated.")
    primary_endpoint_met: bool | None = Field(
        None, description="Only when the document says so or gives the significance test."
    )


class Trial(Fact):
    drug: str | None = None
    identifier: str | None = Field(None, description="Registry id or study name, if stated.")
    phase: Phase | None = None
    design: list[str] = Field(
        default_factory=list, description="e.g. randomized, double-blind, single-arm, bridging."
    )
    indication: str | None = None
    population: str | None = None
    enrolled: int | None = Field(None, description="Patients enrolled or treated, as stated.")
    planned_enrollment: int | None = None
    sites: int | None = None
    status: str | None = Field(
        None, description="e.g. first patient dosed, enrollment complete, topline results."
    )
    results: list[EndpointResult] = Field(default_factory=list)


class Money(BaseModel):
    amount: float = Field(description="Full amount in units, e.g. 223000000 for $223 million.")
    currency: str | None = Field(None, description="ISO 4217 code, e.g. USD, CNY.")


class Deal(Fact):
    deal_type: DealType
    parties: list[str] = Field(default_factory=list)
    licensor: str | None = None
    licensee: str | None = None
    asset: str | None = None
    upfront: Money | None = None
    milestones: Money | None = None
    total_value: Money | None = None
    royalties: str | None = Field(None, description="Royalty terms as stated.")
    territory: list[str] = Field(default_factory=list)
    price_per_share: Money | None = Field(None, description="An acquisition's offer per share.")
    contingent_value_right: str | None = Field(
        None, description="A CVR's terms as stated, e.g. 'US$5.00 per share on approval'."
    )


class Caveat(Fact):
    kind: CaveatKind
    description: str = Field(
        description="What the text refers to but does not contain, or a claim that does not "
        "add up (e.g. an absolute difference labelled as relative)."
    )


FACT_LISTS = ("drugs", "companies", "regulatory_events", "trials", "deals", "caveats")
"""The summary's lists of facts, in document order (a trial's results sit inside it)."""


class PressReleaseSummary(BaseModel):
    """Summary of one pharma or biotech press release, grounded in its text."""

    document: DocumentInfo
    event_types: list[EventType] = Field(default_factory=list)
    headline: str = Field(description="One factual sentence: who did what, for which drug.")
    summary: str = Field(description="Three to five factual sentences in the output language.")
    drugs: list[Drug] = Field(default_factory=list)
    companies: list[Company] = Field(default_factory=list)
    regulatory_events: list[RegulatoryEvent] = Field(default_factory=list)
    trials: list[Trial] = Field(default_factory=list)
    deals: list[Deal] = Field(default_factory=list)
    caveats: list[Caveat] = Field(default_factory=list)
