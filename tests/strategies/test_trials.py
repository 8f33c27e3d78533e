"""Trials found by code: one per name, phase, indication and cohort, with what each states."""

from __future__ import annotations

from summarise.strategies.candidates import find_trials, split_sentences, trial_for


def _trials(text: str, aliases: dict[str, str] | None = None):
    sentences = split_sentences(text)
    return sentences, find_trials(sentences, aliases or {})


def test_named_trial_with_registry_number_design_and_counts() -> None:
    _, (trial,) = _trials(
        "The approval rests on HERON-3 (NCT01234567), a randomised, double-blind, multicentre "
        "Phase 3 trial that enrolled 512 patients with moderate plaque psoriasis at 88 sites."
    )
    assert trial.identifier == "HERON-3 (NCT01234567)"
    assert trial.phase_hints == ("phase_3",)
    assert trial.design == ("randomized", "double-blind", "multi-center")
    assert trial.counts == {"enrolled": (512,), "sites": (88,)}
    assert trial.indication == "moderate plaque psoriasis"


def test_planned_enrolment_is_never_enrolled() -> None:
    _, (trial,) = _trials(
        "The Phase 2 study is aiming to enroll approximately 240 participants at 30 centers."
    )
    assert trial.counts == {"planned": (240,), "sites": (30,)}
    _, (trial,) = _trials(
        "As of May 1, the Phase 3 trial had enrolled 150 of a planned 300 patients."
    )
    assert trial.counts == {"enrolled": (150,), "planned": (300,)}


def test_later_sentences_refer_to_the_trial_last_named() -> None:
    text = (
        "The Phase 2 LARK-2 trial evaluated ABC-12 in patients with gout.\n"
        "The confirmatory Phase 3 LARK-3 trial is a global, open-label study.\n"
        "The trial plans to enroll approximately 600 patients at 140 sites.\n"
    )
    _, trials = _trials(text, {"ABC-12": "ABC-12"})
    assert [(t.identifier, t.phase_hints) for t in trials] == [
        ("LARK-2", ("phase_2",)),
        ("LARK-3", ("phase_3",)),
    ]
    assert trials[0].counts == {}
    assert trials[1].counts == {"planned": (600,), "sites": (140,)}
    assert set(trials[1].design) == {"confirmatory", "global", "open-label"}


def test_one_sentence_can_name_several_trials_each_with_its_indication() -> None:
    _, trials = _trials(
        "The pipeline includes ongoing Phase 3 trials in Crohn's disease, Phase 2 studies for "
        "lupus nephritis, and investigator-initiated Phase 2 trials for hidradenitis suppurativa."
    )
    assert [(t.phase_hints, t.indication, t.design) for t in trials] == [
        (("phase_3",), "Crohn's disease", ()),
        (("phase_2",), "lupus nephritis", ()),
        (("phase_2",), "hidradenitis suppurativa", ("investigator-initiated",)),
    ]


def test_planned_trials_doses_and_meetings_are_not_trials() -> None:
    text = (
        "The company plans to start a Phase 3 trial in 2026.\n"
        "It selected 20 mg as the recommended Phase 2 dose.\n"
        "It will request an End-of-Phase 2 meeting with the FDA.\n"
        "The partner may opt out before the start of Phase 3.\n"
        "If the IND is cleared, a Phase 1 trial could begin next year.\n"
        "XYZ-9 is the company's preclinical antibody.\n"
    )
    assert _trials(text)[1] == []


def test_cohorts_of_one_trial_are_trials_of_their_own() -> None:
    text = (
        "Data came from the Phase 1/2 ORBIT-101 trial (NCT09876543), a global, open-label trial.\n"
        "Cohort A - metastatic pancreatic cancer, 6 mg/kg\n"
        "Cohort A enrolled 30 patients with metastatic pancreatic cancer.\n"
        "In Cohort A, the ORR was 20.0%.\n"
        "Cohort B - recurrent glioblastoma, 8 mg/kg\n"
        "Cohort B enrolled 25 patients with recurrent glioblastoma.\n"
        "In Cohort B, the ORR was 12.0%.\n"
    )
    _, trials = _trials(text)
    assert [(t.identifier, t.indication, t.counts) for t in trials] == [
        ("ORBIT-101 (NCT09876543)", "metastatic pancreatic cancer", {"enrolled": (30,)}),
        ("ORBIT-101 (NCT09876543)", "recurrent glioblastoma", {"enrolled": (25,)}),
    ]
    assert all(t.phase_hints == ("phase_1_2",) and "global" in t.design for t in trials)
    assert trial_for(trials, 3) == 0 and trial_for(trials, 6) == 1
    _, trials = _trials(text + "Enrollment in an additional cohort at 10 mg/kg is ongoing.\n")
    assert [(t.identifier, t.status_hint) for t in trials][2] == (
        "ORBIT-101 (NCT09876543)",
        "ongoing",
    )


def test_chinese_korean_and_japanese_trials() -> None:
    _, (trial,) = _trials(
        "该药物的III期临床研究（ABC301-001）是一项随机、双盲的多中心试验，共入组420例晚期胃癌患者。"
    )
    assert (trial.identifier, trial.phase_hints) == ("ABC301-001", ("phase_3",))
    assert trial.design == ("randomized", "double-blind", "multi-center")
    assert trial.counts == {"enrolled": (420,)}
    _, (trial,) = _trials("국내 25개 기관에서 환자 300명을 대상으로 임상 3상 시험을 진행했다.")
    assert (trial.phase_hints, trial.counts) == (("phase_3",), {"enrolled": (300,), "sites": (25,)})
    _, (trial,) = _trials("第2相臨床試験には患者120名が登録された。")
    assert (trial.phase_hints, trial.counts) == (("phase_2",), {"enrolled": (120,)})


def test_counts_that_are_not_enrolment() -> None:
    text = (
        "The Phase 2 trial enrolled 80 patients.\n"
        "Among the 60 patients evaluable for efficacy, 9 responded.\n"
        "Infections were reported in 11 patients (14%).\n"
        "About 2 million patients live with the disease in Europe.\n"
    )
    (trial,) = _trials(text)[1]
    assert trial.counts == {"enrolled": (80,)}


def test_a_drug_inside_a_trial_code_is_not_the_trial_drug() -> None:
    aliases = {"QR-77": "QR-77", "QR77": "QR77"}
    _, (trial,) = _trials("The Phase 1 QR77-101 study of QR-77 is ongoing.", aliases)
    assert (trial.identifier, trial.drug) == ("QR77-101", "QR-77")


def test_names_that_are_not_study_names() -> None:
    text = (
        "Patients with non-small cell lung cancer (NSCLC) were enrolled in a Phase 2 trial.\n"
        "A Cross-Sectional Study of disease burden was published.\n"
        "The NSCLC trial continues.\n"
        "ACME (Nasdaq: ACMX) said ACMX, a company with two Phase 2 trials, raised funds.\n"
    )
    assert {t.identifier for t in _trials(text)[1]} == {None}


def test_registry_numbers_of_each_registry() -> None:
    for text, identifier in [
        ("The Phase 3 trial (EudraCT 2021-001234-56) is ongoing.", "EudraCT 2021-001234-56"),
        ("该III期临床试验（CTR20231234）已完成入组。", "CTR20231234"),
        ("第3相試験（jRCT2031210123）を開始した。", "jRCT2031210123"),
        ("The study (ChiCTR2100045678) enrolled 60 patients.", "ChiCTR2100045678"),
        ("The Phase 2 trial (ISRCTN12345678) completed.", "ISRCTN12345678"),
        ("임상 2상(KCT0001234)을 진행 중이다.", "KCT0001234"),
    ]:
        assert [t.identifier for t in _trials(text)[1]] == [identifier]


def test_one_trial_whatever_the_words_for_its_disease() -> None:
    text = (
        "The Phase 3 trial is evaluating X in non-small cell lung cancer (NSCLC).\n"
        "The Phase 3 trial enrolled 400 patients with NSCLC.\n"
        "A Phase 3 trial in Crohn's disease is ongoing.\n"
    )
    _, trials = _trials(text)
    assert [(t.indication, t.counts) for t in trials] == [
        ("non-small cell lung cancer (NSCLC)", {"enrolled": (400,)}),
        ("Crohn's disease", {}),
    ]


def test_a_trial_named_only_is_quoted_where_it_is_named() -> None:
    (trial,) = _trials(
        "Results from the KESTREL-9 trial will follow.\nKESTREL-9 trial data are due."
    )[1]
    assert (trial.identifier, trial.sentence_indexes) == ("KESTREL-9", (0,))
