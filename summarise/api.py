"""The Python API: one press release in, one grounded summary with provenance out.

The async functions take an open :class:`~summarise.llm.endpoint.Endpoint` and are
what the CLI and the batch runner use, many documents at once on one client.
The sync functions are for a script that summarises a document now and then:
each opens its own session (starting the embedded model when that is the
provider) and closes it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from schemas import SCHEMA_VERSION, PressReleaseSummary, Provenance, SummaryRecord
from summarise.core.settings import Settings
from summarise.llm.call import CallOutcome, summarise_document
from summarise.llm.endpoint import Endpoint
from summarise.llm.pricing import cost_usd
from summarise.llm.session import open_session
from summarise.pipeline.document import Source, elapsed_ms, read_source, source_of_text, text_sha256
from summarise.pipeline.ground import apply_policy, check_summary, facts_of
from summarise.pipeline.pages import page_of
from summarise.pipeline.prompting import prompt_version
from summarise.strategies.pick import summarise_by_picking


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
    endpoint: Endpoint,
    outcome: CallOutcome,
    timings: dict[str, float],
    cost: float | None = None,
) -> SummaryRecord:
    """Ground the model's summary in the cleaned text, apply the grounding policy, and
    record provenance. ``cost`` defaults to live prices for the outcome's usage;
    ``timings`` adds to the source's own (load, clean)."""
    settings = endpoint.settings
    timings = {**source.timings_ms, **timings}
    started = time.perf_counter()
    summary = outcome.summary
    problems = check_summary(summary, source.cleaned)
    dropped = apply_policy(summary, problems, settings.grounding_policy) if problems else []
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
        model=endpoint.model,
        base_url_host=endpoint.base_url_host,
        prompt_version=prompt_version(),
        schema_version=SCHEMA_VERSION,
        tool_version=tool_version(),
        attempts=outcome.attempts,
        transport_retries=outcome.transport_retries,
        usage=outcome.usage,
        cost_usd=cost if cost is not None else cost_usd(endpoint.model, outcome.usage),
        strategy=settings.active_strategy,
        grounding_policy=settings.grounding_policy.value,
        validation_passed=outcome.validation_passed and not problems,
        dropped=dropped,
        timings_ms=timings,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    plain = PressReleaseSummary.model_validate(summary.model_dump())
    return SummaryRecord(summary=plain, provenance=provenance)


async def asummarise_source(source: Source, endpoint: Endpoint) -> SummaryRecord:
    """Summarise a loaded and cleaned document and ground every fact in its cleaned text."""
    started = time.perf_counter()
    if endpoint.settings.picks:
        outcome = await summarise_by_picking(endpoint, source.cleaned)
    else:
        outcome = await summarise_document(endpoint, source.cleaned)
    return finish_record(source, endpoint, outcome, {"llm": elapsed_ms(started)})


async def asummarise_text(
    text: str,
    endpoint: Endpoint,
    *,
    source_file: str | None = None,
    source_sha256: str | None = None,
    pages: Sequence[str] = (),
) -> SummaryRecord:
    """Clean ``text``, summarise it and ground every fact in the cleaned text.

    ``pages`` (a PDF's text page by page) lets each quote record its page.
    """
    return await asummarise_source(
        source_of_text(text, source_file, source_sha256, pages), endpoint
    )


async def asummarise_file(path: Path | str, endpoint: Endpoint) -> SummaryRecord:
    """Load a .txt, .md, .html or .pdf press release and summarise it."""
    return await asummarise_source(
        read_source(Path(path), endpoint.settings.max_input_bytes), endpoint
    )


def summarise_text(text: str, settings: Settings | None = None) -> SummaryRecord:
    """Summarise ``text`` with a session of its own (settings default to the environment)."""
    with open_session(settings or Settings()) as endpoint:
        return asyncio.run(asummarise_text(text, endpoint))


def summarise_file(path: Path | str, settings: Settings | None = None) -> SummaryRecord:
    """Summarise one file with a session of its own (settings default to the environment)."""
    with open_session(settings or Settings()) as endpoint:
        return asyncio.run(asummarise_file(path, endpoint))
