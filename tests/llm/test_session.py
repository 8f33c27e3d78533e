"""The embedded model's server starts with the first request, once, and never for a run
that needs no answer.

The server is a fake that counts its starts and stops; no weights or llama_cpp are needed.
Answers, where a test needs them, come from a hand-made responder at the httpx transport.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bench.standin import summary_for
from summarise.core.errors import ConfigurationError
from summarise.core.settings import Settings
from summarise.core.tokens import TokenCounter, estimate_tokens
from summarise.llm import session
from summarise.llm.endpoint import Endpoint
from summarise.llm.session import open_session
from summarise.runs.batch import BatchOptions, BatchResult, run_batch
from tests.handmade_llm import HandmadeResponder

START_SECONDS = 0.05
"""How long the fake takes to start: long enough for concurrent first requests to overlap."""


class FakeServer:
    """Stands in for :func:`summarise.llm.embedded.embedded_server`: records the port of
    each start and counts stops; ``failure``, when set, is what every start raises."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.stopped = 0
        self.failure: Exception | None = None

    @contextmanager
    def serve(
        self,
        weights: Path,
        chat_format: str | None,
        alias: str,
        port: int = 0,
        verbose: bool = False,
    ) -> Iterator[str]:
        self.started.append(port)
        time.sleep(START_SECONDS)
        if self.failure is not None:
            raise self.failure
        try:
            yield f"http://127.0.0.1:{port}/v1"
        finally:
            self.stopped += 1


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> FakeServer:
    """The fake in place of the embedded server, with weights that need not exist."""
    fake = FakeServer()

    def weights(model_path: Path | None, name: str) -> tuple[Path, str | None]:
        return Path("not-loaded.gguf"), "gemma"

    def counter(model_path: Path | None, name: str, verbose: bool = False) -> TokenCounter:
        return estimate_tokens

    monkeypatch.setattr(session, "embedded_server", fake.serve)
    monkeypatch.setattr(session, "locate_weights", weights)
    monkeypatch.setattr(session, "require_server", lambda: None)
    monkeypatch.setattr(session, "vocab_counter", counter)
    return fake


@pytest.fixture
def local() -> Settings:
    return Settings(provider="local", _env_file=None)


def _port(endpoint: Endpoint) -> int | None:
    return endpoint.openai.base_url.port


def test_a_session_without_a_request_never_starts_the_server(
    server: FakeServer, local: Settings
) -> None:
    with open_session(local) as endpoint:
        assert endpoint.starter is not None
    assert (server.started, server.stopped) == ([], 0)


def test_the_first_request_starts_the_server_once_and_the_session_stops_it(
    server: FakeServer, local: Settings
) -> None:
    async def requests(endpoint: Endpoint) -> None:
        await endpoint.ensure_started()
        await endpoint.ensure_started()

    with open_session(local) as endpoint:
        asyncio.run(requests(endpoint))
        assert (server.started, server.stopped) == ([_port(endpoint)], 0)
    assert server.stopped == 1


def test_concurrent_first_requests_start_the_server_once(
    server: FakeServer, local: Settings
) -> None:
    async def requests(endpoint: Endpoint) -> None:
        await asyncio.gather(*(endpoint.ensure_started() for _ in range(8)))

    with open_session(local) as endpoint:
        asyncio.run(requests(endpoint))
        assert server.started == [_port(endpoint)]
    assert server.stopped == 1


def test_a_failed_start_is_raised_again_without_a_second_attempt(
    server: FakeServer, local: Settings
) -> None:
    server.failure = ConfigurationError("the embedded model server did not start")

    async def two_requests(endpoint: Endpoint) -> list[BaseException]:
        raised = []
        for _ in range(2):
            with pytest.raises(ConfigurationError, match="did not start") as failed:
                await endpoint.ensure_started()
            raised.append(failed.value)
        return raised

    with open_session(local) as endpoint:
        first, second = asyncio.run(two_requests(endpoint))
    assert second is first is server.failure
    assert (len(server.started), server.stopped) == (1, 0)


def test_a_caller_cancelled_during_the_start_leaves_it_to_finish(
    server: FakeServer, local: Settings
) -> None:
    async def cancel_then_ask(endpoint: Endpoint) -> None:
        first = asyncio.ensure_future(endpoint.ensure_started())
        await asyncio.sleep(START_SECONDS / 5)  # the start is under way in its thread
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        await endpoint.ensure_started()  # waits for the same start, does not redo it

    with open_session(local) as endpoint:
        asyncio.run(cancel_then_ask(endpoint))
        assert server.started == [_port(endpoint)]
    assert server.stopped == 1


def test_a_batch_rerun_with_every_document_done_never_starts_the_server(
    server: FakeServer, local: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The acceptance test: the first run starts the model once for its three documents;
    the re-run finds all three done under the same cache key and starts nothing. The full
    strategy makes each document one request the responder answers from the document
    itself; when the model starts does not depend on the strategy."""
    responder = HandmadeResponder(summary_for)
    real_open_endpoint = session.open_endpoint

    def answered_by_hand(settings: Settings, **options: Any) -> Endpoint:
        return real_open_endpoint(settings, http_transport=responder.transport, **options)

    monkeypatch.setattr(session, "open_endpoint", answered_by_hand)
    archive = tmp_path / "archive"
    archive.mkdir()
    for number, drug in enumerate(("Alphanib", "Betamab", "Gammastat")):
        (archive / f"release{number}.txt").write_text(
            f"{drug} was approved by the regulator today. It treats {number + 2} diseases.\n",
            encoding="utf-8",
        )
    options = BatchOptions(out_dir=tmp_path / "out", show_progress=False)
    local_full = local.model_copy(update={"strategy": "full"})

    def batch() -> BatchResult:
        return asyncio.run(run_batch([str(archive)], options, local_full))

    first = batch()
    assert (first.done, first.failed, len(server.started), server.stopped) == (3, 0, 1, 1)
    assert sorted(document.split(" was")[0] for document in responder.documents) == [
        "Alphanib",
        "Betamab",
        "Gammastat",
    ]
    second = batch()
    assert (second.cached, second.done, second.failed) == (3, 0, 0)
    assert (len(server.started), server.stopped) == (1, 1)
    assert len(responder.requests) == 3, "the re-run made a request"
