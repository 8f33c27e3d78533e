"""call: one structured LLM call with validation re-asks, capped and accounted for.

This is the upper retry layer: instructor re-asks the model when its answer
fails the schema or grounding, up to ``validation_retries`` times and within the
token budget. When the budget runs out, the last answer is parsed leniently so
the grounding policy can decide what survives, rather than losing the document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import openai
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    TokenBudgetExceeded,
)
from pydantic import ValidationError

from schemas import TokenUsage
from summarise.errors import ModelOutputError, ProviderError
from summarise.ground import GroundedSummary, Strictness
from summarise.provider import Endpoint

_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


@dataclass
class CallOutcome:
    summary: GroundedSummary
    attempts: int
    usage: TokenUsage
    transport_retries: int
    validation_passed: bool


@dataclass
class _Meter:
    """Counts answers and sums usage over every attempt, whatever the outcome."""

    attempts: int = 0
    usage: TokenUsage = field(default_factory=TokenUsage)
    last_response: Any = None

    def on_response(self, response: Any) -> None:
        self.attempts += 1
        self.last_response = response
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage.prompt_tokens += usage.prompt_tokens or 0
            self.usage.completion_tokens += usage.completion_tokens or 0
            self.usage.total_tokens += usage.total_tokens or 0


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


def _provider_cause(error: BaseException) -> openai.APIError | None:
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


def summarise_messages(
    endpoint: Endpoint, messages: list[dict[str, str]], source: str
) -> CallOutcome:
    """Ask for a grounded summary of ``source``; raise a one-line error when unusable."""
    meter = _Meter()
    retries_before = endpoint.transport.retries
    endpoint.client.on("completion:response", meter.on_response)
    try:
        summary, validation_passed = _ask(endpoint, messages, source, meter)
    finally:
        endpoint.client.off("completion:response", meter.on_response)
    return CallOutcome(
        summary=summary,
        attempts=meter.attempts,
        usage=meter.usage,
        transport_retries=endpoint.transport.retries - retries_before,
        validation_passed=validation_passed,
    )


def _ask(
    endpoint: Endpoint,
    messages: list[dict[str, str]],
    source: str,
    meter: _Meter,
) -> tuple[GroundedSummary, bool]:
    settings = endpoint.settings
    try:
        summary = endpoint.client.chat.completions.create(
            model=endpoint.model,
            response_model=GroundedSummary,
            messages=messages,
            max_retries=settings.validation_retries,
            token_budget=settings.token_budget,
            context={"source": source, "strictness": Strictness.STRICT},
            temperature=settings.temperature,
            max_tokens=settings.max_output_tokens,
        )
        return summary, True
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
        return _salvage(meter.last_response, source, meter, error), False
    except openai.APIError as error:
        raise ProviderError(_describe_provider_error(error)) from error


def _salvage(
    completion: Any, source: str, meter: _Meter, error: InstructorRetryException
) -> GroundedSummary:
    """Parse the last answer without raising on grounding, for the policy to judge."""
    text = answer_text(completion)
    if text is None:
        raise ModelOutputError(f"no usable answer after {meter.attempts} attempts: {error}")
    try:
        return GroundedSummary.model_validate(
            json.loads(text), context={"source": source, "strictness": Strictness.LENIENT}
        )
    except (ValueError, ValidationError) as invalid:
        first = str(invalid).splitlines()[0:3]
        raise ModelOutputError(
            f"answer still off-schema after {meter.attempts} attempts: {' '.join(first)[:300]}"
        ) from invalid
