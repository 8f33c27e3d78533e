"""deals: sentences naming a kind of deal, with its amounts, territories and companies named."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from schemas.enums import DealType
from summarise.pipeline.lexicon import DEAL_WORDS
from summarise.pipeline.numbers import SCALES
from summarise.pipeline.sentences import Sentence, blank
from summarise.strategies.candidates.companies import CompanyCandidate

FOUND_DEAL_TYPES = (  # first match wins; OTHER also needs a company named in the sentence
    DealType.ACQUISITION,
    DealType.OPTION,
    DealType.CO_DEVELOPMENT,
    DealType.CO_COMMERCIALISATION,
    DealType.LICENSING,
    DealType.DISTRIBUTION,
    DealType.FINANCING,
)
DEAL_TYPES = (
    *((kind, "|".join(words[kind] for words in DEAL_WORDS.values())) for kind in FOUND_DEAL_TYPES),
    (DealType.OTHER, rf"{DEAL_WORDS['en'][DealType.OTHER]}\s+with\s+[A-Z]"),
)
"""Each kind's words in every language (``pipeline/lexicon``, which grounding's claim checks
read too); an unnamed kind of deal is a deal word followed by "with" and a name."""
_MARKET_SIZE_RE = re.compile(
    r"\b(?:revenue|net profit|market (?:size|value)|valued at|projected to reach|CAGR)\b", re.I
)
CURRENCIES = {"US$": "USD", "$": "USD", "USD": "USD", "dollars": "USD", "US dollars": "USD"}
CURRENCIES |= {"HK$": "HKD", "HKD": "HKD", "€": "EUR", "EUR": "EUR", "euros": "EUR", "£": "GBP"}
CURRENCIES |= {"GBP": "GBP", "¥": "CNY", "RMB": "CNY", "CNY": "CNY", "yuan": "CNY", "元": "CNY"}
_NUM = r"\d[\d,]*(?:\.\d+)?"
_MONEY_RE = re.compile(
    rf"(?P<c1>US\$|HK\$|RMB|CNY|USD|EUR|GBP|HKD|\$|€|£|¥)\s?(?P<n1>{_NUM})"
    r"(?:\s*(?P<s1>million|billion|thousand|trillion|bn|mn|m|b|k)(?![A-Za-z]))?"
    rf"|(?P<n2>{_NUM})\s*(?P<s2>亿|万)?\s*(?P<c2>元)"
    rf"|(?P<n3>{_NUM})\s*(?P<s3>million|billion)?\s+(?P<c3>US dollars|dollars|euros|yuan)\b"
)
TERRITORIES = (  # canonical, pattern; earlier matches are blanked for later patterns
    ("ex-China", r"outside (?:of )?(?:Greater |Mainland )?China"),
    ("Mainland China", r"Mainland(?: of)? China|Chinese mainland"),
    ("Greater China", r"Greater China"),
    ("Hong Kong", r"Hong Kong"),
    ("Macau", r"Maca[uo]"),
    ("Taiwan", r"Taiwan"),
    ("Southeast Asia", r"South[- ]?east Asian?"),
    ("North America", r"North American?"),
    ("Europe", r"Europe(?:an)?"),
    ("United States", r"United States|\bU\.S\.|\bUS\b(?!\$)"),
    ("Japan", r"\bJapan(?:ese)?\b"),
    ("South Korea", r"\b(?:South )?Korea\b"),
    ("Worldwide", r"\bworldwide\b|\bglobal\b"),
    ("China", r"\b(?:in|for|within|including)\s+China\b"),
)


@dataclass(frozen=True)
class DealCandidate:
    sentence_index: int
    amounts: tuple[tuple[float, str, str], ...]
    deal_type_hint: str | None
    territory: tuple[str, ...]
    company_names: tuple[str, ...]


def _amounts(text: str) -> tuple[tuple[float, str, str], ...]:
    """(value in units, ISO currency, as written); full units match the schema's Money."""
    found = []
    for m in _MONEY_RE.finditer(text):
        n = next(i for i in "123" if m[f"n{i}"])
        scale = SCALES.get((m[f"s{n}"] or "").lower(), 1)
        value = float(Decimal(m[f"n{n}"].replace(",", "")) * scale)
        found.append((value, CURRENCIES[m[f"c{n}"]], m.group().strip()))
    return tuple(found)


def _territories(text: str) -> tuple[str, ...]:
    """Regions in order of appearance; "Mainland China" is not also read as "China"."""
    found = []
    for name, pattern in TERRITORIES:
        found += [(m.start(), name) for m in re.finditer(pattern, text)]
        text = blank(pattern, text)
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


def find_deals(sentences: list[Sentence], companies: list[CompanyCandidate]) -> list[DealCandidate]:
    """Sentences naming a kind of deal; market-size and revenue sentences are not deals.
    The territory is read after the deal word ("licensing deal ... for North American ...")."""
    deals = []
    for s in [s for s in sentences if not _MARKET_SIZE_RE.search(s.text)]:
        named = tuple(c.name for c in companies if s.index in c.sentence_indexes)
        for deal_type, pattern in DEAL_TYPES:
            m = re.search(pattern, s.text, 0 if deal_type == DealType.OTHER else re.I)
            if m and (deal_type != DealType.OTHER or named):
                where = _territories(s.text[m.start() :])
                deals.append(
                    DealCandidate(s.index, _amounts(s.text), deal_type.value, where, named)
                )
                break
    return deals
