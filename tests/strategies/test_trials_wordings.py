"""Trials in wordings the first finders missed: names in apposition, in brackets and after a
code label, phases in Chinese numerals, counts in other constructions, statuses still to
come, and lists of development stages, which are no trials."""

from __future__ import annotations

from summarise.strategies.candidates import find_trials, split_sentences


def _trials(text: str, aliases: dict[str, str] | None = None):
    return find_trials(split_sentences(text), aliases or {})


def test_a_name_before_its_phase_or_in_apposition_keeps_each_trial_its_counts() -> None:
    text = (
        "KESTREL-1 Phase 3 study of X meets its primary endpoint.\n"
        "Results came from KESTREL-1, the first of two Phase 3 studies of X in asthma. "
        "KESTREL-1 enrolled 1,210 former or current smokers with asthma at 290 sites.\n"
        "KESTREL-2, the replicate Phase 3 study, completed enrolment of 1,180 participants in "
        "March 2025."
    )
    trials = _trials(text)
    assert [(t.identifier, t.phase_hints, t.counts) for t in trials] == [
        ("KESTREL-1", ("phase_3",), {"enrolled": (1210,), "sites": (290,)}),
        ("KESTREL-2", ("phase_3",), {"enrolled": (1180,)}),
    ]
    (trial,) = _trials(
        "The Phase 2a study, HARBOR-UC, is planned to enrol approximately 80 patients at "
        "around 30 sites."
    )
    assert (trial.identifier, trial.counts) == ("HARBOR-UC", {"planned": (80,), "sites": (30,)})


def test_expected_to_complete_enrollment_is_a_plan_and_no_status() -> None:
    (trial,) = _trials(
        "A second Phase 3 trial, WREN-2, is enrolling patients and is expected to complete "
        "enrollment of approximately 400 patients in mid-2026."
    )
    assert (trial.identifier, trial.phase_hints) == ("WREN-2", ("phase_3",))
    assert trial.counts == {"planned": (400,)}
    assert trial.status_hint is None
    (trial,) = _trials("The Phase 2 trial has completed enrollment of 96 patients.")
    assert (trial.counts, trial.status_hint) == ({"enrolled": (96,)}, "enrollment complete")


def test_counts_in_other_constructions() -> None:
    (trial,) = _trials(
        "HALO-7 (NCT01234567) was a double-blind Phase 2/3 study in which 150 adults received "
        "X or placebo at 30 sites."
    )
    assert trial.counts == {"enrolled": (150,), "sites": (30,)}
    (trial,) = _trials(
        "**FJORD enrollment complete.** The company completed enrollment in FJORD (NCT07654321), "
        "its Phase 2b trial of X, with 310 participants at 70 sites."
    )
    assert (trial.identifier, trial.counts) == (
        "FJORD (NCT07654321)",
        {"enrolled": (310,), "sites": (70,)},
    )
    (trial,) = _trials("- Planned enrollment: approximately 60 participants at three U.S. sites")
    assert trial.counts == {"planned": (60,), "sites": (3,)}
    (trial,) = _trials("The Phase 3 trial, with 20 patients achieving remission, continues.")
    assert "enrolled" not in trial.counts


def test_cjk_names_phases_and_counts() -> None:
    (trial,) = _trials(
        "本次核准係依據第三期臨床試驗（試驗代號：XY101-301）結果。該試驗於共40個試驗中心收納300名受試者。"
    )
    assert (trial.identifier, trial.phase_hints) == ("XY101-301", ("phase_3",))
    assert trial.counts == {"enrolled": (300,), "sites": (40,)}
    (trial,) = _trials(
        "此次批准基于一项单臂II期关键性注册临床研究（XY101-201，ClinicalTrials.gov注册号：NCT01234567）。"
    )
    assert (trial.identifier, trial.phase_hints) == ("XY101-201 (NCT01234567)", ("phase_2",))
    (trial,) = _trials(
        "国内第III相臨床試験（XY101-J301試験）の成績に基づきます。本試験は成人患者40例を対象とした単群試験です。"
    )
    assert (trial.identifier, trial.counts) == ("XY101-J301", {"enrolled": (40,)})


def test_a_list_of_development_stages_is_no_trial() -> None:
    assert _trials("預計進行之研發階段：第一期臨床試驗、第二期臨床試驗、第三期臨床試驗。") == []
    assert (
        _trials("The company runs Phase 1, Phase 2 and Phase 3 trials across its pipeline.") == []
    )


def test_yaml_front_matter_is_no_evidence() -> None:
    text = (
        "---\n"
        'title: "Acme Presents Phase 2 Data for X"\n'
        "date: 2025-12-08\n"
        "---\n"
        "# Acme Presents Phase 2 Data for X\n"
        "PIKE-201 (NCT01234567) is an open-label Phase 2 study.\n"
    )
    sentences = split_sentences(text)
    (trial,) = find_trials(sentences, {})
    assert all(not sentences[i].text.startswith("title:") for i in trial.sentence_indexes)
    assert trial.identifier == "PIKE-201 (NCT01234567)"
    assert _trials("---\nThe Phase 2 trial enrolled 40 patients.\n") != []  # unclosed: none


def test_an_approximate_count_while_enrolment_is_under_way_is_the_target() -> None:
    (trial,) = _trials(
        "The Phase 2 cohort, evaluating 200 mg in approximately 100 patients, began enrolling "
        "in October."
    )
    assert trial.counts == {"planned": (100,)}
    (trial,) = _trials("The Phase 2 trial, evaluating 200 mg in 96 patients, is enrolling.")
    assert trial.counts == {"enrolled": (96,)}
