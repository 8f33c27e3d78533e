"""Claim checks on the LLM path: hand-made answers at the transport level, full strategy.

Nothing here was recorded from a model. The release below is written for these tests;
each hand-made answer quotes it verbatim, so every quote aligns and every number is in
its quote: what fails is only that a quote does not state its fact's claim.
"""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any

import pytest

from schemas import SummaryRecord
from summarise.api import asummarise_file
from tests.handmade_llm import Answer, ScriptedLLM

NOT_APPROVED = (
    "Zapitinib has not been approved by the U.S. Food and Drug Administration (FDA) or any "
    "other regulatory authority."
)
IF_APPROVED = (
    "If approved by the FDA, zapitinib could become the first oral JAK1 inhibitor for children."
)
CRL = (
    "In 2024, the FDA issued a Complete Response Letter declining approval of the New Drug "
    "Application for zapitinib in adults."
)
MISSED = "Acme's Phase 3 ZEN-2 trial of zapitinib in eczema did not meet its primary endpoint."
LICENCE = "Acme has licensed zapitinib to Beta Bio for Japan for an upfront payment of $50 million."
RELEASE = "\n\n".join(
    [
        "Acme Pharma Reports ZEN-2 Results and a Licence for Zapitinib in Japan",
        f"BOSTON, June 2, 2025 -- {MISSED}",
        f"{NOT_APPROVED} {IF_APPROVED}",
        CRL,
        LICENCE,
    ]
)


def _quoted(*quotes: str) -> list[dict[str, str]]:
    return [{"quote": quote} for quote in quotes]


def _event(quote: str, action: str = "approval", status: str = "occurred") -> dict[str, Any]:
    return {"agency": "FDA", "action": action, "status": status, "evidence": _quoted(quote)}


HANDMADE_ANSWER: dict[str, Any] = {
    "document": {"language": "en"},
    "event_types": ["regulatory", "trial_results", "deal"],
    "headline": "Acme's ZEN-2 trial of zapitinib missed its primary endpoint.",
    "summary": "ZEN-2 did not meet its primary endpoint. Acme licensed zapitinib to Beta Bio.",
    "companies": [{"name": "Beta Bio", "roles": ["acquirer"], "evidence": _quoted(LICENCE)}],
    "regulatory_events": [_event(NOT_APPROVED), _event(IF_APPROVED), _event(CRL)],
    "trials": [
        {
            "drug": "zapitinib",
            "identifier": "ZEN-2",
            "phase": "phase_3",
            "evidence": _quoted(MISSED),
            "results": [
                {
                    "endpoint": "primary endpoint",
                    "is_primary": True,
                    "primary_endpoint_met": True,
                    "evidence": _quoted(MISSED),
                }
            ],
        }
    ],
    "deals": [
        {
            "deal_type": "acquisition",
            "parties": ["Acme Pharma", "Beta Bio"],
            "upfront": {"amount": 50_000_000, "currency": "USD"},
            "territory": ["Japan"],
            "evidence": _quoted(LICENCE),
        }
    ],
}
"""Hand-made: every claim below is one its quote does not state."""


@pytest.fixture
def release(tmp_path: Path) -> Path:
    path = tmp_path / "acme_zen2.txt"
    path.write_text(RELEASE + "\n", encoding="utf-8")
    return path


def summarise(source: Path, endpoint) -> SummaryRecord:
    return asyncio.run(asummarise_file(source, endpoint))


def test_handmade_unsupported_claims_are_reasked_then_corrected_or_dropped(
    release, endpoint_for
) -> None:
    script = ScriptedLLM(*[Answer(HANDMADE_ANSWER)] * 3)
    endpoint, _ = endpoint_for(script)
    record = summarise(release, endpoint)

    assert record.provenance.attempts == 3
    assert record.provenance.validation_passed is False
    reask = json.dumps(script.requests[1]["messages"], ensure_ascii=False)
    for check in ("action", "status", "primary_endpoint_met", "deal_type", "roles"):
        assert f"claim check '{check}'" in reask

    summary = record.summary
    assert [(e.action.value, e.status.value) for e in summary.regulatory_events] == [
        ("approval", "not_occurred"),  # "has not been approved"
        ("approval", "expected"),  # "If approved"
    ]
    assert summary.trials[0].results[0].primary_endpoint_met is None  # "did not meet"
    assert summary.deals[0].deal_type.value == "other"  # a licence, not an acquisition
    assert summary.deals[0].upfront.amount == 50_000_000
    assert summary.companies[0].roles == []  # nothing says Beta Bio acquires anything

    dropped = {item.path: item.problem for item in record.provenance.dropped}
    assert set(dropped) == {
        "regulatory_events[0].status",
        "regulatory_events[1].status",
        "regulatory_events[2]",
        "trials[0].results[0].primary_endpoint_met",
        "deals[0].deal_type",
        "companies[0].roles",
    }
    assert "claim check 'status'" in dropped["regulatory_events[0].status"]
    assert "('not')" in dropped["regulatory_events[0].status"]
    assert "('If')" in dropped["regulatory_events[1].status"]
    assert dropped["regulatory_events[2]"].startswith(
        "fact removed: claim check 'action': no quote states approval by FDA"
    )
    assert (
        "claim check 'primary_endpoint_met'" in dropped["trials[0].results[0].primary_endpoint_met"]
    )
    assert "they name: licensing" in dropped["deals[0].deal_type"]
    assert "acquirer" in dropped["companies[0].roles"]


def test_handmade_corrected_second_answer_is_kept(release, endpoint_for) -> None:
    first = copy.deepcopy(HANDMADE_ANSWER)
    first["regulatory_events"] = [_event(NOT_APPROVED)]
    first["trials"] = first["deals"] = first["companies"] = []
    second = copy.deepcopy(first)
    second["regulatory_events"] = [_event(NOT_APPROVED, status="not_occurred")]
    script = ScriptedLLM(Answer(first), Answer(second))
    endpoint, _ = endpoint_for(script)
    record = summarise(release, endpoint)

    assert record.provenance.attempts == 2
    assert record.provenance.validation_passed is True
    assert record.provenance.dropped == []
    reask = json.dumps(script.requests[1]["messages"])
    assert "regulatory_events[0].status: claim check 'status'" in reask
    (event,) = record.summary.regulatory_events
    assert (event.action.value, event.status.value) == ("approval", "not_occurred")
    assert event.evidence[0].alignment == "exact"


BACKGROUND = "Zapitinib was previously granted Fast Track designation by the FDA in 2021."
NEWS = "Today the FDA approved zapitinib for adults with moderate-to-severe eczema."
COMPARATOR = "In ZEN-3, zapitinib was compared with dupilumab, the standard of care."
SECOND_RELEASE = "\n\n".join(["Acme Pharma: FDA Approves Zapitinib", NEWS, BACKGROUND, COMPARATOR])
BACKGROUND_AND_COMPETITOR: dict[str, Any] = {
    "document": {"language": "en"},
    "event_types": ["regulatory"],
    "headline": "The FDA approved zapitinib for adults with eczema.",
    "summary": "The FDA approved zapitinib for adults with moderate-to-severe eczema.",
    "drugs": [
        {"name": "zapitinib", "evidence": _quoted(NEWS)},
        {"name": "dupilumab", "evidence": _quoted(COMPARATOR)},
    ],
    "regulatory_events": [
        _event(NEWS),
        {"agency": "FDA", "action": "fast_track", "evidence": _quoted(BACKGROUND)},
    ],
}
"""Hand-made: an old designation offered as news, a comparator offered as the subject."""


def test_handmade_background_event_and_comparator_drug_are_corrected(
    tmp_path, endpoint_for
) -> None:
    release = tmp_path / "acme_approval.txt"
    release.write_text(SECOND_RELEASE + "\n", encoding="utf-8")
    script = ScriptedLLM(*[Answer(BACKGROUND_AND_COMPETITOR)] * 3)
    endpoint, _ = endpoint_for(script)
    record = summarise(release, endpoint)

    reask = json.dumps(script.requests[1]["messages"], ensure_ascii=False)
    assert "claim check 'reporting'" in reask and "claim check 'relation'" in reask
    approval, designation = record.summary.regulatory_events
    assert (approval.action.value, approval.reporting.value) == ("approval", "news")
    assert (designation.action.value, designation.reporting.value) == ("fast_track", "background")
    subject, comparator = record.summary.drugs
    assert (subject.name, subject.relation.value) == ("zapitinib", "subject")
    assert (comparator.name, comparator.relation.value) == ("dupilumab", "standard_of_care")
    dropped = {item.path: item.problem for item in record.provenance.dropped}
    assert "claim check 'reporting'" in dropped["regulatory_events[1].reporting"]
    assert "claim check 'relation'" in dropped["drugs[1].relation"]
