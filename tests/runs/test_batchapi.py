"""The provider Batch API path against the hand-made stand-in's Files and Batches endpoints."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import openai
import pytest

from bench.standin import BatchFaults, HandmadeStandIn
from summarise.api import asummarise_file
from summarise.core.settings import Settings
from summarise.llm.endpoint import open_endpoint
from summarise.runs.batch import BatchOptions
from summarise.runs.batchapi import collect, custom_id_for, status, submit
from summarise.runs.ledger import Ledger, Status
from tests.handmade_llm import HandmadeResponder
from tests.runs.test_batch import _archive

MODEL = "gpt-4o-mini"
"""A model genai-prices knows, so that batch prices can be checked."""


def _settings(server: HandmadeStandIn) -> Settings:
    return Settings(base_url=server.base_url, api_key="stand-in", model=MODEL, _env_file=None)


def _submit(archive: Path, out: Path, server: HandmadeStandIn, live_below: int = 1):
    options = BatchOptions(out_dir=out, show_progress=False)
    return asyncio.run(submit([str(archive)], options, _settings(server), live_below=live_below))


def _statuses(out: Path) -> dict[str, int]:
    with Ledger(out) as ledger:
        return ledger.counts()


def test_submit_restart_status_collect(tmp_path):
    archive = _archive(tmp_path / "archive", 5)
    out = tmp_path / "out"
    with HandmadeStandIn(batch_faults=BatchFaults(polls_until_done=2)) as server:
        submitted = _submit(archive, out, server)
        assert (submitted.submitted_documents, submitted.requests) == (5, 5)
        assert len(submitted.batches) == 1 and server.requests == 0
        assert _statuses(out) == {"submitted": 5}

        # a restart: nothing but the folder and the settings
        first = asyncio.run(status(out, _settings(server)))
        assert [(state.status, state.total) for state in first] == [("in_progress", 5)]
        assert first[0].estimated_input_cost is not None
        second = asyncio.run(status(out, _settings(server)))
        assert (second[0].status, second[0].completed) == ("completed", 5)

        collected = asyncio.run(collect(out, _settings(server)))
        assert (collected.done, collected.failed, collected.asked_again_live) == (5, 0, 0)
        assert server.requests == 0, "no live call when every batch answer is grounded"
    assert _statuses(out) == {"done": 5}
    record = json.loads(next((out / "summaries").rglob("doc0002.txt.json")).read_text())
    assert record["summary"]["drugs"][0]["name"] == "Examplinib"
    live_price = record["provenance"]["cost_usd"] * 2
    assert record["provenance"]["cost_usd"] > 0 and live_price > record["provenance"]["cost_usd"]
    assert (out / "summaries.jsonl").read_text().count("\n") == 5


def test_batch_requests_are_exactly_what_a_live_call_sends(tmp_path):
    archive = _archive(tmp_path / "archive", 2)
    out = tmp_path / "out"
    with HandmadeStandIn() as server:
        submitted = _submit(archive, out, server)

        async def uploaded_lines() -> list[dict]:
            client = openai.AsyncOpenAI(base_url=server.base_url, api_key="x", max_retries=0)
            batch = await client.batches.retrieve(submitted.batches[0])
            content = await client.files.content(batch.input_file_id)
            return [json.loads(line) for line in content.text.splitlines()]

        lines = asyncio.run(uploaded_lines())
    live = HandmadeResponder(lambda document: {"document": {}, "headline": "h", "summary": "s"})
    endpoint = open_endpoint(_settings_for_live(), http_transport=live.transport)
    asyncio.run(asummarise_file(archive / "doc0001.txt", endpoint))
    sent = {line["custom_id"]: line for line in lines}
    line = sent[custom_id_for("doc0001.txt", 0)]
    assert (line["method"], line["url"]) == ("POST", "/v1/chat/completions")
    assert line["body"] == live.requests[0]


def _settings_for_live() -> Settings:
    return Settings(base_url="http://stand-in.test/v1", api_key="x", model=MODEL, _env_file=None)


def test_an_ungrounded_batch_answer_is_asked_again_live(tmp_path):
    archive = _archive(tmp_path / "archive", 3)
    out = tmp_path / "out"
    bad = custom_id_for("doc0001.txt", 0)
    with HandmadeStandIn(batch_faults=BatchFaults(ungrounded_custom_ids={bad})) as server:
        _submit(archive, out, server)
        collected = asyncio.run(collect(out, _settings(server)))
        assert server.requests == 1, "exactly the failed answer is asked again, live"
    assert (collected.done, collected.asked_again_live) == (3, 1)
    record = json.loads(next((out / "summaries").rglob("doc0001.txt.json")).read_text())
    quote = record["summary"]["drugs"][0]["evidence"][0]
    assert quote["alignment"] == "exact"


def test_an_expired_request_is_listed_and_fails_alone(tmp_path):
    archive = _archive(tmp_path / "archive", 3)
    out = tmp_path / "out"
    lost = custom_id_for("doc0002.txt", 0)
    with HandmadeStandIn(batch_faults=BatchFaults(expire_custom_ids={lost})) as server:
        _submit(archive, out, server)
        collected = asyncio.run(collect(out, _settings(server)))
    assert (collected.done, collected.failed) == (2, 1)
    assert collected.problems[0][0].endswith("doc0002.txt")
    assert "batch_expired" in collected.problems[0][1]
    with Ledger(out) as ledger:
        row = ledger.get("doc0002.txt")
    assert (row.status, row.error_kind) == (Status.FAILED, "batch")


def test_a_rerun_submits_nothing_already_done_or_in_flight(tmp_path):
    archive = _archive(tmp_path / "archive", 4)
    out = tmp_path / "out"
    with HandmadeStandIn() as server:
        _submit(archive, out, server)
        again = _submit(archive, out, server)
        assert (again.submitted_documents, again.already_submitted) == (0, 4)
        asyncio.run(collect(out, _settings(server)))
        (archive / "doc9999.txt").write_text("Newinib was approved today.\n", encoding="utf-8")
        third = _submit(archive, out, server)
        assert (third.submitted_documents, third.cached) == (1, 4)
        assert server.uploads == 2 and server.batches_created == 2


def test_a_small_batch_runs_live(tmp_path):
    archive = _archive(tmp_path / "archive", 2)
    with HandmadeStandIn() as server:
        submitted = _submit(archive, tmp_path / "out", server, live_below=20)
        assert submitted.ran_live is not None and submitted.ran_live.done == 2
        assert server.uploads == 0 and server.requests == 2


def test_the_pick_strategy_cannot_use_the_batch_api(tmp_path):
    from summarise.core.errors import ConfigurationError

    settings = Settings(provider="local", _env_file=None)
    options = BatchOptions(out_dir=tmp_path / "out", show_progress=False)
    with pytest.raises(ConfigurationError, match=r"can carry \(full\)"):
        asyncio.run(submit([str(tmp_path)], options, settings))
