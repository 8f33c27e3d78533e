"""highlight: the source pane, the cleaned source text with every located quote marked in the
colour of its fact, and the source's tables shown as tables."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from schemas import SummaryRecord
from summarise.views.review.facts import FactView, all_views
from summarise.views.review.markup import escape
from summarise.views.review.palette import colour_class
from summarise.views.review.source import text_sha256
from summarise.views.review.tables import Cell, Table, find_tables

_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Span:
    """A located quote in the source text, marked with its fact and the fact's colour."""

    number: int
    start: int
    end: int
    fact_id: str
    label: str
    fuzzy: bool
    colour: int


class _Marker:
    """Writes stretches of the source with their marks; a quote's first mark anywhere on
    the page carries its id, the rest (after a crossing, in a later cell) continue it."""

    def __init__(self, source: str, spans: list[Span]) -> None:
        self.source = source
        self.spans = spans
        self.opened: set[int] = set()

    def _open(self, span: Span) -> str:
        first = span.number not in self.opened
        self.opened.add(span.number)
        classes = ["q", colour_class(span.colour)]
        classes += [] if first else ["cont"]
        classes += ["fuzzy"] if span.fuzzy else []
        identity = f'id="q-{span.number}" ' if first else ""
        return (
            f'<mark {identity}class="{" ".join(classes)}" data-fact="{escape(span.fact_id)}" '
            f'data-quote="q-{span.number}" title="{escape(span.label)}">'
        )

    def marked(self, low: int, high: int) -> str:
        """``source[low:high]`` escaped, each span clipped to it a ``<mark>``; overlapping
        spans nest validly.

        Spans are opened outermost first. A span that crosses the end of an
        enclosing one is closed there and reopened just after (a continuation
        mark without an id), so the marks always form a tree and every character
        stays inside the marks of every span that covers it.
        """
        spans = [
            replace(span, start=max(span.start, low), end=min(span.end, high))
            for span in self.spans
            if span.start < high and span.end > low
        ]
        starting: dict[int, list[Span]] = defaultdict(list)
        for span in spans:
            starting[span.start].append(span)
        boundaries = sorted({low, high} | {s.start for s in spans} | {s.end for s in spans})
        out: list[str] = []
        stack: list[Span] = []
        position = low
        for boundary in boundaries:
            if boundary > position:
                out.append(escape(self.source[position:boundary]))
                position = boundary
            lowest = next((i for i, span in enumerate(stack) if span.end == boundary), None)
            reopen: list[Span] = []
            if lowest is not None:
                out.append("</mark>" * (len(stack) - lowest))
                reopen = [span for span in stack[lowest:] if span.end > boundary]
                del stack[lowest:]
            opening = sorted(reopen + starting.get(boundary, []), key=lambda s: (-s.end, s.number))
            for span in opening:
                out.append(self._open(span))
                stack.append(span)
        assert not stack, "every span ends inside the stretch"
        return "".join(out)


def _cell(marker: _Marker, cell: Cell, tag: str, colspan: int) -> str:
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    return f"<{tag}{span}>{marker.marked(cell.start, cell.end)}</{tag}>"


def _table(marker: _Marker, table: Table) -> str:
    """A table of the source as an HTML table; the bars and tabs between cells are not shown."""
    rows = []
    for row in table.rows:
        tag = "th" if row.header else "td"
        if row.spanning:
            cells = _cell(marker, row.cells[0], tag, table.columns)
        else:
            padding = [Cell(row.cells[-1].end, row.cells[-1].end)] * (
                table.columns - len(row.cells)
            )
            cells = "".join(_cell(marker, cell, tag, 1) for cell in (*row.cells, *padding))
        rows.append(f"<tr>{cells}</tr>")
    return f'<div class="table-wrap"><table class="source-table">{"".join(rows)}</table></div>'


def highlight(source: str, spans: list[Span]) -> str:
    """``source`` escaped, every span a ``<mark>`` (see :meth:`_Marker.marked`), and each
    table of the source (:func:`find_tables`) an HTML table whose cells hold their marks."""
    marker = _Marker(source, spans)
    out: list[str] = []
    position = 0
    for table in find_tables(source):
        out += [marker.marked(position, table.start), _table(marker, table)]
        position = table.end
    out.append(marker.marked(position, len(source)))
    return "".join(out)


def source_pane(
    record: SummaryRecord, source: str | None, views: list[FactView], note: str | None
) -> str:
    """The source text with its quotes marked, or why it cannot be shown (``note``)."""
    provenance = record.provenance
    heading = '<h2>Source <span class="muted">(cleaned text)</span></h2>'
    file_line = (
        f'<p class="muted file">{escape(provenance.source_file)}</p>'
        if provenance.source_file
        else ""
    )
    if source is None:
        reason = note or "the source text was not provided"
        return (
            f'<section id="source" class="pane" aria-label="Source text">{heading}{file_line}'
            f'<p class="note warn" id="source-unavailable">Source unavailable: {escape(reason)}. '
            "The summary is shown without highlights; its quotes are listed with each fact.</p>"
            "</section>"
        )
    warning = ""
    if text_sha256(source) != provenance.cleaned_sha256:
        warning = (
            '<p class="note warn" id="source-mismatch">This text is not the one that was '
            "summarised (its sha256 differs from the record's cleaned_sha256): highlights "
            "may be misplaced.</p>"
        )
    elif note:
        warning = f'<p class="note">{escape(note)}</p>'
    spans = [
        Span(
            quote.number,
            quote.evidence.start or 0,
            quote.evidence.end or 0,
            item.fact_id,
            item.title,
            quote.evidence.alignment == "fuzzy",
            item.colour,
        )
        for item in all_views(views)
        for quote in item.quotes
        if quote.located
    ]
    language = record.summary.document.language or ""
    lang = f' lang="{escape(language)}"' if _LANGUAGE_RE.match(language) else ""
    return (
        f'<section id="source" class="pane" aria-label="Source text">{heading}{file_line}{warning}'
        f'<div class="source-text"{lang}>{highlight(source, spans)}</div></section>'
    )
