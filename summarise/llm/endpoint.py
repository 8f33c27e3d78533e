"""endpoint: one OpenAI-compatible endpoint, wrapped by instructor.

OpenAI itself and every compatible server (vLLM, Ollama, llama.cpp, DeepSeek,
Qwen) are reached through the same ``openai`` client; what differs is the
instructor mode. OpenAI's tool calling is reliable, while local servers do
better with a JSON schema they can enforce while decoding.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlparse

import httpx
import instructor
import openai

from summarise.core.errors import ConfigurationError
from summarise.core.settings import Settings
from summarise.core.tokens import TokenCounter, estimate_tokens, token_counter_for
from summarise.llm.metering import record_response
from summarise.llm.ratelimit import RateLimiter
from summarise.llm.transport import RetryingTransport, TransportRetryPolicy
from summarise.llm.validator_scan import install as install_validator_scan

OPENAI_HOST = "api.openai.com"
NO_KEY_PLACEHOLDER = "not-needed"
"""Compatible local servers ignore the key, but the openai client insists on one."""

_MODES = {
    "tools": instructor.Mode.TOOLS,
    "tools_strict": instructor.Mode.TOOLS_STRICT,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
}

NOT_CONFIGURED = (
    "no LLM endpoint configured: set OPENAI_API_KEY to use OpenAI, pass --base-url "
    "(or set OPENAI_BASE_URL) for an OpenAI-compatible server such as vLLM, Ollama or "
    "llama.cpp, or use the embedded model with --provider local"
)


@dataclass
class Endpoint:
    client: instructor.AsyncInstructor
    openai: openai.AsyncOpenAI
    """The plain client under instructor, for the Files and Batches APIs."""
    model: str
    mode: instructor.Mode
    base_url_host: str | None
    settings: Settings
    count_tokens: TokenCounter = estimate_tokens
    """The model's own tokenizer where one is at hand, for chunking."""
    starter: Starter | None = None
    """What brings the server up before the first request (the embedded model's), so a
    run that needs no answer (every document cached) never starts it."""

    async def ensure_started(self) -> None:
        if self.starter is not None:
            await self.starter.ensure()


class Starter:
    """Runs a blocking start once, in a thread, however many documents ask at once.

    The start runs as a task of its own that callers await shielded: a caller
    cancelled while waiting (a timeout around one document) does not cancel the
    start, and the next caller finds it done. A failed start is remembered and
    raised again to every later caller.
    """

    def __init__(self, start: Callable[[], None]) -> None:
        self._start = start
        self._task: asyncio.Task[None] | None = None
        self._done = False
        self._failure: Exception | None = None

    async def ensure(self) -> None:
        if self._done:
            return
        if self._failure is not None:
            raise self._failure
        loop = asyncio.get_running_loop()
        if self._task is None or self._task.get_loop() is not loop:
            self._task = loop.create_task(self._run())
        await asyncio.shield(self._task)

    async def _run(self) -> None:
        try:
            await asyncio.to_thread(self._start)
        except Exception as failure:
            self._failure = failure
            raise
        self._done = True


def choose_mode(settings: Settings) -> instructor.Mode:
    if settings.mode:
        try:
            return _MODES[settings.mode]
        except KeyError:
            choices = ", ".join(_MODES)
            message = f"unknown mode {settings.mode!r}; choose one of {choices}"
            raise ConfigurationError(message) from None
    host = urlparse(settings.base_url).hostname if settings.base_url else OPENAI_HOST
    return instructor.Mode.TOOLS if host == OPENAI_HOST else instructor.Mode.JSON_SCHEMA


def _limiter(per_minute: float | None) -> RateLimiter | None:
    return RateLimiter(per_minute) if per_minute else None


def open_endpoint(
    settings: Settings,
    http_transport: httpx.AsyncBaseTransport | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    count_tokens: TokenCounter | None = None,
    starter: Starter | None = None,
) -> Endpoint:
    """Build the client stack: httpx transport with retries → openai → instructor.

    ``http_transport`` replaces the network (tests pass an ``httpx.MockTransport``).
    The answer hook counts each answer on the meter of the document being summarised.
    """
    if settings.api_key is None and not settings.base_url:
        raise ConfigurationError(NOT_CONFIGURED)
    transport = RetryingTransport(
        http_transport or httpx.AsyncHTTPTransport(),
        TransportRetryPolicy(max_attempts=settings.transport_attempts),
        sleep=sleep,
        requests_limit=_limiter(settings.requests_per_minute),
        tokens_limit=_limiter(settings.tokens_per_minute),
        slots=asyncio.Semaphore(settings.max_requests_in_flight)
        if settings.max_requests_in_flight
        else None,
        retry_timeouts=not settings.uses_local_model,
    )
    api_key = settings.api_key.get_secret_value() if settings.api_key else NO_KEY_PLACEHOLDER
    openai_client = openai.AsyncOpenAI(
        api_key=api_key,
        base_url=settings.base_url,
        max_retries=0,
        timeout=settings.request_timeout,
        http_client=httpx.AsyncClient(transport=transport, timeout=settings.request_timeout),
    )
    mode = choose_mode(settings)
    install_validator_scan()
    client = instructor.from_openai(openai_client, mode=mode)
    client.on("completion:response", record_response)
    return Endpoint(
        client=client,
        openai=openai_client,
        model=settings.model,
        mode=mode,
        base_url_host=urlparse(str(openai_client.base_url)).hostname,
        settings=settings,
        count_tokens=count_tokens or token_counter_for(settings.model),
        starter=starter,
    )
