"""results: endpoint results stated in prose, and what the text says of a trial's endpoints.

A result is a value with a unit (%, months, points, minutes, mL/min/1.73 m² per year,
개월, 个月) in a sentence about outcomes, and the endpoint the sentence gives it: "the
confirmed ORR per BICR was 41.1%", "reduced UPCR by 49.6%", "Nasal polyp score (NPS)
improved by 2.07 points", "MASH resolution ... was observed in 22.0% of patients", "a 40%
response rate (SALT score ≤20)", "客观缓解率（ORR）为46.9%", "객관적 반응률(ORR)은 44.2%".
A value with no endpoint in one of those places is skipped, never guessed. The endpoint is
the measure as the document names it; in Chinese, Japanese and Korean, the English
abbreviation the document gives for it ("ORR"). A responder threshold on a scale names the
endpoint with the scale ("a 75% improvement in the F-VASI" is F-VASI75).

Around the value: the comparator's value after "versus", "compared with" ("... 7.2% for
placebo"); hazard and odds ratios and differences with their 95% CIs (a single-arm
estimate's CI is an effect of measure ``other``, on the value itself); p-values with their
operator ("p<0.001", "nominal p<0.001", "p=0.58"); a timepoint ("at week 52", "over 104
weeks"). A relative risk reduction ("reduced the risk of surgery by 82%") is the ratio's
restatement, not an arm value.

Not results: money, market and epidemiology figures, safety and adverse-event rates, and
promotional comparisons ("a 90% improvement over current treatment standards").

What the text says of the endpoints (``EndpointStatement``) is read apart: a declaration
("The primary endpoint is ...", "主要終點為…"), an outcome ("met its primary endpoint",
"did not meet its primary endpoint", through the claim checks' lexicon), a list's
introduction ("met both co-primary endpoints at week 52:"). ``settle`` applies them to
the results of the trial they are about: the endpoints they name, else the list they
introduce, else the trial's first result after them; a declared primary endpoint without
a value is a result of its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from schemas.enums import EffectMeasure
from summarise.pipeline.claims import Passage, clauses, endpoint_outcomes
from summarise.pipeline.merge import name_key
from summarise.pipeline.sentences import Sentence
from summarise.strategies.candidates.abbreviations import DEFINITION_WORDS, spelled_out

UNITS = (
    r"%|percent\b|per\s+cent\b|percentage\s+points?\b|months?\b|weeks?\b|days?\b|years?\b"
    r"|points?\b|minutes?\b|hours?\b|개월|個月|个月|ヶ月|カ月|か月"
    r"|(?!mg/kg|mg/m|µg/kg|μg/kg)(?:mL|mg|g|ng|µg|μg|mmol|nmol|pmol|U|IU|kg|mm|cm|mmHg)"
    r"(?:/[\w.]+(?:\s?m²)?)+(?:\s+per\s+(?:year|week|day|month))?"
)
_NUMBER = r"(?P<sign>(?<![0-9A-Za-z.])[-−])?(?<![0-9A-Za-z.])(?P<num>\d+(?:\.\d+)?)"
_VALUE_RE = re.compile(rf"{_NUMBER}\s*(?P<unit>{UNITS})")
UNIT_NAMES = (
    (r"%|percent|per\s+cent", "%"),
    (r"percentage\s+points?", "percentage points"),
    (r"months?|개월|個月|个月|ヶ月|カ月|か月", "months"),
    (r"weeks?", "weeks"),
    (r"days?", "days"),
    (r"years?", "years"),
    (r"points?", "points"),
    (r"minutes?", "minutes"),
    (r"hours?", "hours"),
)
COMPARATORS = (
    r"placebo(?:\s*(?:\+|plus)\s*[\w-]+)?|vehicle|sham|standard\s+of\s+care|best\s+supportive\s+care"
    r"|control(?:\s+(?:arm|group))?|chemotherapy|active\s+comparator|observation|安慰剂|安慰劑|위약"
    r"|プラセボ"
)
_LOCAL_PLACEBO = {
    "安慰剂": "placebo",
    "安慰劑": "placebo",
    "위약": "placebo",
    "プラセボ": "placebo",
}
_CMP_NAME_RE = re.compile(
    r"^\s*(?:of\s+(?:patients|participants|subjects)\s+)?(?:for|with|on|in|receiving|given|in\s+the)"
    rf"\s+(?:patients\s+(?:receiving|on|treated\s+with|given)\s+)?(?:the\s+)?(?P<cmp>{COMPARATORS})",
    re.I,
)
_CMP_ANYWHERE_RE = re.compile(
    rf"\b(?:versus|vs\.?|compared\s+(?:with|to)|relative\s+to|more\s+than|than)\s+(?:the\s+)?"
    rf"(?P<cmp>{COMPARATORS})",
    re.I,
)
_VERSUS = r"(?:versus|vs\.?|compared\s+(?:with|to)|relative\s+to|against)"
_CMP_VALUE_RE = re.compile(
    rf"^(?P<mid>[^;]{{0,90}}?)\b{_VERSUS}\s+(?:just\s+|only\s+)?{_NUMBER}\s*(?P<unit>{UNITS})?",
    re.I,
)
_CI = r"95\s*%\s*(?:CI|confidence\s+interval)\s*[:,=]?\s*[\[(]?\s*"
_RANGE = r"(?P<lo>[-−]?\d+(?:\.\d+)?)\s*(?:–|—|-|to|,)\s*(?P<hi>[-−]?\d+(?:\.\d+)?)"
_CI_RE = re.compile(rf"{_CI}{_RANGE}", re.I)
_CI_AFTER_RE = re.compile(rf"\s*\(\s*{_CI}{_RANGE}\s*\)", re.I)
EFFECT_MEASURES = (
    (r"hazard\s+ratio|(?-i:\bHR\b)", EffectMeasure.HAZARD_RATIO),
    (r"odds\s+ratio|(?-i:\bOR\b)", EffectMeasure.ODDS_RATIO),
    (r"risk\s+ratio|relative\s+risk|(?-i:\bRR\b)", EffectMeasure.RISK_RATIO),
    (
        r"(?:least[- ]squares?\s+(?:\(LS\)\s+)?)?(?:mean\s+)?(?:treatment\s+)?difference"
        r"|(?-i:\bLSMD\b)",
        EffectMeasure.DIFFERENCE,
    ),
)
_EFFECT_RE = re.compile(
    r"(?P<m>" + "|".join(f"(?:{p})" for p, _ in EFFECT_MEASURES) + r")"
    r"\s*(?:\[(?:HR|OR|RR)\]\s*)?(?:\(\s*95\s*%\s*CI\s*\)\s*)?(?:was\s+|of\s+|=\s*|:\s*|,\s*)?"
    rf"{_NUMBER}(?:\s*(?:{UNITS}))?(?P<paren>\s*\(\s*{_RANGE}\s*\))?",
    re.I,
)
_MORE_THAN_RE = re.compile(
    rf"\bby\s+{_NUMBER}\s*(?P<unit>{UNITS})\s+more\s+than\s+(?P<cmp>{COMPARATORS})", re.I
)
_P_RE = re.compile(
    r"(?<![\w])(?:nominal\s+|two-sided\s+|one-sided\s+)?[pP]\s*(?:-?\s*value\s*)?"
    r"(?P<op><=|>=|=<|=>|=|<|≤|>|≥)\s*(?P<v>\d?\.\d+|\d(?:\.\d+)?)"
)
_OPERATORS = {"≤": "<=", "=<": "<=", "≥": ">=", "=>": ">="}
TIMEPOINT_PATTERNS = (
    r"\b(?:at|after|through|over|within|by)\s+(?P<t>(?:week|month|day|year)\s+\d+)\b",
    r"\b(?:at|after|through|over)\s+(?P<t>\d+\s+(?:weeks?|months?|days?|years?))\b",
    r"(?P<t>第\s*\d+\s*(?:周|週)|\d+\s*(?:周|週)(?:时|時)|\d+\s*주\s*(?:차|시점)|\d+\s*週(?:時点|目))",
)
_TIMEPOINT_RES = tuple(re.compile(p, re.I) for p in TIMEPOINT_PATTERNS)
OUTCOME_WORDS = re.compile(
    r"respon|improv|remission|endpoint|efficacy|reduc|surviv|score|slope|resolution|decline"
    r"|latency|risk\s+of|\brate\b|\b(?:ORR|PFS|OS|DOR|DCR|CR|PR|MRD|PSA\d*|HbA1c|LDL-C)\b|VASI|SALT"
    r"|EASI|PASI|\bIGA\b|\bACR\d+|반응률|생존|관해|缓解|緩解|控制率|生存|应答|應答|奏効|寛解|改善率",
    re.I,
)
NOT_RESULT_WORDS = re.compile(
    r"revenue|sales|profit|market|share\s+price|year-over-year|valued|CAGR|premium|stock|equity"
    r"|royalt|workforce|cash|runway|charges|margin|prevalence|incidence|\bcases\b|account(?:s|ed)?"
    r"\s+for|affects?\b|estimated|diagnosed|adverse|side\s+effects?|\bT?R?AEs?\b|TEAEs?|TRAEs?"
    r"|discontinu|serious|grade\s*[≥>]?\s*[2-5]\b|tolerab|toxicit|pneumonitis|neutropenia"
    r"|over\s+(?:current|existing|standard|other|available)|best-in-class|benchmark|superior\s+to"
    r"|better\s+than|이상반응|부작용|발견|매출|不良|有害事象|副作用|发病|發病|患病|佔|占|销售|銷售",
    re.I,
)
"""Money, market, epidemiology, safety and promotional figures are not endpoint results."""
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")
_STRONG_BREAK = r"[;:；：]"
_BREAK_RE = re.compile(rf"{_STRONG_BREAK}|,\s|，|、")
_DETERMINER = r"(?:(?:and|with|while|whereas|but)\s+)?(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
_EP = r"(?P<ep>[^,;:]+?)"
LEFT_PATTERNS = (
    (
        r"\b(?P<verb>reduced|improved|increased|decreased|lowered|raised|extended|prolonged"
        r"|reduces|improves|increases)\s+(?:the\s+)?(?P<ep>.+?)\s+by\s+(?:a\s+relative\s+|an?\s+"
        r"|approximately\s+|about\s+|nearly\s+)?$",
        "verb",
    ),
    (
        rf"^{_DETERMINER}{_EP}\s+(?:improved|decreased|increased|declined|fell|rose|dropped"
        r"|(?:was|were)\s+(?:reduced|improved|increased|decreased)|changed)\s+by\s+(?:an?\s+"
        r"|approximately\s+)?$",
        "subject",
    ),
    (
        rf"^{_DETERMINER}{_EP}\s+(?:was|were|is|are|of|reached)\s+(?:an?\s+|just\s+|only\s+"
        r"|approximately\s+|about\s+|nearly\s+)?$",
        "copula",
    ),
    (
        rf"^{_DETERMINER}{_EP}\s+(?:(?:was|were)\s+(?:observed|seen|achieved|reported|noted)\s+)?in\s+$",
        "observed",
    ),
)
_LEFT_RES = tuple((re.compile(p, re.I), kind) for p, kind in LEFT_PATTERNS)
_LEFT_LEAD_RE = re.compile(r"^\s*(?:[(（][^()（）]*[)）]\s*)*(?:and\s+)?")
"""A previous result's "(22/42)" and the "and" joining it to the next."""
_INTRODUCED_RE = re.compile(
    r"\bend\s?points?\s+of\s+(?:the\s+)?(?P<ep>[^:;]+?)\s+(?:was|were|is|are)\b[^:;]*:\s*$", re.I
)
_RIGHT_OF_PATIENTS_RE = re.compile(
    r"^\s*of\s+(?:the\s+)?(?:evaluable\s+)?(?:patients|responders|participants|subjects)"
    r"(?:\s+[\w-]+){0,3}?\s+(?:had|achieved|attained|reached|showed)\s+(?:an?\s+)?(?P<ep>[^,;()]+)",
    re.I,
)
_RIGHT_NOUN_RE = re.compile(
    r"^\s*(?P<ep>(?:[A-Za-z][\w-]*\s+){0,3}?(?:response\s+rate|responses?|remissions?|responders"
    r"|rate))\b(?P<qual>\s*\([^()]*\))?",
    re.I,
)
_COUNT_RE = re.compile(
    r"(?<![0-9A-Za-z.])(?P<num>\d+)\s+(?P<ep>(?:confirmed\s+|unconfirmed\s+)?(?:complete|partial|objective"
    r"|overall|durable)\s+(?:responses|remissions|responders))\b(?!\s+rate)",
    re.I,
)
_THRESHOLD_RE = re.compile(
    r"(?P<arm>\d+(?:\.\d+)?)\s*%\s+of\s+(?:the\s+)?(?:patients|participants|subjects)\s+(?:had|achieved"
    r"|attained|reached|showed|found|experienced)\s+an?\s+(?P<thr>\d+)\s*%\s+(?:improvement|reduction"
    r"|increase|decrease|change)\s+(?:from\s+baseline\s+)?in\s+(?:the\s+)?[^()]{3,80}?\s*"
    r"\((?P<abbr>[A-Z][\w-]*)\)",
    re.I,
)
_THRESHOLD_MORE_RE = re.compile(
    r"(?P<arm>\d+(?:\.\d+)?)\s*%\s+(?:of\s+patients\s+)?(?:improving\s+|achieving\s+)?by\s+(?P<thr>\d+)\s*%",
    re.I,
)
_MASKS = (
    _P_RE,
    _CI_RE,
    re.compile(r"\(?\bn\s*=\s*\d+\)?", re.I),
    re.compile(r"\(?\d+\s*/\s*\d+\)?"),
    re.compile(
        r"(?:at\s+least|≥|>=|≤|<=|more\s+than|greater\s+than|less\s+than|up\s+to)\s*\d+(?:\.\d+)?\s*%",
        re.I,
    ),
    re.compile(r"\d+(?:\.\d+)?\s*(?:mg/kg|mg/m²|mg/m2|µg/kg|μg/kg|mg|µg|μg)\b"),
)
_ROLE_FALSE_RE = re.compile(
    r"\bsecondary\b|\bexploratory\b|\bpost[- ]hoc\b|\bsubgroup\b|\bsensitivity\s+analys", re.I
)
_THIS_ROLE_RE = re.compile(r"\bth(?:is|ese)\s+(?:exploratory|secondary|post[- ]hoc)\b", re.I)
PRIMARY_WORDS = (
    r"\b(?:co-?)?primary\s+(?:efficacy\s+)?(?:end\s?points?|outcome\s+measures?|objectives?)\b"
    r"|\bmajor\s+efficacy\s+outcome\s+measures?\b|主要(?:终点|終點|疗效指标|療效指標|评价指标|評價指標"
    r"|研究终点|研究終點)|主要評価項目|(?:1차|주요)\s?(?:유효성\s?)?평가\s?(?:지표|변수)"
)
_PRIMARY_RE = re.compile(PRIMARY_WORDS, re.I)
_DECLARED_RE = re.compile(
    r"^\s*(?:of\s+the\s+(?:study|trial)\s+)?(?:is|was|are|were|will\s+be|include[sd]?|:|为|為|是"
    r"|は|는|은)\s*(?:the\s+)?(?P<x>[^;。；]+)",
    re.I,
)
_NAMED_AFTER_RE = re.compile(
    r"^\s*(?:of|,\s*demonstrating[^,;]*?\b(?:improvement|reduction|increase)\s+in)\s+(?:the\s+)?(?P<x>[^;。；]+)",
    re.I,
)
_ENDPOINT_CUT_RE = re.compile(
    r"\s+(?:at|after|through|over|within)\s+(?:week|month|day|year|\d)|\s+as\s+(?:assessed|measured"
    r"|determined)|,|;|\s+by\s+(?:blinded|independent|investigator)|\s+compared|\s+versus|\s+vs\b"
    r"|\s+(?:was|were|is|are|did|has|had)\b|\s+in\s+(?:patients|the\s+(?:dose|overall))|\s+according"
    r"|\s+per\s+RECIST|[（(](?:n=|N=)|，|。|並|并|；",
    re.I,
)
_LIST_SPLIT_RE = re.compile(r"\s+and\s+|,\s+(?:and\s+)?|及|和|与|與|및|、")
_ABBR_ONLY_RE = re.compile(r"[A-Za-z]{0,2}[A-Z][A-Za-z0-9-]*")
_PAREN_ABBR_RE = re.compile(r"[（(]\s*([A-Za-z][A-Za-z0-9/+-]{1,11})\s*[)）]")
_ENDPOINT_NOUNS = re.compile(
    r"rate|survival|response|score|time|duration|change|resolution|reduction|improvement|toxicit"
    r"|dose|level|ratio|remission|progression|event",
    re.I,
)
MAX_ENDPOINT_WORDS = 16
COLLAPSED_WORDS = 5
"""A spelled-out name of this many words is written as its abbreviation."""
_BULLET_RE = re.compile(r"^\s*(?:[-•*–]|\d+[.)])\s+")


@dataclass(frozen=True)
class Effect:
    measure: EffectMeasure
    value: float
    ci_lower: float | None = None
    ci_upper: float | None = None


@dataclass(frozen=True)
class ResultCandidate:
    sentence_index: int
    position: int
    """Offset of the value in the sentence: the trial named last before it is its trial."""
    endpoint: str
    arm_value: float | None
    unit: str | None
    comparator_value: float | None = None
    comparator: str | None = None
    timepoint: str | None = None
    effect: Effect | None = None
    p_value: float | None = None
    p_operator: str | None = None
    is_primary: bool | None = None
    primary_endpoint_met: bool | None = None
    sentence_indexes: tuple[int, ...] = ()
    """Its evidence: the sentence it is in, then those that told its role or timepoint."""


@dataclass(frozen=True)
class EndpointStatement:
    sentence_index: int
    position: int
    endpoints: tuple[str, ...]
    """Endpoints it names; a declaration's without values become results."""
    met: bool | None
    timepoint: str | None
    declared: bool
    introduces_list: bool


def number(sign: str | None, digits: str) -> float:
    return -float(digits) if sign else float(digits)


def unit_name(unit: str) -> str:
    """'%' for percent, plural English time units, other units as written."""
    for pattern, name in UNIT_NAMES:
        if re.fullmatch(pattern, unit.strip(), re.I):
            return name
    return unit.strip()


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _masked(text: str) -> str:
    """``text`` with p-values, CIs, n=, fractions, thresholds and doses blanked: no result."""
    for pattern in _MASKS:
        for m in pattern.finditer(text):
            text = _blank(text, m.start(), m.end())
    for m in _EFFECT_RE.finditer(text):
        text = _blank(text, m.start(), m.end())
    return text


def timepoint_in(text: str) -> tuple[str, int, int] | None:
    """The first timepoint in ``text``, without its preposition, and its span."""
    found = [m for pattern in _TIMEPOINT_RES if (m := pattern.search(text))]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())
    return m.group("t"), m.start(), m.end()


def _cjk_endpoint(text: str) -> str | None:
    """A CJK endpoint as its English abbreviation when the text gives one ("客观缓解率（ORR）")."""
    text = re.sub(r"(?:은|는|이|가|为|為|是|达到|達到|达|達|は|が)\s*$", "", text.strip())
    words = text.split()
    kept: list[str] = []
    for word in reversed(words):
        if kept and re.search(r"(?:는|은|를|을|에서|에게|에|서|的)$", word):
            break
        kept.insert(0, word)
    phrase = " ".join(kept)
    phrase = re.split(r"[，,、；;：:]", phrase)[-1].strip()
    abbreviations = _PAREN_ABBR_RE.findall(phrase)
    return abbreviations[-1] if abbreviations else (phrase or None)


def _collapsed(text: str) -> str:
    """A long spelled-out name before its abbreviation is the abbreviation: "the Movement
    Disorder Society-Unified Parkinson's Disease Rating Scale (MDS-UPDRS)" is "MDS-UPDRS"."""
    for m in _PAREN_ABBR_RE.finditer(text):
        words = text[: m.start()].split()
        long = spelled_out(words[-DEFINITION_WORDS:], m.group(1)).split()
        threshold = re.search(r"\d+", m.group(1))
        if threshold and re.search(rf"\b{threshold.group()}\s*%", text[: m.start()]):
            return _collapsed(
                f"{m.group(1)}{text[m.end() :]}".strip()
            )  # "a PSA decline of at least 50% (PSA50)"
        if len(long) >= COLLAPSED_WORDS and long != words[-DEFINITION_WORDS:]:
            before = " ".join(words[: len(words) - len(long)])
            before = re.sub(r"(?:^|\s)the$", "", before)
            return _collapsed(f"{before} {m.group(1)}{text[m.end() :]}".strip())
    return text


def clean_endpoint(text: str) -> str | None:
    """The endpoint's words: no article, bullet, timepoint or trailing punctuation."""
    text = _BULLET_RE.sub("", text.strip())
    text = re.sub(r"^(?:the|a|an|its|their|and|with|while)\s+", "", text, flags=re.I)
    time = timepoint_in(text)
    if time:
        text = (text[: time[1]] + text[time[2] :]).strip()
        text = re.sub(r"\s+(?:at|after|through|over|within|by)$", "", text)
    text = _collapsed(text.strip(" ,.;:"))
    words = text.split()
    if not words or len(words) > MAX_ENDPOINT_WORDS or re.match(r"[\d(]", text):
        return None
    if re.search(r"\b(?:was|were|had|has|have|received|announced|said)\b", text, re.I):
        return None
    return text


def _left_endpoint(left: str, cjk: bool) -> tuple[str | None, str | None]:
    """(endpoint, construction) from the words before a value, or (None, None)."""
    for pattern, kind in _LEFT_RES:
        m = pattern.search(left)
        if m:
            endpoint = clean_endpoint(m.group("ep"))
            if endpoint and (kind != "observed" or OUTCOME_WORDS.search(endpoint)):
                return endpoint, (m.groupdict().get("verb") or kind)
    if cjk and left.strip() and _CJK_RE.search(left):
        return _cjk_endpoint(left), "cjk"
    return None, None


def _introduced(before: str) -> str | None:
    """The endpoint a clause ending in ":" names: "The key secondary endpoint of X was not met:"."""
    m = _INTRODUCED_RE.search(before)
    return clean_endpoint(m.group("ep")) if m else None


def _right_endpoint(right: str) -> str | None:
    m = _RIGHT_OF_PATIENTS_RE.match(right)
    if m:
        return clean_endpoint(m.group("ep"))
    m = _RIGHT_NOUN_RE.match(right)
    if m:
        qualifier = (m.group("qual") or "").strip()[1:-1].strip()
        endpoint = clean_endpoint(m.group("ep"))
        if endpoint and re.search(r"[≤≥<>]|<=|>=", qualifier):
            return f"{qualifier} {endpoint}"
        return endpoint
    return None


def _comparator_name(text: str) -> str | None:
    m = _CMP_NAME_RE.match(text) or _CMP_ANYWHERE_RE.search(text)
    if not m:
        return None
    name = m.group("cmp")
    return _LOCAL_PLACEBO.get(name, name.lower() if name.islower() or name[0].isupper() else name)


@dataclass
class _Draft:
    start: int
    end: int
    endpoint: str
    arm: float | None
    unit: str | None
    comparator_value: float | None = None
    comparator: str | None = None
    effect: Effect | None = None
    p_value: float | None = None
    p_operator: str | None = None
    timepoint: str | None = None
    scale: str | None = None
    """The scale a responder threshold is on: its results share one timepoint."""


def _clause_start(text: str, position: int) -> int:
    breaks = [m.end() for m in re.finditer(_STRONG_BREAK, text[:position])]
    return breaks[-1] if breaks else 0


def _left_start(text: str, position: int, floor: int) -> int:
    """Where the words about a value start: after the last clause break before it outside
    brackets, and after the previous result."""
    start = floor
    for m in _BREAK_RE.finditer(text, floor, position):
        if text.count("(", 0, m.start()) <= text.count(")", 0, m.start()):
            start = m.end()
    return start


def _thresholds(text: str) -> list[_Draft]:
    """ "49.5% of patients had a 75% improvement in the F-VASI, with 64.9% improving by 50%"."""
    drafts = []
    for m in _THRESHOLD_RE.finditer(text):
        abbr = m.group("abbr")
        drafts.append(
            _Draft(
                m.start("arm"),
                m.end(),
                f"{abbr}{m.group('thr')}",
                float(m.group("arm")),
                "%",
                scale=abbr,
            )
        )
        clause_end = re.search(r"[;.]\s|$", text[m.end() :])
        tail_end = m.end() + (clause_end.start() if clause_end else 0)
        for more in _THRESHOLD_MORE_RE.finditer(text, m.end(), tail_end):
            drafts.append(
                _Draft(
                    more.start(),
                    more.end(),
                    f"{abbr}{more.group('thr')}",
                    float(more.group("arm")),
                    "%",
                    scale=abbr,
                )
            )
    return drafts


_NOUNS = {
    "increased": "increase",
    "improved": "improvement",
    "reduced": "reduction",
    "decreased": "decrease",
    "prolonged": "prolongation",
    "extended": "extension",
}
_DIFFERENCE_VERB_RE = re.compile(
    rf"\b(?P<verb>{'|'.join(_NOUNS)})\s+(?:the\s+)?(?P<ep>.+?)\s*$", re.I
)


def _differences(text: str) -> list[_Draft]:
    """ "increased X by 18.6 minutes more than placebo": a difference, no arm value."""
    drafts = []
    for m in _MORE_THAN_RE.finditer(text):
        verb = _DIFFERENCE_VERB_RE.search(text[_left_start(text, m.start(), 0) : m.start()])
        endpoint = clean_endpoint(verb.group("ep")) if verb else None
        if verb is None or endpoint is None:
            continue
        noun = _NOUNS[verb.group("verb").lower()]
        comparator = _LOCAL_PLACEBO.get(m.group("cmp"), m.group("cmp").lower())
        effect = Effect(EffectMeasure.DIFFERENCE, number(m.group("sign"), m.group("num")))
        drafts.append(
            _Draft(
                m.start(),
                m.end(),
                f"{endpoint} ({noun} versus {comparator})",
                None,
                unit_name(m.group("unit")),
                comparator=comparator,
                effect=effect,
            )
        )
    return drafts


def _drafts(text: str) -> list[_Draft]:
    """The results of one sentence, in order, each with the span its words take."""
    drafts = _thresholds(text) + _differences(text)
    taken = [(d.start, d.end) for d in drafts]
    masked = _masked(text)
    cjk = bool(_CJK_RE.search(text))
    values = [
        (m.start(), m.end(), number(m.group("sign"), m.group("num")), unit_name(m.group("unit")))
        for m in _VALUE_RE.finditer(masked)
    ]
    values += [
        (m.start(), m.end(), float(m.group("num")), "patients") for m in _COUNT_RE.finditer(masked)
    ]
    floor = 0
    for start, end, value, unit in sorted(values):
        if start < floor or any(a <= start < b for a, b in taken):
            continue
        left_start = _left_start(text, start, floor)
        left = _LEFT_LEAD_RE.sub("", text[left_start:start])
        endpoint, kind = _left_endpoint(left, cjk)
        if endpoint is None and not left.strip():
            endpoint, kind = _introduced(text[:left_start]), "introduced"
        if unit == "patients":
            count = _COUNT_RE.match(masked, start)
            endpoint, kind = (clean_endpoint(count.group("ep")), "count") if count else (None, None)
        if endpoint is None:
            endpoint = _right_endpoint(text[end:])
            kind = "right" if endpoint else None
        if endpoint is None:
            continue
        draft = _Draft(start, end, endpoint, value, unit)
        if kind in ("reduced", "reduces") and re.match(r"risk\b", endpoint, re.I):
            draft.arm, draft.unit = (
                None,
                None,
            )  # "reduced the risk of X by 82%": the ratio's restatement
        versus = _CMP_VALUE_RE.match(masked[end:])
        between = (
            [unit_name(v.group("unit")) for v in _VALUE_RE.finditer(versus.group("mid"))]
            if versus
            else []
        )
        if versus and draft.arm is not None and unit not in between:
            other_unit = versus.group("unit")
            if other_unit is None or unit_name(other_unit) == unit:
                draft.comparator_value = number(versus.group("sign"), versus.group("num"))
                draft.end = end + versus.end()
        clause_end = re.search(
            r"[;；]|,\s+(?:and|while|with)\b|\s+and\s+(?=\w+\s+(?:reduced|improved))",
            text[draft.end :],
        )
        draft.comparator = _comparator_name(
            text[draft.end :][: clause_end.start() if clause_end else None]
        ) or _comparator_name(text[_clause_start(text, start) : draft.end])
        if draft.comparator_value is not None and draft.comparator is None:
            draft.comparator_value = None
        drafts.append(draft)
        taken.append((draft.start, draft.end))
        floor = draft.end
    return sorted(drafts, key=lambda d: d.start)


def _nearest(drafts: list[_Draft], position: int) -> _Draft | None:
    before = [d for d in drafts if d.start <= position]
    return before[-1] if before else (drafts[0] if drafts else None)


def _annotate(text: str, drafts: list[_Draft]) -> None:
    """Effects, CIs, p-values and timepoints, each to the result it follows."""
    for m in _EFFECT_RE.finditer(text):
        draft = _nearest(drafts, m.start())
        if draft is None or draft.effect is not None:
            continue
        measure = next(
            measure
            for pattern, measure in EFFECT_MEASURES
            if re.fullmatch(pattern, m.group("m"), re.I)
        )
        low = high = None
        ci = _CI_RE.search(text, m.end(), m.end() + 40) if not m.group("paren") else None
        if m.group("paren"):
            low, high = (
                float(m.group("lo").replace("−", "-")),
                float(m.group("hi").replace("−", "-")),
            )
        elif ci:
            low, high = (
                float(ci.group("lo").replace("−", "-")),
                float(ci.group("hi").replace("−", "-")),
            )
        draft.effect = Effect(measure, number(m.group("sign"), m.group("num")), low, high)
    for draft in drafts:
        if draft.effect is None and draft.arm is not None and draft.comparator is None:
            ci = _CI_AFTER_RE.match(text, draft.end)
            if ci:
                draft.effect = Effect(
                    EffectMeasure.OTHER,
                    draft.arm,
                    float(ci.group("lo").replace("−", "-")),
                    float(ci.group("hi").replace("−", "-")),
                )
    for m in _P_RE.finditer(text):
        draft = _nearest(drafts, m.start())
        if draft is not None and draft.p_value is None:
            draft.p_value = float(m.group("v"))
            draft.p_operator = _OPERATORS.get(m.group("op"), m.group("op"))
    for index, draft in enumerate(drafts):
        start = max(_clause_start(text, draft.start), drafts[index - 1].end if index else 0)
        following = drafts[index + 1].start if index + 1 < len(drafts) else len(text)
        clause_end = re.search(r"[;；]", text[draft.end :])
        end = min(following, draft.end + clause_end.start() if clause_end else len(text))
        time = timepoint_in(text[start:end])
        if time:
            draft.timepoint = time[0]
        elif index and draft.scale and drafts[index - 1].scale == draft.scale:
            draft.timepoint = drafts[index - 1].timepoint


def _share_comparator(text: str, drafts: list[_Draft]) -> None:
    """A comparison without its comparator named takes the one its sentence names, when there
    is one: "reduced X by 82% compared with placebo (HR 0.18) and Y by 71% (HR 0.29)"."""
    named = {d.comparator for d in drafts if d.comparator}
    if len(named) != 1:
        return
    for draft in drafts:
        compared = draft.comparator_value is not None or (
            draft.effect is not None and draft.effect.measure is not EffectMeasure.OTHER
        )
        if draft.comparator is None and compared:
            draft.comparator = next(iter(named))


def _role(sentences: list[Sentence], index: int) -> bool | None:
    """Whether a sentence says its results are the primary endpoint (True), or a secondary,
    exploratory or post hoc one (False); a next sentence's "this exploratory endpoint" too."""
    text = sentences[index].text
    primary = bool(_PRIMARY_RE.search(text))
    other = bool(_ROLE_FALSE_RE.search(text)) or (
        index + 1 < len(sentences) and bool(_THIS_ROLE_RE.search(sentences[index + 1].text))
    )
    if primary and not other:
        return True
    if other and not primary:
        return False
    return None


def _met(sentence: Sentence) -> bool | None:
    """Whether the clause naming the primary endpoint says it was met or missed."""
    said: set[bool] = set()
    for start, end in clauses(sentence.text):
        if _PRIMARY_RE.search(sentence.text[start:end]):
            said |= endpoint_outcomes([Passage(sentence, start, end)])
    return said.pop() if len(said) == 1 else None


def is_table_row(text: str) -> bool:
    return text.count("|") >= 2 or text.count("\t") >= 2


def _abbreviated(endpoint: str, abbreviations: Mapping[str, str]) -> str:
    """A CJK endpoint as the English abbreviation the document defines it by."""
    if not _CJK_RE.search(endpoint):
        return endpoint
    for abbreviation, words in abbreviations.items():
        if words.replace(" ", "").endswith(endpoint.replace(" ", "")):
            return abbreviation
    return endpoint


def find_results(
    sentences: list[Sentence], abbreviations: Mapping[str, str] | None = None
) -> list[ResultCandidate]:
    """Results stated in sentences about outcomes; tables are ``tables.find_table_results``'.
    ``abbreviations`` (the document's, see ``abbreviations``) give CJK endpoints in English."""
    results = []
    for s in sentences:
        if (
            is_table_row(s.text)
            or not OUTCOME_WORDS.search(s.text)
            or NOT_RESULT_WORDS.search(s.text)
        ):
            continue
        drafts = _drafts(s.text)
        _annotate(s.text, drafts)
        _share_comparator(s.text, drafts)
        role = _role(sentences, s.index) if drafts else None
        met = _met(s) if role else None
        evidence = [s.index]
        if (
            role is False
            and s.index + 1 < len(sentences)
            and _THIS_ROLE_RE.search(sentences[s.index + 1].text)
        ):
            evidence.append(s.index + 1)
        for d in drafts:
            results.append(
                ResultCandidate(
                    s.index,
                    d.start,
                    _abbreviated(d.endpoint, abbreviations or {}),
                    d.arm,
                    d.unit,
                    d.comparator_value,
                    d.comparator,
                    d.timepoint,
                    d.effect,
                    d.p_value,
                    d.p_operator,
                    role,
                    met,
                    tuple(evidence),
                )
            )
    return results


def _declared(text: str) -> list[str]:
    """The endpoints a declaration lists: "ORR and DOR", "DLT及MTD"; one when the parts are not
    all endpoints ("Parts II and III combined score")."""
    cut = _ENDPOINT_CUT_RE.search(text)
    text = text[: cut.start()] if cut else text
    parts = [p.strip(" .") for p in _LIST_SPLIT_RE.split(text) if p.strip(" .")]
    cjk = bool(_CJK_RE.search(text))
    if cjk:
        parts = [_PAREN_ABBR_RE.findall(p)[-1] if _PAREN_ABBR_RE.findall(p) else p for p in parts]
    elif len(parts) > 1 and not all(
        _ABBR_ONLY_RE.fullmatch(p)
        or (_ENDPOINT_NOUNS.search(p) and not re.match(r"(?:I{1,3}|IV|\d)\b", p))
        for p in parts
    ):
        parts = [text.strip(" .")]
    return [e for p in parts if (e := clean_endpoint(p))]


def find_endpoint_statements(sentences: list[Sentence]) -> list[EndpointStatement]:
    """What sentences say of primary endpoints: which they are, whether met, from when."""
    statements = []
    for s in sentences:
        for m in [] if is_table_row(s.text) else _PRIMARY_RE.finditer(s.text):
            statements.append(_statement(s, m))
    return statements


def _statement(s: Sentence, m: re.Match[str]) -> EndpointStatement:
    after = s.text[m.end() :]
    declared = _DECLARED_RE.match(after)
    named = declared or _NAMED_AFTER_RE.match(after)
    time = timepoint_in(after)
    return EndpointStatement(
        s.index,
        m.start(),
        tuple(_declared(named.group("x"))) if named else (),
        _met(s),
        time[0] if time else None,
        declared is not None and not re.match(r"\s*:", after),
        s.text.rstrip().endswith((":", "：")),
    )


def endpoints_match(declared: str, endpoint: str) -> bool:
    """One name inside the other, or the declared abbreviation a word of the endpoint."""
    a, b = name_key(declared), name_key(endpoint)
    if len(a) >= 3 and len(b) >= 3 and (a in b or b in a):
        return True
    return bool(re.search(rf"(?<![\w-]){re.escape(declared)}(?![\w-])", endpoint))


def settle(
    results: list[ResultCandidate], statements: list[EndpointStatement], bullets: set[int]
) -> list[ResultCandidate]:
    """One trial's results with what its statements say: primary or not, met or missed,
    their timepoint; a declared primary endpoint with no value becomes a result. ``bullets``
    are the indexes of list-item sentences, which a statement ending in ":" introduces."""
    settled = list(results)

    def apply(index: int, statement: EndpointStatement) -> None:
        result = settled[index]
        settled[index] = replace(
            result,
            is_primary=True,
            primary_endpoint_met=statement.met
            if statement.met is not None
            else result.primary_endpoint_met,
            timepoint=result.timepoint or statement.timepoint,
            sentence_indexes=tuple(
                dict.fromkeys([*result.sentence_indexes, statement.sentence_index])
            ),
        )

    for statement in statements:
        if statement.endpoints:
            for endpoint in statement.endpoints:
                hits = [
                    i
                    for i, r in enumerate(settled)
                    if r.arm_value is not None or r.effect
                    if endpoints_match(endpoint, r.endpoint)
                ]
                for i in hits:
                    apply(i, statement)
                if not hits and statement.declared and statement.met is None:
                    settled.append(
                        ResultCandidate(
                            statement.sentence_index,
                            statement.position,
                            endpoint,
                            None,
                            None,
                            timepoint=statement.timepoint,
                            is_primary=True,
                            sentence_indexes=(statement.sentence_index,),
                        )
                    )
        elif statement.introduces_list:
            run, index = set(), statement.sentence_index + 1
            while index in bullets:
                run.add(index)
                index += 1
            for i, r in enumerate(settled):
                if r.sentence_index in run:
                    apply(i, statement)
        elif statement.met is not None:
            primary = [i for i, r in enumerate(settled) if r.is_primary]
            later = [
                i
                for i, r in enumerate(settled)
                if r.sentence_index > statement.sentence_index and r.is_primary is not False
            ]
            for i in primary or later[:1]:
                apply(i, statement)
    return settled


def is_bullet(text: str) -> bool:
    """A list item: "- ...", "• ...", "1. ..."."""
    return bool(_BULLET_RE.match(text))


def merge_results(results: list[ResultCandidate]) -> list[ResultCandidate]:
    """One result per value stated twice (a headline bullet and the body): same values and
    unit, compatible endpoints; the longer endpoint and both quotes are kept."""
    kept: list[ResultCandidate] = []
    for result in results:
        same = next(
            (
                i
                for i, k in enumerate(kept)
                if (k.arm_value, k.comparator_value, k.unit)
                == (result.arm_value, result.comparator_value, result.unit)
                and k.arm_value is not None
                and endpoints_match(k.endpoint, result.endpoint)
            ),
            None,
        )
        if same is None:
            kept.append(result)
            continue
        first = kept[same]
        longer = max((first, result), key=lambda r: len(r.endpoint))
        kept[same] = replace(
            longer,
            sentence_indexes=tuple(
                dict.fromkeys([*first.sentence_indexes, *result.sentence_indexes])
            ),
            timepoint=first.timepoint or result.timepoint,
            is_primary=first.is_primary if first.is_primary is not None else result.is_primary,
        )
    return kept
