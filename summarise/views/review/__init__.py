"""review: a self-contained HTML page per summary, to check it at a glance against its source.

The page puts the cleaned source text (the text the evidence offsets refer to)
beside the structured summary. Every aligned quote is highlighted in the
source; clicking a fact shows its quotes, clicking a highlight shows its fact.
Facts whose quotes did not align, or that carry grounding issues, are flagged,
and what the grounding policy removed is listed.

Press releases are untrusted input: every piece of text is escaped, the page's
script never writes HTML, and a Content-Security-Policy allows only the page's
own inline style and script (by hash), so the page loads nothing from anywhere.

One module per concept: ``markup`` (escaping and the page shell with its policy),
``values`` (field values as text), ``facts`` (the facts and quotes a page shows),
``source`` (reloading the cleaned source), ``highlight`` (the source pane),
``summary`` (the summary pane), ``page`` (one record's page) and ``index`` (a run's
index page); this package re-exports what the rest of the code uses. Writing
the pages of a run folder is :mod:`summarise.runs.review`'s job.
"""

from summarise.views.review.highlight import highlight
from summarise.views.review.index import IndexEntry, render_index_html
from summarise.views.review.page import render_review_html
from summarise.views.review.source import MAX_SOURCE_BYTES, load_source, source_for

__all__ = [
    "MAX_SOURCE_BYTES",
    "IndexEntry",
    "highlight",
    "load_source",
    "render_index_html",
    "render_review_html",
    "source_for",
]
