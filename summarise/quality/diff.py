"""diff: what changed between two runs, document by document and field by field.

Documents are paired by source stem, as the scorer pairs them with gold
(``summarise.quality.evaluate.load_run``); facts are paired by the scorer's keys
(``summarise.quality.matching.match_items``), so a reordered list is no change and a
fact whose number changed is that fact changed, not one removed and one added.
Changes read as paths with old and new values::

    trials[0].enrolled: 192 -> None
    regulatory_events: +1 (FDA approval)
    drugs[1]: removed (Venetoclax)

Indexes are run A's (run B's for added facts). Provenance that differs on
every run (``created_at``, timings, token usage, cost, attempts) is ignored;
the model, prompt, schema and tool versions, strategy and grounding policy are
reported once for the run, not once per document.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from schemas import FACT_LISTS, Evidence, Fact, Money, PressReleaseSummary, SummaryRecord, Ticker
from summarise.core.errors import ConfigurationError
from summarise.quality.evaluate import LoadedRun, load_run
from summarise.quality.matching import label, match_items

MAX_TEXT_CHARS = 80

RUN_FIELDS = (
    "model",
    "prompt_version",
    "schema_version",
    "tool_version",
    "strategy",
    "grounding_policy",
    "base_url_host",
)
"""Provenance reported once per run when it differs."""
_NOT_COMPARED = frozenset({"evidence", "grounding_issues", "results"})


class DocumentDiff(BaseModel):
    document: str
    changes: list[str]


class RunDiff(BaseModel):
    run_a: str
    run_b: str
    documents_a: int = 0
    documents_b: int = 0
    run_changes: list[str] = Field(default_factory=list, description="Model, prompt, schema...")
    only_in_a: list[str] = Field(default_factory=list)
    only_in_b: list[str] = Field(default_factory=list)
    changed: list[DocumentDiff] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    unreadable: list[str] = Field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not (self.run_changes or self.only_in_a or self.only_in_b or self.changed)


def fmt(value: Any) -> str:
    """A value as the diff shows it: 192, 49.5, 'text', approval, ['JAK1'], 223000000 USD."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        shown = value if len(value) <= MAX_TEXT_CHARS else value[: MAX_TEXT_CHARS - 1] + "…"
        return repr(shown)
    if isinstance(value, Money):
        return f"{fmt(value.amount)} {value.currency or '(no currency)'}"
    if isinstance(value, Ticker):
        return f"{value.exchange}:{value.symbol}"
    if isinstance(value, list):
        return "[" + ", ".join(fmt(item) for item in value) + "]"
    if isinstance(value, BaseModel):
        shown = {name: getattr(value, name) for name in type(value).model_fields}
        return "{" + ", ".join(f"{k}: {fmt(v)}" for k, v in shown.items() if v is not None) + "}"
    return repr(value)


def _plain(value: Any) -> Any:
    """A comparable form: models as dicts, so equal content compares equal."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def _diff_model(a: BaseModel, b: BaseModel, path: str, skip: frozenset[str]) -> list[str]:
    """Changed fields of two models of the same type; small nested models field by field."""
    changes: list[str] = []
    for name in type(a).model_fields:
        if name in skip:
            continue
        old, new = getattr(a, name), getattr(b, name)
        if _plain(old) == _plain(new):
            continue
        if (
            isinstance(old, BaseModel)
            and isinstance(new, BaseModel)
            and not isinstance(old, Fact | Money)
        ):
            changes += _diff_model(old, new, f"{path}{name}.", frozenset())
        else:
            changes.append(f"{path}{name}: {fmt(old)} -> {fmt(new)}")
    return changes


def _diff_evidence(old: list[Evidence], new: list[Evidence], path: str) -> list[str]:
    before, after = [e.quote for e in old], [e.quote for e in new]
    added = [quote for quote in after if quote not in before]
    removed = [quote for quote in before if quote not in after]
    if not added and not removed:
        return []
    return [f"{path}evidence: +{len(added)} -{len(removed)} quotes"]


def _diff_facts(entity: str, old: list[Any], new: list[Any], prefix: str) -> list[str]:
    """Removed, added and changed facts of one list (``results`` inside a trial too)."""
    name = "results" if entity == "results" else entity
    match = match_items(entity, old, new)
    changes = [
        f"{prefix}{name}[{index}]: removed ({label(entity, old[index])})"
        for index in match.only_left
    ]
    for index_a, index_b in match.pairs:
        a, b = old[index_a], new[index_b]
        path = f"{prefix}{name}[{index_a}]."
        changes += _diff_model(a, b, path, _NOT_COMPARED)
        changes += _diff_evidence(a.evidence, b.evidence, path)
        if entity == "trials":
            changes += _diff_facts("results", a.results, b.results, path)
    if match.only_right:
        labels = "; ".join(label(entity, new[index]) for index in match.only_right)
        changes.append(f"{prefix}{name}: +{len(match.only_right)} ({labels})")
    return changes


def diff_summaries(a: PressReleaseSummary, b: PressReleaseSummary) -> list[str]:
    """Every change from summary ``a`` to summary ``b``, as ``path: old -> new`` lines."""
    changes = _diff_model(a.document, b.document, "document.", frozenset())
    for name in ("event_types", "headline", "summary"):
        old, new = getattr(a, name), getattr(b, name)
        if _plain(old) != _plain(new):
            changes.append(f"{name}: {fmt(old)} -> {fmt(new)}")
    for entity in FACT_LISTS:
        changes += _diff_facts(entity, getattr(a, entity), getattr(b, entity), "")
    return changes


def _diff_record_provenance(a: SummaryRecord, b: SummaryRecord) -> list[str]:
    """Per-document provenance worth knowing: a changed input or validation outcome."""
    old, new = a.provenance, b.provenance
    changes: list[str] = []
    if old.source_sha256 != new.source_sha256:
        changes.append("source file changed (sha256 differs)")
    elif old.cleaned_sha256 != new.cleaned_sha256:
        changes.append("cleaned text changed (cleaned sha256 differs)")
    if old.validation_passed != new.validation_passed:
        changes.append(
            f"provenance.validation_passed: {old.validation_passed} -> {new.validation_passed}"
        )
    if len(old.dropped) != len(new.dropped):
        changes.append(
            f"provenance.dropped: {len(old.dropped)} -> {len(new.dropped)} removed by the checks"
        )
    return changes


def _run_values(run: LoadedRun, name: str) -> list[str]:
    values = {getattr(loaded.record.provenance, name) for loaded in run.records.values()}
    return sorted(str(value) for value in values)


def _run_changes(run_a: LoadedRun, run_b: LoadedRun) -> list[str]:
    changes: list[str] = []
    for name in RUN_FIELDS:
        old, new = _run_values(run_a, name), _run_values(run_b, name)
        if old and new and old != new:
            changes.append(f"{name}: {', '.join(old)} -> {', '.join(new)}")
    return changes


def diff_runs(run_a: Path, run_b: Path) -> RunDiff:
    """What changed from run A to run B (each a ``run -o`` folder or a batch folder)."""
    loaded_a, loaded_b = load_run(run_a), load_run(run_b)
    result = RunDiff(
        run_a=str(run_a),
        run_b=str(run_b),
        documents_a=len(loaded_a.records),
        documents_b=len(loaded_b.records),
        run_changes=_run_changes(loaded_a, loaded_b),
        only_in_a=sorted(set(loaded_a.records) - set(loaded_b.records)),
        only_in_b=sorted(set(loaded_b.records) - set(loaded_a.records)),
        unreadable=loaded_a.unreadable + loaded_b.unreadable,
    )
    for stem in sorted(set(loaded_a.records) & set(loaded_b.records)):
        a, b = loaded_a.records[stem].record, loaded_b.records[stem].record
        changes = _diff_record_provenance(a, b) + diff_summaries(a.summary, b.summary)
        if changes:
            result.changed.append(DocumentDiff(document=stem, changes=changes))
        else:
            result.unchanged.append(stem)
    return result


def render_diff(diff: RunDiff) -> str:
    lines = [
        f"A: {diff.run_a} ({diff.documents_a} documents)",
        f"B: {diff.run_b} ({diff.documents_b} documents)",
    ]
    if diff.identical:
        lines.append(f"no differences in {len(diff.unchanged)} documents")
    for change in diff.run_changes:
        lines.append(f"run: {change}")
    if diff.only_in_a:
        lines.append(f"only in A: {', '.join(diff.only_in_a)}")
    if diff.only_in_b:
        lines.append(f"only in B: {', '.join(diff.only_in_b)}")
    for document in diff.changed:
        lines.append("")
        lines.append(f"{document.document}: {len(document.changes)} changes")
        lines += [f"  {change}" for change in document.changes]
    if diff.changed:
        lines.append("")
        lines.append(f"{len(diff.changed)} changed, {len(diff.unchanged)} unchanged")
    if diff.unreadable:
        lines.append(f"unreadable records: {', '.join(diff.unreadable)}")
    return "\n".join(lines)


def diff_run_folders(run_a: Path, run_b: Path) -> RunDiff:
    """:func:`diff_runs` on two folders that must exist and hold records; otherwise a
    one-line ``ConfigurationError``."""
    for run in (run_a, run_b):
        if not run.is_dir():
            raise ConfigurationError(f"run folder {run} does not exist")
        if not load_run(run).records:
            raise ConfigurationError(f"run folder {run} holds no summary records (*.json)")
    return diff_runs(run_a, run_b)
