"""The ledger's resolution tables: a digest's events, their values and quotes, queryable in SQL.

The events here are hand-made (no resolution ran): one deal two sources agree on but for
its upfront amount, and one approval.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from schemas import Evidence, RegulatorAction, Reporting
from schemas.digest import Conflict, ConflictingValue, EventKind, EventSource, ResolvedEvent
from summarise.runs.ledger import LEDGER_FILE, Ledger


def _source(doc_id: str, fact: str, values: dict[str, str], quote: str) -> EventSource:
    evidence = Evidence(quote=quote, start=10, end=10 + len(quote), alignment="exact")
    return EventSource(
        doc_id=doc_id, fact=fact, published="2025-01-13", values=values, evidence=[evidence]
    )


DEAL = ResolvedEvent(
    event_id="d-0000000001",
    kind=EventKind.DEAL,
    drug="TLV-580",
    drug_names=["TLV-580"],
    companies=["Talvera Therapeutics, Inc.", "Osterholt Pharma AG"],
    deal_type="co_development",
    first_reported="2025-01-13",
    values={"milestones": "560,000,000 USD"},
    conflicts=[
        Conflict(
            field="upfront",
            values=[
                ConflictingValue(value="40,000,000 USD", doc_ids=["a.txt"]),
                ConflictingValue(value="45,000,000 USD", doc_ids=["b.txt"]),
            ],
        )
    ],
    sources=[
        _source(
            "a.txt",
            "deals[0]",
            {"upfront": "40,000,000 USD", "milestones": "560,000,000 USD"},
            "US$40 million upfront",
        ),
        _source(
            "b.txt",
            "deals[0]",
            {"upfront": "45,000,000 USD", "milestones": "560,000,000 USD"},
            "US$45 million upfront",
        ),
    ],
)
APPROVAL = ResolvedEvent(
    event_id="r-0000000002",
    kind=EventKind.REGULATORY,
    reporting=Reporting.BACKGROUND,
    drug="Saprelimab",
    agency="FDA",
    agencies=["FDA"],
    action=RegulatorAction.APPROVAL,
    date="2021",
    values={"status": "occurred"},
    sources=[_source("a.txt", "regulatory_events[1]", {"status": "occurred"}, "approved in 2021")],
)


def _query(out, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(out / LEDGER_FILE)) as db:
        return db.execute(sql).fetchall()


def test_stored_events_answer_sql_and_conflicts_have_a_view(tmp_path):
    with Ledger(tmp_path) as ledger:
        ledger.store_events([DEAL, APPROVAL])

    assert _query(
        tmp_path,
        "SELECT event_id, kind, drug, source_count, conflict_count "
        "FROM resolved_events ORDER BY event_id",
    ) == [
        ("d-0000000001", "deal", "TLV-580", 2, 1),
        ("r-0000000002", "regulatory", "Saprelimab", 1, 0),
    ]
    assert _query(tmp_path, "SELECT field, value, doc_ids FROM event_conflicts ORDER BY value") == [
        ("upfront", "40,000,000 USD", "a.txt"),
        ("upfront", "45,000,000 USD", "b.txt"),
    ]
    assert _query(
        tmp_path, "SELECT field, value, doc_ids FROM event_values WHERE field = 'milestones'"
    ) == [("milestones", "560,000,000 USD", "a.txt; b.txt")]
    assert _query(
        tmp_path,
        "SELECT doc_id, fact, quote, quote_start, quote_end FROM event_sources "
        "WHERE event_id = 'd-0000000001' ORDER BY doc_id",
    ) == [
        ("a.txt", "deals[0]", "US$40 million upfront", 10, 31),
        ("b.txt", "deals[0]", "US$45 million upfront", 10, 31),
    ]


def test_storing_again_replaces_the_last_resolution(tmp_path):
    with Ledger(tmp_path) as ledger:
        ledger.store_events([DEAL, APPROVAL])
        ledger.store_events([APPROVAL])

    assert _query(tmp_path, "SELECT event_id FROM resolved_events") == [("r-0000000002",)]
    assert _query(tmp_path, "SELECT COUNT(*) FROM event_sources") == [(1,)]
    assert _query(tmp_path, "SELECT COUNT(*) FROM event_conflicts") == [(0,)]
