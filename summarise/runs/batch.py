"""batch: summarise thousands of documents concurrently, resumably, paying once for each.

A fixed pool of workers pulls documents from the input listing, so memory
stays flat however long the listing is, and the slowest document holds up
only its own worker. Each document's fate is written to the ledger as it
happens and its summary atomically, so Ctrl-C, SIGTERM or a lost machine
loses nothing: the next run skips what is done, retries what failed, and
redoes only what was in flight. A document whose cache key (cleaned text,
prompt, schema, model, settings) is already done is not sent again, under
any name.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import math
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from schemas import SCHEMA_VERSION, SummaryRecord
from summarise.core.errors import ConfigurationError, InputError, error_kind
from summarise.core.settings import Settings
from summarise.llm.endpoint import Endpoint
from summarise.llm.session import open_session
from summarise.pipeline.document import read_source
from summarise.pipeline.prompting import prompt_version
from summarise.runs.export import export_run
from summarise.runs.inputs import InputDocument, Skipped, discover
from summarise.runs.layout import RunLayout
from summarise.runs.ledger import Ledger, Row, Status
from summarise.runs.progress import BatchProgress
from summarise.strategies import strategy_name, summarise_source
from summarise.views.brief import fact_count

CACHE_KEY_SETTINGS = ("language", "temperature", "grounding_policy", "max_output_tokens")
"""Settings that change an answer; retries, timeouts and limits do not, so are not keyed."""


SPARE_WORKERS_PER_SLOT = 0.25
"""Workers beyond the request slots. A document reading its file, validating an
answer or waiting out a retry's backoff holds no slot; a spare worker's request
takes it, so the provider sees ``concurrency`` requests at all times."""


def worker_count(concurrency: int) -> int:
    """Documents in progress at once for ``concurrency`` requests in flight."""
    concurrency = max(1, concurrency)
    return concurrency + max(1, math.ceil(concurrency * SPARE_WORKERS_PER_SLOT))


@dataclass
class BatchOptions:
    out_dir: Path
    concurrency: int = 16
    """LLM requests in flight at once."""
    retry_failed: bool = True
    show_progress: bool = True


@dataclass
class BatchResult:
    done: int = 0
    no_facts: int = 0
    """Of ``done``, the documents summarised with no fact at all: reported, not passed
    off as plain successes."""
    failed: int = 0
    cached: int = 0
    skipped_failed: int = 0
    awaiting_collect: int = 0
    """In a provider batch already: paid for, collected by ``batch collect``."""
    llm_calls: int = 0
    tokens: int = 0
    cost_usd: float | None = None
    wall_seconds: float = 0.0
    interrupted: bool = False
    remaining: int = 0
    """Documents an interruption left unfinished: pending or running in the ledger."""
    failures: list[tuple[str, int, str]] = field(default_factory=list)
    skipped: Skipped = field(default_factory=Skipped)
    """Files in the input folders of a type no loader reads."""

    def add_cost(self, cost: float | None) -> None:
        if cost is not None:
            self.cost_usd = (self.cost_usd or 0.0) + cost


def cache_key(cleaned: str, endpoint: Endpoint) -> str:
    """What a summary is a pure function of: the same key means the same answer."""
    settings = endpoint.settings
    keyed = {
        "text": hashlib.sha256(cleaned.encode("utf-8")).hexdigest(),
        "prompt": prompt_version(),
        "schema": SCHEMA_VERSION,
        "model": endpoint.model,
        "base_url_host": endpoint.base_url_host,
        "strategy": strategy_name(settings),
        **{name: str(getattr(settings, name)) for name in CACHE_KEY_SETTINGS},
    }
    return hashlib.sha256(json.dumps(keyed, sort_keys=True).encode()).hexdigest()


class _Batch:
    """One run: the workers' shared state, kept on the event loop's single thread."""

    def __init__(
        self, ledger: Ledger, endpoint: Endpoint, options: BatchOptions, progress: BatchProgress
    ) -> None:
        self.ledger = ledger
        self.endpoint = endpoint
        self.options = options
        self.progress = progress
        self.result = BatchResult()
        self.in_flight: dict[str, asyncio.Future[str]] = {}
        self.draining = False

    async def worker(self, documents: Iterator[InputDocument]) -> None:
        for document in documents:
            if self.draining:
                return
            await self.one(document)

    async def one(self, document: InputDocument) -> None:
        started = time.perf_counter()
        row = self.ledger.get(document.doc_id)
        if row and row.status is Status.FAILED and not self.options.retry_failed:
            self.result.skipped_failed += 1
            self.progress.advance("failed")
            return
        if row and row.status is Status.SUBMITTED:
            self.result.awaiting_collect += 1
            self.progress.advance("cached")
            return
        try:
            source = read_source(document.path, self.endpoint.settings.max_input_bytes)
        except InputError as error:
            self._failed(document, error, started)
            return
        key = cache_key(source.cleaned, self.endpoint)
        if row and row.status is Status.DONE and row.cache_key == key and self._exists(row):
            self.result.cached += 1
            self.progress.advance("cached")
            return
        self.ledger.mark_running(document.doc_id, str(document.path), source.source_sha256, key)
        if await self._reuse(document, key, started):
            return
        self.in_flight[key] = asyncio.get_running_loop().create_future()
        try:
            record = await summarise_source(source, self.endpoint)
            await self._write(document, record)
            self._done(document, record, started)
            self.in_flight[key].set_result(document.doc_id)
        except (asyncio.CancelledError, ConfigurationError):
            # Ctrl-C, or a run no document can succeed on (the model will not start):
            # the document goes back to pending for the next run, and the run stops.
            self.ledger.mark_pending(document.doc_id)
            self.in_flight.pop(key).cancel()
            raise
        except Exception as error:  # one document's failure, whatever it is, is its own
            self._failed(document, error, started)
            self.in_flight[key].set_result("")
        finally:
            self.in_flight.pop(key, None)

    def _exists(self, row: Row) -> bool:
        return bool(row.output_path) and (self.options.out_dir / row.output_path).is_file()

    async def _reuse(self, document: InputDocument, key: str, started: float) -> bool:
        """Identical text under another name: copy its summary instead of paying again."""
        if key in self.in_flight:
            await asyncio.shield(self.in_flight[key])
        source = self.ledger.done_with_key(key)
        if source is None or not self._exists(source) or source.doc_id == document.doc_id:
            return False
        record = SummaryRecord.model_validate_json(
            (self.options.out_dir / source.output_path).read_text(encoding="utf-8")
        )
        record.provenance.source_file = str(document.path)
        await self._write(document, record)
        self.ledger.mark_done(
            document.doc_id,
            output_path=RunLayout.summary_name(document.doc_id),
            attempts=0,
            tokens_in=0,
            tokens_out=0,
            cost_usd=0.0,
            duration_ms=(time.perf_counter() - started) * 1000,
            reused_from=source.doc_id,
        )
        self.result.cached += 1
        self.progress.advance("cached")
        return True

    async def _write(self, document: InputDocument, record: SummaryRecord) -> None:
        """In a thread: the fsync that makes the write durable blocks for milliseconds,
        and on the event loop it would stall every other document."""
        await asyncio.to_thread(
            RunLayout(self.options.out_dir).write_record, record, document.doc_id
        )

    def _done(self, document: InputDocument, record: SummaryRecord, started: float) -> None:
        provenance = record.provenance
        self.ledger.mark_done(
            document.doc_id,
            output_path=RunLayout.summary_name(document.doc_id),
            attempts=provenance.attempts,
            tokens_in=provenance.usage.prompt_tokens,
            tokens_out=provenance.usage.completion_tokens,
            cost_usd=provenance.cost_usd,
            duration_ms=(time.perf_counter() - started) * 1000,
        )
        self.result.done += 1
        if not fact_count(record.summary):
            self.result.no_facts += 1
        self.result.llm_calls += provenance.attempts
        self.result.tokens += provenance.usage.total_tokens
        self.result.add_cost(provenance.cost_usd)
        self.progress.advance("done", provenance.usage.total_tokens, provenance.cost_usd)

    def _failed(self, document: InputDocument, error: BaseException, started: float) -> None:
        message = " ".join(str(error).split())[:500] or type(error).__name__
        self.ledger.mark_failed(
            document.doc_id,
            str(document.path),
            error_kind=error_kind(error),
            error=message,
            duration_ms=(time.perf_counter() - started) * 1000,
        )
        self.result.failed += 1
        self.progress.advance("failed")


@contextmanager
def _startup_objects_frozen() -> Iterator[None]:
    """Keep what exists before the run out of the garbage collector's full passes.

    The libraries loaded by then (openai, instructor, pydantic) hold a few hundred
    thousand objects; every full collection walked them all and stalled each
    document in flight for 100 ms or more. Objects made during the run are
    collected as usual, and the frozen ones are handed back when it ends.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _signals(batch: _Batch, workers: list[asyncio.Task[None]]) -> Iterator[None]:
    """First Ctrl-C: finish what is in flight, start nothing new. Second Ctrl-C or SIGTERM:
    abandon in-flight calls; their documents go back to pending for the next run."""
    loop = asyncio.get_running_loop()

    def drain() -> None:
        if batch.draining:
            abandon()
            return
        batch.draining = True
        batch.result.interrupted = True
        batch.progress.note("stopping after the documents in flight (Ctrl-C again to abandon)")

    def abandon() -> None:
        batch.draining = True
        batch.result.interrupted = True
        for worker in workers:
            worker.cancel()

    loop.add_signal_handler(signal.SIGINT, drain)
    loop.add_signal_handler(signal.SIGTERM, abandon)
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGINT)
        loop.remove_signal_handler(signal.SIGTERM)


async def _run(
    documents: list[InputDocument], ledger: Ledger, endpoint: Endpoint, options: BatchOptions
) -> BatchResult:
    with BatchProgress(len(documents), enabled=options.show_progress) as progress:
        batch = _Batch(ledger, endpoint, options, progress)
        shared = iter(documents)
        workers = [
            asyncio.create_task(batch.worker(shared))
            for _ in range(worker_count(options.concurrency))
        ]
        with _signals(batch, workers), _startup_objects_frozen():
            outcomes = await asyncio.gather(*workers, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException) and not isinstance(
                outcome, asyncio.CancelledError
            ):
                raise outcome
    result = batch.result
    finished = result.done + result.failed + result.cached + result.skipped_failed
    result.remaining = len(documents) - finished - result.awaiting_collect
    return result


async def run_batch(inputs: list[str], options: BatchOptions, settings: Settings) -> BatchResult:
    """Summarise every input into ``options.out_dir``; see the module docstring."""
    started = time.perf_counter()
    skipped = Skipped()
    documents = list(discover(inputs, exclude=options.out_dir, skipped=skipped))
    limited = settings.model_copy(update={"max_requests_in_flight": options.concurrency})
    with Ledger(options.out_dir) as ledger, open_session(limited) as endpoint:
        ledger.start_run(endpoint.model, prompt_version(), SCHEMA_VERSION)
        result = await _run(documents, ledger, endpoint, options)
        result.skipped = skipped
        result.failures = ledger.failures_by_kind()
        ledger.finish_run("interrupted" if result.interrupted else "finished")
        export_run(options.out_dir, ledger)
    result.wall_seconds = time.perf_counter() - started
    return result
