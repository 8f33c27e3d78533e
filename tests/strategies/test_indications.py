"""Indications read from the words that introduce them, in each supported language."""

from __future__ import annotations

import pytest

from summarise.strategies.candidates import (
    defined_abbreviations,
    disease_abbreviations,
    find_indication,
    split_sentences,
)


@pytest.mark.parametrize(
    ("text", "indication"),
    [
        (
            "The FDA approved X for the treatment of adults with moderate-to-severe ulcerative "
            "colitis, as detected by an FDA-approved test.",
            "adults with moderate-to-severe ulcerative colitis",
        ),
        (
            "The FDA granted Fast Track designation to X for the treatment of patients with "
            "platinum-resistant ovarian cancer whose tumors express FRα.",
            "platinum-resistant ovarian cancer whose tumors express FRα",
        ),
        (
            "The MHLW approved X for the treatment of narcolepsy type 1 in adults on June 9, 2025.",
            "narcolepsy type 1 in adults",
        ),
        (
            "X is approved as an add-on maintenance treatment for adult patients with severe "
            "eosinophilic asthma.",
            "adult patients with severe eosinophilic asthma",
        ),
        (
            "X received approval in China for moderate-to-severe atopic dermatitis, ankylosing "
            "spondylitis, and rheumatoid arthritis, with FDA filings planned.",
            "moderate-to-severe atopic dermatitis, ankylosing spondylitis, and rheumatoid"
            " arthritis",
        ),
        ("该药物获批用于治疗携带EGFR突变的晚期非小细胞肺癌。", "携带EGFR突变的晚期非小细胞肺癌"),
        ("本品獲批用於治療復發性多發性骨髓瘤。", "復發性多發性骨髓瘤"),
        (
            "厚生労働省は、X-1を中等症から重症の潰瘍性大腸炎の治療薬として承認した。",
            "中等症から重症の潰瘍性大腸炎",
        ),
        ("식약처는 X-1을 중등도 이상 판상 건선 치료제로 허가했다.", "중등도 이상 판상 건선"),
        (
            "식약처는 X-1을 성인 재발성 다발골수종 환자의 치료제로 허가했다.",
            "성인 재발성 다발골수종",
        ),
    ],
)
def test_approval_indications(text: str, indication: str) -> None:
    assert find_indication(text, keep_whose=True) == indication


def test_a_trial_indication_leaves_its_population_out() -> None:
    text = "The Phase 3 trial enrolled 300 adults with biopsy-proven lupus nephritis at 80 sites."
    assert find_indication(text, strip_subject=True) == "biopsy-proven lupus nephritis"


def test_abbreviations_the_document_defines_name_diseases() -> None:
    sentences = split_sentences(
        "Chronic spontaneous urticaria (CSU) affects millions.\n"
        "The trial enrolled 200 patients with CSU who were refractory to antihistamines.\n"
    )
    diseases = disease_abbreviations(defined_abbreviations(sentences))
    assert find_indication(sentences[1].text, diseases, strip_subject=True) == "CSU"


@pytest.mark.parametrize(
    "text",
    [
        "The product was approved for Urgent Clinical Import by the provincial agency.",
        "The FDA granted Breakthrough Therapy Designation for this patient population.",
        "The company received approval for marketing in Macau.",
        "The trial in which 300 patients were randomized completed enrollment.",
    ],
)
def test_no_indication_without_a_disease(text: str) -> None:
    assert find_indication(text, keep_whose=True) is None
