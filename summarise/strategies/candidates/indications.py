"""indications: the disease a trial studies or an approval is for, as the document writes it.

An indication is read from the words that introduce it: "for the treatment of adults
with ...", "in patients with ...", "用于治疗…", "…の治療", "… 치료제". After such an
introduction the phrase runs to the first clause break, date, place or verb that is not
part of a disease ("whose disease progressed ...", "on June 9", "in China", "were
randomised"). The strong introductions ("for the treatment of") state an indication
outright; the weak ones ("in ...", "for ...") only when the phrase names a disease: a
word for one ("cancer", "-itis", "lymphoma", "癌", "질환") or an abbreviation the
document defines by such words ("non-small cell lung cancer (NSCLC)"). Without that
check "approval for Urgent Clinical Import" would be an indication.
"""

from __future__ import annotations

import re

from summarise.pipeline.sentences import CJK_OR_HANGUL_RE

DISEASE_WORDS = (
    r"cancers?|carcinomas?|tumou?rs?|neoplasms?|malignanc(?:y|ies)|leuka?emias?|lymphomas?"
    r"|myelomas?|sarcomas?|melanomas?|gliomas?|[a-z]+blastomas?|mesotheliomas?|[a-z]{3,}omas?"
    r"|diseases?|syndromes?|disorders?|[a-z]{3,}itis|[a-z]{3,}osis|[a-z]{3,}pathy|[a-z]{3,}a?emia"
    r"|infections?|failure|deficiency|obesity|overweight|diabetes|asthma|psoriasis|vitiligo"
    r"|alopecia|eczema|narcolepsy|epilepsy|migraine|depression|schizophrenia|hypertension"
    r"|insufficiency|polyps|pain|injur(?:y|ies)|dystrophy|atrophy|h(?:a)?emophilia|[a-z]+plasia"
    r"|lupus|angioedema|urticaria|acne|rosacea|gout|dementia|palsy|stroke|fibrillation"
    r"|influenza|covid-19|hiv|sclerosis|fibrosis|steatohepatitis|malaria|tuberculosis"
)
"""Words that name a disease, in English (matched as whole words, case-insensitively)."""
NOT_DISEASE_WORDS = (
    r"diagnosis|prognosis|empathy|sympathy|academia|diploma|aroma|stigma|dogma|enigma|soma"
)
CJK_DISEASE_RE = re.compile(
    r"癌|瘤|白血病|淋巴瘤|骨髓瘤|[\u4e00-\u9fff]病|[\u4e00-\u9fff]症|[\u4e00-\u9fff]炎|综合征"
    r"|綜合徵|感染|がん|腫|암|종양|백혈병|림프종|골수종|질환|[\uac00-\ud7a3]병|[\uac00-\ud7a3]증"
    r"|[\uac00-\ud7a3]염|감염|건선|乾癬|银屑病|銀屑病|湿疹|濕疹|아토피"
)
_DISEASE_RE = re.compile(rf"\b(?!(?:{NOT_DISEASE_WORDS})\b)(?:{DISEASE_WORDS})\b", re.I)

_SUBJECTS = (
    r"(?:patients|adults|participants|subjects|people|individuals|children|adolescents|women|men"
    r"|infants)"
)
STRONG_INTRODUCTIONS = (
    r"\bfor\s+the\s+(?:[\w-]+\s+){0,2}?treatment\s+of\s+",
    r"\bas\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:treatment|therapy)\s+(?:for|of|in)\s+",
    r"\bfor\s+(?:use\s+in|treating)\s+",
    r"\bin\s+treating\s+",
    r"\bindicated\s+(?:for|in)\s+(?:the\s+(?:[\w-]+\s+)?treatment\s+of\s+)?",
    r"\bto\s+include\s+",
)
"""Words after which an indication follows, in English."""
WEAK_INTRODUCTIONS = (
    r"\b(?:approv\w*|designation|authori[sz]ation)\s+(?:in\s+(?:the\s+)?[A-Z][\w.]*\s+)?(?:for|in)\s+",
    rf"\b(?:\d[\d,]*\s+)?(?:[\w-]+\s+)?{_SUBJECTS}\s+with\s+",
    r"\b(?:trials?|stud(?:y|ies)|program(?:me)?s?|development|use|cohort)\s+(?:(?:is\s+)?(?:of|evaluating|investigating|testing|studying)\s+[^,;]{1,40}?\s+)?"
    r"(?:in|for)\s+(?!which\b|whom\b|combination\b|\d)",
    r"\bphase\s+(?:iv|i{1,3}|[1-4])[ab]?(?:\s*/\s*(?:iv|i{1,3}|[1-4])[ab]?)?\s+(?:in|for)\s+",
)
"""Words after which an indication may follow: kept only when a disease is named."""
_STOP_RE = re.compile(
    r"[;:。；]|,\s|，|\s(?:who|which|that|were|was|is|are|has|have|had|will|on|based|following"
    r"|after|before|compared|versus|vs\.?|under|receiving|treated|randomi[sz]ed|until|every"
    r"|did|does|do|met|missed|achieved|showed|demonstrated|reported|said|received|granted"
    r"|completed|began|started|initiated|enrolled|enrolling"
    r"|previously|currently|already|including|such\s+as"
    r"|once|twice|evaluating|designed|according|to(?!\s+\d)|by|at\s+(?:\d|approx|about|sites?"
    r"|\w+\s+sites)|as\s+(?:detected|assessed|measured|determined|a\b|an\b)|in\s+(?:combination"
    r"|China|Japan|Korea|Taiwan|Europe|Asia|Mainland|the\s+(?:U\.?S|United|EU|European|Pilot"
    r"|first|second|third|fourth|coming|next)"
    r"|Macau|Hong\s+Kong|\d)|with\s+or\s+without|with\s+(?:FDA|the)|and\s+(?:is|was|has|will"
    r"|are)|whose|of\s+whom)\b",
    re.I,
)
_NOT_ITEM_RE = re.compile(
    r"(?:a|an|the|which|who|with|as|including|such)\b|.*\b(?:phase|trials?|stud(?:y|ies))\b", re.I
)
_TRAILING_RE = re.compile(r"(?:\s+in)?\s+(?:patients|subjects|participants)$|\s*\[\d+\]$", re.I)
_WHOSE_RE = re.compile(r"\swhose\b", re.I)
_LEADING_RE = re.compile(r"^(?:the|a|an|this|these|its|their)\s+", re.I)
_ANAPHORA_RE = re.compile(r"^(?:this|that|these|those|such|the same)\b", re.I)
_GENERIC_SUBJECT_RE = re.compile(r"^(?:the\s+)?patients\s+with\s+", re.I)
_SUBJECT_RE = re.compile(
    rf"^(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{_SUBJECTS}\s+(?:[^,;]{{0,40}}?\s+)?with\s+", re.I
)
MAX_INDICATION_CHARS = 200

CJK_INTRODUCTIONS = (
    (r"(?:用于治疗|用於治療|用于|用於|治疗|治療|适应症为|適應症為|适应症|適應症)", "after"),
    (r"(?:の治療|に対する治療|を対象|の効能|治療薬)", "before"),
    (r"(?:\s*환자)?(?:의|에\s*대한)?\s*치료(?:제|용|에)?|\s*환자(?:를|을)\s*대상으로", "before"),
)
"""Chinese introduces the disease after the verb; Japanese and Korean put it before."""
CJK_PATIENTS_RE = re.compile(
    r"\d+\s*(?:例|名)(?P<x>[^，。；、,（(]{2,60}?)(?:患者|受试者|受試者)"
    r"|在(?P<y>[^，。；、,（(在]{2,60}?)(?:患者|受试者|受試者)中"
)
""""共入组86例晚期实体瘤患者", "在…晚期實體瘤患者中": the patients' disease."""
_CJK_AFTER_STOP_RE = re.compile(
    r"[，,。；;（(）)：:]|的(?:新药|新藥|药物|藥物|治疗|治療|适应症|適應症)"
    r"|的(?=[IVⅠⅡⅢⅣ\d]+期|临床|臨床|研究|试验|試驗)"
)
_CJK_BEFORE_START_RE = re.compile(
    r"(?:[，,。；;、：:]|(?<=[을를은]|(?<!또)는)\s|(?:로부터|에서|에게|を|は|が)\s*)"
)


def disease_abbreviations(abbreviations: dict[str, str]) -> frozenset[str]:
    """The defined abbreviations whose spelled-out words name a disease."""
    return frozenset(abbr for abbr, words in abbreviations.items() if _DISEASE_RE.search(words))


def names_disease(text: str, diseases: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` names a disease: a disease word, or an abbreviation of one."""
    if _DISEASE_RE.search(text) or CJK_DISEASE_RE.search(text):
        return True
    return any(re.search(rf"(?<![\w-]){re.escape(abbr)}(?![\w])", text) for abbr in diseases)


def _cut(phrase: str, keep_whose: bool, diseases: frozenset[str]) -> str | None:
    """The phrase up to its first stop that leaves a disease named (a comma inside a
    parenthesis never stops it); list items that name diseases too are kept."""
    stops, in_whose = [], False
    for m in _STOP_RE.finditer(phrase):
        if phrase.count("(", 0, m.start()) > phrase.count(")", 0, m.start()):
            continue
        if keep_whose and _WHOSE_RE.match(m.group()):
            in_whose = True
            continue
        if in_whose and not re.match(r"[;:。；,，]", m.group()):
            continue
        stops.append(m)
    end = len(phrase)
    for m in stops:
        before = phrase[: m.start()]
        if not names_disease(before, diseases):
            continue
        rest = phrase[m.end() :]
        item = re.match(r"(?:and\s+|or\s+)?([^,;]{2,60}?)(?=,\s|$|\s+and\s)", rest)
        listed = m.group().startswith(",") and item is not None
        if (
            listed
            and names_disease(item.group(1), diseases)
            and not _NOT_ITEM_RE.match(item.group(1))
        ):
            continue
        end = m.start()
        break
    text = phrase[:end].strip(" .,")
    text = _TRAILING_RE.sub("", _LEADING_RE.sub("", text))
    if not text or _ANAPHORA_RE.match(text) or len(text) > MAX_INDICATION_CHARS:
        return None
    return text if names_disease(text, diseases) else None


def _english(
    text: str, keep_whose: bool, strip_subject: bool, diseases: frozenset[str]
) -> str | None:
    starts = [(m.end(), True) for p in STRONG_INTRODUCTIONS for m in re.finditer(p, text, re.I)]
    starts += [(m.end(), False) for p in WEAK_INTRODUCTIONS for m in re.finditer(p, text, re.I)]
    for start, _strong in sorted(starts, key=lambda item: (not item[1], item[0])):
        found = _cut(text[start:], keep_whose, diseases)
        if found:
            return (_SUBJECT_RE if strip_subject else _GENERIC_SUBJECT_RE).sub("", found)
    return None


def _cjk(text: str) -> str | None:
    for pattern, side in CJK_INTRODUCTIONS:
        for m in re.finditer(pattern, text):
            if side == "after":
                stop = _CJK_AFTER_STOP_RE.search(text, m.end())
                phrase = text[m.end() : stop.start() if stop else len(text)]
            else:
                starts = [s.end() for s in _CJK_BEFORE_START_RE.finditer(text, 0, m.start())]
                phrase = text[starts[-1] if starts else 0 : m.start()]
            phrase = phrase.strip()
            if phrase and CJK_DISEASE_RE.search(phrase) and len(phrase) <= MAX_INDICATION_CHARS:
                return phrase
    patients = CJK_PATIENTS_RE.search(text)
    disease = patients and (patients.group("x") or patients.group("y"))
    return disease if disease and CJK_DISEASE_RE.search(disease) else None


def find_indication(
    text: str,
    diseases: frozenset[str] = frozenset(),
    *,
    keep_whose: bool = False,
    strip_subject: bool = False,
) -> str | None:
    """The indication ``text`` names, as written, or None.

    ``keep_whose``: an approval's indication keeps its "whose disease has progressed ..."
    qualifier; a trial's stops there. ``strip_subject``: "adults with X" is X (a trial's
    population is not its indication).
    """
    found = _english(text, keep_whose, strip_subject, diseases)
    if found is None and CJK_OR_HANGUL_RE.search(text):
        found = _cjk(text)
    return found
