"""Resolution across documents: which facts of different documents are one real-world event.

Every summary here is hand-made (no model wrote it), a few facts each, to exercise one rule
at a time; the test archive in ``tests/cli/test_digest.py`` exercises them all at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from schemas import PressReleaseSummary, RegulatorAction, Reporting
from schemas.digest import EventKind
from summarise.quality.matching.dates import DateSpan, date_span
from summarise.quality.matching.names import (
    actions_compatible,
    company_name_keys,
    company_named_in,
    company_names_compatible,
    drug_name_keys,
    drug_names_compatible,
)
from summarise.quality.resolve import Document, key_of, pair_events, resolve


def _quoted(text: str = "As stated in the release.") -> list[dict[str, Any]]:
    return [{"quote": text, "start": 0, "end": len(text), "alignment": "exact"}]


def _summary(published: str | None = "2025-03-14", **facts: Any) -> PressReleaseSummary:
    """A hand-made summary holding only ``facts`` (lists of fact dicts, evidence added)."""
    lists = {
        name: [{"evidence": _quoted(), **fact} for fact in items] for name, items in facts.items()
    }
    return PressReleaseSummary.model_validate(
        {
            "document": {"date_iso": published},
            "headline": "Hand-made",
            "summary": "Hand-made.",
            **lists,
        }
    )


def _event(**fields: Any) -> dict[str, Any]:
    return {"agency": "FDA", "action": "approval", "drug": "Lomitertinib", **fields}


LOMITERTINIB = {
    "name": "Lomitertinib",
    "inn": "lomitertinib",
    "brand_names": ["DARVELTA"],
    "development_codes": ["CRV-2210"],
}


def _resolved(*summaries: PressReleaseSummary):
    return resolve(Document(f"doc{index}.txt", summary) for index, summary in enumerate(summaries))


def _sources(event) -> list[str]:
    return [source.doc_id for source in event.sources]


def test_one_approval_named_by_inn_brand_and_code_with_or_without_hyphen_is_one_event():
    events = _resolved(
        _summary(drugs=[LOMITERTINIB], regulatory_events=[_event(date_iso="2025-03-13")]),
        _summary(regulatory_events=[_event(drug="DARVELTA", date_as_stated="March 13, 2025")]),
        _summary(regulatory_events=[_event(drug="CRV2210", date_iso="2025-03")]),
    )
    assert len(events) == 1
    (event,) = events
    assert _sources(event) == ["doc0.txt", "doc1.txt", "doc2.txt"]
    assert event.date == "2025-03-13"  # the most precise date any source states
    assert {"Lomitertinib", "DARVELTA", "CRV-2210"} <= set(event.drug_names)


def test_a_centre_is_its_agency_and_a_plain_approval_its_specific_kind():
    events = _resolved(
        _summary(regulatory_events=[_event(agency="CDE", action="breakthrough_therapy")]),
        _summary(regulatory_events=[_event(agency="NMPA", action="breakthrough_therapy")]),
        _summary(regulatory_events=[_event(action="accelerated_approval")]),
        _summary(regulatory_events=[_event(action="approval")]),
        _summary(regulatory_events=[_event(action="conditional_approval")]),
    )
    by_action = {event.action: _sources(event) for event in events}
    assert by_action == {
        RegulatorAction.BREAKTHROUGH_THERAPY: ["doc0.txt", "doc1.txt"],
        RegulatorAction.ACCELERATED_APPROVAL: ["doc2.txt", "doc3.txt"],
        RegulatorAction.CONDITIONAL_APPROVAL: ["doc4.txt"],
    }
    breakthrough = next(event for event in events if event.action.value == "breakthrough_therapy")
    assert (breakthrough.agency, breakthrough.agencies) == ("NMPA", ["CDE", "NMPA"])


def test_actions_compatible_only_with_their_own_plain_name():
    assert actions_compatible("approval", "marketing_authorisation")
    assert actions_compatible("complete_response_letter", "rejection")
    assert not actions_compatible("accelerated_approval", "conditional_approval")
    assert not actions_compatible("clinical_hold", "clinical_hold_lifted")
    assert not actions_compatible("chmp_positive_opinion", "chmp_negative_opinion")


def test_two_full_dates_are_two_events_and_a_relative_date_joins_the_date_it_means():
    events = _resolved(
        _summary(regulatory_events=[_event(date_iso="2025-03-13")]),
        _summary(regulatory_events=[_event(date_iso="2024-11-02")]),
        # a Friday's "Tuesday" is the 11th; a month later it cannot be the 13th
        _summary("2025-03-14", regulatory_events=[_event(date_as_stated="Tuesday")]),
        _summary("2025-04-18", regulatory_events=[_event(date_as_stated="on Tuesday")]),
    )
    assert sorted(map(_sources, events)) == [
        ["doc0.txt", "doc2.txt"],
        ["doc1.txt"],
        ["doc3.txt"],
    ]


@pytest.mark.parametrize(
    ("stated", "published", "span"),
    [
        ("March 13, 2025", None, DateSpan(date(2025, 3, 13), date(2025, 3, 13))),
        ("December 2022", None, DateSpan(date(2022, 12, 1), date(2022, 12, 31))),
        ("2021", None, DateSpan(date(2021, 1, 1), date(2021, 12, 31))),
        ("Tuesday", "2025-06-13", DateSpan(date(2025, 6, 6), date(2025, 6, 13))),
        ("March this year", "2023-11-20", DateSpan(date(2023, 3, 1), date(2023, 3, 31))),
        ("last month", "2025-01-10", DateSpan(date(2024, 12, 1), date(2024, 12, 31))),
        (
            "3 months ago",
            "2025-06-30",
            DateSpan(date(2025, 2, 26), date(2025, 4, 29)),
        ),  # 93 ± 31 days
        ("March this year", None, DateSpan()),  # nothing to count back from: any day
        ("soon after", "2025-06-13", DateSpan()),
    ],
)
def test_dates_are_spans_of_days(stated, published, span):
    assert date_span(None, stated, published) == span


def test_a_documents_two_undated_approvals_join_another_documents_by_indication():
    vitiligo = _event(
        drug="Ruxolitinib cream",
        indication="nonsegmental vitiligo in patients 12 years of age and older",
    )
    dermatitis = _event(
        drug="Ruxolitinib cream",
        indication="mild to moderate atopic dermatitis in patients 12 years of age and older",
    )
    facial = _event(drug="ruxolitinib", indication="facial nonsegmental vitiligo")
    events = _resolved(
        _summary(regulatory_events=[vitiligo, dermatitis]),
        _summary(regulatory_events=[facial]),
    )
    by_indication = {event.indication: _sources(event) for event in events}
    assert by_indication == {
        vitiligo["indication"]: ["doc0.txt", "doc1.txt"],
        dermatitis["indication"]: ["doc0.txt"],
    }


def test_a_background_mention_joins_the_news_and_background_alone_is_not_news():
    news = _event(date_iso="2025-03-13")
    earlier = _event(action="breakthrough_therapy", date_iso="2023-05", reporting="background")
    events = _resolved(
        _summary(regulatory_events=[news, earlier]),
        _summary(regulatory_events=[{**news, "reporting": "background"}]),
    )
    reporting = {event.action: (event.reporting, len(event.sources)) for event in events}
    assert reporting == {
        RegulatorAction.APPROVAL: (Reporting.NEWS, 2),
        RegulatorAction.BREAKTHROUGH_THERAPY: (Reporting.BACKGROUND, 1),
    }


def _trial(**fields: Any) -> dict[str, Any]:
    return {"drug": "MRL-909", "phase": "phase_1_2", **fields}


def test_trials_resolve_by_identifier_or_by_phase_and_indication():
    events = _resolved(
        _summary(trials=[_trial(identifier="MRL909-101 (NCT06230958)", indication="ES-SCLC")]),
        _summary(trials=[_trial(identifier="NCT06230958", indication="ES-SCLC", enrolled=46)]),
        _summary(trials=[_trial(indication="extensive-stage SCLC (ES-SCLC)", phase="phase_3")]),
        _summary(trials=[_trial(indication="ES-SCLC", phase="phase_3")]),
    )
    assert sorted(map(_sources, events)) == [["doc0.txt", "doc1.txt"], ["doc2.txt", "doc3.txt"]]


def test_a_trials_cohorts_pair_with_the_same_cohorts_of_another_document():
    cohorts = [
        _trial(identifier="MRL909-101", indication="ES-SCLC", population="Cohort A", enrolled=46),
        _trial(identifier="MRL909-101", indication="mCRPC", population="Cohort B", enrolled=40),
        _trial(identifier="MRL909-101", indication="ES-SCLC", population="a new cohort"),
    ]
    events = _resolved(_summary(trials=cohorts), _summary(trials=list(reversed(cohorts))))
    assert len(events) == 3
    for event in events:
        assert len(event.sources) == 2
        assert not event.conflicts, event.conflicts


def _deal(**fields: Any) -> dict[str, Any]:
    return {
        "deal_type": "co_development",
        "parties": ["Talvera Therapeutics, Inc.", "Osterholt Pharma AG"],
        "asset": "TLV-580",
        "upfront": {"amount": 40_000_000, "currency": "USD"},
        **fields,
    }


def test_a_conflicting_amount_is_kept_side_by_side_never_averaged():
    events = _resolved(
        _summary(deals=[_deal()]),
        _summary(deals=[_deal(parties=["Talvera", "Osterholt"])]),
        _summary(deals=[_deal(upfront={"amount": 45_000_000, "currency": "USD"})]),
        _summary(deals=[_deal(deal_type="financing", asset=None, upfront=None)]),
    )
    deal = next(event for event in events if event.deal_type.value == "co_development")
    assert _sources(deal) == ["doc0.txt", "doc1.txt", "doc2.txt"]
    assert "upfront" not in deal.values
    (conflict,) = deal.conflicts
    assert conflict.field == "upfront"
    assert [(value.value, value.doc_ids) for value in conflict.values] == [
        ("40,000,000 USD", ["doc0.txt", "doc1.txt"]),
        ("45,000,000 USD", ["doc2.txt"]),
    ]
    assert len(events) == 2  # the financing between the same parties is another deal


def test_a_licence_with_another_partner_is_another_deal():
    events = _resolved(
        _summary(deals=[_deal()]),
        _summary(deals=[_deal(parties=["Talvera Therapeutics", "Brightwater Therapeutics"])]),
    )
    assert len(events) == 2


def test_a_documents_own_facts_never_merge():
    same = _event(date_iso="2025-03-13")
    events = _resolved(_summary(regulatory_events=[same, same]))
    assert len(events) == 2


def test_events_of_an_earlier_digest_pair_with_this_ones_by_the_same_rules():
    earlier = _resolved(_summary(regulatory_events=[_event(date_iso="2025-03")]))
    later = _resolved(
        _summary(regulatory_events=[_event(date_iso="2025-03-13"), _event(action="fast_track")])
    )
    pairs = pair_events([key_of(event) for event in earlier], [key_of(event) for event in later])
    assert [(earlier[i].kind, later[j].action) for i, j in pairs] == [
        (EventKind.REGULATORY, RegulatorAction.APPROVAL)
    ]


def test_a_company_is_named_by_its_words_without_legal_ones():
    assert company_named_in("Hengrui Pharmaceutical Co., Ltd.", "Hengrui received approval")
    assert company_named_in("InnoCare Pharma Limited", "InnoCare’s Mesutoclax was granted")
    assert not company_named_in("China Medical System Holdings", "approved in China")


DRUG_NAMES = [
    "ICP-248",
    "ICP248",
    "Mesutoclax (ICP-248)",
    "mesutoclax",
    "Ruxolitinib cream",
    "ruxolitinib",
    "Opzelura",
    "CNCT19",
    "Inaticabtagene Autoleucel",
    "델스타정",
    "Ro",
    "RO",
]
COMPANY_NAMES = [
    "China Medical System Holdings Limited",
    "CMS",
    "China Medical System",
    "InnoCare",
    "InnoCare Pharma Limited",
    "Jiangsu Hengrui Pharmaceuticals",
    "Hengrui",
    "AbbVie",
    "AbbVie Inc.",
    "한결제약",
    "Pellucid Bio",
]


@pytest.mark.parametrize(
    ("compatible", "keys", "names"),
    [
        (drug_names_compatible, drug_name_keys, DRUG_NAMES),
        (company_names_compatible, company_name_keys, COMPANY_NAMES),
    ],
    ids=["drugs", "companies"],
)
def test_compatible_names_always_share_a_lookup_key(compatible, keys, names):
    """Resolution compares a fact only with the events sharing a key with it: a pair of
    compatible names without one would never be compared, and would stay two events."""
    for a in names:
        for b in names:
            if compatible(a, b):
                assert keys(a) & keys(b), (a, b)
