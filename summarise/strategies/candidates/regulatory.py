"""regulatory: agencies named with the actions they took in a sentence, and the date it states."""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.enums import RegulatorAction
from summarise.pipeline.claims import agencies_named, clauses, languages_of, occurs
from summarise.pipeline.lexicon import ACTION_WORDS, AGENCY_PARENTS, COMPANY_ACTIONS, DISCLAIMERS
from summarise.pipeline.numbers import MONTHS
from summarise.pipeline.sentences import Sentence

ROC_YEAR_OFFSET = 1911
"""A Republic of China (民國) year plus this is the Gregorian year: 114年 is 2025."""
HEADER_SENTENCES = 6
"""How many opening sentences count as the header when looking for the release's date."""

A = RegulatorAction
FOUND_ACTIONS = (  # the order a sentence's events are listed in
    A.CHMP_POSITIVE_OPINION,
    A.CHMP_NEGATIVE_OPINION,
    A.CONDITIONAL_APPROVAL,
    A.ACCELERATED_APPROVAL,
    A.SUPPLEMENTAL_APPROVAL,
    A.MARKETING_AUTHORISATION,
    A.EMERGENCY_OR_URGENT_USE,
    A.BREAKTHROUGH_THERAPY,
    A.PRIORITY_REVIEW,
    A.FAST_TRACK,
    A.ORPHAN_DRUG,
    A.APPLICATION_ACCEPTED,
    A.TARGET_ACTION_DATE,
    A.IND_CLEARANCE,
    A.CLINICAL_HOLD_LIFTED,
    A.CLINICAL_HOLD,
    A.COMPLETE_RESPONSE_LETTER,
    A.REJECTION,
    A.WITHDRAWAL,
    A.APPLICATION_SUBMITTED,
    A.APPROVAL,
)
"""The actions code finds; their words, and what makes a clause state one as done (not
negated, hedged or planned), are the claim checks' (``pipeline/lexicon``). Each action a
clause states is its own event ("granted Breakthrough Therapy designation and Priority
Review" is two)."""
_APPROVALS = frozenset(
    {A.CONDITIONAL_APPROVAL, A.ACCELERATED_APPROVAL, A.SUPPLEMENTAL_APPROVAL}
    | {A.EMERGENCY_OR_URGENT_USE}
)
SUBSUMED_BY: dict[RegulatorAction, frozenset[RegulatorAction]] = {
    A.APPROVAL: _APPROVALS | {A.CHMP_POSITIVE_OPINION, A.APPLICATION_ACCEPTED, A.PRIORITY_REVIEW},
    A.APPLICATION_SUBMITTED: _APPROVALS | {A.APPROVAL, A.APPLICATION_ACCEPTED},
    A.CLINICAL_HOLD: frozenset({A.CLINICAL_HOLD_LIFTED}),
    A.MARKETING_AUTHORISATION: _APPROVALS,
}
"""An action that a more specific one in the same clause already states: "granted
accelerated approval" is not also an approval, "accepted the application submitted in
May" not also a submission, "lifted the clinical hold" not also a hold; in a clause that
accepts an application or grants it priority review, "approval" is what it seeks."""
ACTION_WORDS_ALL = {
    action: "|".join(words[action] for words in ACTION_WORDS.values() if action in words)
    for action in FOUND_ACTIONS
}
DISCLAIMER_RE = re.compile(DISCLAIMERS, re.I)
_POINTER_RE = re.compile(r"can be found|official website|for more information", re.I)
_MONTH = rf"(?:{'|'.join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True))})\.?"
DATE_PATTERNS = (  # named groups: y, m (month name) or mn (month number), d
    rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b",
    r"(?P<y>\d{4})年(?P<mn>\d{1,2})月(?:(?P<d>\d{1,2})日)?",
    r"(?P<y>\d{4})년\s*(?P<mn>\d{1,2})월(?:\s*(?P<d>\d{1,2})일)?",
    r"(?:民國|民国)?(?<!\d)(?P<roc>1\d{2})年(?P<mn>\d{1,2})月(?:(?P<d>\d{1,2})日)?",
    r"\b(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})\b",
    rf"\b(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b",
)
RELATIVE_DATE_RE = re.compile(
    rf"\b{_MONTH}\s+(?:this|last|next) year\b|\b(?:\d+|a|an|one|two|three|four|five|six)\s+"
    r"(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago(?![A-Za-z])"
    r"|\b(?:[Oo]n |[Ll]ast |[Tt]his )?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
)
_RELATIVE_LEAD_RE = re.compile(r"^(?:[Oo]n|[Ll]ast|[Tt]his) ")
YEAR_ONLY_RE = re.compile(
    r"\b(?:[Ii]n|[Ss]ince|[Dd]uring)\s+((?:19|20)\d\d)\b(?![-/])|((?:19|20)\d\d)年(?!\d)"
)
"""A date given as a year alone ("In 2023, the FDA granted"), read only after no fuller one."""
DATELINE_RE = re.compile(
    r"^[A-Z][^\n]{0,160}?\d{4}(?:,?\s*\d{1,2}:\d{2}(?:\s*[AP]\.?M\.?)?\s*[A-Z]{2,5})?"
    r"\s*(?:\(?/?[A-Za-z ]{2,30}/?\)?)?\s*(?:--|—|–)\s*"
    r"|^\[[^\]=]{1,20}=[^\]]{4,30}\]\s*"
)
"""A wire dateline ("SAN DIEGO, March 14, 2025 /PRNewswire/ --"): the release's date, not the
date of the event its sentence goes on to report."""


@dataclass(frozen=True)
class AgencyMention:
    agency: str
    jurisdiction: str
    sentence_index: int
    action: str
    date_as_stated: str | None
    date_iso: str | None


ACTION_OWNERS = {A.CHMP_POSITIVE_OPINION: "CHMP", A.CHMP_NEGATIVE_OPINION: "CHMP"}
"""Actions only one body takes: where its clause names that body, the opinion is its own,
not the Commission's that the clause also names ("the EC decision follows the opinion
adopted by the CHMP")."""
CJK_LANGUAGES = frozenset({"zh-Hans", "zh-Hant", "ja", "ko"})
"""Languages that date an action before its verb."""
PLAIN_AUTHORISATION_LANGUAGES = CJK_LANGUAGES
"""Languages whose approval words are the marketing-authorisation words ("批准上市"): there a
clause holding both states a plain approval; in English "granted marketing authorisation"
is the more specific action."""


def _absolute_dates(text: str) -> list[tuple[int, int, str, str]]:
    """Every absolute date in ``text``: start, end, as written, ISO; longest first at a start."""
    found = []
    for pattern in DATE_PATTERNS:
        for m in re.finditer(pattern, text):
            parts = m.groupdict()
            month = int(parts["mn"]) if parts.get("mn") else MONTHS[m["m"].lower().rstrip(".")]
            day = int(parts["d"]) if parts.get("d") else None
            year = int(parts["roc"]) + ROC_YEAR_OFFSET if parts.get("roc") else int(m["y"])
            if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
                iso = f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
                found.append((m.start(), m.end(), m.group(), iso))
    found.sort(key=lambda d: (d[0], d[0] - d[1]))
    return [d for i, d in enumerate(found) if not any(o[0] <= d[0] < o[1] for o in found[:i])]


def _inexact_date(text: str) -> tuple[str | None, str | None]:
    """A year alone (ISO the year), else a relative date (no ISO), else nothing."""
    year = YEAR_ONLY_RE.search(text)
    if year:
        return year.group(), year.group(1) or year.group(2)
    relative = RELATIVE_DATE_RE.search(text)
    return (_RELATIVE_LEAD_RE.sub("", relative.group()), None) if relative else (None, None)


_THIS_YEAR_RE = re.compile(rf"^(?P<m>{_MONTH})\s+(?P<when>this|last) year$")


def resolve_relative(stated: str | None, released_iso: str | None) -> str | None:
    """A month "this year" or "last year" as an ISO month, counted from the release's date;
    used to tell news from background, never written as the event's ISO date."""
    m = _THIS_YEAR_RE.match(stated or "")
    if not (m and released_iso):
        return None
    year = int(released_iso[:4]) - (m["when"] == "last")
    return f"{year}-{MONTHS[m['m'].lower().rstrip('.')]:02d}"


def find_date(text: str) -> tuple[str | None, str | None]:
    """The first absolute date in ``text`` (as written, ISO), else a year or a relative date."""
    dates = _absolute_dates(text)
    return dates[0][2:] if dates else _inexact_date(text)


def _gap(date: tuple[int, int, str, str], span: tuple[int, int]) -> int:
    return max(span[0] - date[1], date[0] - span[1], 0)


def _date_near(
    text: str,
    anchor: tuple[int, int],
    after_only: bool,
    others: list[tuple[int, int]],
    between: tuple[int, int] | None = None,
) -> tuple[str | None, str | None]:
    """The date closest to ``anchor`` in ``text`` (the agency's name; the action's words where
    the clause states several actions, or the company's own, or a target date), leaving a
    date nearer another agency or action to that one: "the EC decision, dated 19 September,
    follows the opinion adopted by the CHMP on 24 July" dates the opinion 24 July. A date
    within ``between`` (the action's own stretch of a clause listing several) comes first;
    a target action date is the date after its words."""
    dates = [d for d in _absolute_dates(text) if not after_only or d[0] >= anchor[1]]
    if not dates:
        return _inexact_date(text[anchor[1] :] if after_only else text)
    inside = [d for d in dates if between and between[0] <= d[0] and d[1] <= between[1]]
    own = [d for d in dates if all(_gap(d, anchor) <= _gap(d, other) for other in others)]
    nearest = min(inside or own or dates, key=lambda d: _gap(d, anchor))
    return nearest[2], nearest[3]


def _stretch(
    clause: str, anchor: tuple[int, int], actions: list[tuple[int, int]]
) -> tuple[int, int]:
    """An action's own stretch of a clause listing several: from its words to the next
    action's in English ("Orphan Drug designation in April 2024 and Fast Track in January
    2025"), from the previous action's to its words in Chinese, Japanese and Korean, which
    date an action before its verb."""
    if set(languages_of(clause)) & CJK_LANGUAGES:
        return max((a[1] for a in actions if a[1] <= anchor[0]), default=0), anchor[0]
    return anchor[1], min((a[0] for a in actions if a[0] >= anchor[1]), default=len(clause))


def _stated(clause: str) -> list[RegulatorAction]:
    """The actions a clause states as done, less those a more specific one already states."""
    actions = [action for action in FOUND_ACTIONS if occurs(action, clause)]
    if {A.APPROVAL, A.MARKETING_AUTHORISATION} <= set(actions):
        plain = set(languages_of(clause)) & PLAIN_AUTHORISATION_LANGUAGES
        actions.remove(A.MARKETING_AUTHORISATION if plain else A.APPROVAL)
    return [a for a in actions if not SUBSUMED_BY.get(a, frozenset()) & set(actions)]


def _span(pattern: str, text: str) -> tuple[int, int]:
    found = re.search(pattern, text, re.I)
    return found.span() if found else (0, 0)


def find_agency_mentions(sentences: list[Sentence]) -> list[AgencyMention]:
    """One mention per agency and action per sentence, for agencies named in a clause saying
    what was done; dated by the clause that says it, else by the sentence. A dateline's date
    is the release's, never the event's; boilerplate disclaimers state no event."""
    mentions = []
    for s in sentences:
        if _POINTER_RE.search(s.text) or DISCLAIMER_RE.search(s.text):
            continue
        dateline = DATELINE_RE.match(s.text)
        body_start = dateline.end() if dateline else 0
        found: dict[tuple[str, str, RegulatorAction], tuple[str | None, str | None]] = {}
        for start, end in clauses(s.text):
            clause = s.text[max(start, body_start) : end]
            actions = _stated(s.text[start:end])
            named = agencies_named(clause)
            parents = {AGENCY_PARENTS.get(agency.name) for agency in named}
            for agency in [agency for agency in named if actions and agency.name not in parents]:
                for action in actions:
                    owner = ACTION_OWNERS.get(action)
                    if owner and owner != agency.name and owner in {a.name for a in named}:
                        continue
                    key = (agency.name, agency.jurisdiction, action)
                    if not found.get(key, (None, None))[0]:
                        target = action is A.TARGET_ACTION_DATE
                        words = _span(ACTION_WORDS_ALL[action], clause)
                        by_words = len(actions) > 1 or action in COMPANY_ACTIONS or target
                        anchor = (
                            words if by_words and words != (0, 0) else _span(agency.pattern, clause)
                        )
                        listed = [
                            _span(ACTION_WORDS_ALL[a], clause) for a in actions if a != action
                        ]
                        others = [
                            _span(other.pattern, clause)
                            for other in named
                            if other.name not in parents | {agency.name}
                        ] + listed
                        between = _stretch(clause, anchor, listed) if len(actions) > 1 else None
                        found[key] = _date_near(clause, anchor, target, others, between)
        for (agency, jurisdiction, action), date in sorted(
            found.items(), key=lambda item: FOUND_ACTIONS.index(item[0][2])
        ):
            date = date if date[0] else find_date(s.text[body_start:])
            mentions.append(AgencyMention(agency, jurisdiction, s.index, action.value, *date))
    return mentions


def document_date(sentences: list[Sentence]) -> tuple[str | None, str | None]:
    """The release's own date: its dateline's, else the first absolute date of its header."""
    header = sentences[:HEADER_SENTENCES]
    for s in header:
        dateline = DATELINE_RE.match(s.text)
        if dateline:
            return find_date(dateline.group())
    return next(
        ((stated, iso) for s in header for stated, iso in [find_date(s.text)] if iso), (None, None)
    )
