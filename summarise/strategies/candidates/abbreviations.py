"""abbreviations: the abbreviations a document spells out, and what each stands for.

"non-small cell lung cancer (NSCLC)" and a table legend's "PFS, progression-free survival"
define NSCLC and PFS. The words spelling an abbreviation out are the fewest before it
whose initials it holds in order ("duration of response (DOR)", "immunoglobulin A
nephropathy (IgAN)"); with none such, the few words before it. Indications use them to
know that "NSCLC" names a disease, tables to write "PFS" out as the document does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarise.pipeline.sentences import Sentence

_DEFINED_RE = re.compile(r"[（(]([A-Za-z][A-Za-z0-9/+-]{1,11})[)）]")
_LEGEND_RE = re.compile(r"(?:^[*_]*|;\s*)([A-Z][A-Za-z0-9-]{1,9}),\s+([a-z][^;,]{3,60})")
"""A legend's "PFS, progression-free survival; ...", also in Markdown emphasis ("*CR, ...*"):
entries between semicolons, or one alone on its line ("OS, overall survival."); a sentence
"NAME-2, the replicate study, ..." is none."""
DEFINITION_WORDS = 8
"""How many words before "(ABBR)" may spell it out."""


MINOR_WORDS = frozenset({"of", "for", "the", "and", "in", "on", "to", "with", "by", "at"})
"""Words an abbreviation skips ("Scale for the Assessment and Rating of Ataxia" is SARA)."""


def _initials(words: list[str]) -> str:
    return "".join(
        part[0].lower()
        for word in words
        if word not in MINOR_WORDS
        for part in re.split(r"[-/]", word)
        if part
    )


def _in_order(small: str, large: str) -> bool:
    letters = iter(large)
    return all(char in letters for char in small)


def spelling(words: list[str], abbreviation: str) -> list[str] | None:
    """The fewest last ``words`` whose initials the abbreviation holds in order, starting
    with its first letter; None when no run of them does."""
    letters = re.sub(r"[^a-z]", "", abbreviation.lower())
    for count in range(1, len(words) + 1):
        tail = words[-count:]
        initials = _initials(tail)
        if (
            initials[:1] == letters[:1]
            and len(initials) >= max(min(2, len(letters)), len(letters) - 1)
            and _in_order(initials, letters)
        ):
            return tail
    return None


def spelled_out(words: list[str], abbreviation: str) -> str:
    """The words the abbreviation spells (``spelling``), else all of them."""
    return " ".join(spelling(words, abbreviation) or words)


def defined_abbreviations(sentences: Iterable[Sentence]) -> dict[str, str]:
    """Each abbreviation the document defines, with the words it stands for; the first
    definition wins."""
    found: dict[str, str] = {}
    for sentence in sentences:
        for m in _DEFINED_RE.finditer(sentence.text):
            words = sentence.text[: m.start()].split()[-DEFINITION_WORDS:]
            if words and m.group(1) not in found:
                found[m.group(1)] = spelled_out(words, m.group(1))
        legend = ";" in sentence.text or _LEGEND_RE.fullmatch(sentence.text.rstrip(" .*_"))
        for m in _LEGEND_RE.finditer(sentence.text) if legend else ():
            found.setdefault(m.group(1), m.group(2).rstrip(" .*_"))
    return found
