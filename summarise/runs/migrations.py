"""migrations: the ledger's schema, and the numbered steps that bring an older ledger up to it.

``SCHEMA`` is the shape a new ledger is created with, at ``ledger.LEDGER_VERSION``.
``MIGRATIONS[n]`` upgrades a version-``n`` ledger to version ``n + 1`` in place; the
ledger runs every step from the version it finds inside one transaction, so a step
that fails leaves the old ledger exactly as it was. Statements are executed one at a
time, never as a script: ``executescript`` would commit that transaction half-way.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

DOCUMENTS = "documents"
REBUILT_DOCUMENTS = "documents_rebuilt"
"""The name a rebuilt documents table has until it is swapped in."""
SUBMITTED_IN_CHECK = "'submitted'"
"""In the documents table's CHECK once documents can wait in a provider batch (version 2)."""


def _documents_table(name: str) -> str:
    return f"""CREATE TABLE IF NOT EXISTS {name} (
    doc_id TEXT PRIMARY KEY,
    source_path TEXT NOT NULL,
    source_sha256 TEXT,
    cache_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'submitted', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    tokens_in INTEGER NOT NULL DEFAULT 0,
    tokens_out INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL,
    error_kind TEXT,
    error TEXT,
    started_at TEXT,
    finished_at TEXT,
    duration_ms REAL,
    output_path TEXT,
    reused_from TEXT,
    run_id INTEGER REFERENCES runs(run_id)
)"""


RESOLVED_SCHEMA: tuple[str, ...] = (
    """CREATE TABLE IF NOT EXISTS resolved_events (
    event_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('regulatory', 'trial', 'deal')),
    reporting TEXT NOT NULL CHECK (reporting IN ('news', 'background')),
    event_date TEXT,
    date_as_stated TEXT,
    first_reported TEXT,
    drug TEXT,
    drug_names TEXT,
    companies TEXT,
    agency TEXT,
    agencies TEXT,
    action TEXT,
    indication TEXT,
    identifier TEXT,
    phase TEXT,
    deal_type TEXT,
    source_count INTEGER NOT NULL,
    conflict_count INTEGER NOT NULL,
    resolved_at TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS event_values (
    event_id TEXT NOT NULL REFERENCES resolved_events(event_id),
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    doc_ids TEXT NOT NULL,
    PRIMARY KEY (event_id, field, value)
)""",
    """CREATE TABLE IF NOT EXISTS event_sources (
    event_id TEXT NOT NULL REFERENCES resolved_events(event_id),
    doc_id TEXT NOT NULL,
    fact TEXT NOT NULL,
    published TEXT,
    reporting TEXT NOT NULL,
    quote TEXT NOT NULL,
    quote_start INTEGER,
    quote_end INTEGER,
    alignment TEXT,
    page INTEGER
)""",
    "CREATE INDEX IF NOT EXISTS event_sources_by_event ON event_sources(event_id)",
    "CREATE INDEX IF NOT EXISTS event_sources_by_document ON event_sources(doc_id)",
    """CREATE VIEW IF NOT EXISTS event_conflicts AS
SELECT event_id, field, value, doc_ids FROM event_values
WHERE (event_id, field) IN
    (SELECT event_id, field FROM event_values GROUP BY event_id, field HAVING COUNT(*) > 1)""",
)
"""The digest's resolution (version 3): one row per real-world event, each value its
sources state (two rows for one field are a conflict), and each quote behind it."""

SCHEMA: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    model TEXT,
    prompt_version TEXT,
    schema_version TEXT,
    outcome TEXT
)""",
    _documents_table(DOCUMENTS),
    """CREATE TABLE IF NOT EXISTS provider_batches (
    batch_id TEXT PRIMARY KEY,
    input_file_id TEXT NOT NULL,
    request_count INTEGER NOT NULL,
    estimated_input_tokens INTEGER,
    status TEXT NOT NULL,
    output_file_id TEXT,
    error_file_id TEXT,
    created_at TEXT NOT NULL,
    collected_at TEXT,
    run_id INTEGER REFERENCES runs(run_id)
)""",
    """CREATE TABLE IF NOT EXISTS batch_requests (
    custom_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id),
    chunk_index INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    batch_id TEXT REFERENCES provider_batches(batch_id)
)""",
    "CREATE INDEX IF NOT EXISTS documents_by_key ON documents(cache_key, status)",
    "CREATE INDEX IF NOT EXISTS documents_by_status ON documents(status)",
    *RESOLVED_SCHEMA,
)
"""The current shape, every statement idempotent: it also fills in what an older ledger lacks."""


def create_schema(db: sqlite3.Connection) -> None:
    """Every table and index of the current shape that the file does not have yet."""
    for statement in SCHEMA:
        db.execute(statement)


def _rebuild_documents(db: sqlite3.Connection) -> None:
    """Copy the documents table into one built with the current DDL, and swap it in.

    SQLite cannot alter a constraint, so a CHECK changes only by a new table. The new
    table is built under another name and renamed last: renaming the old one out of
    the way instead would make SQLite rewrite ``batch_requests``' ``REFERENCES
    documents`` to follow it (``legacy_alter_table`` is off), leaving the reference on
    a dropped table. Dropping the old table drops its indexes; ``create_schema`` makes
    them again. The caller turns foreign keys off: enforced, they refuse the drop while
    ``batch_requests`` rows name documents.
    """
    listed = db.execute("SELECT name FROM pragma_table_info(?)", (DOCUMENTS,))
    columns = ", ".join(name for (name,) in listed)
    db.execute(_documents_table(REBUILT_DOCUMENTS))
    db.execute(f"INSERT INTO {REBUILT_DOCUMENTS} ({columns}) SELECT {columns} FROM {DOCUMENTS}")
    db.execute(f"DROP TABLE {DOCUMENTS}")
    db.execute(f"ALTER TABLE {REBUILT_DOCUMENTS} RENAME TO {DOCUMENTS}")


def migrate_1_to_2(db: sqlite3.Connection) -> None:
    """Documents may be ``submitted`` to a provider batch, which has two tables of its own.

    Version 1 comes in two shapes: the original one, whose CHECK lacks 'submitted' and
    which has no batch tables (or has them empty, if the Batch API code opened it), and
    the Batch API code's own, which already has the new shape but still says version 1.
    Only the first has its documents rebuilt. The rebuild uses today's documents DDL,
    which is version 2's; a later version that changes that table must give this step
    a copy of version 2's.
    """
    (documents_sql,) = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (DOCUMENTS,)
    ).fetchone()
    if SUBMITTED_IN_CHECK not in documents_sql:
        _rebuild_documents(db)
    create_schema(db)


def migrate_2_to_3(db: sqlite3.Connection) -> None:
    """The resolved events of ``summarise digest``: tables of their own, empty until a
    digest fills them; nothing that was there changes."""
    for statement in RESOLVED_SCHEMA:
        db.execute(statement)


Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, Migration] = {1: migrate_1_to_2, 2: migrate_2_to_3}
"""The step that upgrades a ledger from each version to the next."""
