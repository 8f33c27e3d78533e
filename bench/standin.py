"""A hand-made OpenAI-compatible stand-in server for benchmarks and tests: fixed latency and
injected faults; it is not a model.

It answers ``POST /v1/chat/completions`` after a fixed ``latency`` (``asyncio.sleep``, so many
requests are served at once) with one outcome drawn per request from a seeded
:class:`random.Random`: a 429 asking for a short wait, a 500, a dropped connection, a truncated
JSON answer, or a normal answer. The normal answer is the smallest valid summary JSON whose only
fact quotes the first sentence of the fenced document verbatim, so it passes grounding.

    with HandmadeStandIn(latency=0.3, faults=Faults(rate_429=0.1), seed=1) as server:
        server.base_url  # "http://127.0.0.1:PORT/v1"
        server.requests, server.in_flight_max, server.by_outcome

It also serves enough of the Files and Batches APIs for the ``openai`` SDK: uploads
(``POST /v1/files``), file objects and contents, and batches of chat completions
(``POST /v1/batches``, ``GET /v1/batches/{id}``, cancel). Each batch line is answered by the
same code as ``/v1/chat/completions`` but with no latency and no random faults; batch faults
(:class:`BatchFaults`) expire chosen lines, answer chosen lines with an invented quote, and set
how many retrieves a batch takes to finish:

    with HandmadeStandIn(batch_faults=BatchFaults(expire_custom_ids=frozenset({"doc-2"}))) as s:
        ...  # the batch ends "expired"; doc-2 is in the error file with code batch_expired
        s.uploads, s.batches_created, s.batch_lines_answered

It listens on 127.0.0.1 only, on a free port, in a thread with its own event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

HOST = "127.0.0.1"
"""The only address the stand-in ever binds."""
OPEN_FENCE = "<<<DOCUMENT"
CLOSE_FENCE = "DOCUMENT>>>"
MAX_SENTENCE_CHARS = 200
STARTUP_TIMEOUT_S = 10.0
SHUTDOWN_TIMEOUT_S = 5.0

OUTCOMES = ("ok", "429", "500", "drop", "truncated")

MAX_UPLOAD_BYTES = 256 * 1024**2
"""The largest request body accepted (aiohttp's default is 1 MiB, too small for batch files)."""
FILE_PURPOSES = frozenset({"assistants", "batch", "fine-tune", "vision", "user_data", "evals"})
BATCH_ENDPOINT = "/v1/chat/completions"
"""The only endpoint a stand-in batch may target."""
COMPLETION_WINDOW_S = 24 * 3600
INVENTED_QUOTE = "The stand-in invented this quote."
"""The evidence quote of an answer to an ungrounded batch line: in no document."""
EXPIRED_ERROR = {
    "code": "batch_expired",
    "message": "This request could not be executed before the completion window expired.",
}
FINAL_BATCH_STATUSES = frozenset({"completed", "expired", "failed", "cancelled"})


@dataclass(frozen=True)
class Faults:
    """Probability of each injected fault per request; the rest are normal answers."""

    rate_429: float = 0.0
    rate_500: float = 0.0
    rate_drop: float = 0.0
    rate_truncated: float = 0.0
    retry_after_ms: int = 50
    """The wait a 429 asks for, sent as ``retry-after-ms`` and as ``Retry-After`` in seconds."""

    def __post_init__(self) -> None:
        rates = (self.rate_429, self.rate_500, self.rate_drop, self.rate_truncated)
        if any(rate < 0 for rate in rates) or sum(rates) > 1.0 + 1e-9:
            raise ValueError(f"fault rates must be >= 0 and sum to at most 1, got {rates}")
        if self.retry_after_ms < 0:
            raise ValueError("retry_after_ms must be >= 0")

    def draw(self, rng: random.Random) -> str:
        """One outcome of :data:`OUTCOMES`."""
        roll = rng.random()
        for outcome, rate in (
            ("429", self.rate_429),
            ("500", self.rate_500),
            ("drop", self.rate_drop),
            ("truncated", self.rate_truncated),
        ):
            if roll < rate:
                return outcome
            roll -= rate
        return "ok"


NO_FAULTS = Faults()


@dataclass(frozen=True)
class BatchFaults:
    """Faults of the batch endpoints, read when a batch is created.

    ``expire_custom_ids``: lines that get no answer but a ``batch_expired`` error line; the
    batch ends "expired" when any line expired. ``ungrounded_custom_ids``: lines answered with
    :data:`INVENTED_QUOTE` as the evidence quote. ``polls_until_done``: the retrieve that
    first shows the final status (1: the first retrieve after the create).
    """

    expire_custom_ids: frozenset[str] = frozenset()
    ungrounded_custom_ids: frozenset[str] = frozenset()
    polls_until_done: int = 1

    def __post_init__(self) -> None:
        for name in ("expire_custom_ids", "ungrounded_custom_ids"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"{name} must be a set of custom_ids, not a string")
            object.__setattr__(self, name, frozenset(value))
        if self.polls_until_done < 1:
            raise ValueError("polls_until_done must be >= 1")


NO_BATCH_FAULTS = BatchFaults()


def fenced_document(messages: list[dict[str, Any]]) -> str:
    """The text between the fences of the last message that holds them ('' when none does).

    Re-asks append the model's answer and a user message with the errors, so the document is
    not always in the last message: the messages are searched from the end.
    """
    for message in reversed(messages):
        content = message.get("content")
        if isinstance(content, list):  # content parts
            content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
        if not isinstance(content, str):
            continue
        start = content.find(OPEN_FENCE)
        if start < 0:
            continue
        start += len(OPEN_FENCE)
        if content.startswith("\n", start):
            start += 1
        end = content.rfind(CLOSE_FENCE)
        if end < start:
            end = len(content)
        elif end > start and content[end - 1] == "\n":
            end -= 1
        return content[start:end]
    return ""


def first_sentence(document: str) -> str:
    """Verbatim text of ``document``: up to the first '. ' or newline, at most 200 chars."""
    text = document.strip()
    if not text:
        return ""
    cut = len(text)
    period = text.find(". ")
    if period >= 0:
        cut = period + 1
    newline = text.find("\n")
    if 0 <= newline < cut:
        cut = newline
    return text[: min(cut, MAX_SENTENCE_CHARS)].strip()


def summary_for(document: str, quote: str | None = None) -> dict[str, Any]:
    """The smallest valid summary: one drug fact quoting the document's first sentence.

    ``quote``, when given, replaces the evidence quote (an ungrounded answer).
    """
    sentence = first_sentence(document) or "(empty document)"
    words = sentence.split()
    return {
        "document": {
            "title": None,
            "publisher": None,
            "date_as_stated": None,
            "date_iso": None,
            "language": "en",
        },
        "event_types": ["other"],
        "headline": sentence,
        "summary": sentence,
        "drugs": [
            {"name": words[0] if words else sentence, "evidence": [{"quote": quote or sentence}]}
        ],
        "companies": [],
        "regulatory_events": [],
        "trials": [],
        "deals": [],
        "caveats": [],
    }


def completion(body: dict[str, Any], content: str, prompt_chars: int) -> dict[str, Any]:
    """A chat completion carrying ``content``: message content, or a tool call in tool modes."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    tools = body.get("tools")
    if tools:
        name = tools[0].get("function", {}).get("name", "answer")
        call = {
            "id": "call_standin",
            "type": "function",
            "function": {"name": name, "arguments": content},
        }
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
    prompt_tokens = prompt_chars // 4
    completion_tokens = len(content) // 4
    return {
        "id": "chatcmpl-standin",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "stand-in"),
        "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def chat_body(body: Any) -> dict[str, Any]:
    """``body`` if it is a chat-completions request body; ``ValueError`` if it is not."""
    if not isinstance(body, dict):
        raise ValueError("the body is not a JSON object")
    if "messages" not in body:
        raise ValueError("'messages' is missing")
    if not isinstance(body["messages"], list):
        raise ValueError("messages is not a list")
    return body


def answer(
    body: dict[str, Any], prompt_chars: int, *, truncated: bool = False, quote: str | None = None
) -> dict[str, Any]:
    """The chat completion answering a valid chat ``body``: the summary of its document.

    The one path of every normal answer, whether to ``/v1/chat/completions`` or a batch line.
    """
    content = json.dumps(summary_for(fenced_document(body["messages"]), quote), ensure_ascii=False)
    if truncated:
        content = content[: len(content) // 2]
    return completion(body, content, prompt_chars)


def _error_payload(
    message: str, kind: str, param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def _error(
    status: int,
    message: str,
    kind: str,
    headers: dict[str, str] | None = None,
    *,
    param: str | None = None,
    code: str | None = None,
) -> web.Response:
    payload = _error_payload(message, kind, param, code)
    return web.json_response(payload, status=status, headers=headers)


def _not_found(kind: str, object_id: str, param: str) -> web.Response:
    message = f"No such {kind} object: {object_id}"
    return _error(404, message, "invalid_request_error", param=param, code="not_found")


def _jsonl(lines: Iterable[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()


@dataclass
class StoredFile:
    """An uploaded file, or the output or error file of a batch."""

    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "file",
            "bytes": len(self.data),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "status": "processed",
            "expires_at": None,
            "status_details": None,
        }


@dataclass
class StoredBatch:
    """A batch: its lines are answered when it is created, and shown once it is final."""

    id: str
    input_file_id: str
    endpoint: str
    completion_window: str
    metadata: dict[str, str] | None
    model: str | None
    created_at: int
    polls_until_done: int
    total: int
    output_lines: list[dict[str, Any]] = field(default_factory=list)
    error_lines: list[dict[str, Any]] = field(default_factory=list)
    validation_errors: list[dict[str, Any]] = field(default_factory=list)
    expired: bool = False
    status: str = "validating"
    polls: int = 0
    times: dict[str, int] = field(default_factory=dict)
    output_file_id: str | None = None
    error_file_id: str | None = None

    @property
    def final(self) -> bool:
        return self.status in FINAL_BATCH_STATUSES

    def as_json(self) -> dict[str, Any]:
        shown = self.final and self.status != "failed"
        counts = {
            "total": 0 if self.status in ("validating", "failed") else self.total,
            "completed": len(self.output_lines) if shown else 0,
            "failed": len(self.error_lines) if shown else 0,
        }
        errors = None
        if self.validation_errors:
            errors = {"object": "list", "data": self.validation_errors}
        times = {
            f"{event}_at": self.times.get(event)
            for event in (
                "in_progress",
                "finalizing",
                "completed",
                "failed",
                "expired",
                "cancelling",
                "cancelled",
            )
        }
        return {
            "id": self.id,
            "object": "batch",
            "endpoint": self.endpoint,
            "errors": errors,
            "input_file_id": self.input_file_id,
            "completion_window": self.completion_window,
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "created_at": self.created_at,
            "expires_at": self.created_at + COMPLETION_WINDOW_S,
            **times,
            "request_counts": counts,
            "metadata": self.metadata,
            "model": self.model,
        }


class ChatCounters:
    """The chat-completion counters, read from :meth:`counters`, wherever the stand-in runs."""

    def counters(self) -> dict[str, Any]:
        raise NotImplementedError

    @property
    def requests(self) -> int:
        """Chat-completion requests received, whatever their outcome."""
        return self.counters()["requests"]

    @property
    def in_flight_max(self) -> int:
        """The most requests being served at the same moment."""
        return self.counters()["in_flight_max"]

    @property
    def by_outcome(self) -> dict[str, int]:
        """Requests per outcome: ok, 429, 500, drop, truncated, bad_request."""
        return self.counters()["by_outcome"]


class HandmadeStandIn(ChatCounters):
    """An OpenAI-compatible chat-completions server with fixed latency and injected faults,
    plus Files and Batches endpoints.

    ``batch_faults`` may be replaced between batches: each batch reads it when created.
    """

    def __init__(
        self,
        latency: float = 0.0,
        faults: Faults = NO_FAULTS,
        seed: int = 0,
        batch_faults: BatchFaults = NO_BATCH_FAULTS,
    ) -> None:
        if latency < 0:
            raise ValueError("latency must be >= 0")
        self.latency = latency
        self.faults = faults
        self.seed = seed
        self.batch_faults = batch_faults
        self._lock = threading.Lock()
        self._requests = 0
        self._in_flight = 0
        self._in_flight_max = 0
        self._by_outcome: Counter[str] = Counter()
        self._uploads = 0
        self._batches_created = 0
        self._batch_lines_answered = 0
        self._files: dict[str, StoredFile] = {}
        self._batches: dict[str, StoredBatch] = {}
        self._file_numbers = itertools.count(1)
        self._batch_numbers = itertools.count(1)
        self._batch_line_numbers = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None
        self.port: int | None = None

    # ---- counters (thread-safe) -------------------------------------------------------------

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    @property
    def uploads(self) -> int:
        """Files uploaded with ``POST /v1/files``."""
        with self._lock:
            return self._uploads

    @property
    def batches_created(self) -> int:
        """Batches accepted by ``POST /v1/batches``."""
        with self._lock:
            return self._batches_created

    @property
    def batch_lines_answered(self) -> int:
        """Batch lines answered with a chat completion (expired and invalid lines are not);
        they are not counted in :attr:`requests`."""
        with self._lock:
            return self._batch_lines_answered

    def counters(self) -> dict[str, Any]:
        """The chat counters at once, as served at ``GET /stand-in/counters``."""
        with self._lock:
            return {
                "requests": self._requests,
                "in_flight_max": self._in_flight_max,
                "by_outcome": dict(self._by_outcome),
            }

    def reset_counters(self) -> None:
        with self._lock:
            self._requests = 0
            self._in_flight_max = self._in_flight
            self._by_outcome.clear()
            self._uploads = 0
            self._batches_created = 0
            self._batch_lines_answered = 0

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the stand-in is not running")
        return f"http://{HOST}:{self.port}/v1"

    # ---- routes -------------------------------------------------------------------------------

    def _routes(self) -> list[web.RouteDef]:
        return [
            web.post("/v1/chat/completions", self._chat_completions),
            web.post("/v1/files", self._upload_file),
            web.get("/v1/files", self._list_files),
            web.get("/v1/files/{file_id}", self._get_file),
            web.delete("/v1/files/{file_id}", self._delete_file),
            web.get("/v1/files/{file_id}/content", self._file_content),
            web.post("/v1/batches", self._create_batch),
            web.get("/v1/batches/{batch_id}", self._get_batch),
            web.post("/v1/batches/{batch_id}/cancel", self._cancel_batch),
            web.get("/stand-in/counters", self._counters),
        ]

    async def _counters(self, request: web.Request) -> web.Response:
        return web.json_response(self.counters())

    async def _chat_completions(self, request: web.Request) -> web.StreamResponse:
        with self._lock:
            number = self._requests
            self._requests += 1
            self._in_flight += 1
            self._in_flight_max = max(self._in_flight_max, self._in_flight)
        outcome = "bad_request"
        try:
            raw = await request.read()
            try:
                body = chat_body(json.loads(raw))
            except ValueError as invalid:
                return _error(400, f"invalid request body: {invalid}", "invalid_request_error")
            outcome = self.faults.draw(random.Random(self.seed * 1_000_003 + number))
            if self.latency:
                await asyncio.sleep(self.latency)
            if outcome == "429":
                wait_ms = self.faults.retry_after_ms
                headers = {"retry-after-ms": str(wait_ms), "Retry-After": f"{wait_ms / 1000:g}"}
                return _error(429, "Rate limit reached (stand-in)", "rate_limit_error", headers)
            if outcome == "500":
                return _error(500, "Internal server error (stand-in)", "server_error")
            if outcome == "drop":
                return self._drop(request)
            return web.json_response(answer(body, len(raw), truncated=outcome == "truncated"))
        finally:
            with self._lock:
                self._in_flight -= 1
                self._by_outcome[outcome] += 1

    # ---- files ------------------------------------------------------------------------------
    # The handlers all run on the server's event loop; the lock guards what other threads read.

    def _store_file(self, filename: str, purpose: str, data: bytes) -> StoredFile:
        with self._lock:
            file_id = f"file-stand-in-{next(self._file_numbers)}"
            stored = StoredFile(file_id, filename, purpose, data, int(time.time()))
            self._files[file_id] = stored
        return stored

    def _file(self, file_id: str) -> StoredFile | None:
        with self._lock:
            return self._files.get(file_id)

    async def _upload_file(self, request: web.Request) -> web.Response:
        if not request.content_type.startswith("multipart/"):
            return _error(400, "expected a multipart/form-data body", "invalid_request_error")
        purpose: str | None = None
        filename = "upload"
        data: bytes | None = None
        try:
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    continue
                if part.name == "purpose":
                    purpose = await part.text()
                elif part.name == "file":
                    filename = part.filename or filename
                    data = await part.read()
        except ValueError as invalid:
            return _error(400, f"invalid multipart body: {invalid}", "invalid_request_error")
        if data is None:
            return _error(400, "'file' is missing", "invalid_request_error", param="file")
        if purpose not in FILE_PURPOSES:
            message = f"invalid purpose {purpose!r}: expected one of {sorted(FILE_PURPOSES)}"
            return _error(400, message, "invalid_request_error", param="purpose")
        stored = self._store_file(filename, purpose, data)
        with self._lock:
            self._uploads += 1
        return web.json_response(stored.as_json())

    async def _list_files(self, request: web.Request) -> web.Response:
        purpose = request.query.get("purpose")
        with self._lock:
            files = [f.as_json() for f in self._files.values() if purpose in (None, f.purpose)]
        files.reverse()  # newest first, as OpenAI lists them
        first_id = files[0]["id"] if files else None
        last_id = files[-1]["id"] if files else None
        page = {"object": "list", "data": files, "has_more": False}
        return web.json_response({**page, "first_id": first_id, "last_id": last_id})

    async def _get_file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        stored = self._file(file_id)
        if stored is None:
            return _not_found("File", file_id, "file_id")
        return web.json_response(stored.as_json())

    async def _delete_file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        with self._lock:
            stored = self._files.pop(file_id, None)
        if stored is None:
            return _not_found("File", file_id, "file_id")
        return web.json_response({"id": file_id, "object": "file", "deleted": True})

    async def _file_content(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        stored = self._file(file_id)
        if stored is None:
            return _not_found("File", file_id, "file_id")
        return web.Response(body=stored.data, content_type="application/octet-stream")

    # ---- batches ----------------------------------------------------------------------------

    async def _create_batch(self, request: web.Request) -> web.Response:
        try:
            params = json.loads(await request.read())
            if not isinstance(params, dict):
                raise ValueError("the body is not a JSON object")
        except ValueError as invalid:
            return _error(400, f"invalid request body: {invalid}", "invalid_request_error")
        input_file_id = params.get("input_file_id")
        endpoint = params.get("endpoint")
        window = params.get("completion_window")
        metadata = params.get("metadata")
        if not isinstance(input_file_id, str) or not input_file_id:
            message = "'input_file_id' is missing"
            return _error(400, message, "invalid_request_error", param="input_file_id")
        for name, value, wanted in (
            ("endpoint", endpoint, BATCH_ENDPOINT),
            ("completion_window", window, "24h"),
        ):
            if value != wanted:
                message = f"invalid {name} {value!r}: the stand-in serves only {wanted!r}"
                return _error(400, message, "invalid_request_error", param=name)
        if metadata is not None and not isinstance(metadata, dict):
            message = "metadata must be an object of strings"
            return _error(400, message, "invalid_request_error", param="metadata")
        stored = self._file(input_file_id)
        if stored is None:
            return _not_found("File", input_file_id, "input_file_id")
        if stored.purpose != "batch":
            message = f"file {input_file_id} has purpose {stored.purpose!r}, not 'batch'"
            return _error(400, message, "invalid_request_error", param="input_file_id")
        faults = self.batch_faults
        with self._lock:
            batch_id = f"batch_stand-in-{next(self._batch_numbers)}"
        lines, validation_errors = _batch_lines(stored.data, endpoint)
        batch = StoredBatch(
            id=batch_id,
            input_file_id=input_file_id,
            endpoint=endpoint,
            completion_window=window,
            metadata=metadata,
            model=next((b.get("model") for _, b in lines if isinstance(b, dict)), None),
            created_at=int(time.time()),
            polls_until_done=faults.polls_until_done,
            total=len(lines),
            validation_errors=validation_errors,
        )
        if not validation_errors:
            for custom_id, body in lines:
                self._answer_batch_line(batch, custom_id, body, faults)
        with self._lock:
            self._batches[batch_id] = batch
            self._batches_created += 1
        return web.json_response(batch.as_json())

    def _answer_batch_line(
        self, batch: StoredBatch, custom_id: str, body: Any, faults: BatchFaults
    ) -> None:
        """Answer one line as ``/v1/chat/completions`` would, with no latency or random fault."""
        line_id = f"batch_req_{next(self._batch_line_numbers)}"
        if custom_id in faults.expire_custom_ids:
            batch.expired = True
            line = {"id": line_id, "custom_id": custom_id, "response": None}
            batch.error_lines.append({**line, "error": dict(EXPIRED_ERROR)})
            return
        request_id = f"req_stand-in-{line_id.removeprefix('batch_req_')}"
        try:
            body = chat_body(body)
        except ValueError as invalid:
            error = _error_payload(f"invalid request body: {invalid}", "invalid_request_error")
            response = {"status_code": 400, "request_id": request_id, "body": error}
            batch.error_lines.append(
                {"id": line_id, "custom_id": custom_id, "response": response, "error": None}
            )
            return
        quote = INVENTED_QUOTE if custom_id in faults.ungrounded_custom_ids else None
        prompt_chars = len(json.dumps(body, ensure_ascii=False).encode())
        response = {
            "status_code": 200,
            "request_id": request_id,
            "body": answer(body, prompt_chars, quote=quote),
        }
        batch.output_lines.append(
            {"id": line_id, "custom_id": custom_id, "response": response, "error": None}
        )
        with self._lock:
            self._batch_lines_answered += 1

    async def _get_batch(self, request: web.Request) -> web.Response:
        batch_id = request.match_info["batch_id"]
        with self._lock:
            batch = self._batches.get(batch_id)
        if batch is None:
            return _not_found("Batch", batch_id, "batch_id")
        self._advance(batch)
        return web.json_response(batch.as_json())

    async def _cancel_batch(self, request: web.Request) -> web.Response:
        batch_id = request.match_info["batch_id"]
        with self._lock:
            batch = self._batches.get(batch_id)
        if batch is None:
            return _not_found("Batch", batch_id, "batch_id")
        if batch.final:
            message = f"Cannot cancel a batch with status '{batch.status}'."
            return _error(409, message, "invalid_request_error")
        if batch.status != "cancelling":
            batch.status = "cancelling"
            batch.times["cancelling"] = int(time.time())
        return web.json_response(batch.as_json())

    def _advance(self, batch: StoredBatch) -> None:
        """One retrieve's worth of progress: validating, in_progress, ..., finalizing, final."""
        if batch.final:
            return
        batch.polls += 1
        now = int(time.time())
        if batch.status == "cancelling":
            self._finish(batch, "cancelled", now)
        elif batch.validation_errors:
            batch.status = "failed"
            batch.times["failed"] = now
        elif batch.polls >= batch.polls_until_done:
            self._finish(batch, "expired" if batch.expired else "completed", now)
        elif batch.polls == batch.polls_until_done - 1 and batch.polls > 1:
            batch.status = "finalizing"
            batch.times.setdefault("in_progress", now)
            batch.times["finalizing"] = now
        else:
            batch.status = "in_progress"
            batch.times.setdefault("in_progress", now)

    def _finish(self, batch: StoredBatch, status: str, now: int) -> None:
        """Make the batch final and store its output and error files (when it has lines)."""
        if status != "cancelled":
            batch.times.setdefault("in_progress", now)
            batch.times.setdefault("finalizing", now)
        if batch.output_lines:
            name = f"{batch.id}_output.jsonl"
            data = _jsonl(batch.output_lines)
            batch.output_file_id = self._store_file(name, "batch_output", data).id
        if batch.error_lines:
            name = f"{batch.id}_error.jsonl"
            data = _jsonl(batch.error_lines)
            batch.error_file_id = self._store_file(name, "batch_output", data).id
        batch.status = status
        batch.times[status] = now

    @staticmethod
    def _drop(request: web.Request) -> web.StreamResponse:
        """Close the connection without a response: the client sees the server disconnect."""
        request.protocol.force_close()
        transport = request.transport
        if transport is not None:
            transport.abort()
        raise _Dropped

    # ---- lifecycle ----------------------------------------------------------------------------

    def start(self) -> HandmadeStandIn:
        if self._thread is not None:
            raise RuntimeError("the stand-in is already running")
        self._ready.clear()
        self._startup_error = None
        self._thread = threading.Thread(target=self._serve, name="handmade-standin", daemon=True)
        self._thread.start()
        if not self._ready.wait(STARTUP_TIMEOUT_S):
            raise RuntimeError("the stand-in did not start in time")
        if self._startup_error is not None:
            self._thread.join(SHUTDOWN_TIMEOUT_S)
            self._thread = None
            raise RuntimeError("the stand-in failed to start") from self._startup_error
        return self

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._start_site())
        except BaseException as error:  # reported to the starting thread
            self._startup_error = error
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(self._cleanup())
            loop.close()

    async def _start_site(self) -> None:
        app = web.Application(middlewares=[_dropped_middleware], client_max_size=MAX_UPLOAD_BYTES)
        app.add_routes(self._routes())
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT_S)
        await runner.setup()
        site = web.TCPSite(runner, HOST, 0)
        await site.start()
        self._runner = runner
        server = site._server  # the asyncio server: its socket holds the port picked
        sockets = server.sockets if server is not None else ()
        self.port = sockets[0].getsockname()[1]

    async def _cleanup(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def stop(self) -> None:
        """Stop serving and join the thread; safe to call twice."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        if not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
        thread.join(SHUTDOWN_TIMEOUT_S + 5)
        self._thread = None
        self._loop = None
        self.port = None

    def __enter__(self) -> HandmadeStandIn:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _batch_lines(data: bytes, endpoint: str) -> tuple[list[tuple[str, Any]], list[dict[str, Any]]]:
    """The (custom_id, body) of each line of a batch input file, and the validation errors
    (OpenAI's ``errors.data``) that fail the whole batch: bad JSON, a missing or repeated
    custom_id, a method other than POST, a url other than the batch's endpoint."""
    lines: list[tuple[str, Any]] = []
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()

    def invalid(number: int, code: str, message: str, param: str | None = None) -> None:
        errors.append({"code": code, "message": message, "param": param, "line": number})

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        invalid(1, "invalid_json_line", "The input file is not UTF-8 text.")
        return lines, errors
    for number, raw_line in enumerate(text.splitlines(), start=1):
        if not raw_line.strip():
            continue
        try:
            line = json.loads(raw_line)
        except ValueError:
            invalid(number, "invalid_json_line", f"Line {number} is not valid JSON.")
            continue
        if not isinstance(line, dict):
            invalid(number, "invalid_json_line", f"Line {number} is not a JSON object.")
            continue
        custom_id = line.get("custom_id")
        if not isinstance(custom_id, str) or not custom_id:
            invalid(number, "missing_required_parameter", "custom_id is missing.", "custom_id")
            continue
        if custom_id in seen:
            message = f"The custom_id {custom_id!r} is used by more than one request."
            invalid(number, "duplicate_custom_id", message, "custom_id")
            continue
        seen.add(custom_id)
        if line.get("method") != "POST":
            invalid(number, "invalid_method", "The method must be POST.", "method")
            continue
        if line.get("url") != endpoint:
            message = f"The url must be the batch's endpoint {endpoint!r}."
            invalid(number, "mismatched_endpoint", message, "url")
            continue
        lines.append((custom_id, line.get("body")))
    if not lines and not errors:
        invalid(1, "empty_file", "The input file has no requests.")
    return lines, errors


class _Dropped(Exception):
    """Raised by a handler whose connection was closed on purpose."""


@web.middleware
async def _dropped_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        return await handler(request)
    except _Dropped:
        # The transport is gone; aiohttp writes nothing to a closed connection.
        return web.Response(status=499)


def main() -> int:
    """Serve in this process until standard input closes: a stand-in in its own process,
    as a real provider is, so that it does not share the client's interpreter lock."""
    parser = argparse.ArgumentParser(description="Serve the hand-made stand-in on 127.0.0.1.")
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--rate-429", type=float, default=0.0)
    parser.add_argument("--rate-500", type=float, default=0.0)
    parser.add_argument("--rate-drop", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    faults = Faults(
        rate_429=arguments.rate_429, rate_500=arguments.rate_500, rate_drop=arguments.rate_drop
    )
    with HandmadeStandIn(arguments.latency, faults, arguments.seed) as server:
        print(f"port {server.port}", flush=True)
        sys.stdin.read()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
