"""results: endpoint results stated in prose, read from the words around each value.

A result is a value with a unit (%, months, points, minutes, "mL/min/1.73 m² per year",
개월, 个月) in a sentence about outcomes, and the endpoint the sentence gives it:

- before the value: "the confirmed ORR per BICR was 41.1%", "an ORR of 41%", "reduced UPCR
  by 49.6%", "Nasal polyp score (NPS) improved by 2.07 points", "MASH resolution ... was
  observed in 22.0%", "with complete responses in 4.5%", "ORR: 45%", "客观缓解率（ORR）为46.9%",
  "객관적 반응률(ORR)은 44.2%"; or a clause ending in ":" that names it ("The key secondary
  endpoint of X was not met: 26.7% ...");
- after it: "a 40% response rate (SALT score ≤20)", "63% of responders had a response
  lasting ...", "a 45% reduction in monthly migraine days", "3 confirmed partial responses".

A value with no endpoint in one of those places is skipped, never guessed. The endpoint is
the measure as the document names it; in Chinese, Japanese and Korean the English
abbreviation it gives ("ORR"). A responder threshold on a scale names the endpoint with
the scale ("49.5% of patients had a 75% improvement in the F-VASI" is F-VASI75).

Around the value: the comparator arm's value ("versus 7.2% for placebo", "and 28.4% with
placebo", "对照组为4.1个月") and name (placebo, vehicle, control, standard of care, a drug by
its INN); hazard and odds ratios and differences with their 95% CIs, a single-arm
estimate's CI as an effect of measure ``other`` on the value itself; the p-value and its
operator ("nominal p<0.001"); the timepoint ("at week 52", "over 104 weeks"). A relative
change against a comparator with no value of its own ("reduced the risk of surgery by 82%
compared with placebo", "by 38% compared with placebo") restates a ratio: it is no arm
value.

Not results: sentences about money, markets, epidemiology, safety and adverse events, and
promotional comparisons ("a 90% improvement over current treatment standards").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from schemas.enums import EffectMeasure
from summarise.pipeline.sentences import CJK_OR_HANGUL_RE, Sentence
from summarise.strategies.candidates.abbreviations import DEFINITION_WORDS, spelling
from summarise.strategies.candidates.drugs import INN_STEMS

UNITS = (
    r"%|percent\b|per\s+cent\b|percentage\s+points?\b|months?\b|weeks?\b|days?\b|years?\b"
    r"|points?\b|minutes?\b|hours?\b|개월|個月|个月|ヶ月|カ月|か月"
    r"|events?\s+per\s+(?:patient|person|participant)[- ]years?\b|mL\b(?!/)"
    r"|(?!mg/kg|mg/m|µg/kg|μg/kg)(?:mL|mg|g|ng|µg|μg|mmol|nmol|pmol|U|IU|kg|mm|cm|mmHg)"
    r"(?:/[A-Za-z0-9.]+(?:\s?m²)?)+(?:\s+per\s+(?:year|week|day|month))?"
)
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
_NUMBER = r"(?P<sign>(?<![0-9A-Za-z.])[-−])?(?<![0-9A-Za-z.])(?P<num>\d+(?:\.\d+)?)"
_VALUE_RE = re.compile(rf"{_NUMBER}\s*(?P<unit>{UNITS})")
_COUNT_RE = re.compile(
    r"(?<![0-9A-Za-z.])(?P<num>\d+)\s+(?P<ep>(?:confirmed\s+|unconfirmed\s+)?(?:complete|partial"
    r"|objective|overall|durable)\s+(?:responses|remissions|responders))\b(?!\s+rate)",
    re.I,
)
""""3 confirmed partial responses": a count of patients."""

COMPARATORS = (
    r"placebo(?:\s*(?:\+|plus)\s*[\w-]+)?|vehicle|sham|standard\s+of\s+care|best\s+supportive\s+care"
    r"|control(?:\s+(?:arm|group))?|chemotherapy|active\s+comparator|observation|安慰剂|安慰劑|위약"
    rf"|プラセボ|[a-z]{{2,}}(?:{INN_STEMS})\b"
)
"""Comparator arms: placebo, control, standard of care, or a drug by its INN ("regorafenib")."""
_LOCAL_COMPARATORS = {
    **dict.fromkeys(("安慰剂", "安慰劑", "위약", "プラセボ"), "placebo"),
    **dict.fromkeys(("安慰剂组", "安慰劑組", "위약군", "プラセボ群"), "placebo"),
    **dict.fromkeys(("对照组", "對照組", "대조군", "対照群"), "control"),
    **dict.fromkeys(("赋形剂组", "賦形劑組", "기제군", "基剤群"), "vehicle"),
}
_VERSUS = r"(?:versus|vs\.?|compared\s+(?:with|to)|relative\s+to|against)"
_CJK_ARMS = "|".join(arm for arm in _LOCAL_COMPARATORS if arm[-1] in "组組군群")
"""The comparator arms by their CJK names ("安慰剂组", "賦形劑組")."""
_CMP_NAME_RE = re.compile(
    r"^\s*(?:of\s+(?:patients|participants|subjects)\s+)?(?:for|with|on|in|receiving|given"
    rf"|in\s+the)\s+(?:patients\s+(?:receiving|on|treated\s+with|given)\s+)?(?:the\s+)?"
    rf"(?P<cmp>{COMPARATORS})",
    re.I,
)
_CMP_ANYWHERE_RE = re.compile(
    rf"\b(?:{_VERSUS}|more\s+than|than)\s+(?:(?:just|only)\s+)?(?:the\s+)?(?P<cmp>{COMPARATORS})",
    re.I,
)
_CMP_VALUE_RES = (
    re.compile(
        rf"^(?P<mid>[^;]{{0,90}}?)\b{_VERSUS}\s+(?:just\s+|only\s+)?{_NUMBER}\s*(?P<unit>{UNITS})?",
        re.I,
    ),
    re.compile(
        rf"^(?P<mid>\s*(?:with|for|in|on)\s+[^,;]{{1,40}}?)\s+and\s+(?:by\s+)?{_NUMBER}\s*"
        rf"(?P<unit>{UNITS})?"
        rf"(?=\s+(?:with|for|in|on)\s+(?:the\s+)?(?:{COMPARATORS}))",
        re.I,
    ),
    re.compile(
        rf"^(?P<mid>[^；;。]{{0,20}}?[，,、]\s*(?:{_CJK_ARMS})\s*(?:为|為|은|는|では|は|이|가|の)?\s*)"
        rf"{_NUMBER}\s*(?P<unit>{UNITS})"
    ),
    re.compile(
        rf"^(?P<mid>[^;；。]{{0,30}}?(?:{_VERSUS}\s+)?(?:{COMPARATORS}|{_CJK_ARMS}))\s*[(（]\s*"
        rf"{_NUMBER}\s*(?P<unit>{UNITS})\s*[)）]",
        re.I,
    ),
)
"""The comparator arm's value: "versus 7.2%", "and 28.4% with placebo", "对照组为4.1个月"."""
_CJK_CMP_RE = re.compile(_CJK_ARMS)
_NOT_COMPARATOR_AFTER = re.compile(
    r"^\s*(?:of\s+patients\s+)?(?:in|from|with|at)\s+(?:the\s+)?(?:prior|previous|earlier"
    r"|historical|baseline)",
    re.I,
)
"""A value "compared with 30% in the prior study" is no comparator arm's."""

_CI = r"95\s*%\s*(?:CI|confidence\s+interval)\s*[:：,，=]?\s*[\[(]?\s*"
_RANGE = r"(?P<lo>[-−]?\d+(?:\.\d+)?)\s*%?\s*(?:–|—|-|~|～|to|,)\s*(?P<hi>[-−]?\d+(?:\.\d+)?)\s*%?"
_CI_RE = re.compile(rf"{_CI}{_RANGE}", re.I)
_CI_AFTER_RE = re.compile(rf"\s*[(（]\s*{_CI}{_RANGE}\s*(?=[)）;；,，])", re.I)
"""A CI in brackets right after a value: "(95% CI 1.2 to 2.6; p<0.001)", "（95% CI：59%-77%）"."""
EFFECT_MEASURES = (
    (r"hazard\s+ratio|(?-i:\bHR\b)", EffectMeasure.HAZARD_RATIO),
    (r"odds\s+ratio|(?-i:\bOR\b)", EffectMeasure.ODDS_RATIO),
    (r"risk\s+ratio|relative\s+risk|(?-i:\bRR\b)", EffectMeasure.RISK_RATIO),
    (r"rate\s+ratio|(?-i:\b[A-Z]{1,4}R\s+ratio\b)", EffectMeasure.OTHER),
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
_FROM_TO_RE = re.compile(
    r"\b(?:fell|decreased|declined|dropped|improved|increased|rose|(?:was|were)\s+(?:reduced"
    rf"|lowered))\s+from\s+(?:a\s+mean\s+of\s+)?{_NUMBER}\s*(?P<unit>{UNITS})?"
    r"(?P<base>(?:\s+(?:during|at|in|on|before)\s+[\w-]+(?:\s+[\w-]+)?)?)\s+to\s+"
    rf"{_NUMBER.replace('sign', 'sign2').replace('num', 'num2')}\s*(?P<unit2>{UNITS})?(?![\d.])",
    re.I,
)
""""fell from 4.6 during lead-in to 1.2": a change from a period's value to the arm's."""
_MORE_THAN_RE = re.compile(
    rf"\bby\s+{_NUMBER}\s*(?P<unit>{UNITS})\s+more\s+than\s+(?P<cmp>{COMPARATORS})", re.I
)
_DIFFERENCE_NOUNS = {
    "increased": "increase",
    "improved": "improvement",
    "reduced": "reduction",
    "decreased": "decrease",
    "prolonged": "prolongation",
    "extended": "extension",
}
_DIFFERENCE_VERB_RE = re.compile(
    rf"\b(?P<verb>{'|'.join(_DIFFERENCE_NOUNS)})\s+(?:the\s+)?(?P<ep>.+?)\s*$", re.I
)
_P_RE = re.compile(
    r"(?<![\w])(?:nominal\s+|two-sided\s+|one-sided\s+)?[pP]\s*(?:-?\s*value\s*)?"
    r"(?P<op><=|>=|=<|=>|=|<|≤|>|≥)\s*(?P<v>\d?\.\d+|\d(?:\.\d+)?)"
)
OPERATORS = {"≤": "<=", "=<": "<=", "≥": ">=", "=>": ">="}

TIMEPOINT_PATTERNS = (
    r"\b(?:at|after|through|over|within|by|to)\s+(?P<t>(?:week|month|day|year)\s+\d+)\b",
    r"\b(?:at|after|through|over)\s+(?P<t>\d+\s+(?:weeks?|months?|days?|years?))\b",
    r"(?P<t>第\s*\d+\s*(?:周|週)|\d+\s*(?:周|週)(?:时|時)|\d+\s*주\s*(?:차|시점)|\d+\s*週(?:時点|目|時))",
    r"(?<![\d.])(?P<t>\d+\s*(?:个月|個月|개월|ヶ月|カ月|か月))(?=\s*(?:[A-Za-z]|无|無|总|總|生存|缓解|緩解"
    r"|持续|持續|应答|應答))",
)
"""Timepoints: "at week 52", "over 104 weeks", "第8週", and a landmark rate's "12个月DoR率"."""
_TIMEPOINT_RES = tuple(re.compile(p, re.I) for p in TIMEPOINT_PATTERNS)

OUTCOME_WORDS = re.compile(
    r"respon|improv|remission|endpoint|efficacy|reduc|surviv|score|slope|resolution|decline"
    r"|latency|risk\s+of|\brate\b|disease\s+control|clinical\s+benefit|recurrence|relapse"
    r"|exacerbation|weight|blood\s+pressure|\b(?:ORR|PFS|OS|DOR|DCR|CR|PR|MRD|PSA\d*|HbA1c|LDL-C)\b"
    r"|VASI|SALT|EASI|PASI|\bIGA\b|\bACR\d+|반응률|생존|관해|缓解|緩解|控制率|生存|应答|應答|奏効"
    r"|activity|\blevels?\b|寛解|改善|疗效|療效|终点|終點|评价指标|評價指標|評価項目|평가\s?지표|変化量|变化量|變化量"
    r"|\bversus\b|\bvs\b|compared\s+(?:with|to)|placebo|安慰剂|安慰劑|위약|プラセボ",
    re.I,
)
NOT_RESULT_WORDS = re.compile(
    r"revenue|sales|profit|market|share\s+price|year-over-year|valued|CAGR|premium|stock|equity"
    r"|royalt|workforce|cash|runway|charges|margin|prevalence|incidence|\bcases\b|account(?:s|ed)?"
    r"\s+for|affects?\b|estimated|diagnosed|adverse|side\s+effects?|\bT?R?AEs?\b|TEAEs?|TRAEs?"
    r"|discontinu|serious|grade\s*[≥>]?\s*[2-5]\b|tolerab|toxicit|pneumonitis|neutropenia"
    r"|over\s+(?:current|existing|standard|other|available)|best-in-class|benchmark|superior\s+to"
    r"|better\s+than|historical(?:ly)?|(?:previously|have\s+been|has\s+been)\s+reported|literature"
    r"|\bpower(?:ed)?\b|designed\s+to\s+detect|sample\s+size|assum(?:e|es|ed|ing|ption)\b|grew"
    r"|growth|이상반응|부작용|발견|매출|不良|有害事象|副作用|发病|發病|患病|佔|占|销售|銷售",
    re.I,
)
"""Money, market, epidemiology, safety and promotional figures are not endpoint results."""

_STRONG_BREAK_RE = re.compile(r"[;:；：]")
_BREAK_RE = re.compile(r"[;:；：]|,\s|，|、")
_DETERMINER = r"(?:(?:and|with|while|whereas|but)\s+)?(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
_EP = r"(?P<ep>[^,;:]+?)"
_COPULA = (
    r"\s+(?:was|were|is|are|of|reached)\s+(?:an?\s+|just\s+|only\s+|approximately\s+|about\s+"
    r"|nearly\s+)?$"
)
_BY = (
    r"\s+by\s+(?:a\s+relative\s+|a\s+(?:mean|median)\s+of\s+|an\s+average\s+of\s+|an?\s+"
    r"|approximately\s+|about\s+|nearly\s+)?$"
)
LEFT_PATTERNS = (
    (
        r"\b(?P<verb>reduced|improved|increased|decreased|lowered|raised|reduces|improves"
        rf"|increases)\s+(?!from\s+baseline{_BY})(?:the\s+)?(?P<ep>.+?){_BY}",
        "by",
    ),
    (
        rf"^{_DETERMINER}{_EP}\s+(?:improved|decreased|increased|declined|fell|rose|dropped"
        rf"|(?:was|were)\s+(?:reduced|improved|increased|decreased)|changed)"
        rf"(?:\s+from\s+baseline)?{_BY}",
        "by",
    ),
    (
        rf"^{_DETERMINER}{_EP}{_COPULA}",
        "copula",
    ),
    (rf"^.*\b(?:an?|the|its|their)\s+{_EP}{_COPULA}", "copula"),
    (
        rf"^{_DETERMINER}{_EP}\s+(?:(?:was|were)\s+(?:observed|seen|achieved|reported|noted)\s+)?"
        r"in\s+$",
        "observed",
    ),
    (r"^(?P<ep>[A-Za-z][\w\s()/-]{1,40}?)\s*:\s*$", "label"),
)
"""Constructions that put the endpoint before its value."""
_LEFT_RES = tuple((re.compile(p, re.I), kind) for p, kind in LEFT_PATTERNS)
_ARM_SUBJECT_RES = (
    re.compile(
        r"^\s*(?:(?:the\s+)?(?:patients|participants|subjects)\s+(?:on|receiving|given|treated\s+with"
        r"|in\s+the\s+[\w-]+\s+(?:arm|group))|those\s+(?:on|receiving))\s+[^,;]{1,40}?\s+(?:worsened"
        r"|improved|declined|changed|increased|decreased|gained|lost|fell|rose)\s+by\s+(?:a\s+mean"
        r"\s+of\s+|an?\s+average\s+of\s+|a\s+median\s+of\s+)?$",
        re.I,
    ),
    re.compile(
        r"^\s*[^，,、；;：:。\s]{1,20}?(?:組|组|群|군)\s*(?:为|為|は|では|은|는|이|가)?\s*$"
    ),
)
"""An arm as the subject of its value: the endpoint is named in the clause before."""
_LEFT_LEAD_RE = re.compile(r"^\s*(?:[(（][^()（）]*[)）]\s*)*(?:and\s+)?")
"""A previous result's "(22/42)" and the "and" joining it to the next."""
_INTRODUCED_RE = re.compile(
    r"\bend\s?points?\s+of\s+(?:the\s+)?(?P<ep>[^:;]+?)\s+(?:was|were|is|are)\b[^:;]*:\s*$", re.I
)
_EFFECT_LEFT_RES = (
    (re.compile(rf"^\s*{_DETERMINER}{_EP}\s+$", re.I), True),
    (
        re.compile(
            rf"^\s*{_DETERMINER}{_EP}\s+(?:was|were)\s+(?:significantly\s+)?(?:longer|shorter"
            r"|higher|lower|greater|smaller|improved|reduced|prolonged|delayed)\b[^()]*?\s*"
            r"[(\[,]?\s*$",
            re.I,
        ),
        False,
    ),
    (
        re.compile(
            r"\b(?:improved|reduced|prolonged|extended|delayed|lowered)\s+(?:the\s+)?"
            rf"{_EP}\s*[(\[,]?\s*$",
            re.I,
        ),
        False,
    ),
)
"""Where an effect without an arm value names its endpoint: before the measure ("the
exacerbation rate ratio", True: the measure's own words name it too), as a subject compared
("The time to X was longer with ..."), or as an object ("improved overall survival (HR ...)")."""
_FOLLOWING_RE = re.compile(
    r"^(?:The|This|That|Its|Their)\s+(?:[\w-]+\s+){0,3}?(?:difference|ratio)\b"
    r"|^(?:The|This)\s+(?:result|finding|improvement|reduction)\s+was\s+(?:not\s+)?(?:statistically"
    r"\s+)?significant\b"
)
"""A sentence whose subject is the effect of the result before it."""
_RIGHT_PATTERNS = (
    r"^\s*of\s+(?:the\s+)?(?:evaluable\s+)?(?:patients|responders|participants|subjects)"
    r"(?:\s+[\w-]+){0,3}?\s+(?:had|achieved|attained|reached|showed)\s+(?:an?\s+)?(?P<ep>[^,;()]+)",
    r"^\s*(?P<ep>(?:mean\s+|relative\s+|median\s+)?(?:reduction|improvement|decrease|increase"
    r"|decline)\s+(?:from\s+baseline\s+)?in\s+[^,;()]+)",
    r"^\s*(?P<ep>(?:[A-Za-z][\w-]*\s+){0,3}?(?:response\s+rate|responses?|remissions?|responders"
    r"|rate))\b(?P<qual>\s*\([^()]*\))?",
)
"""Constructions that put the endpoint after its value."""
_VERB_AFTER_RE = re.compile(r"\s+(?:was|were|is|are|has|have|had)\b.*$", re.I)
""""a 35% reduction in LDL-C was observed": the endpoint ends at its verb."""
_RIGHT_RES = tuple(re.compile(p, re.I) for p in _RIGHT_PATTERNS)
_CHANGE_RE = re.compile(
    r"(?:mean\s+|relative\s+)?(?:reduction|improvement|decrease|increase|decline)\b", re.I
)
_THRESHOLD_RE = re.compile(
    r"(?P<arm>\d+(?:\.\d+)?)\s*%\s+of\s+(?:the\s+)?(?:patients|participants|subjects)\s+(?:had"
    r"|achieved|attained|reached|showed|found|experienced)\s+an?\s+(?P<thr>\d+)\s*%\s+(?:improvement"
    r"|reduction|increase|decrease|change)\s+(?:from\s+baseline\s+)?in\s+(?:the\s+)?[^()]{3,80}?\s*"
    r"\((?P<abbr>[A-Z][\w-]*)\)",
    re.I,
)
_THRESHOLD_MORE_RE = re.compile(
    r"(?P<arm>\d+(?:\.\d+)?)\s*%\s+(?:of\s+patients\s+)?(?:improving\s+|achieving\s+)?by\s+"
    r"(?P<thr>\d+)\s*%",
    re.I,
)
_MASKS = (
    _P_RE,
    _CI_RE,
    _EFFECT_RE,
    re.compile(r"\(?\bn\s*=\s*\d+\)?", re.I),
    re.compile(r"\(?\d+\s*/\s*\d+\)?"),
    re.compile(
        r"(?:at\s+least|≥|>=|≤|<=|more\s+than|greater\s+than|less\s+than|up\s+to)\s*\d+(?:\.\d+)?"
        r"\s*%",
        re.I,
    ),
    re.compile(r"(?<![\d.])\d+\s*%(?=\s+(?:responder|response)\s+rate\s+(?:was|were|of)\b)", re.I),
    re.compile(r"(?<![\d.])(\d+)\s*%(?=\s*[（(]\s*[A-Za-z][A-Za-z-]*?-?\1\s*[)）])"),
    re.compile(r"(?:改善|降低|减少|減少|개선)\s*(?:达到|達到|达|達|≥)\s*\d+\s*%"),
    re.compile(r"\d+(?:\.\d+)?\s*(?:mg/kg|mg/m²|mg/m2|µg/kg|μg/kg|mg|µg|μg)\b"),
    re.compile(r"\bbaseline\s+(?:value\s+|level\s+)?of\s+[-−]?\d+(?:\.\d+)?", re.I),
)
"""Numbers that are no result: p-values, CIs, ratios, n=, fractions, thresholds (also a
responder threshold its abbreviation repeats, "75% (EASI-75)", "改善達75%"), doses, baselines."""
_ENDPOINT_END_RE = re.compile(
    rf"\s+(?:{_VERSUS}|from\s+\d|in\s+patients\s+(?:receiving|treated|on)|with\s+[A-Z])\b.*$",
    re.I,
)
_NOT_ENDPOINT_RE = re.compile(
    r"\b(?:was|were|had|has|have|received|announced|said|lost|gained|achieved|experienced"
    r"|showed|demonstrated|reported|saw)\b",
    re.I,
)
_PRONOUN_RE = re.compile(r"there|it|this|that|these|those|which|who|they|we", re.I)
PAREN_ABBR_RE = re.compile(r"[（(]\s*([A-Za-z][A-Za-z0-9/+-]{1,11})\s*[)）]")
QUOTE_OPENERS = "“「『"
_QUOTE_MARK_RE = re.compile(r'[“”「」『』"]')
_QUOTE_OPENS_RE = re.compile(r'^\s*(?:>\s*)?[*_]*[“「『"]')
_BULLET_RE = re.compile(r"^\s*(?:[-•*–]|\d+[.)])\s+")
MAX_ENDPOINT_WORDS = 16
COLLAPSED_WORDS = 5
"""A spelled-out name of this many words is written as its abbreviation."""


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


@dataclass
class _Draft:
    """A result being read: its span in the sentence and what is known so far."""

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


def number(sign: str | None, digits: str) -> float:
    return -float(digits) if sign else float(digits)


def _float(text: str) -> float:
    return float(text.replace("−", "-"))


def unit_name(unit: str) -> str:
    """'%' for percent, plural English time units, other units as written."""
    for pattern, name in UNIT_NAMES:
        if re.fullmatch(pattern, unit.strip(), re.I):
            return name
    return unit.strip()


def quotations(sentences: list[Sentence]) -> set[int]:
    """Indexes of sentences inside quotation marks: an executive's "A 23% reduction in
    exacerbations is clinically meaningful" says what a result means, it states none. A
    quotation opens at a sentence's start ("> “..." in Markdown) and runs until it closes."""
    quoted: set[int] = set()
    open_ = False
    for sentence in sentences:
        text = sentence.text
        if open_ or _QUOTE_OPENS_RE.match(text):
            quoted.add(sentence.index)
        for mark in _QUOTE_MARK_RE.findall(text):
            open_ = not open_ if mark == '"' else mark in QUOTE_OPENERS
    return quoted


def is_table_row(text: str) -> bool:
    return text.count("|") >= 2 or text.count("\t") >= 2


def is_bullet(text: str) -> bool:
    """A list item: "- ...", "• ...", "1. ..."."""
    return bool(_BULLET_RE.match(text))


def timepoint_in(text: str) -> tuple[str, int, int] | None:
    """The first timepoint in ``text``, without its preposition, and its span."""
    found = [m for pattern in _TIMEPOINT_RES if (m := pattern.search(text))]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())
    return m.group("t"), m.start(), m.end()


def _collapsed(text: str) -> str:
    """An endpoint named by its abbreviation where that is its name: a threshold's ("a PSA
    decline of at least 50% (PSA50)" is PSA50) or a long spelled-out scale's ("the Movement
    Disorder Society-Unified Parkinson's Disease Rating Scale (MDS-UPDRS)" is MDS-UPDRS)."""
    for m in PAREN_ABBR_RE.finditer(text):
        abbreviation, rest = m.group(1), text[m.end() :]
        threshold = re.search(r"\d+", abbreviation)
        if threshold and re.search(rf"\b{threshold.group()}\s*%", text[: m.start()]):
            return _collapsed(f"{abbreviation}{rest}".strip())
        words = text[: m.start()].split()
        long = spelling(words[-DEFINITION_WORDS:], abbreviation) or []
        if len(long) >= COLLAPSED_WORDS:
            before = re.sub(r"(?:^|\s)the$", "", " ".join(words[: len(words) - len(long)]))
            return _collapsed(f"{before} {abbreviation}{rest}".strip())
    return text


def clean_endpoint(text: str) -> str | None:
    """The endpoint's words: no article, bullet, emphasis mark, timepoint, comparison or end
    punctuation;
    None when they do not read as an endpoint's name."""
    text = re.sub(r"^[*_]+(?=\w)", "", _BULLET_RE.sub("", text.strip()))
    text = re.sub(r"^(?:(?:the|a|an|its|their|and|with|while|including)\s+)+", "", text, flags=re.I)
    time = timepoint_in(text)
    if time:
        text = f"{text[: time[1]]} {text[time[2] :]}"
        text = re.sub(r"\s+(?:at|after|through|over|within|by)\s*$", "", text.strip())
    text = _ENDPOINT_END_RE.sub("", text)
    text = _collapsed(re.sub(r"\s+", " ", text).strip(" ,.;:"))
    words = text.split()
    if not words or len(words) > MAX_ENDPOINT_WORDS or re.match(r"\(|\d(?!\d*\s*%\s+\w)", text):
        return None
    return None if _NOT_ENDPOINT_RE.search(text) or _PRONOUN_RE.fullmatch(text) else text


def _cjk_endpoint(text: str) -> str | None:
    """A CJK endpoint: the words after the last particle or clause mark before the value, as
    the English abbreviation the text gives for it ("客观缓解率（ORR）" is ORR)."""
    text = re.sub(r"(?:은|는|이|가|为|為|是|达到|達到|达|達|は|が|で)\s*$", "", text.strip())
    kept: list[str] = []
    for word in reversed(text.split()):
        if kept and re.search(r"(?:는|은|를|을|에서|에게|에|서|的)$", word):
            break
        kept.insert(0, word)
    phrase = re.split(r"[，,、；;：:]|である|の(?=[^の]*$)", " ".join(kept))[-1].strip()
    abbreviations = PAREN_ABBR_RE.findall(phrase)
    if abbreviations:
        return abbreviations[-1]
    balanced = phrase.count("(") + phrase.count("（") == phrase.count(")") + phrase.count("）")
    return (
        clean_endpoint(phrase)
        if balanced and not re.match(r"(?:로|으로|와|과|및)\s", phrase)
        else None
    )


def _endpoint_before(text: str, end: int, floor: int, cjk: bool) -> str | None:
    """The endpoint named in the clause before an arm's value ("the change in X at week 48,
    patients on Y worsened by 0.4 points"; "主要療效指標為…之比例，A組為38.7%")."""
    end = len(text[:end].rstrip(" ,，、"))
    phrase = text[_left_start(text, end, floor) : end]
    if cjk and CJK_OR_HANGUL_RE.search(phrase):
        return _cjk_endpoint(phrase)
    phrase = re.sub(r"^\s*(?:on|for|in)\s+the\s+(?:co-?)?primary\s+end\s?point\s*$", "", phrase)
    return clean_endpoint(phrase) if OUTCOME_WORDS.search(phrase) else None


def _left_endpoint(left: str, cjk: bool) -> tuple[str | None, str | None]:
    """(endpoint, construction) from the words before a value, or (None, None)."""
    for pattern, kind in _LEFT_RES:
        m = pattern.search(left)
        if m:
            endpoint = clean_endpoint(m.group("ep"))
            if endpoint and (kind not in ("observed", "label") or OUTCOME_WORDS.search(endpoint)):
                return endpoint, kind
    if cjk and CJK_OR_HANGUL_RE.search(left):
        return _cjk_endpoint(left), "cjk"
    return None, None


def _right_endpoint(right: str) -> str | None:
    for pattern in _RIGHT_RES:
        m = pattern.match(right)
        if m is None:
            continue
        endpoint = clean_endpoint(_VERB_AFTER_RE.sub("", m.group("ep")))
        qualifier = (m.groupdict().get("qual") or "").strip()[1:-1].strip()
        if endpoint and re.search(r"[≤≥<>]", qualifier):
            return f"{qualifier} {endpoint}"  # "response rate (SALT score ≤20)"
        return endpoint
    return None


def _comparator_name(text: str) -> str | None:
    m = _CMP_NAME_RE.match(text) or _CMP_ANYWHERE_RE.search(text)
    if m is None:
        return None
    return _canonical_comparator(m.group("cmp"))


def _canonical_comparator(name: str) -> str:
    """A comparator arm as results record it: a CJK arm's English name, else lower case."""
    return _LOCAL_COMPARATORS.get(name, name.lower())


def _clause_start(text: str, position: int) -> int:
    breaks = [m.end() for m in _STRONG_BREAK_RE.finditer(text, 0, position)]
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
        scale = m.group("abbr")
        drafts.append(
            _Draft(
                m.start("arm"),
                m.end(),
                f"{scale}{m.group('thr')}",
                float(m.group("arm")),
                "%",
                scale=scale,
            )
        )
        clause_end = re.search(r"[;.]\s|$", text[m.end() :])
        tail_end = m.end() + (clause_end.start() if clause_end else 0)
        for more in _THRESHOLD_MORE_RE.finditer(text, m.end(), tail_end):
            drafts.append(
                _Draft(
                    more.start(),
                    more.end(),
                    f"{scale}{more.group('thr')}",
                    float(more.group("arm")),
                    "%",
                    scale=scale,
                )
            )
    return drafts


def _differences(text: str) -> list[_Draft]:
    """ "increased X by 18.6 minutes more than placebo": a difference, no arm value."""
    drafts = []
    for m in _MORE_THAN_RE.finditer(text):
        verb = _DIFFERENCE_VERB_RE.search(text[_left_start(text, m.start(), 0) : m.start()])
        endpoint = clean_endpoint(verb.group("ep")) if verb else None
        if verb is None or endpoint is None:
            continue
        noun = _DIFFERENCE_NOUNS[verb.group("verb").lower()]
        comparator = _canonical_comparator(m.group("cmp"))
        drafts.append(
            _Draft(
                m.start(),
                m.end(),
                f"{endpoint} ({noun} versus {comparator})",
                None,
                unit_name(m.group("unit")),
                comparator=comparator,
                effect=Effect(EffectMeasure.DIFFERENCE, number(m.group("sign"), m.group("num"))),
            )
        )
    return drafts


def _changes(text: str) -> list[_Draft]:
    """ "The mean ABR fell from 4.6 during lead-in to 1.2 after infusion": the value reached
    is the arm's, the one it came from the comparator's, its period the comparator."""
    drafts = []
    for m in _FROM_TO_RE.finditer(text):
        named = re.match(
            rf"^{_DETERMINER}{_EP}\s*$", text[_left_start(text, m.start(), 0) : m.start()], re.I
        )
        endpoint = clean_endpoint(named.group("ep")) if named else None
        units = {unit_name(u) for u in (m.group("unit"), m.group("unit2")) if u}
        if endpoint is None or not OUTCOME_WORDS.search(endpoint) or len(units) > 1:
            continue
        period = re.sub(
            r"^\s*(?:during|at|in|on|before)\s+(?:the\s+)?", "", m.group("base")
        ).strip()
        drafts.append(
            _Draft(
                m.start(),
                m.end(),
                endpoint,
                number(m.group("sign2"), m.group("num2")),
                next(iter(units), None),
                comparator_value=number(m.group("sign"), m.group("num")),
                comparator=period or None,
            )
        )
    return drafts


def _masked(text: str) -> str:
    for pattern in _MASKS:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def _compare(draft: _Draft, text: str, masked: str) -> None:
    """The comparator arm's value and name, after the arm's value."""
    after = masked[draft.end :]
    for pattern in _CMP_VALUE_RES:
        versus = pattern.match(after)
        if versus is None or draft.arm is None:
            continue
        between = {unit_name(v.group("unit")) for v in _VALUE_RE.finditer(versus.group("mid"))}
        unit = versus.group("unit")
        if draft.unit in between or (unit is not None and unit_name(unit) != draft.unit):
            continue
        if _NOT_COMPARATOR_AFTER.match(text[draft.end + versus.end() :]):
            continue
        draft.comparator_value = number(versus.group("sign"), versus.group("num"))
        named = _CJK_CMP_RE.search(versus.group("mid")) or _CMP_ANYWHERE_RE.search(
            versus.group("mid")
        )
        name = (
            named.group("cmp")
            if named and named.groupdict()
            else (named.group() if named else None)
        )
        draft.comparator = _canonical_comparator(name) if name else None
        draft.end += versus.end()
        break
    if draft.comparator is None:
        clause_end = re.search(r"[;；]|,\s+(?:and|while|with)\b", text[draft.end :])
        draft.comparator = _comparator_name(
            text[draft.end :][: clause_end.start() if clause_end else None]
        ) or _comparator_name(text[_clause_start(text, draft.start) : draft.end])


def _drafts(text: str) -> list[_Draft]:
    """The results of one sentence, in order, each with the span its words take."""
    drafts = _thresholds(text) + _differences(text) + _changes(text)
    taken = [(d.start, d.end) for d in drafts]
    masked = _masked(text)
    cjk = bool(CJK_OR_HANGUL_RE.search(text))
    values = [
        (m.start(), m.end(), number(m.group("sign"), m.group("num")), unit_name(m.group("unit")))
        for m in _VALUE_RE.finditer(masked)
    ]
    counts = {m.start(): m for m in _COUNT_RE.finditer(masked)}
    values += [
        (start, m.end("num"), float(m.group("num")), "patients") for start, m in counts.items()
    ]
    floor = 0
    for start, end, value, unit in sorted(values):
        if start < floor or any(a <= start < b for a, b in taken):
            continue
        left_start = _left_start(text, start, floor)
        left = _LEFT_LEAD_RE.sub("", text[left_start:start])
        if start in counts:
            endpoint, kind = clean_endpoint(counts[start].group("ep")), "count"
        elif any(p.match(left) for p in _ARM_SUBJECT_RES):
            endpoint, kind = _endpoint_before(text, left_start, floor, cjk), "arm"
        else:
            endpoint, kind = _left_endpoint(left, cjk)
        if endpoint is None and not left.strip():
            m = _INTRODUCED_RE.search(text[:left_start])
            endpoint, kind = (clean_endpoint(m.group("ep")), "introduced") if m else (None, None)
        if endpoint is None:
            endpoint, kind = _right_endpoint(text[end:]), "right"
        if endpoint is None:
            continue
        draft = _Draft(start, end, endpoint, value, unit)
        _compare(draft, text, masked)
        change = kind == "by" or _CHANGE_RE.match(endpoint)
        relative = change and not re.search(r"from\s+baseline", text, re.I)
        if draft.comparator_value is None and (
            re.match(r"risk\b", endpoint, re.I) or (relative and draft.comparator)
        ):
            draft.arm = draft.unit = None  # a change relative to a comparator restates a ratio
        drafts.append(draft)
        taken.append((draft.start, draft.end))
        floor = draft.end
    return sorted(drafts or _effect_drafts(text), key=lambda d: d.start)


def _effect_drafts(text: str) -> list[_Draft]:
    """Results stated only by their effect, in a sentence with no arm value: "The time to
    first exacerbation was longer with X (hazard ratio 0.81; ...)", "the exacerbation rate
    ratio was 0.62 (...)"."""
    drafts = []
    for m in _EFFECT_RE.finditer(text):
        left = text[_left_start(text, m.start(), 0) : m.start()]
        found = [(p.search(left), own) for p, own in _EFFECT_LEFT_RES]
        named, own = next(((n, own) for n, own in found if n), (None, False))
        if named is None:
            continue
        words = named.group("ep")
        if own and re.match(r"rate\b", m.group("m"), re.I):
            words += " rate"  # "the exacerbation rate ratio": the rate of exacerbations
        endpoint = clean_endpoint(words)
        if endpoint is None:
            continue
        versus = _CMP_ANYWHERE_RE.search(text[_clause_start(text, m.start()) : m.start()])
        name = versus.group("cmp") if versus else None
        comparator = _canonical_comparator(name) if name else None
        drafts.append(_Draft(m.start(), m.end(), endpoint, None, None, comparator=comparator))
    return drafts


def following_effect(text: str) -> tuple[Effect | None, float | None, str | None]:
    """The effect and p-value of a sentence that only states those of the result before it:
    "The difference of −1.3 points (95% CI −2.8 to 0.2) did not reach significance (p=0.09)";
    (None, None, None) for any other sentence."""
    if not _FOLLOWING_RE.match(text):
        return None, None, None
    draft = _Draft(0, 0, "", None, None)
    _annotate(text, [draft])
    return draft.effect, draft.p_value, draft.p_operator


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
        interval = m if m.group("paren") else _CI_RE.search(text, m.end(), m.end() + 40)
        low, high = (
            (_float(interval.group("lo")), _float(interval.group("hi")))
            if interval
            else (None, None)
        )
        draft.effect = Effect(measure, number(m.group("sign"), m.group("num")), low, high)
    for draft in drafts:
        single_arm = draft.arm is not None and draft.comparator is None and draft.effect is None
        open_effect = draft.effect is not None and draft.effect.ci_lower is None
        ci = _CI_AFTER_RE.match(text, draft.end) if single_arm or open_effect else None
        if ci and draft.effect is not None:
            low, high = _float(ci.group("lo")), _float(ci.group("hi"))
            draft.effect = Effect(draft.effect.measure, draft.effect.value, low, high)
        elif ci and draft.arm is not None:
            draft.effect = Effect(
                EffectMeasure.OTHER, draft.arm, _float(ci.group("lo")), _float(ci.group("hi"))
            )
    for m in _P_RE.finditer(text):
        draft = _nearest(drafts, m.start())
        if draft is not None and draft.p_value is None:
            draft.p_value = float(m.group("v"))
            draft.p_operator = OPERATORS.get(m.group("op"), m.group("op"))
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


def _share_comparator(drafts: list[_Draft]) -> None:
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


def _abbreviated(endpoint: str, abbreviations: Mapping[str, str]) -> str:
    """A CJK endpoint as the English abbreviation the document defines it by."""
    if not CJK_OR_HANGUL_RE.search(endpoint):
        return endpoint
    for abbreviation, words in abbreviations.items():
        if words.replace(" ", "").endswith(endpoint.replace(" ", "")):
            return abbreviation
    return endpoint


def sentence_results(sentence: Sentence, abbreviations: Mapping[str, str]) -> list[ResultCandidate]:
    """The results one sentence states, with its index as their evidence."""
    text = sentence.text
    if is_table_row(text) or not OUTCOME_WORDS.search(text) or NOT_RESULT_WORDS.search(text):
        return []
    drafts = _drafts(text)
    _annotate(text, drafts)
    _share_comparator(drafts)
    return [
        ResultCandidate(
            sentence.index,
            d.start,
            _abbreviated(d.endpoint, abbreviations),
            d.arm,
            d.unit,
            d.comparator_value,
            d.comparator,
            d.timepoint,
            d.effect,
            d.p_value,
            d.p_operator,
            sentence_indexes=(sentence.index,),
        )
        for d in drafts
        if d.arm is not None or d.effect is not None or d.p_value is not None
    ]
