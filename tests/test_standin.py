"""The hand-made stand-in server of the benchmarks: answers, injected faults, concurrency."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from bench.standin import Faults, HandmadeStandIn, fenced_document, first_sentence
from schemas import PressReleaseSummary
from summarise.prompting import build_messages
from summarise.transport import retry_after_seconds

DOCUMENTS = [
    f"Drug{n} won approval from the NMPA for use {n}. The company expects a launch in {2025 + n}."
    f"\nIt enrolled {100 + n} patients."
    for n in range(8)
]


def _request(document: str, model: str = "stand-in") -> dict[str, Any]:
    return {"model": model, "messages": build_messages(document, "English")}


async def _post_all(base_url: str, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=base_url, timeout=5.0) as client:
        return await asyncio.gather(*(client.post("/chat/completions", json=b) for b in bodies))


def test_concurrent_answers_parse_and_quote_their_document() -> None:
    with HandmadeStandIn(latency=0.05, seed=1) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        bodies = [_request(document, model=f"model-{n}") for n, document in enumerate(DOCUMENTS)]
        responses = asyncio.run(_post_all(server.base_url, bodies))
        assert server.requests == len(DOCUMENTS)
        assert server.by_outcome == {"ok": len(DOCUMENTS)}
    for n, (document, response) in enumerate(zip(DOCUMENTS, responses, strict=True)):
        assert response.status_code == 200
        payload = response.json()
        assert payload["model"] == f"model-{n}"
        choice = payload["choices"][0]
        assert choice["finish_reason"] == "stop"
        summary = PressReleaseSummary.model_validate_json(choice["message"]["content"])
        quote = summary.drugs[0].evidence[0].quote
        assert quote == f"Drug{n} won approval from the NMPA for use {n}."
        assert quote in document
        assert summary.drugs[0].name == f"Drug{n}"
        assert summary.headline == summary.summary == quote
        usage = payload["usage"]
        assert usage["prompt_tokens"] > 0 and usage["completion_tokens"] > 0
        assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_forced_429_asks_for_a_short_wait() -> None:
    with HandmadeStandIn(latency=0.0, faults=Faults(rate_429=1.0, retry_after_ms=50)) as server:
        (response,) = asyncio.run(_post_all(server.base_url, [_request(DOCUMENTS[0])]))
        assert server.by_outcome == {"429": 1}
    assert response.status_code == 429
    assert response.headers["retry-after-ms"] == "50"
    assert "retry-after" in response.headers
    assert retry_after_seconds(response) == pytest.approx(0.05)


def test_forced_500() -> None:
    with HandmadeStandIn(faults=Faults(rate_500=1.0)) as server:
        (response,) = asyncio.run(_post_all(server.base_url, [_request(DOCUMENTS[0])]))
    assert response.status_code == 500
    assert response.json()["error"]["type"] == "server_error"


def test_forced_drop_is_a_transport_error_on_the_client() -> None:
    with HandmadeStandIn(latency=0.0, faults=Faults(rate_drop=1.0)) as server:
        with pytest.raises(httpx.TransportError):
            asyncio.run(_post_all(server.base_url, [_request(DOCUMENTS[0])]))
        assert server.by_outcome == {"drop": 1}


def test_forced_truncation_cuts_the_json_in_half() -> None:
    with HandmadeStandIn(faults=Faults(rate_truncated=1.0)) as server:
        (response,) = asyncio.run(_post_all(server.base_url, [_request(DOCUMENTS[0])]))
    choice = response.json()["choices"][0]
    assert choice["finish_reason"] == "stop"
    with pytest.raises(json.JSONDecodeError):
        json.loads(choice["message"]["content"])


def test_in_flight_max_reaches_the_concurrency_used() -> None:
    with HandmadeStandIn(latency=0.2) as server:
        bodies = [_request(document) for document in DOCUMENTS]
        asyncio.run(_post_all(server.base_url, bodies))
        assert server.in_flight_max >= len(DOCUMENTS)
        assert server.in_flight == 0


def test_outcomes_follow_the_seed() -> None:
    faults = Faults(rate_429=0.3, rate_500=0.2)
    seen = []
    for _ in range(2):
        with HandmadeStandIn(faults=faults, seed=7) as server:
            bodies = [_request(document) for document in DOCUMENTS]
            asyncio.run(_post_all(server.base_url, bodies))
            seen.append(server.by_outcome)
    assert seen[0] == seen[1]
    assert sum(seen[0].values()) == len(DOCUMENTS)


def test_stop_is_clean_and_idempotent() -> None:
    server = HandmadeStandIn().start()
    base_url = server.base_url
    server.stop()
    server.stop()
    with pytest.raises(RuntimeError):
        _ = server.base_url
    with pytest.raises(httpx.TransportError):
        asyncio.run(_post_all(base_url, [_request(DOCUMENTS[0])]))


def test_bad_fault_rates_are_refused() -> None:
    with pytest.raises(ValueError):
        Faults(rate_429=0.7, rate_500=0.5)


def test_document_and_first_sentence_are_verbatim() -> None:
    messages = build_messages("FOO-1 is approved. It works.\nMore.", "English")
    reask = [*messages, {"role": "assistant", "content": "{}"}, {"role": "user", "content": "x"}]
    assert fenced_document(reask) == "FOO-1 is approved. It works.\nMore."
    assert first_sentence("Title line\nBody. More.") == "Title line"
    assert first_sentence("  A long one " + "x" * 300) == ("A long one " + "x" * 300)[:200]
    assert first_sentence("No. 5 stop. Then") == "No."
