"""The digest's test archive: the seeds and the development set, each document also as two
rewrites, summarised through answers derived from the gold summaries.

No model wrote anything here. Each original's answer is its gold summary (``eval/gold``,
``eval/devset/gold``) as a strong model would give it: the quotes alone, which the
pipeline aligns. A rewrite is the original's cleaned text as another outlet prints it:
its own masthead on top, the paragraphs after the title in another order (a paragraph a
quote runs into moves with it) and one sentence no quote touches reworded; its answer is
the gold summary under that outlet's name, every quote still verbatim in the rewrite. Two
rewrites also change what they say, in text and answer alike: d05's second rewrite gives
the upfront payment as US$45 million, not US$40 million (a conflict the digest must
flag), and d01's second gives the day of the Breakthrough Therapy Designation the
original dates only by its month (a value a later source updates).

The archive goes through ``batch run`` with each answer served at the HTTP transport for
the document it is asked about, so records, ledger and exports are the pipeline's own.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from schemas import PressReleaseSummary
from summarise.core.settings import Settings
from summarise.llm import session
from summarise.llm.endpoint import Endpoint
from summarise.pipeline.align import AlignmentStatus, align_quote
from summarise.pipeline.document import read_source
from summarise.pipeline.ground import facts_of
from summarise.pipeline.sentences import split_sentences
from summarise.runs.batch import BatchOptions, run_batch
from tests.conftest import ROOT, TEST_KEY
from tests.handmade_llm import HandmadeResponder

SEED_GOLD = ROOT / "eval" / "gold"
DEVSET = ROOT / "eval" / "devset"
FOLDERS = {"seeds": (ROOT / "seeds", SEED_GOLD), "devset": (DEVSET / "docs", DEVSET / "gold")}
"""Each archive folder, with where its documents and their gold summaries are."""
REWRITES = ("rewrite1", "rewrite2")
MASTHEADS = {"rewrite1": "Asia Biotech Wire", "rewrite2": "Pharma Ledger Asia"}
"""The outlet that prints each rewrite: its masthead opens the text, and it is the
rewrite's publisher."""
REWORDINGS = (
    (r"\bannounced\b", "said"),
    (r"\bThe company\b", "The firm"),
    (r"\bwill\b", "is set to"),
    (r"\bis\b", "remains"),
)
"""The first of these a sentence holds is reworded; a sentence holding none is prefixed."""
REWORDED_PREFIX = "In brief: "
MIN_REWORDED_CHARS = 30
"""A sentence shorter than this (a heading, a dateline) is not the one reworded."""


@dataclass(frozen=True)
class Plant:
    """A change one rewrite makes to what its original says, in its text and its answer."""

    text: str
    becomes: str
    answer: Callable[[dict[str, Any]], None]


def _upfront_45_million(answer: dict[str, Any]) -> None:
    answer["deals"][0]["upfront"] = {"amount": 45_000_000, "currency": "USD"}


def _breakthrough_on_the_day(answer: dict[str, Any]) -> None:
    (event,) = [e for e in answer["regulatory_events"] if e["action"] == "breakthrough_therapy"]
    event.update(date_as_stated="May 16, 2023", date_iso="2023-05-16")


PLANTS: dict[tuple[str, str], Plant] = {
    ("d05_co_development_equity", "rewrite2"): Plant(
        "US$40 million", "US$45 million", _upfront_45_million
    ),
    ("d01_fda_accelerated_approval", "rewrite2"): Plant(
        "this patient population in May 2023.",
        "this patient population on May 16, 2023.",
        _breakthrough_on_the_day,
    ),
}
"""The planted changes, by (original's stem, rewrite)."""


@dataclass
class Archive:
    """The archive's folder, the batch run over it, and each original's documents."""

    folder: Path
    run: Path
    versions: dict[str, list[str]] = field(default_factory=dict)
    """Each original's doc id, with its rewrites' after it."""

    def doc_ids(self, *stems: str) -> set[str]:
        """The doc ids of the originals named by stem and of their rewrites."""
        return {
            doc_id
            for original, versions in self.versions.items()
            if Path(original).stem in stems
            for doc_id in versions
        }


def _quote_spans(summary: PressReleaseSummary, text: str) -> list[tuple[int, int]]:
    """Where the quotes are (one gold quote of d10 aligns nowhere, in the original too)."""
    spans = []
    for fact in facts_of(summary):
        for evidence in fact.evidence:
            found = align_quote(evidence.quote, text)
            if found.start is not None and found.end is not None:
                spans.append((found.start, found.end))
    return spans


def _units(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The text's paragraphs (runs of non-empty lines), those a quote runs across joined."""
    bounds = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]
    joined: list[list[int]] = []
    for start, end in bounds:
        crossed = joined and any(s < start < e for s, e in spans if s >= joined[-1][0])
        if crossed:
            joined[-1][1] = end
        else:
            joined.append([start, end])
    return [text[start:end] for start, end in joined]


def _reword(text: str, spans: list[tuple[int, int]], last: bool) -> str:
    """``text`` with one sentence no quote touches reworded: the first such sentence, or
    the last."""
    free = [
        sentence
        for sentence in split_sentences(text)
        if not any(s < sentence.end and sentence.start < e for s, e in spans)
        and len(sentence.text) >= MIN_REWORDED_CHARS
    ]
    assert free, "a document needs a sentence no quote touches"
    sentence = free[-1] if last else free[0]
    reworded = next(
        (
            re.sub(pattern, replacement, sentence.text, count=1)
            for pattern, replacement in REWORDINGS
            if re.search(pattern, sentence.text)
        ),
        REWORDED_PREFIX + sentence.text,
    )
    return text[: sentence.start] + reworded + text[sentence.end :]


def rewrite(text: str, summary: PressReleaseSummary, name: str) -> str:
    """The cleaned text ``text`` as the outlet of rewrite ``name`` prints it."""
    last = name == REWRITES[1]
    reworded = _reword(text, _quote_spans(summary, text), last)
    title, *body = _units(reworded, _quote_spans(summary, reworded))
    body = body[1:] + body[:1] if last else body[::-1]
    return "\n\n".join([MASTHEADS[name], title, *body]) + "\n"


def _answer(summary: PressReleaseSummary) -> dict[str, Any]:
    """A summary as a model answers it: the quotes alone, no offsets."""
    answer = summary.model_dump(mode="json")
    for name in ("drugs", "companies", "regulatory_events", "trials", "deals", "caveats"):
        for fact in answer[name]:
            for each in [fact, *fact.get("results", [])]:
                each["evidence"] = [{"quote": quote["quote"]} for quote in each["evidence"]]
                each.pop("grounding_issues", None)
    return answer


def _replaced(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replaced(item, old, new) for item in value]
    if isinstance(value, dict):
        return {key: _replaced(item, old, new) for key, item in value.items()}
    return value


WELL_ALIGNED = (AlignmentStatus.EXACT, AlignmentStatus.NORMALISED)


def _loosely_aligned(summary: PressReleaseSummary, text: str) -> set[str]:
    """The quotes that align in ``text`` only fuzzily (those the PDF's line breaks split)."""
    return {
        evidence.quote
        for fact in facts_of(summary)
        for evidence in fact.evidence
        if align_quote(evidence.quote, text).status not in WELL_ALIGNED
    }


def write_archive(folder: Path) -> tuple[Archive, dict[str, dict[str, Any]]]:
    """Write the archive's documents into ``folder``; return it and each document's answer
    by its cleaned text (the text the model is asked about)."""
    archive = Archive(folder, folder.parent / f"{folder.name}-run")
    answers: dict[str, dict[str, Any]] = {}
    for name, (documents, gold) in FOLDERS.items():
        (folder / name).mkdir(parents=True)
        for gold_file in sorted(gold.glob("*.json")):
            stem = gold_file.stem
            (document,) = [path for path in documents.iterdir() if path.stem == stem]
            summary = PressReleaseSummary.model_validate_json(gold_file.read_text("utf-8"))
            original = folder / name / document.name
            shutil.copyfile(document, original)
            cleaned = read_source(original).cleaned
            answers[cleaned] = _answer(summary)
            versions = [f"{name}/{document.name}"]
            for version in REWRITES:
                text = rewrite(cleaned, summary, version)
                answer = _answer(summary)
                answer["document"]["publisher"] = MASTHEADS[version]
                plant = PLANTS.get((stem, version))
                if plant is not None:
                    assert plant.text in text, (stem, version, plant.text)
                    text = text.replace(plant.text, plant.becomes)
                    answer = _replaced(answer, plant.text, plant.becomes)
                    plant.answer(answer)
                path = folder / name / f"{stem}.{version}.txt"
                path.write_text(text, encoding="utf-8")
                rewritten = read_source(path).cleaned
                loose = _loosely_aligned(PressReleaseSummary.model_validate(answer), rewritten)
                assert loose <= _loosely_aligned(summary, cleaned), (path, loose)
                answers[rewritten] = answer
                versions.append(f"{name}/{path.name}")
            archive.versions[versions[0]] = versions
    return archive, answers


def summarise_archive(archive: Archive, answers: dict[str, dict[str, Any]]) -> None:
    """``batch run`` over the archive, each document answered with its own answer."""

    def answer_for(document: str) -> dict[str, Any]:
        return answers[document]

    responder = HandmadeResponder(answer_for)
    real_open_endpoint = session.open_endpoint

    def answered_by_hand(settings: Settings, **options: Any) -> Endpoint:
        return real_open_endpoint(settings, http_transport=responder.transport, **options)

    settings = Settings(
        api_key=TEST_KEY,
        base_url="http://llm.test/v1",
        model="handmade-model",
        strategy="full",
        _env_file=None,
    )
    options = BatchOptions(out_dir=archive.run, show_progress=False, concurrency=4)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(session, "open_endpoint", answered_by_hand)
        # d10's gold quotes one sentence the aligner does not find: its re-asks are expected
        patch.setattr(logging.getLogger("instructor"), "disabled", True)
        result = asyncio.run(run_batch([str(archive.folder)], options, settings))
    assert (result.failed, result.no_facts) == (0, 0), result.failures


def build_archive(folder: Path) -> Archive:
    """The archive written into ``folder`` and summarised into ``<folder>-run``."""
    archive, answers = write_archive(folder)
    summarise_archive(archive, answers)
    return archive
