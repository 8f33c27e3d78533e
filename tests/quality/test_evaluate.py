"""The scorer on hand-made pairs of summaries whose right P/R/F1 is known in advance.

The gold summary below has 38 scored field values: drug 5 (name, development
code, modality, target, relation), company 4 (name, two roles, ticker), event 7
(agency, jurisdiction, action, drug, date, status, reporting), trial 6 (drug,
identifier, phase, one design element, enrolled, sites), result 6 (endpoint,
timepoint, arm and comparator values, comparator, unit), deal 9 (type, two
parties, licensor, licensee, asset, total amount and currency, one territory)
and caveat 1 (kind).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas import (
    SCHEMA_VERSION,
    Caveat,
    Company,
    Deal,
    DocumentInfo,
    Drug,
    EndpointResult,
    Evidence,
    Money,
    PressReleaseSummary,
    Provenance,
    RegulatoryEvent,
    SummaryRecord,
    Ticker,
    TokenUsage,
    Trial,
)
from summarise.core.errors import ConfigurationError
from summarise.pipeline.ground import check_summary
from summarise.quality.evaluate import (
    Grounding,
    evaluate_run,
    render_table,
    score,
    score_run,
)
from summarise.quality.matching import (
    ENTITY_TYPES,
    norm_agency,
    norm_date,
    norm_money,
    norm_number,
    norm_place,
    norm_timepoint,
    numbers_equal,
)
from summarise.quality.matching.names import endpoints_compatible
from tests.conftest import write_record

SOURCE = (
    "Acme Pharma (NASDAQ: ACME) announced on June 25, 2024 that the U.S. Food and Drug "
    "Administration (FDA) approved Zapitinib (AC-101), an oral JAK1 inhibitor, for "
    "moderate-to-severe eczema. In the randomized Phase 3 ZEN-1 trial of 200 patients at 20 "
    "sites, 40% of patients on Zapitinib reached clear skin at week 16 versus 9% on placebo. "
    "Acme licensed Zapitinib to Beta Bio for $223 million in China. “This is a new standard of "
    "care,” said the chief executive.\n"
)
Q_DRUG = "approved Zapitinib (AC-101), an oral JAK1 inhibitor"
Q_COMPANY = "Acme Pharma (NASDAQ: ACME) announced on June 25, 2024"
Q_EVENT = (
    "announced on June 25, 2024 that the U.S. Food and Drug Administration (FDA) approved Zapitinib"
)
Q_TRIAL = "In the randomized Phase 3 ZEN-1 trial of 200 patients at 20 sites"
Q_RESULT = "40% of patients on Zapitinib reached clear skin at week 16 versus 9% on placebo"
Q_DEAL = "Acme licensed Zapitinib to Beta Bio for $223 million in China"
Q_CAVEAT = "This is a new standard of care"
GOLD_FIELDS = 38
EVENT_FIELDS = 7


def ev(*quotes: str) -> list[Evidence]:
    return [Evidence(quote=quote) for quote in quotes]


def make_gold() -> PressReleaseSummary:
    return PressReleaseSummary(
        document=DocumentInfo(title="Acme wins FDA approval", date_iso="2024-06-25"),
        headline="The FDA approved Acme's Zapitinib.",
        summary="The FDA approved Zapitinib.",
        drugs=[
            Drug(
                name="Zapitinib",
                development_codes=["AC-101"],
                modality="small_molecule",
                targets=["JAK1"],
                mechanism="JAK1 inhibitor",
                evidence=ev(Q_DRUG),
            )
        ],
        companies=[
            Company(
                name="Acme Pharma",
                roles=["developer", "licensor"],
                tickers=[Ticker(exchange="NASDAQ", symbol="ACME")],
                evidence=ev(Q_COMPANY),
            )
        ],
        regulatory_events=[
            RegulatoryEvent(
                agency="FDA",
                jurisdiction="United States",
                action="approval",
                drug="Zapitinib",
                indication="moderate-to-severe eczema",
                date_as_stated="June 25, 2024",
                date_iso="2024-06-25",
                evidence=ev(Q_EVENT),
            )
        ],
        trials=[
            Trial(
                drug="Zapitinib",
                identifier="ZEN-1",
                phase="phase_3",
                design=["randomized"],
                enrolled=200,
                sites=20,
                evidence=ev(Q_TRIAL),
                results=[
                    EndpointResult(
                        endpoint="clear skin",
                        timepoint="week 16",
                        arm_value=40,
                        comparator_value=9,
                        comparator="placebo",
                        unit="%",
                        evidence=ev(Q_RESULT),
                    )
                ],
            )
        ],
        deals=[
            Deal(
                deal_type="licensing",
                parties=["Acme Pharma", "Beta Bio"],
                licensor="Acme Pharma",
                licensee="Beta Bio",
                asset="Zapitinib",
                total_value=Money(amount=223000000, currency="USD"),
                territory=["China"],
                evidence=ev(Q_DEAL),
            )
        ],
        caveats=[
            Caveat(
                kind="promotional_claim",
                description="An unsupported claim of a new standard of care.",
                evidence=ev(Q_CAVEAT),
            )
        ],
    )


def copy_of(summary: PressReleaseSummary) -> PressReleaseSummary:
    return summary.model_copy(deep=True)


def make_record(
    summary: PressReleaseSummary,
    source_file: str | None,
    *,
    model: str = "handmade-model",
    created_at: str = "2026-01-01T00:00:00+00:00",
    timings: dict[str, float] | None = None,
) -> SummaryRecord:
    return SummaryRecord(
        summary=summary,
        provenance=Provenance(
            source_file=source_file,
            source_sha256="0" * 64,
            cleaned_sha256="1" * 64,
            cleaned_chars=len(SOURCE),
            model=model,
            prompt_version="p1",
            schema_version=SCHEMA_VERSION,
            tool_version="0.1.0",
            attempts=1,
            usage=TokenUsage(),
            strategy="full",
            grounding_policy="drop",
            validation_passed=True,
            timings_ms=timings or {"total": 1.0},
            created_at=created_at,
        ),
    )


def test_the_hand_made_gold_is_itself_grounded() -> None:
    assert check_summary(make_gold(), SOURCE) == []


def test_perfect_match_scores_one_everywhere() -> None:
    result = score(make_gold(), make_gold(), SOURCE)
    overall = result.overall
    assert (overall.tp, overall.fp, overall.fn) == (GOLD_FIELDS, 0, 0)
    assert overall.precision == overall.recall == overall.f1 == 1.0
    for entity in ENTITY_TYPES:
        counts = result.entities[entity]
        assert counts.precision == counts.recall == counts.f1 == 1.0, entity
    assert result.mismatches == []
    assert result.numbers_not_in_source == []


def test_a_missing_fact_lowers_recall_by_its_fields() -> None:
    predicted = make_gold()
    predicted.regulatory_events = []
    result = score(make_gold(), predicted, SOURCE)
    kept = GOLD_FIELDS - EVENT_FIELDS
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (kept, 0, EVENT_FIELDS)
    assert result.overall.recall == pytest.approx(kept / GOLD_FIELDS)
    assert result.overall.precision == 1.0
    events = result.entities["regulatory_events"]
    assert (events.recall, events.precision, events.f1) == (0.0, None, 0.0)


def test_an_extra_fact_lowers_precision_by_its_fields() -> None:
    predicted = make_gold()
    predicted.regulatory_events.append(
        RegulatoryEvent(agency="EMA", action="approval", drug="Zapitinib", evidence=ev(Q_EVENT))
    )
    result = score(make_gold(), predicted, SOURCE)
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (GOLD_FIELDS, 5, 0)
    assert result.overall.precision == pytest.approx(GOLD_FIELDS / (GOLD_FIELDS + 5))
    assert result.overall.recall == 1.0
    extra = [m for m in result.mismatches if m.gold_index is None]
    assert {m.field for m in extra} == {"agency", "action", "drug", "status", "reporting"}


def test_a_rounded_number_is_one_false_positive_and_one_false_negative() -> None:
    gold, predicted = make_gold(), make_gold()
    gold.trials[0].results[0].arm_value = 49.5
    predicted.trials[0].results[0].arm_value = 50
    results = score(gold, predicted, SOURCE).entities["results"]
    assert (results.tp, results.fp, results.fn) == (5, 1, 1)


def test_a_swapped_comparator_gets_both_values_wrong() -> None:
    predicted = make_gold()
    result_fact = predicted.trials[0].results[0]
    result_fact.arm_value, result_fact.comparator_value = 9, 40
    scored = score(make_gold(), predicted, SOURCE)
    results = scored.entities["results"]
    assert (results.tp, results.fp, results.fn) == (4, 2, 2)
    wrong = {m.field: (m.gold, m.predicted) for m in scored.mismatches}
    assert wrong == {"arm_value": (["40"], ["9"]), "comparator_value": (["9"], ["40"])}


def test_values_written_differently_but_equal_score_as_matches() -> None:
    predicted = make_gold()
    event = predicted.regulatory_events[0]
    event.agency = "U.S. Food and Drug Administration"
    event.jurisdiction = "U.S."
    event.date_iso, event.date_as_stated = None, "25 June 2024"  # same date, not ISO
    predicted.drugs[0].targets = ["jak1"]
    predicted.drugs[0].development_codes = ["AC 101"]
    predicted.companies[0].name = "ACME PHARMA INC."
    predicted.companies[0].tickers = [Ticker(exchange="Nasdaq", symbol="acme")]
    predicted.trials[0].design = ["Randomised"]
    predicted.trials[0].results[0].unit = "percent"
    predicted.trials[0].results[0].timepoint = "16 weeks"
    predicted.deals[0].total_value = Money(amount=223000000.0, currency="usd")
    predicted.deals[0].territory = ["the Chinese market"]
    result = score(make_gold(), predicted, SOURCE)
    assert result.mismatches == []
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (GOLD_FIELDS, 0, 0)


def test_normalisers() -> None:
    assert norm_money("$223 million") == (223000000.0, "USD")
    assert norm_money(Money(amount=223000000, currency="USD")) == norm_money("US$223 million")
    assert norm_money("1.2亿元") == (120000000.0, "CNY")
    assert norm_number("40%") == 40.0
    assert norm_number(223000000) == norm_number(223000000.0) == norm_number("223,000,000")
    assert numbers_equal(223000000, 223000000.0)
    assert not numbers_equal(49.5, 50)
    assert norm_date("2024-06-25") == norm_date("June 25, 2024") == "2024-06-25"
    assert norm_date("November 8th, 2023") == norm_date("2023年11月8日") == "2023-11-08"
    assert norm_date("December 2022") == "2022-12"
    assert norm_date("March this year") is None
    assert norm_agency("Center for Drug Evaluation (CDE) of the NMPA") == "CDE"
    assert norm_agency("Hainan Medical Products Administration") == "Hainan MPA"
    assert norm_agency("Pharmaceutical Administration Bureau (ISAF) of Macau") == "ISAF"
    assert norm_place("Hong Kong Special Administrative Region") == norm_place("Hong Kong")
    assert norm_place("North American markets") == norm_place("North America")
    assert norm_timepoint("24 weeks") == norm_timepoint("week 24") == norm_timepoint("24-week")
    assert norm_timepoint("第8週") == norm_timepoint("8周") == norm_timepoint("week 8")
    assert norm_timepoint("12个月") == norm_timepoint("12 months")
    assert norm_timepoint("9月19日") != norm_timepoint("19 days")


def test_endpoints_compare_without_their_articles() -> None:
    assert endpoints_compatible(
        "clinical remission by the modified Mayo score", "clinical remission by modified Mayo score"
    )
    assert endpoints_compatible("ORR", "the overall response rate (ORR)")
    assert not endpoints_compatible("the PFS", "overall survival")


def test_an_unmatched_prediction_is_all_false_positives_and_the_gold_all_false_negatives() -> None:
    predicted = make_gold()
    predicted.drugs[0].name = "Otherinib"
    predicted.drugs[0].development_codes = ["XY-9"]
    drugs = score(make_gold(), predicted, SOURCE).entities["drugs"]
    assert (drugs.tp, drugs.fp, drugs.fn) == (0, 5, 5)


def test_items_pair_by_key_not_by_list_order() -> None:
    gold, predicted = make_gold(), make_gold()
    second = RegulatoryEvent(
        agency="FDA",
        action="approval",
        drug="Zapitinib",
        date_iso="2023-01-02",
        evidence=ev(Q_EVENT),
    )
    gold.regulatory_events.append(second)
    predicted.regulatory_events.insert(0, second.model_copy(deep=True))
    events = score(gold, predicted, SOURCE).entities["regulatory_events"]
    assert (events.fp, events.fn) == (0, 0)


def test_an_event_with_the_wrong_action_but_the_same_date_is_that_event() -> None:
    predicted = make_gold()
    predicted.regulatory_events[0].action = "priority_review"
    scored = score(make_gold(), predicted, SOURCE)
    events = scored.entities["regulatory_events"]
    assert (events.tp, events.fp, events.fn) == (EVENT_FIELDS - 1, 1, 1)
    assert [m.field for m in scored.mismatches] == ["action"]


def test_caveats_score_by_kind_only() -> None:
    predicted = make_gold()
    predicted.caveats[0].description = "Worded quite differently."
    caveats = score(make_gold(), predicted, SOURCE).entities["caveats"]
    assert (caveats.tp, caveats.fp, caveats.fn) == (1, 0, 0)


def _grounding_example() -> PressReleaseSummary:
    return PressReleaseSummary(
        document=DocumentInfo(),
        headline="",
        summary="",
        drugs=[Drug(name="Zapitinib", evidence=ev(Q_DRUG))],  # exact
        companies=[
            # straight quotes for the source's curly ones: normalised
            Company(name="Acme", evidence=ev('"This is a new standard of care," said the chief'))
        ],
        trials=[
            Trial(
                drug="Zapitinib",
                enrolled=250,  # the source says 200
                sites=20,
                # one letter changed: fuzzy
                evidence=ev("In the randomised Phase 3 ZEN-1 trial of 200 patients at 20 sites"),
            )
        ],
        caveats=[
            Caveat(
                kind="other",
                description="invented",
                evidence=[
                    # claims to be exact; the scorer aligns it again and finds nothing
                    Evidence(quote="Zapitinib cured every patient in the trial", alignment="exact")
                ],
            )
        ],
    )


def test_grounding_is_recomputed_against_the_source() -> None:
    predicted = _grounding_example()
    result = score(make_gold(), predicted, SOURCE)
    assert result.grounding == Grounding(exact=1, normalised=1, fuzzy=1, unaligned=1)
    assert result.grounding.grounded_rate == 0.75
    assert predicted.drugs[0].evidence[0].alignment is None  # the prediction is not modified


def test_numbers_not_in_the_source_are_counted() -> None:
    result = score(make_gold(), _grounding_example(), SOURCE)
    assert result.numbers_checked == 2
    assert result.numbers_not_in_source == ["trials[0].enrolled = 250"]


def test_no_source_skips_grounding() -> None:
    result = score(make_gold(), make_gold(), None)
    assert result.grounding is None
    assert result.numbers_checked == 0


# ---------------------------------------------------------------------------
# Runs on disk


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    gold = tmp_path / "gold"
    gold.mkdir()
    for stem in ("doc1", "doc2"):
        (gold / f"{stem}.json").write_text(make_gold().model_dump_json(indent=2))
    return gold


@pytest.fixture
def source_file(tmp_path: Path) -> Path:
    source = tmp_path / "sources" / "doc1.txt"
    source.parent.mkdir()
    source.write_text(SOURCE, encoding="utf-8")
    return source


def test_score_run_reads_a_run_folder(gold_dir: Path, source_file: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    predicted = make_gold()
    predicted.trials[0].enrolled = 250
    write_record(make_record(predicted, str(source_file)), run / "doc1.json")
    write_record(make_record(make_gold(), "elsewhere/doc3.txt"), run / "doc3.json")
    result = score_run(gold_dir, run)
    assert [document.document for document in result.documents] == ["doc1", "doc2"]
    doc1, doc2 = result.documents
    assert doc1.source_file == str(source_file)
    assert doc1.numbers_not_in_source == ["trials[0].enrolled = 250"]
    assert doc1.grounding is not None and doc1.grounding.exact == doc1.grounding.quotes == 7
    assert (doc1.overall.tp, doc1.overall.fp, doc1.overall.fn) == (GOLD_FIELDS - 1, 1, 1)
    assert not doc2.predicted and doc2.overall.fn == GOLD_FIELDS and doc2.overall.fp == 0
    assert result.missing == ["doc2"] and result.extra == ["doc3"]
    assert result.overall.tp == GOLD_FIELDS - 1 and result.overall.fn == 1 + GOLD_FIELDS
    assert result.numbers_not_in_source == 1


def test_score_run_reads_a_batch_folder_and_falls_back_to_seeds(
    gold_dir: Path, source_file: Path, tmp_path: Path
) -> None:
    run = tmp_path / "batch"
    # The batch ran elsewhere: its source path no longer exists, so seeds/<stem>.txt is used.
    record = make_record(make_gold(), "gone/doc1.txt")
    write_record(record, run / "summaries" / "gone" / "doc1.txt.json")
    (run / "summaries.jsonl").write_text("{}\n")
    result = score_run(gold_dir, run, seeds_dir=source_file.parent)
    doc1 = result.documents[0]
    assert doc1.predicted and doc1.source_file == str(source_file)
    assert doc1.overall.f1 == 1.0 and doc1.grounding is not None


def test_render_table_has_a_row_per_entity_and_the_checks(
    gold_dir: Path, source_file: Path, tmp_path: Path
) -> None:
    run = tmp_path / "run"
    write_record(make_record(make_gold(), str(source_file)), run / "doc1.json")
    table = render_table(score_run(gold_dir, run))
    for entity in (*ENTITY_TYPES, "overall"):
        assert any(line.startswith(entity) for line in table.splitlines()), entity
    assert "grounding: 100.0% of 7 predicted quotes" in table
    assert "numbers not in source: 0 of 5" in table
    assert "missing (scored as empty): doc2" in table


def test_eval_command(gold_dir: Path, source_file: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    write_record(make_record(make_gold(), str(source_file)), run / "doc1.json")
    result = evaluate_run(gold_dir, run)
    assert "overall" in render_table(result)
    data = json.loads(result.model_dump_json())
    assert data["overall"]["tp"] == GOLD_FIELDS and data["documents"][0]["document"] == "doc1"


def test_eval_command_refuses_missing_or_empty_folders(gold_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    run = tmp_path / "run"
    write_record(make_record(make_gold(), None), run / "doc1.json")
    for gold, run_dir in (
        (tmp_path / "nowhere", run),
        (empty, run),
        (gold_dir, tmp_path / "nowhere"),
        (gold_dir, empty),
    ):
        with pytest.raises(ConfigurationError) as refused:
            evaluate_run(gold, run_dir)
        assert "\n" not in str(refused.value)
    (empty / "bad.json").write_text("{}")
    with pytest.raises(ConfigurationError, match="not a valid summary"):
        evaluate_run(empty, run)
