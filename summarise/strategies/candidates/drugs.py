"""drugs: one candidate per drug from its INN, brand and code mentions, with target and modality."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from schemas.enums import Modality
from summarise.pipeline.sentences import Sentence, locator

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
class DrugMention:
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


def drug_mentions(text: str) -> list[DrugMention]:
    """INN, brand and code mentions; a token used as a target anywhere is never a code."""
    targets = {part for t in _targets_in(text) for part in t.group().split("/")}
    found: list[DrugMention] = []
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
                found.append(DrugMention(kind, key, m.group(), *m.span()))
    for mention in found:
        form = _FORM_AFTER_RE.match(text, mention.end)
        if form:
            mention.form = form.group(1).lower()
            if mention.form in PRODUCT_FORMS:
                mention.surface = text[mention.start : form.end()]
    return sorted(found, key=lambda m: m.start)


def _group_roots(text: str, mentions: list[DrugMention]) -> dict[str, str]:
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
    mentions, at = drug_mentions(text), locator(sentences)
    roots = _group_roots(text, mentions)
    groups: dict[str, list[DrugMention]] = defaultdict(list)
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
