"""regulatory: agencies named with the actions they took in a sentence, and the date it states."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from schemas.enums import RegulatorAction
from summarise.pipeline.claims import agencies_named, clauses, occurs
from summarise.pipeline.lexicon import AGENCY_PARENTS
from summarise.pipeline.numbers import MONTHS
from summarise.pipeline.sentences import Sentence

OFFERED_ACTIONS = (  # most specific first: the order a mention's options are offered in
    RegulatorAction.BREAKTHROUGH_THERAPY,
    RegulatorAction.PRIORITY_REVIEW,
    RegulatorAction.FAST_TRACK,
    RegulatorAction.ORPHAN_DRUG,
    RegulatorAction.APPLICATION_ACCEPTED,
    RegulatorAction.IND_CLEARANCE,
    RegulatorAction.EMERGENCY_OR_URGENT_USE,
    RegulatorAction.CONDITIONAL_APPROVAL,
    RegulatorAction.COMPLETE_RESPONSE_LETTER,
    RegulatorAction.REJECTION,
    RegulatorAction.WITHDRAWAL,
    RegulatorAction.APPLICATION_SUBMITTED,
    RegulatorAction.APPROVAL,
)
"""The actions offered to the model; their words, and what makes a clause state one as
done (not negated, hedged or planned), are the claim checks' (``pipeline/lexicon``)."""
_POINTER_RE = re.compile(r"can be found|official website|for more information", re.I)
_MONTH = rf"(?:{'|'.join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True))})\.?"
DATE_PATTERNS = (  # named groups: y, m (month name) or mn (month number), d
    rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b",
    r"(?P<y>\d{4})年(?P<mn>\d{1,2})月(?:(?P<d>\d{1,2})日)?",
    r"\b(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})\b",
    rf"\b(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b",
)
RELATIVE_DATE_RE = re.compile(
    rf"\b{_MONTH}\s+(?:this|last|next) year\b|\b(?:\d+|a|an|one|two|three|four|five|six)\s+"
    r"(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago(?![A-Za-z])"
)


@dataclass(frozen=True)
class AgencyMention:
    agency: str
    jurisdiction: str
    sentence_index: int
    actions: tuple[str, ...]
    date_as_stated: str | None
    date_iso: str | None


def find_date(text: str) -> tuple[str | None, str | None]:
    """The first absolute date in ``text`` (as written, ISO), else a relative one (ISO None)."""
    found = []
    for pattern in DATE_PATTERNS:
        for m in re.finditer(pattern, text):
            parts = m.groupdict()
            month = int(parts["mn"]) if parts.get("mn") else MONTHS[m["m"].lower().rstrip(".")]
            day = int(parts["d"]) if parts.get("d") else None
            if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
                iso = f"{m['y']}-{month:02d}" + (f"-{day:02d}" if day else "")
                found.append((m.start(), -len(m.group()), m.group(), iso))
    relative = RELATIVE_DATE_RE.search(text)
    return min(found)[2:] if found else (relative.group() if relative else None, None)


def find_agency_mentions(sentences: list[Sentence]) -> list[AgencyMention]:
    """One mention per agency per sentence, for agencies named in a clause saying what was done."""
    mentions = []
    for s in sentences:
        found: dict[tuple[str, str], list[RegulatorAction]] = defaultdict(list)
        for start, end in [] if _POINTER_RE.search(s.text) else clauses(s.text):
            clause = s.text[start:end]
            actions = [action for action in OFFERED_ACTIONS if occurs(action, clause)]
            named = agencies_named(clause)
            parents = {AGENCY_PARENTS.get(agency.name) for agency in named}
            for agency in named:
                if actions and agency.name not in parents:
                    found[(agency.name, agency.jurisdiction)] += actions
        for (agency, jurisdiction), actions in found.items():
            ordered = tuple(action.value for action in OFFERED_ACTIONS if action in actions)
            mentions.append(
                AgencyMention(agency, jurisdiction, s.index, ordered, *find_date(s.text))
            )
    return mentions
