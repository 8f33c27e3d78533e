"""highlight: the source pane, the cleaned source text with every located quote marked."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from schemas import SummaryRecord
from summarise.views.review.facts import FactView, all_views
from summarise.views.review.markup import escape
from summarise.views.review.source import text_sha256

_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class Span:
    """A located quote in the source text, marked with its fact."""

    number: int
    start: int
    end: int
    fact_id: str
    label: str
    fuzzy: bool


def _open_mark(span: Span, first: bool) -> str:
    classes = "q" + ("" if first else " cont") + (" fuzzy" if span.fuzzy else "")
    identity = f'id="q-{span.number}" ' if first else ""
    return (
        f'<mark {identity}class="{classes}" data-fact="{escape(span.fact_id)}" '
        f'data-quote="q-{span.number}" title="{escape(span.label)}">'
    )


def highlight(source: str, spans: list[Span]) -> str:
    """``source`` escaped, each span a ``<mark>``; overlapping spans nest validly.

    Spans are opened outermost first. A span that crosses the end of an
    enclosing one is closed there and reopened just after (a continuation
    mark without an id), so the marks always form a tree and every character
    stays inside the marks of every span that covers it.
    """
    starting: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        starting[span.start].append(span)
    boundaries = sorted({0, len(source)} | {s.start for s in spans} | {s.end for s in spans})
    out: list[str] = []
    stack: list[Span] = []
    opened: set[int] = set()
    position = 0
    for boundary in boundaries:
        if boundary > position:
            out.append(escape(source[position:boundary]))
            position = boundary
        lowest = next((i for i, span in enumerate(stack) if span.end == boundary), None)
        reopen: list[Span] = []
        if lowest is not None:
            out.append("</mark>" * (len(stack) - lowest))
            reopen = [span for span in stack[lowest:] if span.end > boundary]
            del stack[lowest:]
        for span in sorted(reopen + starting.get(boundary, []), key=lambda s: (-s.end, s.number)):
            out.append(_open_mark(span, first=span.number not in opened))
            opened.add(span.number)
            stack.append(span)
    assert not stack, "every span ends inside the source"
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
            f"{item.path}: {item.title}",
            quote.evidence.alignment == "fuzzy",
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
