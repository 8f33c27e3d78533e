"""trials: sentences giving a trial's phase, design, counts or status, or an outcome percentage."""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.enums import Phase
from summarise.pipeline.numbers import NUMBER_WORDS
from summarise.pipeline.sentences import Sentence

_PHASE_RE = re.compile(
    r"\bphase\s*(iv|i{1,3}|[1-4])[ab]?(?:\s*/\s*(iv|i{1,3}|[1-4])[ab]?)?\b", re.I
)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
PHASE_NUMBERS = {"1": Phase.PHASE_1, "2": Phase.PHASE_2, "3": Phase.PHASE_3, "4": Phase.PHASE_4}
PHASE_NUMBERS |= {"12": Phase.PHASE_1_2, "23": Phase.PHASE_2_3}  # "Phase I/II", "Phase 2/3"
PHASE_WORDS = (
    (r"\bpivotal\s+(?:[\w-]+\s+){0,2}(?:trials?|stud(?:y|ies))", Phase.PIVOTAL),
    (r"\breal[- ]world\b", Phase.REAL_WORLD),
    (r"\bpre-?clinical\b", Phase.PRECLINICAL),
)
DESIGN_RE = re.compile(
    r"randomi[sz]ed|double[- ]blind|placebo[- ]controlled|single[- ]arm|open[- ]label"
    r"|multi-?cent(?:er|re)|single[- ]cent(?:er|re)|retrospective|prospective|observational"
    r"|bridging|registrational",
    re.I,
)
_SUBJECT = r"(?:patient|subject|participant)s?"
STATUSES = (
    ("first patient dosed", rf"first {_SUBJECT} (?:(?:has been|was|were) )?dosed"),
    ("first patient dosed", rf"dos(?:ing|ed?) (?:of|for|to) the first {_SUBJECT}"),
    ("enrollment complete", r"complet\w* (?:of )?(?:patient )?enrol{1,2}ment"),
    ("enrollment complete", r"enrol{1,2}ment (?:(?:was|has been) )?complete"),
    ("topline results", r"top-?line (?:results|data)"),
    ("results published", r"\bpublished\b"),
    ("results presented", r"\bpresented\b|oral (?:report|presentation)"),
)
_TRIAL_WORD_RE = re.compile(r"\b(?:trials?|stud(?:y|ies)|enrol{1,2}\w*)\b", re.I)
_CARDINALS = "|".join(w for w in NUMBER_WORDS if not w.endswith(("st", "nd", "rd", "th")))
_COUNT = rf"(?<![\d.,/])\b(\d{{1,3}}(?:,\d{{3}})+|\d+|{_CARDINALS})(?!\.\d)\s+"  # not "first"
_NO_SCALE = r"(?!(?:million|billion|thousand|hundred)\b)"  # "4.65 million patients" is prevalence
COUNT_PATTERNS = {  # "approximately 192 atopic dermatitis patients", "10 clinical centers"
    "patients": rf"{_COUNT}{_NO_SCALE}(?:(?!\d)[\w/-]+\s+){{0,3}}?{_SUBJECT}\b",
    "sites": rf"{_COUNT}(?:(?!\d)[\w-]+\s+){{0,2}}?(?:sites|centers|centres|hospitals)\b",
}


@dataclass(frozen=True)
class TrialCandidate:
    sentence_index: int
    phase_hints: tuple[str, ...]
    design: tuple[str, ...]
    counts: dict[str, tuple[int, ...]]
    status_hint: str | None


def _count(word: str) -> int:
    """A count written in digits ("1,234") or words ("ten")."""
    return NUMBER_WORDS.get(word.lower()) or int(word.replace(",", ""))


def _design(word: str) -> str:
    """One spelling per design, so that options compare equal across documents."""
    word = re.sub(r"[ -]+", "-", word.lower()).replace("randomised", "randomized")
    return re.sub(r"multi-?centre|multi-?center", "multi-center", word).replace("centre", "center")


def find_trials(sentences: list[Sentence]) -> list[TrialCandidate]:
    """Sentences about a trial that state something checkable: phase, design, counts or status."""
    trials = []
    for s in sentences:
        phased = _PHASE_RE.finditer(s.text)
        numbers = ("".join(_ROMAN.get(g.lower(), g) for g in m.groups() if g) for m in phased)
        phases = [PHASE_NUMBERS.get(n, Phase.OTHER) for n in numbers]
        phases += [phase for pattern, phase in PHASE_WORDS if re.search(pattern, s.text, re.I)]
        counts = {
            role: tuple(dict.fromkeys(_count(m.group(1)) for m in re.finditer(p, s.text, re.I)))
            for role, p in COUNT_PATTERNS.items()
        }
        counts = {role: values for role, values in counts.items() if values}
        design = tuple(dict.fromkeys(_design(m.group()) for m in DESIGN_RE.finditer(s.text)))
        status = next((name for name, p in STATUSES if re.search(p, s.text, re.I)), None)
        about_trial = phases or counts or _TRIAL_WORD_RE.search(s.text)
        if about_trial and (phases or design or counts or status):
            phase_values = tuple(dict.fromkeys(p.value for p in phases))
            trials.append(TrialCandidate(s.index, phase_values, design, counts, status))
    return trials


PERCENT_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")
_OUTCOME_RE = re.compile(
    r"respon|improv|remission|endpoint|efficacy|reduction|surviv|\b(?:ORR|PFS|OS|DOR)\b|VASI"
    r"|SALT|EASI|PASI|\bIGA\b",
    re.I,
)
_NOT_OUTCOME_RE = re.compile(  # money, market and epidemiology figures
    r"revenue|sales|profit|market|share price|year-over-year|valued|CAGR|prevalence|incidence", re.I
)
ENDPOINT_RE = re.compile(  # leftmost-longest labels, returned as written
    r"SALT(?: score)?\s*(?:≤|<=|<)\s*\d+|\b[FT]-VASI\d*|\bEASI-\d+|\bPASI[- ]?\d+"
    r"|(?i:overall response rate|objective response rate|complete (?:response|remission)"
    r"|progression-free survival|overall survival|response rate)|\b(?:ORR|CR|PFS|OS|DOR|MRD)\b"
)
_TIMEPOINT_RE = re.compile(
    r"\b(?:at|after|by|through|over|within|to)\s+(week\s+\d+|\d+\s+(?:weeks?|months?|days?|years?))\b",
    re.I,
)
_COMPARATOR_RE = re.compile(
    r"(?:compared (?:to|with)|versus|vs\.?|relative to)\s+[^;]{0,30}?\b"
    r"(placebo|vehicle|standard of care|chemotherapy|control)\b",
    re.I,
)


@dataclass(frozen=True)
class ResultCandidate:
    sentence_index: int
    percentages: tuple[float, ...]
    endpoint_hints: tuple[str, ...]
    timepoint: str | None
    comparator: str | None


def find_results(sentences: list[Sentence]) -> list[ResultCandidate]:
    """Sentences giving outcome percentages; market, revenue and epidemiology figures are not."""
    results = []
    for s in sentences:
        percentages = tuple(float(m.group(1)) for m in PERCENT_RE.finditer(s.text))
        if percentages and _OUTCOME_RE.search(s.text) and not _NOT_OUTCOME_RE.search(s.text):
            endpoints = tuple(dict.fromkeys(m.group() for m in ENDPOINT_RE.finditer(s.text)))
            time, versus = _TIMEPOINT_RE.search(s.text), _COMPARATOR_RE.search(s.text)
            time_text, versus_text = time and time.group(1), versus and versus.group(1).lower()
            results.append(ResultCandidate(s.index, percentages, endpoints, time_text, versus_text))
    return results
