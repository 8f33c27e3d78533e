"""brief: the short Markdown brief an analyst reads in the terminal.

Each fact is followed by its quote, so the reader can judge it without opening
the source; facts the grounding policy removed are listed rather than hidden.
Each fact line leads with what an analyst scans for (an event's action, drug
and indication; a deal's money) and codes are printed as words; the summary
paragraph never says the headline a second time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from schemas import (
    FACT_LISTS,
    Caveat,
    Company,
    Deal,
    Drug,
    DrugRelation,
    EndpointResult,
    EventStatus,
    Fact,
    Money,
    Phase,
    PressReleaseSummary,
    RegulatorAction,
    RegulatoryEvent,
    Reporting,
    SummaryRecord,
    Trial,
)
from summarise.pipeline.sentences import split_sentences
from summarise.views.values import format_value, quantity
from summarise.views.words import capitalised, words

NO_FACTS_WARNING = (
    "no facts: no drug, company, regulatory event, trial, deal or caveat "
    "was found and grounded in this document"
)
"""Said wherever a summary with no fact is reported: its headline and summary are
all there is, with nothing grounded to check them by, so it is no plain success."""


AGENCY_PREPOSITIONS = {RegulatorAction.APPLICATION_SUBMITTED: "to"}
"""An application is submitted *to* an agency; everything else an agency does is *by* it."""

NESTED_PARENTHESES = re.compile(r"\s*\(([^()]*)\)")
"""A jurisdiction such as "Hainan (China)", printed inside parentheses as "Hainan, China"."""

QUOTE_MARKS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
SENTENCE_EDGES = " \t•·*-–—\"'.!?。！？"
"""Bullets and quotes before a sentence, and its end marks, which do not make it another."""


def fact_count(summary: PressReleaseSummary) -> int:
    """The facts in a summary's lists (a trial's results sit inside their trial)."""
    return sum(len(getattr(summary, name)) for name in FACT_LISTS)


def _join(parts: Iterable[str | None]) -> str:
    return ", ".join(part for part in parts if part)


def _quotes(fact: Fact, indent: str = "  ") -> list[str]:
    lines = [
        f'{indent}> "{evidence.quote}"' + (f" (p. {evidence.page})" if evidence.page else "")
        for evidence in fact.evidence
    ]
    lines += [f"{indent}! {issue.field}: {issue.problem}" for issue in fact.grounding_issues]
    return lines


def _number(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _money(label: str, money: Money | None) -> str | None:
    if money is None:
        return None
    return f"{label} {format_value(money)}"


def _drug(drug: Drug) -> str:
    names = _join([drug.inn, *drug.brand_names, *drug.development_codes])
    details = _join(
        [
            None if drug.relation is DrugRelation.SUBJECT else words(drug.relation),
            drug.modality and words(drug.modality),
            "/".join(drug.targets) or None,
            drug.route_or_formulation,
        ]
    )
    return (
        f"**{drug.name}**" + (f" ({names})" if names else "") + (f": {details}" if details else "")
    )


def _company(company: Company) -> str:
    tickers = _join(f"{t.exchange}: {t.symbol}" for t in company.tickers)
    roles = _join(words(role) for role in company.roles)
    return (
        f"**{company.name}**"
        + (f" [{tickers}]" if tickers else "")
        + (f": {roles}" if roles else "")
    )


def _qualifiers(event: RegulatoryEvent) -> str:
    """What keeps an event from being plain news: it has not happened, or is background."""
    said = [
        None if event.status is EventStatus.OCCURRED else words(event.status),
        None if event.reporting is Reporting.NEWS else words(event.reporting),
    ]
    shown = _join(said)
    return f" ({shown})" if shown else ""


def _event(event: RegulatoryEvent) -> str:
    """What, of which drug, for which indication, by whom, when: "Approval of X for Y by NMPA"."""
    agency = event.agency
    jurisdiction = event.jurisdiction and NESTED_PARENTHESES.sub(r", \1", event.jurisdiction)
    if jurisdiction and jurisdiction.casefold() not in agency.casefold():
        agency += f" ({jurisdiction})"
    preposition = AGENCY_PREPOSITIONS.get(event.action, "by")
    line = (
        f"**{capitalised(words(event.action))}**"
        + (f" of {event.drug}" if event.drug else "")
        + (f" for {event.indication}" if event.indication else "")
        + f" {preposition} {agency}"
    )
    when = event.date_iso or event.date_as_stated
    return _join([line, when]) + _qualifiers(event)


def _count(value: int | None, template: str) -> str | None:
    return None if value is None else template.format(value)


def _trial(trial: Trial) -> str:
    """Phase, drug and indication first, then design, size and status."""
    phase = trial.phase if trial.phase not in (None, Phase.OTHER) else None
    name = capitalised(f"{words(phase)} trial") if phase else "Trial"
    line = (
        f"**{name}"
        + (f" of {trial.drug}" if trial.drug else "")
        + "**"
        + (f" ({trial.identifier})" if trial.identifier else "")
        + (f" in {trial.indication}" if trial.indication else "")
    )
    details = _join(
        [
            "/".join(trial.design) or None,
            _count(trial.enrolled, "N={}"),
            _count(trial.planned_enrollment, "planned N={}"),
            _count(trial.sites, "{} sites"),
            trial.status,
        ]
    )
    return line + (f": {details}" if details else "")


def _verdict(met: bool | None) -> str | None:
    if met is None:
        return None
    return "primary endpoint met" if met else "primary endpoint not met"


def _result(result: EndpointResult) -> str:
    arm = _number(result.arm_value)
    comparator = _number(result.comparator_value)
    p_value = None
    if result.p_value is not None:
        p_value = f"p{result.p_value_operator or '='}{result.p_value:g}"
    values = _join(
        [
            quantity(arm, result.unit) if arm else None,
            f"vs {quantity(comparator, result.unit)} {result.comparator or ''}".rstrip()
            if comparator
            else None,
            format_value(result.effect_size),
            p_value,
            _verdict(result.primary_endpoint_met),
        ]
    )
    return _join([result.endpoint, result.timepoint, values])


def _deal(deal: Deal) -> str:
    """The terms first (upfront, milestones, total, royalties), then who and where."""
    terms = _join(
        [
            _money("upfront", deal.upfront),
            _money("milestones", deal.milestones),
            _money("total", deal.total_value),
            deal.royalties and f"royalties: {deal.royalties}",
            _money("per share", deal.price_per_share),
            deal.contingent_value_right and f"CVR: {deal.contingent_value_right}",
        ]
    )
    who_and_where = "; ".join(
        part
        for part in (
            _join(deal.parties) and f"parties: {_join(deal.parties)}",
            deal.licensor and f"licensor: {deal.licensor}",
            deal.licensee and f"licensee: {deal.licensee}",
            _join(deal.territory) and f"territory: {_join(deal.territory)}",
        )
        if part
    )
    line = f"**{capitalised(words(deal.deal_type))}**" + (f" of {deal.asset}" if deal.asset else "")
    details = "; ".join(part for part in (terms, who_and_where) if part)
    return line + (f": {details}" if details else "")


def _caveat(caveat: Caveat) -> str:
    return f"**{capitalised(words(caveat.kind))}**: {caveat.description}"


def _sentence_key(text: str) -> str:
    """A sentence compared as a reader would: case, spacing, quotes, bullets, end marks aside."""
    plain = text.translate(QUOTE_MARKS).casefold()
    return " ".join(plain.split()).strip(SENTENCE_EDGES)


def without_headline(summary: str, headline: str) -> str:
    """``summary`` less every sentence that only says the headline again.

    Models (and extractive summaries, whose first sentence is often the
    title) open with the headline; printed under it, that is a repeat.
    """
    target = _sentence_key(headline)
    if not target:
        return summary
    kept, position = [], 0
    for sentence in split_sentences(summary):
        if _sentence_key(sentence.text) == target:
            kept.append(summary[position : sentence.start])
            position = sentence.end
            while position < len(summary) and summary[position].isspace():
                position += 1
    kept.append(summary[position:])
    return "".join(kept).strip()


def render_markdown(record: SummaryRecord) -> str:
    summary = record.summary
    lines = [f"# {summary.headline}", ""]
    text = without_headline(summary.summary, summary.headline)
    if text:
        lines += [text, ""]
    if not fact_count(summary):
        lines += [f"> **Warning**: {NO_FACTS_WARNING}.", ""]
    if summary.event_types:
        lines += [f"Events: {_join(words(event) for event in summary.event_types)}", ""]
    sections: list[tuple[str, list[Fact], object]] = [
        ("Drugs", summary.drugs, _drug),
        ("Companies", summary.companies, _company),
        ("Regulatory events", summary.regulatory_events, _event),
        ("Trials", summary.trials, _trial),
        ("Deals", summary.deals, _deal),
        ("Caveats", summary.caveats, _caveat),
    ]
    for title, facts, describe in sections:
        if not facts:
            continue
        lines += [f"## {title}"]
        for fact in facts:
            lines += [f"- {describe(fact)}", *_quotes(fact)]
            for result in getattr(fact, "results", []):
                lines += [f"  - {_result(result)}", *_quotes(result, "    ")]
        lines.append("")
    provenance = record.provenance
    if provenance.dropped:
        lines += ["## Removed by grounding"]
        lines += [f"- {item.path}: {item.problem}" for item in provenance.dropped]
        lines.append("")
    lines.append(
        f"_{provenance.model} · prompt {provenance.prompt_version} · schema "
        f"{provenance.schema_version} · {provenance.attempts} attempt(s) · "
        f"{provenance.usage.total_tokens} tokens_"
    )
    return "\n".join(lines) + "\n"
