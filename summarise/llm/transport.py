"""transport: retry what the network and the provider's rate limits throw at us.

This is the lower of the two retry layers. It sits inside the HTTP client, so
a 429, a 5xx, a timeout or a dropped connection is retried with backoff before
instructor sees anything: such failures never reach the model as "errors" to
correct, and the openai SDK's own retries are switched off so that exactly one
layer retries.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import time
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from dataclasses import dataclass

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from summarise.core.tokens import estimate_tokens
from summarise.llm.metering import current_meter
from summarise.llm.ratelimit import RateLimiter

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
RETRYABLE_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
MAX_RETRY_AFTER_SECONDS = 120.0
"""A server asking us to wait longer than this is treated as down, not as busy."""


@dataclass(frozen=True)
class TransportRetryPolicy:
    """Exponential backoff with full jitter: retry ``n`` waits a random time between 0 and
    ``initial_wait * 2**(n-1)`` (at most ``max_wait``). Spreading retries over the whole
    window keeps many clients that failed together from retrying together, and costs
    half the waiting of a fixed backoff plus jitter."""

    max_attempts: int = 6
    initial_wait: float = 0.5
    max_wait: float = 30.0


def estimated_tokens(request: httpx.Request) -> float:
    """Prompt tokens estimated from the body, plus the answer the request allows; only
    used to pace requests under a TPM quota."""
    body = request.content.decode("utf-8", errors="replace")
    try:
        allowed = float(json.loads(body).get("max_tokens") or 0)
    except (ValueError, AttributeError):
        allowed = 0.0
    return estimate_tokens(body) + allowed


def _where(request: httpx.Request) -> str:
    """Host and port, never the path's query or any credential."""
    port = f":{request.url.port}" if request.url.port else ""
    return f"{request.url.scheme}://{request.url.host}{port}"


class EndpointUnreachable(httpx.ConnectError):
    """The endpoint could not be reached on the first connection of a run (refused, no
    such host): nothing listens there, so no retry or later document will fare better."""

    def __init__(self, request: httpx.Request, error: httpx.ConnectError) -> None:
        super().__init__(
            f"LLM endpoint {_where(request)} could not be reached "
            f"({' '.join(str(error).split())}): is the server running, the address right "
            "and the network up?",
            request=request,
        )


class _RetryableStatus(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The wait the server asked for, from ``retry-after-ms`` or ``Retry-After``."""
    millis = response.headers.get("retry-after-ms")
    if millis:
        try:
            return min(float(millis) / 1000, MAX_RETRY_AFTER_SECONDS)
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        seconds = parsed.timestamp() - time.time()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_SECONDS)


class RetryingTransport(httpx.AsyncBaseTransport):
    """An httpx transport that retries transient failures of the one it wraps."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: TransportRetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        requests_limit: RateLimiter | None = None,
        tokens_limit: RateLimiter | None = None,
        slots: asyncio.Semaphore | None = None,
        retry_timeouts: bool = True,
    ) -> None:
        """``slots`` caps the requests in flight at once. A slot is held for one HTTP
        attempt, not across the backoff after it, so a request waiting to be retried
        leaves its slot to another document. ``retry_timeouts`` off: a request that
        timed out fails at once (the embedded model: the same request decodes as long
        again, and nothing on the way is transient)."""
        self._inner = inner
        self._slots = slots
        self._retry_timeouts = retry_timeouts
        self._requests_limit = requests_limit
        self._tokens_limit = tokens_limit
        self._policy = policy or TransportRetryPolicy()
        self._sleep = sleep
        self._backoff = wait_random_exponential(
            multiplier=self._policy.initial_wait, max=self._policy.max_wait
        )
        self._reached = False
        """Whether the endpoint ever answered: until it has, a refused connection means
        a wrong address or a server that is not running, and fails at once."""

    def _retryable(self, error: BaseException) -> bool:
        if isinstance(error, httpx.ConnectError) and not self._reached:
            return False
        if isinstance(error, httpx.TimeoutException) and not self._retry_timeouts:
            return False
        return isinstance(error, (_RetryableStatus, *RETRYABLE_ERRORS))

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, _RetryableStatus):
            asked = retry_after_seconds(error.response)
            if asked is not None:
                return asked
        return self._backoff(state)

    @staticmethod
    def _before_sleep(state: RetryCallState) -> None:
        meter = current_meter()
        if meter is not None:
            meter.transport_retries += 1

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._policy.max_attempts),
            wait=self._wait,
            retry=retry_if_exception(self._retryable),
            before_sleep=self._before_sleep,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return await retrying(self._send_once, request)
        except _RetryableStatus as exhausted:
            return exhausted.response
        except httpx.ConnectError as refused:
            if self._reached:
                raise
            raise EndpointUnreachable(request, refused) from refused

    async def _send_once(self, request: httpx.Request) -> httpx.Response:
        if self._requests_limit is not None:
            await self._requests_limit.acquire()
        if self._tokens_limit is not None:
            await self._tokens_limit.acquire(estimated_tokens(request))
        async with self._slots or nullcontext():
            response = await self._inner.handle_async_request(request)
            await response.aread()
        self._reached = True
        if response.status_code in RETRYABLE_STATUS:
            await response.aclose()
            raise _RetryableStatus(response)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
