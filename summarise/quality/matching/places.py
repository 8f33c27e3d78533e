"""Normalisers of where and by whom: regulatory agencies, territories and jurisdictions, each
to one canonical name."""

from __future__ import annotations

import re
from typing import Any

from summarise.pipeline.merge import name_key
from summarise.quality.matching.normalise import clean_text

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
_PARENTHESES_RE = re.compile(r"[(\uff08]([^()\uff08\uff09]+)[)\uff09]")


def norm_agency(value: Any) -> str | None:
    """The agency's abbreviation: 'U.S. Food and Drug Administration (FDA)' is 'FDA'.

    Where several agencies are named ('the CDE of the NMPA') the first one wins,
    since that is the one acting.
    """
    text = clean_text(value)
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
    text = clean_text(value)
    if not text:
        return None
    text = _PARENTHESES_RE.sub(" ", text.replace(".", ""))
    text = _PLACE_NOISE_RE.sub(" ", text)
    key = name_key(text)
    return _PLACE_ALIASES.get(key, key) or None


def norm_jurisdiction(value: Any) -> str | None:
    """A regulator's jurisdiction: the most specific part ('Hainan, China' is 'hainan');
    mainland China is China."""
    text = clean_text(value)
    if not text:
        return None
    place = norm_place(text.split(",")[0])
    return "china" if place == "mainland china" else place
