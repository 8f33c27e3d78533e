"""clean: repeated paragraphs and boilerplate go, content stays verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.pipeline.clean import (
    BOILERPLATE_PATTERNS,
    MAX_BOILERPLATE_CHARS,
    CleanedText,
    clean_text,
    is_boilerplate,
)
from tests.conftest import SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def _seed(prefix: str) -> str:
    (path,) = [path for path in SEED_FILES if path.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


# --- seed 003: a page scraped twice, copies glued without a newline -----------


def test_seed_003_double_scrape_appears_once() -> None:
    original = _seed("003")
    cleaned = clean_text(original)
    text = cleaned.text
    lead = "In a landmark development for China’s oncology therapeutics landscape"
    title = "InnoCare’s Mesutoclax Granted Breakthrough Therapy Designation by China’s NMPA"
    assert original.count(lead) == 2
    assert text.count(lead) == 1
    assert text.count(title) == 1
    assert text.startswith(title + "\n\n" + lead)
    assert len(text) / len(original) < 0.6
    assert cleaned.original_chars == len(original)
    assert text.count("this milestone is just the beginning.") == 1
    assert text.endswith(
        "The path ahead is full of promise—and this milestone is just the beginning."
    )
    assert "beginning.In a landmark" not in text
    assert text.count("Strategic Leadership Comments") == 1
    for footer in ("Source link", "Newsletter Updates", "Enter your email address"):
        assert footer not in text


# --- seed 000: MedPath page with newsletter footer ---------------------------


def test_seed_000_footer_boilerplate_goes_and_content_stays() -> None:
    text = clean_text(_seed("000")).text
    for gone in ("Stay Updated with Our Daily Newsletter", "Subscribe Icon", "All rights reserved"):
        assert gone not in text
    assert "Empowering clinical research" not in text
    assert "delivered to your inbox" not in text
    assert "Hengrui Pharmaceutical Secures NMPA Approval" in text
    assert "3 months ago3 min read" in text
    assert text.startswith("MedPath\n\n")
    assert text.count("MedPath") == 1  # the footer brand line goes as a repeat
    assert text.endswith("projected innovative drug sales exceeding ¥7 billion in 2025.")


def test_seed_001_disclaimer_and_references_are_content() -> None:
    original = _seed("001")
    cleaned = clean_text(original)
    assert cleaned.text == original
    assert cleaned.removed_paragraphs == 0
    assert "CMS Disclaimer and Forward-Looking Statements" in cleaned.text
    assert "PMID: 30389491" in cleaned.text


def test_seed_002_related_topics_goes() -> None:
    text = clean_text(_seed("002")).text
    assert "Related topics" not in text
    assert text.endswith("optimal treatment options of this promising therapy.")


# --- all seeds ----------------------------------------------------------------

KEY_SENTENCES = [
    ("000", "Hengrui Pharmaceutical received NMPA approval for Ivarmacitinib Sulfate Tablets"),
    ("000", "The drug achieved a 40% response rate (SALT score ≤20) at 24 weeks"),
    ("000", "Net profit increased 48% year-over-year to ¥3.43 billion"),
    ("001", "announced the completion of dosing for the first subject in the phase III bridging"),
    ("001", "aiming to enroll approximately 192 atopic dermatitis patients"),
    ("001", "Source: China Medical System Holdings Ltd."),
    ("002", "involving 111 patients aged 12 years or older with non-segmental vitiligo"),
    ("002", "after 24 weeks, 49.5% of patients had a 75% improvement"),
    ("003", "Mesutoclax is the first BCL2 inhibitor to be granted BTD status in China"),
    ("003", "“We are delighted that Mesutoclax has been granted Breakthrough Therapy Designation"),
    ("004", "this is also the first CAR-T product approved for the treatment of leukemia in China"),
    ("004", "As of September 27, 2022, 39 adult patients with r/r B-ALL have received infusion"),
]


@pytest.mark.parametrize(("seed", "sentence"), KEY_SENTENCES)
def test_key_sentences_stay_once(seed: str, sentence: str) -> None:
    assert sentence in _seed(seed)
    assert clean_text(_seed(seed)).text.count(sentence) == 1


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_cleaning_only_removes(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    cleaned = clean_text(original)
    assert isinstance(cleaned, CleanedText)
    assert len(cleaned.text) <= len(original)
    for line in cleaned.text.split("\n"):
        assert line in original  # kept lines are verbatim (a trimmed line is a prefix)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda path: path.name[:3])
def test_cleaning_is_idempotent(path: Path) -> None:
    once = clean_text(path.read_text(encoding="utf-8")).text
    assert clean_text(once).text == once
    assert clean_text(once).removed_paragraphs == 0


# --- rules, on small texts ----------------------------------------------------

LONG_A = "Acme Pharma announced today that AC-101 met its primary endpoint in a Phase III trial."
LONG_B = "The company plans to file a new drug application with the NMPA in the first half of 2026."
LONG_C = "AC-101 was generally well tolerated, with no new safety signals observed in the study."


def test_short_title_doubled_at_top_goes() -> None:
    cleaned = clean_text(f"Acme wins\n\nAcme wins\n\n{LONG_A}\n")
    assert cleaned.text == f"Acme wins\n\n{LONG_A}\n"
    assert cleaned.removed_paragraphs == 1


def test_long_repeat_goes_first_occurrence_stays() -> None:
    cleaned = clean_text(f"{LONG_A}\n\n{LONG_B}\n\n{LONG_A}\n")
    assert cleaned.text == f"{LONG_A}\n\n{LONG_B}\n"


def test_repeat_comparison_ignores_case_and_whitespace() -> None:
    shouted = "  " + LONG_A.upper().replace(" ", "   ")
    assert clean_text(f"{LONG_A}\n{shouted}\n").text == f"{LONG_A}\n"


def test_short_repeated_heading_between_new_content_stays() -> None:
    text = f"Results\n{LONG_A}\nSafety\n{LONG_C}\nResults\n{LONG_B}\n"
    assert clean_text(text).text == text


def test_glued_concatenation_of_seen_units_is_split() -> None:
    text = f"{LONG_A}\n\n{LONG_B}\n\n{LONG_C}{LONG_A}\n\n{LONG_B}\n"
    cleaned = clean_text(text)
    assert cleaned.text == f"{LONG_A}\n\n{LONG_B}\n\n{LONG_C}\n"
    assert cleaned.removed_paragraphs == 2


def test_line_made_only_of_seen_units_goes() -> None:
    cleaned = clean_text(f"{LONG_A}\n{LONG_B}\n{LONG_A} {LONG_B}\n{LONG_C}\n")
    assert cleaned.text == f"{LONG_A}\n{LONG_B}\n{LONG_C}\n"


def test_seen_text_inside_a_line_is_not_cut() -> None:
    quoted = f"As stated: {LONG_A} Investors welcomed the news."
    text = f"{LONG_A}\n{quoted}\n"
    assert clean_text(text).text == text


def test_seen_unit_is_not_cut_inside_a_word() -> None:
    heading = LONG_A.rstrip(".")  # "... in a Phase III trial"
    text = f"{heading}\n{heading}s of two other drugs also read out this year.\n"
    assert clean_text(text).text == text


def test_layout_is_kept_when_lines_are_dropped() -> None:
    text = f"{LONG_A}\n{LONG_B}\nSource link\n\n{LONG_C}\n"
    assert clean_text(text).text == f"{LONG_A}\n{LONG_B}\n\n{LONG_C}\n"


def test_leading_blank_lines_and_missing_final_newline_are_kept() -> None:
    assert clean_text(f"\n\n{LONG_A}\nShare on Twitter").text == f"\n\n{LONG_A}"


def test_empty_text() -> None:
    assert clean_text("") == CleanedText(text="", removed_paragraphs=0, original_chars=0)


@pytest.mark.parametrize(
    "line",
    [
        "Subscribe Icon",
        "Stay Updated with Our Daily Newsletter",
        "Get the latest pharmaceutical insights, research highlights, and industry updates "
        "delivered to your inbox every day.",
        "Newsletter Updates",
        "Enter your email address below and subscribe to our newsletter",
        "Source link",
        "Related topics:",
        "© 2025 MedPath, Inc. All rights reserved.",
        "Empowering clinical research with data-driven insights and AI-powered tools.",
        "Share on Twitter",
        "Share on LinkedIn",
        "Accept cookies",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)
    assert clean_text(f"{LONG_A}\n{line}\n").text == f"{LONG_A}\n"


@pytest.mark.parametrize(
    "line",
    [
        "3 months ago3 min read",
        "Key Insights",
        "Media Contact",
        "Source: China Medical System Holdings Ltd.",
        "Opzelura and the Opzelura logo are registered trademarks of Incyte.",
        "Patients can subscribe to the registry to receive trial updates.",
    ],
)
def test_content_lines_are_not_boilerplate(line: str) -> None:
    assert is_boilerplate(line) is None


def test_long_lines_are_never_boilerplate() -> None:
    line = "Enter your email address in the patient portal, " + "and then " * 20 + "log in."
    assert len(line) > MAX_BOILERPLATE_CHARS
    assert is_boilerplate(line) is None
    assert "email_prompt" in BOILERPLATE_PATTERNS  # patterns are named, for review


def test_run_of_short_repeats_next_to_a_repeated_block_goes() -> None:
    first = f"About Acme\nKey facts\n{LONG_A}\n{LONG_B}\n"
    cleaned = clean_text(first + f"About Acme\nKey facts\n{LONG_A}\n")
    assert cleaned.text == first
    assert cleaned.removed_paragraphs == 3
