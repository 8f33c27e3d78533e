"""batchapi: reprocess an archive through the provider's Batch API at half the price.

``submit`` builds each chunk's request exactly as a live call would (the live
code path runs and the request is captured instead of sent), uploads them as
JSONL files within the provider's limits, and records every batch id in the
ledger the moment it exists. ``status`` and ``collect`` work from the ledger
alone, after a restart or on another machine with the folder. ``collect``
validates and grounds every answer exactly like a live one; an answer that
fails is asked again live; expired and failed requests are listed. Documents
already done, or already in a batch, are never submitted again.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from schemas import SCHEMA_VERSION, TokenUsage
from summarise.core.errors import ConfigurationError, InputError, SummariseError
from summarise.core.settings import Settings
from summarise.core.tokens import estimate_tokens
from summarise.llm.call import answer_text
from summarise.llm.endpoint import Endpoint, open_endpoint
from summarise.llm.pricing import cost_usd
from summarise.llm.session import open_session
from summarise.pipeline.document import Source, elapsed_ms, read_source
from summarise.pipeline.prompting import prompt_version
from summarise.pipeline.record import CallOutcome, finish_record
from summarise.runs.batch import BatchOptions, BatchResult, cache_key, run_batch
from summarise.runs.export import export_run
from summarise.runs.inputs import InputDocument, discover
from summarise.runs.layout import RunLayout
from summarise.runs.ledger import Ledger, Status
from summarise.strategies import batch_carried, producer_of, strategy_for
from summarise.strategies.base import BatchCarrier

BATCH_URL = "/v1/chat/completions"
COMPLETION_WINDOW = "24h"
MAX_REQUESTS_PER_FILE = 50_000
MAX_BYTES_PER_FILE = 190 * 1024 * 1024
"""OpenAI's limits are 50,000 requests and 200 MB per input file; keep a margin."""
LIVE_BELOW_REQUESTS = 20
"""Fewer requests than this run live: a batch takes up to a day, and the saving on a
handful of documents is not worth the wait."""
BATCH_PRICE_FACTOR = 0.5
"""The Batch API costs half the live price, input and output alike."""
FINAL_STATES = frozenset({"completed", "expired", "cancelled", "failed"})


class _Captured(Exception):
    """Raised by the capturing transport: carries the request the live path built."""

    def __init__(self, body: dict[str, Any]) -> None:
        super().__init__("request captured for a provider batch")
        self.body = body


class _CapturingTransport(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise _Captured(json.loads(request.content))


def _captured(error: BaseException | None) -> _Captured | None:
    while error is not None:
        if isinstance(error, _Captured):
            return error
        error = error.__cause__ or error.__context__
    return None


async def live_request_body(capture: Endpoint, carrier: BatchCarrier, chunk: str) -> dict[str, Any]:
    """The exact body a live call would send: the live path runs, the transport keeps it."""
    try:
        await carrier.ask_live(capture, chunk)
    except Exception as error:  # the capture arrives wrapped by openai and instructor
        found = _captured(error)
        if found is None:
            raise
        return found.body
    raise AssertionError("the capturing transport let a request through")


def custom_id_for(doc_id: str, chunk_index: int) -> str:
    """Short and stable: the ledger maps it back to the document."""
    return f"{hashlib.sha256(doc_id.encode()).hexdigest()[:24]}-{chunk_index}"


@dataclass
class _Planned:
    document: InputDocument
    source: Source
    key: str
    lines: list[tuple[str, dict[str, Any]]]


@dataclass
class SubmitResult:
    batches: list[str] = field(default_factory=list)
    submitted_documents: int = 0
    requests: int = 0
    cached: int = 0
    already_submitted: int = 0
    failed: int = 0
    ran_live: BatchResult | None = None


def _split(lines: list[bytes]) -> list[list[bytes]]:
    """Files within the provider's per-file request and size limits."""
    files: list[list[bytes]] = [[]]
    size = 0
    for line in lines:
        if len(files[-1]) >= MAX_REQUESTS_PER_FILE or size + len(line) > MAX_BYTES_PER_FILE:
            files.append([])
            size = 0
        files[-1].append(line)
        size += len(line)
    return [chunk for chunk in files if chunk]


async def _plan(
    documents: list[InputDocument],
    ledger: Ledger,
    endpoint: Endpoint,
    capture: Endpoint,
    carrier: BatchCarrier,
) -> tuple[list[_Planned], SubmitResult]:
    result = SubmitResult()
    planned: list[_Planned] = []
    settings = endpoint.settings
    for document in documents:
        row = ledger.get(document.doc_id)
        try:
            source = read_source(document.path, settings.max_input_bytes)
        except InputError as error:
            ledger.mark_failed(
                document.doc_id, str(document.path), error_kind="input", error=str(error)
            )
            result.failed += 1
            continue
        key = cache_key(source.cleaned, endpoint)
        if row and row.cache_key == key and row.status in (Status.DONE, Status.SUBMITTED):
            if row.status is Status.DONE:
                result.cached += 1
            else:
                result.already_submitted += 1
            continue
        lines = []
        for chunk in carrier.chunks(endpoint, source.cleaned):
            body = await live_request_body(capture, carrier, chunk.text)
            lines.append((custom_id_for(document.doc_id, chunk.index), body))
        planned.append(_Planned(document, source, key, lines))
    return planned, result


async def submit(
    inputs: list[str],
    options: BatchOptions,
    settings: Settings,
    live_below: int = LIVE_BELOW_REQUESTS,
) -> SubmitResult:
    """Prepare, upload and create provider batches; returns as soon as they exist.

    Fewer than ``live_below`` requests are summarised live instead."""
    strategy = strategy_for(settings)
    if strategy.batch is None:
        raise ConfigurationError(
            f"--via batch-api needs a strategy a provider Batch API can carry "
            f"({', '.join(batch_carried())}) on a provider that has one (OpenAI): "
            f"the {strategy.name} strategy asks its questions in turn"
        )
    documents = list(discover(inputs, exclude=options.out_dir))
    with Ledger(options.out_dir) as ledger:
        endpoint = open_endpoint(settings)
        capture = open_endpoint(settings, http_transport=_CapturingTransport())
        ledger.start_run(endpoint.model, prompt_version(), SCHEMA_VERSION)
        ledger.reset_unsent()
        planned, result = await _plan(documents, ledger, endpoint, capture, strategy.batch)
        requests = sum(len(plan.lines) for plan in planned)
        if 0 < requests < live_below:
            ledger.finish_run("below the batch threshold: ran live")
        else:
            await _upload(planned, ledger, endpoint, result)
            ledger.finish_run("submitted")
            return result
    result.ran_live = await run_batch(inputs, options, settings)
    return result


async def _upload(
    planned: list[_Planned], ledger: Ledger, endpoint: Endpoint, result: SubmitResult
) -> None:
    for plan in planned:
        count = len(plan.lines)
        ledger.mark_submitted(
            plan.document.doc_id,
            str(plan.document.path),
            plan.source.source_sha256,
            plan.key,
            [(custom_id, index, count) for index, (custom_id, _) in enumerate(plan.lines)],
        )
    lines = [
        json.dumps(
            {"custom_id": custom_id, "method": "POST", "url": BATCH_URL, "body": body},
            ensure_ascii=False,
        ).encode()
        + b"\n"
        for plan in planned
        for custom_id, body in plan.lines
    ]
    for part, file_lines in enumerate(_split(lines)):
        uploaded = await endpoint.openai.files.create(
            file=(f"summarise-batch-{part}.jsonl", io.BytesIO(b"".join(file_lines))),
            purpose="batch",
        )
        created = await endpoint.openai.batches.create(
            input_file_id=uploaded.id, endpoint=BATCH_URL, completion_window=COMPLETION_WINDOW
        )
        custom_ids = [json.loads(line)["custom_id"] for line in file_lines]
        estimated = sum(estimate_tokens(line.decode()) for line in file_lines)
        ledger.record_batch(created.id, uploaded.id, custom_ids, created.status, estimated)
        result.batches.append(created.id)
        result.requests += len(file_lines)
    result.submitted_documents = len(planned)


@dataclass
class BatchState:
    batch_id: str
    status: str
    total: int
    completed: int
    failed: int
    collected: bool
    estimated_input_cost: float | None
    """Input tokens estimated from the requests, at batch prices; answers cost extra."""


async def status(out_dir: Path, settings: Settings) -> list[BatchState]:
    """Each batch's state from the provider, for the batches in the ledger."""
    with Ledger(out_dir) as ledger:
        batches = ledger.all_batches()
        if not batches:
            return []  # a live run: nothing to ask a provider, so no endpoint is needed
        endpoint = open_endpoint(_with_run_model(settings, ledger))
        states = []
        for row in batches:
            batch = await endpoint.openai.batches.retrieve(row["batch_id"])
            ledger.update_batch(batch.id, batch.status, batch.output_file_id, batch.error_file_id)
            counts = batch.request_counts
            states.append(
                BatchState(
                    batch.id,
                    batch.status,
                    counts.total if counts else row["request_count"],
                    counts.completed if counts else 0,
                    counts.failed if counts else 0,
                    row["collected_at"] is not None,
                    _estimated_cost(endpoint.model, row["estimated_input_tokens"]),
                )
            )
        return states


def _estimated_cost(model: str, input_tokens: int | None) -> float | None:
    cost = cost_usd(model, TokenUsage(prompt_tokens=input_tokens or 0))
    return None if cost is None else cost * BATCH_PRICE_FACTOR


def _with_run_model(settings: Settings, ledger: Ledger) -> Settings:
    """The model the batch was submitted with, unless ``--model`` says otherwise."""
    recorded = ledger.last_model()
    if recorded and "model" not in settings.model_fields_set:
        return settings.model_copy(update={"model": recorded})
    return settings


@dataclass
class _Answer:
    chunk_index: int
    chunk_count: int
    completion: ChatCompletion | None
    error: str | None


async def _file_lines(endpoint: Endpoint, file_id: str | None) -> list[dict[str, Any]]:
    if not file_id:
        return []
    content = await endpoint.openai.files.content(file_id)
    return [json.loads(line) for line in content.text.splitlines() if line.strip()]


def _answers(ledger: Ledger, lines: list[dict[str, Any]]) -> dict[str, list[_Answer]]:
    by_document: dict[str, list[_Answer]] = defaultdict(list)
    for line in lines:
        request = ledger.batch_request(line["custom_id"])
        if request is None:
            continue
        response, error = line.get("response"), line.get("error")
        completion = None
        message = None
        if error:
            message = f"{error.get('code')}: {error.get('message')}"
        elif response and response.get("status_code") == 200:
            completion = ChatCompletion.model_validate(response["body"])
        else:
            message = f"HTTP {response.get('status_code') if response else '?'} from the batch"
        by_document[request["doc_id"]].append(
            _Answer(request["chunk_index"], request["chunk_count"], completion, message)
        )
    return by_document


async def _chunk_outcome(
    endpoint: Endpoint, carrier: BatchCarrier, answer: _Answer, chunk: str
) -> tuple[CallOutcome, bool]:
    """Validate and ground a batch answer like a live one; ask again live if it fails.

    Returns the outcome and whether it came from the batch (priced at batch rates)."""
    usage = answer.completion.usage if answer.completion else None
    text = answer_text(answer.completion) if answer.completion else None
    try:
        if text is None:
            raise ValueError("no answer in the batch result")
        summary = carrier.from_answer(text, chunk)
    except (ValueError, ValidationError):
        return await carrier.ask_live(endpoint, chunk), False
    spent = TokenUsage(
        prompt_tokens=usage.prompt_tokens if usage else 0,
        completion_tokens=usage.completion_tokens if usage else 0,
        total_tokens=usage.total_tokens if usage else 0,
    )
    return CallOutcome(summary, 1, spent, 0, True), True


async def _collect_document(
    ledger: Ledger, endpoint: Endpoint, doc_id: str, answers: list[_Answer], out_dir: Path
) -> int:
    """Write the document's summary from its batch answers; returns the chunks asked again
    live because their batch answer failed validation or grounding."""
    row = ledger.get(doc_id)
    assert row is not None
    started = time.perf_counter()
    source = read_source(Path(row.source_path), endpoint.settings.max_input_bytes)
    carrier = strategy_for(endpoint.settings).batch
    assert carrier is not None, "only a batch-carried strategy submits"
    by_index = {answer.chunk_index: answer for answer in answers}
    results = await asyncio.gather(
        *(
            _chunk_outcome(endpoint, carrier, by_index[chunk.index], chunk.text)
            for chunk in carrier.chunks(endpoint, source.cleaned)
        )
    )
    outcome = carrier.combine(source.cleaned, [outcome for outcome, _ in results])
    cost = _cost(endpoint.model, results)
    timings = {"llm": elapsed_ms(started)}
    record = finish_record(source, outcome, endpoint.settings, producer_of(endpoint), timings, cost)
    output_name = RunLayout(out_dir).write_record(record, doc_id)
    ledger.mark_done(
        doc_id,
        output_path=output_name,
        attempts=outcome.attempts,
        tokens_in=outcome.usage.prompt_tokens,
        tokens_out=outcome.usage.completion_tokens,
        cost_usd=cost,
        duration_ms=(time.perf_counter() - started) * 1000,
    )
    return sum(1 for _, from_batch in results if not from_batch)


def _cost(model: str, results: list[tuple[CallOutcome, bool]]) -> float | None:
    """Batch answers at batch prices, answers asked again live at live prices."""
    total: float | None = None
    for outcome, from_batch in results:
        price = cost_usd(model, outcome.usage)
        if price is not None:
            total = (total or 0.0) + price * (BATCH_PRICE_FACTOR if from_batch else 1.0)
    return total


@dataclass
class CollectResult:
    done: int = 0
    failed: int = 0
    asked_again_live: int = 0
    in_progress: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(doc_id, reason) for expired, failed and missing requests."""


async def collect(out_dir: Path, settings: Settings) -> CollectResult:
    """Download finished batches and turn their answers into summaries."""
    result = CollectResult()
    with Ledger(out_dir) as ledger:
        if not ledger.open_batches():
            return result  # nothing submitted or all collected: no endpoint is needed
    with Ledger(out_dir) as ledger, open_session(_with_run_model(settings, ledger)) as endpoint:
        ledger.start_run(endpoint.model, prompt_version(), SCHEMA_VERSION)
        for row in ledger.open_batches():
            batch = await endpoint.openai.batches.retrieve(row["batch_id"])
            ledger.update_batch(batch.id, batch.status, batch.output_file_id, batch.error_file_id)
            if batch.status not in FINAL_STATES:
                result.in_progress.append(batch.id)
                continue
            lines = await _file_lines(endpoint, batch.output_file_id)
            lines += await _file_lines(endpoint, batch.error_file_id)
            await _collect_batch(ledger, endpoint, row["batch_id"], lines, out_dir, result)
            ledger.mark_collected(batch.id)
        ledger.finish_run("collected")
        if not result.in_progress:
            export_run(out_dir, ledger)
    return result


async def _collect_batch(
    ledger: Ledger,
    endpoint: Endpoint,
    batch_id: str,
    lines: list[dict[str, Any]],
    out_dir: Path,
    result: CollectResult,
) -> None:
    answers = _answers(ledger, lines)
    expected = {
        request["doc_id"]
        for request in ledger.db.execute(
            "SELECT doc_id FROM batch_requests WHERE batch_id = ?", (batch_id,)
        )
    }
    for doc_id in sorted(expected):
        row = ledger.get(doc_id)
        if row is None or row.status is not Status.SUBMITTED:
            continue
        document_answers = answers.get(doc_id, [])
        errors = [answer.error for answer in document_answers if answer.error]
        complete = {answer.chunk_index for answer in document_answers if answer.completion}
        chunk_count = document_answers[0].chunk_count if document_answers else 0
        if errors or not document_answers or len(complete) < chunk_count:
            reason = errors[0] if errors else "no result for this request in the batch"
            ledger.mark_failed(doc_id, row.source_path, error_kind="batch", error=reason)
            result.failed += 1
            result.problems.append((doc_id, reason))
            continue
        try:
            result.asked_again_live += await _collect_document(
                ledger, endpoint, doc_id, document_answers, out_dir
            )
        except SummariseError as error:
            ledger.mark_failed(doc_id, row.source_path, error_kind="model_output", error=str(error))
            result.failed += 1
            result.problems.append((doc_id, str(error)))
            continue
        result.done += 1
