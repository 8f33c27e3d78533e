"""The pick strategy's finders read grounding's lexicon: they offer only what a claim check
accepts. Sentences written for these tests."""

from __future__ import annotations

import pytest

from summarise.strategies.candidates import find_agency_mentions, split_sentences


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        (
            "The FDA issued a Complete Response Letter for the New Drug Application.",
            [("FDA", ("complete_response_letter",))],
        ),
        ("The FDA has not approved Zapitinib.", []),
        ("Acme plans to submit an IND application to the FDA in 2026.", []),
        ("The FDA cleared the IND application for Zapitinib.", [("FDA", ("ind_clearance",))]),
        (
            "The European Commission (EC) has granted marketing authorisation for Kyrenza.",
            [("EC", ("marketing_authorisation",))],
        ),
        (
            "Japan's Ministry of Health, Labour and Welfare (MHLW) approved Oravey.",
            [("MHLW", ("approval",))],
        ),
        ("식약처는 델스타정을 폐암 치료제로 허가했다.", [("MFDS", ("approval",))]),
        ("该药物已获美国FDA批准上市。", [("FDA", ("approval",))]),
    ],
)
def test_agency_mentions_offer_what_the_claim_checks_accept(
    text: str, mentions: list[tuple[str, tuple[str, ...]]]
) -> None:
    found = find_agency_mentions(split_sentences(text))
    assert [(m.agency, (m.action,)) for m in found] == mentions  # one mention per action
