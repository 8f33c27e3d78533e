"""brief: the short Markdown brief an analyst reads in the terminal.

Each fact is followed by its quote, so the reader can judge it without opening
the source; facts the grounding policy removed are listed rather than hidden.
"""

from __future__ import annotations

from collections.abc import Iterable

from schemas import (
    FACT_LISTS,
    Caveat,
    Company,
    Deal,
    Drug,
    EndpointResult,
    Fact,
    Money,
    PressReleaseSummary,
    RegulatoryEvent,
    SummaryRecord,
    Trial,
)

NO_FACTS_WARNING = (
    "no facts: no drug, company, regulatory event, trial, deal or caveat "
    "was found and grounded in this document"
)
"""Said wherever a summary with no fact is reported: its headline and summary are
all there is, with nothing grounded to check them by, so it is no plain success."""


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
    return f"{label} {money.amount:,.0f} {money.currency or ''}".rstrip()


def _drug(drug: Drug) -> str:
    names = _join([drug.inn, *drug.brand_names, *drug.development_codes])
    details = _join(
        [
            drug.modality and drug.modality.value,
            "/".join(drug.targets) or None,
            drug.route_or_formulation,
        ]
    )
    return (
        f"**{drug.name}**" + (f" ({names})" if names else "") + (f": {details}" if details else "")
    )


def _company(company: Company) -> str:
    tickers = _join(f"{t.exchange}: {t.symbol}" for t in company.tickers)
    roles = _join(role.value for role in company.roles)
    return (
        f"**{company.name}**"
        + (f" [{tickers}]" if tickers else "")
        + (f": {roles}" if roles else "")
    )


def _event(event: RegulatoryEvent) -> str:
    when = event.date_iso or event.date_as_stated
    return _join([f"**{event.agency}** {event.action.value}", event.drug, event.indication, when])


def _count(value: int | None, template: str) -> str | None:
    return None if value is None else template.format(value)


def _trial(trial: Trial) -> str:
    return _join(
        [
            f"**{trial.drug or 'trial'}**",
            trial.phase.value if trial.phase else None,
            "/".join(trial.design) or None,
            trial.indication,
            _count(trial.enrolled, "N={}"),
            _count(trial.planned_enrollment, "planned N={}"),
            _count(trial.sites, "{} sites"),
            trial.status,
        ]
    )


def _verdict(met: bool | None) -> str | None:
    if met is None:
        return None
    return "primary endpoint met" if met else "primary endpoint not met"


def _result(result: EndpointResult) -> str:
    unit = result.unit or ""
    arm = _number(result.arm_value)
    comparator = _number(result.comparator_value)
    p_value = None
    if result.p_value is not None:
        p_value = f"p{result.p_value_operator or '='}{result.p_value:g}"
    values = _join(
        [
            f"{arm}{unit}" if arm else None,
            f"vs {comparator}{unit} {result.comparator or ''}".rstrip() if comparator else None,
            p_value,
            _verdict(result.primary_endpoint_met),
        ]
    )
    return _join([result.endpoint, result.timepoint, values])


def _deal(deal: Deal) -> str:
    return _join(
        [
            f"**{deal.deal_type.value}**",
            _join(deal.parties) or None,
            deal.asset,
            _money("upfront", deal.upfront),
            _money("milestones", deal.milestones),
            _money("total", deal.total_value),
            deal.royalties and f"royalties: {deal.royalties}",
            _join(deal.territory) and f"territory: {_join(deal.territory)}",
        ]
    )


def _caveat(caveat: Caveat) -> str:
    return f"**{caveat.kind.value}**: {caveat.description}"


def render_markdown(record: SummaryRecord) -> str:
    summary = record.summary
    lines = [f"# {summary.headline}", "", summary.summary, ""]
    if not fact_count(summary):
        lines += [f"> **Warning**: {NO_FACTS_WARNING}.", ""]
    if summary.event_types:
        lines += [f"Events: {_join(event.value for event in summary.event_types)}", ""]
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
