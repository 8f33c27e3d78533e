"""The Markdown brief: codes as words, what matters first in each fact, the headline said once.

Every record here is hand-made (``tests.views.handmade_records``).
"""

from __future__ import annotations

from typing import Any

import pytest

from summarise.views.brief import NO_FACTS_WARNING, render_markdown, without_headline
from summarise.views.words import words
from tests.views.handmade_records import evidence, handmade_record

SOURCE = (
    "Acme Bio announced on 2 January 2025 that the NMPA approved Zapitinib for adults with AML. "
    "The FDA cleared the IND for Zapitinib. The phase 3 ZAP-1 trial enrolled 312 patients at "
    "40 sites. Pellucid Bio licensed PLC-118 to Acme Bio for $30 million upfront, up to "
    "$415 million in milestones and tiered royalties, worldwide excluding Greater China."
)


def _quote(text: str) -> list[dict[str, Any]]:
    return [evidence(text, SOURCE)]


def _brief(**summary: Any) -> list[str]:
    return render_markdown(handmade_record(summary, SOURCE)).splitlines()


def test_enum_values_read_as_words() -> None:
    lines = _brief(
        event_types=["regulatory", "clinical_trial", "trial_results"],
        regulatory_events=[
            {
                "agency": "FDA",
                "action": "ind_clearance",
                "drug": "Zapitinib",
                "evidence": _quote("The FDA cleared the IND for Zapitinib."),
            },
        ],
        drugs=[
            {
                "name": "Zapitinib",
                "modality": "small_molecule",
                "relation": "standard_of_care",
                "evidence": _quote("Zapitinib"),
            }
        ],
        caveats=[
            {
                "kind": "missing_data",
                "description": "No response rates are given.",
                "evidence": _quote("The phase 3 ZAP-1 trial enrolled 312 patients at 40 sites."),
            }
        ],
    )
    assert "Events: regulatory, clinical trial, trial results" in lines
    assert "- **IND clearance** of Zapitinib by FDA" in lines
    assert "- **Zapitinib**: standard of care, small molecule" in lines
    assert "- **Missing data**: No response rates are given." in lines
    for code in ("clinical_trial", "ind_clearance", "small_molecule", "missing_data"):
        assert code not in "\n".join(lines)


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("breakthrough_therapy", "breakthrough therapy"),
        ("application_accepted", "application accepted"),
        ("chmp_positive_opinion", "CHMP positive opinion"),
        ("ind_clearance", "IND clearance"),
        ("phase_1_2", "Phase 1/2"),
        ("car_t", "CAR-T"),
        ("co_development", "co-development"),
    ],
)
def test_a_code_reads_as_words(code: str, shown: str) -> None:
    assert words(code) == shown


def test_an_event_leads_with_its_action_drug_and_indication() -> None:
    lines = _brief(
        regulatory_events=[
            {
                "agency": "NMPA",
                "jurisdiction": "China",
                "action": "approval",
                "drug": "Zapitinib",
                "indication": "adults with AML",
                "date_as_stated": "2 January 2025",
                "date_iso": "2025-01-02",
                "evidence": _quote("the NMPA approved Zapitinib for adults with AML"),
            },
            {
                "agency": "FDA",
                "action": "approval",
                "drug": "Zapitinib",
                "status": "expected",
                "reporting": "background",
                "evidence": _quote("The FDA cleared the IND for Zapitinib."),
            },
        ]
    )
    assert "- **Approval** of Zapitinib for adults with AML by NMPA (China), 2025-01-02" in lines
    assert "- **Approval** of Zapitinib by FDA (expected, background)" in lines


def test_a_trial_leads_with_phase_drug_and_indication() -> None:
    lines = _brief(
        trials=[
            {
                "drug": "Zapitinib",
                "identifier": "ZAP-1",
                "phase": "phase_3",
                "indication": "AML",
                "design": ["randomized"],
                "enrolled": 312,
                "sites": 40,
                "evidence": _quote("The phase 3 ZAP-1 trial enrolled 312 patients at 40 sites."),
            }
        ]
    )
    assert "- **Phase 3 trial of Zapitinib** (ZAP-1) in AML: randomized, N=312, 40 sites" in lines


def test_a_deal_leads_with_its_terms_then_parties_and_territory() -> None:
    lines = _brief(
        deals=[
            {
                "deal_type": "licensing",
                "parties": ["Pellucid Bio", "Acme Bio"],
                "asset": "PLC-118",
                "territory": ["worldwide excluding Greater China"],
                "upfront": {"amount": 30_000_000, "currency": "USD"},
                "milestones": {"amount": 415_000_000, "currency": "USD"},
                "total_value": {"amount": 445_000_000, "currency": "USD"},
                "royalties": "tiered",
                "evidence": _quote("Pellucid Bio licensed PLC-118 to Acme Bio"),
            }
        ]
    )
    assert (
        "- **Licensing** of PLC-118: upfront 30,000,000 USD, milestones 415,000,000 USD, "
        "total 445,000,000 USD, royalties: tiered; parties: Pellucid Bio, Acme Bio; "
        "territory: worldwide excluding Greater China"
    ) in lines


@pytest.mark.parametrize(
    "summary",
    [
        "Acme's Zapitinib approved. The NMPA approved it for adults with AML.",
        "ACME’S ZAPITINIB APPROVED! The NMPA approved it for adults with AML.",
        "• Acme's Zapitinib approved.\nThe NMPA approved it for adults with AML.",
        "The NMPA approved it for adults with AML. Acme's Zapitinib approved.",
    ],
)
def test_the_headline_is_never_said_twice(summary: str) -> None:
    lines = _brief(headline="Acme's Zapitinib approved", summary=summary)
    assert lines[0] == "# Acme's Zapitinib approved"
    assert lines[2] == "The NMPA approved it for adults with AML."
    text = "\n".join(lines[1:]).casefold().replace("’", "'")
    assert "acme's zapitinib approved" not in text


def test_a_sentence_that_only_begins_like_the_headline_stays() -> None:
    summary = "Acme's Zapitinib approved by the NMPA in January. It treats AML."
    assert without_headline(summary, "Acme's Zapitinib approved") == summary


def test_a_summary_that_is_only_the_headline_prints_none() -> None:
    lines = _brief(headline="Acme's Zapitinib approved", summary="Acme's Zapitinib approved.")
    assert lines[:2] == ["# Acme's Zapitinib approved", ""]
    assert f"> **Warning**: {NO_FACTS_WARNING}." in lines
    assert "Acme's Zapitinib approved." not in lines


def test_money_keeps_its_cents() -> None:
    from schemas import Money
    from summarise.views.brief import _money

    assert _money("per share", Money(amount=38.5, currency="USD")) == "per share 38.5 USD"
    assert _money("upfront", Money(amount=150_000_000, currency="USD")) == (
        "upfront 150,000,000 USD"
    )
