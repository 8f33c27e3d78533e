"""ratelimit: stay under a provider's requests-per-minute and tokens-per-minute quotas.

Waiting here, before a request is sent, is cheaper than being told 429 and
backing off: at high concurrency the backoff of many requests at once wastes
more time than a steady pace does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class RateLimiter:
    """A token bucket refilled continuously at ``per_minute`` units a minute."""

    def __init__(
        self,
        per_minute: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.capacity = per_minute
        self.rate = per_minute / 60.0
        self.available = per_minute
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._lock = asyncio.Lock()

    def _refill(self) -> None:
        now = self._clock()
        self.available = min(self.capacity, self.available + (now - self._updated) * self.rate)
        self._updated = now

    async def acquire(self, amount: float = 1.0) -> None:
        """Wait until ``amount`` units are free; a request larger than the bucket waits for
        a full bucket rather than forever."""
        amount = min(amount, self.capacity)
        async with self._lock:
            self._refill()
            while self.available < amount:
                await self._sleep((amount - self.available) / self.rate)
                self._refill()
            self.available -= amount
