"""caveats: what an analyst must not take at face value, found by code.

Two sorts. Flaws code can prove: promised data missing, a mislabelled gain, a header dated
only relatively. And sentences whose own words say they are not established fact: plans
and expectations, marketing language, conditions still to be met, limited analyses, an
outlet's commentary, a programme stopped. Those cues are a lexicon per caveat kind and
language (``CAVEAT_CUES``); each sentence gives at most one caveat, the first kind whose
cue it holds, so "no assurance" reads as a forward-looking risk before "contingent on"
reads as a condition. Securities-law boilerplate ("This press release contains
forward-looking statements ...") is the same warning in every release and is skipped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from schemas.enums import CaveatKind
from summarise.pipeline.lexicon import DISCLAIMERS
from summarise.pipeline.quarantine import Quarantine
from summarise.pipeline.sentences import Sentence, whole_line
from summarise.strategies.candidates.regulatory import (
    HEADER_SENTENCES,
    RELATIVE_DATE_RE,
    find_date,
)
from summarise.strategies.candidates.trials import PERCENT_RE

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
MAX_CAVEATS_PER_KIND = 3
"""Cue-found caveats kept per kind and document, in document order: a release full of
plans needs its first few flagged, not every sentence repeated as a caveat."""

K = CaveatKind
CAVEAT_CUES: tuple[tuple[CaveatKind, dict[str, str]], ...] = (
    (
        K.ABSENCE_OF_EVENT,
        {
            "en": r"\bha(?:s|ve) not (?:yet )?(?:submitted|filed|applied)\b"
            r"|\b(?:does|do) not (?:expect|intend|plan) to (?:file|submit|seek|pursue|start"
            r"|initiate|advance)|\bwill not (?:start|initiate|file|submit|seek|pursue|advance)\b"
            r"|\b(?:discontinu\w*|terminat\w*|halt\w*|stop\w*) (?:the )?(?:further )?development\b",
            "zh-Hans": r"不再(?:推进|开发)|终止(?:开发|研发|该项目)|停止(?:开发|研发)",
            "zh-Hant": r"不再(?:推進|開發)|終止(?:開發|研發|該項目)|停止(?:開發|研發)",
            "ja": r"開発(?:を)?(?:中止|断念)",
            "ko": r"개발(?:을)?\s?(?:중단|포기)",
        },
    ),
    (
        K.PROMOTIONAL_CLAIM,
        {
            "en": r"\bbest[- ]in[- ]class\b|\bpotential to (?:become|be the|transform|rede"
            r"fine|change)\b|\b(?:game[- ]chang\w*|paradigm[- ]shift\w*|unprecedented|transformativ"
            r"e|strong endorsement|most promising)\b"
            r"|\bwe (?:believe|are convinced|remain convinced)\b"
            r"|\bha(?:s|ve) the (?:profile|potential) to become\b"
            r"|\bimprovement over (?:current|existing|the sta"
            r"ndard)|\bsuperior to (?:current|existing|all)\b",
            "zh-Hans": r"同类最佳|同类首创|潜力成为|颠覆性|革命性|我们相信",
            "zh-Hant": r"同類最佳|同類首創|潛力成為|顛覆性|革命性|我們相信",
            "ja": r"ベストインクラス|ファーストインクラス|画期的な",
            "ko": r"뛰어난|획기적|계열 내 최고|혁신적인",
        },
    ),
    (
        K.MISSING_DATA,
        {
            "en": r"\b(?:financial )?terms (?:of the \w+ )?(?:were|was|are|is|have) not (?:been )?"
            r"(?:disclosed|made public)\b|\bundisclosed (?:terms|amount|sum)\b",
            "zh-Hans": r"不予(?:披露|揭露)|未(?:予)?披露",
            "zh-Hant": r"不予(?:揭露|披露)|未(?:予)?揭露",
            "ja": r"非開示|開示して(?:おりません|いません)",
            "ko": r"비공개|공개하지 않",
        },
    ),
    (
        K.FORWARD_LOOKING,
        {
            "en": r"\b(?:there (?:is|can be) no|without) (?:assurance|guarantee)"
            r"|\bcannot (?:assure|guarantee)\b",
            "zh-Hans": r"存在(?:较大)?不确定性|无法保证|不能保证|并未保证",
            "zh-Hant": r"存在(?:較大)?不確定性|無法保證|不能保證|並未保證",
            "ja": r"保証(?:はありません|できません)|不確実性",
            "ko": r"보장할 수 없|불확실성",
        },
    ),
    (
        K.PENDING_CONDITION,
        {
            "en": r"\bsubject to (?:customary|regulatory|certain|closing|approval|clearance"
            r"|the (?:satisfaction|receipt|expiration))|\bcontingent (?:up)?on\b"
            r"|\bHart-Scott-Rodino\b|\bwaiting period\b"
            r"|\bremains? subject to\b",
            "zh-Hans": r"尚需|尚待|须经|需经|有待(?:股东|监管|批准)|附条件批准的要求",
            "zh-Hant": r"尚需|尚待|須經|需經|有待(?:股東|監管|批准)|附條件批准的要求",
            "ja": r"を条件と(?:する|して)",
            "ko": r"조건으로|승인을 조건",
        },
    ),
    (
        K.ANALYSIS_LIMITATION,
        {
            "en": r"\bpost[- ]hoc\b|\bexploratory\b|\bnominal(?:ly)?\b|\bunconfirmed\b|\bimmature\b"
            r"|\bnot (?:been )?(?:reviewed|assessed|adjudicated|confirmed) by an independent\b"
            r"|\b(?:assessed|evaluated) by (?:the )?investigators?\b|\bnot powered\b"
            r"|\bcross-trial\b|\bpreliminary data (?:have|has) not\b",
            "zh-Hans": r"事后分析|探索性|未经(?:独立)?确认",
            "zh-Hant": r"事後分析|探索性|未經(?:獨立)?確認",
            "ja": r"事後解析|探索的",
            "ko": r"사후 분석|탐색적",
        },
    ),
    (
        K.SECONDARY_SOURCE,
        {
            "en": r"\b(?:our|editor'?s?) (?:take|note|view|comment)\b"
            r"|\bsummari[sz]ed from (?:their|the company'?s?) (?:press )?releases?\b"
            r"|\bhave not (?:independently )?verified\b"
            r"|\baccording to (?:media|news) reports\b",
            "zh-Hans": r"据(?:媒体|外媒)报道|编者按|未经核实",
            "zh-Hant": r"據(?:媒體|外媒)報導|編者按|未經核實",
            "ja": r"報道によると|編集部注",
            "ko": r"보도에 따르면|편집자 주",
        },
    ),
    (
        K.FORWARD_LOOKING,
        {
            "en": r"\b(?:expects?|expected|anticipates?|anticipated|plans?|planned|intends?|aims?)"
            r" to\b|\b(?:is|are) (?:expected|anticipated|planned|scheduled)\b"
            r"|\banticipated (?:in|by|for)\b|\b(?:target action|PDUFA) date\b"
            r"|\bwill (?:be (?:submitted|presented|available|launched|filed)|submit|file|launch"
            r"|seek|start|initiate|report|present)\b"
            r"|\bif approved\b|\bon track to\b|\bsufficient to fund\b|\bcash runway\b"
            r"|\bfund (?:its |planned )?operations (?:into|through)\b",
            "zh-Hans": r"预计|预期|计划|拟于|将于|有望",
            "zh-Hant": r"預計|預期|計劃|計畫|擬於|將於|有望",
            "ja": r"予定|見込み|計画|目指",
            "ko": r"예정|계획|목표로|추진할",
        },
    ),
)
"""Per caveat kind, the words that make a sentence one, in every supported language. Checked
in this order; a sentence takes the first kind it matches."""
DESCRIPTIONS = {
    K.ABSENCE_OF_EVENT: "Says something did not or will not happen",
    K.PROMOTIONAL_CLAIM: "The company's own promotional language, not a measured result",
    K.FORWARD_LOOKING: "A plan, expectation or uncertain prospect, not an outcome",
    K.PENDING_CONDITION: "Depends on a condition still to be met",
    K.ANALYSIS_LIMITATION: "A limited analysis (exploratory, post hoc, unconfirmed or immature)",
    K.SECONDARY_SOURCE: "Commentary or a secondhand account, not the company's statement",
    K.MISSING_DATA: "Terms or data the text says it does not disclose",
}
BOILERPLATE_RE = re.compile(
    rf"{DISCLAIMERS}|\bwebcast\b|\bconference call\b"
    r"|(?:plans?|planned|expect(?:s|ed)?|aim(?:s|ing)?|intends?) to (?:enrol|recruit)"
    r"|(?:计划|計劃|計畫|预计|預計)[^，。]{0,20}(?:入组|入組|招募)"
    r"|\b(?:trial|study) (?:aims|is expected|is designed|will evaluate|will assess)\b",
    re.I,
)
"""Not caveats: securities-law disclaimers and webcast notices, the same words in every
release; a trial's planned enrolment and its stated aim, which are facts of its design."""
ABOUT_HEADING_RE = re.compile(r"(?:About|ABOUT|关于|關於)\s*\S[^.。!?]{0,80}")
"""A profile section's heading ("About Talvera", "关于公司"): what follows, up to the next
heading, describes a company or product in the same words in every release."""
MAX_HEADING_CHARS = 90
MIN_CAVEAT_CHARS = 25
"""Shorter lines are headings ("Future plans"), which flag a section rather than state."""
_CUE_RE = tuple(
    (kind, re.compile("|".join(f"(?:{p})" for p in cues.values()))) for kind, cues in CAVEAT_CUES
)


@dataclass(frozen=True)
class CaveatCandidate:
    kind: str
    description: str
    sentence_index: int


def _in_profiles(text: str, sentences: list[Sentence]) -> set[int]:
    """Indexes of sentences inside "About ..." sections: a heading line opens one, and the
    next short line without a sentence end closes it."""
    inside, indexes = False, set()
    for s in sentences:
        heading = (
            whole_line(s, text) and len(s.text) <= MAX_HEADING_CHARS and s.text[-1] not in ".。!?"
        )
        if heading:
            inside = bool(ABOUT_HEADING_RE.fullmatch(s.text))
        elif inside:
            indexes.add(s.index)
    return indexes


def _cued(text: str, sentences: list[Sentence], fenced: Quarantine | None) -> list[CaveatCandidate]:
    """Sentences whose own words make them a caveat, the first few of each kind."""
    found: list[CaveatCandidate] = []
    profiles = _in_profiles(text, sentences)
    for s in sentences:
        if (
            s.index in profiles
            or len(s.text) < MIN_CAVEAT_CHARS
            or BOILERPLATE_RE.search(s.text)
            or (fenced and fenced.overlaps(s.start, s.end))
        ):
            continue
        for kind, pattern in _CUE_RE:
            cue = pattern.search(s.text)
            if cue:
                if sum(c.kind == kind for c in found) < MAX_CAVEATS_PER_KIND:
                    said = f"{DESCRIPTIONS[kind]} ({cue.group().strip()!r})."
                    found.append(CaveatCandidate(kind.value, said, s.index))
                break
    return found


def find_caveats(
    text: str, sentences: list[Sentence], fenced: Quarantine | None = None
) -> list[CaveatCandidate]:
    """What code can prove (promised data that is absent, an absolute difference called
    relative, a header dated only relatively: "3 months ago"), then what the sentences'
    own words flag; sentences quarantined as addressed to AI tools are not read."""
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
            [float(m.group(1)) for m in PERCENT_RE.finditer(s.text) if m.start() != gain.start()]
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
    proven = {c.sentence_index for c in caveats}
    return caveats + [c for c in _cued(text, sentences, fenced) if c.sentence_index not in proven]
