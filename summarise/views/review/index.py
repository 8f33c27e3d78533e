"""index: the index page of a run's review, listing each document by what it says.

An analyst looks for a release by its news (headline, companies, events, date),
not by its file name, so those lead each row and the document id is the small
print; the status, a warning for a summary with no facts, and errors follow.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from schemas import SummaryRecord
from summarise.views.brief import fact_count
from summarise.views.review.facts import fact_name
from summarise.views.review.markup import escape, html_page, relative_href
from summarise.views.words import words


@dataclass
class IndexEntry:
    """One document of a run, as the index page lists it."""

    doc_id: str
    page_href: str | None  # relative to the index page; None when there is no page
    status: str
    event_types: list[str] = field(default_factory=list)
    drugs: list[str] = field(default_factory=list)
    error: str | None = None
    facts: int | None = None
    """Facts in the record; None when there is no readable record."""
    headline: str | None = None
    date: str | None = None
    companies: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    """Regulatory events and deals, named as on the page ("approval (NMPA)", "licensing deal")."""


def _unique(names: Iterable[str | None]) -> list[str]:
    return [name for name in dict.fromkeys(names) if name]


def index_entry(doc_id: str, page_href: str, status: str, record: SummaryRecord) -> IndexEntry:
    """The entry of a document whose record was read: what it says, as the index lists it."""
    summary = record.summary
    events = [fact_name(event) for event in summary.regulatory_events]
    events += [f"{words(deal.deal_type)} deal" for deal in summary.deals]
    return IndexEntry(
        doc_id,
        page_href,
        status,
        event_types=[words(event_type) for event_type in summary.event_types],
        drugs=_unique(drug.name for drug in summary.drugs),
        facts=fact_count(summary),
        headline=summary.headline,
        date=summary.document.date_iso or summary.document.date_as_stated,
        companies=_unique(company.name for company in summary.companies),
        events=_unique(events),
    )


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
td{font-size:.9rem;overflow-wrap:break-word}
td.doc{width:40%}
.status{font-weight:600;white-space:nowrap}
.doc a{font-weight:600}
.doc-id{display:block;font-size:.75rem;color:#667085}
.events{display:block;font-size:.8rem;color:#475467}
.date{white-space:nowrap}
.badge{display:inline-block;font-size:.72rem;font-weight:600;padding:0 .4rem;border-radius:9px;
background:#f79009;color:#1d2330;margin-left:.3rem}
tr.no-facts{background:#fffaeb}
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


def _row(entry: IndexEntry, errors: bool) -> str:
    """One document's row; ``errors``: the table has an error column."""
    label = escape(entry.headline or entry.doc_id)
    if entry.page_href:
        label = f'<a href="{escape(relative_href(entry.page_href))}">{label}</a>'
    doc_id = f'<span class="doc-id">{escape(entry.doc_id)}</span>' if entry.headline else ""
    classes = [re.sub(r"[^a-z_-]", "", entry.status.lower())]
    flag = ""
    if entry.facts == 0:
        classes.append("no-facts")
        flag = '<span class="badge" title="no fact was found and grounded">no facts</span>'
    events = (
        f'<span class="events">{escape(", ".join(entry.events))}</span>' if entry.events else ""
    )
    return (
        f'<tr class="{" ".join(classes)}"><td class="doc">{label}{doc_id}</td>'
        f'<td class="date">{escape(entry.date or "")}</td>'
        f"<td>{escape(', '.join(entry.companies))}</td>"
        f"<td>{escape(', '.join(entry.event_types))}{events}</td>"
        f"<td>{escape(', '.join(entry.drugs))}</td>"
        f'<td class="status">{escape(entry.status)}{flag}</td>'
        + (f'<td class="error">{escape(entry.error or "")}</td>' if errors else "")
        + "</tr>"
    )


def render_index_html(entries: list[IndexEntry], *, note: str | None = None) -> str:
    """The index of a run: each document by its headline, date, companies, events and drugs,
    with its status and a link to its page."""
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.status] += 1
    summary = " · ".join(f"{status} {count}" for status, count in sorted(counts.items()))
    without_facts = sum(entry.facts == 0 for entry in entries)
    if without_facts:
        summary += f" · {without_facts} with no facts"
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    errors = any(entry.error for entry in entries)  # no column of blanks when nothing failed
    body = (
        f"<h1>Run review: {len(entries)} documents</h1>"
        f'<p class="counts">{escape(summary or "no documents")}</p>{note_html}'
        '<input id="filter" type="search" placeholder="Filter documents" aria-label="Filter">'
        "<table><thead><tr><th>Document</th><th>Date</th><th>Companies</th><th>Events</th>"
        f"<th>Drugs</th><th>Status</th>{'<th>Error</th>' if errors else ''}</tr></thead>"
        f"<tbody>{''.join(_row(entry, errors) for entry in entries)}</tbody></table>"
    )
    return html_page("Run review", _INDEX_STYLE, body, _INDEX_SCRIPT)
