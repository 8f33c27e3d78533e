"""base: the interface every strategy implements, and what a provider Batch API needs of one.

A strategy turns a document's cleaned text into a :class:`CallOutcome` using an
endpoint; grounding in the whole text and provenance happen after it, the same
for every strategy (:mod:`summarise.pipeline.record`).
"""

from __future__ import annotations

from typing import Protocol

from summarise.llm.endpoint import Endpoint
from summarise.llm.response import GroundedSummary
from summarise.pipeline.chunk import Chunk
from summarise.pipeline.record import CallOutcome


class BatchCarrier(Protocol):
    """A strategy whose requests stand alone, one per chunk, so they can be submitted
    to a provider Batch API now and their answers collected later."""

    def chunks(self, endpoint: Endpoint, cleaned: str) -> list[Chunk]:
        """How the document is split: submission and collection must agree on it."""
        ...

    async def ask_live(self, endpoint: Endpoint, chunk: str) -> CallOutcome:
        """A chunk asked live: to capture the request a batch submits, and again when its
        batch answer failed validation or grounding."""
        ...

    def from_answer(self, text: str, chunk: str) -> GroundedSummary:
        """A batch answer validated and grounded; raises ValueError or ValidationError."""
        ...

    def combine(self, cleaned: str, parts: list[CallOutcome]) -> CallOutcome:
        """The chunks' outcomes as the document's."""
        ...


class Strategy(Protocol):
    name: str
    batch: BatchCarrier | None
    """How a provider Batch API carries it; None when it cannot (questions that depend
    on earlier answers)."""

    async def summarise(self, endpoint: Endpoint, cleaned: str) -> CallOutcome:
        """The document's summary, grounded in each chunk it was asked about."""
        ...
