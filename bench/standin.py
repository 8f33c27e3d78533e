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

It listens on 127.0.0.1 only, on a free port, in a thread with its own event loop.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aiohttp import web

HOST = "127.0.0.1"
"""The only address the stand-in ever binds."""
OPEN_FENCE = "<<<DOCUMENT"
CLOSE_FENCE = "DOCUMENT>>>"
MAX_SENTENCE_CHARS = 200
STARTUP_TIMEOUT_S = 10.0
SHUTDOWN_TIMEOUT_S = 5.0

OUTCOMES = ("ok", "429", "500", "drop", "truncated")


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


def summary_for(document: str) -> dict[str, Any]:
    """The smallest valid summary: one drug fact quoting the document's first sentence."""
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
        "drugs": [{"name": words[0] if words else sentence, "evidence": [{"quote": sentence}]}],
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


def _error(status: int, message: str, kind: str, headers: dict[str, str] | None = None):
    payload = {"error": {"message": message, "type": kind, "param": None, "code": None}}
    return web.json_response(payload, status=status, headers=headers)


class HandmadeStandIn:
    """An OpenAI-compatible chat-completions server with fixed latency and injected faults."""

    def __init__(self, latency: float = 0.0, faults: Faults = NO_FAULTS, seed: int = 0) -> None:
        if latency < 0:
            raise ValueError("latency must be >= 0")
        self.latency = latency
        self.faults = faults
        self.seed = seed
        self._lock = threading.Lock()
        self._requests = 0
        self._in_flight = 0
        self._in_flight_max = 0
        self._by_outcome: Counter[str] = Counter()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None
        self.port: int | None = None

    # ---- counters (thread-safe) -------------------------------------------------------------

    @property
    def requests(self) -> int:
        """Chat-completion requests received, whatever their outcome."""
        with self._lock:
            return self._requests

    @property
    def in_flight_max(self) -> int:
        """The most requests being served at the same moment."""
        with self._lock:
            return self._in_flight_max

    @property
    def in_flight(self) -> int:
        with self._lock:
            return self._in_flight

    @property
    def by_outcome(self) -> dict[str, int]:
        """Requests per outcome: ok, 429, 500, drop, truncated, bad_request."""
        with self._lock:
            return dict(self._by_outcome)

    def reset_counters(self) -> None:
        with self._lock:
            self._requests = 0
            self._in_flight_max = self._in_flight
            self._by_outcome.clear()

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("the stand-in is not running")
        return f"http://{HOST}:{self.port}/v1"

    # ---- routes -------------------------------------------------------------------------------

    def _routes(self) -> list[web.RouteDef]:
        return [
            web.post("/v1/chat/completions", self._chat_completions),
            # Files (POST/GET /v1/files, GET /v1/files/{id}/content) and Batches
            # (POST /v1/batches, GET /v1/batches/{id}, POST /v1/batches/{id}/cancel)
            # endpoints are to be added here, with their handlers in the section below.
        ]

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
                body = json.loads(raw)
                messages = body["messages"]
                if not isinstance(messages, list):
                    raise TypeError("messages is not a list")
            except (ValueError, KeyError, TypeError) as invalid:
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
            content = json.dumps(summary_for(fenced_document(messages)), ensure_ascii=False)
            if outcome == "truncated":
                content = content[: len(content) // 2]
            return web.json_response(completion(body, content, len(raw)))
        finally:
            with self._lock:
                self._in_flight -= 1
                self._by_outcome[outcome] += 1

    # Files and Batches handlers go here.

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
        app = web.Application(middlewares=[_dropped_middleware])
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


class _Dropped(Exception):
    """Raised by a handler whose connection was closed on purpose."""


@web.middleware
async def _dropped_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        return await handler(request)
    except _Dropped:
        # The transport is gone; aiohttp writes nothing to a closed connection.
        return web.Response(status=499)
