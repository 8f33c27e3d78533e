"""Tests for summarise.pipeline.numbers: the numbers a quote states, and whether a value is one."""

import pytest

from summarise.pipeline.numbers import number_is_stated, numbers_in
from tests.conftest import SEEDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("involving 111 patients", {111}),
        ("1,234 subjects", {1234}),
        ("49.5% of patients", {49.5}),
        ("p<0.001", {0.001}),
        ("p = .05", {0.05}),
        ("a 40% response rate", {40}),
        ("40 per cent of patients", {40}),
        ("aged 12–18 years", {12, 18}),
        ("aged 12-18 years", {12, 18}),
        ("change of -0.5 points", {-0.5}),
        ("change of −0.5 points", {-0.5}),
        ("1.2e-5", {1.2e-5}),
        ("p=1.2×10^-5", {1.2e-5}),
        ("p=1.2x10-5", {1.2e-5}),
        ("p = 1.2 × 10⁻⁵", {1.2e-5}),
        ("the 64th annual meeting", {64}),
        ("a $223 million licensing deal", {223, 223_000_000}),
        ("US$223 million upfront", {223, 223_000_000}),
        ("223 million", {223, 223_000_000}),
        ("USD 223M", {223, 223_000_000}),
        ("$1.2bn", {1.2, 1_200_000_000}),
        ("¥13.6 billion", {13.6, 13_600_000_000}),
        ("€5 m", {5, 5_000_000}),
        ("3.5 thousand", {3.5, 3500}),
        ("two million patients", {2, 2_000_000}),
        ("eleven Southeast Asian countries", {11}),
        ("four key laboratories", {4}),
        ("Twenty-five sites", {25}),
        ("the first subject", {1}),
        ("1.2亿元", {1.2, 120_000_000}),
        ("3.5万", {3.5, 35_000}),
        ("入组123例患者", {123}),
        ("应答率为46.3%", {46.3}),
        ("应答率为４６．３％", {46.3}),
        ("三千万元", {30_000_000}),
        ("June 25, 2024", {6, 25, 2024}),
        ("2024-06-25", {2024, 6, 25}),
        ("12 August 2023", {12, 8, 2023}),
        ("On November 8th, 2023", {11, 8, 2023}),
        ("2023年11月8日", {2023, 11, 8}),
        ("2023.11.08", {2023, 11, 8}),
        ("売上高は1.2億円", {1.2, 120_000_000}),
        ("薬価は3万円", {3, 30_000}),
        ("総額1億2000万円", {1, 2000, 120_000_000}),
        ("계약금 50억 원", {50, 5_000_000_000}),
        ("환자 3만 명", {3, 30_000}),
        ("1조 2,000억 원", {1_200_000_000_000}),
        ("5천만 원", {50_000_000}),
        ("十億元", {1_000_000_000}),
        ("令和8年3月19日", {8, 2026, 3, 19}),
        ("令和８年", {2026}),
        ("令和八年", {2026}),
        ("令和元年", {1, 2019}),
        ("平成31年4月", {31, 2019, 4}),
        ("昭和64年", {1989}),
        ("民國115年", {115, 2026}),
        ("民国115年", {115, 2026}),
        ("已於115年3月12日獲得批准", {115, 2026, 3, 12}),
    ],
)
def test_numbers_in_reads_each_form(text: str, expected: set[float]) -> None:
    found = numbers_in(text)
    assert {float(v) for v in expected} <= found


def test_scaled_and_stated_figures_are_both_numbers() -> None:
    assert numbers_in("a $223 million licensing deal") == {223.0, 223_000_000.0}


def test_hyphens_between_tokens_are_not_minus_signs() -> None:
    assert -18 not in numbers_in("aged 12-18 years")
    assert -19 not in numbers_in("COVID-19")
    assert -6 not in numbers_in("2024-06-25")


def test_units_are_not_mistaken_for_scales() -> None:
    assert numbers_in("10 mg twice daily for 12 months") == {10.0, 12.0}


def test_a_bare_three_digit_year_is_a_roc_year_only_in_traditional_chinese() -> None:
    assert 2026 in numbers_in("本集團已於115年3月12日獲得臨床試驗批准")
    assert 2026 not in numbers_in("公司已于115年3月12日获得临床试验批准")
    assert 2026 not in numbers_in("本社は115年の歴史があります")
    assert 2026 not in numbers_in("於2115年")  # four digits: a Gregorian year


def test_only_descending_units_are_one_compound_amount() -> None:
    assert 120_000_000 in numbers_in("1億2000万円")
    assert 80_000 not in numbers_in("3万 5万")


def test_era_dates_ground_their_gregorian_year() -> None:
    assert number_is_stated(2026, "厚生労働省は、令和8年3月19日付で承認しました")
    assert number_is_stated(2019, "平成31年に開発を開始")
    assert not number_is_stated(2025, "令和8年3月19日")
    assert number_is_stated(5_000_000_000, "계약금 50억 원과 마일스톤")


def test_lowercase_may_is_not_a_month() -> None:
    assert 5 not in numbers_in("this may be relevant")
    assert 5 in numbers_in("since May 2023")


def test_a_number_absent_from_its_quote_fails() -> None:
    assert not number_is_stated(42, "response rate of 40%")


def test_scaled_amount_is_stated() -> None:
    assert number_is_stated(223_000_000, "a $223 million licensing deal")
    assert number_is_stated(223, "a $223 million licensing deal")
    assert number_is_stated(120_000_000, "交易金额1.2亿元")


def test_fraction_is_not_the_percentage() -> None:
    assert number_is_stated(40, "40%")
    assert number_is_stated(40.0, "40%")
    assert not number_is_stated(0.4, "40%")


def test_rounded_value_is_not_stated() -> None:
    assert not number_is_stated(50, "49.5% of patients")
    assert not number_is_stated(49, "49.5% of patients")
    assert number_is_stated(49.5, "49.5% of patients")


def test_float_noise_is_tolerated_but_not_more() -> None:
    assert number_is_stated(0.1 + 0.2, "0.3")
    assert not number_is_stated(0.3001, "0.3")


def test_non_finite_and_bool_values_are_never_stated() -> None:
    assert not number_is_stated(float("nan"), "nan 1")
    assert not number_is_stated(float("inf"), "infinity")
    assert not number_is_stated(True, "1 patient")


def test_seed_sentence_numbers() -> None:
    text = (SEEDS / "000_38ba5f5f3837983d.txt").read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if "4.65 million" in line)
    found = numbers_in(sentence)
    assert {4.65, 4_650_000.0, 2030.0, 40.0, 20.0, 24.0, 9.0, 31.0} <= found
    assert number_is_stated(4_650_000, sentence)
    assert not number_is_stated(4.7, sentence)
