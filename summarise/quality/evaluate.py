"""evaluate: how close a run's summaries are to gold annotations, field by field.

Gold annotations (``eval/gold/<stem>.json``) are ``PressReleaseSummary`` files
written by reading each source. A run is a folder of ``SummaryRecord`` files,
as ``summarise run -o`` writes them (``<stem>.json``) or as ``summarise batch``
does (``summaries/**/<name>.json``); a record belongs to the gold file whose
stem is the stem of its ``provenance.source_file``.

For each entity type (drugs, companies, regulatory events, trials, endpoint
results, deals, caveats) gold and predicted items are paired one to one
(``summarise.quality.matching``), then compared field by field: a predicted value equal
to the paired gold value is a true positive, a predicted value with no or
another gold value a false positive, a gold value the prediction lacks a false
negative; list fields (targets, roles, design, territory, parties...) count
element by element. An unpaired predicted item is all false positives, an
unpaired gold item all false negatives. Headline, summary, free-text fields
(indications, mechanisms, caveat descriptions...) and evidence offsets are not
scored: caveats count by kind only.

Beside the scores, each document reports how its predicted evidence aligns
with the source (recomputed here with ``align_quote``, never read from the
file) and which numbers in its predicted facts the source does not state at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, computed_field

from schemas import PressReleaseSummary, SummaryRecord
from summarise.core.errors import ConfigurationError, SummariseError
from summarise.pipeline.align import AlignmentStatus, align_quote
from summarise.pipeline.document import read_source
from summarise.pipeline.ground import fact_numbers as numbers_of_fact
from summarise.pipeline.ground import facts_of, facts_with_paths
from summarise.pipeline.numbers import number_is_stated
from summarise.quality.matching import ENTITY_TYPES, compare_items, items_of, match_items
from summarise.runs.layout import SUMMARIES_FOLDER

SEEDS_FOLDER = "seeds"
SEED_SUFFIX = ".txt"
MAX_SHOWN_VALUE_CHARS = 60


class Counts(BaseModel):
    """True positives, false positives and false negatives, with the rates they give.

    A rate whose denominator is zero (nothing predicted, nothing expected) is
    ``None`` rather than a flattering 1 or a punishing 0.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


class FieldMismatch(BaseModel):
    """A field whose predicted value is not the gold one (or exists on one side only)."""

    entity: str
    gold_index: int | None = Field(description="Index in the gold list; None: extra item.")
    predicted_index: int | None = Field(description="Index in the predicted list; None: missed.")
    field: str
    gold: list[str]
    predicted: list[str]


class Grounding(BaseModel):
    """How the predicted evidence quotes align with the source."""

    exact: int = 0
    normalised: int = 0
    fuzzy: int = 0
    unaligned: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def quotes(self) -> int:
        return self.exact + self.normalised + self.fuzzy + self.unaligned

    @computed_field  # type: ignore[prop-decorator]
    @property
    def grounded_rate(self) -> float | None:
        """Share of quotes found in the source at all (exact, normalised or fuzzy)."""
        return (self.quotes - self.unaligned) / self.quotes if self.quotes else None

    def share(self, status: str) -> float | None:
        return getattr(self, status) / self.quotes if self.quotes else None

    def add(self, other: Grounding) -> None:
        for status in AlignmentStatus:
            setattr(self, status.value, getattr(self, status.value) + getattr(other, status.value))


class DocumentScore(BaseModel):
    document: str = Field(description="Stem of the source file, e.g. 000_38ba5f5f3837983d.")
    predicted: bool = Field(True, description="False when the run holds no record for it.")
    record_file: str | None = None
    source_file: str | None = Field(None, description="The text grounding was checked against.")
    entities: dict[str, Counts]
    grounding: Grounding | None = Field(None, description="None when no source text was found.")
    numbers_checked: int = 0
    numbers_not_in_source: list[str] = Field(
        default_factory=list, description="Predicted numbers the source never states."
    )
    mismatches: list[FieldMismatch] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def overall(self) -> Counts:
        return _total(self.entities.values())


def _total(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for part in counts:
        total.add(part)
    return total


class RunScore(BaseModel):
    gold_dir: str
    run_dir: str
    documents: list[DocumentScore]
    missing: list[str] = Field(
        default_factory=list, description="Gold documents with no record: scored as empty."
    )
    extra: list[str] = Field(default_factory=list, description="Records with no gold: ignored.")
    unreadable: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def entities(self) -> dict[str, Counts]:
        totals = {entity: Counts() for entity in ENTITY_TYPES}
        for document in self.documents:
            for entity, counts in document.entities.items():
                totals[entity].add(counts)
        return totals

    @computed_field  # type: ignore[prop-decorator]
    @property
    def overall(self) -> Counts:
        return _total(self.entities.values())

    @computed_field  # type: ignore[prop-decorator]
    @property
    def grounding(self) -> Grounding:
        total = Grounding()
        for document in self.documents:
            if document.grounding is not None:
                total.add(document.grounding)
        return total

    @computed_field  # type: ignore[prop-decorator]
    @property
    def numbers_checked(self) -> int:
        return sum(document.numbers_checked for document in self.documents)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def numbers_not_in_source(self) -> int:
        return sum(len(document.numbers_not_in_source) for document in self.documents)


# ---------------------------------------------------------------------------
# Scoring one document


def _shown(values: list[Any]) -> list[str]:
    return [_short(value) for value in values]


def _short(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, tuple):
        text = ":".join(str(part) for part in value)
    else:
        text = str(value)
    return text if len(text) <= MAX_SHOWN_VALUE_CHARS else text[: MAX_SHOWN_VALUE_CHARS - 1] + "…"


def _score_entity(
    entity: str, gold: list[Any], predicted: list[Any], mismatches: list[FieldMismatch]
) -> Counts:
    counts = Counts()
    match = match_items(entity, gold, predicted)
    pairs: list[tuple[int | None, int | None]] = [*match.pairs]
    pairs += [(i, None) for i in match.only_left]
    pairs += [(None, j) for j in match.only_right]
    for gold_index, predicted_index in pairs:
        gold_item = gold[gold_index] if gold_index is not None else None
        predicted_item = predicted[predicted_index] if predicted_index is not None else None
        for outcome in compare_items(entity, gold_item, predicted_item):
            counts.tp += outcome.tp
            counts.fp += outcome.fp
            counts.fn += outcome.fn
            if outcome.fp or outcome.fn:
                mismatches.append(
                    FieldMismatch(
                        entity=entity,
                        gold_index=gold_index,
                        predicted_index=predicted_index,
                        field=outcome.field,
                        gold=_shown(outcome.gold),
                        predicted=_shown(outcome.predicted),
                    )
                )
    return counts


def fact_numbers(summary: PressReleaseSummary) -> Iterator[tuple[str, float]]:
    """Every number in the summary's facts, with its path (``trials[0].enrolled``)."""
    for path, fact in facts_with_paths(summary):
        for _, within, number in numbers_of_fact(fact):
            yield f"{path}.{within}", number


def grounding_of(summary: PressReleaseSummary, source: str) -> Grounding:
    """Align every evidence quote of ``summary`` against ``source`` afresh."""
    grounding = Grounding()
    for fact in facts_of(summary):
        for evidence in fact.evidence:
            status = align_quote(evidence.quote, source).status
            setattr(grounding, status.value, getattr(grounding, status.value) + 1)
    return grounding


def score(
    gold: PressReleaseSummary,
    predicted: PressReleaseSummary,
    source: str | None,
    document: str = "",
) -> DocumentScore:
    """Field-level agreement of ``predicted`` with ``gold``, plus the prediction's grounding
    and unstated numbers against ``source`` (the cleaned text; None skips both checks)."""
    mismatches: list[FieldMismatch] = []
    entities = {
        entity: _score_entity(
            entity, items_of(gold, entity), items_of(predicted, entity), mismatches
        )
        for entity in ENTITY_TYPES
    }
    result = DocumentScore(document=document, entities=entities, mismatches=mismatches)
    if source is not None:
        result.grounding = grounding_of(predicted, source)
        for path, value in fact_numbers(predicted):
            result.numbers_checked += 1
            if not number_is_stated(value, source):
                result.numbers_not_in_source.append(f"{path} = {_short(value)}")
    return result


# ---------------------------------------------------------------------------
# Runs: finding records and their sources


@dataclass
class LoadedRecord:
    path: Path
    record: SummaryRecord


@dataclass
class LoadedRun:
    records: dict[str, LoadedRecord] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def record_files(run_dir: Path) -> list[Path]:
    """The record files of a run folder: ``<stem>.json`` beside each other, or a batch
    run's ``summaries/**/*.json``; failing both, any ``*.json`` below the folder."""
    files = [path for path in sorted(run_dir.glob("*.json")) if not path.name.startswith(".")]
    summaries = run_dir / SUMMARIES_FOLDER
    if summaries.is_dir():
        files += sorted(summaries.rglob("*.json"))
    if not files:
        files = sorted(run_dir.rglob("*.json"))
    return [path for path in files if not path.name.startswith(".")]


def document_stem(record: SummaryRecord, path: Path) -> str:
    """Stem of the record's source file; else its file name without ``.json`` and the
    source extension (a batch names ``seeds/000_x.txt`` ``summaries/seeds/000_x.txt.json``)."""
    if record.provenance.source_file:
        return Path(record.provenance.source_file).stem
    return Path(path.name.removesuffix(".json")).stem


def load_run(run_dir: Path) -> LoadedRun:
    """Every readable record of a run, by document stem; the first of duplicates wins."""
    run = LoadedRun()
    for path in record_files(run_dir):
        try:
            record = SummaryRecord.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValidationError, ValueError):
            run.unreadable.append(str(path))
            continue
        stem = document_stem(record, path)
        if stem in run.records:
            run.duplicates.append(str(path))
            continue
        run.records[stem] = LoadedRecord(path, record)
    return run


def _source_candidates(
    stem: str, record: SummaryRecord | None, gold_dir: Path, run_dir: Path, seeds_dir: Path | None
) -> Iterator[Path]:
    if record is not None and record.provenance.source_file:
        source = Path(record.provenance.source_file)
        yield source
        if not source.is_absolute():
            yield run_dir / source
            yield run_dir.parent / source
    if seeds_dir is not None:
        yield seeds_dir / f"{stem}{SEED_SUFFIX}"
    yield gold_dir.resolve().parent.parent / SEEDS_FOLDER / f"{stem}{SEED_SUFFIX}"
    yield Path(SEEDS_FOLDER) / f"{stem}{SEED_SUFFIX}"


def find_source(
    stem: str,
    record: SummaryRecord | None,
    gold_dir: Path,
    run_dir: Path,
    seeds_dir: Path | None = None,
) -> tuple[Path | None, str | None, list[str]]:
    """The source file and its cleaned text: ``provenance.source_file`` when it exists,
    else ``seeds/<stem>.txt`` (beside the gold folder's project, or in the working folder)."""
    warnings: list[str] = []
    for candidate in _source_candidates(stem, record, gold_dir, run_dir, seeds_dir):
        if not candidate.is_file():
            continue
        try:
            text = read_source(candidate).cleaned
        except SummariseError as error:
            warnings.append(f"source {candidate} unreadable: {error}")
            continue
        return candidate, text, warnings
    warnings.append("no source text found: grounding and numbers not checked")
    return None, None, warnings


class GoldError(ValueError):
    """A gold folder that is missing, empty or holds an invalid annotation."""


def load_gold(gold_dir: Path) -> dict[str, PressReleaseSummary]:
    if not gold_dir.is_dir():
        raise GoldError(f"gold folder {gold_dir} does not exist")
    files = sorted(path for path in gold_dir.glob("*.json") if not path.name.startswith("."))
    if not files:
        raise GoldError(f"gold folder {gold_dir} holds no annotations (*.json)")
    gold: dict[str, PressReleaseSummary] = {}
    for path in files:
        try:
            gold[path.stem] = PressReleaseSummary.model_validate_json(
                path.read_text(encoding="utf-8")
            )
        except (OSError, UnicodeDecodeError, ValidationError, ValueError) as error:
            first = str(error).strip().splitlines()
            detail = first[0] if first else type(error).__name__
            raise GoldError(f"{path} is not a valid summary: {detail}") from error
    return gold


_EMPTY = PressReleaseSummary.model_validate({"document": {}, "headline": "", "summary": ""})


def score_run(gold_dir: Path, run_dir: Path, seeds_dir: Path | None = None) -> RunScore:
    """Score every gold document against the run's record for it.

    A gold document with no record is scored against an empty summary (all its
    facts missed) and listed in ``missing``; records with no gold are listed in
    ``extra`` and not scored.
    """
    gold = load_gold(gold_dir)
    run = load_run(run_dir)
    result = RunScore(
        gold_dir=str(gold_dir),
        run_dir=str(run_dir),
        documents=[],
        extra=sorted(set(run.records) - set(gold)),
        unreadable=run.unreadable,
    )
    for stem, gold_summary in gold.items():
        loaded = run.records.get(stem)
        if loaded is None:
            result.missing.append(stem)
            document = score(gold_summary, _EMPTY, None, stem)
            document.predicted = False
            result.documents.append(document)
            continue
        source_path, source, warnings = find_source(
            stem, loaded.record, gold_dir, run_dir, seeds_dir
        )
        document = score(gold_summary, loaded.record.summary, source, stem)
        document.record_file = str(loaded.path)
        document.source_file = str(source_path) if source_path else None
        document.warnings = warnings
        result.documents.append(document)
    return result


# ---------------------------------------------------------------------------
# Rendering


def _rate(value: float | None) -> str:
    return "   —  " if value is None else f"{value:6.3f}"


def _row(name: str, counts: Counts) -> str:
    return (
        f"{name:<20}{_rate(counts.precision)} {_rate(counts.recall)} {_rate(counts.f1)}"
        f" {counts.tp:>5} {counts.fp:>5} {counts.fn:>5}"
    )


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{100 * share:.1f}%"


def _grounding_line(grounding: Grounding) -> str:
    if not grounding.quotes:
        return "grounding: no predicted quotes"
    parts = ", ".join(
        f"{getattr(grounding, status.value)} {status.value} "
        f"({_percent(grounding.share(status.value))})"
        for status in AlignmentStatus
    )
    return (
        f"grounding: {_percent(grounding.grounded_rate)} of {grounding.quotes} predicted quotes "
        f"found in the source: {parts}"
    )


def render_table(run: RunScore) -> str:
    """A terminal table: P/R/F1/TP/FP/FN per entity type and overall, then grounding,
    unstated numbers and one line per document."""
    header = f"{'entity':<20}{'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"
    lines = [
        f"gold {run.gold_dir} vs run {run.run_dir}: {len(run.documents)} documents",
        "",
        header,
        "-" * len(header),
    ]
    lines += [_row(entity, counts) for entity, counts in run.entities.items()]
    lines += ["-" * len(header), _row("overall", run.overall), ""]
    lines.append(_grounding_line(run.grounding))
    lines.append(
        f"numbers not in source: {run.numbers_not_in_source} of {run.numbers_checked} "
        "numbers in predicted facts"
    )
    lines += ["", f"{'document':<26}{'P':>6} {'R':>6} {'F1':>6}  {'grounded':>8}  unstated numbers"]
    for document in run.documents:
        overall = document.overall
        grounded = _percent(document.grounding.grounded_rate) if document.grounding else "—"
        unstated = ", ".join(document.numbers_not_in_source) or "none"
        if not document.predicted:
            unstated = "no record in the run"
        lines.append(
            f"{document.document:<26}{_rate(overall.precision)} {_rate(overall.recall)} "
            f"{_rate(overall.f1)}  {grounded:>8}  {unstated}"
        )
    for label, names in (
        ("missing (scored as empty)", run.missing),
        ("records with no gold (not scored)", run.extra),
        ("unreadable records", run.unreadable),
    ):
        if names:
            lines.append(f"{label}: {', '.join(names)}")
    return "\n".join(lines)


def evaluate_run(gold: Path, run_dir: Path) -> RunScore:
    """Score ``run_dir`` against ``gold``; a missing, empty or unreadable gold or run folder
    is a one-line ``ConfigurationError``, not an empty score."""
    try:
        load_gold(gold)
    except GoldError as error:
        raise ConfigurationError(str(error)) from None
    if not run_dir.is_dir():
        raise ConfigurationError(f"run folder {run_dir} does not exist")
    if not load_run(run_dir).records:
        raise ConfigurationError(f"run folder {run_dir} holds no summary records (*.json)")
    return score_run(gold, run_dir)
