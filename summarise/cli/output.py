"""output: what the commands print about a run on the terminal: counts, failures, batches.

A document's own brief is :mod:`summarise.views.brief`; these lines describe a
run as a whole, so they sit with the commands that print them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from summarise.runs.inputs import SUPPORTED_SUFFIXES, Skipped
from summarise.runs.ledger import Status

REPORTED_STATUSES = (Status.DONE, Status.FAILED, Status.PENDING, Status.RUNNING, Status.SUBMITTED)
"""The order a run's counts are printed in: outcomes first, then work still open."""

if TYPE_CHECKING:
    from summarise.runs.batch import BatchResult
    from summarise.runs.batchapi import BatchState, CollectResult, SubmitResult


def render_counts(counts: dict[str, int], totals: dict[str, float]) -> str:
    """A batch's state in two lines, for the terminal."""
    states = " · ".join(f"{status} {counts.get(status, 0)}" for status in REPORTED_STATUSES)
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
    no_facts = f" ({result.no_facts} with no facts)" if result.no_facts else ""
    return (
        f"{result.done} summarised{no_facts}, {result.cached} cached, {result.failed} failed"
        f"{skipped}"
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


def render_skipped(skipped: Skipped) -> str:
    """The files a folder held that no loader reads, so none is left out silently."""
    shown = ", ".join(skipped.examples)
    more = (
        f" and {skipped.count - len(skipped.examples)} more"
        if skipped.count > len(skipped.examples)
        else ""
    )
    reads = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"skipped {skipped.count} file(s) of unsupported types: {shown}{more} (reads {reads})"
