"""strategies: how a document becomes a summary, behind one interface and a registry.

:func:`summarise_source` is what the API and the batch runner call: the
registry picks the strategy from the settings, and the answer is grounded and
recorded the same way whichever strategy produced it.
"""

from __future__ import annotations

import time

from schemas import SummaryRecord
from summarise.llm.endpoint import Endpoint
from summarise.llm.pricing import cost_usd
from summarise.pipeline.document import Source, elapsed_ms
from summarise.pipeline.record import Producer, finish_record
from summarise.strategies.registry import batch_carried, strategy_for, strategy_name


def producer_of(endpoint: Endpoint) -> Producer:
    """Model, host and strategy of a run, for provenance and the cache key."""
    return Producer(endpoint.model, endpoint.base_url_host, strategy_name(endpoint.settings))


async def summarise_source(source: Source, endpoint: Endpoint) -> SummaryRecord:
    """Summarise a loaded and cleaned document and ground every fact in its cleaned text."""
    started = time.perf_counter()
    outcome = await strategy_for(endpoint.settings).summarise(endpoint, source.cleaned)
    return finish_record(
        source,
        outcome,
        endpoint.settings,
        producer_of(endpoint),
        {"llm": elapsed_ms(started)},
        cost_usd(endpoint.model, outcome.usage),
    )


__all__ = ["batch_carried", "producer_of", "strategy_for", "strategy_name", "summarise_source"]
