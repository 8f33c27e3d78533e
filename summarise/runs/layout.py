"""layout: where a run's files go, the same for ``run``, ``batch`` and the Batch API.

A run folder holds ``summaries/<doc_id>.json`` (one record per document, named
by its path relative to the input root, so two ``report.txt`` in different
folders never collide), ``review/<doc_id>.html`` and ``review/index.html``, the
exports beside them and, for a batch, ``ledger.sqlite``. Every record is written
by :meth:`RunLayout.write_record`, atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from schemas import SummaryRecord
from summarise.runs.store import write_atomically

SUMMARIES_FOLDER = "summaries"
REVIEW_FOLDER = "review"
INDEX_FILE = "index.html"
RECORD_SUFFIX = ".json"
PAGE_SUFFIX = ".html"


def read_record(path: Path) -> SummaryRecord:
    """A record file, validated; raises ``OSError`` or ``ValueError`` (see
    :func:`unreadable_reason`)."""
    return SummaryRecord.model_validate_json(path.read_text(encoding="utf-8"))


def unreadable_reason(error: Exception) -> str:
    """Why :func:`read_record` failed, in one line."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        if first["type"] == "json_invalid":
            return f"unreadable summary: invalid JSON ({first['msg']})"
        where = ".".join(str(part) for part in first["loc"])
        return (
            f"not a summary record: {where}: {first['msg']} "
            f"({error.error_count()} validation error(s))"
        )
    if isinstance(error, UnicodeDecodeError):
        return f"unreadable summary: not UTF-8 ({error.reason})"
    return f"unreadable summary: {getattr(error, 'strerror', None) or error}"


@dataclass(frozen=True)
class RunLayout:
    """The files of one run folder, named from each document's ``doc_id``."""

    root: Path

    @staticmethod
    def summary_name(doc_id: str) -> str:
        """The record's path relative to the run folder, as the ledger stores it."""
        return f"{SUMMARIES_FOLDER}/{doc_id}{RECORD_SUFFIX}"

    def summary_path(self, doc_id: str) -> Path:
        return self.root / self.summary_name(doc_id)

    @property
    def summaries(self) -> Path:
        return self.root / SUMMARIES_FOLDER

    @property
    def review(self) -> Path:
        return self.root / REVIEW_FOLDER

    def record_files(self) -> list[Path]:
        """Every record file under ``summaries/``, in path order; none for a folder
        without one."""
        return sorted(self.summaries.rglob(f"*{RECORD_SUFFIX}")) if self.summaries.is_dir() else []

    def page_path(self, doc_id: str) -> Path:
        return self.review / f"{doc_id}{PAGE_SUFFIX}"

    def doc_id_of(self, summary: Path) -> str:
        """The document a record file under ``summaries/`` belongs to."""
        return summary.relative_to(self.summaries).as_posix().removesuffix(RECORD_SUFFIX)

    def page_for_summary(self, summary: Path) -> Path:
        """The review page of a record file found under ``summaries/``."""
        return self.page_path(self.doc_id_of(summary))

    def write_record(self, record: SummaryRecord, doc_id: str) -> str:
        """Write ``record`` atomically; return its name relative to the run folder."""
        write_atomically(self.summary_path(doc_id), record.model_dump_json(indent=2) + "\n")
        return self.summary_name(doc_id)
