"""record: a model's answer made into a summary record: grounded, policed and with provenance.

Every path that produces a summary (a live call, chunks merged, answers
collected from a provider batch) ends here, so grounding, the grounding policy,
the quarantine of text addressed to AI tools and the provenance block are the
same whatever produced the answer.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from schemas import SCHEMA_VERSION, PressReleaseSummary, Provenance, SummaryRecord, TokenUsage
from summarise.core.settings import Settings
from summarise.pipeline.document import Source, elapsed_ms, text_sha256
from summarise.pipeline.ground import apply_policy, check_summary, facts_of
from summarise.pipeline.pages import page_of
from summarise.pipeline.prompting import prompt_version
from summarise.pipeline.quarantine import enforce, hidden_text_report, quarantine


@dataclass
class CallOutcome:
    """What the model's answers came to for one document, before grounding in the whole text."""

    summary: PressReleaseSummary
    """As the model answered, grounded in each chunk it was asked about."""
    attempts: int
    usage: TokenUsage
    transport_retries: int
    validation_passed: bool


@dataclass(frozen=True)
class Producer:
    """Who made an answer, as provenance records it: never the key, only model and host."""

    model: str
    base_url_host: str | None
    strategy: str


@cache
def tool_version() -> str:
    """Read once: the installed metadata does not change under a running process, and
    reading it costs a directory scan per document."""
    try:
        return version("summarise")
    except PackageNotFoundError:
        return "unknown"


def finish_record(
    source: Source,
    outcome: CallOutcome,
    settings: Settings,
    producer: Producer,
    timings: dict[str, float],
    cost: float | None,
) -> SummaryRecord:
    """Ground the model's summary in the cleaned text, apply the grounding policy and the
    quarantine of text addressed to AI tools, and record provenance. ``timings`` adds to
    the source's own (load, clean)."""
    timings = {**source.timings_ms, **timings}
    started = time.perf_counter()
    summary = outcome.summary
    problems = check_summary(summary, source.cleaned)
    dropped = apply_policy(summary, problems, settings.grounding_policy) if problems else []
    dropped += enforce(summary, quarantine(source.cleaned))
    dropped += hidden_text_report(source.hidden_text)
    if source.pages:
        for fact in facts_of(summary):
            for evidence in fact.evidence:
                evidence.page = page_of(evidence.quote, source.pages)
    timings["ground"] = elapsed_ms(started)
    provenance = Provenance(
        source_file=source.source_file,
        source_sha256=source.source_sha256 or text_sha256(source.text),
        cleaned_sha256=text_sha256(source.cleaned),
        cleaned_chars=len(source.cleaned),
        model=producer.model,
        base_url_host=producer.base_url_host,
        prompt_version=prompt_version(),
        schema_version=SCHEMA_VERSION,
        tool_version=tool_version(),
        attempts=outcome.attempts,
        transport_retries=outcome.transport_retries,
        usage=outcome.usage,
        cost_usd=cost,
        strategy=producer.strategy,
        grounding_policy=settings.grounding_policy.value,
        validation_passed=outcome.validation_passed and not problems,
        dropped=dropped,
        timings_ms=timings,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    plain = PressReleaseSummary.model_validate(summary.model_dump())
    return SummaryRecord(summary=plain, provenance=provenance)
