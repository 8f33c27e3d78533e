"""metering: what one document cost, across every call and retry made for it.

Documents run concurrently on one shared client, so counts cannot live on the
client: each document's task sets its own :class:`Meter` in a context
variable, and the instructor hook and the transport add to whichever meter is
current. asyncio copies the context into each task, which keeps them apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from schemas import TokenUsage
from summarise.llm.response import GroundedSummary
from summarise.pipeline.record import CallOutcome

_current: ContextVar[Meter | None] = ContextVar("summarise_meter", default=None)


@dataclass
class Meter:
    """Answers, usage and transport retries over every attempt of every call."""

    attempts: int = 0
    usage: TokenUsage = field(default_factory=TokenUsage)
    last_response: Any = None
    transport_retries: int = 0

    def on_response(self, response: Any) -> None:
        self.attempts += 1
        self.last_response = response
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage.prompt_tokens += usage.prompt_tokens or 0
            self.usage.completion_tokens += usage.completion_tokens or 0
            self.usage.total_tokens += usage.total_tokens or 0

    def outcome(self, summary: GroundedSummary, validation_passed: bool) -> CallOutcome:
        """The document's outcome: its summary with everything this meter counted."""
        return CallOutcome(
            summary=summary,
            attempts=self.attempts,
            usage=self.usage,
            transport_retries=self.transport_retries,
            validation_passed=validation_passed,
        )


def current_meter() -> Meter | None:
    return _current.get()


def record_response(response: Any) -> None:
    """The instructor ``completion:response`` hook: count the answer for the current document."""
    meter = _current.get()
    if meter is not None:
        meter.on_response(response)


@contextmanager
def metered() -> Iterator[Meter]:
    """Make a fresh meter current for the calls made inside the block."""
    meter = Meter()
    token = _current.set(meter)
    try:
        yield meter
    finally:
        _current.reset(token)
