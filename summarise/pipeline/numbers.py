"""numbers: which numeric values a piece of text states.

Every number the model puts in a structured field must occur in that fact's
evidence; this is the cheapest defence against invented or mis-copied figures.
The check is only useful if it is symmetrical with how fields are filled, so
``numbers_in`` reads a figure in every form a field could hold it: "$223
million" states both 223 and 223000000 (schema amounts are in full units),
"June 25, 2024" states 6, 25 and 2024, "1.2亿元" states 1.2 and 120000000, as do
"1.2億円" and "1億2000万円"; "50억 원" states 50 and 5000000000.

Years in a national calendar state their Gregorian year too: "令和8年" (Japan's
Reiwa era) states 8 and 2026, "民國115年" (the Republic of China calendar, and a
bare "115年" in Traditional Chinese) states 115 and 2026.  Dates are strings in
the schema (``date_iso``) and grounding checks numeric fields only, so today
this matters for any year a numeric field holds; a check of ``date_iso`` against
its quotes would find the year here like any other number.

It deliberately over-reads rather than under-reads (every digit run counts,
"one of" states 1): a spurious extra number costs almost nothing, whereas a
missed form would reject a correct fact. What it never does is derive a value
the text does not spell out - no percent-to-fraction (40% is not 0.4) and no
rounding (49.5 is not 50) - because that is exactly the slippage to catch.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

RELATIVE_TOLERANCE = 1e-9
"""Equality up to float representation ("1.2亿" computed as 1.2 * 1e8); far
below any real rounding difference."""

_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63", "-"))

# A plain figure: thousands-grouped or bare digits, optional decimals, or a
# bare ".05" as in "p = .05". Not preceded by a digit so we never start
# inside another figure.
_NUMBER_RE = re.compile(r"(?<!\d)(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|(?<![\w.])\.\d+")

# "1.2e-5", "1.2×10^-5", "1.2x10-5", "1.2 × 10⁻⁵" (NFKC turns ⁻⁵ into −5).
# Exponents have at most three digits: beyond that no float could hold the
# value, and Decimal would overflow.
_SCI_E_RE = re.compile(r"(?<![A-Za-z\d.])(\d+(?:\.\d+)?)[eE]([-+]?\d{1,3})(?![A-Za-z\d])")
_SCI_TIMES_RE = re.compile(
    r"(\d+(?:\.\d+)?)\s*[x×X*·]\s*10\s*\^?\s*\(?\s*([-+]?\d{1,3})\s*\)?|(?<![\d.])10\s*\^\s*\(?\s*([-+]?\d{1,3})"
)

# "2023.11.08" or "1.2.3": each component is stated, but _NUMBER_RE would
# read the first two as a decimal.
_DOTTED_RE = re.compile(r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d])")

# Multipliers written after a figure. Single letters (m, b, k) are accepted
# only when no further letter follows, so "10 mg" or "5 kDa" are not scaled.
SCALES: dict[str, int] = {
    "hundred": 10**2,
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mln": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}
# East Asian multipliers count in myriads (10**4, 10**8, 10**12), optionally after
# hundreds or thousands ("千万" 10**7, "천억" 10**11).  兆/조 is 10**12 as in Japanese,
# Korean and Taiwanese amounts.  Chinese and Japanese share the characters
# (simplified 万亿, traditional and Japanese 萬億); Korean writes them in Hangul.
_CJK_MYRIADS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CJK_MYRIADS |= {"兆": 10**12, "万亿": 10**12}
_CJK_SMALL: dict[str, int] = {"百": 10**2, "千": 10**3}
_HANGUL_MYRIADS: dict[str, int] = {"만": 10**4, "억": 10**8, "조": 10**12}
_HANGUL_SMALL: dict[str, int] = {"백": 10**2, "천": 10**3}
CJK_SCALES: dict[str, int] = {
    small + myriad: small_value * myriad_value
    for smalls, myriads in ((_CJK_SMALL, _CJK_MYRIADS), (_HANGUL_SMALL, _HANGUL_MYRIADS))
    for small, small_value in {"": 1, **smalls}.items()
    for myriad, myriad_value in {"": 1, **myriads}.items()
    if small or myriad
}
SCALES |= CJK_SCALES


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so "千万" wins over "千"."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_SCALE_RE = re.compile(rf"\s*({alternation(SCALES)})(?![A-Za-z])", re.IGNORECASE)

# "1億2000万円", "1조 2,000억 원": a figure spelt in descending East Asian units,
# whose value is the sum of its parts.
_CJK_PART = rf"(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*({alternation(CJK_SCALES)})"
_CJK_PART_RE = re.compile(_CJK_PART)
_CJK_COMPOUND_RE = re.compile(rf"(?<![\d.,]){_CJK_PART}(?:\s*{_CJK_PART})+")

_UNIT_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_TENS_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS_WORDS |= {"eighty": 80, "ninety": 90}
_ORDINAL_WORDS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNIT_WORDS)}
NUMBER_WORDS |= {w: i for i, w in enumerate(_ORDINAL_WORDS) if i}
NUMBER_WORDS |= _TENS_WORDS
_WORD_RE = re.compile(
    rf"\b({'|'.join(_TENS_WORDS)})[-\s]({'|'.join(_UNIT_WORDS[1:10])})\b"
    rf"|\b({'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})\b",
    re.IGNORECASE,
)

MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Matched in any case (datelines are often upper case), but numbers_in keeps
# only capitalised hits: "may" and "march" are also ordinary words.
_MONTH_RE = re.compile(rf"\b({'|'.join(sorted(MONTHS, key=len, reverse=True))})\b", re.IGNORECASE)

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
MAX_CHINESE_NUMERAL_CHARS = 8
"""Longer runs of numeral characters are wording (e.g. a list of ordinals), not one number."""
_CN_NUMERAL_RE = re.compile(f"[{''.join(_CN_DIGITS)}{''.join(_CN_UNITS)}]+")


_ERA_STARTS: dict[str, int] = {
    "令和": 2019,
    "平成": 1989,
    "昭和": 1926,
    "大正": 1912,
    "明治": 1868,
    "民國": 1912,
    "民国": 1912,
}
"""The Gregorian year in which each era's year 1 falls: Japan's eras and the Republic
of China calendar (民國1年 is 1912), written in traditional or simplified characters."""
_ERA_YEAR_RE = re.compile(
    rf"({'|'.join(_ERA_STARTS)})\s*(元|\d{{1,3}}|[{''.join(_CN_DIGITS)}{''.join(_CN_UNITS)}]+)\s*年"
)
# A bare three-digit year (民國100年 is 2011) in Traditional Chinese, as Taiwanese
# releases date themselves; one or two digits before 年 are a duration there too.
_ROC_BARE_YEAR_RE = re.compile(r"(?<![\d.,])(\d{3})\s*年")
ROC_START = _ERA_STARTS["民國"]


def _era_years(text: str) -> set[Decimal]:
    """The Gregorian years that era-dated years in ``text`` stand for."""
    found: set[Decimal] = set()
    for m in _ERA_YEAR_RE.finditer(text):
        year = m.group(2)
        if year == "元":  # "the first year": 令和元年 is 2019
            number = 1
        elif year.isdigit():
            number = int(year)
        else:
            number = _parse_chinese(year)
        found |= {Decimal(number), Decimal(_ERA_STARTS[m.group(1)] + number - 1)}
    if _is_traditional_chinese(text):
        found |= {
            Decimal(ROC_START + int(m.group(1)) - 1) for m in _ROC_BARE_YEAR_RE.finditer(text)
        }
    return found


def _is_traditional_chinese(text: str) -> bool:
    """Does ``text`` write Traditional Chinese: more hanzi that only Big5 has than hanzi
    that only GB2312 has, and no kana (Japanese shares many traditional forms)?"""
    balance = 0
    for char in text:
        if "\u3040" <= char <= "\u30ff":
            return False
        if "\u4e00" <= char <= "\u9fff":
            balance += _hanzi_form(char)
    return balance > 0


@functools.lru_cache(maxsize=8192)
def _hanzi_form(char: str) -> int:
    """1 for a traditional-only hanzi (in Big5, not GB2312), -1 for a simplified-only
    one, 0 for one both standards share."""
    return _encodes(char, "big5") - _encodes(char, "gb2312")


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _parse_chinese(numeral: str) -> int:
    """Value of a Chinese numeral below 10,000 ("十二" 12, "二〇二三" 2023)."""
    if not any(ch in _CN_UNITS for ch in numeral):  # read digit by digit, like a year
        return int("".join(str(_CN_DIGITS[ch]) for ch in numeral))
    total = current = 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def _add_scaled(found: set[Decimal], value: Decimal, text: str, end: int) -> None:
    """Record ``value`` and, if a multiplier follows at ``end``, the scaled value."""
    found.add(value)
    scale = _SCALE_RE.match(text, end)
    if scale:
        found.add(value * SCALES[scale.group(1).lower()])


def _is_sign(text: str, start: int) -> bool:
    """A '-' right before a figure is a minus unless it joins two tokens
    ("12-18", "COVID-19", "2024-06-25")."""
    if start == 0 or text[start - 1] != "-":
        return False
    return start == 1 or not text[start - 2].isalnum()


def numbers_in(text: str) -> set[float]:
    """Every number ``text`` states, in each form a structured field could hold it."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    found: set[Decimal] = set()

    for m in _NUMBER_RE.finditer(text):
        value = Decimal(m.group().replace(",", ""))
        # The unsigned figure is kept even after a minus: "-0.5" and "fell by
        # 0.5" state the same digits, and the sign is a matter of wording.
        _add_scaled(found, value, text, m.end())
        if _is_sign(text, m.start()):
            found.add(-value)

    for m in _SCI_E_RE.finditer(text):
        found.add(Decimal(m.group(1)).scaleb(int(m.group(2))))
    for m in _SCI_TIMES_RE.finditer(text):
        if m.group(1) is not None:
            found.add(Decimal(m.group(1)).scaleb(int(m.group(2))))
        else:
            found.add(Decimal(1).scaleb(int(m.group(3))))

    for m in _DOTTED_RE.finditer(text):
        found.update(Decimal(part) for part in m.group().split("."))

    for m in _WORD_RE.finditer(text):
        if m.group(1):
            value = Decimal(_TENS_WORDS[m.group(1).lower()] + NUMBER_WORDS[m.group(2).lower()])
        else:
            value = Decimal(NUMBER_WORDS[m.group(3).lower()])
        _add_scaled(found, value, text, m.end())

    for m in _MONTH_RE.finditer(text):
        if m.group()[0].isupper():
            found.add(Decimal(MONTHS[m.group().lower()]))

    for m in _CN_NUMERAL_RE.finditer(text):
        if len(m.group()) > MAX_CHINESE_NUMERAL_CHARS:
            continue
        _add_scaled(found, Decimal(_parse_chinese(m.group())), text, m.end())

    for m in _CJK_COMPOUND_RE.finditer(text):
        parts = [(part.group(1), CJK_SCALES[part.group(2)]) for part in _CJK_PART_RE.finditer(m[0])]
        scales = [scale for _, scale in parts]
        if scales == sorted(set(scales), reverse=True):  # "3万 5万" is two amounts, not one
            found.add(sum((Decimal(n.replace(",", "")) * scale for n, scale in parts), Decimal(0)))

    found |= _era_years(text)
    return {float(v) for v in found}


def number_is_stated(value: float, text: str) -> bool:
    """True when ``value`` is one of the numbers ``text`` states.

    Equality is up to float representation only: 40 == 40.0, but 0.4 is not
    "40%" and 50 is not "49.5" - a converted or rounded figure is a different
    claim and should be traced to a quote that states it.
    """
    if isinstance(value, bool) or not math.isfinite(value):
        return False
    return any(math.isclose(value, n, rel_tol=RELATIVE_TOLERANCE) for n in numbers_in(text))
