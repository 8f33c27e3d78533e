"""companies: names found by suffix, possessive, counterparty or lexicon, with tickers and roles."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from schemas.enums import CompanyRole
from summarise.pipeline.claims import company_core
from summarise.pipeline.lexicon import AGENCIES, COMPANY_SUFFIXES, PLACES
from summarise.pipeline.sentences import Sentence, locator
from summarise.strategies.candidates.drugs import drug_mentions

KNOWN_COMPANIES = re.compile(
    r"\b(?:AbbVie|Roche|Pfizer|Novartis|Merck|AstraZeneca|Sanofi|GSK|Bayer|Lilly|Incyte|Arcutis"
    r"|BeiGene|Hengrui|Zelgen|Takeda|Amgen|Gilead|Regeneron|Biogen|Moderna|BioNTech|Janssen"
    r"|Innovent|Akeso|Junshi|Hansoh|InnoCare)\b"
)
NOT_COMPANIES = re.compile(  # institutions named with capitals, never companies
    r"\b(?:University|Hospital|Journal|Academy|Institute|College|School|Cent(?:er|re)|Society"
    r"|Association|Administration|Agency|Bureau|Committee|Ministry|Department|Meeting)\b"
)
LEADING_WORDS = re.compile(
    r"The|An?|In|On|At|By|For|From|With|While|And|Moreover|However|Source|Brand|Contact|About"
    r"|Media|Notably"
)
_CAP_RUN_RE = re.compile(
    r"[A-Z][A-Za-z0-9&-]*\.?(?:(?:\s+|\s*,\s*(?=(?:Co|Ltd|Inc|LLC)\b))[A-Z][A-Za-z0-9&-]*\.?)*"
)
_CAP_NAME = r"[A-Z][A-Za-z0-9&-]+(?:\s+[A-Z][A-Za-z0-9&-]+){0,3}"
_COUNTERPARTY_RE = re.compile(
    r"(?:(?:deal|agreement|partnership|collaboration|alliance)\s+with"
    rf"|(?:developed|marketed|manufactured|commerciali[sz]ed)\s+by)\s+({_CAP_NAME})"
    rf"(?:\s+and\s+({_CAP_NAME}))?"
)
_POSSESSIVE_RE = re.compile(r"\b([A-Z][A-Za-z0-9-]+)[’']s\s+(?:[\w/-]+\s+){0,3}$")
_TICKER_RE = re.compile(
    r"\b(HKEX|SEHK|SSE|SZSE|NASDAQ|Nasdaq|NYSE|LSE|TSE|TSX|ASX|KOSDAQ|KRX)\s*:\s*"
    r"([A-Z0-9]{1,6}(?:\.[A-Z]{1,2})?)\b"
)
_COPYRIGHT_RE = re.compile(r"©|all rights reserved", re.I)
ROLE_PATTERNS = (  # pattern, role, where the company is: inside group 1, before or after
    (r"competitors?\s+(?:including|include|such as|like)\s+([^,;.]+)", "competitor", "in"),
    (
        r"\b(?:has|have|holds?|obtained|received|acquired|secured)\s+(?:an?\s+|the\s+)?"
        r"(?:exclusive\s+)?(?:licen[cs]e|rights)\s+to\s+(?:develop|commerciali|manufactur|market)",
        CompanyRole.LICENSEE,
        "before",
    ),
    (r"\b(?:has|holds?|retains?)\s+(?:the\s+)?(?:worldwide|global)\s+rights", "rights", "before"),
    (r"(?:deal|agreement|partnership|collaboration|alliance)\s+with\s+", "partner", "after"),
    (r"\bdeveloped by\s+", "developer", "after"),
)


@dataclass(frozen=True)
class CompanyCandidate:
    name: str
    tickers: tuple[tuple[str, str], ...]
    sentence_indexes: tuple[int, ...]
    role_hints: tuple[str, ...]


def _from_run(run: str) -> str | None:
    """The company in a run of capitalised words: up to its last corporate suffix."""
    words = list(re.finditer(r"[^\s,]+", run))
    ends = [i for i, w in enumerate(words) if COMPANY_SUFFIXES.fullmatch(w.group().rstrip("."))]
    first = 0
    while ends and first < ends[-1] and LEADING_WORDS.fullmatch(words[first].group()):
        first += 1
    if (
        not ends
        or COMPANY_SUFFIXES.fullmatch(words[first].group().rstrip("."))
        or NOT_COMPANIES.search(run)
    ):
        return None
    name = run[words[first].start() : words[ends[-1]].end()]
    return name if re.search(r"\b(?:Ltd|Inc|Co|Corp)\.$", name) else name.rstrip(".")


def find_companies(text: str, sentences: list[Sentence]) -> list[CompanyCandidate]:
    """Companies named by suffix, before a drug ("AbbVie's Ritlecitinib"), as a counterparty or
    from a lexicon; forms of one name merge ("InnoCare Pharma Limited" and "InnoCare")."""
    drugs = drug_mentions(text)
    names: list[str] = []
    for s in [s for s in sentences if not _COPYRIGHT_RE.search(s.text)]:
        names += filter(None, map(_from_run, (m.group() for m in _CAP_RUN_RE.finditer(s.text))))
        names += [n for m in _COUNTERPARTY_RE.finditer(s.text) for n in m.groups() if n]
        names += [m.group() for m in KNOWN_COMPANIES.finditer(s.text)]
        for drug in (d for d in drugs if s.start <= d.start < s.end):
            owner = _POSSESSIVE_RE.search(text[max(s.start, drug.start - 60) : drug.start])
            if owner and owner.group(1).lower() not in {d.key for d in drugs}:
                names.append(owner.group(1))
    groups: dict[str, list[str]] = defaultdict(list)
    agencies = {agency.name for agency in AGENCIES}
    for name in names:
        core = company_core(name)
        if not (PLACES.fullmatch(core) or NOT_COMPANIES.search(name) or core in agencies):
            groups[core.lower()].append(name)
    for key in [key for key in groups if " " not in key]:  # "Junshi" in "Shanghai Junshi ..."
        hosts = [host for host in groups if host != key and key in host.split()]
        if len(hosts) == 1:
            groups[hosts[0]] += groups.pop(key)
    spans: list[tuple[int, int, str]] = []  # mentions: start, end, group key
    for key, forms in groups.items():
        surfaces = {*forms, company_core(max(forms, key=len))}
        for m in re.finditer(
            rf"(?:{'|'.join(map(re.escape, forms))})\s*\(([^()]{{0,120}})\)", text
        ):
            alias = re.findall(r"[“\"]([A-Z]{2,6})[”\"]", m.group(1))  # (... or “CMS”)
            surfaces.update(alias[-1:])
        for surface in surfaces:
            spans += [
                (m.start(), m.end(), key)
                for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)
            ]
    roles: dict[str, list[str]] = defaultdict(list)
    tickers: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s in sentences:
        inside = sorted(x for x in spans if s.start <= x[0] < s.end)
        for pattern, role, where in ROLE_PATTERNS:
            for m in re.finditer(pattern, s.text, re.I):
                a, b = s.start + m.start(m.re.groups), s.start + m.end()
                hit = {
                    "in": [k for st, _, k in inside if a <= st < b],
                    "before": [k for _, en, k in inside if a - 40 <= en <= a][-1:],
                    "after": [k for st, _, k in inside if st == b][:1],
                }[where]
                for key in hit:
                    roles[key] += [] if role in roles[key] else [role]
        for m in _TICKER_RE.finditer(s.text):
            owner = [k for _, en, k in inside if en <= s.start + m.start()][-1:]
            for key in owner:
                ticker = (m.group(1).upper(), m.group(2))
                tickers[key] += [] if ticker in tickers[key] else [ticker]
    licensed = any(CompanyRole.LICENSEE in r for r in roles.values())
    rights = CompanyRole.LICENSOR if licensed else CompanyRole.ORIGINATOR
    candidates = []
    at = locator(sentences)
    for key, forms in groups.items():
        indexes = tuple(sorted({at(st) for st, _, k in spans if k == key} - {None}))
        hints = tuple(
            dict.fromkeys(str(rights if r == "rights" else CompanyRole(r)) for r in roles[key])
        )
        if indexes:
            candidates.append(
                CompanyCandidate(max(forms, key=len), tuple(tickers[key]), indexes, hints)
            )
    return sorted(candidates, key=lambda c: (-len(c.sentence_indexes), c.sentence_indexes[0]))
