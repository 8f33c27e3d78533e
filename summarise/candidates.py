"""candidates: facts that code can find, for a small model to choose among.

A 135M-270M parameter model cannot write a nested JSON summary, but it can pick one option
from a short closed list. So code does the finding - sentences, drugs, agencies, companies,
trials, results, deals, caveats - with patterns and small lexicons, and ties each candidate to
sentence indexes, so that every option offered to the model carries its own evidence.

Finders prefer precision to recall: a tiny model takes whatever it is offered, so a wrong
option does more harm than a missing one. Lexicons are regex alternations.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from schemas.enums import CaveatKind, CompanyRole, DealType, Modality, Phase, RegulatorAction
from summarise.numbers import MONTHS, NUMBER_WORDS, SCALES

# --- sentences ---------------------------------------------------------------------------------

ABBREVIATIONS = re.compile(
    r"Dr|Mrs?|Ms|Prof|Nos?|[Vv]s|Figs?|St|Jr|Sr|approx|al|Ref|Vol|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
    r"|Sept?|Oct|Nov|Dec|(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]"
)
"""Tokens whose period does not end a sentence: titles, "vs", initialisms ("U.S", "e.g")."""
_CJK = r"\u3040-\u30ff\u3400-\u9fff"
_SENTENCE_END_RE = re.compile(  # never before a lowercase word or "(" ("Ltd. (HKEX: ...)")
    rf"[。！？]+[」』”’\"')\]]*|[.!?]+[”’\"')\]]*(?=\s+[^\sa-z(]|\s*$|[{_CJK}])"
    r"|(?<=[a-z]{2})[.!?](?=[A-Z][a-z])"  # "beginning.In": two scraped pages glued together
)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # text[start:end] == sentence.text
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with exact offsets: evidence quotes are sentences, so they must align verbatim."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\r\n]+", text):
        piece = line.start()
        for end in _SENTENCE_END_RE.finditer(text, line.start(), line.end()):
            before = text[piece : end.start()]
            token = re.search(r"[A-Za-z.]+$", before)
            if end.group()[0] == "." and (
                before.strip().isdigit() or (token and ABBREVIATIONS.fullmatch(token.group()))
            ):
                continue  # "1." numbering a list, "Dr.", "U.S."
            spans.append((piece, end.end()))
            piece = end.end()
        spans.append((piece, line.end()))
    sentences: list[Sentence] = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return sentences


def _locator(sentences: list[Sentence]) -> Callable[[int], int | None]:
    """Index of the sentence holding a text offset (None between sentences)."""
    starts = [s.start for s in sentences]

    def at(position: int) -> int | None:
        i = bisect.bisect_right(starts, position) - 1
        return i if i >= 0 and position < sentences[i].end else None

    return at


def title_line(text: str) -> str | None:
    """The headline: a short first line not ending in a period, after a lone site-brand word."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and " " not in lines[0]:
        lines = lines[1:]
    ok = lines and len(lines[0]) < 200 and not lines[0].endswith((".", "。"))
    return lines[0] if ok else None


def _blank(pattern: str, text: str) -> str:
    """``text`` with matches of ``pattern`` spaced out, so shorter patterns cannot reuse them."""
    return re.sub(pattern, lambda m: " " * len(m.group()), text)


# --- drugs -------------------------------------------------------------------------------------

INN_STEMS = (
    "tinib|citinib|clax|mab|cel|leucel|parib|lisib|ciclib|rafenib|degib|tide|gene|stat|siran"
    "|rsen|sartan|gliptin|gliflozin|prazole|platin|taxel|rubicin|vir"
)
INN_STOPWORDS = re.compile(
    r"(?:oligo)?nucleotides?|(?:poly)?peptides?|oncogenes?|transgenes?|(?:thermo|homeo|rheo)stat"
    r"|cancel|excel|parcel|reservoir",
    re.I,
)
_INN_RE = re.compile(rf"\b[A-Za-z][a-z]{{2,}}(?:{INN_STEMS})\b")
_MULTI_INN_RE = re.compile(  # "Inaticabtagene Autoleucel", "trastuzumab deruxtecan"
    r"\b[A-Za-z][a-z]{2,}(?:gene|mab)\s+[A-Za-z][a-z]{2,}(?:cel|tecan|dotin|tansine|ozogamicin|vec)\b"
)
_CODE_RE = re.compile(r"\b[A-Z]{2,5}-?\d{2,5}[A-Z]?\b")
CODE_EXCLUSIONS = re.compile(  # diseases, standards, endpoints, year-stamped names, targets
    r"COVID-19|ISO-?\d+|(?:EASI|PASI|ACR|SALT|VASI)-?\d+|[A-Z]+(?:19|20)\d\d"
    r"|(?:CD|JAK|BCL|IL|CDK|HER|FGFR|TYK|IDH|FLT|TLR|CCR|CXCR)-?\d+[A-Z]?"
)
_BRAND_RE = re.compile(r"\b([A-Z][A-Za-z0-9-]{2,})\s?[®™]")
_SALTS = "sulfate|sulphate|hydrochloride|mesylate|maleate|tosylate|phosphate|citrate|besylate"
_FORMS = r"cream|ointment|gel|foam|lotion|tablets?|capsules?|(?:cell\s+)?injection|infusion"
_FORM_AFTER_RE = re.compile(rf"\s+(?:(?:{_SALTS})\s+)?({_FORMS})\b", re.I)
PRODUCT_FORMS = ("cream", "ointment", "gel", "foam", "lotion")
"""Topical forms of a systemic molecule are separate products and stay in the name
("Ruxolitinib cream"); salts and tablets are just the registered dosage form."""
_PAREN_RE = re.compile(r"[®™]?\s*\(([^()]{1,80})\)")
TARGET_NAMES = (
    r"KRAS G12[CD]|PD-L?1|CTLA-4|LAG-3|TIM-3|GLP-1|CLDN18\.2|BTK|EGFR|ALK|BRAF|MEK|MET|RET|BCMA"
    r"|TIGIT|TSLP|PARP|mTOR|VEGF|TNF|KIT|PCSK9|TROP2|GPRC5D|HER2|IL-\d{1,2}[A-Z]?"
)
_ONE_TARGET = rf"(?:{TARGET_NAMES}|[A-Z]{{2,5}}\d{{1,2}}[A-Z]?)"  # or gene-like, in context
_TARGET_RE = re.compile(rf"(?<![\w-]){_ONE_TARGET}(?:/(?:{_ONE_TARGET}|\d{{1,2}}))*(?!\w)")
_TARGET_AFTER_RE = re.compile(
    r"[\s-]*(?:[\w-]+\s+)?(?:inhibit|target|antagonist|agonist|blocker|degrader|antibod|directed)",
    re.I,
)
_TARGET_BEFORE_RE = re.compile(r"(?:inhibit|target|selectiv|binding)\w*\b[^.;:]{0,45}$", re.I)
MODALITY_STEMS = (  # searched in order in the lower-cased INN
    (r"cabtagene|lecleucel", Modality.CAR_T),
    (r"cel$", Modality.OTHER_CELL_THERAPY),
    (r"mab \w+(?:tecan|dotin|tansine|ozogamicin)$", Modality.ADC),
    (r"mab$", Modality.ANTIBODY),
    (r"(?:siran|rsen)$", Modality.OLIGONUCLEOTIDE),
    (r"(?:gene|vec)$", Modality.GENE_THERAPY),
    (r"tide$", Modality.PROTEIN_OR_PEPTIDE),
    (
        r"(?:tinib|clax|parib|lisib|ciclib|rafenib|degib|sartan|gli\w+|prazole)$",
        Modality.SMALL_MOLECULE,
    ),
)
MODALITY_WORDS = (  # searched only in sentences that name no other drug
    (r"\bCAR-T\b", Modality.CAR_T),
    (r"small[- ]molecule", Modality.SMALL_MOLECULE),
    (r"antibody-drug conjugate|\bADC\b", Modality.ADC),
    (r"bispecific", Modality.BISPECIFIC),
    (r"monoclonal antibody", Modality.ANTIBODY),
    (r"gene therapy", Modality.GENE_THERAPY),
)


@dataclass(frozen=True)
class DrugCandidate:
    name: str
    development_codes: tuple[str, ...]
    brand_names: tuple[str, ...]
    targets: tuple[str, ...]
    modality_hint: str | None
    route_or_formulation: str | None
    sentence_indexes: tuple[int, ...]


@dataclass
class _Mention:
    kind: str  # "inn", "brand" or "code", in order of rank as a drug's name
    key: str
    surface: str
    start: int
    end: int
    form: str | None = None


def _targets_in(text: str) -> list[re.Match[str]]:
    """Target tokens where the wording says so ("JAK1 inhibitor", "CD19-targeted")."""
    return [
        t
        for t in _TARGET_RE.finditer(text)
        if _TARGET_AFTER_RE.match(text, t.end())
        or _TARGET_BEFORE_RE.search(text[max(0, t.start() - 60) : t.start()])
    ]


def _drug_mentions(text: str) -> list[_Mention]:
    """INN, brand and code mentions; a token used as a target anywhere is never a code."""
    targets = {part for t in _targets_in(text) for part in t.group().split("/")}
    found: list[_Mention] = []
    inns = [*_MULTI_INN_RE.finditer(text), *_INN_RE.finditer(text)]
    brands = {b.group(1) for b in _BRAND_RE.finditer(text)}
    for kind, matches in (
        ("inn", (m for m in inns if len(m.group()) > 6 and not INN_STOPWORDS.fullmatch(m.group()))),
        ("brand", (m for b in brands for m in re.finditer(rf"\b{re.escape(b)}\b", text))),
        ("code", (m for m in _CODE_RE.finditer(text) if not CODE_EXCLUSIONS.fullmatch(m.group()))),
    ):
        for m in matches:
            if m.group() not in targets and not any(
                m.start() < f.end and f.start < m.end() for f in found
            ):
                key = m.group().upper() if kind == "code" else m.group().lower()
                found.append(_Mention(kind, key, m.group(), *m.span()))
    for mention in found:
        form = _FORM_AFTER_RE.match(text, mention.end)
        if form:
            mention.form = form.group(1).lower()
            if mention.form in PRODUCT_FORMS:
                mention.surface = text[mention.start : form.end()]
    return sorted(found, key=lambda m: m.start)


def _group_roots(text: str, mentions: list[_Mention]) -> dict[str, str]:
    """Entity key -> group root: a name, brand or code in parentheses right after another is
    the same drug ("Mesutoclax (ICP-248)", "ruxolitinib cream (Opzelura®)")."""
    root = {f"{m.kind}:{m.key}": f"{m.kind}:{m.key}" for m in mentions}

    def find(key: str) -> str:
        while root[key] != key:
            key = root[key]
        return key

    for m in mentions:
        form = _FORM_AFTER_RE.match(text, m.end)
        paren = _PAREN_RE.match(text, form.end() if form else m.end)
        for inner in mentions if paren else []:
            if paren.start(1) <= inner.start and inner.end <= paren.end(1):
                pair = sorted((find(f"{m.kind}:{m.key}"), find(f"{inner.kind}:{inner.key}")))
                a, b = sorted(pair, key=lambda k: ("inn", "brand", "code").index(k.split(":")[0]))
                root[b] = a
                inner_form = re.search(_FORMS, paren.group(1), re.I)
                m.form = m.form or (inner_form.group().lower() if inner_form else None)
    return {key: find(key) for key in root}


def _modality(inn: str, sentence_texts: list[str]) -> str | None:
    """The INN stem is the surest sign; words like "CAR-T" count only in sentences naming no
    other drug, where they cannot describe a competitor."""
    for pattern, modality in MODALITY_STEMS:
        if re.search(pattern, inn.lower()):
            return modality.value
    for pattern, modality in MODALITY_WORDS:
        if any(re.search(pattern, text, re.I) for text in sentence_texts):
            return modality.value
    return None


def find_drugs(text: str, sentences: list[Sentence]) -> list[DrugCandidate]:
    """Drug candidates, most mentioned first, so the subject drug leads and competitors follow."""
    mentions, at = _drug_mentions(text), _locator(sentences)
    roots = _group_roots(text, mentions)
    groups: dict[str, list[_Mention]] = defaultdict(list)
    for m in mentions:
        groups[roots[f"{m.kind}:{m.key}"]].append(m)
    where = {root: {at(m.start) for m in group} - {None} for root, group in groups.items()}
    targets: dict[str, list[str]] = defaultdict(list)
    for t in _targets_in(text):
        here = at(t.start())
        near = [m for m in mentions if here is not None and at(m.start) == here]
        if near:  # the target belongs to the nearest drug in its sentence
            m = min(near, key=lambda m: max(m.start - t.end(), t.start() - m.end))
            prefix = re.match(r"\D*", t.group()).group()
            for part in t.group().split("/"):  # "JAK1/2" -> JAK1, JAK2
                part = prefix + part if part.isdigit() else part
                if part not in targets[roots[f"{m.kind}:{m.key}"]]:
                    targets[roots[f"{m.kind}:{m.key}"]].append(part)
    candidates = []
    for root, group in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[1][0].start)):
        named = [m for m in group if m.kind == "inn"] or group
        surfaces = [m.surface for m in named]  # prefer a product form, a capital, then frequency
        name = max(
            dict.fromkeys(surfaces), key=lambda s: (" " in s, s[0].isupper(), surfaces.count(s))
        )
        others = set().union(*(v for k, v in where.items() if k != root))
        alone = [sentences[i].text for i in sorted(where[root] - others)]
        forms = [m.form for m in group if m.form]
        if where[root]:
            candidates.append(
                DrugCandidate(
                    name,
                    tuple(dict.fromkeys(m.surface for m in group if m.kind == "code")),
                    tuple(dict.fromkeys(m.surface for m in group if m.kind == "brand")),
                    tuple(targets[root]),
                    _modality(named[0].key, alone),
                    forms[0] if forms else None,
                    tuple(sorted(where[root])),
                )
            )
    return candidates


# --- regulators --------------------------------------------------------------------------------

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
                    rest = _blank(pattern, rest)
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


# --- companies ---------------------------------------------------------------------------------

COMPANY_SUFFIXES = re.compile(
    r"Limited|Ltd|Inc|Co|Corp|Corporation|Holdings|Pharma|(?:Bio)?[Pp]harmaceuticals?|Biopharma"
    r"|Biotech(?:nology)?|Therapeutics|Biosciences?|Biologics|Group|AG|plc|PLC|GmbH|LLC|SA"
    r"|Laboratories"
)
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
PLACES = re.compile(r"China|Japan|Europe|America|Korea|Macau|Hainan|Taiwan|Global")
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


def _core(name: str) -> str:
    """The name without corporate suffixes: "InnoCare Pharma Limited" -> "InnoCare"."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and COMPANY_SUFFIXES.fullmatch(words[-1].rstrip(".")):
        words.pop()
    return " ".join(words)


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
    drugs = _drug_mentions(text)
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
    agencies = {agency for agency, _, _ in AGENCIES}
    for name in names:
        core = _core(name)
        if not (PLACES.fullmatch(core) or NOT_COMPANIES.search(name) or core in agencies):
            groups[core.lower()].append(name)
    for key in [key for key in groups if " " not in key]:  # "Junshi" in "Shanghai Junshi ..."
        hosts = [host for host in groups if host != key and key in host.split()]
        if len(hosts) == 1:
            groups[hosts[0]] += groups.pop(key)
    spans: list[tuple[int, int, str]] = []  # mentions: start, end, group key
    for key, forms in groups.items():
        surfaces = {*forms, _core(max(forms, key=len))}
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
    at = _locator(sentences)
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


# --- trials and results ------------------------------------------------------------------------

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


_PERCENT_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")
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
        percentages = tuple(float(m.group(1)) for m in _PERCENT_RE.finditer(s.text))
        if percentages and _OUTCOME_RE.search(s.text) and not _NOT_OUTCOME_RE.search(s.text):
            endpoints = tuple(dict.fromkeys(m.group() for m in ENDPOINT_RE.finditer(s.text)))
            time, versus = _TIMEPOINT_RE.search(s.text), _COMPARATOR_RE.search(s.text)
            time_text, versus_text = time and time.group(1), versus and versus.group(1).lower()
            results.append(ResultCandidate(s.index, percentages, endpoints, time_text, versus_text))
    return results


# --- deals -------------------------------------------------------------------------------------

DEAL_TYPES = (  # first match wins; OTHER also needs a company named in the sentence
    (DealType.ACQUISITION, r"\bacqui(?:re[sd]?|ring|sition)\b|\bmerger\b|收购"),
    (DealType.OPTION, r"\boption (?:to (?:acquire|license|in-license)|agreement|rights)\b"),
    (DealType.CO_DEVELOPMENT, r"\bco-?develop\w*|\bjoint(?:ly)? develop\w*"),
    (DealType.CO_COMMERCIALISATION, r"\bco-?commerciali[sz]\w*|\bco-?promot\w*"),
    (
        DealType.LICENSING,
        r"(?<!biologics )\blicen[cs]\w*\b(?! application)|\bexclusive rights\b|许可协议",
    ),
    (DealType.DISTRIBUTION, r"\bdistribution (?:agreement|deal|rights)\b"),
    (DealType.FINANCING, r"\bfinancing\b|\bfunding round\b|\bprivate placement\b"),
    (DealType.OTHER, r"\b(?:agreement|partnership|collaboration|alliance|deal)\s+with\s+[A-Z]"),
)
_MARKET_SIZE_RE = re.compile(
    r"\b(?:revenue|net profit|market (?:size|value)|valued at|projected to reach|CAGR)\b", re.I
)
CURRENCIES = {"US$": "USD", "$": "USD", "USD": "USD", "dollars": "USD", "US dollars": "USD"}
CURRENCIES |= {"HK$": "HKD", "HKD": "HKD", "€": "EUR", "EUR": "EUR", "euros": "EUR", "£": "GBP"}
CURRENCIES |= {"GBP": "GBP", "¥": "CNY", "RMB": "CNY", "CNY": "CNY", "yuan": "CNY", "元": "CNY"}
_NUM = r"\d[\d,]*(?:\.\d+)?"
_MONEY_RE = re.compile(
    rf"(?P<c1>US\$|HK\$|RMB|CNY|USD|EUR|GBP|HKD|\$|€|£|¥)\s?(?P<n1>{_NUM})"
    r"(?:\s*(?P<s1>million|billion|thousand|trillion|bn|mn|m|b|k)(?![A-Za-z]))?"
    rf"|(?P<n2>{_NUM})\s*(?P<s2>亿|万)?\s*(?P<c2>元)"
    rf"|(?P<n3>{_NUM})\s*(?P<s3>million|billion)?\s+(?P<c3>US dollars|dollars|euros|yuan)\b"
)
TERRITORIES = (  # canonical, pattern; earlier matches are blanked for later patterns
    ("ex-China", r"outside (?:of )?(?:Greater |Mainland )?China"),
    ("Mainland China", r"Mainland(?: of)? China|Chinese mainland"),
    ("Greater China", r"Greater China"),
    ("Hong Kong", r"Hong Kong"),
    ("Macau", r"Maca[uo]"),
    ("Taiwan", r"Taiwan"),
    ("Southeast Asia", r"South[- ]?east Asian?"),
    ("North America", r"North American?"),
    ("Europe", r"Europe(?:an)?"),
    ("United States", r"United States|\bU\.S\.|\bUS\b(?!\$)"),
    ("Japan", r"\bJapan(?:ese)?\b"),
    ("South Korea", r"\b(?:South )?Korea\b"),
    ("Worldwide", r"\bworldwide\b|\bglobal\b"),
    ("China", r"\b(?:in|for|within|including)\s+China\b"),
)


@dataclass(frozen=True)
class DealCandidate:
    sentence_index: int
    amounts: tuple[tuple[float, str, str], ...]
    deal_type_hint: str | None
    territory: tuple[str, ...]
    company_names: tuple[str, ...]


def _amounts(text: str) -> tuple[tuple[float, str, str], ...]:
    """(value in units, ISO currency, as written); full units match the schema's Money."""
    found = []
    for m in _MONEY_RE.finditer(text):
        n = next(i for i in "123" if m[f"n{i}"])
        scale = SCALES.get((m[f"s{n}"] or "").lower(), 1)
        value = float(Decimal(m[f"n{n}"].replace(",", "")) * scale)
        found.append((value, CURRENCIES[m[f"c{n}"]], m.group().strip()))
    return tuple(found)


def _territories(text: str) -> tuple[str, ...]:
    """Regions in order of appearance; "Mainland China" is not also read as "China"."""
    found = []
    for name, pattern in TERRITORIES:
        found += [(m.start(), name) for m in re.finditer(pattern, text)]
        text = _blank(pattern, text)
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


def find_deals(sentences: list[Sentence], companies: list[CompanyCandidate]) -> list[DealCandidate]:
    """Sentences naming a kind of deal; market-size and revenue sentences are not deals.
    The territory is read after the deal word ("licensing deal ... for North American ...")."""
    deals = []
    for s in [s for s in sentences if not _MARKET_SIZE_RE.search(s.text)]:
        named = tuple(c.name for c in companies if s.index in c.sentence_indexes)
        for deal_type, pattern in DEAL_TYPES:
            m = re.search(pattern, s.text, 0 if deal_type == DealType.OTHER else re.I)
            if m and (deal_type != DealType.OTHER or named):
                where = _territories(s.text[m.start() :])
                deals.append(
                    DealCandidate(s.index, _amounts(s.text), deal_type.value, where, named)
                )
                break
    return deals


# --- caveats -----------------------------------------------------------------------------------

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
            [float(m.group(1)) for m in _PERCENT_RE.finditer(s.text) if m.start() != gain.start()]
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
