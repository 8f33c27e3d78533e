"""regulatory: agencies named with the actions they took in a sentence, and the date it states."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from schemas.enums import RegulatorAction
from summarise.pipeline.numbers import MONTHS
from summarise.strategies.candidates.sentences import Sentence, blank

AGENCIES = (  # canonical, jurisdiction, pattern; the more specific first (CDE is part of NMPA)
    ("CDE", "China", r"Center for Drug Evaluation|\bCDE\b|药品审评中心|药审中心"),
    ("Hainan MPA", "Hainan (China)", r"Hainan Medical Products? Administration|Hainan MPA"),
    (
        "NMPA",
        "China",
        r"National Medical Products? Administration|\bNMPA\b|\bCFDA\b|国家药品?监\w{0,4}局",
    ),
    ("ISAF (Macau)", "Macau", r"\bISAF\b|Pharmaceutical Administration Bureau\b[^.]{0,20}Maca[uo]"),
    ("TFDA", "Taiwan", r"Taiwan Food and Drug Administration|\bTFDA\b"),
    ("FDA", "United States", r"Food and Drug Administration|\bFDA\b"),
    ("EMA", "European Union", r"European Medicines Agency|\bEMA\b"),
    ("PMDA", "Japan", r"Pharmaceuticals and Medical Devices Agency|\bPMDA\b"),
    ("MHRA", "United Kingdom", r"Medicines and Healthcare products Regulatory Agency|\bMHRA\b"),
    ("HSA", "Singapore", r"Health Sciences Authority|\bHSA\b"),
    ("TGA", "Australia", r"Therapeutic Goods Administration|\bTGA\b"),
    ("Health Canada", "Canada", r"Health Canada"),
)
PARENT_AGENCIES = {"CDE": "NMPA"}
ACTIONS = (  # most specific first
    (RegulatorAction.BREAKTHROUGH_THERAPY, r"breakthrough therapy|\bBTD\b|突破性治疗"),
    (RegulatorAction.PRIORITY_REVIEW, r"priority review|优先审评"),
    (RegulatorAction.FAST_TRACK, r"fast[- ]track"),
    (RegulatorAction.ORPHAN_DRUG, r"\borphan"),
    (
        RegulatorAction.APPLICATION_ACCEPTED,
        r"accept\w*\b[^.;]{0,80}?application|application\b[^.;]{0,40}?\baccepted|受理",
    ),
    (RegulatorAction.IND_CLEARANCE, r"\bIND\b|investigational new drug|clinical trial application"),
    (RegulatorAction.EMERGENCY_OR_URGENT_USE, r"urgent clinical import|urgent use|emergency use"),
    (RegulatorAction.CONDITIONAL_APPROVAL, r"\bconditional(?:ly)?\s+(?:approv|marketing|authori)"),
    (RegulatorAction.REJECTION, r"complete response letter|\bCRL\b|\brejected\b"),
    (RegulatorAction.WITHDRAWAL, r"\bwithdr[ae]wn?\b|\bwithdrawal\b"),
    (
        RegulatorAction.APPLICATION_SUBMITTED,
        r"\bsubmit(?:s|ted)?\b|\bsubmission\b|\bfiled\b|\bfilings?\b",
    ),
    (
        RegulatorAction.APPROVAL,
        r"\bapprov(?:ed|al|als|es)\b|grants? marketing|marketing authori[sz]ation|批准",
    ),
)
_NOT_DONE_BEFORE_RE = re.compile(  # "is not approved", "plans to submit"
    r"\b(?:not|no|never|yet to)\b(?:\s+\w+){0,2}\s*$|\b(?:will|(?:plan|expect|intend|aim)s? to)\b",
    re.I,
)
_NOT_DONE_AFTER_RE = re.compile(r"\b(?:expected|anticipated|planned)\b", re.I)  # "filing expected"
_CLAUSE_RE = re.compile(r",\s+(?=(?:with|while|and|but|whereas)\b)|;\s*")
"""Clauses joined like this often concern another agency: "approved in China ..., with FDA
filings anticipated" says nothing the FDA did."""
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


def _actions(clause: str) -> list[str]:
    """Action keywords in a clause, skipping negated and future ones."""
    actions = []
    for action, pattern in ACTIONS:
        for m in re.finditer(pattern, clause, re.I):
            before, after = (
                clause[max(0, m.start() - 30) : m.start()],
                clause[m.end() : m.end() + 50],
            )
            if not (_NOT_DONE_BEFORE_RE.search(before) or _NOT_DONE_AFTER_RE.search(after)):
                actions.append(action.value)
                break
    if RegulatorAction.IND_CLEARANCE in actions:  # "approved the IND" is no marketing approval
        actions = [a for a in actions if a != RegulatorAction.APPROVAL]
    return actions


def find_agency_mentions(sentences: list[Sentence]) -> list[AgencyMention]:
    """One mention per agency per sentence, for agencies named in a clause saying what was done."""
    mentions = []
    for s in sentences:
        found: dict[tuple[str, str], list[str]] = defaultdict(list)
        for clause in [] if _POINTER_RE.search(s.text) else _CLAUSE_RE.split(s.text):
            actions, rest, named = _actions(clause), clause, []
            for agency, jurisdiction, pattern in AGENCIES:
                if re.search(pattern, rest):
                    named.append((agency, jurisdiction))
                    rest = blank(pattern, rest)
            parents = {PARENT_AGENCIES.get(agency) for agency, _ in named}
            for key in named:
                if actions and key[0] not in parents:
                    found[key] += actions
        for (agency, jurisdiction), actions in found.items():
            ordered = tuple(a.value for a, _ in ACTIONS if a.value in actions)
            mentions.append(
                AgencyMention(agency, jurisdiction, s.index, ordered, *find_date(s.text))
            )
    return mentions
