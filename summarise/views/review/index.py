"""index: a run's review, a page per summary in the run folder and an index page listing them."""

from __future__ import annotations

import re
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from schemas import SummaryRecord
from summarise.core.errors import ConfigurationError
from summarise.runs.batch import SUMMARIES_FOLDER, output_name
from summarise.runs.ledger import LEDGER_FILE, Ledger, Status
from summarise.runs.store import write_atomically
from summarise.views.review.markup import escape, html_page
from summarise.views.review.page import write_review
from summarise.views.review.values import format_value

REVIEW_FOLDER = "review"
INDEX_FILE = "index.html"


@dataclass
class IndexEntry:
    """One document of a run, as the index page lists it."""

    doc_id: str
    page_href: str | None  # relative to the index page; None when there is no page
    status: str
    event_types: list[str] = field(default_factory=list)
    drugs: list[str] = field(default_factory=list)
    error: str | None = None


_INDEX_STYLE = """
*{box-sizing:border-box}
body{margin:0;padding:1rem 1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
sans-serif;color:#1d2330;background:#f4f5f7}
h1{font-size:1.2rem;margin:0 0 .3rem}
.counts{margin:0 0 .8rem;color:#475467}
.note{padding:.4rem .7rem;border-radius:4px;background:#fef3f2;border:1px solid #fda29b}
input{font:inherit;padding:.3rem .5rem;width:min(30rem,100%);margin-bottom:.6rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;vertical-align:top;padding:.35rem .6rem;border-bottom:1px solid #e4e7ec}
th{background:#eaecf0;font-size:.85rem}
td{font-size:.9rem;overflow-wrap:anywhere}
.status{font-weight:600}
tr.failed .status,tr.failed .error{color:#b42318}
tr.failed{background:#fff5f4}
tr.pending .status,tr.running .status,tr.submitted .status{color:#b54708}
"""

_INDEX_SCRIPT = """
(function () {
  "use strict";
  var input = document.getElementById("filter");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tbody tr"));
  input.addEventListener("input", function () {
    var wanted = input.value.toLowerCase();
    rows.forEach(function (row) {
      row.hidden = wanted !== "" && row.textContent.toLowerCase().indexOf(wanted) < 0;
    });
  });
})();
"""


def _relative_href(href: str) -> str:
    """A path-only link: percent-encoding ':' keeps any scheme (javascript:, https:) out."""
    return urllib.parse.quote(href, safe="/")


def render_index_html(entries: list[IndexEntry], *, note: str | None = None) -> str:
    """The index of a run: each document with its status, event types, drugs and page."""
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.status] += 1
    summary = " · ".join(f"{status} {count}" for status, count in sorted(counts.items()))
    rows = []
    for entry in entries:
        name = escape(entry.doc_id)
        if entry.page_href:
            name = f'<a href="{escape(_relative_href(entry.page_href))}">{name}</a>'
        status_class = re.sub(r"[^a-z_-]", "", entry.status.lower())
        rows.append(
            f'<tr class="{status_class}"><td>{name}</td>'
            f'<td class="status">{escape(entry.status)}</td>'
            f"<td>{escape(', '.join(entry.event_types))}</td>"
            f"<td>{escape(', '.join(entry.drugs))}</td>"
            f'<td class="error">{escape(entry.error or "")}</td></tr>'
        )
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    body = (
        f"<h1>Run review: {len(entries)} documents</h1>"
        f'<p class="counts">{escape(summary or "no documents")}</p>{note_html}'
        '<input id="filter" type="search" placeholder="Filter documents" aria-label="Filter">'
        "<table><thead><tr><th>Document</th><th>Status</th><th>Event types</th><th>Drugs</th>"
        f"<th>Error</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return html_page("Run review", _INDEX_STYLE, body, _INDEX_SCRIPT)


def _read_record(path: Path) -> SummaryRecord:
    return SummaryRecord.model_validate_json(path.read_text(encoding="utf-8"))


def _unreadable(error: Exception) -> str:
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


def _review_one(summary_path: Path, page_path: Path, review_dir: Path, doc_id: str) -> IndexEntry:
    """Write one document's page; its index entry (failed when the summary is unreadable)."""
    try:
        record = _read_record(summary_path)
    except (OSError, ValueError) as error:
        return IndexEntry(doc_id, None, Status.FAILED.value, error=_unreadable(error))
    write_review(record, page_path)
    return IndexEntry(
        doc_id,
        page_path.relative_to(review_dir).as_posix(),
        Status.DONE.value,
        [format_value(event) or "" for event in record.summary.event_types],
        [drug.name for drug in record.summary.drugs],
    )


def _batch_entries(run_dir: Path, review_dir: Path) -> tuple[list[IndexEntry], str | None]:
    summaries = run_dir / SUMMARIES_FOLDER
    entries: list[IndexEntry] = []
    covered: set[Path] = set()
    note = None
    if (run_dir / LEDGER_FILE).is_file():
        try:
            with Ledger(run_dir) as ledger:
                rows = list(ledger.rows())
        except ConfigurationError as error:
            rows = []
            note = f"{error}; listing the summaries written so far, without the ledger"
        for row in rows:
            covered.add((run_dir / output_name(row.doc_id)).resolve())
            if row.status is Status.DONE and row.output_path:
                summary_path = run_dir / row.output_path
                covered.add(summary_path.resolve())
                page = review_dir / Path(row.output_path).relative_to(SUMMARIES_FOLDER)
                entries.append(
                    _review_one(summary_path, page.with_suffix(".html"), review_dir, row.doc_id)
                )
            else:
                entries.append(IndexEntry(row.doc_id, None, row.status.value, error=row.error))
    for summary_path in sorted(summaries.rglob("*.json")) if summaries.is_dir() else []:
        if summary_path.resolve() in covered:
            continue
        relative = summary_path.relative_to(summaries)
        page = (review_dir / relative).with_suffix(".html")
        entries.append(
            _review_one(summary_path, page, review_dir, relative.with_suffix("").as_posix())
        )
    return entries, note


def write_run_review(run_dir: Path) -> Path:
    """Write ``run_dir/review/<name>.html`` per summary and ``review/index.html``; return it.

    ``run_dir`` is a folder written by ``summarise run -o`` (``*.json``) or by
    ``summarise batch --out`` (``ledger.sqlite`` and ``summaries/**/*.json``;
    the ledger gives each document's status and error).
    """
    review_dir = run_dir / REVIEW_FOLDER
    if (run_dir / LEDGER_FILE).is_file() or (run_dir / SUMMARIES_FOLDER).is_dir():
        entries, note = _batch_entries(run_dir, review_dir)
    else:
        note = None
        entries = []
        for summary_path in sorted(run_dir.glob("*.json")):
            page = review_dir / f"{summary_path.stem}.html"
            entry = _review_one(summary_path, page, review_dir, summary_path.stem)
            entries.append(entry)
    index = review_dir / INDEX_FILE
    write_atomically(index, render_index_html(entries, note=note))
    return index
