"""review: a self-contained HTML page per summary, to check it at a glance against its source.

The page puts the cleaned source text (the text the evidence offsets refer to)
beside the structured summary. Every aligned quote is highlighted in the
source in its fact's colour, inside the cells of a table as in running text;
clicking a fact marks its quotes, clicking a highlight marks its fact. Facts are
named by what they are ("Drug: Ivarmacitinib"), caveats first; facts whose
quotes did not align, or that carry grounding issues, are flagged, a summary
with no fact is flagged at the top, and what the grounding policy removed is
listed.

Press releases are untrusted input: every piece of text is escaped, the page's
script never writes HTML, and a Content-Security-Policy allows only the page's
own inline style and script (by hash), so the page loads nothing from anywhere.

One module per concept: ``markup`` (escaping and the page shell with its policy),
``palette`` (a colour per fact), ``facts`` (the facts and quotes a page shows,
and their names), ``source`` (reloading the cleaned source), ``tables`` (finding
the source's tables), ``highlight`` (the source pane), ``summary`` (the summary
pane), ``page`` (one record's page) and ``index`` (a run's index page); field
values as text come from :mod:`summarise.views.values`. This package re-exports
what the rest of the code uses. Writing the pages of a run folder is
:mod:`summarise.runs.review`'s job.
"""

from summarise.views.review.highlight import highlight
from summarise.views.review.index import IndexEntry, index_entry, render_index_html
from summarise.views.review.page import render_review_html
from summarise.views.review.source import MAX_SOURCE_BYTES, load_source, source_for

__all__ = [
    "MAX_SOURCE_BYTES",
    "IndexEntry",
    "highlight",
    "index_entry",
    "load_source",
    "render_index_html",
    "render_review_html",
    "source_for",
]
