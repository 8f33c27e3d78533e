"""digest: what happened across a run: its events resolved, chosen and compared with an
earlier digest.

``summarise digest`` reads a run folder's records, resolves their regulatory events,
trials and deals into real-world events (:mod:`summarise.quality.resolve`), keeps those
the flags ask for (``--since``, ``--drug``, ``--company``) and, given an earlier digest (its
JSON Lines) or an earlier run folder, marks each event new, changed or unchanged and
lists those gone. The whole resolution, whatever the flags, replaces the last one in the
run's ledger when it has one, so it can be queried with SQL. Rendering is
:mod:`summarise.views.digest`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from schemas.digest import Change, Digest, ResolvedEvent
from summarise.core.errors import ConfigurationError
from summarise.quality.matching.dates import DateSpan, date_span, iso_span
from summarise.quality.matching.names import company_names_compatible, drug_names_compatible
from summarise.quality.resolve import Document, facts_to_resolve, key_of, pair_events, resolve
from summarise.runs.layout import INDEX_FILE, RunLayout, read_record, unreadable_reason
from summarise.runs.ledger import LEDGER_FILE, Ledger
from summarise.runs.review import write_run_review
from summarise.runs.store import write_atomically
from summarise.views.digest import render_digest_html

DIGEST_PAGE = "digest.html"
"""The HTML digest's name in the run's review folder, beside the pages it links to."""
SINCE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TRACKED_FIELDS = ("date", "action", "agency", "phase", "deal_type")
"""An event's own fields whose change ``--previous`` reports, beside its compared values;
names, companies and indications are how sources word it, not news."""


@dataclass
class ResolvedRun:
    """A run folder's records, resolved."""

    documents: int
    facts: int
    events: list[ResolvedEvent]
    unreadable: list[str] = field(default_factory=list)


def resolve_run(run_dir: Path) -> ResolvedRun:
    """Every readable record of ``run_dir`` resolved into events; a one-line error for a
    folder that does not exist or holds no record."""
    layout = RunLayout(run_dir)
    if not run_dir.is_dir():
        raise ConfigurationError(f"{run_dir}: no such run folder")
    files = layout.record_files()
    if not files:
        raise ConfigurationError(
            f"{run_dir}: no summaries to digest (no {layout.summaries.name}/*.json); "
            "give a folder written by `summarise run -o` or `summarise batch run --out`"
        )
    documents, unreadable = [], []
    for path in files:
        doc_id = layout.doc_id_of(path)
        try:
            documents.append(Document(doc_id, read_record(path).summary))
        except (OSError, ValueError) as error:
            unreadable.append(f"{doc_id}: {unreadable_reason(error)}")
    if not documents:
        raise ConfigurationError(f"{run_dir}: no readable summary ({unreadable[0]})")
    facts = sum(facts_to_resolve(document.summary) for document in documents)
    return ResolvedRun(len(documents), facts, resolve(documents), unreadable)


def parse_since(text: str) -> str:
    """``--since`` as an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), or a one-line error."""
    try:
        if SINCE_RE.match(text):
            iso_span(text)
            return text
    except ValueError:
        pass
    raise ConfigurationError(f"--since {text!r}: not a date; give YYYY-MM-DD, YYYY-MM or YYYY")


def read_previous(path: Path) -> list[ResolvedEvent]:
    """The events of an earlier digest: its JSON Lines (``--format jsonl``), or a run
    folder resolved afresh."""
    if path.is_dir():
        return resolve_run(path).events
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ConfigurationError(
            f"--previous {path}: cannot read it ({reason}); give a digest written with "
            "--format jsonl or a run folder"
        ) from None
    events = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            event = ResolvedEvent.model_validate_json(line)
        except ValidationError as invalid:
            raise ConfigurationError(
                f"--previous {path}: line {number} is not a digest event "
                f"({invalid.errors()[0]['msg']}); give a digest written with --format jsonl "
                "or a run folder"
            ) from None
        if event.change is not Change.GONE:
            events.append(event)
    return events


def _changes(before: ResolvedEvent, after: ResolvedEvent) -> list[str]:
    """The fields of an event a later source updated or contradicted."""
    changed = [name for name in TRACKED_FIELDS if getattr(before, name) != getattr(after, name)]
    conflicted_before = {conflict.field for conflict in before.conflicts}
    conflicted_after = {conflict.field for conflict in after.conflicts}
    compared = {**after.values, **before.values}.keys() | conflicted_before | conflicted_after
    changed += [
        name
        for name in sorted(compared)
        if before.values.get(name) != after.values.get(name)
        or (name in conflicted_before) != (name in conflicted_after)
    ]
    return changed


def mark_changes(events: list[ResolvedEvent], previous: list[ResolvedEvent]) -> list[ResolvedEvent]:
    """Mark each event new, changed or unchanged against ``previous``; return the previous
    events no event of this digest is, marked gone."""
    pairs = pair_events([key_of(event) for event in previous], [key_of(event) for event in events])
    paired = {now: before for before, now in pairs}
    for index, event in enumerate(events):
        if index not in paired:
            event.change = Change.NEW
            continue
        event.changed = _changes(previous[paired[index]], event)
        event.change = Change.CHANGED if event.changed else Change.UNCHANGED
    kept = set(paired.values())
    gone = [event.model_copy() for index, event in enumerate(previous) if index not in kept]
    for event in gone:
        event.change, event.changed = Change.GONE, []
    return gone


def _span(event: ResolvedEvent) -> DateSpan:
    """The days an event may have happened on: its own date's ("Tuesday" counted back from
    its first report), else the day it was first reported."""
    span = date_span(event.date, event.date_as_stated, event.first_reported)
    return span if span.known else iso_span(event.first_reported)


def _first_day(event: ResolvedEvent) -> date:
    return _span(event).first or date.min


def newest_first(events: list[ResolvedEvent]) -> list[ResolvedEvent]:
    """Newest first by the first day an event may have happened on; undated last."""
    by_name = sorted(events, key=lambda event: ((event.drug or "").casefold(), event.event_id))
    return sorted(by_name, key=_first_day, reverse=True)


def _wanted(event: ResolvedEvent, since: str | None, drug: str | None, company: str | None) -> bool:
    if since is not None:
        last, start = _span(event).last, iso_span(since).first
        if last is None or start is None or last < start:
            return False
    if drug is not None and not any(
        drug_names_compatible(drug, name) for name in [event.drug, *event.drug_names]
    ):
        return False
    return company is None or any(
        company_names_compatible(company, name) for name in event.companies
    )


def store_resolution(run_dir: Path, events: list[ResolvedEvent]) -> str | None:
    """Write the resolution into the run's ledger, if it has one; a warning when the ledger
    cannot take it now (a batch holds it)."""
    if not (run_dir / LEDGER_FILE).is_file():
        return None
    try:
        with Ledger(run_dir) as ledger:
            ledger.store_events(events)
    except ConfigurationError as busy:
        return f"{busy}; the ledger's resolved events were not updated"
    return None


def build_digest(
    run_dir: Path,
    *,
    since: str | None = None,
    drug: str | None = None,
    company: str | None = None,
    previous: Path | None = None,
) -> tuple[Digest, str | None]:
    """The digest of ``run_dir`` as the flags ask, and a warning if its resolution could
    not be stored in the ledger."""
    since = parse_since(since) if since is not None else None
    if previous is not None and not previous.exists():
        raise ConfigurationError(f"--previous {previous}: no such digest file or run folder")
    run = resolve_run(run_dir)
    warning = store_resolution(run_dir, run.events)
    events = [event.model_copy(deep=True) for event in run.events]
    gone = mark_changes(events, read_previous(previous)) if previous is not None else []
    digest = Digest(
        run=str(run_dir),
        documents=run.documents,
        facts=run.facts,
        resolved=len(run.events),
        events=newest_first([e for e in events if _wanted(e, since, drug, company)]),
        gone=newest_first([e for e in gone if _wanted(e, since, drug, company)]),
        since=since,
        drug=drug,
        company=company,
        previous=str(previous) if previous is not None else None,
        unreadable=run.unreadable,
    )
    return digest, warning


def write_digest_page(run_dir: Path, digest: Digest) -> Path:
    """Write the HTML digest beside the run's review pages (written too, so every link
    works) and return its path."""
    layout = RunLayout(run_dir)
    write_run_review(run_dir)
    page = layout.review / DIGEST_PAGE

    def href(doc_id: str) -> str:
        return layout.page_path(doc_id).relative_to(layout.review).as_posix()

    write_atomically(page, render_digest_html(digest, href, index=INDEX_FILE))
    return page
