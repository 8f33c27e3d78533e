"""Ledger migrations: an older ledger is upgraded in place when opened, a newer one refused."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from bench.standin import HandmadeStandIn
from summarise.core.errors import ConfigurationError
from summarise.runs import migrations
from summarise.runs.ledger import LEDGER_FILE, LEDGER_VERSION, Ledger, Status
from tests.runs.test_batch import _archive, _run, _settings

VERSION_1_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, model TEXT, prompt_version TEXT, schema_version TEXT, outcome TEXT);
CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, source_path TEXT NOT NULL, source_sha256 TEXT, cache_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0, tokens_in INTEGER NOT NULL DEFAULT 0, tokens_out INTEGER NOT NULL DEFAULT 0, cost_usd REAL, error_kind TEXT, error TEXT, started_at TEXT, finished_at TEXT, duration_ms REAL, output_path TEXT, reused_from TEXT, run_id INTEGER REFERENCES runs(run_id));
CREATE INDEX IF NOT EXISTS documents_by_key ON documents(cache_key, status);
CREATE INDEX IF NOT EXISTS documents_by_status ON documents(status);
"""  # noqa: E501
"""The schema before the Batch API, verbatim: no 'submitted' status, no batch tables."""

VERSION_2_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (run_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, model TEXT, prompt_version TEXT, schema_version TEXT, outcome TEXT);
CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, source_path TEXT NOT NULL, source_sha256 TEXT, cache_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'submitted', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0, tokens_in INTEGER NOT NULL DEFAULT 0, tokens_out INTEGER NOT NULL DEFAULT 0, cost_usd REAL, error_kind TEXT, error TEXT, started_at TEXT, finished_at TEXT, duration_ms REAL, output_path TEXT, reused_from TEXT, run_id INTEGER REFERENCES runs(run_id));
CREATE TABLE IF NOT EXISTS provider_batches (batch_id TEXT PRIMARY KEY, input_file_id TEXT NOT NULL, request_count INTEGER NOT NULL, estimated_input_tokens INTEGER, status TEXT NOT NULL, output_file_id TEXT, error_file_id TEXT, created_at TEXT NOT NULL, collected_at TEXT, run_id INTEGER REFERENCES runs(run_id));
CREATE TABLE IF NOT EXISTS batch_requests (custom_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id), chunk_index INTEGER NOT NULL, chunk_count INTEGER NOT NULL, batch_id TEXT REFERENCES provider_batches(batch_id));
CREATE INDEX IF NOT EXISTS documents_by_key ON documents(cache_key, status);
CREATE INDEX IF NOT EXISTS documents_by_status ON documents(status);
"""  # noqa: E501
"""The schema with the Batch API's tables and before the digest's, as version 2 wrote it."""

CURRENT_SCHEMA = ";\n".join(migrations.SCHEMA)
BATCH_API_TOUCHED_SCHEMA = VERSION_1_SCHEMA + VERSION_2_SCHEMA
"""A version-1 ledger that the Batch API code opened: it added the (empty) batch tables."""
CURRENT_VERSION = str(LEDGER_VERSION)
VERSION_2_OBJECTS = {
    "meta",
    "sqlite_autoindex_meta_1",
    "runs",
    "documents",
    "sqlite_autoindex_documents_1",
    "documents_by_key",
    "documents_by_status",
    "provider_batches",
    "sqlite_autoindex_provider_batches_1",
    "batch_requests",
    "sqlite_autoindex_batch_requests_1",
}
RESOLUTION_OBJECTS = {
    "resolved_events",
    "sqlite_autoindex_resolved_events_1",
    "event_values",
    "sqlite_autoindex_event_values_1",
    "event_sources",
    "event_sources_by_event",
    "event_sources_by_document",
    "event_conflicts",
}
"""What version 3 adds: the digest's resolved events, their values and sources, and a view
of the values their sources disagree on."""

DONE_OUTPUT = "summaries/archive/a.txt.json"
RUN = {
    "run_id": 1,
    "started_at": "2025-01-02T03:04:05+00:00",
    "finished_at": "2025-01-02T03:09:00+00:00",
    "model": "gpt-4o-mini",
    "prompt_version": "p7",
    "schema_version": "1.2.0",
    "outcome": "finished",
}
DONE = {
    "doc_id": "archive/a.txt",
    "source_path": "archive/a.txt",
    "source_sha256": "ab" * 32,
    "cache_key": "cd" * 32,
    "status": "done",
    "attempts": 2,
    "tokens_in": 1234,
    "tokens_out": 567,
    "cost_usd": 0.000123456789012345,
    "started_at": "2025-01-02T03:04:06+00:00",
    "finished_at": "2025-01-02T03:04:09+00:00",
    "duration_ms": 812.25,
    "output_path": DONE_OUTPUT,
    "run_id": 1,
}
FAILED = {
    "doc_id": "archive/b.txt",
    "source_path": "archive/b.txt",
    "status": "failed",
    "error_kind": "input",
    "error": "archive/b.txt: the file is empty — nothing to summarise",
    "finished_at": "2025-01-02T03:04:07+00:00",
    "duration_ms": 1.5,
    "run_id": 1,
}
VERSION_1_ROWS = {"runs": [RUN], "documents": [DONE, FAILED]}
CURRENT_ROWS = {
    "runs": [RUN],
    "documents": [
        DONE,
        FAILED,
        {
            "doc_id": "archive/c.txt",
            "source_path": "archive/c.txt",
            "cache_key": "01" * 32,
            "status": "submitted",
            "started_at": "2025-01-02T03:05:00+00:00",
            "run_id": 1,
        },
    ],
    "provider_batches": [
        {
            "batch_id": "batch_1",
            "input_file_id": "file_1",
            "request_count": 1,
            "estimated_input_tokens": 321,
            "status": "in_progress",
            "created_at": "2025-01-02T03:05:01+00:00",
            "run_id": 1,
        }
    ],
    "batch_requests": [
        {
            "custom_id": "c0ffee-0",
            "doc_id": "archive/c.txt",
            "chunk_index": 0,
            "chunk_count": 1,
            "batch_id": "batch_1",
        }
    ],
}
"""Rows as the Batch API code wrote them: a document waiting in a provider batch."""
Rows = dict[str, list[dict[str, Any]]]


def _write_ledger(out: Path, schema: str, version: str, tables: Rows) -> Path:
    """A ledger file as some earlier (or later) summarise left it; unnamed columns take
    their defaults."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / LEDGER_FILE
    with closing(sqlite3.connect(path)) as db:
        db.executescript(schema)
        db.execute("INSERT INTO meta VALUES ('ledger_version', ?)", (version,))
        for table, rows in tables.items():
            for row in rows:
                names = ", ".join(row)
                values = ", ".join(f":{name}" for name in row)
                db.execute(f"INSERT INTO {table} ({names}) VALUES ({values})", row)
        db.commit()
    return path


def _contents(path: Path, *tables: str) -> dict[str, list[tuple]]:
    """Each table's rows, every value with its Python type (which is its SQLite storage
    class): equal contents are equal byte for byte, 1 and 1.0 included."""
    with closing(sqlite3.connect(path)) as db:
        return {
            table: [
                tuple((type(value).__name__, value) for value in row)
                for row in db.execute(f"SELECT * FROM {table} ORDER BY 1")
            ]
            for table in tables
        }


def _schema(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as db:
        return dict(db.execute("SELECT name, sql FROM sqlite_master"))


def _version(path: Path) -> str:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT value FROM meta WHERE key = 'ledger_version'").fetchone()[0]


@pytest.mark.parametrize(
    "schema", [VERSION_1_SCHEMA, BATCH_API_TOUCHED_SCHEMA], ids=["as-written", "batch-api-touched"]
)
def test_a_version_1_ledger_is_upgraded_keeping_every_value(tmp_path, schema):
    out = tmp_path / "out"
    path = _write_ledger(out, schema, "1", VERSION_1_ROWS)
    summary = out / DONE_OUTPUT
    summary.parent.mkdir(parents=True)
    written = '{"summary": {"headline": "Examplinib approved"}}\n'
    summary.write_text(written, encoding="utf-8")
    before = _contents(path, "runs", "documents")

    with Ledger(out) as ledger:
        done = ledger.get("archive/a.txt")
    assert _version(path) == CURRENT_VERSION
    assert _contents(path, "runs", "documents") == before
    assert set(_schema(path)) == VERSION_2_OBJECTS | RESOLUTION_OBJECTS
    assert (out / done.output_path).read_text(encoding="utf-8") == written

    with Ledger(out) as ledger:
        ledger.mark_submitted("archive/d.txt", "archive/d.txt", None, "23" * 32, [("d-0", 0, 1)])
        submitted = ledger.get("archive/d.txt")
        request = ledger.batch_request("d-0")
    assert submitted.status is Status.SUBMITTED
    assert request["doc_id"] == "archive/d.txt"


def test_a_ledger_in_the_batch_api_shape_that_says_version_1_is_upgraded_unrebuilt(tmp_path):
    out = tmp_path / "out"
    path = _write_ledger(out, VERSION_2_SCHEMA, "1", CURRENT_ROWS)
    before, schema_before = _contents(path, *CURRENT_ROWS), _schema(path)

    with Ledger(out) as ledger:
        waiting = [row.doc_id for row in ledger.rows(Status.SUBMITTED)]
    assert _version(path) == CURRENT_VERSION
    assert _contents(path, *CURRENT_ROWS) == before
    schema_after = _schema(path)
    assert {name: schema_after[name] for name in schema_before} == schema_before
    assert set(schema_after) - set(schema_before) == RESOLUTION_OBJECTS
    assert waiting == ["archive/c.txt"]


def test_a_version_2_ledger_gains_empty_resolution_tables_keeping_every_value(tmp_path):
    out = tmp_path / "out"
    path = _write_ledger(out, VERSION_2_SCHEMA, "2", CURRENT_ROWS)
    before, schema_before = _contents(path, *CURRENT_ROWS), _schema(path)

    with Ledger(out) as ledger:
        waiting = [row.doc_id for row in ledger.rows(Status.SUBMITTED)]
    assert _version(path) == CURRENT_VERSION
    assert _contents(path, *CURRENT_ROWS) == before
    schema_after = _schema(path)
    assert {name: schema_after[name] for name in schema_before} == schema_before
    assert set(schema_after) - set(schema_before) == RESOLUTION_OBJECTS
    assert _contents(path, "resolved_events", "event_values", "event_sources") == {
        "resolved_events": [],
        "event_values": [],
        "event_sources": [],
    }
    assert waiting == ["archive/c.txt"]


def test_the_rebuild_keeps_batch_requests_pointing_at_documents_under_enforced_keys(
    tmp_path, monkeypatch
):
    """Some SQLite builds enforce foreign keys by default; dropping the old documents table
    while a batch request names one of its rows must still work, and the reference must
    end up on the new table, not on a renamed old one."""
    out = tmp_path / "out"
    request = {"custom_id": "a-0", "doc_id": "archive/a.txt", "chunk_index": 0, "chunk_count": 1}
    rows = {**VERSION_1_ROWS, "batch_requests": [request]}
    path = _write_ledger(out, BATCH_API_TOUCHED_SCHEMA, "1", rows)
    connect = sqlite3.connect

    def enforcing(*arguments: Any, **options: Any) -> sqlite3.Connection:
        db = connect(*arguments, **options)
        db.execute("PRAGMA foreign_keys=ON")
        return db

    monkeypatch.setattr(sqlite3, "connect", enforcing)
    with Ledger(out) as ledger:
        enforced = ledger.db.execute("PRAGMA foreign_keys").fetchone()[0]
        dangling = ledger.db.execute("PRAGMA foreign_key_check").fetchall()
    monkeypatch.undo()
    assert (enforced, dangling) == (1, [])
    assert "REFERENCES documents(doc_id)" in _schema(path)["batch_requests"]
    assert "'submitted'" in _schema(path)["documents"]
    with Ledger(out) as ledger:
        assert dict(ledger.batch_request("a-0")) == {**request, "batch_id": None}


def test_a_newer_ledger_is_refused_in_one_line_and_left_untouched(tmp_path):
    out = tmp_path / "out"
    newer = LEDGER_VERSION + 1
    path = _write_ledger(out, CURRENT_SCHEMA, str(newer), CURRENT_ROWS)
    written = path.read_bytes()

    with pytest.raises(ConfigurationError) as refused, Ledger(out):
        pass
    assert str(refused.value) == (
        f"{out}: this ledger was written by a newer summarise (ledger version {newer}, this one "
        f"reads up to {LEDGER_VERSION}); upgrade summarise or use another --out"
    )
    assert path.read_bytes() == written


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a database\n" * 500)


def _another_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE notes (note TEXT)")


@pytest.mark.parametrize(
    ("make", "reason"),
    [(_garbage, "file is not a database"), (_another_database, "no such table: meta")],
    ids=["garbage", "another-database"],
)
def test_a_file_that_is_not_a_ledger_is_refused_in_one_line(tmp_path, make, reason):
    out = tmp_path / "out"
    out.mkdir()
    make(out / LEDGER_FILE)
    written = (out / LEDGER_FILE).read_bytes()

    with pytest.raises(ConfigurationError) as refused, Ledger(out):
        pass
    assert str(refused.value) == (
        f"{out / LEDGER_FILE}: cannot be read as a summarise ledger ({reason}); "
        "move it away or use another --out"
    )
    assert (out / LEDGER_FILE).read_bytes() == written


def test_a_migration_failing_midway_leaves_the_version_1_ledger_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "out"
    path = _write_ledger(out, VERSION_1_SCHEMA, "1", VERSION_1_ROWS)
    before, schema_before = _contents(path, "runs", "documents"), _schema(path)

    def swapped_then_broken(db: sqlite3.Connection) -> None:
        migrations.migrate_1_to_2(db)
        assert (
            "'submitted'"
            in db.execute("SELECT sql FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
        )
        raise RuntimeError("the disk filled up after the copy")

    monkeypatch.setitem(migrations.MIGRATIONS, 1, swapped_then_broken)
    with pytest.raises(RuntimeError) as failed, Ledger(out):
        pass
    assert str(failed.value) == "the disk filled up after the copy"
    assert _version(path) == "1"
    assert _schema(path) == schema_before
    assert _contents(path, "runs", "documents") == before

    monkeypatch.undo()
    # the failed open let go of the lock although its traceback is still held, and the
    # intact ledger upgrades
    with Ledger(out):
        pass
    assert _version(path) == CURRENT_VERSION


def test_every_older_version_has_its_migration():
    assert sorted(migrations.MIGRATIONS) == list(range(1, LEDGER_VERSION))


def _as_written_before_the_batch_api(out: Path) -> None:
    """The same runs and documents, in a ledger file as version 1 of summarise wrote it."""
    path = out / LEDGER_FILE
    with closing(sqlite3.connect(path)) as db:
        db.row_factory = sqlite3.Row
        tables = {
            table: [dict(row) for row in db.execute(f"SELECT * FROM {table}")]
            for table in ("runs", "documents")
        }
    path.unlink()
    _write_ledger(out, VERSION_1_SCHEMA, "1", tables)


def test_a_finished_version_1_batch_resumes_with_no_llm_call(tmp_path):
    archive = _archive(tmp_path / "archive", 4)
    out = tmp_path / "out"
    with HandmadeStandIn() as server:
        settings = _settings(server)
        first = _run([archive], out, settings)
        _as_written_before_the_batch_api(out)
        assert "'submitted'" not in _schema(out / LEDGER_FILE)["documents"]
        paid = server.requests
        resumed = _run([archive], out, settings)
        assert server.requests == paid, "a resumed version-1 batch must make no LLM call"
    assert (first.done, resumed.cached, resumed.done, resumed.failed) == (4, 4, 0, 0)
    assert _version(out / LEDGER_FILE) == CURRENT_VERSION
