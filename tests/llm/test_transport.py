"""The retrying transport: full-jitter backoff, and request slots held per attempt only.

Hand-made HTTP answers through ``httpx.MockTransport``; the sleeps are injected, so
nothing here waits on a clock.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from summarise.llm.transport import EndpointUnreachable, RetryingTransport, TransportRetryPolicy


def test_backoff_is_full_jitter_within_a_doubling_window():
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def always_failing() -> int:
        policy = TransportRetryPolicy(max_attempts=6, initial_wait=0.5, max_wait=4.0)
        outage = httpx.MockTransport(lambda request: httpx.Response(503))
        transport = RetryingTransport(outage, policy, sleep=sleep)
        async with httpx.AsyncClient(transport=transport) as client:
            return (await client.get("http://llm.test/v1")).status_code

    for _ in range(20):
        assert asyncio.run(always_failing()) == 503
    windows = [0.5, 1.0, 2.0, 4.0, 4.0]  # doubling from 0.5, capped at max_wait
    assert len(slept) == 20 * len(windows)
    for attempt, high in enumerate(windows):
        waits = slept[attempt :: len(windows)]
        assert all(0 <= wait <= high for wait in waits), (attempt, waits)
        assert max(waits) > high / 2, "the wait is spread over the whole window"


def test_a_request_waiting_to_retry_leaves_its_slot_to_another():
    """One slot, two requests: while A backs off after a 500, B is sent and answered."""
    events: list[str] = []
    backing_off = asyncio.Event()
    retry_a = asyncio.Event()
    failed_once: set[str] = set()

    def server(request: httpx.Request) -> httpx.Response:
        name = request.url.path.strip("/")
        if name == "a" and name not in failed_once:
            failed_once.add(name)
            events.append("a: 500")
            return httpx.Response(500)
        events.append(f"{name}: 200")
        return httpx.Response(200, json={"name": name})

    async def sleep(seconds: float) -> None:
        events.append("a: backing off")
        backing_off.set()
        await retry_a.wait()

    async def scenario() -> tuple[int, int]:
        transport = RetryingTransport(
            httpx.MockTransport(server), sleep=sleep, slots=asyncio.Semaphore(1)
        )
        async with httpx.AsyncClient(transport=transport) as client:
            first = asyncio.create_task(client.get("http://llm.test/a"))
            await asyncio.wait_for(backing_off.wait(), timeout=5)
            second = await asyncio.wait_for(client.get("http://llm.test/b"), timeout=5)
            retry_a.set()
            return (await first).status_code, second.status_code

    assert asyncio.run(scenario()) == (200, 200)
    assert events == ["a: 500", "a: backing off", "b: 200", "a: 200"]


def _send(transport: RetryingTransport, count: int = 1) -> list[int]:
    async def requests() -> list[int]:
        async with httpx.AsyncClient(transport=transport) as client:
            return [
                (await client.get("http://llm.test:8080/v1/chat")).status_code for _ in range(count)
            ]

    return asyncio.run(requests())


async def _no_wait(seconds: float) -> None:
    return None


def test_a_refused_first_connection_fails_at_once_naming_the_host():
    attempts: list[str] = []

    def refusing(request: httpx.Request) -> httpx.Response:
        attempts.append(str(request.url))
        raise httpx.ConnectError("[Errno 111] Connection refused")

    transport = RetryingTransport(httpx.MockTransport(refusing), sleep=_no_wait)
    with pytest.raises(EndpointUnreachable, match=r"http://llm\.test:8080 could not be reached"):
        _send(transport)
    assert len(attempts) == 1, "no retry, no backoff: nothing listens there"


def test_a_refused_connection_after_the_endpoint_answered_is_retried():
    steps = iter(["ok", "refuse", "refuse", "ok"])

    def flaky(request: httpx.Request) -> httpx.Response:
        if next(steps) == "refuse":
            raise httpx.ConnectError("[Errno 111] Connection refused")
        return httpx.Response(200, json={})

    transport = RetryingTransport(httpx.MockTransport(flaky), sleep=_no_wait)
    assert _send(transport, count=2) == [200, 200]


def test_timeouts_are_retried_unless_switched_off():
    attempts = 0

    def slow(request: httpx.Request) -> httpx.Response:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            return httpx.Response(200, json={})
        raise httpx.ReadTimeout("timed out")

    policy = TransportRetryPolicy(max_attempts=3)
    retried = RetryingTransport(httpx.MockTransport(slow), policy, sleep=_no_wait)
    with pytest.raises(httpx.ReadTimeout):
        _send(retried, count=2)
    assert attempts == 1 + 3
    attempts = 0
    once = RetryingTransport(
        httpx.MockTransport(slow), policy, sleep=_no_wait, retry_timeouts=False
    )
    with pytest.raises(httpx.ReadTimeout):
        _send(once, count=2)
    assert attempts == 1 + 1
