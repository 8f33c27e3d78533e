"""trials: the trials a document describes, one candidate each, and the sentences about each.

A sentence names a trial by its phase ("Phase 2b", "III期", "第三期臨床試驗", "임상 2상",
"第3相"), its study name ("NIMBUS-201 trial", "ARBOUR, a ... Phase 3 trial", "ORBIT-2, the
replicate Phase 3 study", "The Phase 2a study, LUMEN-UC, ...", "시험(SB301-201)",
"（MNS421-J301試験）", "試驗代號：AR602-301"), a registry
number (NCT, EudraCT, ChiCTR, CTR20, jRCT, ISRCTN, KCT ...) or a cohort ("Cohort A"); or it
refers back to the trial last named ("The trial randomized 510 patients", "27 patients had
been dosed"). Each mention keeps the part of its sentence up to the next mention, so "Phase
III trials for ulcerative colitis, Phase II studies for vitiligo" gives two trials, each
with its own indication and design words.

Mentions are one trial when they share a name or registry number; otherwise when nothing
tells them apart: a different phase, drug, indication or cohort makes another trial. A
trial with two or more cohorts becomes one trial per cohort (conference data by dose and
tumour type), each keeping the trial's name, phase and design. Planned trials ("plans to
start a Phase 3 trial", "a Phase 1 trial could begin"), a "recommended Phase 2 dose", an
"End-of-Phase 2 meeting", a list of development stages ("第一期、第二期、第三期臨床試驗") and a
preclinical molecule are not trials.

Counts are read from the words around them: enrolled ("enrolled 112 patients", "enrolled
1,126 former smokers", "a study in which 146 adults", "with 412 participants", "completed
enrolment of 1,140 participants", "27 patients had been dosed", "共入组86例", "收納462名",
"患者32例を対象"), planned ("plans to enroll approximately 390", "a planned 420", "Planned
enrollment: 72", "expected to complete enrollment of approximately 540", "計劃…入組約120名"),
sites ("at 142 sites", "four U.S. sites", "58個試驗中心", "32개 기관"). A sentence naming two
trials gives neither its counts; one naming one trial twice gives them. A status still to come
("is expected to complete enrollment") is none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from schemas.enums import Phase
from summarise.pipeline.numbers import NUMBER_WORDS
from summarise.pipeline.sentences import Sentence
from summarise.strategies.candidates.abbreviations import defined_abbreviations
from summarise.strategies.candidates.indications import disease_abbreviations, find_indication

_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "Ⅰ": "1", "Ⅱ": "2", "Ⅲ": "3", "Ⅳ": "4"}
_ROMAN |= {"１": "1", "２": "2", "３": "3", "４": "4", "一": "1", "二": "2", "三": "3", "四": "4"}
PHASE_NUMBERS = {"1": Phase.PHASE_1, "2": Phase.PHASE_2, "3": Phase.PHASE_3, "4": Phase.PHASE_4}
PHASE_NUMBERS |= {"12": Phase.PHASE_1_2, "23": Phase.PHASE_2_3}  # "Phase I/II", "Phase 2/3"
_N = r"(iv|i{1,3}|Ⅰ|Ⅱ|Ⅲ|Ⅳ|[1-4１-４])"
_CJK_PHASE_END = r"(?=[^，。；、,;]{0,8}?(?:临床|臨床|试验|試驗|研究|注册|註冊))"
""""II期关键性注册临床研究": a phase in Chinese is of a trial named within a few characters."""
PHASE_PATTERNS = (
    rf"\bphase\s*{_N}[ab]?(?:\s*/\s*{_N}[ab]?)?\b",
    rf"(?<![A-Za-z]){_N}[ab]?(?:\s*/\s*{_N}[ab]?)?\s*期{_CJK_PHASE_END}",
    rf"(?:第\s*)?([一二三四])\s*期{_CJK_PHASE_END}",
    rf"第\s*{_N}[ab]?(?:\s*/\s*{_N}[ab]?)?\s*相",
    r"임상\s*(?:시험\s*)?([1-4])[ab]?(?:\s*/\s*([1-4])[ab]?)?\s*상",
    r"(?<!\d)([1-4])[ab]?(?:\s*/\s*([1-4])[ab]?)?\s*상\s*임상",
)
PHASE_WORDS = (
    (r"\bpivotal\s+(?:[\w-]+\s+){0,2}(?:trials?|stud(?:y|ies))", Phase.PIVOTAL),
    (r"\breal[- ]world\b", Phase.REAL_WORLD),
    (r"\bpre-?clinical\s+(?:stud(?:y|ies)|trials?)\b", Phase.PRECLINICAL),
)
NOT_A_TRIAL_AFTER = re.compile(
    r"^\s*(?:\(\w+\)\s*)?(?:dose|meeting)\b|^-ready|^\s*(?:临床试验|臨床試驗)?\s*(?:推荐剂量|推薦劑量)",
    re.I,
)
"""A "recommended Phase 2 dose" or an "End-of-Phase 2 meeting" is not a trial."""
NOT_A_TRIAL_BEFORE = re.compile(r"(?:end[- ]of[- ]|start\s+of\s+|before\s+|prior\s+to\s+)$", re.I)
PLANNED_TRIAL = re.compile(
    r"\b(?:plan(?:s|ned|ning)?\s+to\s+(?:start|begin|initiate|launch|conduct|run|commence|open)"
    r"|planned\s+(?:[\w-]+\s+){0,2}?(?:phase|trials?|stud(?:y|ies)|program)|intends?\s+to\s+(?:start|begin|initiate|launch)"
    r"|expects?\s+to\s+(?:start|begin|initiate|launch)|will\s+(?:not\s+)?(?:start|begin|initiate"
    r"|launch|commence)|could\s+(?:start|begin|commence)|would\s+(?:start|begin)"
    r"|to\s+be\s+(?:initiated|started|launched))\b"
    r"|计划开展|計劃開展|拟开展|擬開展|将开展|將開展|计划启动|計劃啟動|予定|계획|예정",
    re.I,
)
"""A trial the company plans or might start is not a trial yet."""

STUDY_NAME = (
    r"(?:(?=[\w-]*\d)[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|[A-Z]{2,}[A-Za-z0-9]*(?:-[A-Za-z0-9]+)+"
    r"|[A-Z]{2,}[0-9][A-Za-z0-9]*|[A-Z]{4,})"
)
"""A study name or code: "TIDEMARK-1", "VIGIL-ALS", "MRL909-101", "ARBOUR"; no "Cross-Sectional"."""
REGISTRY = (
    r"NCT\d{8}|EudraCT\s*(?:No\.?\s*)?\d{4}-\d{6}-\d{2}|EU\s?CT\s*(?:No\.?\s*)?\d{4}-5\d{5}-\d{2}-\d{2}"
    r"|ChiCTR-?(?:[A-Z]{2,4}-)?\d{8,10}|CTR20\d{6}|jRCT\d{10}|JapicCTI-?\d{6}|UMIN\d{9}"
    r"|ISRCTN\d{8}|KCT\d{7}|ACTRN\d{14}|CTRI/\d{4}/\d{2,3}/\d{6}|DRKS\d{8}|PACTR\d{15}"
)
_REGISTRY_RE = re.compile(rf"(?<![A-Za-z0-9_-])(?:{REGISTRY})(?![A-Za-z0-9_-])")
_TRIAL_NOUN = r"(?:[Tt]rials?|[Ss]tud(?:y|ies)|TRIAL|STUDY)"
_CJK_TRIAL_NOUN = r"(?:试验|試驗|研究|시험|연구|試験|治験)"
_PHASE_WORD = r"(?:Phase|PHASE)\s+(?:[1-4]|I{1,3}|IV)[ab]?(?:\s*/\s*(?:[1-4]|I{1,3}|IV)[ab]?)?\s+"
NAME_CONTEXTS = (
    rf"(?P<name>{STUDY_NAME})\s+(?:{_PHASE_WORD})?(?:[a-z][\w-]*\s+){{0,2}}{_TRIAL_NOUN}\b",
    rf"(?P<name>{STUDY_NAME}),\s+the\s+[^.;,]{{0,60}}?\b{_TRIAL_NOUN}\b",
    rf"\b{_TRIAL_NOUN},\s+(?P<name>{STUDY_NAME}),",
    rf"(?P<name>{STUDY_NAME})\s*{_CJK_TRIAL_NOUN}",
    rf"(?:代號|代号|編號|编号|番号|코드)\s*[:：]\s*(?P<name>{STUDY_NAME})",
    rf"{_CJK_TRIAL_NOUN}\s*[（(]\s*(?P<name>{STUDY_NAME})\s*[，,;；]",
    rf"(?P<name>{STUDY_NAME})\s*(?:{_TRIAL_NOUN}\s*)?\((?:{REGISTRY})\)",
    rf"(?P<name>{STUDY_NAME})(?:\s*\((?:{REGISTRY})\))?(?:,|\s+is)\s+an?\s+[^.;]{{0,160}}?\b{_TRIAL_NOUN}\b",
    rf"\b{_TRIAL_NOUN}\s+(?P<name>[A-Z][A-Za-z]*-?\d[\w-]*)",
    rf"\b{_TRIAL_NOUN},\s+(?P<name>{STUDY_NAME})\s+(?:and|&)\s+{STUDY_NAME}\b",
    rf"{_CJK_TRIAL_NOUN}\s*[（(]\s*(?P<name>{STUDY_NAME})\s*[)）]",
    rf"(?P<name>{STUDY_NAME})\s*(?:是一项|是一項|는|은|は)[^。.]{{0,80}}?{_CJK_TRIAL_NOUN}",
)
"""Where a study name stands: before "trial" ("NAME Phase 3 study", "NAME試験"), before its
registry number, in "NAME, a ... trial", "NAME, the ... study" or "NAME is a ... trial", after
"Study", in apposition ("The Phase 2a study, NAME, ..."), after a code label ("試驗代號：NAME"),
in brackets after a trial noun ("研究（NAME，...注册号：NCT...）")."""
NOT_STUDY_NAME = re.compile(
    r"(?:I{1,3}|IV|V|FDA|EMA|NMPA|CDE|MFDS|PMDA|MHLW|CHMP|IND|NDA|BLA|MAA|ORR|PFS|OS|DOR|DCR"
    r"|CR|PR|RECIST|BICR|IRC|HR|CI|COVID-19|ASCO|ESMO|ASH|AACR|EHA|WCLC|SABCS|EULAR|ADA|EASD"
    r"|AASLD|EASL|GLOBE|NEWSWIRE|PRNEWSWIRE|BUSINESS|WIRE|NASDAQ|NYSE|HKEX|SSE|SZSE|TSE"
    r"|KOSDAQ|KOSPI|SIX|ABOUT|TABLE|PHASE)",
    re.I,
)
_TICKER_RE = re.compile(r"\(\s*[A-Za-z][\w .]*:\s*([A-Z0-9.]+)\s*[;)]")
"""A listed company's symbol, "(Nasdaq: ABCD)", is no study name."""
COHORT_RE = re.compile(
    r"\b[Cc]ohorts?\s+(?P<c>[A-Z]\d?|\d{1,2})\b|(?:队列|隊列|コホート)\s*(?P<k>[A-Z0-9])|코호트\s*(?P<h>[A-Z0-9])"
    r"|\ban?\s+(?P<a>(?:additional|new|further|separate)\s+(?:[\w-]+\s+){0,2}?cohort"
    r"(?:\s+(?:at|of)\s+[\d.]+\s*(?:mg/kg|mg|µg/kg))?)"
)
"""A cohort by its label ("Cohort A", "队列B") or as "an additional ... cohort"."""
_NEW_TRIAL_RE = re.compile(
    r"\b(?:an?\s+(?:separate|second|new|additional|further)|another)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:trial|study)\b",
    re.I,
)
_OTHER_STUDY_RE = re.compile(
    r"\bextension\s+(?:study|trial|phase|period)\b|\bOLE\b|\blong-term\s+follow-up\s+study\b", re.I
)
"""An extension study is another study than the one it extends: no reference to it."""
_REFERENCE_RE = re.compile(
    r"\b(?:the|this|that|each)\s+(?:[\w-]+\s+){0,2}?(?:trial|study)\b(?!\s+(?:drug|sites?)\b)"
    r"|该试验|該試驗|本试验|本試驗|该研究|該研究|本研究|本試験|이번\s*(?:임상|시험)|본\s*(?:임상|시험)",
    re.I,
)
"""Words that refer back to the trial last named."""
_BREAK_RE = re.compile(r";\s*|,\s+(?:and\s+|or\s+)?|\s+and\s+|[，、；]")
CLOSE_CHARS = 25
"""Parts of one mention ("Phase 1 QUILL-1 trial (NCT06677310)") stand this close."""
_APPOSITIVE_RE = re.compile(
    r"^\s*(?:\)\s*)?(?:,\s*|\s+(?:is|was)\s+)(?:an?|its|the)\s+[^;.]*$|^\s*(?:是一项|是一項|는|은|は)[^。]*$"
)

_NAME_AFTER_RE = re.compile(rf"^\s*(?:{_TRIAL_NOUN}\s*)?,\s*$")
"""A name in apposition after its trial: "The Phase 2a study, NAME, is planned"."""
DESIGN_WORDS = (
    (
        r"randomi[sz]ed|double[- ]blind(?:ed)?|placebo[- ]controlled|single[- ]arm|open[- ]label"
        r"|multi-?cent(?:er|re)|single[- ]cent(?:er|re)|retrospective|prospective|observational"
        r"|bridging|registrational|confirmatory|first[- ]in[- ]human|dose[- ]escalation"
        r"|dose[- ]expansion|dose[- ]finding|investigator[- ]initiated"
        r"|(?:multinational|global)(?=[^.;]{0,80}?\b(?:trial|study)\b)"
        r"|crossover|active[- ]controlled|non-?randomi[sz]ed|adaptive|seamless|basket|umbrella",
        None,
    ),
    (r"随机|隨機|무작위|無作為化", "randomized"),
    (r"双盲|雙盲|이중맹검|二重盲検", "double-blind"),
    (r"安慰剂对照|安慰劑對照|위약\s?대조|プラセボ対照", "placebo-controlled"),
    (r"开放标签|開放標籤|开放性|開放性|공개|非盲検|オープンラベル", "open-label"),
    (r"多中心|다기관|多施設", "multicentre"),
    (r"单臂|單臂|단일군|単群", "single-arm"),
    (r"剂量递增|劑量遞增|용량\s?증량|用量漸増", "dose-escalation"),
    (r"剂量扩展|劑量擴展|용량\s?확장|拡大", "dose-expansion"),
    (r"桥接|橋接|가교", "bridging"),
    (r"首次人体|首次人體|최초\s?인체|ヒト初回", "first-in-human"),
)
"""Design words; the English ones as written, the others in English."""

_SUBJECT = (
    r"(?:(?:patient|participant|subject)s?|adults|people|individuals|volunteers|children"
    r"|adolescents|women|men|infants)"
)
_CARDINALS = "|".join(w for w in NUMBER_WORDS if not w.endswith(("st", "nd", "rd", "th")))
_NUM = rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|{_CARDINALS})(?![.,]\d)"
_ABOUT = (
    r"(?:approximately|about|around|roughly|up\s+to|over|more\s+than|a\s+total\s+of|nearly|~)\s+"
)
_WORDS = r"(?:[\w/+-]+\s+){0,3}?"
_NOT_SUBJECT = (
    r"(?!%|percent\b|per\b|of\b|sites?\b|cent(?:er|re)s?\b|countries\b|hospitals\b|institutions\b"
    r"|cohorts?\b|arms?\b|(?:day|week|month|year)s?\b)"
)
"""What "enrolled 1,126 ..." is not followed by when it counts participants of other names
("former smokers")."""
_NOT_ENROLLED_OUTCOME = (
    r"(?!\s+(?:evaluable|who\s+were\s+evaluable|achiev|experienc|report|show|had\b|develop|respond"
    r"|reach|discontinu))"
)
ENROLLED_PATTERNS = (
    rf"\benrol(?:l?ed|ling|ls)\s+(?:{_ABOUT})?{_NUM}\s+{_WORDS}{_SUBJECT}\b",
    rf"\benrol(?:l?ed|ls)\s+(?:{_ABOUT})?{_NUM}\s+{_NOT_SUBJECT}[a-z]",
    rf"\bcomplet\w*\s+(?:patient\s+)?enrol{{1,2}}ment\s+(?:of|with)\s+(?:{_ABOUT})?{_NUM}\s+{_WORDS}"
    rf"{_SUBJECT}\b",
    rf"(?<![\d.,]){_NUM}\s+{_WORDS}{_SUBJECT}\s+(?:with\s+[^,;]{{0,80}}?\s+)?(?:had\s+been|have\s+been"
    r"|has\s+been|were|was|have|had)\s+(?:\w+\s+)?(?:enrol{1,2}ed|randomi[sz]ed|dosed|treated|infused"
    r"|recruited|received|receiving)\b",
    rf"\brandomi[sz]ed\s+(?:{_ABOUT})?{_NUM}\s+{_WORDS}{_SUBJECT}\b",
    rf"\b(?:trial|study|phase\s+\w+)\b[^.;]{{0,120}}?\b(?:in|of|involving|including|enrolling|in\s+which"
    rf"|with)\s+(?:{_ABOUT})?{_NUM}\s+{_WORDS}{_SUBJECT}\b{_NOT_ENROLLED_OUTCOME}",
    rf"^In\s+{_NUM}\s+(?:randomi[sz]ed|enrol{{1,2}}ed|treated)\s+{_SUBJECT}\b",
    rf"\binvolving\s+(?:{_ABOUT})?{_NUM}\s+{_WORDS}{_SUBJECT}\b",
    r"(?:入组|入組|纳入|納入|招募|收纳|收納)了?\s*(?:共|约|約)?\s*(?P<n>\d+)\s*(?:例|名|位)",
    r"共入组\s*(?P<n>\d+)|共入組\s*(?P<n2>\d+)",
    r"환자\s*(?P<n>\d+)\s*명을?\s*(?:대상으로|등록|모집|투여)|(?P<n2>\d+)\s*명의\s*환자(?:를|을)?\s*(?:대상으로|등록|모집)",
    r"(?P<n>\d+)\s*(?:例|名)の(?:患者|被験者)",
    r"(?:患者|被験者)\s*(?P<n>\d+)\s*(?:例|名)(?:が|を)?\s*(?:登録|組み入れ|参加|対象)",
    rf"\bwith\s+(?:{_ABOUT})?{_NUM}\s+{_WORDS}{_SUBJECT}\s+(?:randomi[sz]ed|enrol{{1,2}}ed|treated|dosed)\b",
)
PLANNED_PATTERNS = (
    rf"\b(?:expects?|expected|plans?|planned|aims?|anticipate[sd]?|intends?)\s+to\s+complete\s+"
    rf"enrol{{1,2}}ment\s+(?:of\s+)?(?:{_ABOUT})?{_NUM}",
    rf"\bplanned\s+enrol{{1,2}}ment\s*(?:of|:|is|was)?\s*(?:{_ABOUT})?{_NUM}",
    rf"\benrol(?:l?ed|ling)\s+\d[\d,]*\s+of\s+(?:a|an|the)?\s*(?:planned|targeted|target(?:ed)?\s+of"
    rf"|expected)\s+(?:{_ABOUT})?{_NUM}",
    rf"\b(?:plans?|planned|aims?|aiming|expects?|expected|intends?|designed|will|seeks?|targets?"
    rf"|targeting)\s+(?:to\s+)?(?:enrol{{1,2}}|recruit|randomi[sz]e|include)\s+(?:{_ABOUT})?{_NUM}",
    rf"\b(?:a|an|the)\s+planned\s+(?:enrol{{1,2}}ment\s+of\s+)?(?:{_ABOUT})?{_NUM}\s+{_WORDS}{_SUBJECT}",
    rf"\b(?:target(?:ed)?\s+enrol{{1,2}}ment|enrol{{1,2}}ment\s+target|sample\s+size)\s+(?:of|is|was)?\s*"
    rf"(?:{_ABOUT})?{_NUM}",
    r"(?:计划|計劃|计画|計畫|拟|擬|预计|預計)[^，。；]{0,30}?(?:入组|入組|招募|纳入|納入)\s*(?:约|約)?\s*"
    r"(?P<n>\d+)\s*(?:例|名|位)",
    r"(?P<n>\d+)\s*명을?\s*(?:모집|등록)할\s*(?:계획|예정)",
    r"(?:目標症例数|予定症例数)\s*(?P<n>\d+)|(?P<n2>\d+)\s*(?:例|名)を(?:登録|組み入れ)する予定",
)
_ENROLLING_RE = re.compile(
    r"\b(?:began|begun|begins|started|starts|is|are|now|currently)\s+(?:actively\s+)?enrol{1,2}ing\b"
    r"|\benrol{1,2}ment\s+(?:is\s+)?(?:ongoing|under\s?way)\b",
    re.I,
)
_TARGET_PATTERN = (
    rf"\b(?:in|of|involving|including)\s+(?:approximately|about|around|roughly|up\s+to|~)\s+{_NUM}\s+"
    rf"{_WORDS}{_SUBJECT}\b"
)
SITE_PATTERNS = (
    rf"(?<![\d.,:]){_NUM}\s+(?:(?!\d)[\w.-]+\s+){{0,2}}?(?:sites|centers|centres|hospitals|institutions)\b",
    r"(?:约|約)?\s*(?P<n>\d+)\s*(?:家|个|個)\s*(?:临床|臨床)?(?:研究|试验|試驗)?(?:中心|医院|醫院)",
    r"(?P<n>\d+)\s*개\s*(?:임상시험)?(?:기관|병원|센터)",
    r"(?P<n>\d+)\s*(?:施設|医療機関)",
)
_NOT_ENROLLED_BEFORE = re.compile(
    r"(?:safety\s+population\s+\w+|among(?:\s+the)?|of\s+whom)\s*(?:\w+\s+){0,2}$", re.I
)
_NOT_ENROLLED_AFTER = re.compile(
    r"^\s*(?:who\s+were\s+|were\s+)?evaluable|^\s*\(\d+(?:\.\d+)?\s*%\)", re.I
)
"""Evaluable and safety populations, and an adverse event's "11 patients (41%)", are not
enrolment."""
_SUBJECT_DOSED = r"(?:(?:patient|subject|participant)s?|患者|受试者|受試者|환자)"
STATUSES = (
    ("first patient dosed", rf"first {_SUBJECT_DOSED} (?:(?:has been|was|were) )?dosed"),
    ("first patient dosed", rf"dos(?:ing|ed?) (?:of|for|to) the first {_SUBJECT_DOSED}"),
    ("first patient dosed", r"首例(?:患者|受试者|受試者)(?:给药|給藥)|첫\s?환자\s?투여"),
    ("enrollment complete", r"complet\w* (?:of )?(?:patient )?enrol{1,2}ment"),
    ("enrollment complete", r"enrol{1,2}ment (?:(?:was|has been) )?complete"),
    ("enrollment ongoing", r"enrol{1,2}ment (?:is )?ongoing"),
    ("topline results", r"top-?line (?:results|data)"),
    ("results published", r"\bpublished\b"),
    ("results presented", r"\bpresented\b|oral (?:report|presentation)"),
    ("ongoing", r"\bongoing\b|\bunderway\b"),
)
_NOT_REACHED_RE = re.compile(
    r"\b(?:to|will|would|could|may|might)\s+(?:\w+\s+)?$|\b(?:expected|planned|anticipated|due)\s+(?:for\s+)?$",
    re.I,
)
"""A status still to come: "is expected to complete enrollment", "will present"."""
_HEADING_MAX_WORDS = 15
STAGE_LIST_PHASES = 3
FRONT_MATTER_FENCE = "---"
BOILERPLATE_RE = re.compile(
    r"forward-looking\s+statements?|safe\s+harbor|前瞻性陈述|前瞻性陳述|미래\s?예측", re.I
)
"""A forward-looking statements paragraph names trials without stating anything of them."""
PERCENT_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)")
"""A percentage, as results and caveats read it."""


@dataclass(frozen=True)
class TrialCandidate:
    sentence_indexes: tuple[int, ...]
    """Sentences stating something of the trial, its evidence."""
    phase_hints: tuple[str, ...]
    design: tuple[str, ...]
    counts: dict[str, tuple[int, ...]]
    """``enrolled``, ``planned`` and ``sites``, each the values found, first first."""
    status_hint: str | None
    identifier: str | None = None
    indication: str | None = None
    drug: str | None = None
    spans: tuple[tuple[int, int], ...] = ()
    """(sentence index, offset) of each mention, to tell which trial a result belongs to."""


@dataclass
class _Mention:
    sentence_index: int
    start: int
    end: int
    phase: Phase | None = None
    names: list[str] = field(default_factory=list)
    registries: list[str] = field(default_factory=list)
    identifier: str | None = None
    cohort: str | None = None
    new: bool = False
    reference: bool = False
    drug: str | None = None
    context_drug: str | None = None
    design: list[str] = field(default_factory=list)
    counts: dict[str, list[int]] = field(default_factory=dict)
    indication: str | None = None
    status: str | None = None

    @property
    def anchored(self) -> bool:
        return bool(self.phase or self.names or self.registries or self.cohort or self.new)

    @property
    def states(self) -> bool:
        """Whether it states anything of its trial beyond its name: its evidence."""
        return bool(
            self.phase
            or self.registries
            or self.design
            or self.counts
            or self.indication
            or self.status
        )


@dataclass
class _Trial:
    mentions: list[_Mention] = field(default_factory=list)
    cohorts: dict[str, _Trial] = field(default_factory=dict)

    @property
    def phase(self) -> Phase | None:
        return next((m.phase for m in self.mentions if m.phase), None)

    @property
    def names(self) -> set[str]:
        return {n for m in self.mentions for n in [*m.names, *m.registries]}

    @property
    def drug(self) -> str | None:
        return next((m.drug for m in self.mentions if m.drug), None)

    @property
    def indication(self) -> str | None:
        return next((m.indication for m in self.mentions if m.indication), None)


def _count(word: str) -> int:
    """A count written in digits ("1,234") or words ("ten")."""
    return NUMBER_WORDS.get(word.lower()) or int(word.replace(",", ""))


def _phase_number(match: re.Match[str]) -> str:
    return "".join(_ROMAN.get(g.lower(), _ROMAN.get(g, g)) for g in match.groups() if g)


def _phases(text: str) -> list[tuple[int, int, Phase]]:
    """Phases named as trials: not a "recommended Phase 2 dose", not the "start of Phase 3"."""
    found = []
    for pattern in PHASE_PATTERNS:
        for m in re.finditer(pattern, text, re.I):
            if NOT_A_TRIAL_AFTER.search(text[m.end() :]) or NOT_A_TRIAL_BEFORE.search(
                text[: m.start()]
            ):
                continue
            found.append((m.start(), m.end(), PHASE_NUMBERS.get(_phase_number(m), Phase.OTHER)))
    for pattern, phase in PHASE_WORDS:
        found += [(m.start(), m.end(), phase) for m in re.finditer(pattern, text, re.I)]
    return sorted(found)


def _design(word: str) -> str:
    """One spelling per design, so that options compare equal across documents."""
    word = re.sub(r"[ -]+", "-", word.lower()).replace("randomised", "randomized")
    word = re.sub(r"multi-?centre|multi-?center", "multi-center", word).replace("centre", "center")
    return word.replace("double-blinded", "double-blind")


def _designs(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for pattern, canonical in DESIGN_WORDS:
        for m in re.finditer(pattern, text, re.I):
            found.append((m.start(), _design(canonical or m.group())))
    return list(dict.fromkeys(word for _, word in sorted(found)))


def _values(patterns: tuple[str, ...], text: str, enrolment: bool = False) -> tuple[list[int], str]:
    """Counts matched by ``patterns``, and ``text`` with each count blanked out."""
    values: list[int] = []
    for pattern in patterns:
        for m in re.finditer(pattern, text, re.I):
            group = next(name for name, g in m.groupdict().items() if name.startswith("n") and g)
            start, end = m.span(group)
            if enrolment and (
                _NOT_ENROLLED_BEFORE.search(text[: m.start()])
                or _NOT_ENROLLED_AFTER.match(text[m.end() :])
            ):
                continue
            values.append(_count(m.group(group)))
            text = text[:start] + " " * (end - start) + text[end:]
    return list(dict.fromkeys(values)), text


def _counts(text: str) -> dict[str, list[int]]:
    """Planned counts first, so that "enrolled 268 of a planned 420" plans 420, not 420 enrolled;
    while enrolment is under way an approximate count is the target ("evaluating X in
    approximately 120 patients, began enrolling")."""
    patterns = (
        (*PLANNED_PATTERNS, _TARGET_PATTERN) if _ENROLLING_RE.search(text) else PLANNED_PATTERNS
    )
    planned, rest = _values(patterns, text)
    sites, rest = _values(SITE_PATTERNS, rest)
    enrolled = _values(ENROLLED_PATTERNS, rest, enrolment=True)[0]
    counts = {"enrolled": enrolled, "planned": planned, "sites": sites}
    return {role: values for role, values in counts.items() if values}


def _status(text: str) -> str | None:
    """The first status the text states as reached: "expected to complete enrollment" is
    not "enrollment complete"."""
    for name, pattern in STATUSES:
        for m in re.finditer(pattern, text, re.I):
            if not _NOT_REACHED_RE.search(text[: m.start()]):
                return name
    return None


def _is_heading(text: str) -> bool:
    return len(text.split()) <= _HEADING_MAX_WORDS and not text.rstrip().endswith((".", "。"))


def study_names(
    sentences: list[Sentence], excluded: set[str], abbreviations: Mapping[str, str]
) -> set[str]:
    """Study names the document gives: in a name's place, not a drug, agency, endpoint or
    the abbreviation of a term the document spells out ("non-small cell lung cancer (NSCLC)")."""
    spelled_out = {abbr for abbr, words in abbreviations.items() if words.split()[-1][:1].islower()}
    tickers = {m.group(1) for s in sentences for m in _TICKER_RE.finditer(s.text)}
    names = set()
    for s in sentences:
        for pattern in NAME_CONTEXTS:
            for m in re.finditer(pattern, s.text):
                name = m.group("name")
                if (
                    not NOT_STUDY_NAME.fullmatch(name)
                    and name.casefold() not in excluded
                    and name not in spelled_out
                    and name not in tickers
                    and not _REGISTRY_RE.fullmatch(name)
                ):
                    names.add(name)
    return names | _listed(sentences, names)


def _listed(sentences: list[Sentence], names: set[str]) -> set[str]:
    """Names listed with a known one: "two Phase 3 trials, PSOLAR-1 and PSOLAR-2"."""
    found = set(names)
    for s in sentences:
        for name in list(found):
            joined = r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)"
            pattern = rf"(?<![A-Za-z0-9_-]){re.escape(name)}{joined}(?P<other>{STUDY_NAME})"
            found |= {m.group("other") for m in re.finditer(pattern, s.text)}
    return found - names


Anchor = tuple[int, int, str, Phase | str | None]
"""(start, end, kind, value): a phase, a study name, a registry number, a cohort, or "new"."""


def _anchors(text: str, names: set[str]) -> list[Anchor]:
    anchors: list[Anchor] = [(start, end, "phase", phase) for start, end, phase in _phases(text)]
    for name in names:
        anchors += [
            (m.start(), m.end(), "name", name)
            for m in re.finditer(rf"(?<![A-Za-z0-9_-]){re.escape(name)}(?![A-Za-z0-9_-])", text)
        ]
    anchors += [(m.start(), m.end(), "registry", m.group()) for m in _REGISTRY_RE.finditer(text)]
    for m in COHORT_RE.finditer(text):
        label = m.group("c") or m.group("k") or m.group("h") or m.group("a")
        anchors.append((m.start(), m.end(), "cohort", label))
    anchors += [(m.start(), m.end(), "new", None) for m in _NEW_TRIAL_RE.finditer(text)]
    return sorted(anchors, key=lambda a: (a[0], -a[1]))


def _conflicts(mention: _Mention, kind: str, value: Phase | str | None) -> bool:
    if kind == "phase":
        return mention.phase is not None and mention.phase != value
    if kind == "name":
        return bool(mention.names) and value not in mention.names
    if kind == "registry":
        return bool(mention.registries) and value not in mention.registries
    if kind == "cohort":
        return mention.cohort is not None and mention.cohort != value
    return True


def _add(mention: _Mention, anchor: Anchor, text: str) -> None:
    start, _, kind, value = anchor
    if isinstance(value, Phase):
        mention.phase = value
    elif kind == "new" or value is None:
        mention.new = True
    elif kind == "name":
        mention.names.append(value)
    elif kind == "cohort":
        mention.cohort = value
    else:
        mention.registries.append(value)
        name = mention.names[-1] if mention.names else None
        joined = name and re.search(
            rf"(?<![A-Za-z0-9_-]){re.escape(name)}\s*(?:{_TRIAL_NOUN}\s*)?(?:\(|[，,;；][^()（）]{{0,40}}?)"
            r"\s*$",
            text[:start],
        )
        if joined and mention.identifier is None:
            mention.identifier = f"{name} ({value})"  # "NIMBUS-201 (NCT05318842)"


def _mentions_in(sentence: Sentence, names: set[str]) -> list[_Mention]:
    """The trials a sentence names, each with the part of the sentence that is about it."""
    text = sentence.text
    mentions: list[_Mention] = []
    for anchor in _anchors(text, names):
        start, end, kind, value = anchor
        last = mentions[-1] if mentions else None
        if last is not None and start < last.end:
            if kind == "phase" and last.new and last.phase is None:
                last.phase = value  # "a second Phase 3 trial"
            continue  # inside the previous anchor ("Phase 1/2" holds "Phase 1")
        gap = text[last.end : start] if last else ""
        close = last is not None and len(gap) <= CLOSE_CHARS and not re.search(r"[;；]|,\s", gap)
        appositive = last is not None and (
            (
                (last.names or last.registries)
                and kind == "phase"
                and bool(_APPOSITIVE_RE.match(gap))
            )
            or (not last.names and kind == "name" and bool(_NAME_AFTER_RE.match(gap)))
        )
        if last is not None and (close or appositive) and not _conflicts(last, kind, value):
            _add(last, anchor, text)
            last.end = end
            continue
        mention = _Mention(sentence.index, start, end)
        _add(mention, anchor, text)
        mentions.append(mention)
    return [m for m in mentions if m.anchored]


def _segments(text: str, mentions: list[_Mention]) -> list[tuple[int, int]]:
    """Each mention's part of the sentence: from the clause break before it to the next one's."""
    starts = [0]
    for previous, mention in pairwise(mentions):
        breaks = list(_BREAK_RE.finditer(text, previous.end, mention.start))
        starts.append(breaks[-1].end() if breaks else mention.start)
    ends = [*starts[1:], len(text)]
    return list(zip(starts, ends, strict=True))


def _word(name: str) -> re.Pattern[str]:
    """``name`` as a whole word: a name inside a longer code ("MRL909" in "MRL909-101") is
    not it."""
    return re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(name)}(?![A-Za-z0-9_-])", re.I)


def _drug_in(text: str, aliases: Mapping[str, str]) -> str | None:
    """The first drug (in the aliases' order) named in ``text``."""
    return next((name for alias, name in aliases.items() if _word(alias).search(text)), None)


def _describe(
    mention: _Mention,
    segment: str,
    sentence: Sentence,
    alone: bool,
    aliases: Mapping[str, str],
    diseases: frozenset[str],
) -> None:
    planned = PLANNED_TRIAL.search(segment)
    if planned and mention.phase and not (mention.names or mention.registries):
        mention.phase = None  # a planned trial: nothing of it is a trial yet
        return
    mention.design = _designs(segment)
    mention.counts = _counts(sentence.text) if alone else {}
    mention.indication = find_indication(segment, diseases, strip_subject=True)
    if mention.cohort and mention.indication is None:
        named = [(m.start(), m.group()) for d in diseases for m in _word(d).finditer(segment)]
        mention.indication = min(named)[1] if named else None  # "Cohort A - ES-SCLC, 8 mg/kg"
    mention.status = _status(segment)
    mention.drug = _drug_in(segment, aliases)


def _one_trial(mentions: list[_Mention]) -> bool:
    """Whether a sentence's mentions are of one trial: one mention, or each naming the first's
    name ("**NAME enrollment complete.** ... completed enrollment in NAME (NCT...)")."""
    first = set(mentions[0].names + mentions[0].registries)
    return all(first & set(m.names + m.registries) for m in mentions[1:])


def _stage_list(mentions: list[_Mention]) -> bool:
    """A list of development stages ("Phase 1, Phase 2 and Phase 3 trials", "第一期、第二期、
    第三期臨床試驗"): phases by name alone, no trial of its own."""
    phases = {m.phase for m in mentions if m.phase}
    return len(phases) >= STAGE_LIST_PHASES and not any(m.names or m.registries for m in mentions)


def _sentence_mentions(
    sentence: Sentence,
    names: set[str],
    aliases: Mapping[str, str],
    diseases: frozenset[str],
) -> list[_Mention]:
    text = sentence.text
    mentions = _mentions_in(sentence, names)
    if mentions:
        segments = _segments(text, mentions)
        alone = _one_trial(mentions)
        for mention, (start, end) in zip(mentions, segments, strict=True):
            mention.start, mention.end = start, end
            _describe(mention, text[start:end], sentence, alone, aliases, diseases)
        kept = [m for m in mentions if m.anchored]
        if _stage_list(kept):
            return []
        if _is_heading(text):
            kept = [m for m in kept if m.names or m.registries or m.drug or m.cohort]
        return kept
    counts = _counts(text)
    if _OTHER_STUDY_RE.search(text):
        return []
    if counts or _REFERENCE_RE.search(text):
        mention = _Mention(sentence.index, 0, len(text), reference=True)
        _describe(mention, text, sentence, True, aliases, diseases)
        if re.search(r"\b(?:trials|studies)\b", text) and not counts:
            mention.design = []  # "multi-center clinical trials" in general is no one trial
        return [mention] if mention.states else []
    return []


def _compatible(trial: _Trial, mention: _Mention, abbreviations: Mapping[str, str]) -> bool:
    if mention.new:
        return False
    mine = set(mention.names + mention.registries)
    if mine and trial.names and not mine & trial.names:
        return False
    if mine and mine & trial.names:
        return True
    if mention.phase and trial.phase and mention.phase != trial.phase:
        return False
    if mention.drug and trial.drug and mention.drug != trial.drug:
        return False
    indication = trial.indication
    return not (
        mention.indication
        and indication
        and not _same_indication(mention.indication, indication, abbreviations)
    )


def _words(indication: str, abbreviations: Mapping[str, str]) -> set[str]:
    """An indication's words, with the words of the abbreviations it uses spelled out."""
    spelled = [abbreviations[w] for w in re.findall(r"[\w/+-]+", indication) if w in abbreviations]
    return set(re.findall(r"\w+", " ".join([indication, *spelled]).casefold()))


def _same_indication(a: str, b: str, abbreviations: Mapping[str, str]) -> bool:
    """One indication's words among the other's: "alopecia areata" is "severe alopecia
    areata", "NSCLC" is "non-small cell lung cancer"."""
    words_a, words_b = _words(a, abbreviations), _words(b, abbreviations)
    small, large = sorted((words_a, words_b), key=len)
    return bool(small) and len(small & large) / len(small) >= 0.6


def _group(mentions: list[_Mention], abbreviations: Mapping[str, str]) -> list[_Trial]:
    """Mentions as trials, in document order; each mention updates the trial last spoken of."""
    trials: list[_Trial] = []
    pointer: tuple[_Trial, str | None] | None = None
    for mention in mentions:
        target: _Trial | None = None
        if mention.reference or (
            mention.cohort and not (mention.phase or mention.names or mention.registries)
        ):
            target = pointer[0] if pointer else None
        else:
            mine = set(mention.names + mention.registries)
            target = next((t for t in trials if mine & t.names), None)
            if target is None:
                preferred = [pointer[0]] if pointer else []
                candidates = preferred + [t for t in reversed(trials) if t not in preferred]
                compatible = (t for t in candidates if _compatible(t, mention, abbreviations))
                target = next(compatible, None)
        if target is None:
            target = _Trial()
            trials.append(target)
        cohort = mention.cohort or (
            pointer[1] if mention.reference and pointer and pointer[0] is target else None
        )
        if cohort:
            target.cohorts.setdefault(cohort, _Trial()).mentions.append(mention)
        else:
            target.mentions.append(mention)
        pointer = (target, cohort)
    return trials


def _identifier(mentions: list[_Mention]) -> str | None:
    """The name with its registry number as written together, else the name, else the number."""
    joined = [m.identifier for m in mentions if m.identifier]
    names = [n for m in mentions for n in m.names]
    registries = [r for m in mentions for r in m.registries]
    return next(iter(joined + names + registries), None)


def _in_order(mentions: list[_Mention]) -> list[_Mention]:
    return sorted(mentions, key=lambda m: (m.sentence_index, m.start))


def _candidate(mentions: list[_Mention], own: list[_Mention], drug: str | None) -> TrialCandidate:
    """A trial from all its ``mentions``; its counts, indication and place in the text are its
    ``own`` (a cohort's, when the trial is one of its cohorts)."""
    counts: dict[str, tuple[int, ...]] = {}
    for mention in own:
        for role, values in mention.counts.items():
            counts[role] = tuple(dict.fromkeys([*counts.get(role, ()), *values]))
    indications = [m.indication for m in [*own, *mentions] if m.indication]
    stating = {m.sentence_index for m in mentions if m.states} or {mentions[0].sentence_index}
    return TrialCandidate(
        sentence_indexes=tuple(sorted(stating)),
        phase_hints=tuple(m.phase.value for m in mentions if m.phase)[:1],
        design=tuple(dict.fromkeys(w for m in mentions for w in m.design)),
        counts=counts,
        status_hint=next((m.status for m in mentions if m.status), None),
        identifier=_identifier(mentions),
        indication=next(iter(indications), None),
        drug=next((m.drug for m in mentions if m.drug), None) or drug,
        spans=tuple((m.sentence_index, m.start) for m in own),
    )


def _candidates(trial: _Trial) -> list[TrialCandidate]:
    """One candidate per cohort when the trial has two or more, else one for the trial. The
    trial's own counts are of all its cohorts together: no cohort's."""
    context = next((m.context_drug for m in trial.mentions if m.context_drug), None)
    if len(trial.cohorts) < 2:
        mentions = _in_order(
            trial.mentions + [m for c in trial.cohorts.values() for m in c.mentions]
        )
        return [_candidate(mentions, mentions, context)]
    return [
        _candidate(_in_order(trial.mentions + cohort.mentions), cohort.mentions, context)
        for cohort in trial.cohorts.values()
    ]


def front_matter(sentences: list[Sentence]) -> set[int]:
    """Indexes of a Markdown file's YAML front matter, between its opening and closing "---":
    metadata ("title: ..."), which repeats the headline and is no evidence."""
    if not sentences or sentences[0].text.strip() != FRONT_MATTER_FENCE:
        return set()
    closing = next((s.index for s in sentences[1:] if s.text.strip() == FRONT_MATTER_FENCE), None)
    return set() if closing is None else set(range(sentences[0].index, closing + 1))


def find_trials(
    sentences: list[Sentence],
    drug_aliases: Mapping[str, str] | None = None,
    abbreviations: Mapping[str, str] | None = None,
) -> list[TrialCandidate]:
    """One candidate per trial the document describes; ``drug_aliases`` maps each name,
    brand and code of the document's drugs to the drug's name, first drug first;
    ``abbreviations`` are the document's own, when the caller has them already."""
    aliases = dict(drug_aliases or {})
    if abbreviations is None:
        abbreviations = defined_abbreviations(sentences)
    diseases = disease_abbreviations(abbreviations)
    names = study_names(sentences, {a.casefold() for a in aliases}, abbreviations)
    mentions: list[_Mention] = []
    last_drug: str | None = None
    fenced = front_matter(sentences)
    for sentence in sentences:
        if BOILERPLATE_RE.search(sentence.text) or sentence.index in fenced:
            continue
        found = _sentence_mentions(sentence, names, aliases, diseases)
        drug_here = _drug_in(sentence.text, aliases)
        for mention in found:
            mention.context_drug = mention.drug or drug_here or last_drug
        mentions += found
        last_drug = drug_here or last_drug
    return [c for trial in _group(mentions, abbreviations) for c in _candidates(trial)]


def trial_for(trials: list[TrialCandidate], sentence_index: int, position: int = 0) -> int | None:
    """The trial a statement at ``position`` of a sentence is about: the one mentioned last
    before it (in that sentence or earlier), else the first one mentioned after it."""
    spans = [(span, i) for i, trial in enumerate(trials) for span in trial.spans]
    before = [(span, i) for span, i in spans if span <= (sentence_index, position)]
    if before:
        return max(before)[1]
    return min(spans)[1] if spans else None
