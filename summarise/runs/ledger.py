"""ledger: the SQLite record of a batch, one row per document, in the output folder.

The ledger is what makes a batch resumable and honest: a re-run reads it to
skip what is done, retry what failed and redo what a crash left running; its
rows carry tokens, cost and errors for the report. Only one process may hold
a ledger at a time (an exclusive lock file), so two runs on one folder cannot
both pay for the same document. The ledger records its schema version: an
older ledger is upgraded in place when opened (``migrations``), a newer one refused.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from schemas.digest import ResolvedEvent
from summarise.core.errors import ConfigurationError
from summarise.runs.migrations import MIGRATIONS, create_schema
from summarise.views.values import LIST_SEPARATOR

LEDGER_FILE = "ledger.sqlite"
LOCK_FILE = "ledger.lock"
LEDGER_VERSION = 3
"""The schema version this code writes; an older ledger is upgraded on open, a newer one refused."""


class Status(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    SUBMITTED = "submitted"
    """In a provider batch: paid for, its answer not yet collected."""
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class Row:
    doc_id: str
    source_path: str
    source_sha256: str | None
    cache_key: str | None
    status: Status
    attempts: int
    tokens_in: int
    tokens_out: int
    cost_usd: float | None
    error_kind: str | None
    error: str | None
    output_path: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextmanager
def _foreign_keys_off(db: sqlite3.Connection) -> Iterator[None]:
    """Unenforced foreign keys for a migration, as SQLite's recipe for rebuilding a table
    says: enforced, dropping a table that other rows name is refused. The pragma is a no-op
    inside a transaction, so this goes around one; the setting found is put back."""
    (enforced,) = db.execute("PRAGMA foreign_keys").fetchone()
    db.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        db.execute(f"PRAGMA foreign_keys={enforced}")


class Ledger:
    """The open ledger of one output folder; use as a context manager."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._lock_handle: Any = None
        self._db: sqlite3.Connection | None = None
        self.run_id: int | None = None

    def __enter__(self) -> Ledger:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._lock_handle = open(self.out_dir / LOCK_FILE, "a+")
        try:
            fcntl.flock(self._lock_handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_handle.close()
            raise ConfigurationError(
                f"{self.out_dir}: another batch is running on this folder; wait for it or "
                "use another --out"
            ) from None
        self._lock_handle.truncate(0)
        self._lock_handle.write(f"{os.getpid()}\n")
        self._lock_handle.flush()
        try:
            self._open()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _open(self) -> None:
        """Connect, then create the ledger, upgrade it or refuse it by its version."""
        self._db = sqlite3.connect(self.out_dir / LEDGER_FILE, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        found = self._found_version()
        if found is not None and found > LEDGER_VERSION:
            raise ConfigurationError(
                f"{self.out_dir}: this ledger was written by a newer summarise (ledger version "
                f"{found}, this one reads up to {LEDGER_VERSION}); upgrade summarise or use "
                "another --out"
            )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        if found is None:
            with self._transaction():
                create_schema(self.db)
                self._write_version()
        elif found < LEDGER_VERSION:
            self._upgrade(found)

    def _found_version(self) -> int | None:
        """The file's ledger version, None for a new (empty) file. Read before anything is
        written, so that a ledger refused is left as it was, byte for byte."""
        try:
            if self.db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] == 0:
                return None
            found = self.db.execute(
                "SELECT value FROM meta WHERE key = 'ledger_version'"
            ).fetchone()
        except sqlite3.DatabaseError as error:
            raise self._unreadable(str(error)) from None
        if found is None or not found[0].isdecimal():
            raise self._unreadable("no ledger_version in its meta table")
        return int(found[0])

    def _unreadable(self, reason: str) -> ConfigurationError:
        return ConfigurationError(
            f"{self.out_dir / LEDGER_FILE}: cannot be read as a summarise ledger ({reason}); "
            "move it away or use another --out"
        )

    def _upgrade(self, found: int) -> None:
        """Every step from ``found`` to this code's version, in one transaction: a step that
        fails leaves the old ledger as it was, for a fixed summarise to upgrade."""
        with _foreign_keys_off(self.db), self._transaction():
            for version in range(found, LEDGER_VERSION):
                MIGRATIONS[version](self.db)
            self._write_version()

    def _write_version(self) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('ledger_version', ?)",
            (str(LEDGER_VERSION),),
        )

    def __exit__(self, *_: object) -> None:
        if self._db is not None:
            self._db.close()
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle, fcntl.LOCK_UN)
            self._lock_handle.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Several statements that stand or fall together (the connection autocommits)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @property
    def db(self) -> sqlite3.Connection:
        assert self._db is not None, "use the ledger as a context manager"
        return self._db

    def start_run(self, model: str, prompt_version: str, schema_version: str) -> int:
        """Record a run and reset rows a killed run left 'running': they were never written."""
        cursor = self.db.execute(
            "INSERT INTO runs(started_at, model, prompt_version, schema_version) VALUES (?,?,?,?)",
            (_now(), model, prompt_version, schema_version),
        )
        self.run_id = cursor.lastrowid
        self.db.execute("UPDATE documents SET status = 'pending' WHERE status = 'running'")
        return self.run_id

    def last_model(self) -> str | None:
        """The model of the latest run, so ``collect`` asks again with the model that was
        asked first."""
        found = self.db.execute(
            "SELECT model FROM runs WHERE model IS NOT NULL ORDER BY run_id DESC LIMIT 1"
        ).fetchone()
        return found[0] if found else None

    def finish_run(self, outcome: str) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at = ?, outcome = ? WHERE run_id = ?",
            (_now(), outcome, self.run_id),
        )

    def get(self, doc_id: str) -> Row | None:
        found = self.db.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return _row(found) if found else None

    def done_with_key(self, cache_key: str) -> Row | None:
        """Any document already summarised under this key: its output can be reused."""
        found = self.db.execute(
            "SELECT * FROM documents WHERE cache_key = ? AND status = 'done' LIMIT 1",
            (cache_key,),
        ).fetchone()
        return _row(found) if found else None

    def mark_running(
        self, doc_id: str, source_path: str, source_sha256: str | None, cache_key: str | None
    ) -> None:
        self.db.execute(
            """INSERT INTO documents(doc_id, source_path, source_sha256, cache_key, status,
                                     started_at, run_id)
               VALUES (?, ?, ?, ?, 'running', ?, ?)
               ON CONFLICT(doc_id) DO UPDATE SET source_path = excluded.source_path,
                   source_sha256 = excluded.source_sha256, cache_key = excluded.cache_key,
                   status = 'running', started_at = excluded.started_at,
                   run_id = excluded.run_id, error = NULL, error_kind = NULL""",
            (doc_id, source_path, source_sha256, cache_key, _now(), self.run_id),
        )

    def mark_submitted(
        self,
        doc_id: str,
        source_path: str,
        source_sha256: str | None,
        cache_key: str,
        requests: list[tuple[str, int, int]],
    ) -> None:
        """A document and its requests (custom id, chunk index, chunk count), before upload."""
        with self._transaction():
            self.mark_running(doc_id, source_path, source_sha256, cache_key)
            self.db.execute("UPDATE documents SET status = 'submitted' WHERE doc_id = ?", (doc_id,))
            self.db.executemany(
                "INSERT OR REPLACE INTO batch_requests"
                "(custom_id, doc_id, chunk_index, chunk_count) VALUES (?, ?, ?, ?)",
                [(custom_id, doc_id, index, count) for custom_id, index, count in requests],
            )

    def record_batch(
        self,
        batch_id: str,
        input_file_id: str,
        custom_ids: list[str],
        status: str,
        estimated_input_tokens: int,
    ) -> None:
        """Persist a provider batch the moment it exists: its id is what collects it later."""
        with self._transaction():
            self.db.execute(
                "INSERT INTO provider_batches(batch_id, input_file_id, request_count, "
                "estimated_input_tokens, status, created_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    batch_id,
                    input_file_id,
                    len(custom_ids),
                    estimated_input_tokens,
                    status,
                    _now(),
                    self.run_id,
                ),
            )
            self.db.executemany(
                "UPDATE batch_requests SET batch_id = ? WHERE custom_id = ?",
                [(batch_id, custom_id) for custom_id in custom_ids],
            )

    def update_batch(
        self, batch_id: str, status: str, output_file_id: str | None, error_file_id: str | None
    ) -> None:
        self.db.execute(
            "UPDATE provider_batches SET status = ?, output_file_id = ?, error_file_id = ? "
            "WHERE batch_id = ?",
            (status, output_file_id, error_file_id, batch_id),
        )

    def mark_collected(self, batch_id: str) -> None:
        self.db.execute(
            "UPDATE provider_batches SET collected_at = ? WHERE batch_id = ?", (_now(), batch_id)
        )

    def open_batches(self) -> list[sqlite3.Row]:
        """Provider batches not yet collected, oldest first."""
        return self.db.execute(
            "SELECT * FROM provider_batches WHERE collected_at IS NULL ORDER BY created_at"
        ).fetchall()

    def all_batches(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM provider_batches ORDER BY created_at").fetchall()

    def batch_request(self, custom_id: str) -> sqlite3.Row | None:
        return self.db.execute(
            "SELECT * FROM batch_requests WHERE custom_id = ?", (custom_id,)
        ).fetchone()

    def reset_unsent(self) -> int:
        """Documents whose requests reached no batch (a crash between planning and upload)
        go back to pending, so the next submit sends them; returns how many."""
        with self._transaction():
            cursor = self.db.execute(
                "UPDATE documents SET status = 'pending' WHERE status = 'submitted' AND doc_id IN "
                "(SELECT doc_id FROM batch_requests WHERE batch_id IS NULL)"
            )
            self.db.execute("DELETE FROM batch_requests WHERE batch_id IS NULL")
        return cursor.rowcount

    def mark_pending(self, doc_id: str) -> None:
        self.db.execute(
            "UPDATE documents SET status = 'pending' WHERE doc_id = ? AND status = 'running'",
            (doc_id,),
        )

    def mark_done(
        self,
        doc_id: str,
        *,
        output_path: str,
        attempts: int,
        tokens_in: int,
        tokens_out: int,
        cost_usd: float | None,
        duration_ms: float,
        reused_from: str | None = None,
    ) -> None:
        self.db.execute(
            """UPDATE documents SET status = 'done', output_path = ?, attempts = ?,
                   tokens_in = ?, tokens_out = ?, cost_usd = ?, duration_ms = ?,
                   finished_at = ?, reused_from = ?, error = NULL, error_kind = NULL
               WHERE doc_id = ?""",
            (
                output_path,
                attempts,
                tokens_in,
                tokens_out,
                cost_usd,
                duration_ms,
                _now(),
                reused_from,
                doc_id,
            ),
        )

    def mark_failed(
        self,
        doc_id: str,
        source_path: str,
        *,
        error_kind: str,
        error: str,
        attempts: int = 0,
        tokens_in: int = 0,
        tokens_out: int = 0,
        duration_ms: float | None = None,
    ) -> None:
        self.db.execute(
            """INSERT INTO documents(doc_id, source_path, status, error_kind, error, attempts,
                                     tokens_in, tokens_out, duration_ms, finished_at, run_id)
               VALUES (?, ?, 'failed', ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(doc_id) DO UPDATE SET status = 'failed',
                   error_kind = excluded.error_kind, error = excluded.error,
                   attempts = excluded.attempts, tokens_in = excluded.tokens_in,
                   tokens_out = excluded.tokens_out, duration_ms = excluded.duration_ms,
                   finished_at = excluded.finished_at, run_id = excluded.run_id""",
            (
                doc_id,
                source_path,
                error_kind,
                error,
                attempts,
                tokens_in,
                tokens_out,
                duration_ms,
                _now(),
                self.run_id,
            ),
        )

    def store_events(self, events: list[ResolvedEvent]) -> None:
        """Replace the resolved events with ``events``, in one transaction: a query never
        sees half of one resolution and half of another."""
        resolved_at = _now()
        with self._transaction():
            for table in RESOLVED_TABLES:
                self.db.execute(f"DELETE FROM {table}")
            for event in events:
                self.db.execute(
                    f"INSERT INTO resolved_events ({', '.join(EVENT_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",
                    _event_row(event, resolved_at),
                )
                self.db.executemany(
                    "INSERT INTO event_values (event_id, field, value, doc_ids) VALUES (?,?,?,?)",
                    _value_rows(event),
                )
                self.db.executemany(
                    "INSERT INTO event_sources (event_id, doc_id, fact, published, reporting, "
                    "quote, quote_start, quote_end, alignment, page) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            event.event_id,
                            source.doc_id,
                            source.fact,
                            source.published,
                            source.reporting.value,
                            evidence.quote,
                            evidence.start,
                            evidence.end,
                            evidence.alignment,
                            evidence.page,
                        )
                        for source in event.sources
                        for evidence in source.evidence
                    ],
                )

    def rows(self, status: Status | None = None) -> Iterator[Row]:
        """Rows in document order, streamed: a report over 100,000 rows stays small."""
        query = "SELECT * FROM documents"
        arguments: tuple[str, ...] = ()
        if status is not None:
            query += " WHERE status = ?"
            arguments = (status.value,)
        for found in self.db.execute(query + " ORDER BY doc_id", arguments):
            yield _row(found)

    def counts(self) -> dict[str, int]:
        return {
            status: count
            for status, count in self.db.execute(
                "SELECT status, COUNT(*) FROM documents GROUP BY status"
            )
        }

    def failures_by_kind(self) -> list[tuple[str, int, str]]:
        """(error kind, count, one example error) for the failure table."""
        return [
            (kind, count, example)
            for kind, count, example in self.db.execute(
                """SELECT error_kind, COUNT(*), MIN(doc_id || ': ' || error) FROM documents
                   WHERE status = 'failed' GROUP BY error_kind ORDER BY COUNT(*) DESC"""
            )
        ]

    def totals(self) -> dict[str, float]:
        tokens_in, tokens_out, cost = self.db.execute(
            "SELECT COALESCE(SUM(tokens_in),0), COALESCE(SUM(tokens_out),0), SUM(cost_usd) "
            "FROM documents"
        ).fetchone()
        return {"tokens_in": tokens_in, "tokens_out": tokens_out, "cost_usd": cost}


RESOLVED_TABLES = ("event_sources", "event_values", "resolved_events")
"""The resolution's tables, those that name an event before the events."""
EVENT_COLUMNS = (
    "event_id",
    "kind",
    "reporting",
    "event_date",
    "date_as_stated",
    "first_reported",
    "drug",
    "drug_names",
    "companies",
    "agency",
    "agencies",
    "action",
    "indication",
    "identifier",
    "phase",
    "deal_type",
    "source_count",
    "conflict_count",
    "resolved_at",
)


def _event_row(event: ResolvedEvent, resolved_at: str) -> tuple[object, ...]:
    """An event as its row of ``resolved_events``, in :data:`EVENT_COLUMNS` order."""
    return (
        event.event_id,
        event.kind.value,
        event.reporting.value,
        event.date,
        event.date_as_stated,
        event.first_reported,
        event.drug,
        LIST_SEPARATOR.join(event.drug_names),
        LIST_SEPARATOR.join(event.companies),
        event.agency,
        LIST_SEPARATOR.join(event.agencies),
        event.action and event.action.value,
        event.indication,
        event.identifier,
        event.phase and event.phase.value,
        event.deal_type and event.deal_type.value,
        len(event.sources),
        len(event.conflicts),
        resolved_at,
    )


def _value_rows(event: ResolvedEvent) -> list[tuple[str, str, str, str]]:
    """One row per value a source states: an agreed value once, a conflicting field once
    per value, each with the documents that state it."""
    agreed = [
        (name, value, [source.doc_id for source in event.sources if name in source.values])
        for name, value in event.values.items()
    ]
    conflicting = [
        (conflict.field, stated.value, stated.doc_ids)
        for conflict in event.conflicts
        for stated in conflict.values
    ]
    return [
        (event.event_id, name, value, LIST_SEPARATOR.join(doc_ids))
        for name, value, doc_ids in agreed + conflicting
    ]


def _row(found: sqlite3.Row) -> Row:
    return Row(
        doc_id=found["doc_id"],
        source_path=found["source_path"],
        source_sha256=found["source_sha256"],
        cache_key=found["cache_key"],
        status=Status(found["status"]),
        attempts=found["attempts"],
        tokens_in=found["tokens_in"],
        tokens_out=found["tokens_out"],
        cost_usd=found["cost_usd"],
        error_kind=found["error_kind"],
        error=found["error"],
        output_path=found["output_path"],
    )
