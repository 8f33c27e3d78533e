"""drugs: one candidate per drug from its INN, brand and code mentions, with target and modality."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from schemas.enums import Modality
from summarise.pipeline.sentences import Sentence, locator

INN_STEMS = (
    "ib|clax|mab|cel|leucel|tide|gene|stat|siran|rsen|sartan|gliptin|gliflozin|prazole|platin"
    "|taxel|rubicin|vir|estrant|lutamide|lidomide|citabine|limus|cept|kinra|imod"
)
"""WHO INN stems. "-ib" covers the kinase and other enzyme inhibitors (-tinib, -ciclib,
-rafenib, -lisib, -parib ...); a word must be seven letters or more to count, and no
English word that long ends so."""
INN_STOPWORDS = re.compile(
    r"(?:oligo)?nucleotides?|(?:poly)?peptides?|oncogenes?|transgenes?|(?:thermo|homeo|rheo)stat"
    r"|cancel|excel|parcel|reservoir",
    re.I,
)
_INN_RE = re.compile(rf"(?<![A-Za-z])[A-Za-z][a-z]{{2,}}(?:{INN_STEMS})(?![A-Za-z])")
MIN_INN_CHARS = 7
_MULTI_INN_RE = re.compile(  # "Inaticabtagene Autoleucel", "trastuzumab deruxtecan"
    r"\b[A-Za-z][a-z]{2,}(?:gene|mab)\s+[A-Za-z][a-z]{2,}(?:cel|tecan|dotin|tansine|ozogamicin|vec)\b"
)
_CODE_RE = re.compile(r"(?<![A-Za-z0-9-])[A-Z]{2,5}-?\d{2,5}[A-Z]?(?![A-Za-z0-9]|[-.]\d)")
"""A development code ("LW-2103", "SB301"), also inside CJK text; not the stem of a study
number ("LW2103-101") or of a target subtype ("CLDN18.2")."""
CODE_EXCLUSIONS = re.compile(  # diseases, standards, endpoints, year-stamped names, targets
    r"COVID-19|ISO-?\d+|(?:EASI|PASI|ACR|SALT|VASI|PSA|DAS|HAMD|MADRS)-?\d+|[A-Z]+(?:19|20)\d\d"
    r"|(?:CD|JAK|BCL|IL|CDK|HER|FGFR|TYK|IDH|FLT|TLR|CCR|CXCR)-?\d+[A-Z]?"
)
_LATIN_NAME = r"[A-Za-z][a-z]{4,}(?:[ -][a-z]{4,})?"
_LOCAL_NAME = r"[\u30a0-\u30ff\u4e00-\u9fff\uac00-\ud7af]{2,12}"
LABELLED_INN_RE = re.compile(
    r"(?:一般名|成分名|通用名|英文學名|英文学名|學名|学名|성분명|[Gg]eneric name|INN)\s*[：:]?\s*"
    rf"(?:({_LATIN_NAME})|{_LOCAL_NAME}\s*[（(]\s*({_LATIN_NAME})\s*[)）])"
)
LABELLED_LOCAL_RE = re.compile(
    r"(?:一般名|成分名|通用名|中文學名|中文学名|성분명|商品名|中文商品名|販売名|製品名|제품명)\s*[：:]?\s*"
    rf"({_LOCAL_NAME}?)(?=[\s（(、，,；;：:）)]|\d|$)"
)
"""A drug's names in its own script, after the label a CJK release gives them; the brand's
dosage strength ("ルミオファカプセル200mg") is not part of the name."""
LABELLED_BRAND_RE = re.compile(
    r"(?:商品名|中文商品名|販売名|製品名|제품명|[Bb]rand name)\s*[：:]\s*"
    rf"({_LOCAL_NAME}?|[A-Z][A-Za-z]{{2,}})(?=[\s（(、，,；;：:）)]|\d|$)"
)
NAME_BEFORE_CODE_RE = re.compile(
    r"(?<![\w-])([A-Z][a-z]{5,}|[a-z]{6,})\s*[(（]\s*[A-Z]{2,5}-?\d{2,5}\b"
)
GENERIC_BEFORE_CODE = re.compile(
    r"tablets?|capsules?|injection|infusion|ointment|cream|solution|program(?:me)?|study|trial"
    r"|compound|candidate|inhibitor|antibody|agonist|antagonist|therapy|product|molecule|drug"
    r"|asset|medicine|treatment|vaccine|formulation|conjugate|degrader|modulator|platform"
)
"""Words that stand before a code without being the drug's name ("the study (AB-101-301)")."""
_NOT_A_DRUG_AFTER_RE = re.compile(
    r"\s*(?:analog(?:ue)?s?|mimetics?|receptors?|pathways?|signal\w*|genes?|proteins?|expression"
    r"|mutations?|mutant|variants?|levels?|ligands?)\b",
    re.I,
)
"""Words after a code-like token that make it a protein or gene ("a long-acting FGF21
analogue", "IL23 receptor"), not a drug's development code."""
_BRAND_RE = re.compile(
    r"\b([A-Z][A-Za-z0-9-]{2,})\s?[®™]"
    r"|\b([A-Z]{4,})(?=\s*\((?:[a-z]{5,}|[A-Z]{2,5}-?\d{2,5})[),])"
)
"""A brand is marked ® or ™, or is an all-capitals word right before the drug's INN or code
in parentheses ("DARVELTA (lomitertinib)", "ORAVEY (HSP-0715)")."""
_ALIAS_RE = re.compile(
    r",?\s*(?:previously|formerly|also) (?:known|referred to) as\s+|,?\s*(?:formerly|aka)\s+"
)
"""Words joining two names of one drug: "DARVELTA (lomitertinib), previously known as
CRV-2210"."""
_SALTS = "sulfate|sulphate|hydrochloride|mesylate|maleate|tosylate|phosphate|citrate|besylate"
_FORMS = r"cream|ointment|gel|foam|lotion|tablets?|capsules?|(?:cell\s+)?injection|infusion"
_FORM_AFTER_RE = re.compile(
    rf"\s+(?:(?:{_SALTS})\s+)?({_FORMS})\b|(軟膏|乳膏|凝膠|胶囊|膠囊|注射液|カプセル|錠|片)", re.I
)
PRODUCT_FORMS = ("cream", "ointment", "gel", "foam", "lotion")
"""Topical forms of a systemic molecule are separate products and stay in the name
("Ruxolitinib cream"); salts and tablets are just the registered dosage form."""
_PAREN_RE = re.compile(
    r"(?:\s*\d+(?:\.\d+)?\s*(?:mg|g|mL|ml|µg|μg|밀리그램))?[」』”\"']?[®™]?\s*"
    r"[(（]([^()（）]{1,80})[)）]"
)
"""Brackets right after a name, past a dosage strength and a closing quote
("「ルミオファカプセル200mg」（一般名：ミナコプタン）"), full-width ones too."""
TARGET_NAMES = (
    r"KRAS|PD-L?1|CTLA-4|LAG-3|TIM-3|GLP-1|GIP|CLDN\d{1,2}(?:\.\d)?|Claudin ?\d{1,2}"
    r"(?:\.\d)?|B7-H\d|BTK|EGFR|ALK|BRAF|MEK|c-MET|MET|RET|BCMA|TIGIT|TSLP|PARP|mTOR|VEGF|TNF"
    r"|KIT|PCSK9|TROP2|GPRC5D|HER2|APRIL|BAFF|THR-β|CD3ε?|CD\d{1,3}|IL-\d{1,2}[A-Z]?"
)
_ONE_TARGET = rf"(?:{TARGET_NAMES}|[A-Z]{{2,5}}\d{{1,2}}[A-Z]?)"  # or gene-like, in context
_TARGET_RE = re.compile(
    rf"(?<![A-Za-z0-9-]){_ONE_TARGET}(?:/(?:{_ONE_TARGET}|\d{{1,2}}))*(?![A-Za-z0-9])"
)
_TARGET_AFTER_RE = re.compile(
    r"\)?[\s-]*(?:[\w-]+\s+|[A-Za-z0-9-]+)?(?:inhibit|target|antagonist|agonist|blocker|degrader|antibod"
    r"|directed|receptor|engager|抑制剂|抑制劑|靶向|억제제|표적)",
    re.I,
)
_TARGET_BEFORE_RE = re.compile(
    r"(?:inhibit|target|selectiv|bind|block|neutrali[sz])\w*\b[^.;:]{0,45}$|(?:靶向|標靶)\s*$", re.I
)
_PRIOR_THERAPY_RE = re.compile(
    r"\b(?:prior|previous|after|following|progress\w* (?:on|after)|refractory to|resistan\w+ to"
    r"|(?:stopped )?respond\w* to|treated with|failed)\s+(?:(?:a|an|the|one|two|\w+-line)\s+)*$",
    re.I,
)
"""Words before a class named by its target ("progressed on a CDK4/6 inhibitor"): a therapy
patients had before, not the target of the drug in the sentence."""
MODALITY_STEMS = (  # searched in order in the lower-cased INN
    (r"cabtagene|lecleucel", Modality.CAR_T),
    (r"cel$", Modality.OTHER_CELL_THERAPY),
    (r"mab \w+(?:tecan|dotin|tansine|ozogamicin)$", Modality.ADC),
    (r"mab$", Modality.ANTIBODY),
    (r"(?:siran|rsen)$", Modality.OLIGONUCLEOTIDE),
    (r"(?:gene|vec)$", Modality.GENE_THERAPY),
    (r"tide$", Modality.PROTEIN_OR_PEPTIDE),
    (
        r"(?:ib|clax|sartan|gli\w+|prazole|lutamide|lidomide)$",
        Modality.SMALL_MOLECULE,
    ),
)
MODALITY_WORDS = (  # searched only in sentences that name no other drug, in order
    (r"\bCAR-T\b", Modality.CAR_T),
    (
        r"\bCAR-NK\b|\b(?:NK|T)[- ]cell therapy\b|\bcell therapy\b|细胞疗法|細胞療法",
        Modality.OTHER_CELL_THERAPY,
    ),
    (r"antibody[- ]drug conjugate|\bADC\b|抗体偶联|抗體偶聯", Modality.ADC),
    (r"bispecific|双特异|雙特異|이중항체", Modality.BISPECIFIC),
    (r"small[- ]molecule|小分子|저분자", Modality.SMALL_MOLECULE),
    (r"monoclonal antibody|单克隆抗体|單克隆抗體|단일클론항체|항체", Modality.ANTIBODY),
    (r"gene therapy|基因疗法|基因療法", Modality.GENE_THERAPY),
    (r"\bsiRNA\b|\bantisense\b|oligonucleotide", Modality.OLIGONUCLEOTIDE),
    (r"\bpeptide\b|fusion protein|多肽|펩타이드", Modality.PROTEIN_OR_PEPTIDE),
    (r"\bvaccine\b|疫苗|백신", Modality.VACCINE),
)


ORIGINATOR_RE = re.compile(
    r"\b(?:discovered|invented|originated|created|originally developed)(?: and \w+)? (?:by|at)\s+"
    r"|\b(?:in-?licen[cs]ed|licen[cs]ed) (?:\w+ )?from\s+"
)
"""Words after which a company is the drug's originator ("was discovered by Talvera")."""
SELF_DEVELOPED_RE = re.compile(r"自主研发|自主研發|自主開發|자체 개발|自社創製|自社開発|in-house")
"""Words saying the issuer itself discovered the drug ("公司自主研发的", "자체 개발한")."""


@dataclass(frozen=True)
class DrugCandidate:
    name: str
    inn: str | None
    local_names: tuple[str, ...]
    development_codes: tuple[str, ...]
    brand_names: tuple[str, ...]
    targets: tuple[str, ...]
    modality_hint: str | None
    route_or_formulation: str | None
    sentence_indexes: tuple[int, ...]


RANKS = ("inn", "brand", "code", "local")


@dataclass
class DrugMention:
    kind: str  # "inn", "brand", "code" or "local", in order of rank as a drug's name
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
        if (
            _TARGET_AFTER_RE.match(text, t.end())
            or _TARGET_BEFORE_RE.search(text[max(0, t.start() - 60) : t.start()])
        )
        and not _PRIOR_THERAPY_RE.search(text[max(0, t.start() - 40) : t.start()])
    ]


def _spans(pattern: re.Pattern[str], text: str, group: int = 0) -> Iterator[tuple[int, int]]:
    return (m.span(group) for m in pattern.finditer(text) if m.group(group))


def drug_mentions(text: str) -> list[DrugMention]:
    """INN, brand, code and local-name mentions; a token used as a target anywhere is never a
    code. Labelled names ("一般名：ミナコプタン（minacoptan）", "英文學名：tapdelast", "中文商品名：
    安膚寧") and a name right before its code ("Velocardin (AUB-117)") count as the INN or brand
    the label says."""
    targets = {part for t in _targets_in(text) for part in t.group().split("/")}
    found: list[DrugMention] = []
    inns = [*_MULTI_INN_RE.finditer(text), *_INN_RE.finditer(text)]
    inns = [m.span() for m in inns if len(m.group()) >= MIN_INN_CHARS]
    inns = [span for span in inns if not INN_STOPWORDS.fullmatch(text[slice(*span)])]
    inns += [*_spans(LABELLED_INN_RE, text, 1), *_spans(LABELLED_INN_RE, text, 2)]
    inns += [span for span in _spans(NAME_BEFORE_CODE_RE, text, 1) if not _generic(text, span)]
    brands = {b.group(1) or b.group(2) for b in _BRAND_RE.finditer(text)}
    brands |= {m.group(1) for m in LABELLED_BRAND_RE.finditer(text)}
    locals_ = {m.group(1) for m in LABELLED_LOCAL_RE.finditer(text)}
    codes = (
        m.span()
        for m in _CODE_RE.finditer(text)
        if not CODE_EXCLUSIONS.fullmatch(m.group())
        and not _NOT_A_DRUG_AFTER_RE.match(text, m.end())
    )
    for kind, spans in (
        ("inn", inns),
        ("brand", (m.span() for b in brands for m in re.finditer(_whole(b), text))),
        ("code", codes),
        ("local", (m.span() for name in locals_ for m in re.finditer(_whole(name), text))),
    ):
        for start, end in spans:
            surface = text[start:end]
            if surface not in targets and not any(start < f.end and f.start < end for f in found):
                key = surface.upper().replace("-", "") if kind == "code" else surface.lower()
                found.append(DrugMention(kind, key, surface, start, end))
    for mention in found:
        form = _FORM_AFTER_RE.match(text, mention.end)
        if form:
            mention.form = (form.group(1) or form.group(2)).lower()
            if mention.form in PRODUCT_FORMS:
                mention.surface = text[mention.start : form.end()]
    return sorted(found, key=lambda m: m.start)


def _whole(name: str) -> str:
    """A pattern for ``name`` as a whole word; CJK names have no word boundaries to keep."""
    return re.escape(name) if not name.isascii() else rf"\b{re.escape(name)}\b"


def _generic(text: str, span: tuple[int, int]) -> bool:
    return GENERIC_BEFORE_CODE.fullmatch(text[slice(*span)].lower()) is not None


def _group_roots(text: str, mentions: list[DrugMention]) -> dict[str, str]:
    """Entity key -> group root: a name, brand or code in parentheses right after another is
    the same drug ("Mesutoclax (ICP-248)", "ruxolitinib cream (Opzelura®)")."""
    root = {f"{m.kind}:{m.key}": f"{m.kind}:{m.key}" for m in mentions}

    def find(key: str) -> str:
        while root[key] != key:
            key = root[key]
        return key

    def join(m: DrugMention, other: DrugMention) -> None:
        pair = sorted((find(f"{m.kind}:{m.key}"), find(f"{other.kind}:{other.key}")))
        a, b = sorted(pair, key=lambda k: RANKS.index(k.split(":")[0]))
        if a != b:
            root[b] = a

    for m in mentions:
        form = _FORM_AFTER_RE.match(text, m.end)
        paren = _PAREN_RE.match(text, form.end() if form else m.end)
        for inner in mentions if paren else []:
            if paren.start(1) <= inner.start and inner.end <= paren.end(1):
                join(m, inner)
                inner_form = re.search(_FORMS, paren.group(1), re.I)
                m.form = m.form or (inner_form.group().lower() if inner_form else None)
        alias = _ALIAS_RE.match(text, paren.end() if paren else m.end)
        for other in mentions if alias else []:
            if other.start == alias.end():
                join(m, other)
    for paren in re.finditer(r"[(（]([^()（）]{1,80})[)）]", text):
        inside = [m for m in mentions if paren.start(1) <= m.start and m.end <= paren.end(1)]
        for other in inside[1:]:  # "(성분명 델보스티닙, delvostinib, 개발코드명 SB-301)"
            join(inside[0], other)
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


def _codes(surfaces: Iterable[str]) -> tuple[str, ...]:
    """One spelling per code, the hyphenated one when the text uses both ("SB-301", "SB301")."""
    spelt: dict[str, str] = {}
    for surface in surfaces:
        key = surface.replace("-", "")
        if key not in spelt or ("-" in surface and "-" not in spelt[key]):
            spelt[key] = surface
    return tuple(spelt.values())


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
        inns = [m for m in group if m.kind == "inn"]
        named = inns or [m for m in group if m.kind != "local"] or group
        surfaces = [m.surface for m in named]  # a product form, a capital, a hyphen, frequency
        name = max(
            dict.fromkeys(surfaces),
            key=lambda s: (" " in s, s[0].isupper(), "-" in s, surfaces.count(s)),
        )
        others = set().union(*(v for k, v in where.items() if k != root))
        alone = [sentences[i].text for i in sorted(where[root] - others)]
        forms = [m.form for m in group if m.form]
        if where[root]:
            candidates.append(
                DrugCandidate(
                    name,
                    inns[0].key if inns else None,
                    tuple(dict.fromkeys(m.surface for m in group if not m.surface.isascii())),
                    _codes(m.surface for m in group if m.kind == "code"),
                    tuple(dict.fromkeys(m.surface for m in group if m.kind == "brand")),
                    tuple(targets[root]),
                    _modality(named[0].key, alone),
                    forms[0] if forms else None,
                    tuple(sorted(where[root])),
                )
            )
    return candidates
