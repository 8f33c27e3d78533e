"""The pick strategy on a digest of several stories and on a long-winded short release.

The documents and every model answer are hand-made, served at the transport level: a
small model that always takes the first option it is offered.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from schemas import SummaryRecord
from summarise.api import asummarise_file
from summarise.strategies.candidates import split_items, split_sentences
from tests.handmade_llm import RequestResponder, embedded_endpoint
from tests.model_schemas import grammar_schemas

DIGEST = (
    "# Pipeline Weekly — Issue 12\n\n"
    "*Friday, 6 June 2025 · The week in drug development*\n\n"
    "Good morning. Three stories this week, from approvals to a failed trial.\n\n"
    "## 1. Japan approves Nerova's NRV-210 for insomnia\n\n"
    "Japan's Ministry of Health, Labour and Welfare (MHLW) approved NRV-210 for the treatment "
    "of chronic insomnia in adults on June 2, 2025.\n\n"
    "## 2. Kestrel's KST-44 misses in Phase 2b\n\n"
    "Kestrel Bio said its Phase 2b trial of KST-44 in 210 patients with gout did not meet its "
    "primary endpoint.\n\n"
    "## 3. FDA grants Fast Track to a cell therapy for lupus\n\n"
    "On Tuesday, the FDA granted Fast Track designation to the CAR-NK cell therapy of Aubade "
    "Bio for the treatment of lupus nephritis.\n"
)
LEAD = (
    "SHANGHAI, March 3, 2025 -- Acme Pharma Co., Ltd. today announced that China's National "
    "Medical Products Administration (NMPA) approved Zorvexa (ACM-101) for adults with severe "
    "alopecia areata, a chronic autoimmune disease that causes patchy or complete loss of hair "
    "on the scalp, face and body and that affects people of every age."
)
RELEASE = (
    "Acme Pharma Co., Ltd. Receives NMPA Approval for Zorvexa\n\n"
    f"{LEAD}\n\n"
    "The approval is based on a Phase 3 trial of Zorvexa in 412 patients.\n\n"
    "The NMPA approval of Zorvexa follows years of work.\n"
)


def _first_option(body: dict[str, Any]) -> dict[str, Any]:
    """A small model, hand-made, that always takes the first option."""
    [schema] = grammar_schemas(body)
    return {name: field["enum"][0] for name, field in schema["properties"].items()}


def _summarise(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> SummaryRecord:
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    responder = RequestResponder(_first_option)
    with embedded_endpoint(monkeypatch, responder.transport) as endpoint:
        return asyncio.run(asummarise_file(path, endpoint))


def test_a_digest_is_read_story_by_story() -> None:
    sentences = split_sentences(DIGEST)
    items = split_items(DIGEST, sentences)
    assert [item[0].text for item in items] == [
        "# Pipeline Weekly — Issue 12",
        "## 1.",
        "## 2.",
        "## 3.",
    ]
    assert sum(len(item) for item in items) == len(sentences)


def test_a_release_with_sections_about_one_drug_is_one_story() -> None:
    text = RELEASE + "\n## About Zorvexa\n\nZorvexa (ACM-101) is an oral JAK1 inhibitor.\n"
    sentences = split_sentences(text)
    assert split_items(text, sentences) == [sentences]


def test_facts_never_mix_across_stories(monkeypatch, tmp_path) -> None:
    summary = _summarise(monkeypatch, tmp_path, DIGEST).summary
    events = {(e.agency, e.action): e for e in summary.regulatory_events}
    assert events[("MHLW", "approval")].drug == "NRV-210"
    fast_track = events[("FDA", "fast_track")]
    assert fast_track.drug is None  # its story names no drug; never the first story's
    assert fast_track.date_as_stated == "Tuesday"
    (trial,) = summary.trials
    assert (trial.drug, trial.enrolled) == ("KST-44", 210)
    assert summary.headline == "Pipeline Weekly — Issue 12"  # no Markdown marks
    assert "##" not in summary.summary and "*Friday" not in summary.summary


def test_the_summary_is_shorter_than_a_third_and_never_repeats(monkeypatch, tmp_path) -> None:
    summary = _summarise(monkeypatch, tmp_path, RELEASE).summary
    assert summary.headline == "Acme Pharma Co., Ltd. Receives NMPA Approval for Zorvexa"
    assert len(summary.summary) <= len(RELEASE) / 3
    assert summary.summary.startswith("Acme Pharma Co., Ltd. today announced")  # no dateline
    sentences = [s.text for s in split_sentences(summary.summary)]
    assert len(sentences) == len(set(sentences)) >= 1
    assert summary.headline not in summary.summary


def test_a_long_lead_becomes_a_headline_of_thirty_words_at_most(monkeypatch, tmp_path) -> None:
    untitled = RELEASE.split("\n\n", 1)[1]
    headline = _summarise(monkeypatch, tmp_path, untitled).summary.headline
    assert len(headline.split()) <= 30
    assert headline.startswith("Acme Pharma Co., Ltd. today announced that China's")
    assert headline.endswith("…")
