"""call: structured LLM calls with validation re-asks, capped and accounted for.

This is the upper retry layer: instructor re-asks the model when its answer
fails the schema or grounding, up to ``validation_retries`` times and within the
token budget shared by all the calls made for one document.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import openai
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    TokenBudgetExceeded,
)
from pydantic import BaseModel

from summarise.core.errors import (
    ConfigurationError,
    ModelOutputError,
    ProviderError,
    SummariseError,
)
from summarise.core.settings import Settings
from summarise.llm.endpoint import Endpoint
from summarise.llm.metering import Meter
from summarise.llm.transport import EndpointUnreachable

_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)
Model = TypeVar("Model", bound=BaseModel)
Cause = TypeVar("Cause", bound=BaseException)


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


def _cause(error: BaseException | None, kind: type[Cause]) -> Cause | None:
    """The first exception of ``kind`` in ``error``'s chain: openai and instructor wrap
    what the transport raised."""
    while error is not None:
        if isinstance(error, kind):
            return error
        error = error.__cause__ or error.__context__
    return None


def _unreachable(error: BaseException) -> ConfigurationError | None:
    refused = _cause(error, EndpointUnreachable)
    return ConfigurationError(str(refused)) if refused is not None else None


def _classified(error: openai.APIError, settings: Settings) -> SummariseError:
    """What a provider error means for the document: a refused first connection stops
    the run; an answer not finished in time fails the document; the rest are provider
    errors."""
    unreachable = _unreachable(error)
    if unreachable is not None:
        return unreachable
    if isinstance(error, openai.APITimeoutError):
        return ModelOutputError(
            f"no complete answer within {settings.request_timeout:g} s (--timeout): the model "
            "is too slow for this document or is looping; a smaller document, a faster "
            "model or a longer --timeout"
        )
    return ProviderError(_describe_provider_error(error))


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
    await endpoint.ensure_started()
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
        cause = _cause(error, openai.APIError)
        if cause is not None:
            raise _classified(cause, settings) from error
        raise ValidationExhausted(error, meter.last_response) from error
    except openai.APIError as error:
        raise _classified(error, settings) from error
