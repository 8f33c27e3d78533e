"""call: structured LLM calls with validation re-asks, capped and accounted for.

This is the upper retry layer: instructor re-asks the model when its answer
fails the schema or grounding, up to ``validation_retries`` times and within the
token budget shared by all the calls made for one document.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from typing import Any, TypeVar

import openai
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    TokenBudgetExceeded,
)
from pydantic import BaseModel, ValidationError

from schemas import TokenUsage
from summarise.core.errors import ModelOutputError, ProviderError
from summarise.core.policy import Strictness
from summarise.llm.endpoint import Endpoint
from summarise.llm.metering import Meter, metered
from summarise.pipeline.chunk import Chunk, chunk_text
from summarise.pipeline.ground import GroundedSummary, grounding_context, validation_context
from summarise.pipeline.merge import merge_summaries
from summarise.pipeline.prompting import build_messages

_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)
Model = TypeVar("Model", bound=BaseModel)


@dataclass
class CallOutcome:
    summary: GroundedSummary
    attempts: int
    usage: TokenUsage
    transport_retries: int
    validation_passed: bool

    @classmethod
    def of(cls, meter: Meter, summary: GroundedSummary, validation_passed: bool) -> CallOutcome:
        return cls(
            summary=summary,
            attempts=meter.attempts,
            usage=meter.usage,
            transport_retries=meter.transport_retries,
            validation_passed=validation_passed,
        )


class ValidationExhausted(Exception):
    """The retry budget ran out on schema or grounding errors; the last answer is kept."""

    def __init__(self, error: InstructorRetryException, last_response: Any) -> None:
        super().__init__(str(error))
        self.last_response = last_response


def answer_text(completion: Any) -> str | None:
    """The JSON the model wrote, whether as a tool call or as message content."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError):
        return None
    if message.tool_calls:
        return message.tool_calls[0].function.arguments
    content = message.content or ""
    match = _JSON_OBJECT.search(content)
    return match.group(0) if match else None


def _provider_cause(error: BaseException | None) -> openai.APIError | None:
    while error is not None:
        if isinstance(error, openai.APIError):
            return error
        error = error.__cause__ or error.__context__
    return None


def _describe_provider_error(error: openai.APIError) -> str:
    status = getattr(error, "status_code", None)
    prefix = f"LLM endpoint answered HTTP {status}" if status else "LLM endpoint unreachable"
    detail = " ".join(str(getattr(error, "message", error)).split())
    return f"{prefix}: {detail[:300]}"


async def ask(
    endpoint: Endpoint,
    meter: Meter,
    response_model: type[Model],
    messages: list[dict[str, str]],
) -> Model:
    """One structured call; transport and provider failures become one-line errors.

    Raises :class:`ValidationExhausted` when the re-asks are spent, so that each
    caller decides what a last, invalid answer is still worth.
    """
    settings = endpoint.settings
    remaining_budget = settings.token_budget - meter.usage.total_tokens
    if remaining_budget <= 0:
        raise ModelOutputError(f"token budget of {settings.token_budget} spent")
    try:
        return await endpoint.client.chat.completions.create(
            model=endpoint.model,
            response_model=response_model,
            messages=messages,
            max_retries=settings.validation_retries,
            token_budget=remaining_budget,
            temperature=settings.temperature,
            max_tokens=settings.max_output_tokens,
        )
    except IncompleteOutputException as error:
        raise ModelOutputError(
            f"answer truncated at {settings.max_output_tokens} output tokens "
            f"(finish_reason=length) on attempt {meter.attempts}; raise --max-output-tokens"
        ) from error
    except TokenBudgetExceeded as error:
        raise ModelOutputError(
            f"token budget of {settings.token_budget} spent after {meter.attempts} attempts "
            f"({meter.usage.total_tokens} tokens) without a valid answer"
        ) from error
    except InstructorRetryException as error:
        cause = _provider_cause(error)
        if cause is not None:
            raise ProviderError(_describe_provider_error(cause)) from error
        raise ValidationExhausted(error, meter.last_response) from error
    except openai.APIError as error:
        raise ProviderError(_describe_provider_error(error)) from error


async def summarise_messages(
    endpoint: Endpoint, messages: list[dict[str, str]], source: str
) -> CallOutcome:
    """Ask for the whole grounded summary in one call (the strategy for capable models)."""
    with metered() as meter:
        try:
            with grounding_context(source, Strictness.STRICT):
                summary = await ask(endpoint, meter, GroundedSummary, messages)
            passed = True
        except ValidationExhausted as exhausted:
            summary = _salvage(exhausted.last_response, source, meter.attempts, exhausted)
            passed = False
    return CallOutcome.of(meter, summary, passed)


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
        return GroundedSummary.model_validate(
            json.loads(text), context=validation_context(source, Strictness.LENIENT)
        )
    except (ValueError, ValidationError) as invalid:
        first = str(invalid).splitlines()[0:3]
        raise ModelOutputError(
            f"answer still off-schema after {attempts} attempts: {' '.join(first)[:300]}"
        ) from invalid
