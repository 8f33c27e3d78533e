"""caveats: flaws code can prove: promised data missing, a mislabelled gain, a relative date."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from schemas.enums import CaveatKind
from summarise.pipeline.sentences import Sentence
from summarise.strategies.candidates.regulatory import RELATIVE_DATE_RE, find_date
from summarise.strategies.candidates.trials import PERCENT_RE

_MISSING_RE = re.compile(
    r"as follows|(?:shown|listed|summari[sz]ed|presented|see) (?:in )?(?:the )?"
    r"(?:table|figure|chart)s?(?: below)?|(?:table|figure|chart) below",
    re.I,
)
_DATA_WORD_RE = re.compile(r"\b(?:data|results?|outcomes?|efficacy|figures?|tables?)\b", re.I)
_TABLE_LINE_RE = re.compile(
    r".*[|\t].*|\s*(?:Table|Figure|Fig\.)\s*\d.*|(?=.{0,119}$)(?:\D*\d){3}.*"
)
_RELATIVE_GAIN_RE = re.compile(r"(\d+(?:\.\d+)?)\s*%\s+relative\b", re.I)
HEADER_SENTENCES = 6
"""How many opening sentences count as the header when looking for its date."""


@dataclass(frozen=True)
class CaveatCandidate:
    kind: str
    description: str
    sentence_index: int


def find_caveats(text: str, sentences: list[Sentence]) -> list[CaveatCandidate]:
    """What code can prove: promised data that is absent, an absolute difference called
    relative, and a header dated only relatively ("3 months ago")."""
    caveats = []
    for s in sentences:
        if _MISSING_RE.search(s.text) and _DATA_WORD_RE.search(s.text):
            rest = text[s.end :].split("\n", 1)  # the rest of the line, then what follows
            following = rest[1].strip().split("\n", 1)[0] if len(rest) > 1 else ""
            if not rest[0].strip() and not _TABLE_LINE_RE.fullmatch(following):
                said = f"The text says data follow ({s.text!r}) but none follow it."
                caveats.append(CaveatCandidate(CaveatKind.MISSING_DATA.value, said, s.index))
        gain = _RELATIVE_GAIN_RE.search(s.text)
        stated = float(gain.group(1)) if gain else math.nan
        values = (
            [float(m.group(1)) for m in PERCENT_RE.finditer(s.text) if m.start() != gain.start()]
            if gain
            else []
        )
        pairs = [(a, b) for a in values for b in values if math.isclose(a - b, stated)]
        if pairs:
            said = (
                f"{gain.group(1)}% is called a relative gain, but it is the absolute difference "
                f"between {pairs[0][0]:g}% and {pairs[0][1]:g}% (percentage points)."
            )
            caveats.append(CaveatCandidate(CaveatKind.INCONSISTENT_CLAIM.value, said, s.index))
    header = sentences[:HEADER_SENTENCES]
    relative = [s for s in header if RELATIVE_DATE_RE.search(s.text)]
    if relative and not any(find_date(s.text)[1] for s in header):
        said = f"The header's only date is relative ({find_date(relative[0].text)[0]!r})."
        caveats.append(CaveatCandidate(CaveatKind.RELATIVE_DATE.value, said, relative[0].index))
    return caveats
