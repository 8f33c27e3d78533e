"""Matching and field comparison for schema 2.0.0: targets through their HGNC symbols, the
new fields scored like the old ones, the new actions paired with their nearer names."""

from __future__ import annotations

from typing import Any

import pytest

from schemas import Caveat, Deal, Drug, Evidence, Money, RegulatoryEvent
from summarise.quality.matching import compare_items, match_items
from summarise.quality.matching.fields import FieldOutcome
from summarise.quality.matching.targets import TARGET_ALIASES, norm_target, target_key

EVIDENCE = [Evidence(quote="as stated in the document")]


def outcome(entity: str, gold: Any, predicted: Any, field: str) -> FieldOutcome:
    return next(o for o in compare_items(entity, gold, predicted) if o.field == field)


def counts(found: FieldOutcome) -> tuple[int, int, int]:
    return found.tp, found.fp, found.fn


@pytest.mark.parametrize(
    ("as_written", "symbol"),
    [
        ("APRIL", "TNFSF13"),
        ("B7-H3", "CD276"),
        ("B7-H4", "VTCN1"),
        ("THR-β", "THRB"),
        ("thyroid hormone receptor beta", "THRB"),
        ("orexin 2 receptor", "HCRTR2"),
        ("OX2R", "HCRTR2"),
        ("c-MET", "MET"),
        ("Claudin 18.2", "CLDN18"),
        ("CLDN18.2", "CLDN18"),
        ("PD-1", "PDCD1"),
        ("PD-L1", "CD274"),
        ("HER2", "ERBB2"),
        ("BCMA", "TNFRSF17"),
        ("TROP2", "TACSTD2"),
        ("CD3ε", "CD3E"),
        ("CD3", "CD3E"),
        ("GLP-1 receptor", "GLP1R"),
        ("GIP receptor", "GIPR"),
        ("jak-1", "JAK1"),
    ],
)
def test_a_target_as_the_document_names_it_is_its_hgnc_symbol(as_written: str, symbol: str):
    assert norm_target(as_written) == symbol
    assert norm_target(symbol) == symbol
    assert norm_target(symbol.lower()) == symbol


@pytest.mark.parametrize(
    ("one", "other"),
    [("HER2", "HER3"), ("B7-H3", "B7-H4"), ("PD-1", "PD-L1"), ("Claudin 18.2", "Claudin 6")],
)
def test_neighbouring_targets_stay_different(one: str, other: str) -> None:
    assert norm_target(one) != norm_target(other)


def test_every_alias_is_needed_and_names_one_symbol() -> None:
    """An alias keyed like a symbol is redundant (its own symbol) or wrong (another one)."""
    keys = [target_key(alias) for aliases in TARGET_ALIASES.values() for alias in aliases]
    symbol_keys = {target_key(symbol) for symbol in TARGET_ALIASES}
    assert sorted(key for key in set(keys) if keys.count(key) > 1) == []
    assert sorted(symbol_keys.intersection(keys)) == []  # type: ignore[arg-type]


def test_targets_score_the_same_in_either_form() -> None:
    gold = Drug(name="MRL-909", targets=["B7-H3", "CD276"], evidence=EVIDENCE)
    assert counts(
        outcome(
            "drugs", gold, Drug(name="MRL-909", targets=["CD276"], evidence=EVIDENCE), "targets"
        )
    ) == (1, 0, 0)
    wrong = Drug(name="MRL-909", targets=["B7-H4"], evidence=EVIDENCE)
    assert counts(outcome("drugs", gold, wrong, "targets")) == (0, 1, 1)


def test_a_drugs_relation_is_scored() -> None:
    gold = Drug(name="Venetoclax", relation="competitor", evidence=EVIDENCE)
    assert counts(outcome("drugs", gold, gold, "relation")) == (1, 0, 0)
    subject = Drug(name="Venetoclax", evidence=EVIDENCE)
    found = outcome("drugs", gold, subject, "relation")
    assert (counts(found), found.gold, found.predicted) == ((0, 1, 1), ["competitor"], ["subject"])


def test_an_events_status_and_reporting_are_scored() -> None:
    gold = RegulatoryEvent(
        agency="FDA", action="fast_track", reporting="background", evidence=EVIDENCE
    )
    predicted = RegulatoryEvent(agency="FDA", action="fast_track", evidence=EVIDENCE)
    assert counts(outcome("regulatory_events", gold, predicted, "status")) == (1, 0, 0)
    assert counts(outcome("regulatory_events", gold, predicted, "reporting")) == (0, 1, 1)
    planned = predicted.model_copy(update={"status": "planned", "reporting": "background"})
    assert counts(outcome("regulatory_events", gold, planned, "status")) == (0, 1, 1)
    assert counts(outcome("regulatory_events", gold, planned, "reporting")) == (1, 0, 0)


def test_an_acquisitions_price_per_share_and_cvr_are_scored_by_amount() -> None:
    gold = Deal(
        deal_type="acquisition",
        parties=["Acme", "Beta Bio"],
        price_per_share=Money(amount=18.4, currency="USD"),
        contingent_value_right="one CVR of US$5.00 per share on FDA approval",
        evidence=EVIDENCE,
    )
    same = gold.model_copy(
        update={
            "price_per_share": Money(amount=18.40, currency="usd"),
            "contingent_value_right": "$5 per share in cash upon approval",
        }
    )
    fields = ("price_per_share.amount", "price_per_share.currency")
    fields += ("contingent_value_right.amount", "contingent_value_right.currency")
    assert [counts(outcome("deals", gold, same, field)) for field in fields] == [(1, 0, 0)] * 4
    other = gold.model_copy(
        update={
            "price_per_share": Money(amount=18.0, currency="USD"),
            "contingent_value_right": None,
        }
    )
    assert counts(outcome("deals", gold, other, "price_per_share.amount")) == (0, 1, 1)
    assert counts(outcome("deals", gold, other, "contingent_value_right.amount")) == (0, 0, 1)


@pytest.mark.parametrize(
    ("gold_action", "predicted_action"),
    [
        ("accelerated_approval", "approval"),
        ("supplemental_approval", "approval"),
        ("marketing_authorisation", "conditional_approval"),
        ("chmp_positive_opinion", "chmp_negative_opinion"),
        ("clinical_hold", "clinical_hold_lifted"),
        ("complete_response_letter", "rejection"),
    ],
)
def test_a_decision_called_by_a_nearer_name_pairs_and_scores_a_wrong_action(
    gold_action: str, predicted_action: str
) -> None:
    gold = RegulatoryEvent(agency="FDA", action=gold_action, evidence=EVIDENCE)
    predicted = RegulatoryEvent(agency="FDA", action=predicted_action, evidence=EVIDENCE)
    assert match_items("regulatory_events", [gold], [predicted]).pairs == [(0, 0)]
    action = outcome("regulatory_events", gold, predicted, "action")
    assert (counts(action), action.gold, action.predicted) == (
        (0, 1, 1),
        [gold_action],
        [predicted_action],
    )


def test_a_chmp_opinion_credited_to_the_ema_is_that_opinion() -> None:
    gold = RegulatoryEvent(agency="CHMP", action="chmp_positive_opinion", evidence=EVIDENCE)
    predicted = RegulatoryEvent(agency="EMA", action="chmp_positive_opinion", evidence=EVIDENCE)
    assert match_items("regulatory_events", [gold], [predicted]).pairs == [(0, 0)]
    assert all(o.fp == o.fn == 0 for o in compare_items("regulatory_events", gold, predicted))


def test_different_kinds_of_decision_do_not_pair() -> None:
    gold = RegulatoryEvent(agency="FDA", action="accelerated_approval", evidence=EVIDENCE)
    for action in ("fast_track", "clinical_hold", "target_action_date", "chmp_positive_opinion"):
        predicted = RegulatoryEvent(agency="FDA", action=action, evidence=EVIDENCE)
        assert match_items("regulatory_events", [gold], [predicted]).pairs == [], action


def test_the_new_caveat_kinds_pair_by_kind() -> None:
    gold = [
        Caveat(kind=kind, description=kind, evidence=EVIDENCE)
        for kind in ("analysis_limitation", "pending_condition", "secondary_source")
    ]
    predicted = [
        Caveat(kind=kind, description="reworded", evidence=EVIDENCE)
        for kind in ("secondary_source", "absence_of_event", "analysis_limitation")
    ]
    match = match_items("caveats", gold, predicted)
    assert (match.pairs, match.only_left, match.only_right) == ([(0, 2), (2, 0)], [1], [1])
