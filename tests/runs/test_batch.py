"""The batch runner against the hand-made stand-in server (bench/standin.py)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.standin import Faults, HandmadeStandIn
from summarise.core.errors import ConfigurationError
from summarise.core.settings import Settings
from summarise.runs import batch as batch_module
from summarise.runs.batch import BatchOptions, run_batch, worker_count
from summarise.runs.ledger import Ledger
from tests.conftest import ROOT


def _archive(folder: Path, count: int, prefix: str = "doc") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"{prefix}{number:04d}.txt").write_text(
            f"Examplinib number {number} was approved by the regulator today. "
            f"The approval covers {number + 3} indications.\n",
            encoding="utf-8",
        )
    return folder


def _settings(server: HandmadeStandIn) -> Settings:
    return Settings(base_url=server.base_url, api_key="stand-in", model="stand-in", _env_file=None)


def _run(inputs: list[Path], out: Path, settings: Settings, **options) -> batch_module.BatchResult:
    chosen = BatchOptions(out_dir=out, show_progress=False, **options)
    return asyncio.run(run_batch([str(path) for path in inputs], chosen, settings))


def _statuses(out: Path) -> dict[str, int]:
    with sqlite3.connect(out / "ledger.sqlite") as db:
        return dict(db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status"))


def test_concurrency_limit_is_honoured(tmp_path):
    archive = _archive(tmp_path / "archive", 24)
    with HandmadeStandIn(latency=0.15) as server:
        result = _run([archive], tmp_path / "out", _settings(server), concurrency=4)
        assert server.in_flight_max == 4
    assert (result.done, result.failed) == (24, 0)


def test_rerun_is_all_cached_and_a_prompt_or_schema_change_is_a_miss(tmp_path, monkeypatch):
    archive = _archive(tmp_path / "archive", 6)
    out = tmp_path / "out"
    with HandmadeStandIn() as server:
        settings = _settings(server)
        first = _run([archive], out, settings)
        after_first = server.requests
        second = _run([archive], out, settings)
        assert server.requests == after_first, "a finished batch must make no LLM call"
        monkeypatch.setattr(batch_module, "prompt_version", lambda: "changed-prompt")
        third = _run([archive], out, settings)
        monkeypatch.setattr(batch_module, "SCHEMA_VERSION", "9.9.9")
        fourth = _run([archive], out, settings)
    assert (first.done, second.cached, second.done) == (6, 6, 0)
    assert (third.done, third.cached) == (6, 0)
    assert (fourth.done, fourth.cached) == (6, 0)


def test_documents_summarised_with_no_facts_are_counted(tmp_path):
    archive = _archive(tmp_path / "archive", 2)
    # The stand-in quotes the first sentence, too short here to align: grounding drops the fact.
    (archive / "short.txt").write_text("OK.\nA sentence no answer quotes.\n", encoding="utf-8")
    with HandmadeStandIn() as server:
        result = _run([archive], tmp_path / "out", _settings(server))
    assert (result.done, result.no_facts, result.failed) == (3, 1, 0)


def test_identical_documents_under_two_names_are_summarised_once(tmp_path):
    archive = _archive(tmp_path / "archive", 3)
    (archive / "copy_of_doc0001.txt").write_bytes((archive / "doc0001.txt").read_bytes())
    with HandmadeStandIn() as server:
        result = _run([archive], tmp_path / "out", _settings(server), concurrency=1)
        assert server.requests == 3
    assert (result.done, result.cached) == (3, 1)
    copy = "copy_of_doc0001.txt"
    copied = tmp_path / "out" / "summaries" / f"{copy}.json"
    record = json.loads(copied.read_text(encoding="utf-8"))
    assert record["provenance"]["source_file"].endswith("copy_of_doc0001.txt")
    assert record["summary"]["headline"].startswith("Examplinib number 1 ")


def test_a_bad_file_fails_alone_and_is_reported(tmp_path):
    archive = _archive(tmp_path / "archive", 4)
    (archive / "empty.txt").write_text("", encoding="utf-8")
    (archive / "blob.txt").write_bytes(b"\x00\x01binary\x00" * 10)
    with HandmadeStandIn() as server:
        result = _run([archive], tmp_path / "out", _settings(server))
    assert (result.done, result.failed) == (4, 2)
    assert result.failures[0][:2] == ("input", 2)
    assert _statuses(tmp_path / "out") == {"done": 4, "failed": 2}
    with Ledger(tmp_path / "out") as ledger:
        errors = {row.doc_id.rsplit("/", 1)[-1]: row.error for row in ledger.rows()}
    assert "empty" in errors["empty.txt"] and "binary" in errors["blob.txt"]


def test_provider_faults_are_retried_and_every_document_finishes(tmp_path):
    archive = _archive(tmp_path / "archive", 30)
    faults = Faults(rate_429=0.1, rate_500=0.05, rate_drop=0.02)
    with HandmadeStandIn(faults=faults, seed=3) as server:
        result = _run([archive], tmp_path / "out", _settings(server), concurrency=8)
        assert server.requests > 30
    assert (result.done, result.failed) == (30, 0)


def test_exports_hold_one_row_per_fact(tmp_path):
    archive = _archive(tmp_path / "archive", 5)
    with HandmadeStandIn() as server:
        _run([archive], tmp_path / "out", _settings(server))
    lines = (tmp_path / "out" / "summaries.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5
    assert json.loads(lines[0])["summary"]["drugs"][0]["name"] == "Examplinib"


def test_a_second_run_on_the_same_folder_is_refused(tmp_path):
    with Ledger(tmp_path), pytest.raises(ConfigurationError, match="another batch"):
        Ledger(tmp_path).__enter__()


def _batch_process(archive: Path, out: Path, server: HandmadeStandIn) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "summarise",
        "batch",
        "run",
        str(archive),
        "--out",
        str(out),
        "--base-url",
        server.base_url,
        "--model",
        "stand-in",
        "--concurrency",
        "4",
        "--quiet",
    ]
    environment = {**os.environ, "OPENAI_API_KEY": "stand-in"}
    return subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _wait_for_some_done(
    process: subprocess.Popen, out: Path, at_least: int, timeout: float = 30
) -> None:
    """Poll the ledger (which may not have its tables yet) until enough documents are done;
    kill the batch if it never gets there, so no process outlives the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if _statuses(out).get("done", 0) >= at_least:
                return
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    process.kill()
    raise AssertionError("the batch made no progress")


def _assert_complete(out: Path, archive: Path, count: int) -> None:
    assert _statuses(out) == {"done": count}
    written = sorted((out / "summaries").rglob("*.json"))
    assert len(written) == count
    assert not list(out.rglob("*.tmp")), "a half-written file was left behind"
    for path in written:
        json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_killed_then_resumed_batch_completes_without_duplicates(tmp_path):
    archive = _archive(tmp_path / "archive", 40)
    out = tmp_path / "out"
    with HandmadeStandIn(latency=0.3) as server:
        process = _batch_process(archive, out, server)
        _wait_for_some_done(process, out, at_least=8)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        before_resume = server.requests
        assert _statuses(out).get("done", 0) < 40
        resumed = _batch_process(archive, out, server)
        assert resumed.wait(timeout=60) == 0, resumed.stderr.read().decode()
        paid = server.requests
    _assert_complete(out, archive, 40)
    # only documents in progress at the kill (at most one per worker) are paid twice
    assert paid - 40 <= worker_count(4), f"{paid} requests for 40 documents ({before_resume} first)"


@pytest.mark.slow
def test_ctrl_c_finishes_in_flight_work_and_the_rerun_completes(tmp_path):
    archive = _archive(tmp_path / "archive", 40)
    out = tmp_path / "out"
    with HandmadeStandIn(latency=0.3) as server:
        process = _batch_process(archive, out, server)
        _wait_for_some_done(process, out, at_least=4)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 130
        assert "run the same command again" in process.stderr.read().decode()
        assert "running" not in _statuses(out)
        assert _batch_process(archive, out, server).wait(timeout=60) == 0
        assert server.requests == 40, "a document finished before Ctrl-C was paid again"
    _assert_complete(out, archive, 40)


def test_chunks_share_the_batch_limit_on_requests_in_flight(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(3):
        paragraphs = [
            f"Examplinib paragraph {p} of report {number} says little." for p in range(60)
        ]
        (archive / f"long{number}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    with HandmadeStandIn(latency=0.1) as server:
        settings = _settings(server).model_copy(update={"input_budget_tokens": 150})
        result = _run([archive], tmp_path / "out", settings, concurrency=2)
        assert server.requests > 6, "long documents must have been chunked"
        assert server.in_flight_max == 2
    assert result.done == 3


def test_the_same_batch_from_another_folder_adds_nothing_and_exports_once(tmp_path, monkeypatch):
    archive = _archive(tmp_path / "data" / "archive", 3)
    out = tmp_path / "out"
    with HandmadeStandIn() as server:
        monkeypatch.chdir(tmp_path)
        first = _run([Path("data/archive")], out, _settings(server))
        monkeypatch.chdir(archive)
        again = _run([Path(".")], out, _settings(server))
        assert server.requests == 3
    assert (first.done, again.done, again.cached) == (3, 0, 3)
    assert _statuses(out) == {"done": 3}
    exported = (out / "summaries.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["doc_id"] for line in exported) == [
        "doc0000.txt",
        "doc0001.txt",
        "doc0002.txt",
    ]  # once each, not doubled under a second set of names
    assert sorted(path.name for path in (out / "summaries").rglob("*.json")) == [
        "doc0000.txt.json",
        "doc0001.txt.json",
        "doc0002.txt.json",
    ]


def test_files_no_loader_reads_are_reported_not_dropped(tmp_path):
    archive = _archive(tmp_path / "archive", 2)
    (archive / "slides.docx").write_bytes(b"PK\x03\x04")
    (archive / "notes.rtf").write_text("{\\rtf1}", encoding="utf-8")
    with HandmadeStandIn() as server:
        result = _run([archive], tmp_path / "out", _settings(server))
    assert result.done == 2
    assert result.skipped.count == 2
    assert sorted(Path(name).name for name in result.skipped.examples) == [
        "notes.rtf",
        "slides.docx",
    ]


def _interrupt_after(monkeypatch, documents: int) -> None:
    """Ctrl-C (SIGINT to this process) once ``documents`` summaries have been made."""
    real = batch_module.summarise_source
    made = 0

    async def then_interrupt(source, endpoint):
        nonlocal made
        record = await real(source, endpoint)
        made += 1
        if made == documents:
            os.kill(os.getpid(), signal.SIGINT)
            await asyncio.sleep(0.05)  # the loop's handler runs before the next document
        return record

    monkeypatch.setattr(batch_module, "summarise_source", then_interrupt)


def test_ctrl_c_after_the_last_document_leaves_nothing_and_writes_exports(tmp_path, monkeypatch):
    archive = _archive(tmp_path / "archive", 3)
    _interrupt_after(monkeypatch, 3)
    with HandmadeStandIn() as server:
        result = _run([archive], tmp_path / "out", _settings(server), concurrency=1)
    assert result.interrupted and result.remaining == 0 and result.done == 3
    assert len((tmp_path / "out" / "summaries.jsonl").read_text().splitlines()) == 3


def test_ctrl_c_midway_counts_what_is_left_and_exports_what_is_done(tmp_path, monkeypatch):
    archive = _archive(tmp_path / "archive", 4)
    _interrupt_after(monkeypatch, 1)
    with HandmadeStandIn() as server:
        result = _run([archive], tmp_path / "out", _settings(server), concurrency=1)
    assert result.interrupted and result.done + result.remaining == 4 and result.remaining >= 1
    exported = (tmp_path / "out" / "summaries.jsonl").read_text().splitlines()
    assert len(exported) == result.done
