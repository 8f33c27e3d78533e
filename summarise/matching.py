"""matching: which fact of one summary is the same real-world thing as a fact of another.

Shared by the scorer (``summarise.evaluate``: gold against a run) and the run
diff (``summarise.diff``: run A against run B), so that both pair items the
same way. ``summarise.merge.FACT_KEYS`` cannot serve here: merge keys are
exact hashes that include the very values being compared (a result's key holds
its arm value), so a changed number would look like a different fact. Here a
pair is *compatible* when its key fields agree after normalisation - a drug by
name, INN, brand or development code; a company by name, legal suffixes and
acronyms aside; an event by (agency, action), or by agency and date; a trial by
(drug, phase); a result by endpoint or arm value; a deal by type and parties
or amount; a caveat by kind - and among compatible pairs an assignment
maximising the number of agreeing fields decides which is which (Hungarian algorithm).

The normalisers make equal what an analyst would call equal: case, spacing and
punctuation in names; "U.S. Food and Drug Administration" and "FDA"; "24
weeks" and "week 24"; "$223 million" and 223000000 USD; "June 25, 2024" and
2024-06-25; "40%" and 40. Numbers are equal within a relative tolerance of
1e-6, so 49.5 and 50 differ.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from rapidfuzz import fuzz

from schemas import (
    Caveat,
    Company,
    Deal,
    Drug,
    EndpointResult,
    Fact,
    Money,
    PressReleaseSummary,
    RegulatoryEvent,
    Ticker,
    Trial,
)
from summarise.merge import name_key
from summarise.numbers import MONTHS, SCALES

NUMBER_TOLERANCE = 1e-6
"""Relative tolerance of numeric equality: float noise only, never rounding."""

ENTITY_TYPES: tuple[str, ...] = (
    "drugs",
    "companies",
    "regulatory_events",
    "trials",
    "results",
    "deals",
    "caveats",
)
"""Scored lists; ``results`` are the trials' endpoint results, flattened."""

ENTITY_CLASSES: dict[str, type[Fact]] = {
    "drugs": Drug,
    "companies": Company,
    "regulatory_events": RegulatoryEvent,
    "trials": Trial,
    "results": EndpointResult,
    "deals": Deal,
    "caveats": Caveat,
}


def items_of(summary: PressReleaseSummary, entity: str) -> list[Any]:
    """The facts of one entity type; results flattened over the trials in order."""
    if entity == "results":
        return [result for trial in summary.trials for result in trial.results]
    return list(getattr(summary, entity))


# ---------------------------------------------------------------------------
# Normalisers: each returns a comparable value, or None for "not stated".


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value.value if isinstance(value, Enum) else str(value)
    text = unicodedata.normalize("NFKC", text).strip()
    return text or None


def norm_name(value: Any) -> str | None:
    """Case, spacing and punctuation removed: "ICP-248" is "icp248"."""
    text = _text(value)
    return name_key(text) or None if text else None


def norm_enum(value: Any) -> str | None:
    text = _text(value)
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
    text = _text(value)
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
    text = _text(value)
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
    text = _text(value) or ""
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
    text = _text(value)
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
}


def norm_unit(value: Any) -> str | None:
    """'%', 'percent' and '% of patients' are '%'; 'months' is 'month'."""
    text = _text(value)
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


_TIMEPOINT_NUMBER_FIRST = re.compile(r"(\d+(?:\.\d+)?)\s*-?\s*([A-Za-z]+)")
_TIMEPOINT_UNIT_FIRST = re.compile(r"\b([A-Za-z]+)\s*(\d+(?:\.\d+)?)")


def norm_timepoint(value: Any) -> str | None:
    """'24 weeks', 'week 24', '24-week' and 'Wk 24' are all '24 week'."""
    text = _text(value)
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


_AGENCIES: dict[str, str] = {
    "nmpa": "NMPA",
    "cfda": "NMPA",
    "nationalmedicalproductsadministration": "NMPA",
    "nationalmedicalproductadministration": "NMPA",
    "chinanationalmedicalproductsadministration": "NMPA",
    "国家药品监督管理局": "NMPA",
    "国家药监局": "NMPA",
    "cde": "CDE",
    "centerfordrugevaluation": "CDE",
    "centrefordrugevaluation": "CDE",
    "药品审评中心": "CDE",
    "药审中心": "CDE",
    "fda": "FDA",
    "usfda": "FDA",
    "foodanddrugadministration": "FDA",
    "ema": "EMA",
    "euema": "EMA",
    "europeanmedicinesagency": "EMA",
    "ec": "EC",
    "europeancommission": "EC",
    "chmp": "EMA",
    "hainanmpa": "Hainan MPA",
    "hainanmedicalproductsadministration": "Hainan MPA",
    "hainanprovincialmedicalproductsadministration": "Hainan MPA",
    "海南省药品监督管理局": "Hainan MPA",
    "isaf": "ISAF",
    "pharmaceuticaladministrationbureau": "ISAF",
    "macaupharmaceuticaladministrationbureau": "ISAF",
    "pmda": "PMDA",
    "mhra": "MHRA",
    "healthcanada": "Health Canada",
    "tga": "TGA",
}
_AGENCY_FAMILY = {"CDE": "NMPA", "EC": "EMA"}
"""Agencies that act for a parent (the CDE reviews for the NMPA): the same event
may be credited to either, so they share a matching key but still score as
different agencies."""
_PARENTHESES_RE = re.compile(r"[(\uff08]([^()\uff08\uff09]+)[)\uff09]")


def norm_agency(value: Any) -> str | None:
    """The agency's abbreviation: 'U.S. Food and Drug Administration (FDA)' is 'FDA'.

    Where several agencies are named ('the CDE of the NMPA') the first one wins,
    since that is the one acting.
    """
    text = _text(value)
    if not text:
        return None
    key = name_key(text)
    if key in _AGENCIES:
        return _AGENCIES[key]
    for inner in _PARENTHESES_RE.findall(text):
        if name_key(inner) in _AGENCIES and _PARENTHESES_RE.sub("", text).strip() == "":
            return _AGENCIES[name_key(inner)]
    found = [
        (key.find(alias), -len(alias), canonical)
        for alias, canonical in _AGENCIES.items()
        if len(alias) >= 6 and alias in key
    ]
    words = set(re.findall(r"[a-z]+", text.casefold()))
    found += [
        (key.find(alias), -len(alias), canonical)
        for alias, canonical in _AGENCIES.items()
        if len(alias) < 6 and alias in words
    ]
    return min(found)[2] if found else key


def agency_family(value: Any) -> str | None:
    agency = norm_agency(value)
    return _AGENCY_FAMILY.get(agency, agency) if agency else None


_PLACE_ALIASES: dict[str, str] = {
    "us": "united states",
    "usa": "united states",
    "unitedstates": "united states",
    "unitedstatesofamerica": "united states",
    "america": "united states",
    "eu": "europe",
    "europe": "europe",
    "europeanunion": "europe",
    "european": "europe",
    "prc": "china",
    "china": "china",
    "chinese": "china",
    "peoplesrepublicofchina": "china",
    "mainlandchina": "mainland china",
    "chinamainland": "mainland china",
    "mainland": "mainland china",
    "hongkong": "hong kong",
    "hk": "hong kong",
    "macau": "macau",
    "macao": "macau",
    "taiwan": "taiwan",
    "northamerica": "north america",
    "northamerican": "north america",
    "southeastasia": "southeast asia",
    "southeastasian": "southeast asia",
    "hainan": "hainan",
    "japan": "japan",
    "japanese": "japan",
    "korea": "south korea",
    "southkorea": "south korea",
}
_PLACE_NOISE_RE = re.compile(
    r"\b(?:the|of|and|special administrative region|sar|region|province|markets?|"
    r"countries|country|territory|territories|\d+|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
    re.IGNORECASE,
)


def norm_place(value: Any) -> str | None:
    """A territory: 'Hong Kong Special Administrative Region' is 'hong kong',
    'North American markets' is 'north america', 'U.S.' is 'united states'."""
    text = _text(value)
    if not text:
        return None
    text = _PARENTHESES_RE.sub(" ", text.replace(".", ""))
    text = _PLACE_NOISE_RE.sub(" ", text)
    key = name_key(text)
    return _PLACE_ALIASES.get(key, key) or None


def norm_jurisdiction(value: Any) -> str | None:
    """A regulator's jurisdiction: the most specific part ('Hainan, China' is 'hainan');
    mainland China is China."""
    text = _text(value)
    if not text:
        return None
    place = norm_place(text.split(",")[0])
    return "china" if place == "mainland china" else place


def norm_target(value: Any) -> str | None:
    """An HGNC-like symbol: 'jak-1' is 'JAK1'."""
    key = norm_name(value)
    return key.upper() if key else None


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


# ---------------------------------------------------------------------------
# Name compatibility: the same drug, company or endpoint written differently.

_NAME_PARTS_RE = re.compile(r"[()\[\]/,;\uff08\uff09]")
MIN_PREFIX_CHARS = 5
"""A drug name extended by a formulation ("ruxolitinib" / "ruxolitinib cream")
still names the drug; shorter prefixes are too unspecific to count."""


def _name_parts(name: Any) -> set[str]:
    text = _text(name)
    if not text:
        return set()
    parts = {name_key(text)} | {name_key(part) for part in _NAME_PARTS_RE.split(text)}
    return {part for part in parts if part}


def drug_names_compatible(a: Any, b: Any) -> bool:
    """Same drug: equal names, a name and its formulation ("Ivarmacitinib Sulfate
    Tablets"), or a shared part ("Mesutoclax (ICP-248)" and "ICP-248")."""
    for left in _name_parts(a):
        for right in _name_parts(b):
            short, long = sorted((left, right), key=len)
            if short == long or (len(short) >= MIN_PREFIX_CHARS and long.startswith(short)):
                return True
    return False


_LEGAL_WORDS = frozenset(
    {
        "limited",
        "ltd",
        "inc",
        "incorporated",
        "co",
        "company",
        "corp",
        "corporation",
        "plc",
        "llc",
        "lp",
        "ag",
        "sa",
        "nv",
        "se",
        "gmbh",
        "kk",
        "holdings",
        "holding",
        "group",
        "the",
    }
)
_GENERIC_WORDS = frozenset(
    {
        "pharma",
        "pharmaceutical",
        "pharmaceuticals",
        "therapeutics",
        "biopharma",
        "biotech",
        "biopharmaceutical",
        "biopharmaceuticals",
        "biotechnology",
        "biosciences",
        "bioscience",
        "sciences",
        "laboratories",
        "labs",
        "medicine",
        "medicines",
    }
)


def _company_words(name: Any) -> list[str]:
    text = _text(name) or ""
    text = re.sub(r"['’]s\b", "", text.casefold())
    return re.findall(r"[a-z0-9]+|[^\x00-\x7f\s\W]+", text)


def company_names_compatible(a: Any, b: Any) -> bool:
    """Same company: equal names, names equal but for legal and generic words
    ("InnoCare" and "InnoCare Pharma Limited", "Hengrui" and "Jiangsu Hengrui
    Pharmaceuticals"), or an acronym of the other ("CMS" for "China Medical System")."""
    if not _text(a) or not _text(b):
        return False
    if name_key(_text(a)) == name_key(_text(b)):
        return True
    words_a, words_b = _company_words(a), _company_words(b)
    core_a = set(words_a) - _LEGAL_WORDS - _GENERIC_WORDS
    core_b = set(words_b) - _LEGAL_WORDS - _GENERIC_WORDS
    if core_a and core_b and (core_a <= core_b or core_b <= core_a):
        return True
    for short, long in ((words_a, words_b), (words_b, words_a)):
        if len(short) == 1 and 2 <= len(short[0]) <= 6:
            initials = "".join(word[0] for word in long if word not in _LEGAL_WORDS)
            if short[0] == initials:
                return True
    return False


def endpoints_compatible(a: Any, b: Any) -> bool:
    """Same endpoint: equal names, or one name inside the other ("ORR" in "overall
    response rate (ORR)")."""
    left, right = norm_name(a), norm_name(b)
    if not left or not right:
        return False
    short, long = sorted((left, right), key=len)
    return short == long or (len(short) >= 3 and short in long)


def _drug_identities(drug: Drug) -> list[str]:
    names = [drug.name, drug.inn, *drug.brand_names, *drug.development_codes, *drug.local_names]
    return [name for name in names if _text(name)]


# ---------------------------------------------------------------------------
# Fields: what is compared, how it is normalised and when two values are equal.

Kind = Literal["scalar", "list"]


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return numbers_equal(a, b)
    return a == b


@dataclass(frozen=True)
class FieldSpec:
    """One compared field: ``get`` reads the raw value, ``norm`` normalises a value
    (each element for lists), ``equal`` compares two normalised values."""

    name: str
    get: Callable[[Any], Any]
    norm: Callable[[Any], Any] = norm_name
    kind: Kind = "scalar"
    equal: Callable[[Any, Any], bool] = _equal

    def values(self, item: Any) -> list[Any]:
        """The normalised, non-empty values of ``item`` (one at most for a scalar)."""
        raw = self.get(item)
        raw_items = (raw or []) if self.kind == "list" else [raw]
        values: list[Any] = []
        for element in raw_items:
            value = self.norm(element)
            if value is not None and not any(self.equal(value, seen) for seen in values):
                values.append(value)
        return values


def _attr(name: str) -> Callable[[Any], Any]:
    return lambda item: getattr(item, name)


def _nested(outer: str, inner: str) -> Callable[[Any], Any]:
    def get(item: Any) -> Any:
        value = getattr(item, outer)
        return None if value is None else getattr(value, inner)

    return get


def _identity(value: Any) -> Any:
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _operator(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    return {"≤": "<=", "=<": "<=", "≥": ">=", "=>": ">=", "==": "="}.get(text, text)


def _event_date(event: RegulatoryEvent) -> str | None:
    return event.date_iso or event.date_as_stated


def _drug_field(name: str) -> FieldSpec:
    return FieldSpec(name, _attr(name), _identity, equal=drug_names_compatible)


def _company_field(name: str, kind: Kind = "scalar") -> FieldSpec:
    return FieldSpec(name, _attr(name), _identity, kind, company_names_compatible)


def _number_field(name: str, get: Callable[[Any], Any] | None = None) -> FieldSpec:
    return FieldSpec(name, get or _attr(name), norm_number)


def _money_fields(name: str) -> tuple[FieldSpec, ...]:
    return (
        FieldSpec(f"{name}.amount", lambda deal: norm_money(getattr(deal, name))[0], _identity),
        FieldSpec(f"{name}.currency", lambda deal: norm_money(getattr(deal, name))[1], _identity),
    )


FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "drugs": (
        _drug_field("name"),
        _drug_field("inn"),
        FieldSpec("brand_names", _attr("brand_names"), kind="list"),
        FieldSpec("development_codes", _attr("development_codes"), kind="list"),
        FieldSpec("local_names", _attr("local_names"), kind="list"),
        FieldSpec("modality", _attr("modality"), norm_enum),
        FieldSpec("targets", _attr("targets"), norm_target, "list"),
        _company_field("originator"),
    ),
    "companies": (
        _company_field("name"),
        FieldSpec("local_names", _attr("local_names"), kind="list"),
        FieldSpec("roles", _attr("roles"), norm_enum, "list"),
        FieldSpec("tickers", _attr("tickers"), norm_ticker, "list"),
    ),
    "regulatory_events": (
        FieldSpec("agency", _attr("agency"), norm_agency),
        FieldSpec("jurisdiction", _attr("jurisdiction"), norm_jurisdiction),
        FieldSpec("action", _attr("action"), norm_enum),
        _drug_field("drug"),
        FieldSpec("date", _event_date, norm_date),
    ),
    "trials": (
        _drug_field("drug"),
        FieldSpec("identifier", _attr("identifier")),
        FieldSpec("phase", _attr("phase"), norm_enum),
        FieldSpec("design", _attr("design"), norm_design, "list"),
        _number_field("enrolled"),
        _number_field("planned_enrollment"),
        _number_field("sites"),
    ),
    "results": (
        FieldSpec("endpoint", _attr("endpoint"), _identity, equal=endpoints_compatible),
        FieldSpec("is_primary", _attr("is_primary"), _bool),
        FieldSpec("timepoint", _attr("timepoint"), norm_timepoint),
        _number_field("arm_value"),
        _number_field("comparator_value"),
        FieldSpec("comparator", _attr("comparator")),
        FieldSpec("unit", _attr("unit"), norm_unit),
        FieldSpec("effect_size.measure", _nested("effect_size", "measure"), norm_enum),
        _number_field("effect_size.value", _nested("effect_size", "value")),
        _number_field("effect_size.ci_lower", _nested("effect_size", "ci_lower")),
        _number_field("effect_size.ci_upper", _nested("effect_size", "ci_upper")),
        _number_field("p_value"),
        FieldSpec("p_value_operator", _attr("p_value_operator"), _operator),
        FieldSpec("primary_endpoint_met", _attr("primary_endpoint_met"), _bool),
    ),
    "deals": (
        FieldSpec("deal_type", _attr("deal_type"), norm_enum),
        _company_field("parties", "list"),
        _company_field("licensor"),
        _company_field("licensee"),
        _drug_field("asset"),
        *_money_fields("upfront"),
        *_money_fields("milestones"),
        *_money_fields("total_value"),
        FieldSpec("territory", _attr("territory"), norm_place, "list"),
    ),
    "caveats": (FieldSpec("kind", _attr("kind"), norm_enum),),
}
"""Scored fields per entity type. Free text is not scored: headline, summary,
indications, populations, statuses, mechanisms, routes, royalty terms and
caveat descriptions, nor evidence offsets."""


@dataclass(frozen=True)
class FieldOutcome:
    """One field of one pair: true positives, false positives and false negatives."""

    field: str
    gold: list[Any]
    predicted: list[Any]
    tp: int
    fp: int
    fn: int


def compare_field(spec: FieldSpec, gold: Any | None, predicted: Any | None) -> FieldOutcome:
    """Compare one field; ``None`` for an item stands for "no such item"."""
    gold_values = spec.values(gold) if gold is not None else []
    predicted_values = spec.values(predicted) if predicted is not None else []
    unmatched = list(predicted_values)
    tp = 0
    for value in gold_values:
        hit = next((other for other in unmatched if spec.equal(value, other)), None)
        if hit is not None:
            unmatched.remove(hit)
            tp += 1
    return FieldOutcome(
        spec.name,
        gold_values,
        predicted_values,
        tp=tp,
        fp=len(predicted_values) - tp,
        fn=len(gold_values) - tp,
    )


def compare_items(entity: str, gold: Any | None, predicted: Any | None) -> list[FieldOutcome]:
    """Every scored field of a pair (either side may be missing)."""
    return [compare_field(spec, gold, predicted) for spec in FIELDS[entity]]


def agreement(entity: str, gold: Any, predicted: Any) -> int:
    """How many field values two items share."""
    return sum(outcome.tp for outcome in compare_items(entity, gold, predicted))


# ---------------------------------------------------------------------------
# Keys: may two items be the same thing at all?


def _same_drug(a: Drug, b: Drug) -> bool:
    return any(
        drug_names_compatible(left, right)
        for left in _drug_identities(a)
        for right in _drug_identities(b)
    )


def _same_company(a: Company, b: Company) -> bool:
    if company_names_compatible(a.name, b.name):
        return True
    return any(
        name_key(left) == name_key(right) for left in a.local_names for right in b.local_names
    )


def _same_event(a: RegulatoryEvent, b: RegulatoryEvent) -> bool:
    """Same agency (or its parent) and the same action; or, when the action differs, the
    same absolute date, which pins the event down: a Hainan MPA decision of 2023-08-12
    called an approval rather than urgent use is that decision with a wrong action."""
    if agency_family(a.agency) != agency_family(b.agency):
        return False
    if a.action == b.action:
        return True
    date_a, date_b = norm_date(_event_date(a)), norm_date(_event_date(b))
    return date_a is not None and date_a == date_b


def _same_trial(a: Trial, b: Trial) -> bool:
    if a.identifier and b.identifier and norm_name(a.identifier) == norm_name(b.identifier):
        return True
    if a.phase and b.phase and a.phase != b.phase:
        return False
    drugs_agree = drug_names_compatible(a.drug, b.drug)
    if a.drug and b.drug and not drugs_agree:
        return False
    return drugs_agree or (a.phase is not None and a.phase == b.phase)


def _same_result(a: EndpointResult, b: EndpointResult) -> bool:
    if endpoints_compatible(a.endpoint, b.endpoint):
        return True
    return (
        a.arm_value is not None
        and b.arm_value is not None
        and numbers_equal(a.arm_value, b.arm_value)
    )


def _same_deal(a: Deal, b: Deal) -> bool:
    if a.deal_type != b.deal_type:
        return False
    total_a, total_b = norm_money(a.total_value)[0], norm_money(b.total_value)[0]
    if total_a is not None and total_b is not None and numbers_equal(total_a, total_b):
        return True
    parties_a = [*a.parties, a.licensor, a.licensee]
    parties_b = [*b.parties, b.licensor, b.licensee]
    if any(company_names_compatible(x, y) for x in parties_a for y in parties_b):
        return True
    return not any(parties_a) or not any(parties_b)


def _same_caveat(a: Caveat, b: Caveat) -> bool:
    return a.kind == b.kind


SAME: dict[str, Callable[[Any, Any], bool]] = {
    "drugs": _same_drug,
    "companies": _same_company,
    "regulatory_events": _same_event,
    "trials": _same_trial,
    "results": _same_result,
    "deals": _same_deal,
    "caveats": _same_caveat,
}
"""The matching key of each entity type, as a compatibility test."""


def _similarity(a: Any, b: Any) -> float:
    left, right = _text(a), _text(b)
    if not left or not right:
        return 0.0
    return fuzz.token_set_ratio(left.casefold(), right.casefold()) / 100


def _tie_break(entity: str, a: Any, b: Any) -> float:
    """Below one field's worth: tells apart two FDA approvals by their indication."""
    if entity in ("regulatory_events", "trials"):
        return 0.5 * _similarity(a.indication, b.indication)
    if entity == "caveats":
        return 0.5 * _similarity(a.description, b.description)
    if entity == "results":
        return 0.5 * _similarity(a.endpoint, b.endpoint)
    return 0.0


def _assign(weights: list[list[float]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment (Hungarian algorithm); pairs of weight 0 are not kept."""
    rows = len(weights)
    columns = len(weights[0]) if rows else 0
    if not rows or not columns:
        return []
    original = weights
    transposed = rows > columns
    if transposed:
        weights = [list(column) for column in zip(*weights, strict=True)]
        rows, columns = columns, rows
    cost = [[-weight for weight in row] for row in weights]
    u = [0.0] * (rows + 1)
    v = [0.0] * (columns + 1)
    owner = [0] * (columns + 1)  # owner[j]: row (1-based) assigned to column j
    way = [0] * (columns + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        column = 0
        least = [math.inf] * (columns + 1)
        used = [False] * (columns + 1)
        while owner[column]:
            used[column] = True
            current, delta, next_column = owner[column], math.inf, 0
            for j in range(1, columns + 1):
                if used[j]:
                    continue
                reduced = cost[current - 1][j - 1] - u[current] - v[j]
                if reduced < least[j]:
                    least[j], way[j] = reduced, column
                if least[j] < delta:
                    delta, next_column = least[j], j
            for j in range(columns + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    least[j] -= delta
            column = next_column
        while column:
            previous = way[column]
            owner[column] = owner[previous]
            column = previous
    pairs = [(owner[j] - 1, j - 1) for j in range(1, columns + 1) if owner[j]]
    if transposed:
        pairs = [(j, i) for i, j in pairs]
    return sorted((i, j) for i, j in pairs if original[i][j] > 0)


@dataclass(frozen=True)
class Match:
    """The pairing of two lists: matched index pairs, and the indexes left over on each side."""

    pairs: list[tuple[int, int]]
    only_left: list[int]
    only_right: list[int]


def match_items(entity: str, left: Sequence[Any], right: Sequence[Any]) -> Match:
    """Pair items of ``left`` (gold, run A) with items of ``right`` (prediction, run B).

    Only compatible items (``SAME[entity]``) may pair; among those the assignment
    maximises the number of agreeing fields, so two FDA approvals pair with
    the two that share their dates and drugs rather than in list order.
    """
    same = SAME[entity]
    weights = [
        [
            1.0 + agreement(entity, a, b) + _tie_break(entity, a, b) if same(a, b) else 0.0
            for b in right
        ]
        for a in left
    ]
    pairs = _assign(weights)
    matched_left = {i for i, _ in pairs}
    matched_right = {j for _, j in pairs}
    return Match(
        pairs=pairs,
        only_left=[i for i in range(len(left)) if i not in matched_left],
        only_right=[j for j in range(len(right)) if j not in matched_right],
    )


def label(entity: str, item: Any) -> str:
    """A short human name for an item: 'Venetoclax', 'FDA approval', 'ORR'."""
    if entity in ("drugs", "companies"):
        return item.name
    if entity == "regulatory_events":
        return f"{item.agency} {_text(item.action).replace('_', ' ')}"
    if entity == "trials":
        phase = _text(item.phase).replace("_", " ") if item.phase else "phase not stated"
        return f"{item.drug or 'drug not stated'} {phase}"
    if entity == "results":
        return item.endpoint
    if entity == "deals":
        parties = ", ".join(item.parties) if item.parties else "parties not stated"
        return f"{_text(item.deal_type)}: {parties}"
    if entity == "caveats":
        return _text(item.kind) or ""
    raise KeyError(entity)
