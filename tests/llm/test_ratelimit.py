"""The token bucket paces requests under a per-minute quota (fake clock, no waiting)."""

from __future__ import annotations

import asyncio

from summarise.llm.ratelimit import RateLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_requests_beyond_the_quota_wait_for_the_bucket_to_refill():
    time = FakeTime()
    limiter = RateLimiter(per_minute=60, clock=time.clock, sleep=time.sleep)

    async def burst() -> None:
        for _ in range(65):
            await limiter.acquire()

    asyncio.run(burst())
    assert time.slept == [1.0] * 5, "60 go at once, then one a second"
    assert round(time.now, 6) == 5.0


def test_a_request_larger_than_the_bucket_waits_for_a_full_bucket_not_forever():
    time = FakeTime()
    limiter = RateLimiter(per_minute=1_000, clock=time.clock, sleep=time.sleep)

    async def two_large() -> None:
        await limiter.acquire(5_000)
        await limiter.acquire(5_000)

    asyncio.run(two_large())
    assert round(time.now, 6) == 60.0
