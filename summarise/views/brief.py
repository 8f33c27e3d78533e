"""render: the short Markdown brief an analyst reads in the terminal.

Each fact is followed by its quote, so the reader can judge it without opening
the source; facts the grounding policy removed are listed rather than hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from schemas import (
    Caveat,
    Company,
    Deal,
    Drug,
    EndpointResult,
    Fact,
    Money,
    RegulatoryEvent,
    SummaryRecord,
    Trial,
)

if TYPE_CHECKING:
    from summarise.runs.batch import BatchResult
    from summarise.runs.batchapi import BatchState, CollectResult, SubmitResult

STATUSES = ("done", "failed", "pending", "running", "submitted")


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


def render_counts(counts: dict[str, int], totals: dict[str, float]) -> str:
    """A batch's state in two lines, for the terminal."""
    states = " · ".join(f"{status} {counts.get(status, 0)}" for status in STATUSES)
    cost = totals.get("cost_usd")
    money = "cost unknown (unpriced model)" if cost is None else f"${cost:.4f}"
    tokens = f"{int(totals['tokens_in']):,} tokens in, {int(totals['tokens_out']):,} out"
    return f"{states}\n{tokens} · {money}"


def render_failures(failures: list[tuple[str, int, str]]) -> str:
    """Failures grouped by reason, most frequent first, each with one example."""
    width = max(len(kind or "") for kind, _, _ in failures)
    lines = ["failures by reason:"]
    lines += [
        f"  {kind or '?':<{width}}  {count:>6}  e.g. {example}" for kind, count, example in failures
    ]
    return "\n".join(lines)


def render_batch_result(result: BatchResult, out: Path) -> str:
    skipped = (
        f", {result.skipped_failed} failed earlier (not retried)" if result.skipped_failed else ""
    )
    if result.awaiting_collect:
        skipped += f", {result.awaiting_collect} in a provider batch (run `batch collect`)"
    cost = "" if result.cost_usd is None else f" · ${result.cost_usd:.4f}"
    return (
        f"{result.done} summarised, {result.cached} cached, {result.failed} failed{skipped}"
        f" · {result.llm_calls} LLM calls · {result.tokens:,} tokens{cost}"
        f" · {result.wall_seconds:.1f} s → {out}"
    )


def render_submit(result: SubmitResult, out: Path) -> str:
    if result.ran_live is not None:
        return "fewer requests than a provider batch is worth: summarised live instead"
    lines = [
        f"{result.submitted_documents} documents in {result.requests} requests submitted "
        f"in {len(result.batches)} batch(es); {result.cached} already done, "
        f"{result.already_submitted} already submitted, {result.failed} failed",
        *(f"  {batch_id}" for batch_id in result.batches),
        f"then: summarise batch status {out}  ·  summarise batch collect {out}",
    ]
    return "\n".join(lines)


def render_batch_states(states: list[BatchState]) -> str:
    if not states:
        return "no provider batches in this run folder"
    lines = []
    for state in states:
        cost = (
            ""
            if state.estimated_input_cost is None
            else (f" · input ≈ ${state.estimated_input_cost:.4f} at batch prices")
        )
        collected = " · collected" if state.collected else ""
        lines.append(
            f"{state.batch_id}  {state.status:<11} {state.completed}/{state.total} done, "
            f"{state.failed} failed{cost}{collected}"
        )
    return "\n".join(lines)


def render_collect(result: CollectResult, out: Path) -> str:
    lines = [
        f"{result.done} summarised from batches, {result.failed} failed, "
        f"{result.asked_again_live} chunk(s) asked again live → {out}"
    ]
    lines += [f"  still running: {batch_id}" for batch_id in result.in_progress]
    lines += [f"  {doc_id}: {reason}" for doc_id, reason in result.problems]
    return "\n".join(lines)
