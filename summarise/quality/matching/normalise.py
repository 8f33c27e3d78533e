"""Normalisers of field values: each turns a raw value into a comparable one, or None for
"not stated"."""

from __future__ import annotations

import math
import re
import unicodedata
from enum import Enum
from typing import Any

from schemas import Money, Ticker
from summarise.pipeline.merge import name_key
from summarise.pipeline.numbers import MONTHS, SCALES

NUMBER_TOLERANCE = 1e-6
"""Relative tolerance of numeric equality: float noise only, never rounding."""


def clean_text(value: Any) -> str | None:
    """The text of a value (an enum's value), NFKC-normalised and stripped; None if empty."""
    if value is None:
        return None
    text = value.value if isinstance(value, Enum) else str(value)
    text = unicodedata.normalize("NFKC", text).strip()
    return text or None


def norm_name(value: Any) -> str | None:
    """Case, spacing and punctuation removed: "ICP-248" is "icp248"."""
    text = clean_text(value)
    return name_key(text) or None if text else None


def norm_enum(value: Any) -> str | None:
    text = clean_text(value)
    return text.casefold().replace("-", "_").replace(" ", "_") if text else None


def numbers_equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=NUMBER_TOLERANCE, abs_tol=1e-12)


_SCALE_WORDS = {key.casefold(): value for key, value in SCALES.items()}
_AMOUNT_RE = re.compile(
    r"(?P<number>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)\s*"
    r"(?P<scale>" + "|".join(sorted(map(re.escape, _SCALE_WORDS), key=len, reverse=True)) + r")?"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)


def norm_number(value: Any) -> float | None:
    """A number from a float, an int or a string such as "40%", "1,234" or "$223 million"."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    text = clean_text(value)
    if not text:
        return None
    match = _AMOUNT_RE.search(text)
    if not match:
        return None
    number = float(match.group("number").replace(",", ""))
    scale = match.group("scale")
    return number * _SCALE_WORDS[scale.casefold()] if scale else number


_CURRENCIES: dict[str, str] = {
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "usdollar": "USD",
    "usdollars": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "hk$": "HKD",
    "hkd": "HKD",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "¥": "CNY",
    "￥": "CNY",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "jpy": "JPY",
    "yen": "JPY",
    "円": "JPY",
    "chf": "CHF",
}
_CURRENCY_RE = re.compile(
    "|".join(sorted(map(re.escape, _CURRENCIES), key=len, reverse=True)), re.IGNORECASE
)


def norm_currency(value: Any) -> str | None:
    """ISO 4217 code from a code, a symbol or a word: "$" and "US dollars" are USD."""
    text = clean_text(value)
    if not text:
        return None
    compact = re.sub(r"[\s.]", "", text).casefold()
    if compact in _CURRENCIES:
        return _CURRENCIES[compact]
    if re.fullmatch(r"[A-Za-z]{3}", text):
        return text.upper()
    match = _CURRENCY_RE.search(text)
    return _CURRENCIES[match.group().casefold()] if match else text.upper()


def norm_money(value: Any) -> tuple[float | None, str | None]:
    """(amount, ISO currency) from a Money, a dict, a number or text such as "$223 million"."""
    if value is None:
        return None, None
    if isinstance(value, Money):
        return norm_number(value.amount), norm_currency(value.currency)
    if isinstance(value, dict):
        return norm_number(value.get("amount")), norm_currency(value.get("currency"))
    if isinstance(value, int | float):
        return norm_number(value), None
    text = clean_text(value) or ""
    match = _CURRENCY_RE.search(text)
    return norm_number(text), (_CURRENCIES[match.group().casefold()] if match else None)


_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NUMERIC_DATE_RE = re.compile(r"(\d{4})\s*[./年-]\s*(\d{1,2})(?:\s*[./月-]\s*(\d{1,2}))?")
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH_FIRST_RE = re.compile(rf"\b({_MONTH_NAMES})\.?(?:\s+{_DAY})?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DAY_FIRST_RE = re.compile(rf"\b{_DAY}\s+({_MONTH_NAMES})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)


def _iso(year: str, month: str | int | None = None, day: str | None = None) -> str | None:
    if month is None:
        return year
    month_number = int(month)
    if not 1 <= month_number <= 12:
        return None
    if day is None:
        return f"{year}-{month_number:02d}"
    day_number = int(day)
    return f"{year}-{month_number:02d}-{day_number:02d}" if 1 <= day_number <= 31 else None


def norm_date(value: Any) -> str | None:
    """ISO date (YYYY, YYYY-MM or YYYY-MM-DD) of an absolute date; None for relative ones.

    "2024-06-25", "June 25, 2024", "25 June 2024", "2024.06.25" and "2024年6月25日" are
    all 2024-06-25; "December 2022" is 2022-12; "March this year" is None.
    """
    text = clean_text(value)
    if not text:
        return None
    iso = _ISO_RE.match(text)
    if iso:
        return _iso(iso.group(1), iso.group(2), iso.group(3))
    day_first = _DAY_FIRST_RE.search(text)
    if day_first:
        month = MONTHS[day_first.group(2).casefold()]
        return _iso(day_first.group(3), month, day_first.group(1))
    month_first = _MONTH_FIRST_RE.search(text)
    if month_first:
        month = MONTHS[month_first.group(1).casefold()]
        return _iso(month_first.group(3), month, month_first.group(2))
    numeric = _NUMERIC_DATE_RE.search(text)
    if numeric:
        return _iso(numeric.group(1), numeric.group(2), numeric.group(3))
    return None


_UNIT_ALIASES: dict[str, str] = {
    "%": "%",
    "percent": "%",
    "percentage": "%",
    "pct": "%",
    "ofpatients": "%",
    "percentagepoint": "percentage point",
    "percentagepoints": "percentage point",
    "pp": "percentage point",
    "ppt": "percentage point",
}
_TIME_UNITS: dict[str, str] = {
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "mo": "month",
    "mos": "month",
    "month": "month",
    "months": "month",
    "y": "year",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
    "h": "hour",
    "hr": "hour",
    "hour": "hour",
    "hours": "hour",
    **dict.fromkeys(("周", "週", "주"), "week"),
    **dict.fromkeys(("个月", "個月", "ヶ月", "カ月", "か月", "개월"), "month"),
    "天": "day",
}


def norm_unit(value: Any) -> str | None:
    """'%', 'percent' and '% of patients' are '%'; 'months' is 'month'."""
    text = clean_text(value)
    if not text:
        return None
    key = name_key(text.replace("%", " percent "))
    if text.startswith("%") or key in {"percent", "percentofpatients", "percentpatients"}:
        return "%"
    if key in _UNIT_ALIASES:
        return _UNIT_ALIASES[key]
    if key in _TIME_UNITS:
        return _TIME_UNITS[key]
    return key[:-1] if key.endswith("s") and len(key) > 3 else key


_TIMEPOINT_NUMBER_FIRST = re.compile(
    r"(\d+(?:\.\d+)?)\s*-?\s*([A-Za-z]+|周|週|주|个月|個月|ヶ月|カ月|か月|개월|天)"
)
_TIMEPOINT_UNIT_FIRST = re.compile(r"\b([A-Za-z]+)\s*(\d+(?:\.\d+)?)")


def norm_timepoint(value: Any) -> str | None:
    """'24 weeks', 'week 24', '24-week', 'Wk 24' and '第24週' are all '24 week'."""
    text = clean_text(value)
    if not text:
        return None
    for pattern, number_group, unit_group in (
        (_TIMEPOINT_NUMBER_FIRST, 1, 2),
        (_TIMEPOINT_UNIT_FIRST, 2, 1),
    ):
        for match in pattern.finditer(text):
            unit = _TIME_UNITS.get(match.group(unit_group).casefold())
            if unit:
                number = float(match.group(number_group))
                return f"{number:g} {unit}"
    return name_key(text) or None


_SPELLINGS = (
    ("randomised", "randomized"),
    ("centre", "center"),
    ("multicenter", "multicenter"),
    ("nonrandomised", "nonrandomized"),
)


def norm_design(value: Any) -> str | None:
    """'Randomised', 'multi-centre' and 'open label' as 'randomized', 'multicenter', 'openlabel'."""
    key = norm_name(value)
    if not key:
        return None
    for british, american in _SPELLINGS:
        key = key.replace(british, american)
    return key


_EXCHANGES = {
    "hkex": "HKEX",
    "hkse": "HKEX",
    "sehk": "HKEX",
    "hk": "HKEX",
    "hongkongstockexchange": "HKEX",
    "sse": "SSE",
    "shse": "SSE",
    "sh": "SSE",
    "shanghaistockexchange": "SSE",
    "ssestar": "SSE",
    "szse": "SZSE",
    "sz": "SZSE",
    "shenzhenstockexchange": "SZSE",
    "nyse": "NYSE",
}


def norm_ticker(value: Any) -> tuple[str, str] | None:
    """(exchange, symbol): 'HKEX 09969' and 'SEHK 9969' are both ('HKEX', '9969')."""
    if value is None:
        return None
    if isinstance(value, Ticker):
        exchange, symbol = value.exchange, value.symbol
    elif isinstance(value, dict):
        exchange, symbol = value.get("exchange", ""), value.get("symbol", "")
    else:
        parts = re.split(r"[:\s]+", str(value).strip(), maxsplit=1)
        exchange, symbol = [*parts, ""][:2]
    exchange_key = name_key(exchange)
    exchange_key = (
        "NASDAQ"
        if exchange_key.startswith("nasdaq")
        else _EXCHANGES.get(exchange_key, exchange_key)
    ).upper()
    symbol_key = name_key(symbol).upper()
    if symbol_key.isdigit():
        symbol_key = symbol_key.lstrip("0") or "0"
    return (exchange_key, symbol_key) if symbol_key else None
