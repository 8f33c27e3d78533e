"""Long documents are chunked, summarised chunk by chunk and merged (hand-made answers)."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

from summarise.api import asummarise_file
from summarise.pipeline.clean import clean_text
from tests.handmade_llm import USAGE, HandmadeResponder

PLANTED = {
    "start": "The NMPA approved Examplinib for psoriasis on 3 January 2025.",
    "middle": "The FDA granted Examplinib Breakthrough Therapy Designation for eczema.",
    "end": "The EMA accepted the marketing application for Examplinib on 9 June 2025.",
}
ACTIONS = {
    "start": ("NMPA", "approval"),
    "middle": ("FDA", "breakthrough_therapy"),
    "end": ("EMA", "application_accepted"),
}
FILLER_WORDS = ["the", "study", "team", "reviewed", "data", "from", "several", "sites", "across"]


def _long_document(path: Path, characters: int = 70_000) -> str:
    """Filler paragraphs with three planted facts: first paragraph, middle, last."""
    rng = random.Random(7)
    paragraphs: list[str] = []
    while sum(map(len, paragraphs)) < characters:
        sentences = [
            " ".join(rng.choice(FILLER_WORDS) for _ in range(14)).capitalize() + "."
            for _ in range(5)
        ]
        paragraphs.append(" ".join(sentences))
    paragraphs[0] = PLANTED["start"] + " " + paragraphs[0]
    paragraphs[len(paragraphs) // 2] += " " + PLANTED["middle"]
    paragraphs[-1] += " " + PLANTED["end"]
    text = "\n\n".join(paragraphs)
    path.write_text(text, encoding="utf-8")
    return text


def _answer(chunk: str) -> dict[str, Any]:
    """What a careful model would answer for this chunk: the planted facts it holds."""
    events = [
        {
            "agency": agency,
            "action": action,
            "drug": "Examplinib",
            "evidence": [{"quote": PLANTED[where]}],
        }
        for where, (agency, action) in ACTIONS.items()
        if PLANTED[where] in chunk
    ]
    drugs = [
        {"name": "Examplinib", "evidence": [{"quote": event["evidence"][0]["quote"]}]}
        for event in events
    ]
    return {
        "document": {},
        "headline": "Examplinib regulatory news.",
        "summary": "Regulators acted on Examplinib.",
        "drugs": drugs,
        "regulatory_events": events,
    }


def test_long_document_is_chunked_and_merged_with_whole_document_offsets(tmp_path, endpoint_for):
    source = tmp_path / "interim_report.txt"
    text = _long_document(source)
    responder = HandmadeResponder(_answer)
    endpoint, _ = endpoint_for(responder, input_budget_tokens=2_000)
    record = asyncio.run(asummarise_file(source, endpoint))

    chunks = len(responder.requests)
    assert chunks >= 8, "a 70,000-character document must be split at a 2,000-token budget"
    assert record.provenance.attempts == chunks
    assert record.provenance.usage.total_tokens == chunks * USAGE["total_tokens"]
    events = {(e.agency, e.action.value): e for e in record.summary.regulatory_events}
    assert set(events) == set(ACTIONS.values())
    for where, key in ACTIONS.items():
        evidence = events[key].evidence[0]
        assert text[evidence.start : evidence.end] == PLANTED[where]
    assert events[ACTIONS["end"]].evidence[0].start > len(text) * 2 // 3
    drugs = record.summary.drugs
    assert [drug.name for drug in drugs] == ["Examplinib"], "one drug across chunks"
    assert {e.quote for e in drugs[0].evidence} == set(PLANTED.values())


def test_short_document_is_never_chunked(seed_002, answer_002, endpoint_for):
    responder = HandmadeResponder(lambda chunk: answer_002)
    endpoint, _ = endpoint_for(responder, input_budget_tokens=2_000)
    asyncio.run(asummarise_file(seed_002, endpoint))
    assert len(responder.requests) == 1
    assert responder.documents[0] == clean_text(seed_002.read_text(encoding="utf-8")).text
