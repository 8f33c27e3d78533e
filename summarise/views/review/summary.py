"""summary: the summary pane, every fact (in its colour) with its fields, quotes and flags, and
the provenance."""

from __future__ import annotations

from collections import defaultdict

from schemas import Caveat, Fact, SummaryRecord
from summarise.views.review.facts import (
    FACT_ANCHOR_PREFIX,
    SECTIONS,
    TITLE_FIELDS,
    FactView,
    Quote,
    aligned,
)
from summarise.views.review.markup import escape
from summarise.views.review.palette import colour_class
from summarise.views.values import format_value

_HIDDEN_FIELDS = {"evidence", "grounding_issues"}


def _fields(fact: Fact) -> str:
    shown_in_title = set(TITLE_FIELDS.get(type(fact), ()))
    rows = []
    for name in type(fact).model_fields:
        if name in _HIDDEN_FIELDS or name in shown_in_title:
            continue
        value = getattr(fact, name)
        if isinstance(value, list) and value and all(isinstance(item, Fact) for item in value):
            continue  # nested facts are rendered as facts of their own
        shown = format_value(value)
        if shown:
            rows.append(f"<dt>{escape(name.replace('_', ' '))}</dt><dd>{escape(shown)}</dd>")
    return f'<dl class="fields">{"".join(rows)}</dl>' if rows else ""


def _quote_item(quote: Quote) -> str:
    evidence = quote.evidence
    text = f"“{escape(evidence.quote)}”"
    details = []
    if aligned(evidence):
        details.append(escape(evidence.alignment or "aligned"))
        if evidence.start is not None and evidence.end is not None:
            details.append(f"chars {evidence.start}–{evidence.end}")
    if evidence.page:
        details.append(f"p. {escape(evidence.page)}")
    meta = f' <span class="muted">{" · ".join(details)}</span>' if details else ""
    if not aligned(evidence):
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


def _fact_item(item: FactView) -> str:
    classes = ["fact", colour_class(item.colour)]
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
                f"<li><code>{escape(issue.field)}</code>: {escape(issue.problem)}</li>"
                for issue in item.fact.grounding_issues
            )
            + "</ul>"
        )
    children = ""
    if item.children:
        groups: dict[str, list[FactView]] = defaultdict(list)
        for child in item.children:
            groups[child.section].append(child)
        children = "".join(
            f'<div class="children"><h5>{escape(name.replace("_", " ").capitalize())}</h5>'
            f'<ol class="facts">{"".join(_fact_item(child) for child in group)}</ol></div>'
            for name, group in groups.items()
        )
    return (
        f'<li class="{" ".join(classes)}" id="{FACT_ANCHOR_PREFIX}{escape(item.fact_id)}" '
        f'data-fact="{escape(item.fact_id)}"{first_attribute} tabindex="0">'
        f'<div class="fact-head"><span class="swatch" aria-hidden="true"></span>'
        f'<span class="fact-title">{escape(item.title)}</span> '
        f'{"".join(badges)} <code class="path muted">{escape(item.path)}</code></div>'
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
        ("event types", format_value(record.summary.event_types)),
    ]
    cells = "".join(
        f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>" for key, value in rows if value
    )
    return f'<dl class="fields docinfo">{cells}</dl>' if cells else ""


def _dropped(record: SummaryRecord) -> str:
    dropped = record.provenance.dropped
    items = (
        "".join(
            f"<li><code>{escape(item.path)}</code>: {escape(item.problem)}</li>" for item in dropped
        )
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
            f"policy {p.grounding_policy}, validation passed: {format_value(p.validation_passed)}",
        ),
        ("source file", p.source_file),
        ("source sha256", p.source_sha256),
        ("cleaned sha256", f"{p.cleaned_sha256} ({p.cleaned_chars:,} chars)"),
        ("timings", ", ".join(f"{key} {value:g} ms" for key, value in p.timings_ms.items())),
        ("created at", p.created_at),
    ]
    cells = "".join(
        f"<dt>{escape(key)}</dt>"
        f'<dd class="prov-{escape(key.replace(" ", "-"))}">{escape(value)}</dd>'
        for key, value in rows
        if value
    )
    return f'<footer id="provenance"><h3>Provenance</h3><dl class="fields">{cells}</dl></footer>'


def summary_pane(record: SummaryRecord, views: list[FactView]) -> str:
    """The headline, summary, facts by section, what grounding removed, and the provenance."""
    summary = record.summary
    parts = [
        '<section id="summary" class="pane" aria-label="Structured summary">',
        f'<h2 id="headline">{escape(summary.headline)}</h2>',
        f'<p class="summary-text">{escape(summary.summary)}</p>',
        _document_info(record),
    ]
    for name, title in SECTIONS:
        section = [item for item in views if item.section == name]
        if not section:
            continue
        parts.append(
            f'<section class="facts-section" id="section-{name}">'
            f"<h3>{escape(title)} ({len(section)})</h3>"
            f'<ol class="facts">{"".join(_fact_item(item) for item in section)}</ol></section>'
        )
    parts += [_dropped(record), _provenance(record), "</section>"]
    return "".join(parts)
