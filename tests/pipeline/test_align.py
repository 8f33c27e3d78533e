"""Tests for summarise.pipeline.align: quotes found in the source, with original offsets."""

import time

import pytest

from summarise.pipeline.align import (
    FUZZY_MIN_SCORE,
    MIN_QUOTE_CHARS,
    Alignment,
    AlignmentStatus,
    align_quote,
)
from summarise.pipeline.load import html_to_text
from tests.conftest import ROOT, SEEDS

CHINESE = (
    "2024年5月20日，江苏恒瑞医药股份有限公司宣布，国家药品监督管理局（NMPA）已批准"
    "其1类创新药伊伐昔布片（商品名：艾瑞卡）上市，用于治疗成人重度斑秃。"
    "在III期临床研究中，第24周SALT评分≤20的应答率达到40.0%，显著优于安慰剂组的9.0%。"
)


MARKDOWN_TABLE = (
    "Efficacy results are summarised below.\n\n"
    "| Endpoint | Drug X (n=200) | Placebo (n=100) | HR |\n"
    "| :--- | ---: | :---: | --- |\n"
    "| PFS, median (months) | 14.2 | 8.1 | 0.56 |\n"
    "| Overall survival, median (months) | 30.5 | 24.9 | 0.79 |\n"
)
HTML_TABLE_DOCUMENT = ROOT / "eval" / "devset" / "docs" / "d07_results_html_table.html"
PFS_ROW = ("Median PFS by BICR, months (primary endpoint)", "<0.0001")


@pytest.fixture(scope="module")
def html_table() -> str:
    """The text trafilatura extracts from an HTML table: Markdown rows, blank lines between."""
    return html_to_text(HTML_TABLE_DOCUMENT.read_text(encoding="utf-8")).text


@pytest.fixture(scope="module")
def hengrui() -> str:
    return (SEEDS / "000_38ba5f5f3837983d.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cms() -> str:
    return (SEEDS / "001_f7ab173160a0d3fb.txt").read_text(encoding="utf-8")


def assert_span(alignment: Alignment, source: str, expected: str) -> None:
    assert alignment.start is not None and alignment.end is not None
    assert source[alignment.start : alignment.end] == expected
    assert alignment.start == source.find(expected)


def test_exact_quote_gives_exact_offsets(hengrui: str) -> None:
    quote = "a condition projected to affect over 4.65 million Chinese patients by 2030"
    result = align_quote(quote, hengrui)
    assert result.status is AlignmentStatus.EXACT
    assert result.score == 1.0
    assert result.start == hengrui.index(quote)
    assert result.end == result.start + len(quote)


def test_surrounding_whitespace_in_quote_is_ignored(hengrui: str) -> None:
    quote = "  The drug achieved a 40% response rate (SALT score ≤20) at 24 weeks\n"
    result = align_quote(quote, hengrui)
    assert result.status is AlignmentStatus.EXACT
    assert_span(result, hengrui, quote.strip())


def test_straight_quotes_match_curly_source(cms: str) -> None:
    original = (
        "China Medical System Holdings Limited (the “Company”, together with its "
        "subsidiaries, the “Group” or “CMS”)"
    )
    quote = original.replace("“", '"').replace("”", '"')
    result = align_quote(quote, cms)
    assert result.status is AlignmentStatus.NORMALISED
    assert result.score == 1.0
    assert_span(result, cms, original)


def test_hyphen_and_plain_space_match_en_dash_and_nbsp(cms: str) -> None:
    result = align_quote("SHENZHEN, CHINA - June 25, 2024 - (SeaPRwire)", cms)
    assert result.status is AlignmentStatus.NORMALISED
    assert_span(result, cms, "SHENZHEN, CHINA\xa0– June 25, 2024 – (SeaPRwire)")


def test_extra_whitespace_and_newlines_in_quote(hengrui: str) -> None:
    original = "Hengrui Pharmaceutical received NMPA approval for Ivarmacitinib Sulfate Tablets"
    quote = original.replace(" NMPA ", "\n  NMPA\t").replace(" Sulfate", "   Sulfate")
    result = align_quote(quote, hengrui)
    assert result.status is AlignmentStatus.NORMALISED
    assert_span(result, hengrui, original)


def test_line_breaks_in_source_match_single_spaces() -> None:
    source = "Intro.\n\nThe drug was   approved\n   by the NMPA  \n\n on Monday."
    result = align_quote("the drug was approved by the NMPA", source)
    assert result.status is AlignmentStatus.NORMALISED
    assert source[result.start : result.end] == "The drug was   approved\n   by the NMPA"


def test_case_difference_is_normalised(hengrui: str) -> None:
    result = align_quote("SECURES NMPA APPROVAL FOR JAK1 INHIBITOR", hengrui)
    assert result.status is AlignmentStatus.NORMALISED
    assert_span(result, hengrui, "Secures NMPA Approval for JAK1 Inhibitor")


def test_precomposed_and_combining_accents_match() -> None:
    source = "Approved by Agence nationale de se\u0301curite\u0301 du me\u0301dicament."
    result = align_quote("Agence nationale de sécurité du médicament", source)
    assert result.status is AlignmentStatus.NORMALISED
    assert source[result.start : result.end] == source[12:-1]


def test_invented_quote_is_unaligned(hengrui: str) -> None:
    result = align_quote("The FDA approved the drug for all cancers.", hengrui)
    assert result.status is AlignmentStatus.UNALIGNED
    assert result.start is None and result.end is None
    assert 0.0 <= result.score < FUZZY_MIN_SCORE


def test_one_typo_aligns_fuzzy_on_the_original_span(hengrui: str) -> None:
    original = (
        "The second-generation JAK1 inhibitor represents a major advancement in precision medicine"
    )
    assert 80 <= len(original) <= 95
    quote = original.replace("advancement", "advancment")  # one dropped letter
    result = align_quote(quote, hengrui)
    assert result.status is AlignmentStatus.FUZZY
    assert FUZZY_MIN_SCORE <= result.score < 1.0
    assert_span(result, hengrui, original)


def test_one_substituted_letter_aligns_fuzzy(hengrui: str) -> None:
    original = "compared to just 9% for placebo, representing a 31% relative efficacy gain"
    quote = original.replace("placebo", "plazebo")
    result = align_quote(quote, hengrui)
    assert result.status is AlignmentStatus.FUZZY
    assert result.score >= FUZZY_MIN_SCORE
    assert_span(result, hengrui, original)


def test_fuzzy_threshold_is_respected(hengrui: str) -> None:
    quote = "compared to just 9% for plazebo, representing a 31% relative efficacy gain"
    result = align_quote(quote, hengrui, fuzzy_min_score=0.999)
    assert result.status is AlignmentStatus.UNALIGNED
    assert 0.95 < result.score < 0.999


def test_chinese_quote_exact_offsets() -> None:
    quote = "国家药品监督管理局（NMPA）已批准其1类创新药伊伐昔布片"
    result = align_quote(quote, CHINESE)
    assert result.status is AlignmentStatus.EXACT
    assert result.start == CHINESE.index(quote)
    assert CHINESE[result.start : result.end] == quote


def test_chinese_half_width_punctuation_is_normalised() -> None:
    original = "国家药品监督管理局（NMPA）已批准其1类创新药伊伐昔布片（商品名：艾瑞卡）上市，用于"
    quote = "国家药品监督管理局(NMPA)已批准其1类创新药伊伐昔布片(商品名:艾瑞卡)上市,用于"
    result = align_quote(quote, CHINESE)
    assert result.status is AlignmentStatus.NORMALISED
    assert_span(result, CHINESE, original)


def test_chinese_full_width_latin_and_digits_are_normalised() -> None:
    quote = "第２４周ＳＡＬＴ评分≤２０的应答率达到４０.０％"
    result = align_quote(quote, CHINESE)
    assert result.status is AlignmentStatus.NORMALISED
    assert_span(result, CHINESE, "第24周SALT评分≤20的应答率达到40.0%")


def test_chinese_one_wrong_character_aligns_fuzzy() -> None:
    original = "在III期临床研究中，第24周SALT评分≤20的应答率达到40.0%，显著优于安慰剂组的9.0%"
    quote = original.replace("显著", "明显")[:-1]  # two changed characters, one dropped
    result = align_quote(quote, CHINESE)
    assert result.status is AlignmentStatus.FUZZY
    assert result.start == CHINESE.index(original)
    assert CHINESE[result.start : result.end].startswith("在III期")


@pytest.mark.parametrize("ellipsis", ["...", "…", " ... ", " [...] "])
def test_elided_quote_spans_first_to_last_piece(hengrui: str, ellipsis: str) -> None:
    first = "Hengrui Pharmaceutical has achieved a significant regulatory milestone"
    last = "marking a breakthrough in the treatment of this challenging autoimmune condition"
    result = align_quote(f"{first}{ellipsis}{last}", hengrui)
    assert result.status is AlignmentStatus.EXACT
    assert result.start == hengrui.index(first)
    assert result.end == hengrui.index(last) + len(last)


def test_elided_quote_takes_the_worst_piece_status(cms: str) -> None:
    quote = (
        'On June 25, China Medical System Holdings Limited (the "Company" ... in atopic dermatitis'
    )
    result = align_quote(quote, cms)
    assert result.status is AlignmentStatus.NORMALISED
    start = cms.index("On June 25, China Medical")
    assert result.start == start
    assert cms[result.start : result.end].endswith("in atopic dermatitis")
    assert "“Company”" in cms[result.start : result.end]


def test_elided_pieces_out_of_order_are_unaligned(hengrui: str) -> None:
    first = "Hengrui Pharmaceutical has achieved a significant regulatory milestone"
    last = "marking a breakthrough in the treatment of this challenging autoimmune condition"
    result = align_quote(f"{last} ... {first}", hengrui)
    assert result.status is AlignmentStatus.UNALIGNED


def test_elided_quote_with_invented_piece_is_unaligned(hengrui: str) -> None:
    quote = "Hengrui Pharmaceutical has achieved ... approval for all cancers worldwide"
    assert align_quote(quote, hengrui).status is AlignmentStatus.UNALIGNED


def test_quote_containing_literal_ellipsis_in_source_is_exact() -> None:
    source = "The CEO said: we are pleased... and proud of the team."
    result = align_quote("we are pleased... and proud", source)
    assert result.status is AlignmentStatus.EXACT
    assert source[result.start : result.end] == "we are pleased... and proud"


@pytest.mark.parametrize("quote", ["40%", "NMPA", " a ", "", "...", "伊伐"])
def test_very_short_quote_is_unaligned(hengrui: str, quote: str) -> None:
    assert len(quote.strip()) < MIN_QUOTE_CHARS
    result = align_quote(quote, hengrui + CHINESE)
    assert result.status is AlignmentStatus.UNALIGNED
    assert result.start is None


def test_long_source_stays_fast() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    source = (text * 3)[:70_000]
    quote = (
        "Regulators in every jurisdiction approved this cure for all cancers and every "
        "rare disease in 2031."
    )
    started = time.perf_counter()
    result = align_quote(quote, source)
    elapsed = time.perf_counter() - started
    assert result.status is AlignmentStatus.UNALIGNED
    assert elapsed < 1.0  # cold: includes normalising the source once
    started = time.perf_counter()
    for _ in range(5):
        align_quote(quote, source)
    assert (time.perf_counter() - started) / 5 < 0.1


def row_span(source: str, first: str, last: str) -> str:
    """The text of a table row from its first cell's start to its last cell's end."""
    start = source.index(first)
    return source[start : source.index(last, start) + len(last)]


def test_extracted_html_table_is_markdown_rows(html_table: str) -> None:
    row = (
        "| Median PFS by BICR, months (primary endpoint) | 7.4 | 3.6 | 0.58 (0.46–0.73) | <0.0001 |"
    )
    assert row in html_table
    assert "|---|---|---|---|---|" in html_table


@pytest.mark.parametrize(
    "quote",
    [
        "Median PFS by BICR, months (primary endpoint) 7.4 3.6 0.58 (0.46–0.73) <0.0001",
        "Median PFS by BICR, months (primary endpoint)\t7.4\t3.6\t0.58 (0.46–0.73)\t<0.0001",
        "Median PFS by BICR, months (primary endpoint)  7.4 | 3.6 0.58 (0.46–0.73) | <0.0001",
        "|Median PFS by BICR, months (primary endpoint)|7.4|3.6|0.58 (0.46–0.73)|<0.0001|",
    ],
)
def test_an_html_table_row_quoted_without_its_separators_is_normalised(
    html_table: str, quote: str
) -> None:
    result = align_quote(quote, html_table)
    assert result.status is AlignmentStatus.NORMALISED
    assert result.score == 1.0
    assert_span(result, html_table, row_span(html_table, *PFS_ROW))


def test_an_html_table_row_quoted_with_its_separators_is_exact(html_table: str) -> None:
    quote = "Median PFS by BICR, months (primary endpoint) | 7.4 | 3.6"
    result = align_quote(quote, html_table)
    assert result.status is AlignmentStatus.EXACT
    assert_span(result, html_table, quote)


def test_a_quote_from_the_header_into_a_row_skips_the_delimiter_row(html_table: str) -> None:
    quote = "Hazard ratio (95% CI) p-value Median PFS by BICR, months (primary endpoint) 7.4 3.6"
    result = align_quote(quote, html_table)
    assert result.status is AlignmentStatus.NORMALISED
    span = html_table[result.start : result.end]
    assert span.startswith("Hazard ratio (95% CI) | p-value |\n\n|---|---|")
    assert span.endswith("| Median PFS by BICR, months (primary endpoint) | 7.4 | 3.6")


@pytest.mark.parametrize(
    "quote",
    [
        "PFS, median (months) 14.2 8.1 0.56",
        "PFS, median (months) | 14.2 | 8.1 0.56",
        "PFS, median (months)\t14.2\t8.1\t0.56",
        "| PFS, median (months) | 14.2 | 8.1 | 0.56 |".replace(" | ", "｜"),
    ],
)
def test_a_markdown_table_row_quoted_without_its_separators_is_normalised(quote: str) -> None:
    result = align_quote(quote, MARKDOWN_TABLE)
    assert result.status is AlignmentStatus.NORMALISED
    assert_span(result, MARKDOWN_TABLE, "PFS, median (months) | 14.2 | 8.1 | 0.56")


def test_a_markdown_row_quoted_whole_is_exact() -> None:
    quote = "| PFS, median (months) | 14.2 | 8.1 | 0.56 |"
    result = align_quote(quote, MARKDOWN_TABLE)
    assert result.status is AlignmentStatus.EXACT
    assert_span(result, MARKDOWN_TABLE, quote)


def test_alignment_colons_in_the_delimiter_row_are_skipped() -> None:
    result = align_quote(
        "Drug X (n=200) Placebo (n=100) HR PFS, median (months) 14.2", MARKDOWN_TABLE
    )
    assert result.status is AlignmentStatus.NORMALISED
    assert_span(result, MARKDOWN_TABLE, row_span(MARKDOWN_TABLE, "Drug X (n=200)", "| 14.2"))


@pytest.mark.parametrize(
    ("quote", "source_name"),
    [
        ("Median PFS by BICR, months (primary endpoint) 24.9 21.7", "html"),
        ("Median OS, months (key secondary endpoint; interim) 7.4 3.6", "html"),
        ("Median OS, months (key secondary endpoint; interim) 24.9 21.7 0.58 (0.46–0.73)", "html"),
        ("PFS, median (months) 30.5 24.9 0.79", "markdown"),
        ("Overall survival, median (months) 14.2 8.1 0.56", "markdown"),
    ],
)
def test_another_rows_numbers_do_not_align(html_table: str, quote: str, source_name: str) -> None:
    source = html_table if source_name == "html" else MARKDOWN_TABLE
    result = align_quote(quote, source)
    assert result.status is AlignmentStatus.UNALIGNED
    assert result.start is None


def test_a_fuzzy_match_keeps_every_number_of_the_quote(hengrui: str) -> None:
    original = "The drug achieved a 40% response rate (SALT score ≤20) at 24 weeks"
    assert align_quote(original.replace("achieved", "acheived"), hengrui).status is (
        AlignmentStatus.FUZZY
    )
    assert align_quote(original.replace("40%", "46%"), hengrui).status is (
        AlignmentStatus.UNALIGNED
    )


def test_a_pdf_line_break_inside_chinese_text_is_not_a_space() -> None:
    source = (
        "本公司董事会及全体董事保证本公告内容不存在任何虚假记载，"
        "并对其内容的真\n实性、准确性和完\n整性依法承担法律责任。"
    )
    quote = "并对其内容的真实性、准确性和完整性依法承担法律责任。"
    result = align_quote(quote, source)
    assert result.status is AlignmentStatus.NORMALISED
    assert_span(result, source, "并对其内容的真\n实性、准确性和完\n整性依法承担法律责任。")


def test_ideographic_and_plain_spaces_beside_chinese_are_alike() -> None:
    source = "证券代码：688793\u3000\u3000证券简称：澜湾生物\u3000\u3000公告编号：2025-041"
    result = align_quote("证券代码:688793 证券简称:澜湾生物 公告编号:2025-041", source)
    assert result.status is AlignmentStatus.NORMALISED
    assert_span(result, source, source)


def test_spaces_between_korean_words_still_count() -> None:
    source = "식약처는 2025년 5월 19일 델스타정을 허가했다."
    assert align_quote("식약처는 2025년 5월 19일 델스타정을허가했다.", source).status is not (
        AlignmentStatus.NORMALISED
    )
