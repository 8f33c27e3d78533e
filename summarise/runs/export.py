"""export: flat files an analyst opens in a spreadsheet, from a batch's ledger and summaries.

``export_run`` reads the ledger's done rows one at a time, opens each JSON
record and appends it to seven files in the output folder:

- ``summaries.jsonl``: one line per document, ``{"doc_id", "source_path", **record}``;
- ``drugs.csv``, ``companies.csv``, ``events.csv``, ``trials.csv``, ``results.csv``,
  ``deals.csv``: one row per fact, ``doc_id`` first, then the fact's fields
  flattened (lists joined with "; ", a list of models such as a company's
  tickers as each item's values joined with ":", e.g. ``HKEX:09969; SSE:688428``,
  ``Money`` as ``<field>_amount`` and ``<field>_currency``), then its evidence.
  ``trial_index`` (the trial's place in its document) joins results to trials.
  ``results.csv`` has a ``drug`` column after ``trial_index``: the ``drug`` of the
  result's trial as the summary names it, the same text as in ``trials.csv``;
  empty when the trial names no drug, rather than guessed from the document's
  other drugs.

Columns come from the pydantic models, in their field order, so a field added
to the schema appears in the export without touching this module. The CSVs are
UTF-8 with a byte-order mark so that Excel shows Chinese text correctly.

Nothing is held in memory but the current record, and every file is written to
a temporary file in the folder and renamed into place only when the whole
export succeeded: an analyst never opens a half-written export.
"""

from __future__ import annotations

import csv
import json
import types
import typing
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas import (
    Company,
    Deal,
    Drug,
    EndpointResult,
    Fact,
    PressReleaseSummary,
    RegulatoryEvent,
    SummaryRecord,
    Trial,
)
from summarise.core.errors import SummariseError
from summarise.runs.ledger import Ledger, Row, Status
from summarise.runs.store import replaced_on_success
from summarise.views.values import LIST_SEPARATOR, spreadsheet_text

EVIDENCE_COLUMNS = ("evidence", "evidence_start", "alignment")
_FACT_FIELDS = frozenset(Fact.model_fields)
_RENAMED = {
    "effect_size_measure": "effect_measure",
    "effect_size_value": "effect_value",
    "effect_size_ci_lower": "ci_lower",
    "effect_size_ci_upper": "ci_upper",
}
"""Flattened nested fields whose default ``<field>_<subfield>`` name reads badly."""


class ExportError(SummariseError):
    """A done document's record is missing or unreadable; no export file was replaced."""


@dataclass(frozen=True)
class ExportCounts:
    documents: int
    drugs: int
    companies: int
    events: int
    trials: int
    results: int
    deals: int


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a field typed ``Model`` or ``Model | None``; None for anything else."""
    candidates = (
        typing.get_args(annotation)
        if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union
        else (annotation,)
    )
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _item(value: Any) -> str:
    """A list item as text; a nested model (a JSON object) as its values joined with ":"."""
    if isinstance(value, dict):
        return ":".join(str(part) for part in value.values() if part is not None)
    return str(value)


def _cell(value: Any) -> Any:
    """A JSON value as a spreadsheet cell: empty for null, 40 rather than 40.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, list):
        return spreadsheet_text(LIST_SEPARATOR.join(_item(item) for item in value))
    if isinstance(value, str):
        return spreadsheet_text(value)
    return value


def _flatten(model: type[BaseModel], data: dict[str, Any], skip: frozenset[str]) -> dict[str, Any]:
    """The fact's own fields as cells, in model order; ``data`` is its JSON-mode dump."""
    cells: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name in _FACT_FIELDS or name in skip:
            continue
        value = data.get(name)
        nested = _nested_model(field.annotation)
        if nested is None:
            cells[name] = _cell(value)
            continue
        for sub in nested.model_fields:
            column = f"{name}_{sub}"
            cells[_RENAMED.get(column, column)] = _cell(value.get(sub) if value else None)
    return cells


def _evidence(data: dict[str, Any]) -> dict[str, Any]:
    quotes = data.get("evidence") or []
    first = quotes[0] if quotes else {}
    return {
        "evidence": spreadsheet_text(" | ".join(quote["quote"] for quote in quotes)),
        "evidence_start": _cell(first.get("start")),
        "alignment": _cell(first.get("alignment")),
    }


@dataclass(frozen=True)
class _Table:
    name: str
    """The file's stem and the table's field in :class:`ExportCounts`."""
    model: type[BaseModel]
    keys: tuple[str, ...] = ("doc_id",)
    skip: frozenset[str] = frozenset()

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return [*self.keys, *_flatten(self.model, {}, self.skip), *EVIDENCE_COLUMNS]

    def row(self, fact: BaseModel, **keys: Any) -> dict[str, Any]:
        data = fact.model_dump(mode="json")
        return {**keys, **_flatten(self.model, data, self.skip), **_evidence(data)}


DRUGS = _Table("drugs", Drug)
COMPANIES = _Table("companies", Company)
EVENTS = _Table("events", RegulatoryEvent)
TRIALS = _Table("trials", Trial, ("doc_id", "trial_index"), frozenset({"results"}))
RESULTS = _Table("results", EndpointResult, ("doc_id", "trial_index", "drug"))
DEALS = _Table("deals", Deal)
TABLES = (DRUGS, COMPANIES, EVENTS, TRIALS, RESULTS, DEALS)

EXPORT_FILES = ("summaries.jsonl", *(table.file_name for table in TABLES))


def _encoding(file_name: str) -> str:
    """JSON Lines in plain UTF-8; CSVs with a byte-order mark, which Excel needs."""
    return "utf-8" if file_name.endswith(".jsonl") else "utf-8-sig"


def _load(out_dir: Path, row: Row) -> tuple[dict[str, Any], SummaryRecord]:
    """The record file as written (for the JSONL) and validated (for the CSVs)."""
    if not row.output_path:
        raise ExportError(f"{row.doc_id}: marked done in the ledger but has no output path")
    path = out_dir / row.output_path
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return raw, SummaryRecord.model_validate(raw)
    except (OSError, ValueError) as error:
        reason = " ".join(str(error).split())
        raise ExportError(f"{row.doc_id}: cannot read its summary {path}: {reason}") from None


def _rows(doc_id: str, summary: PressReleaseSummary) -> Iterator[tuple[_Table, dict[str, Any]]]:
    """Every CSV row of one document, each with the table it goes to."""
    doc = {"doc_id": doc_id}
    flat = (
        (DRUGS, summary.drugs),
        (COMPANIES, summary.companies),
        (EVENTS, summary.regulatory_events),
        (DEALS, summary.deals),
    )
    for table, facts in flat:
        for fact in facts:
            yield table, table.row(fact, **doc)
    for index, trial in enumerate(summary.trials):
        keys = {**doc, "trial_index": index}
        yield TRIALS, TRIALS.row(trial, **keys)
        for result in trial.results:
            yield RESULTS, RESULTS.row(result, **keys, drug=_cell(trial.drug))


def export_run(out_dir: Path, ledger: Ledger) -> ExportCounts:
    """Write the seven ``EXPORT_FILES`` into ``out_dir`` from the ledger's done documents.

    Raises :class:`ExportError` if a done document's record is missing or invalid;
    the previous export files, if any, are then left as they were.
    """
    documents = 0
    written: Counter[str] = Counter()
    with ExitStack() as stack:
        jsonl, *csv_streams = (
            stack.enter_context(replaced_on_success(out_dir / name, _encoding(name), newline=""))
            for name in EXPORT_FILES
        )
        writers = {}
        for table, stream in zip(TABLES, csv_streams, strict=True):
            writers[table.name] = csv.DictWriter(stream, fieldnames=table.columns)
            writers[table.name].writeheader()
        for row in ledger.rows(Status.DONE):
            raw, record = _load(out_dir, row)
            line = {"doc_id": row.doc_id, "source_path": row.source_path, **raw}
            jsonl.write(json.dumps(line, ensure_ascii=False) + "\n")
            documents += 1
            for table, cells in _rows(row.doc_id, record.summary):
                writers[table.name].writerow(cells)
                written[table.name] += 1
    return ExportCounts(documents, **{table.name: written[table.name] for table in TABLES})
