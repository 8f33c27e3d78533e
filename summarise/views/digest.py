"""digest: a run's resolved events as an analyst reads them: Markdown, HTML, CSV, JSON Lines.

An analyst following a field wants the list of things that happened, each once, newest
first, with how many sources stand behind it; then what the documents mention in passing
(a drug's earlier designations, its first approval), which is history, not news. So the
digest puts what happened first (regulatory news, then trials, then deals), the background
after, and one event per line: when, drug, companies, agency, what happened, indication,
the values its sources agree on and the number of sources. A value the sources state
differently is shown with every value side by side and flagged, never one of them alone.
With ``--drug`` or ``--company`` it is one timeline, news and background together. Against
an earlier digest each event says whether it is new or what changed, and those gone are
listed.

The HTML page follows the review pages' conventions (one self-contained file, inline
style and script, a policy that loads nothing, every text escaped) and links each source
to its review page at the fact (``page.html#fact-deals-0``), which opens with the fact
and its quotes marked. CSV and JSON Lines are the resolved table for scripts; the JSON
Lines, every source's quotes and offsets included, is what ``--previous`` reads back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence

from schemas import EventStatus, Reporting
from schemas.digest import (
    COMPARED_FIELDS,
    RESULT_PREFIX,
    STATUS,
    Change,
    Conflict,
    Digest,
    EventKind,
    EventSource,
    ResolvedEvent,
)
from summarise.views.review.facts import FACT_ANCHOR_PREFIX, fact_id_of
from summarise.views.review.markup import escape, html_page, relative_href
from summarise.views.values import LIST_SEPARATOR, spreadsheet_text
from summarise.views.words import words

SECTIONS: tuple[tuple[str, Callable[[ResolvedEvent], bool]], ...] = (
    ("News", lambda e: e.kind is EventKind.REGULATORY and e.reporting is Reporting.NEWS),
    ("Trials", lambda e: e.kind is EventKind.TRIAL),
    ("Deals", lambda e: e.kind is EventKind.DEAL),
    (
        "Background",
        lambda e: e.kind is EventKind.REGULATORY and e.reporting is Reporting.BACKGROUND,
    ),
)
"""The digest's sections in order, each with the events it lists."""
GONE_TITLE = "Gone since the previous digest"
BACKGROUND_NOTE = "earlier events the documents mention in passing: history, not news"
VALUE_LABELS = {
    "enrolled": "N={}",
    "planned_enrollment": "planned N={}",
    "sites": "{} sites",
    "upfront": "upfront {}",
    "milestones": "milestones {}",
    "total_value": "total {}",
    "price_per_share": "{} per share",
}
"""How each compared value reads on an event's line; the status only when it is not
"occurred", the phase in the event's name, results in the conflicts alone."""
OCCURRED = words(EventStatus.OCCURRED)
CONFLICT_MARK = "≠"
SEPARATOR = " · "


def _what(event: ResolvedEvent) -> str:
    """What happened: "accelerated approval", "Phase 3 trial TIDEMARK-1", "licensing deal"."""
    if event.kind is EventKind.REGULATORY:
        return words(event.action) if event.action else "regulatory event"
    if event.kind is EventKind.TRIAL:
        phase = f"{words(event.phase)} trial" if event.phase else "trial"
        return f"{phase} {event.identifier}" if event.identifier else phase
    return f"{words(event.deal_type)} deal" if event.deal_type else "deal"


def _date(event: ResolvedEvent) -> str:
    """The event's own date (a relative one with the date it counts from); else when it was
    first reported; else that there is none."""
    reported = f"reported {event.first_reported}" if event.first_reported else None
    if event.date:
        return event.date
    if event.date_as_stated:
        return f"{event.date_as_stated} ({reported})" if reported else event.date_as_stated
    return reported or "undated"


def _sources(count: int) -> str:
    return f"{count} source" if count == 1 else f"{count} sources"


def _conflicted(conflict: Conflict) -> str:
    """ "upfront: 40,000,000 USD ≠ 45,000,000 USD": every value a source states."""
    values = f" {CONFLICT_MARK} ".join(stated.value for stated in conflict.values)
    return f"{_label(conflict.field)}: {values}"


def _label(name: str) -> str:
    """A compared value's name as read: "upfront", "planned enrollment", a result's endpoint."""
    return name.removeprefix(RESULT_PREFIX) if name.startswith(RESULT_PREFIX) else words(name)


def _agreed(event: ResolvedEvent) -> list[str]:
    """The values an event's line shows that its sources agree on (a result's never)."""
    shown = []
    status = event.values.get(STATUS)
    if status and status != OCCURRED:
        shown.append(status)
    for name in COMPARED_FIELDS[event.kind]:
        if name in event.values and name in VALUE_LABELS:
            shown.append(VALUE_LABELS[name].format(event.values[name]))
    return shown


def _change(event: ResolvedEvent) -> str | None:
    if event.change is Change.CHANGED:
        return f"changed: {', '.join(_label(name) for name in event.changed)}"
    if event.change in (Change.NEW, Change.GONE):
        return event.change.value
    return None


def _cells(event: ResolvedEvent, timeline: bool) -> list[str]:
    """The parts of an event's line, in order: when, drug, companies, agency, what,
    indication, values, sources."""
    what = _what(event)
    if timeline and event.reporting is Reporting.BACKGROUND:
        what += " (background)"
    return [
        part
        for part in (
            _date(event),
            event.drug,
            ", ".join(event.companies),
            event.agency if event.kind is EventKind.REGULATORY else None,
            what,
            event.indication,
            *_agreed(event),
            *(f"{_conflicted(conflict)} (conflict)" for conflict in event.conflicts),
            _sources(len(event.sources)),
        )
        if part
    ]


def _grouped(digest: Digest) -> list[tuple[str, list[ResolvedEvent]]]:
    """The sections and their events; a timeline (``--drug``, ``--company``) is one list."""
    if digest.drug or digest.company:
        return [("Timeline", digest.events)]
    grouped = [
        (title, [event for event in digest.events if wanted(event)]) for title, wanted in SECTIONS
    ]
    return [(title, events) for title, events in grouped if events]


def _title(digest: Digest) -> str:
    subject = digest.drug or digest.company
    return f"Timeline of {subject} in {digest.run}" if subject else f"Digest of {digest.run}"


def _counts(digest: Digest) -> list[str]:
    """What was resolved, what is shown of it (and why), and what changed since."""
    conflicts = sum(bool(event.conflicts) for event in digest.events)
    chosen = [
        f"{name} {value}"
        for name, value in (
            ("since", digest.since),
            ("drug", digest.drug),
            ("company", digest.company),
        )
        if value
    ]
    lines = [
        f"{digest.documents} documents · {digest.facts} regulatory events, trials and deals "
        f"resolved into {digest.resolved} events",
        f"{len(digest.events)} shown"
        + (f" ({', '.join(chosen)})" if chosen else "")
        + f" · {conflicts} with conflicting values",
    ]
    if digest.previous:
        marks = [event.change for event in digest.events]
        lines.append(
            f"against {digest.previous}: {marks.count(Change.NEW)} new, "
            f"{marks.count(Change.CHANGED)} changed, {len(digest.gone)} gone"
        )
    return lines


def _documents(conflict: Conflict) -> str:
    return f" {CONFLICT_MARK} ".join(
        f"{stated.value} ({', '.join(stated.doc_ids)})" for stated in conflict.values
    )


def render_digest_markdown(digest: Digest) -> str:
    """The digest as Markdown: one line per event, news first, newest first."""
    timeline = bool(digest.drug or digest.company)
    lines = [f"# {_title(digest)}", "", *(f"{line}  " for line in _counts(digest)), ""]
    if digest.unreadable:
        lines += [f"> unreadable, left out: {LIST_SEPARATOR.join(digest.unreadable)}", ""]
    grouped = _grouped(digest)
    if not grouped:
        lines += ["No events.", ""]
    for title, events in grouped:
        lines.append(f"## {title}")
        if title == "Background":
            lines.append(f"_{BACKGROUND_NOTE}_")
        for event in events:
            change = _change(event)
            lines.append(
                "- "
                + (f"**{change}** · " if change else "")
                + SEPARATOR.join(_cells(event, timeline))
            )
        lines.append("")
    conflicted = [event for event in digest.events if event.conflicts]
    if conflicted:
        lines.append("## Conflicts")
        for event in conflicted:
            name = SEPARATOR.join(part for part in (event.drug, _what(event), _date(event)) if part)
            for conflict in event.conflicts:
                lines.append(f"- {name}: {_label(conflict.field)} {_documents(conflict)}")
        lines.append("")
    if digest.gone:
        lines.append(f"## {GONE_TITLE}")
        lines += [f"- {SEPARATOR.join(_cells(event, timeline))}" for event in digest.gone]
        lines.append("")
    return "\n".join(lines)


CSV_COLUMNS = (
    "event_id",
    "change",
    "changed",
    "kind",
    "reporting",
    "date",
    "date_as_stated",
    "first_reported",
    "drug",
    "drug_names",
    "companies",
    "agency",
    "agencies",
    "action",
    "indication",
    "identifier",
    "phase",
    "deal_type",
    "values",
    "conflicts",
    "source_count",
    "doc_ids",
)


def _csv_row(event: ResolvedEvent) -> dict[str, str]:
    """An event as one row: its fields as stored, its lists joined, its values, conflicts
    and sources as text."""
    row = {
        "changed": LIST_SEPARATOR.join(event.changed),
        "values": LIST_SEPARATOR.join(f"{name}={value}" for name, value in event.values.items()),
        "conflicts": LIST_SEPARATOR.join(
            f"{conflict.field}: {_documents(conflict)}" for conflict in event.conflicts
        ),
        "source_count": str(len(event.sources)),
        "doc_ids": LIST_SEPARATOR.join(source.doc_id for source in event.sources),
    }
    stored = event.model_dump(mode="json", include=set(CSV_COLUMNS) - row.keys())
    row |= {
        name: LIST_SEPARATOR.join(value) if isinstance(value, list) else (value or "")
        for name, value in stored.items()
    }
    return {name: spreadsheet_text(str(value)) for name, value in row.items()}


def render_digest_csv(digest: Digest) -> str:
    """One row per event (those gone since ``--previous`` last), its sources' documents."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in [*digest.events, *digest.gone]:
        writer.writerow(_csv_row(event))
    return out.getvalue()


def render_digest_jsonl(digest: Digest) -> str:
    """One JSON event per line, every source's quotes and offsets included; what
    ``--previous`` reads back (it skips the events marked gone)."""
    return "".join(f"{event.model_dump_json()}\n" for event in [*digest.events, *digest.gone])


_DIGEST_STYLE = """
*{box-sizing:border-box}
body{margin:0;padding:1rem 1.5rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,
sans-serif;color:#1d2330;background:#f4f5f7}
h1{font-size:1.2rem;margin:0 0 .3rem}
h2{font-size:1.05rem;margin:1.4rem 0 .2rem}
.counts{margin:0;color:#475467}
.note{margin:.1rem 0 .4rem;color:#475467;font-size:.88rem}
.warn{padding:.4rem .7rem;border-radius:4px;background:#fef3f2;border:1px solid #fda29b}
nav{margin:.4rem 0 .8rem;font-size:.9rem}
input{font:inherit;padding:.3rem .5rem;width:min(30rem,100%);margin:.2rem 0 .4rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #e4e7ec;
overflow-wrap:break-word;hyphens:auto}
th{background:#eaecf0;font-size:.85rem}
td{font-size:.88rem}
col.date{width:7rem}
col.drug{width:7rem}
col.indication{width:22%}
col.sources{width:21%}
.what{font-weight:600}
.badge{display:inline-block;font-size:.72rem;font-weight:600;padding:0 .4rem;border-radius:9px;
margin-right:.3rem;background:#e4e7ec;color:#1d2330}
.badge.new{background:#027a48;color:#fff}
.badge.changed{background:#b54708;color:#fff}
.badge.conflict{background:#b42318;color:#fff}
.badge.background{background:#e4e7ec;color:#344054}
ul.values,ol.sources{margin:0;padding-left:1.1rem}
li.conflict{color:#b42318;font-weight:600}
.stated{white-space:nowrap}
ol.sources li{margin:.1rem 0}
.publisher{display:block;font-size:.75rem;color:#667085}
tr.conflict{background:#fff5f4}
tr.new{background:#ecfdf3}
tr.gone td{color:#667085;text-decoration:line-through}
tr.gone td.sources{text-decoration:none}
"""

_DIGEST_SCRIPT = """
(function () {
  "use strict";
  var input = document.getElementById("filter");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section"));
  input.addEventListener("input", function () {
    var wanted = input.value.toLowerCase();
    sections.forEach(function (section) {
      var shown = 0;
      section.querySelectorAll("tbody tr").forEach(function (row) {
        row.hidden = wanted !== "" && row.textContent.toLowerCase().indexOf(wanted) < 0;
        if (!row.hidden) { shown += 1; }
      });
      section.hidden = shown === 0;
    });
  });
})();
"""

BREAKS_RE = re.compile(r"[/_.]")
"""Where a long document id may wrap in a narrow column: after a folder, a word or a dot."""
PageHref = Callable[[str], str]
"""The review page of a document, relative to the digest page."""


def _source_link(source: EventSource, href: PageHref) -> str:
    target = relative_href(href(source.doc_id)) + f"#{FACT_ANCHOR_PREFIX}{fact_id_of(source.fact)}"
    quotes = " | ".join(evidence.quote for evidence in source.evidence)
    publisher = (
        f'<span class="publisher">{escape(source.publisher)}'
        + (f", {escape(source.published)}" if source.published else "")
        + "</span>"
        if source.publisher
        else ""
    )
    name = BREAKS_RE.sub(r"\g<0><wbr>", escape(source.doc_id))
    link = f'<a href="{escape(target)}" title="{escape(quotes)}">{name}</a>'
    return f"<li>{link}{publisher}</li>"


def _value_items(event: ResolvedEvent) -> str:
    items = [f"<li>{escape(value)}</li>" for value in _agreed(event)]
    items += [
        f'<li class="conflict">{escape(_label(conflict.field))}: '
        + f" {CONFLICT_MARK} ".join(
            f'<span class="stated">{escape(stated.value)} '
            f"({escape(_sources(len(stated.doc_ids)))})</span>"
            for stated in conflict.values
        )
        + "</li>"
        for conflict in event.conflicts
    ]
    return f'<ul class="values">{"".join(items)}</ul>' if items else ""


def _badges(event: ResolvedEvent, timeline: bool) -> str:
    badges = []
    change = _change(event)
    if change:
        badges.append((event.change.value if event.change else "", change))
    if event.conflicts:
        badges.append(("conflict", "conflict"))
    if timeline and event.reporting is Reporting.BACKGROUND:
        badges.append(("background", "background"))
    return "".join(f'<span class="badge {css}">{escape(text)}</span>' for css, text in badges)


COLUMNS = ("Date", "Drug", "Companies", "Agency", "Event", "Indication", "Values", "Sources")
KIND_COLUMNS: dict[EventKind, tuple[str, ...]] = {
    EventKind.REGULATORY: COLUMNS,
    EventKind.TRIAL: tuple(name for name in COLUMNS if name != "Agency"),
    EventKind.DEAL: tuple(name for name in COLUMNS if name not in ("Agency", "Indication")),
}
"""A table's columns when all its events are of one kind: a deal has no agency and no
indication, a trial no agency. A table of several kinds (a timeline) has every column."""


def _agency(event: ResolvedEvent) -> str:
    """ "NMPA (CDE)": the agency family, and the centre the sources name when another."""
    agency = event.agency or ""
    others = [name for name in event.agencies if name != agency]
    return f"{agency} ({', '.join(others)})" if others else agency


def _html_cells(event: ResolvedEvent, href: PageHref, timeline: bool) -> dict[str, str]:
    sources = "".join(_source_link(source, href) for source in event.sources)
    return {
        "Date": escape(_date(event)),
        "Drug": escape(event.drug or ""),
        "Companies": escape(", ".join(event.companies)),
        "Agency": escape(_agency(event) if event.kind is EventKind.REGULATORY else ""),
        "Event": f'{_badges(event, timeline)}<span class="what">{escape(_what(event))}</span>',
        "Indication": escape(event.indication or ""),
        "Values": _value_items(event),
        "Sources": f'<ol class="sources">{sources}</ol>',
    }


def _html_row(event: ResolvedEvent, href: PageHref, timeline: bool, columns: Sequence[str]) -> str:
    classes = [event.kind.value, event.reporting.value]
    if event.change:
        classes.append(event.change.value)
    if event.conflicts:
        classes.append("conflict")
    cells = _html_cells(event, href, timeline)
    return (
        f'<tr id="event-{escape(event.event_id)}" class="{" ".join(classes)}">'
        + "".join(f'<td class="{name.lower()}">{cells[name]}</td>' for name in columns)
        + "</tr>"
    )


def _html_table(events: Sequence[ResolvedEvent], href: PageHref, timeline: bool) -> str:
    kinds = {event.kind for event in events}
    columns = KIND_COLUMNS[kinds.pop()] if len(kinds) == 1 else COLUMNS
    head = (
        "<table><colgroup>"
        + "".join(f'<col class="{name.lower()}">' for name in columns)
        + "</colgroup><thead><tr>"
        + "".join(f"<th>{name}</th>" for name in columns)
        + "</tr></thead>"
    )
    rows = "".join(_html_row(event, href, timeline, columns) for event in events)
    return f"{head}<tbody>{rows}</tbody></table>"


def render_digest_html(digest: Digest, href: PageHref, *, index: str | None = None) -> str:
    """The digest as one self-contained page; ``href`` gives each source's review page,
    ``index`` the run's review index, both relative to this page."""
    timeline = bool(digest.drug or digest.company)
    counts = "".join(f'<p class="counts">{escape(line)}</p>' for line in _counts(digest))
    parts = [f"<h1>{escape(_title(digest))}</h1>{counts}"]
    if index:
        parts.append(f'<nav><a href="{escape(relative_href(index))}">All documents</a></nav>')
    if digest.unreadable:
        unreadable = escape(LIST_SEPARATOR.join(digest.unreadable))
        parts.append(f'<p class="warn">Unreadable, left out: {unreadable}</p>')
    parts.append(
        '<input id="filter" type="search" placeholder="Filter events" aria-label="Filter">'
    )
    grouped = _grouped(digest)
    if not grouped:
        parts.append("<p>No events.</p>")
    sections = list(grouped)
    if digest.gone:
        sections.append((GONE_TITLE, digest.gone))
    for title, events in sections:
        note = f'<p class="note">{escape(BACKGROUND_NOTE)}</p>' if title == "Background" else ""
        parts.append(
            f'<section id="{escape(title.split()[0].lower())}"><h2>{escape(title)}</h2>{note}'
            f"{_html_table(events, href, timeline)}</section>"
        )
    return html_page(_title(digest), _DIGEST_STYLE, "".join(parts), _DIGEST_SCRIPT)
