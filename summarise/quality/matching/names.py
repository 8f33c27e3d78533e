"""Name compatibility: when two differently written names are the same drug, company,
endpoint, agency family or kind of regulatory action."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from schemas import Drug, RegulatorAction
from summarise.pipeline.merge import name_key
from summarise.quality.matching.normalise import clean_text, norm_enum, norm_name
from summarise.quality.matching.places import norm_agency

_NAME_PARTS_RE = re.compile(r"[()\[\]/,;\uff08\uff09]")
NAMES_CACHED = 4096
"""Names whose parts are kept: resolving a run compares the same few names many times."""
MIN_PREFIX_CHARS = 5
"""A drug name extended by a formulation ("ruxolitinib" / "ruxolitinib cream")
still names the drug; shorter prefixes are too unspecific to count."""


def _name_parts(name: Any) -> frozenset[str]:
    return _parts_of(name if isinstance(name, str) else clean_text(name) or "")


@lru_cache(maxsize=NAMES_CACHED)
def _parts_of(name: str) -> frozenset[str]:
    text = clean_text(name)
    if not text:
        return frozenset()
    parts = {name_key(text)} | {name_key(part) for part in _NAME_PARTS_RE.split(text)}
    return frozenset(part for part in parts if part)


def names_share_a_part(a: Any, b: Any) -> bool:
    """Two names with a part in common, exactly: "NIMBUS-201 (NCT05318842)" and
    "NCT05318842" name one trial; no prefix counts, so "VIGIL-1" is not "VIGIL-10"."""
    return bool(_name_parts(a) & _name_parts(b))


def drug_names_compatible(a: Any, b: Any) -> bool:
    """Same drug: equal names, a name and its formulation ("Ivarmacitinib Sulfate
    Tablets"), or a shared part ("Mesutoclax (ICP-248)" and "ICP-248")."""
    for left in _name_parts(a):
        for right in _name_parts(b):
            short, long = sorted((left, right), key=len)
            if short == long or (len(short) >= MIN_PREFIX_CHARS and long.startswith(short)):
                return True
    return False


def drug_name_keys(name: Any) -> set[str]:
    """Keys two compatible drug names always share (each part's first
    :data:`MIN_PREFIX_CHARS` characters), to find a name's matches among many by lookup."""
    return {part[:MIN_PREFIX_CHARS] for part in _name_parts(name)}


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


_ARTICLES_RE = re.compile(r"\b(?:the|an?)\b", re.I)
"""Articles do not tell endpoints apart ("by the modified Mayo score", "by modified Mayo score")."""


def _company_words(name: Any) -> list[str]:
    text = clean_text(name) or ""
    text = re.sub(r"['’]s\b", "", text.casefold())
    return re.findall(r"[a-z0-9]+|[^\x00-\x7f\s\W]+", text)


def company_names_compatible(a: Any, b: Any) -> bool:
    """Same company: equal names, names equal but for legal and generic words
    ("InnoCare" and "InnoCare Pharma Limited", "Hengrui" and "Jiangsu Hengrui
    Pharmaceuticals"), or an acronym of the other ("CMS" for "China Medical System")."""
    if not clean_text(a) or not clean_text(b):
        return False
    if name_key(clean_text(a)) == name_key(clean_text(b)):
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


def company_name_keys(name: Any) -> set[str]:
    """Keys two compatible company names always share (the name without case or
    punctuation, each core word, the initials, a one-word name itself), to find a name's
    matches among many by lookup."""
    text = clean_text(name)
    if not text:
        return set()
    words = _company_words(text)
    keys = {f"={name_key(text)}", *(set(words) - _LEGAL_WORDS - _GENERIC_WORDS)}
    keys.add("".join(word[0] for word in words if word not in _LEGAL_WORDS))
    if len(words) == 1:
        keys.add(words[0])
    return keys - {""}


def company_named_in(name: Any, text: str) -> bool:
    """Whether ``text`` names the company: its words, legal and generic ones aside, in a
    row ("Hengrui" in "Hengrui Pharmaceutical received ..."; "InnoCare's Mesutoclax")."""
    core = [word for word in _company_words(name) if word not in _LEGAL_WORDS | _GENERIC_WORDS]
    if not core:
        return False
    words = _company_words(text)
    return any(words[start : start + len(core)] == core for start in range(len(words)))


def endpoints_compatible(a: Any, b: Any) -> bool:
    """Same endpoint: equal names, or one name inside the other ("ORR" in "overall
    response rate (ORR)"), articles aside."""
    left, right = (norm_name(_ARTICLES_RE.sub(" ", clean_text(x) or "")) for x in (a, b))
    if not left or not right:
        return False
    short, long = sorted((left, right), key=len)
    return short == long or (len(short) >= 3 and short in long)


def drug_identities(drug: Drug) -> list[str]:
    """Every stated name of a drug: name, INN, brands, development codes, local names."""
    names = [drug.name, drug.inn, *drug.brand_names, *drug.development_codes, *drug.local_names]
    return [name for name in names if clean_text(name)]


_AGENCY_FAMILY = {"CDE": "NMPA", "EC": "EMA"}
"""Agencies that act for a parent (the CDE reviews for the NMPA): the same event
may be credited to either, so they share a matching key but still score as
different agencies."""


def agency_family(value: Any) -> str | None:
    agency = norm_agency(value)
    return _AGENCY_FAMILY.get(agency, agency) if agency else None


_ACTION_FAMILY: dict[str, str] = {
    **dict.fromkeys(
        (
            RegulatorAction.APPROVAL,
            RegulatorAction.CONDITIONAL_APPROVAL,
            RegulatorAction.ACCELERATED_APPROVAL,
            RegulatorAction.SUPPLEMENTAL_APPROVAL,
            RegulatorAction.MARKETING_AUTHORISATION,
        ),
        "approval",
    ),
    **dict.fromkeys(
        (RegulatorAction.CHMP_POSITIVE_OPINION, RegulatorAction.CHMP_NEGATIVE_OPINION),
        "chmp_opinion",
    ),
    **dict.fromkeys(
        (RegulatorAction.CLINICAL_HOLD, RegulatorAction.CLINICAL_HOLD_LIFTED), "clinical_hold"
    ),
    **dict.fromkeys(
        (RegulatorAction.COMPLETE_RESPONSE_LETTER, RegulatorAction.REJECTION), "refusal"
    ),
}
"""Actions that may be one decision misnamed: an FDA accelerated approval or an EC marketing
authorisation called an approval, a complete response letter called a rejection, a CHMP
opinion or a clinical hold with its outcome misread. They share a matching key, so such an
event pairs with its gold and scores a wrong action, rather than counting as one event
missed and another invented."""


def action_family(value: Any) -> str | None:
    action = norm_enum(value)
    return _ACTION_FAMILY.get(action, action) if action else None


PLAIN_ACTIONS: dict[str, RegulatorAction] = {
    "approval": RegulatorAction.APPROVAL,
    "refusal": RegulatorAction.REJECTION,
}
"""The plain name of each action family that has one: an accelerated approval is an
approval, a complete response letter a rejection. Opinions and holds have none: a positive
and a negative opinion, or a hold and its lifting, are two different decisions."""


def actions_compatible(a: Any, b: Any) -> bool:
    """One decision, told more or less precisely: the same action, or an action and the
    plain name of its family (an approval and an accelerated approval; never an accelerated
    and a conditional approval, nor a hold and its lifting)."""
    left, right = norm_enum(a), norm_enum(b)
    if left is None or right is None or left == right:
        return left == right
    family = action_family(left)
    if family != action_family(right) or family not in PLAIN_ACTIONS:
        return False
    return PLAIN_ACTIONS[family].value in (left, right)
