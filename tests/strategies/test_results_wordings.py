"""Results in wordings the first finders missed: rates per patient-year and volumes with the
comparator's value bare, effects stated without an arm value, outcomes named in apposition,
and quotations, which state no result."""

from __future__ import annotations

from schemas.enums import EffectMeasure
from summarise.strategies.candidates import (
    defined_abbreviations,
    find_endpoint_statements,
    find_results,
    find_table_results,
    settle,
    split_sentences,
)
from summarise.strategies.candidates.endpoints import endpoints_match
from summarise.strategies.candidates.results import Effect
from tests.strategies.test_results import _one, _results


def test_a_rate_per_patient_year_with_a_bare_comparator_value_and_a_rate_ratio() -> None:
    result = _one(
        "Over 24 weeks, the annualized rate of flares was 1.40 events per patient-year with "
        "X and 2.10 with placebo, a rate ratio of 0.67 (95% CI 0.52–0.86; p=0.002)."
    )
    assert (result.endpoint, result.arm_value, result.unit) == (
        "annualized rate of flares",
        1.40,
        "events per patient-year",
    )
    assert (result.comparator_value, result.comparator) == (2.10, "placebo")
    assert result.effect == Effect(EffectMeasure.OTHER, 0.67, 0.52, 0.86)
    assert (result.p_value, result.timepoint) == (0.002, "24 weeks")


def test_a_change_from_baseline_in_millilitres_with_its_difference() -> None:
    result = _one(
        "At week 24, trough FVC improved from baseline by 88 mL with X and by 40 mL with "
        "placebo; the difference of 48 mL (95% CI 10 to 86; p=0.01) was significant."
    )
    assert (result.endpoint, result.arm_value, result.comparator_value) == ("trough FVC", 88, 40)
    assert result.unit == "mL"
    assert result.effect == Effect(EffectMeasure.DIFFERENCE, 48.0, 10.0, 86.0)


def test_an_effect_without_arm_values_names_its_endpoint_before_it() -> None:
    result = _one(
        "The time to first relapse was longer with X (hazard ratio 0.72; 95% CI 0.60–0.88; "
        "nominal p=0.004)."
    )
    assert result.endpoint == "time to first relapse"
    assert (result.arm_value, result.unit, result.comparator) == (None, None, None)
    assert result.effect == Effect(EffectMeasure.HAZARD_RATIO, 0.72, 0.60, 0.88)
    assert (result.p_value, result.p_operator) == (0.004, "=")
    result = _one(
        "In the subgroup with high IgE, the flare rate ratio was 0.55 (95% CI 0.40–0.75)."
    )
    assert (result.endpoint, result.is_primary) == ("flare rate", False)
    assert result.effect == Effect(EffectMeasure.OTHER, 0.55, 0.40, 0.75)
    assert _results("The company was founded in 2004 (hazard ratio 0.8).") == []


def test_a_quotation_states_no_result() -> None:
    text = (
        '"A 30% reduction in flares matters to patients," said the Chief Medical Officer. '
        "“We saw 40% fewer relapses. The response rate was 52% in our view.” "
        "The response rate was 47% at week 12."
    )
    (result,) = _results(text)
    assert (result.arm_value, result.timepoint) == (47, "week 12")


def test_an_outcome_names_its_endpoint_in_apposition_or_before_the_noun() -> None:
    text = (
        "X significantly reduced the rate of flares, one of the two primary endpoints. "
        "The trial did not meet its other primary endpoint, the change in forced vital "
        "capacity (FVC). "
        "Because the FVC co-primary endpoint was not met, secondary endpoints are nominal. "
        "The annualized rate of flares was 1.4 events per patient-year with X versus 2.1 with "
        "placebo. "
        "Trough FVC improved from baseline by 88 mL with X and by 70 mL with placebo."
    )
    sentences = split_sentences(text)
    statements = find_endpoint_statements(sentences)
    assert [s.endpoints for s in statements] == [
        (),
        ("change in forced vital capacity (FVC)",),
        ("FVC",),
    ]
    assert [s.declared for s in statements] == [False, False, False]
    settled = settle(find_results(sentences, {}), statements, set())
    assert [(r.endpoint, r.is_primary, r.primary_endpoint_met) for r in settled] == [
        ("annualized rate of flares", True, True),
        ("Trough FVC", True, False),
    ]


def test_an_abbreviation_in_brackets_matches_the_endpoint_using_it() -> None:
    assert endpoints_match("change in forced vital capacity (FVC)", "trough FVC")
    assert not endpoints_match("change in forced vital capacity (FVC)", "trough FEV1")


def test_cjk_arm_labels_are_arms_of_the_endpoint_named_before_them() -> None:
    result = _one(
        "主要療效指標為第12週達到皮膚清除（PGA）之受試者比例，甲藥組為41.2%，賦形劑組為12.5%"
        "（p<0.001）。"
    )
    assert (result.endpoint, result.arm_value, result.unit) == ("PGA", 41.2, "%")
    assert (result.comparator_value, result.comparator, result.timepoint) == (
        12.5,
        "vehicle",
        "第12週",
    )
    assert (result.p_value, result.is_primary) == (0.001, True)
    assert [r.endpoint for r in _results("高劑量組為41.2%，低劑量組為30.1%。")] == []


def test_a_responder_threshold_is_part_of_the_endpoint() -> None:
    result = _one(
        "次要療效指標第12週濕疹面積指數改善達90%（EASI-90）之比例，甲藥組為30.5%，安慰劑組為8.1%。"
    )
    assert (result.endpoint, result.arm_value, result.comparator_value) == ("EASI-90", 30.5, 8.1)
    assert result.is_primary is False
    assert 90 not in [r.arm_value for r in _results("A 90% (PASI-90) response was seen in 41%.")]


def test_patients_on_an_arm_take_the_endpoint_of_the_clause_before() -> None:
    result = _one(
        "On the primary endpoint, the change from baseline in the Unified Rating Scale for "
        "Tremor and Gait (URSTG) total score at week 24, patients on X worsened by a mean of "
        "0.8 points compared with 2.1 points on placebo."
    )
    assert (result.endpoint, result.timepoint) == (
        "change from baseline in URSTG total score",
        "week 24",
    )
    assert (result.arm_value, result.comparator_value, result.comparator) == (0.8, 2.1, "placebo")
    assert _results("Patients on X worsened by a mean of 0.8 points.") == []


def test_effects_and_intervals_in_other_places() -> None:
    text = (
        "The mean change in total symptom score at week 24 was 2.2 points with X versus 1.1 "
        "points with placebo. The difference of 1.1 points (95% CI −0.2 to 2.4) "
        "was not statistically significant (p=0.09)."
    )
    (result,) = _results(text)
    assert result.effect == Effect(EffectMeasure.DIFFERENCE, 1.1, -0.2, 2.4)
    assert (result.p_value, result.sentence_indexes) == (0.09, (0, 1))
    result = _one(
        "X increased walking time by 0.3 minutes more than placebo (95% CI 0.1 to 0.5; p=0.01)."
    )
    assert result.effect == Effect(EffectMeasure.DIFFERENCE, 0.3, 0.1, 0.5)
    result = _one("客观缓解率（ORR）为55.0%（95% CI：44.1%-65.5%）。")
    assert result.effect == Effect(EffectMeasure.OTHER, 55.0, 44.1, 65.5)
    result = _one("中位缓解持续时间尚未达到，24个月OS率为61.0%。")
    assert (result.arm_value, result.timepoint) == (61.0, "24个月")
    assert _one("中位无进展生存期（PFS）为12个月。").timepoint is None


def test_a_change_from_a_period_to_the_arm_value() -> None:
    result = _one(
        "The mean annualized infusion rate fell from 8.2 during prophylaxis to 2.0 after "
        "treatment (rate ratio 0.24; 95% CI 0.12–0.48; p<0.001)."
    )
    assert (result.endpoint, result.arm_value, result.comparator_value) == (
        "mean annualized infusion rate",
        2.0,
        8.2,
    )
    assert result.comparator == "prophylaxis"
    assert result.effect == Effect(EffectMeasure.OTHER, 0.24, 0.12, 0.48)
    assert _one("Mean enzyme activity was 41.5% of normal at month 6.").endpoint == (
        "Mean enzyme activity"
    )
    assert _results("Headcount rose from 40 to 55 over the year.") == []


def test_list_items_label_primary_and_secondary_endpoints() -> None:
    text = (
        "The Phase 2 trial has completed enrollment:\n"
        "- Primary endpoint: percent change from baseline in LDL-C at month 6\n"
        "- Key secondary endpoint: incidence of cardiovascular events over 12 months\n"
        "- Primary endpoint: safety and tolerability"
    )
    sentences = split_sentences(text)
    statements = find_endpoint_statements(sentences)
    assert [(s.endpoints, s.primary, s.declared, s.timepoint) for s in statements] == [
        (("percent change from baseline in LDL-C",), True, True, "month 6"),
        (("incidence of cardiovascular events",), False, True, "12 months"),
        (("safety and tolerability",), True, True, None),
    ]
    settled = settle([], statements, set())
    assert [(r.endpoint, r.is_primary, r.arm_value) for r in settled] == [
        ("percent change from baseline in LDL-C", True, None),
        ("incidence of cardiovascular events", False, None),
        ("safety and tolerability", True, None),
    ]
    (statement,) = find_endpoint_statements(
        split_sentences("The trial met its primary endpoint: at month 9, 41% responded.")
    )
    assert not statement.declared


def test_a_unit_ends_where_cjk_text_begins() -> None:
    result = _one("主要評価項目であるヘモグロビン値の平均変化量は2.1 g/dLでした。")
    assert (result.arm_value, result.unit) == (2.1, "g/dL")


def test_a_markdown_table_of_two_doses_side_by_side() -> None:
    text = (
        "| Endpoint | 100 mg QD (n=30) | 200 mg QD (n=32) |\n"
        "| :--- | :---: | :---: |\n"
        "| CR + PR rate, % (95% CI) | 40.0 (22.7–59.4) | 50.0 (31.9–68.1) |\n"
        "| Median time to CR/PR, months | 2.1 | 1.9 |\n"
        "*CR, complete response; PR, partial response.*\n"
    )
    sentences = split_sentences(text)
    abbreviations = defined_abbreviations(sentences)
    assert abbreviations["CR"] == "complete response"
    assert abbreviations["PR"] == "partial response"
    rows = find_table_results(sentences, abbreviations)
    assert [(r.endpoint, r.arm_value, r.unit, r.comparator) for r in rows] == [
        ("CR + PR rate (100 mg QD)", 40.0, "%", None),
        ("CR + PR rate (200 mg QD)", 50.0, "%", None),
        ("Median time to CR/PR (100 mg QD)", 2.1, "months", None),
        ("Median time to CR/PR (200 mg QD)", 1.9, "months", None),
    ]
    assert rows[0].effect == Effect(EffectMeasure.OTHER, 40.0, 22.7, 59.4)
    assert rows[2].effect is None


def test_a_markdown_subtitle_gives_its_endpoint_without_emphasis() -> None:
    assert _one("*ORR of 45.0% at the recommended dose; expansion cohort enrolling*").endpoint == (
        "ORR"
    )


def test_lowered_by_a_mean_of() -> None:
    result = _one(
        "X lowered serum uric acid by a mean of 41% from baseline, versus 4% with placebo."
    )
    assert (result.endpoint, result.arm_value, result.comparator_value) == (
        "serum uric acid",
        41.0,
        4.0,
    )


def test_an_abbreviation_skips_the_minor_words_of_its_spelling() -> None:
    sentences = split_sentences(
        "Scores on the Scale for the Assessment and Rating of Ataxia (SARA) improved."
    )
    assert defined_abbreviations(sentences)["SARA"] == (
        "Scale for the Assessment and Rating of Ataxia"
    )
