"""Results read by code from prose and tables, and what statements say of endpoints."""

from __future__ import annotations

from schemas.enums import EffectMeasure
from summarise.strategies.candidates import (
    defined_abbreviations,
    find_endpoint_statements,
    find_results,
    find_table_results,
    is_bullet,
    merge_results,
    settle,
    split_sentences,
)
from summarise.strategies.candidates.results import Effect


def _results(text: str):
    sentences = split_sentences(text)
    return find_results(sentences, defined_abbreviations(sentences))


def _one(text: str):
    (result,) = _results(text)
    return result


def test_arm_and_comparator_values_with_effect_p_value_and_timepoint() -> None:
    result = _one(
        "Median overall survival was 13.4 months with X versus 9.1 months with sorafenib "
        "(HR 0.71; 95% CI, 0.59-0.86; p=0.0004)."
    )
    assert (result.endpoint, result.arm_value, result.unit) == (
        "Median overall survival",
        13.4,
        "months",
    )
    assert (result.comparator_value, result.comparator) == (9.1, "sorafenib")
    assert result.effect == Effect(EffectMeasure.HAZARD_RATIO, 0.71, 0.59, 0.86)
    assert (result.p_value, result.p_operator) == (0.0004, "=")
    result = _one(
        "At week 16, 68.5% of patients achieved EASI-75 compared with 23.1% of patients "
        "receiving placebo (p<0.0001)."
    )
    assert (result.endpoint, result.timepoint, result.comparator) == (
        "EASI-75",
        "week 16",
        "placebo",
    )
    assert (result.arm_value, result.comparator_value, result.p_operator) == (68.5, 23.1, "<")


def test_endpoint_constructions() -> None:
    assert _one("The confirmed ORR was 38.2% (95% CI: 29.0, 48.1).").effect == Effect(
        EffectMeasure.OTHER, 38.2, 29.0, 48.1
    )  # a single-arm estimate's CI
    assert _one("X reduced proteinuria by 41.0% from baseline.").endpoint == "proteinuria"
    assert _one("- Pain score improved by 3.1 points with X.").endpoint == "Pain score"
    assert _one("Sustained remission was observed in 31% of patients.").endpoint == (
        "Sustained remission"
    )
    assert _one("The drug achieved a 55% response rate at 12 weeks.").endpoint == "response rate"
    assert _one("In all, 4 complete responses were observed.").unit == "patients"
    assert _one("The 50% responder rate was 52.1% with X and 28.4% with placebo.").endpoint == (
        "50% responder rate"
    )
    assert [r.endpoint for r in _results("X demonstrated an ORR of 62% and a DCR of 88%.")] == [
        "ORR",
        "DCR",
    ]
    assert (
        _one("A 35% reduction in LDL-C was observed at week 12.").endpoint == "reduction in LDL-C"
    )
    # A baseline is no result: "decreased by 1.9% from a baseline of 8.2%".
    assert _one("Mean HbA1c decreased by 1.9% from a baseline of 8.2%.").arm_value == 1.9


def test_a_responder_threshold_names_the_endpoint_with_its_scale() -> None:
    results = _results(
        "At week 24, 40.0% of patients had a 75% improvement in the Eczema Area and Severity "
        "Index (EASI), with 25.5% improving by 90%."
    )
    assert [(r.endpoint, r.arm_value, r.timepoint) for r in results] == [
        ("EASI75", 40.0, "week 24"),
        ("EASI90", 25.5, "week 24"),
    ]


def test_a_relative_reduction_against_a_comparator_is_no_arm_value() -> None:
    result = _one(
        "X reduced the risk of hospitalisation by 60% compared with placebo (HR 0.40; 95% CI "
        "0.25-0.64)."
    )
    assert (result.arm_value, result.unit, result.comparator) == (None, None, "placebo")
    assert result.effect == Effect(EffectMeasure.HAZARD_RATIO, 0.40, 0.25, 0.64)
    assert _results("X reduced the rate of flares by 38% compared with placebo.") == []
    assert _results("There was a 38% reduction in flares compared with placebo.") == []
    # A response rate against a comparator is still the arm's rate.
    assert _one("X achieved a 55% response rate compared with placebo.").arm_value == 55.0


def test_a_difference_more_than_placebo() -> None:
    result = _one("X increased walking distance by 42 minutes more than placebo at week 12.")
    assert result.arm_value is None and result.unit == "minutes"
    assert result.effect == Effect(EffectMeasure.DIFFERENCE, 42.0)
    assert (result.comparator, result.timepoint) == ("placebo", "week 12")


def test_chinese_korean_and_japanese_results() -> None:
    results = _results("中位无进展生存期（mPFS）为8.2个月，对照组为4.1个月（HR=0.55，p<0.001）。")
    assert [
        (r.endpoint, r.arm_value, r.unit, r.comparator_value, r.comparator) for r in results
    ] == [("mPFS", 8.2, "months", 4.1, "control")]
    result = _one("24주차 PASI 75 달성률은 78.2%로 위약군(8.5%) 대비 유의하게 높았다.")
    assert (result.endpoint, result.comparator_value, result.comparator) == (
        "PASI 75 달성률",
        8.5,
        "placebo",
    )
    result = _one(
        "主要評価項目である奏効率は45.3%であり、プラセボ群の12.1%と比較して有意に高かった。"
    )
    assert (result.arm_value, result.comparator_value, result.is_primary) == (45.3, 12.1, True)


def test_what_is_not_a_result() -> None:
    text = (
        "Revenue grew 25% to $120 million.\n"
        "Approximately 30% of patients with the disease carry the mutation.\n"
        "Serious adverse events occurred in 12% of patients.\n"
        "This represents a 90% improvement over current treatment standards.\n"
        "Historically, response rates of 20% have been reported with chemotherapy.\n"
        "The study has 90% power to detect a 15% improvement in response rate.\n"
        "Patients received 10 mg/kg every three weeks.\n"
        "The company's shares rose 15% after the announcement.\n"
        "Of the 30 patients, 10 (33%) responded.\n"
    )
    assert _results(text) == []


def test_roles_from_the_results_own_sentence_and_the_next() -> None:
    text = (
        "The trial met its primary endpoint: at month 6, X reduced proteinuria by 40% from "
        "baseline compared with 5% for placebo (p<0.001).\n"
        "In key secondary analyses, the response rate was 61% versus 22% with placebo.\n"
        "X lowered liver fat by 30% at week 12, compared with 4% for placebo.\n"
        "This exploratory endpoint was not adjusted for multiplicity.\n"
    )
    results = _results(text)
    assert [(r.is_primary, r.primary_endpoint_met) for r in results] == [
        (True, True),
        (False, None),
        (False, None),
    ]
    assert results[2].sentence_indexes == (2, 3)


def _settled(text: str):
    sentences = split_sentences(text)
    results = merge_results(find_results(sentences, defined_abbreviations(sentences)))
    statements = find_endpoint_statements(sentences)
    return settle(results, statements, {s.index for s in sentences if is_bullet(s.text)})


def test_statements_settle_primary_and_met() -> None:
    settled = _settled(
        "The trial did not meet its primary endpoint.\n"
        "The change from baseline in the disease score at week 24 was -3.1 points with X versus "
        "-2.9 points with placebo (p=0.61).\n"
    )
    assert [(r.is_primary, r.primary_endpoint_met, r.sentence_indexes) for r in settled] == [
        (True, False, (1, 0))
    ]
    settled = _settled(
        "The trial met both co-primary endpoints at week 16:\n"
        "- Itch score improved by 4.2 points with X versus 1.1 points with placebo.\n"
        "- Lesion score improved by 3.0 points with X versus 0.8 points with placebo.\n"
    )
    assert [(r.is_primary, r.primary_endpoint_met, r.timepoint) for r in settled] == [
        (True, True, "week 16"),
        (True, True, "week 16"),
    ]


def test_a_declared_primary_endpoint_without_value_is_a_result() -> None:
    settled = _settled(
        "The primary endpoint is the overall response rate (ORR) at 6 months.\n"
        "The major efficacy outcome measures were ORR and DOR.\n"
    )
    assert [(r.endpoint, r.is_primary, r.timepoint, r.arm_value) for r in settled] == [
        ("overall response rate (ORR)", True, "6 months", None),
        ("DOR", True, None, None),
    ]
    settled = _settled(
        "The primary endpoint was the change from baseline in monthly migraine days.\n"
        "Patients had a 45% reduction in monthly migraine days compared with 20% for placebo.\n"
    )
    assert [(r.endpoint, r.is_primary) for r in settled] == [
        ("reduction in monthly migraine days", True)
    ]


def test_a_value_stated_twice_is_one_result() -> None:
    settled = _settled(
        "- ORR of 44%.\nThe objective response rate (ORR) was 44% in the efficacy population.\n"
    )
    assert [(r.endpoint, r.sentence_indexes) for r in settled] == [
        ("objective response rate (ORR)", (0, 1))
    ]


def test_table_rows_with_their_header() -> None:
    text = (
        "Progression-free survival (PFS) was the primary endpoint.\n"
        "| Endpoint | Drug X (n=200) | Placebo (n=100) | Hazard ratio (95% CI) | p-value |\n"
        "|---|---|---|---|---|\n"
        "| Median PFS, months (primary endpoint) | 9.2 | 4.4 | 0.51 (0.40–0.66) | <0.001 |\n"
        "| ORR, % (secondary endpoint) | 35.0 | 12.0 | – | 0.002 |\n"
    )
    sentences = split_sentences(text)
    rows = find_table_results(sentences, defined_abbreviations(sentences))
    assert [(r.endpoint, r.arm_value, r.comparator_value, r.comparator, r.unit) for r in rows] == [
        ("Median progression-free survival (PFS)", 9.2, 4.4, "Placebo", "months"),
        ("ORR", 35.0, 12.0, "Placebo", "%"),
    ]
    assert rows[0].effect == Effect(EffectMeasure.HAZARD_RATIO, 0.51, 0.40, 0.66)
    assert [(r.p_value, r.p_operator, r.is_primary) for r in rows] == [
        (0.001, "<", True),
        (0.002, "=", False),
    ]
    assert rows[0].sentence_indexes == (3, 1)  # the row, then its header
    assert find_results(sentences) == []  # rows are not read as prose


def test_a_table_without_header_gives_nothing() -> None:
    sentences = split_sentences("| ORR | 35.0 | 12.0 |\n| DCR | 80.0 | 40.0 |\n")
    assert find_table_results(sentences, {}) == []


def test_a_pdf_table_whose_cells_are_joined_with_spaces() -> None:
    text = (
        "Table 2. Efficacy\n"
        "Endpoint Drug X (n=120) Placebo (n=60) Hazard ratio (95% CI) p-value\n"
        "Median OS, months (primary endpoint) 15.1 11.0 0.70 (0.52–0.94) 0.018\n"
        "DCR, % 71.0 48.3 – 0.004\n"
        "OS, overall survival.\n"
        "Median OS, months 16.0 12.0\n"
    )
    sentences = split_sentences(text)
    rows = find_table_results(sentences, {})
    assert [(r.endpoint, r.arm_value, r.comparator_value, r.comparator, r.unit) for r in rows] == [
        ("Median OS", 15.1, 11.0, "Placebo", "months"),
        ("DCR", 71.0, 48.3, "Placebo", "%"),
    ]
    assert rows[0].effect == Effect(EffectMeasure.HAZARD_RATIO, 0.70, 0.52, 0.94)
    assert (rows[0].p_value, rows[0].p_operator, rows[1].p_value) == (0.018, "=", 0.004)
