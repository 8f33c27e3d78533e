"""review: a run folder's review pages written from its records and, for a batch, its ledger.

The pages themselves are rendered by :mod:`summarise.views.review`; this module
knows where a run keeps its records and which documents failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemas import SummaryRecord
from summarise.core.errors import ConfigurationError
from summarise.runs.layout import INDEX_FILE, RunLayout, read_record, unreadable_reason
from summarise.runs.ledger import LEDGER_FILE, Ledger, Status
from summarise.runs.store import write_atomically
from summarise.views.review import (
    IndexEntry,
    index_entry,
    load_source,
    render_index_html,
    render_review_html,
)


def write_review(record: SummaryRecord, out_path: Path) -> Path:
    """Write the review page of ``record`` to ``out_path`` atomically; return the path."""
    source, note = load_source(record)
    write_atomically(out_path, render_review_html(record, source, source_note=note))
    return out_path


def _review_one(summary_path: Path, page_path: Path, review_dir: Path, doc_id: str) -> IndexEntry:
    """Write one document's page; its index entry (failed when the summary is unreadable)."""
    try:
        record = read_record(summary_path)
    except (OSError, ValueError) as error:
        return IndexEntry(doc_id, None, Status.FAILED.value, error=unreadable_reason(error))
    write_review(record, page_path)
    return index_entry(
        doc_id, page_path.relative_to(review_dir).as_posix(), Status.DONE.value, record
    )


def _ledger_entries(layout: RunLayout, covered: set[Path]) -> tuple[list[IndexEntry], str | None]:
    """Each ledger row's entry, failures and pending documents included."""
    try:
        with Ledger(layout.root) as ledger:
            rows = list(ledger.rows())
    except ConfigurationError as error:
        return [], f"{error}; listing the summaries written so far, without the ledger"
    entries = []
    for row in rows:
        covered.add(layout.summary_path(row.doc_id).resolve())
        if row.status is Status.DONE and row.output_path:
            summary_path = layout.root / row.output_path
            covered.add(summary_path.resolve())
            page = layout.page_for_summary(summary_path)
            entries.append(_review_one(summary_path, page, layout.review, row.doc_id))
        else:
            entries.append(IndexEntry(row.doc_id, None, row.status.value, error=row.error))
    return entries, None


@dataclass(frozen=True)
class RunReview:
    """A run's written review: its index page, and each document as the index lists it."""

    index: Path
    entries: list[IndexEntry]

    @property
    def without_facts(self) -> list[str]:
        """Documents whose record holds no fact at all: a summary of nothing is reported,
        never counted as a plain success (unreadable records are flagged as failed)."""
        return [entry.doc_id for entry in self.entries if entry.facts == 0]


def write_run_review(run_dir: Path) -> RunReview:
    """Write ``review/<doc_id>.html`` per summary and ``review/index.html``.

    A batch's ledger gives each document's status and error; records under
    ``summaries/`` that no ledger row names (a ``summarise run -o`` folder) are
    listed as done. Each record is read once, for its page and its index entry.
    """
    layout = RunLayout(run_dir)
    covered: set[Path] = set()
    entries, note = [], None
    if (run_dir / LEDGER_FILE).is_file():
        entries, note = _ledger_entries(layout, covered)
    for summary_path in layout.record_files():
        if summary_path.resolve() not in covered:
            page = layout.page_for_summary(summary_path)
            doc_id = layout.doc_id_of(summary_path)
            entries.append(_review_one(summary_path, page, layout.review, doc_id))
    index = layout.review / INDEX_FILE
    write_atomically(index, render_index_html(entries, note=note))
    return RunReview(index, entries)
