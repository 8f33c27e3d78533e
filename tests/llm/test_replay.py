"""Record and replay through the real openai SDK, offline: only 127.0.0.1 is ever used.

The "endpoint" is HandmadeStandInServer, a stdlib HTTP server that answers every
chat completion with the same hand-written JSON. It is not a model.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import instructor
import openai
import pytest
import yaml
from instructor.core import InstructorRetryException
from pydantic import BaseModel
from vcr.request import Request

from summarise.llm.replay import (
    CassetteMissing,
    ReplayMode,
    body_normalised,
    cassette_path,
    recording,
    unmatched_request,
)
from summarise.llm.transport import RetryingTransport

SECRET = "sk-secret-xyz"
ORGANIZATION = "org-secret-123"
KEY = "002_x"
DOCUMENT = "seeds/002_x.txt"
HINT = "summarise run --record cassettes/ seeds/002_x.txt"
STAND_IN_CONTENT = '{"headline": "Stand-in answer, written by hand"}'
PROMPT = "Summarise this press release."
FAST_FAILURE_SECONDS = 1.0
SERVER_POLL_SECONDS = 0.05


async def no_wait(_seconds: float) -> None:
    """The transport's backoff, skipped: a closed port is retried at once, not for 30 s."""


def stand_in_completion() -> dict[str, Any]:
    return {
        "id": "chatcmpl-handmade",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "handmade-stand-in",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": STAND_IN_CONTENT},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.server.requests += 1  # type: ignore[attr-defined]
        if self.path != "/v1/chat/completions":
            self.send_error(404)
            return
        # gzip on the wire, so the test also covers decode_compressed_response.
        body = gzip.compress(json.dumps(stand_in_completion()).encode())
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-encoding", "gzip")
        self.send_header("content-length", str(len(body)))
        self.send_header("set-cookie", "session=cookie-secret")
        self.send_header("openai-organization", ORGANIZATION)
        self.send_header("x-request-id", "req-noise")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class HandmadeStandInServer(ThreadingHTTPServer):
    """A hand-made HTTP stand-in for a chat endpoint; every answer is the same fixed JSON."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests = 0
        self._thread = threading.Thread(
            target=self.serve_forever, args=(SERVER_POLL_SECONDS,), daemon=True
        )
        self._thread.start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join()


@pytest.fixture
def server() -> Iterator[HandmadeStandInServer]:
    stand_in = HandmadeStandInServer()
    yield stand_in
    if stand_in.socket.fileno() != -1:
        stand_in.stop()


def block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any socket connection fails, so a replay that passes cannot have used the network."""

    def refuse(self: socket.socket, address: Any) -> None:
        raise OSError(f"network blocked by test: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client(port: int) -> openai.AsyncOpenAI:
    """The project's client stack: the retrying transport stays in the recorded path."""
    return openai.AsyncOpenAI(
        base_url=f"http://127.0.0.1:{port}/v1",
        api_key=SECRET,
        organization=ORGANIZATION,
        default_headers={"api-key": SECRET},
        max_retries=0,
        http_client=httpx.AsyncClient(
            transport=RetryingTransport(httpx.AsyncHTTPTransport(), sleep=no_wait)
        ),
    )


def ask(port: int, content: str = PROMPT) -> str | None:
    async def asking() -> str | None:
        answer = await client(port).chat.completions.create(
            model="handmade-stand-in", messages=[{"role": "user", "content": content}], seed=7
        )
        return answer.choices[0].message.content

    return asyncio.run(asking())


def record(tmp_path: Path, port: int, content: str = PROMPT) -> str | None:
    with recording(tmp_path, KEY, ReplayMode.RECORD, HINT, document=DOCUMENT):
        return ask(port, content)


def replay(tmp_path: Path, port: int, content: str = PROMPT) -> str | None:
    with recording(tmp_path, KEY, ReplayMode.REPLAY, HINT, document=DOCUMENT):
        return ask(port, content)


def expected_message(tmp_path: Path) -> str:
    return (
        f"no recorded answer for {DOCUMENT} in {cassette_path(tmp_path, KEY)} "
        "(the prompt, schema or model changed since it was recorded?); "
        f"re-record with: {HINT}"
    )


def test_record_writes_a_readable_cassette_without_secrets(
    tmp_path: Path, server: HandmadeStandInServer
) -> None:
    assert record(tmp_path, server.port) == STAND_IN_CONTENT
    text = cassette_path(tmp_path, KEY).read_text(encoding="utf-8")
    (interaction,) = yaml.safe_load(text)["interactions"]
    request, response = interaction["request"], interaction["response"]

    assert json.loads(request["body"])["messages"] == [{"role": "user", "content": PROMPT}]
    assert json.loads(response["body"]["string"]) == stand_in_completion()
    for secret in (SECRET, ORGANIZATION, "cookie-secret", "req-noise"):
        assert secret not in text
    sent = {name.lower() for name in request["headers"]}
    assert not sent & {"authorization", "api-key", "openai-organization"}
    assert not any(name.startswith("x-stainless-") for name in sent)
    kept = {name.lower() for name in response["headers"]}
    assert not kept & {"set-cookie", "openai-organization", "x-request-id", "content-encoding"}


def test_replay_needs_no_server_and_no_network(
    tmp_path: Path, server: HandmadeStandInServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(tmp_path, server.port)
    server.stop()
    served = server.requests
    with pytest.raises(openai.APIConnectionError):
        ask(server.port)  # without a cassette the closed port really is unreachable

    block_network(monkeypatch)
    assert replay(tmp_path, server.port) == STAND_IN_CONTENT
    assert server.requests == served


def test_replay_of_a_changed_request_is_one_line_with_the_rerecord_command(
    tmp_path: Path, server: HandmadeStandInServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(tmp_path, server.port)
    server.stop()
    block_network(monkeypatch)
    with pytest.raises(CassetteMissing) as caught:  # noqa: SIM117 - inspect the raw error first
        with recording(tmp_path, KEY, ReplayMode.REPLAY, HINT, document=DOCUMENT):
            with pytest.raises(openai.APIConnectionError) as raw:
                ask(server.port, "A different prompt.")
            assert unmatched_request(raw.value)
            raise raw.value
    assert str(caught.value) == expected_message(tmp_path)


class Headline(BaseModel):
    headline: str


def ask_instructor(port: int, content: str) -> Headline:
    patched = instructor.from_openai(client(port), mode=instructor.Mode.JSON)
    return asyncio.run(
        patched.chat.completions.create(
            model="handmade-stand-in",
            response_model=Headline,
            messages=[{"role": "user", "content": content}],
            max_retries=0,
        )
    )


def test_instructor_wrapped_unmatched_request_is_found_and_converted(
    tmp_path: Path, server: HandmadeStandInServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with recording(tmp_path, KEY, ReplayMode.RECORD, HINT, document=DOCUMENT):
        assert ask_instructor(server.port, PROMPT).headline.startswith("Stand-in")
    server.stop()
    block_network(monkeypatch)
    with recording(tmp_path, KEY, ReplayMode.REPLAY, HINT, document=DOCUMENT):
        assert ask_instructor(server.port, PROMPT).headline.startswith("Stand-in")

    with pytest.raises(CassetteMissing) as caught:  # noqa: SIM117 - inspect the raw error first
        with recording(tmp_path, KEY, ReplayMode.REPLAY, HINT, document=DOCUMENT):
            with pytest.raises(InstructorRetryException) as raw:
                ask_instructor(server.port, "A different prompt.")
            assert unmatched_request(raw.value)
            raise raw.value
    assert str(caught.value) == expected_message(tmp_path)


def test_an_ordinary_connection_error_is_not_an_unmatched_request() -> None:
    with pytest.raises(openai.APIConnectionError) as caught:
        ask(closed_port())
    assert not unmatched_request(caught.value)


def test_each_recorded_answer_is_played_once(tmp_path: Path, server: HandmadeStandInServer) -> None:
    record(tmp_path, server.port)
    server.stop()
    with (
        pytest.raises(CassetteMissing),
        recording(tmp_path, KEY, ReplayMode.REPLAY, HINT, document=DOCUMENT),
    ):
        assert ask(server.port) == STAND_IN_CONTENT
        ask(server.port)


def test_record_writes_a_fresh_cassette(tmp_path: Path, server: HandmadeStandInServer) -> None:
    record(tmp_path, server.port, "first prompt")
    record(tmp_path, server.port, "second prompt")
    text = cassette_path(tmp_path, KEY).read_text(encoding="utf-8")
    assert "second prompt" in text
    assert "first prompt" not in text


def test_missing_cassette_fails_at_once(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(CassetteMissing) as caught:  # noqa: SIM117 - the raise is at `with`
        with recording(tmp_path, KEY, ReplayMode.REPLAY, HINT, document=DOCUMENT):
            pytest.fail("the block must not run without a cassette")
    assert time.monotonic() - started < FAST_FAILURE_SECONDS
    message = str(caught.value)
    assert "\n" not in message
    assert message.endswith(f"re-record with: {HINT}")
    assert str(cassette_path(tmp_path, KEY)) in message


def test_pydantic_errors_url_version_does_not_break_matching(
    tmp_path: Path, server: HandmadeStandInServer
) -> None:
    reask = "Fix: value_error, see https://errors.pydantic.dev/{}/v/value_error"
    record(tmp_path, server.port, reask.format("2.14"))
    server.stop()
    assert replay(tmp_path, server.port, reask.format("2.15")) == STAND_IN_CONTENT


@pytest.mark.parametrize(
    ("recorded", "sent", "match"),
    [
        ({"model": "m", "user": "a"}, {"model": "m", "user": "b"}, True),
        ({"model": "m", "seed": 1}, {"model": "m", "seed": 2}, False),
        ({"schema": {"user": {"type": "string"}}}, {"schema": {}}, False),
    ],
)
def test_body_matcher_ignores_top_level_noise_only(
    recorded: dict[str, Any], sent: dict[str, Any], match: bool
) -> None:
    def request(body: dict[str, Any]) -> Request:
        return Request("POST", "http://127.0.0.1/v1/chat/completions", json.dumps(body), {})

    try:
        body_normalised(request(sent), request(recorded))
    except AssertionError:
        assert not match
    else:
        assert match


def test_a_different_port_at_replay_still_matches(
    tmp_path: Path, server: HandmadeStandInServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(tmp_path, server.port)
    server.stop()
    other_port = closed_port()
    assert other_port != server.port
    block_network(monkeypatch)
    assert replay(tmp_path, other_port) == STAND_IN_CONTENT


def test_async_client_records_and_replays(
    tmp_path: Path, server: HandmadeStandInServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def ask_async(port: int) -> str | None:
        async with httpx.AsyncClient() as http:
            async_client = openai.AsyncOpenAI(
                base_url=f"http://127.0.0.1:{port}/v1",
                api_key=SECRET,
                max_retries=0,
                http_client=http,
            )
            answer = await async_client.chat.completions.create(
                model="handmade-stand-in", messages=[{"role": "user", "content": PROMPT}]
            )
            return answer.choices[0].message.content

    with recording(tmp_path, KEY, ReplayMode.RECORD, HINT):
        assert asyncio.run(ask_async(server.port)) == STAND_IN_CONTENT
    server.stop()
    block_network(monkeypatch)
    with recording(tmp_path, KEY, ReplayMode.REPLAY, HINT):
        assert asyncio.run(ask_async(closed_port())) == STAND_IN_CONTENT
    assert SECRET not in cassette_path(tmp_path, KEY).read_text(encoding="utf-8")
