"""words: the schema's codes as the words an analyst reads ("ind_clearance" is "IND clearance").

Enum values are written for machines (stable, lowercase, underscored) so that
tables group cleanly; a brief or a page reads them as words. Most read well
with their underscores as spaces; the few that do not (acronyms, phases,
hyphenated terms) are spelt out here, once, for every view.
"""

from __future__ import annotations

from enum import Enum

SPELLINGS: dict[str, str] = {
    "ind_clearance": "IND clearance",
    "chmp_positive_opinion": "CHMP positive opinion",
    "chmp_negative_opinion": "CHMP negative opinion",
    "adc": "ADC",
    "car_t": "CAR-T",
    "phase_1": "Phase 1",
    "phase_1_2": "Phase 1/2",
    "phase_2": "Phase 2",
    "phase_2_3": "Phase 2/3",
    "phase_3": "Phase 3",
    "phase_4": "Phase 4",
    "real_world": "real-world",
    "co_development": "co-development",
    "co_commercialisation": "co-commercialisation",
}
"""Values the plain conversion (underscores to spaces) would spell badly."""


def words(value: Enum | str) -> str:
    """An enum value (or its string) as words: ``clinical_trial`` is ``clinical trial``."""
    code = str(value.value if isinstance(value, Enum) else value)
    return SPELLINGS.get(code, code.replace("_", " "))


def capitalised(text: str) -> str:
    """``text`` with its first letter upper case and the rest as written ("IND clearance")."""
    return text[:1].upper() + text[1:]
