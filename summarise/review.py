"""review: a self-contained HTML page per summary, to check it at a glance against its source.

The page puts the cleaned source text (the text the evidence offsets refer to)
beside the structured summary. Every aligned quote is highlighted in the
source; clicking a fact shows its quotes, clicking a highlight shows its fact.
Facts whose quotes did not align, or that carry grounding issues, are flagged,
and what the grounding policy removed is listed.

Press releases are untrusted input: every piece of text is escaped, the page's
script never writes HTML, and a Content-Security-Policy allows only the page's
own inline style and script (by hash), so the page loads nothing from anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from schemas import (
    Caveat,
    Company,
    Deal,
    Drug,
    EffectSize,
    EndpointResult,
    Evidence,
    Fact,
    Money,
    RegulatoryEvent,
    SummaryRecord,
    Ticker,
    Trial,
)
from summarise.batch import SUMMARIES_FOLDER, output_name
from summarise.clean import clean_text
from summarise.errors import ConfigurationError, SummariseError
from summarise.ledger import LEDGER_FILE, Ledger, Status
from summarise.load import load_document
from summarise.store import write_atomically

REVIEW_FOLDER = "review"
INDEX_FILE = "index.html"
MAX_SOURCE_BYTES = 256_000_000
"""Reloading a source for review: the sha256 check, not a size limit, decides whether it fits."""

SECTIONS = (
    ("drugs", "Drugs"),
    ("companies", "Companies"),
    ("regulatory_events", "Regulatory events"),
    ("trials", "Trials"),
    ("deals", "Deals"),
    ("caveats", "Caveats"),
)

_TITLE_FIELDS: dict[type[Fact], tuple[str, ...]] = {
    Drug: ("name",),
    Company: ("name",),
    RegulatoryEvent: ("agency", "action"),
    Trial: ("drug",),
    EndpointResult: ("endpoint",),
    Deal: ("deal_type",),
    Caveat: ("kind",),
}
_HIDDEN_FIELDS = {"evidence", "grounding_issues"}
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


# --------------------------------------------------------------------------- text helpers


def _e(value: object) -> str:
    """Escaped text for element content and double-quoted attributes."""
    return html.escape(str(value), quote=True)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _csp_hash(code: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
    )


def _page(title: str, style: str, body: str, script: str = "", lang: str = "en") -> str:
    """A whole HTML document whose policy allows nothing but its own style and script."""
    policy = [
        "default-src 'none'",
        f"style-src {_csp_hash(style)}",
        f"script-src {_csp_hash(script)}" if script else "script-src 'none'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    script_element = f"<script>{script}</script>\n" if script else ""
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e("; ".join(policy))}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{_e(title)}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f"{body}\n{script_element}</body>\n</html>\n"
    )
    # A lone surrogate (possible in JSON-decoded text) cannot be written as UTF-8.
    return page.encode("utf-8", "replace").decode("utf-8")


def _number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}" if abs(value) >= 100_000 else str(int(value))
    return f"{value:g}"


def _format(value: Any) -> str | None:
    """A field value as readable text; None when there is nothing to show."""
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, Money):
        return f"{_number(value.amount)} {value.currency or ''}".rstrip()
    if isinstance(value, Ticker):
        return f"{value.exchange}: {value.symbol}"
    if isinstance(value, EffectSize):
        text = f"{_format(value.measure)} {_number(value.value)}"
        if value.ci_lower is not None or value.ci_upper is not None:
            lower = "?" if value.ci_lower is None else _number(value.ci_lower)
            upper = "?" if value.ci_upper is None else _number(value.ci_upper)
            text += f" (CI {lower}–{upper})"
        return text
    if isinstance(value, list):
        parts = [part for part in (_format(item) for item in value) if part]
        return ", ".join(parts) or None
    if isinstance(value, BaseModel):
        parts = [
            f"{name.replace('_', ' ')}: {shown}"
            for name in type(value).model_fields
            if (shown := _format(getattr(value, name)))
        ]
        return "; ".join(parts) or None
    return str(value)


# --------------------------------------------------------------------------- facts and quotes


@dataclass
class _Quote:
    number: int
    evidence: Evidence
    located: bool  # has offsets inside the source shown on the page

    @property
    def anchor(self) -> str:
        return f"q-{self.number}"


@dataclass
class _FactView:
    fact: Fact
    fact_id: str  # e.g. trials-0-results-1
    path: str  # e.g. trials[0].results[1], as grounding names it
    section: str
    quotes: list[_Quote]
    children: list[_FactView] = field(default_factory=list)

    @property
    def ungrounded(self) -> bool:
        return bool(self.fact.grounding_issues) or any(
            not _aligned(quote.evidence) for quote in self.quotes
        )

    @property
    def title(self) -> str:
        fields = _TITLE_FIELDS.get(type(self.fact), ())
        parts = [shown for name in fields if (shown := _format(getattr(self.fact, name, None)))]
        if isinstance(self.fact, Trial) and not parts:
            parts = [self.fact.identifier or "trial"]
        return " · ".join(parts) or self.path

    @property
    def first_located(self) -> _Quote | None:
        return next((quote for quote in self.quotes if quote.located), None)


def _aligned(evidence: Evidence) -> bool:
    return (
        evidence.alignment != "unaligned"
        and evidence.start is not None
        and evidence.end is not None
    )


def _locatable(evidence: Evidence, source: str | None) -> bool:
    if source is None or not _aligned(evidence):
        return False
    assert evidence.start is not None and evidence.end is not None
    return 0 <= evidence.start < evidence.end <= len(source)


def _fact_views(record: SummaryRecord, source: str | None) -> list[_FactView]:
    """Every fact, in section order, with ids and globally numbered quotes."""
    counter = iter(range(1_000_000_000))

    def view(fact: Fact, fact_id: str, path: str, section: str) -> _FactView:
        quotes = [
            _Quote(next(counter), evidence, _locatable(evidence, source))
            for evidence in fact.evidence
        ]
        made = _FactView(fact, fact_id, path, section, quotes)
        for name in type(fact).model_fields:
            value = getattr(fact, name)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, Fact):
                        made.children.append(
                            view(item, f"{fact_id}-{name}-{index}", f"{path}.{name}[{index}]", name)
                        )
        return made

    return [
        view(fact, f"{name}-{index}", f"{name}[{index}]", name)
        for name, _ in SECTIONS
        for index, fact in enumerate(getattr(record.summary, name))
    ]


def _all_views(views: list[_FactView]) -> Iterator[_FactView]:
    for item in views:
        yield item
        yield from _all_views(item.children)


# --------------------------------------------------------------------------- source pane


@dataclass(frozen=True)
class _Span:
    number: int
    start: int
    end: int
    fact_id: str
    label: str
    fuzzy: bool


def _open_mark(span: _Span, first: bool) -> str:
    classes = "q" + ("" if first else " cont") + (" fuzzy" if span.fuzzy else "")
    identity = f'id="q-{span.number}" ' if first else ""
    return (
        f'<mark {identity}class="{classes}" data-fact="{_e(span.fact_id)}" '
        f'data-quote="q-{span.number}" title="{_e(span.label)}">'
    )


def highlight(source: str, spans: list[_Span]) -> str:
    """``source`` escaped, each span a ``<mark>``; overlapping spans nest validly.

    Spans are opened outermost first. A span that crosses the end of an
    enclosing one is closed there and reopened just after (a continuation
    mark without an id), so the marks always form a tree and every character
    stays inside the marks of every span that covers it.
    """
    starting: dict[int, list[_Span]] = defaultdict(list)
    for span in spans:
        starting[span.start].append(span)
    boundaries = sorted({0, len(source)} | {s.start for s in spans} | {s.end for s in spans})
    out: list[str] = []
    stack: list[_Span] = []
    opened: set[int] = set()
    position = 0
    for boundary in boundaries:
        if boundary > position:
            out.append(_e(source[position:boundary]))
            position = boundary
        lowest = next((i for i, span in enumerate(stack) if span.end == boundary), None)
        reopen: list[_Span] = []
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


def _source_pane(
    record: SummaryRecord, source: str | None, views: list[_FactView], note: str | None
) -> str:
    provenance = record.provenance
    heading = '<h2>Source <span class="muted">(cleaned text)</span></h2>'
    file_line = (
        f'<p class="muted file">{_e(provenance.source_file)}</p>' if provenance.source_file else ""
    )
    if source is None:
        reason = note or "the source text was not provided"
        return (
            f'<section id="source" class="pane" aria-label="Source text">{heading}{file_line}'
            f'<p class="note warn" id="source-unavailable">Source unavailable: {_e(reason)}. '
            "The summary is shown without highlights; its quotes are listed with each fact.</p>"
            "</section>"
        )
    warning = ""
    if _sha256(source) != provenance.cleaned_sha256:
        warning = (
            '<p class="note warn" id="source-mismatch">This text is not the one that was '
            "summarised (its sha256 differs from the record's cleaned_sha256): highlights "
            "may be misplaced.</p>"
        )
    elif note:
        warning = f'<p class="note">{_e(note)}</p>'
    spans = [
        _Span(
            quote.number,
            quote.evidence.start or 0,
            quote.evidence.end or 0,
            item.fact_id,
            f"{item.path}: {item.title}",
            quote.evidence.alignment == "fuzzy",
        )
        for item in _all_views(views)
        for quote in item.quotes
        if quote.located
    ]
    language = record.summary.document.language or ""
    lang = f' lang="{_e(language)}"' if _LANGUAGE_RE.match(language) else ""
    return (
        f'<section id="source" class="pane" aria-label="Source text">{heading}{file_line}{warning}'
        f'<div class="source-text"{lang}>{highlight(source, spans)}</div></section>'
    )


# --------------------------------------------------------------------------- summary pane


def _fields(fact: Fact) -> str:
    shown_in_title = set(_TITLE_FIELDS.get(type(fact), ()))
    rows = []
    for name in type(fact).model_fields:
        if name in _HIDDEN_FIELDS or name in shown_in_title:
            continue
        value = getattr(fact, name)
        if isinstance(value, list) and value and all(isinstance(item, Fact) for item in value):
            continue  # nested facts are rendered as facts of their own
        shown = _format(value)
        if shown:
            rows.append(f"<dt>{_e(name.replace('_', ' '))}</dt><dd>{_e(shown)}</dd>")
    return f'<dl class="fields">{"".join(rows)}</dl>' if rows else ""


def _quote_item(quote: _Quote) -> str:
    evidence = quote.evidence
    text = f"“{_e(evidence.quote)}”"
    details = []
    if _aligned(evidence):
        details.append(_e(evidence.alignment or "aligned"))
        if evidence.start is not None and evidence.end is not None:
            details.append(f"chars {evidence.start}–{evidence.end}")
    if evidence.page:
        details.append(f"p. {_e(evidence.page)}")
    meta = f' <span class="muted">{" · ".join(details)}</span>' if details else ""
    if not _aligned(evidence):
        return (
            f'<li class="unaligned"><span class="quote">{text}</span> '
            f'<span class="badge bad">not found in source</span>{meta}</li>'
        )
    if not quote.located:
        return (
            f'<li><span class="quote">{text}</span>{meta} '
            '<span class="badge">not highlighted</span></li>'
        )
    fuzzy = (
        ' <span class="badge">check: fuzzy match</span>' if evidence.alignment == "fuzzy" else ""
    )
    return (
        f'<li><a class="quote" href="#{quote.anchor}" data-quote="{quote.anchor}">{text}</a>'
        f"{fuzzy}{meta}</li>"
    )


def _fact_item(item: _FactView) -> str:
    classes = ["fact"]
    badges = []
    if item.ungrounded:
        classes.append("ungrounded")
        badges.append('<span class="badge bad">ungrounded</span>')
    if isinstance(item.fact, Caveat):
        classes.append("caveat")
        badges.append('<span class="badge warn">caveat</span>')
    first = item.first_located
    first_attribute = f' data-first-quote="{first.anchor}"' if first else ""
    issues = ""
    if item.fact.grounding_issues:
        issues = (
            '<ul class="issues">'
            + "".join(
                f"<li><code>{_e(issue.field)}</code>: {_e(issue.problem)}</li>"
                for issue in item.fact.grounding_issues
            )
            + "</ul>"
        )
    children = ""
    if item.children:
        groups: dict[str, list[_FactView]] = defaultdict(list)
        for child in item.children:
            groups[child.section].append(child)
        children = "".join(
            f'<div class="children"><h5>{_e(name.replace("_", " ").capitalize())}</h5>'
            f'<ol class="facts">{"".join(_fact_item(child) for child in group)}</ol></div>'
            for name, group in groups.items()
        )
    return (
        f'<li class="{" ".join(classes)}" id="fact-{_e(item.fact_id)}" '
        f'data-fact="{_e(item.fact_id)}"{first_attribute} tabindex="0">'
        f'<div class="fact-head"><span class="fact-title">{_e(item.title)}</span> '
        f'{"".join(badges)} <code class="path muted">{_e(item.path)}</code></div>'
        f"{_fields(item.fact)}"
        f'<ol class="quotes">{"".join(_quote_item(quote) for quote in item.quotes)}</ol>'
        f"{issues}{children}</li>"
    )


def _document_info(record: SummaryRecord) -> str:
    document = record.summary.document
    rows = [
        ("title", document.title),
        ("publisher", document.publisher),
        ("date", document.date_iso or document.date_as_stated),
        ("language", document.language),
        ("event types", _format(record.summary.event_types)),
    ]
    cells = "".join(f"<dt>{_e(key)}</dt><dd>{_e(value)}</dd>" for key, value in rows if value)
    return f'<dl class="fields docinfo">{cells}</dl>' if cells else ""


def _dropped(record: SummaryRecord) -> str:
    dropped = record.provenance.dropped
    items = (
        "".join(f"<li><code>{_e(item.path)}</code>: {_e(item.problem)}</li>" for item in dropped)
        if dropped
        else '<li class="muted">Nothing was removed.</li>'
    )
    return (
        f'<section id="dropped" class="box{" warn-box" if dropped else ""}">'
        f"<h3>Removed by grounding ({len(dropped)})</h3><ul>{items}</ul></section>"
    )


def _provenance(record: SummaryRecord) -> str:
    p = record.provenance
    usage = p.usage
    rows = [
        ("model", p.model),
        ("endpoint host", p.base_url_host),
        ("strategy", p.strategy),
        ("prompt version", p.prompt_version),
        ("schema version", p.schema_version),
        ("tool version", p.tool_version),
        (
            "tokens",
            f"{usage.total_tokens:,} ({usage.prompt_tokens:,} prompt, "
            f"{usage.completion_tokens:,} completion)",
        ),
        ("cost", "unpriced model" if p.cost_usd is None else f"${p.cost_usd:.4f}"),
        ("attempts", f"{p.attempts} LLM answer(s), {p.transport_retries} transport retries"),
        (
            "grounding",
            f"policy {p.grounding_policy}, validation passed: {_format(p.validation_passed)}",
        ),
        ("source file", p.source_file),
        ("source sha256", p.source_sha256),
        ("cleaned sha256", f"{p.cleaned_sha256} ({p.cleaned_chars:,} chars)"),
        ("timings", ", ".join(f"{key} {value:g} ms" for key, value in p.timings_ms.items())),
        ("created at", p.created_at),
    ]
    cells = "".join(
        f'<dt>{_e(key)}</dt><dd class="prov-{_e(key.replace(" ", "-"))}">{_e(value)}</dd>'
        for key, value in rows
        if value
    )
    return f'<footer id="provenance"><h3>Provenance</h3><dl class="fields">{cells}</dl></footer>'


def _summary_pane(record: SummaryRecord, views: list[_FactView]) -> str:
    summary = record.summary
    parts = [
        '<section id="summary" class="pane" aria-label="Structured summary">',
        f'<h2 id="headline">{_e(summary.headline)}</h2>',
        f'<p class="summary-text">{_e(summary.summary)}</p>',
        _document_info(record),
    ]
    for name, title in SECTIONS:
        section = [item for item in views if item.section == name]
        if not section:
            continue
        parts.append(
            f'<section class="facts-section" id="section-{name}">'
            f"<h3>{_e(title)} ({len(section)})</h3>"
            f'<ol class="facts">{"".join(_fact_item(item) for item in section)}</ol></section>'
        )
    if not views:
        parts.append('<p class="note warn">The summary holds no facts.</p>')
    parts += [_dropped(record), _provenance(record), "</section>"]
    return "".join(parts)


# --------------------------------------------------------------------------- the review page

_REVIEW_STYLE = """
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;
background:#f4f5f7;display:flex;flex-direction:column}
.top{padding:.5rem 1rem;background:#1d2330;color:#fff;display:flex;gap:1rem;
align-items:baseline;flex-wrap:wrap}
.top h1{font-size:1rem;margin:0}
.top .counts{margin:0;font-size:.85rem;opacity:.85}
main{flex:1;min-height:0;display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
.pane{overflow:auto;padding:1rem 1.25rem;min-height:0}
#source{background:#fff;border-right:1px solid #d5d9e0}
.source-text{white-space:pre-wrap;overflow-wrap:anywhere;
font:14px/1.7 ui-serif,Georgia,"Noto Serif",serif}
h2{font-size:1.15rem;margin:.2rem 0 .6rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem;border-bottom:1px solid #d5d9e0}
h5{font-size:.85rem;margin:.5rem 0 .2rem}
.muted{color:#667085;font-weight:normal}
.file{font-size:.8rem;margin:-.4rem 0 .6rem;overflow-wrap:anywhere}
mark.q{background:rgba(255,200,0,.32);color:inherit;cursor:pointer;border-radius:2px}
mark.q.fuzzy{text-decoration:underline dashed #b54708}
mark.q.active{background:rgba(255,120,0,.55);outline:2px solid #e04f00}
ol.facts{list-style:none;padding:0;margin:0}
.fact{background:#fff;border:1px solid #d5d9e0;border-left:4px solid #3b82f6;border-radius:4px;
padding:.45rem .7rem;margin:.45rem 0;cursor:pointer}
.fact.ungrounded{border-left-color:#d92d20;background:#fff5f4}
.fact.caveat{border-left-color:#f79009}
.fact.active{outline:3px solid #e04f00;outline-offset:1px}
.fact:focus-visible{outline:3px solid #3b82f6}
.fact-title{font-weight:600}
.path{font-size:.75rem;float:right}
.badge{display:inline-block;font-size:.72rem;font-weight:600;padding:0 .4rem;border-radius:9px;
background:#e4e7ec;color:#344054;vertical-align:1px}
.badge.bad{background:#d92d20;color:#fff}
.badge.warn{background:#f79009;color:#fff}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:0 .8rem;margin:.3rem 0;
font-size:.88rem}
dl.fields dt{color:#667085}
dl.fields dd{margin:0;overflow-wrap:anywhere}
ol.quotes{margin:.3rem 0 0;padding-left:1.2rem;font-size:.85rem}
ol.quotes li{margin:.15rem 0}
.quote{color:#1d2330;font-style:italic}
a.quote{text-decoration:none;border-bottom:1px dotted #98a2b3}
li.unaligned .quote{color:#b42318}
ul.issues{margin:.3rem 0 0;padding-left:1.2rem;font-size:.82rem;color:#b42318}
.children{margin:.4rem 0 0 .5rem}
.box{background:#fff;border:1px solid #d5d9e0;border-radius:4px;padding:.2rem .8rem .5rem;
margin-top:1rem}
.warn-box{border-color:#f79009;background:#fffaeb}
.note{padding:.4rem .7rem;border-radius:4px;background:#eef4ff;font-size:.88rem}
.note.warn{background:#fef3f2;border:1px solid #fda29b}
#provenance{margin-top:1.2rem;font-size:.85rem}
#provenance dd{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.8rem}
@media (max-width:800px){main{display:block}.pane{overflow:visible}body{display:block}}
"""

_REVIEW_SCRIPT = """
(function () {
  "use strict";
  var active = [];
  function clearActive() {
    active.forEach(function (element) { element.classList.remove("active"); });
    active = [];
  }
  function activate(element) { element.classList.add("active"); active.push(element); }
  function factElement(id) { return document.getElementById("fact-" + id); }
  function marksOf(id) {
    return document.querySelectorAll('mark[data-fact="' + CSS.escape(id) + '"]');
  }
  function showFacts(ids) {
    clearActive();
    ids.forEach(function (id) {
      var fact = factElement(id);
      if (fact) { activate(fact); }
      marksOf(id).forEach(activate);
    });
  }
  function selectFact(fact, quoteId) {
    var id = fact.getAttribute("data-fact");
    showFacts([id]);
    var target = document.getElementById(quoteId || fact.getAttribute("data-first-quote") || "");
    if (!target) { target = marksOf(id)[0] || null; }
    if (target) { target.scrollIntoView({block: "center", inline: "nearest"}); }
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var mark = target.closest("mark[data-fact]");
    if (mark) {
      var ids = [];
      for (var m = mark; m; m = m.parentElement && m.parentElement.closest("mark[data-fact]")) {
        var id = m.getAttribute("data-fact");
        if (ids.indexOf(id) < 0) { ids.push(id); }
      }
      showFacts(ids);
      var first = factElement(ids[0]);
      if (first) { first.scrollIntoView({block: "nearest"}); }
      return;
    }
    var fact = target.closest(".fact");
    if (fact) {
      var link = target.closest("a[data-quote]");
      if (link) { event.preventDefault(); }
      selectFact(fact, link ? link.getAttribute("data-quote") : null);
    }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Escape") { clearActive(); return; }
    if ((event.key === "Enter" || event.key === " ") && target instanceof Element &&
        target.matches(".fact")) {
      event.preventDefault();
      selectFact(target, null);
    }
  });
})();
"""


def render_review_html(
    record: SummaryRecord, source_text: str | None, *, source_note: str | None = None
) -> str:
    """One self-contained page: the highlighted source beside the structured summary.

    ``source_text`` must be the cleaned text the offsets refer to (see
    :func:`source_for`); None shows the summary alone, with ``source_note``
    saying why the source is unavailable.
    """
    views = _fact_views(record, source_text)
    every = list(_all_views(views))
    quotes = [quote for item in every for quote in item.quotes]
    located = sum(quote.located for quote in quotes)
    ungrounded = sum(item.ungrounded for item in every)
    counts = (
        f"{len(every)} facts · {located} of {len(quotes)} quotes highlighted · "
        f"{ungrounded} ungrounded · {len(record.provenance.dropped)} removed by grounding"
    )
    body = (
        f'<header class="top"><h1>Review: {_e(record.provenance.source_file or "summary")}</h1>'
        f'<p class="counts">{_e(counts)}</p></header>\n<main>'
        f"{_source_pane(record, source_text, views, source_note)}\n"
        f"{_summary_pane(record, views)}</main>"
    )
    return _page(f"Review: {record.summary.headline}", _REVIEW_STYLE, body, _REVIEW_SCRIPT)


def _load_source(record: SummaryRecord) -> tuple[str | None, str | None]:
    """(the cleaned source text, None) or (None, why it is unavailable)."""
    source_file = record.provenance.source_file
    if not source_file:
        return None, "the record names no source file"
    try:
        document = load_document(Path(source_file), max_bytes=MAX_SOURCE_BYTES)
    except (SummariseError, OSError, ValueError) as error:
        return None, str(error)
    text = clean_text(document.text).text
    if _sha256(text) != record.provenance.cleaned_sha256:
        return None, f"{source_file} has changed since it was summarised (sha256 differs)"
    return text, None


def source_for(record: SummaryRecord) -> str | None:
    """The cleaned text the record's offsets refer to, reloaded from its source file.

    A relative ``source_file`` is read from the working folder, as the command
    that made the record named it. None when the file is missing or unreadable,
    or when its cleaned text no longer has the record's ``cleaned_sha256`` (the
    offsets would be wrong).
    """
    return _load_source(record)[0]


def write_review(record: SummaryRecord, out_path: Path) -> Path:
    """Write the review page of ``record`` to ``out_path`` atomically; return the path."""
    source, note = _load_source(record)
    write_atomically(out_path, render_review_html(record, source, source_note=note))
    return out_path


# --------------------------------------------------------------------------- run index


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
        name = _e(entry.doc_id)
        if entry.page_href:
            name = f'<a href="{_e(_relative_href(entry.page_href))}">{name}</a>'
        status_class = re.sub(r"[^a-z_-]", "", entry.status.lower())
        rows.append(
            f'<tr class="{status_class}"><td>{name}</td>'
            f'<td class="status">{_e(entry.status)}</td>'
            f"<td>{_e(', '.join(entry.event_types))}</td><td>{_e(', '.join(entry.drugs))}</td>"
            f'<td class="error">{_e(entry.error or "")}</td></tr>'
        )
    note_html = f'<p class="note">{_e(note)}</p>' if note else ""
    body = (
        f"<h1>Run review: {len(entries)} documents</h1>"
        f'<p class="counts">{_e(summary or "no documents")}</p>{note_html}'
        '<input id="filter" type="search" placeholder="Filter documents" aria-label="Filter">'
        "<table><thead><tr><th>Document</th><th>Status</th><th>Event types</th><th>Drugs</th>"
        f"<th>Error</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return _page("Run review", _INDEX_STYLE, body, _INDEX_SCRIPT)


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
        [_format(event) or "" for event in record.summary.event_types],
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
