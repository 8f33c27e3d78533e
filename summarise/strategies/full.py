"""full: the whole summary in one structured call, for models capable of writing it.

A document longer than the model's input budget is split into chunks, each
summarised with the same schema, and the chunks' summaries merged. Grounding
failures go back to the model as validation errors; when the re-asks are
spent, the last answer is kept for the grounding policy to judge.

A provider Batch API can carry it: each chunk is one independent request, so
the same requests can be sent now or submitted for later.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from pydantic import ValidationError

from schemas import TokenUsage
from summarise.core.errors import ModelOutputError
from summarise.core.policy import Strictness
from summarise.llm.call import ValidationExhausted, answer_text, ask
from summarise.llm.endpoint import Endpoint
from summarise.llm.metering import metered
from summarise.llm.response import (
    GroundedSummary,
    grounding_context,
    summary_model,
    validation_context,
)
from summarise.pipeline.chunk import Chunk, chunk_text
from summarise.pipeline.merge import merge_summaries
from summarise.pipeline.prompting import build_messages
from summarise.pipeline.record import CallOutcome


async def summarise_messages(
    endpoint: Endpoint, messages: list[dict[str, str]], source: str
) -> CallOutcome:
    """Ask for the whole grounded summary in one call (the strategy for capable models)."""
    with metered() as meter:
        try:
            with grounding_context(source, Strictness.STRICT):
                response_model = summary_model(endpoint.settings.uses_local_model)
                summary = await ask(endpoint, meter, response_model, messages)
            passed = True
        except ValidationExhausted as exhausted:
            summary = _salvage(exhausted.last_response, source, meter.attempts, exhausted)
            passed = False
    return meter.outcome(summary, passed)


def document_chunks(endpoint: Endpoint, source: str) -> list[Chunk]:
    """How the full strategy splits ``source`` for this endpoint: live calls, batch
    submission and batch collection must agree on it chunk for chunk."""
    return chunk_text(source, endpoint.settings.document_budget_tokens, endpoint.count_tokens)


async def summarise_document(endpoint: Endpoint, source: str) -> CallOutcome:
    """The full strategy on a whole document: one call, or one per chunk when it is
    longer than the model's budget, the chunks' summaries merged into one.

    Chunks run concurrently under the same limits as everything else; each chunk's
    quotes are grounded in the chunk, and the caller grounds the merged summary
    again in the whole text, so offsets point into the whole document.
    """
    settings = endpoint.settings
    chunks = document_chunks(endpoint, source)
    if len(chunks) == 1:
        return await summarise_messages(endpoint, build_messages(source, settings.language), source)
    parts = await asyncio.gather(
        *(
            summarise_messages(endpoint, build_messages(chunk.text, settings.language), chunk.text)
            for chunk in chunks
        )
    )
    return combine_outcomes(source, list(parts))


def combine_outcomes(source: str, parts: list[CallOutcome]) -> CallOutcome:
    """The chunks' outcomes as one: summaries merged, costs and attempts added up."""
    if len(parts) == 1:
        return parts[0]
    merged = GroundedSummary.model_validate(
        merge_summaries([part.summary for part in parts]),
        context=validation_context(source, Strictness.LENIENT),
    )
    usage = TokenUsage()
    for part in parts:
        usage.prompt_tokens += part.usage.prompt_tokens
        usage.completion_tokens += part.usage.completion_tokens
        usage.total_tokens += part.usage.total_tokens
    return CallOutcome(
        summary=merged,
        attempts=sum(part.attempts for part in parts),
        usage=usage,
        transport_retries=sum(part.transport_retries for part in parts),
        validation_passed=all(part.validation_passed for part in parts),
    )


def _salvage(
    completion: Any, source: str, attempts: int, error: ValidationExhausted
) -> GroundedSummary:
    """Parse the last answer without raising on grounding, for the policy to judge."""
    text = answer_text(completion)
    if text is None:
        raise ModelOutputError(f"no usable answer after {attempts} attempts: {error}")
    try:
        # strict=False: a raw control character inside a string (a small model under a
        # grammar writes them) is no reason to lose the answer; its quote will not align.
        return GroundedSummary.model_validate(
            json.loads(text, strict=False), context=validation_context(source, Strictness.LENIENT)
        )
    except (ValueError, ValidationError) as invalid:
        first = str(invalid).splitlines()[0:3]
        raise ModelOutputError(
            f"answer still off-schema after {attempts} attempts: {' '.join(first)[:300]}"
        ) from invalid


class FullStrategy:
    """One structured call per chunk; each chunk's request stands alone, so a provider
    Batch API can carry them (``batch`` is this strategy itself)."""

    name = "full"

    @property
    def batch(self) -> FullStrategy:
        return self

    async def summarise(self, endpoint: Endpoint, cleaned: str) -> CallOutcome:
        return await summarise_document(endpoint, cleaned)

    def chunks(self, endpoint: Endpoint, cleaned: str) -> list[Chunk]:
        return document_chunks(endpoint, cleaned)

    async def ask_live(self, endpoint: Endpoint, chunk: str) -> CallOutcome:
        messages = build_messages(chunk, endpoint.settings.language)
        return await summarise_messages(endpoint, messages, chunk)

    def from_answer(self, text: str, chunk: str) -> GroundedSummary:
        """A batch answer validated and grounded exactly as a live one would be."""
        return GroundedSummary.model_validate(
            json.loads(text), context=validation_context(chunk, Strictness.STRICT)
        )

    def combine(self, cleaned: str, parts: list[CallOutcome]) -> CallOutcome:
        return combine_outcomes(cleaned, parts)
