"""The hand-made stand-in server of the benchmarks: answers, injected faults, concurrency."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import openai
import pytest
from openai.types.chat import ChatCompletion

from bench.standin import (
    INVENTED_QUOTE,
    BatchFaults,
    Faults,
    HandmadeStandIn,
    fenced_document,
    first_sentence,
)
from schemas import PressReleaseSummary
from summarise.llm.transport import retry_after_seconds
from summarise.pipeline.ground import check_summary
from summarise.pipeline.prompting import build_messages

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


# ---- Files and Batches, through the official SDK ------------------------------------------------

TOOLS = [{"type": "function", "function": {"name": "PressReleaseSummary", "parameters": {}}}]
CUSTOM_IDS = ["doc-0", "doc-1", "doc-2"]


def _batch_input(tools_for: frozenset[str] = frozenset({"doc-1"})) -> bytes:
    """Three JSONL request lines, one per document; the lines in ``tools_for`` ask for tools."""
    lines = []
    for custom_id, document in zip(CUSTOM_IDS, DOCUMENTS, strict=False):
        body = _request(document)
        if custom_id in tools_for:
            body["tools"] = TOOLS
        line = {"custom_id": custom_id, "method": "POST", "url": "/v1/chat/completions"}
        lines.append(json.dumps({**line, "body": body}))
    return ("\n".join(lines) + "\n").encode()


def _client(server: HandmadeStandIn) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=server.base_url, api_key="stand-in", max_retries=0)


def _summary_of(completion: ChatCompletion) -> PressReleaseSummary:
    message = completion.choices[0].message
    if message.tool_calls:
        return PressReleaseSummary.model_validate_json(message.tool_calls[0].function.arguments)
    assert message.content is not None
    return PressReleaseSummary.model_validate_json(message.content)


async def _run_batch(
    server: HandmadeStandIn, data: bytes, max_polls: int = 10
) -> tuple[list[Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Upload, create, retrieve until final: (every Batch seen, output lines, error lines)."""
    async with _client(server) as client:
        uploaded = await client.files.create(file=("requests.jsonl", data), purpose="batch")
        batch = await client.batches.create(
            input_file_id=uploaded.id,
            endpoint="/v1/chat/completions",
            completion_window="24h",
            metadata={"run": "test"},
        )
        seen = [batch]
        while batch.status not in ("completed", "expired", "failed", "cancelled"):
            assert len(seen) <= max_polls, "the batch never finished"
            batch = await client.batches.retrieve(batch.id)
            seen.append(batch)
        outputs: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for file_id, lines in ((batch.output_file_id, outputs), (batch.error_file_id, errors)):
            if file_id is not None:
                text = (await client.files.content(file_id)).text
                lines.extend(json.loads(line) for line in text.splitlines())
    return seen, outputs, errors


def test_batch_answers_every_line_as_chat_completions_would() -> None:
    data = _batch_input()
    with HandmadeStandIn(latency=5.0, faults=Faults(rate_500=1.0)) as server:
        seen, outputs, errors = asyncio.run(_run_batch(server, data))
        assert server.uploads == 1
        assert server.batches_created == 1
        assert server.batch_lines_answered == 3
        assert server.requests == 0  # batch lines are not chat-completion requests
        # the same body through the chat endpoint, without its latency and faults
        server.latency, server.faults = 0.0, Faults()
        (direct,) = asyncio.run(_post_all(server.base_url, [_request(DOCUMENTS[0])]))
        assert server.requests == 1
    created, final = seen[0], seen[-1]
    assert created.status == "validating" and created.output_file_id is None
    assert created.metadata == {"run": "test"} and created.model == "stand-in"
    assert [batch.status for batch in seen] == ["validating", "completed"]
    assert final.request_counts is not None
    assert final.request_counts.model_dump() == {"total": 3, "completed": 3, "failed": 0}
    assert final.error_file_id is None and errors == []
    assert isinstance(final.created_at, int) and final.completed_at is not None
    assert final.in_progress_at is not None and final.expires_at is not None
    assert [line["custom_id"] for line in outputs] == CUSTOM_IDS
    assert len({line["id"] for line in outputs}) == 3
    for line, document in zip(outputs, DOCUMENTS, strict=False):
        assert line["id"].startswith("batch_req_") and line["error"] is None
        assert line["response"]["status_code"] == 200 and line["response"]["request_id"]
        completion = ChatCompletion.model_validate(line["response"]["body"])
        summary = _summary_of(completion)
        assert summary.drugs[0].evidence[0].quote in document
        assert check_summary(summary, document) == []
    assert outputs[1]["response"]["body"]["choices"][0]["message"]["tool_calls"]
    assert outputs[0]["response"]["body"]["choices"] == direct.json()["choices"]


def test_files_round_trip_and_output_file_objects() -> None:
    data = _batch_input()

    async def scenario(server: HandmadeStandIn) -> None:
        async with _client(server) as client:
            uploaded = await client.files.create(file=("in.jsonl", data), purpose="batch")
            assert uploaded.id == "file-stand-in-1"
            assert (uploaded.object, uploaded.status, uploaded.purpose) == (
                "file",
                "processed",
                "batch",
            )
            assert (uploaded.filename, uploaded.bytes) == ("in.jsonl", len(data))
            assert (await client.files.retrieve(uploaded.id)) == uploaded
            assert (await client.files.content(uploaded.id)).content == data
            batch = await client.batches.create(
                input_file_id=uploaded.id,
                endpoint="/v1/chat/completions",
                completion_window="24h",
            )
            batch = await client.batches.retrieve(batch.id)
            assert batch.output_file_id is not None
            output = await client.files.retrieve(batch.output_file_id)
            assert output.purpose == "batch_output"
            content = await client.files.content(batch.output_file_id)
            assert output.bytes == len(content.content) and content.text.count("\n") == 3

    with HandmadeStandIn() as server:
        asyncio.run(scenario(server))
        assert server.uploads == 1  # output files are not uploads


def test_expired_lines_go_to_the_error_file_and_expire_the_batch() -> None:
    faults = BatchFaults(expire_custom_ids=frozenset({"doc-1"}))
    with HandmadeStandIn(batch_faults=faults) as server:
        seen, outputs, errors = asyncio.run(_run_batch(server, _batch_input()))
        assert server.batch_lines_answered == 2
    final = seen[-1]
    assert final.status == "expired" and final.expired_at is not None
    assert final.request_counts is not None
    assert final.request_counts.model_dump() == {"total": 3, "completed": 2, "failed": 1}
    assert final.output_file_id is not None and final.error_file_id is not None
    assert [line["custom_id"] for line in outputs] == ["doc-0", "doc-2"]
    (error,) = errors
    assert error["custom_id"] == "doc-1" and error["response"] is None
    assert error["error"]["code"] == "batch_expired"
    assert error["id"].startswith("batch_req_")


def test_ungrounded_line_quotes_text_not_in_its_document() -> None:
    faults = BatchFaults(ungrounded_custom_ids=frozenset({"doc-2"}))
    with HandmadeStandIn(batch_faults=faults) as server:
        seen, outputs, errors = asyncio.run(_run_batch(server, _batch_input()))
    assert seen[-1].status == "completed" and errors == []
    summaries = {
        line["custom_id"]: _summary_of(ChatCompletion.model_validate(line["response"]["body"]))
        for line in outputs
    }
    quote = summaries["doc-2"].drugs[0].evidence[0].quote
    assert quote == INVENTED_QUOTE and quote not in DOCUMENTS[2]
    assert check_summary(summaries["doc-2"], DOCUMENTS[2])  # the client's grounding rejects it
    assert check_summary(summaries["doc-0"], DOCUMENTS[0]) == []


def test_polls_until_done_sets_the_retrieves_needed() -> None:
    with HandmadeStandIn(batch_faults=BatchFaults(polls_until_done=3)) as server:
        seen, outputs, _ = asyncio.run(_run_batch(server, _batch_input()))
    statuses = [batch.status for batch in seen]
    assert statuses == ["validating", "in_progress", "finalizing", "completed"]
    assert all(batch.output_file_id is None for batch in seen[:-1])
    assert seen[1].request_counts is not None and seen[1].request_counts.total == 3
    assert len(outputs) == 3


def test_unknown_ids_are_404_not_found() -> None:
    async def scenario(server: HandmadeStandIn) -> list[str]:
        caught = []
        async with _client(server) as client:
            calls = (
                client.files.retrieve("file-missing"),
                client.files.content("file-missing"),
                client.batches.retrieve("batch_missing"),
                client.batches.create(
                    input_file_id="file-missing",
                    endpoint="/v1/chat/completions",
                    completion_window="24h",
                ),
            )
            for call in calls:
                with pytest.raises(openai.NotFoundError) as error:
                    await call
                assert error.value.status_code == 404
                caught.append(error.value.message)
        return caught

    with HandmadeStandIn() as server:
        messages = asyncio.run(scenario(server))
        assert server.batches_created == 0
    assert all("missing" in message for message in messages)


def test_invalid_lines_fail_the_batch_and_bad_bodies_are_400_lines() -> None:
    wrong_url = {"custom_id": "x", "method": "POST", "url": "/v1/embeddings", "body": {}}
    bad_body = {"custom_id": "y", "method": "POST", "url": "/v1/chat/completions", "body": {}}
    with HandmadeStandIn() as server:
        failed, _, _ = asyncio.run(_run_batch(server, (json.dumps(wrong_url) + "\n").encode()))
        data = _batch_input() + (json.dumps(bad_body) + "\n").encode()
        seen, outputs, errors = asyncio.run(_run_batch(server, data))
    assert failed[-1].status == "failed" and failed[-1].errors is not None
    assert failed[-1].errors.data is not None
    assert [(e.code, e.line) for e in failed[-1].errors.data] == [("mismatched_endpoint", 1)]
    assert seen[-1].status == "completed" and len(outputs) == 3
    (error,) = errors
    assert error["custom_id"] == "y" and error["response"]["status_code"] == 400


def test_cancel_ends_the_batch_cancelled() -> None:
    async def scenario(server: HandmadeStandIn) -> list[str]:
        async with _client(server) as client:
            uploaded = await client.files.create(file=("in.jsonl", _batch_input()), purpose="batch")
            batch = await client.batches.create(
                input_file_id=uploaded.id,
                endpoint="/v1/chat/completions",
                completion_window="24h",
            )
            cancelling = await client.batches.cancel(batch.id)
            cancelled = await client.batches.retrieve(batch.id)
            with pytest.raises(openai.ConflictError):
                await client.batches.cancel(batch.id)
            return [batch.status, cancelling.status, cancelled.status]

    with HandmadeStandIn(batch_faults=BatchFaults(polls_until_done=5)) as server:
        assert asyncio.run(scenario(server)) == ["validating", "cancelling", "cancelled"]


def test_bad_batch_faults_are_refused() -> None:
    with pytest.raises(ValueError):
        BatchFaults(polls_until_done=0)
    with pytest.raises(TypeError):
        BatchFaults(expire_custom_ids="doc-1")  # type: ignore[arg-type]
