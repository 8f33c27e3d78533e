"""index: the index page of a run's review, listing each document with its status and facts."""

from __future__ import annotations

import re
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

from summarise.views.review.markup import escape, html_page


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
