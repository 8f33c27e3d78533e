"""lexicon: the words that state a claim, per language, as data.

Two readers share it. The pick strategy's finders (``strategies/candidates``) use it to
find agencies, actions and deals a small model then chooses among; the claim checks
(:mod:`summarise.pipeline.claims`) use it to decide whether a quote states the claim its
fact makes. One lexicon for both means that what the finders offer and what grounding
accepts cannot drift apart.

Entries are regular-expression alternations, compiled once by their readers and matched
without regard to case, except agency names and places ("US" is a place, "us" is not).
Word boundaries are ASCII ones: CJK text writes "FDA批准" and "PMDAは" with no space, and
a Chinese character must not count as part of a Latin word. The company-name patterns the
finders already compiled stay compiled here. Each language's entries are keyed by the
value they state (a :class:`RegulatorAction`, a :class:`DealType`, a :class:`CompanyRole`,
an :class:`EventStatus` for the cues that make a statement planned, expected or negated).
Languages are ``en``, ``zh-Hans``, ``zh-Hant``, ``ja`` and ``ko``; a sentence is read with
English and the languages its script shows (:func:`summarise.pipeline.claims.languages_of`),
so Japanese 承認 is never read in a Chinese sentence, where it means "acknowledge".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from schemas.enums import CompanyRole, DealType, DrugRelation, EventStatus, RegulatorAction

A = RegulatorAction
S = EventStatus


class Agency(NamedTuple):
    name: str
    """Canonical abbreviation, as events record it."""
    jurisdiction: str
    pattern: str
    """Abbreviation, full name and local names."""


AGENCIES = (  # the more specific first: a later pattern never reuses an earlier one's match
    Agency("CDER", "United States", r"Center for Drug Evaluation and Research|\bCDER\b"),
    Agency("CBER", "United States", r"Center for Biologics Evaluation and Research|\bCBER\b"),
    Agency(
        "CDE",
        "China",
        r"Center for Drug Evaluation|\bCDE\b|药品审评中心|药审中心|藥品審評中心|藥審中心",
    ),
    Agency("Hainan MPA", "Hainan (China)", r"Hainan Medical Products? Administration|Hainan MPA"),
    Agency(
        "NMPA",
        "China",
        r"National Medical Products? Administration|\bNMPA\b|\bCFDA\b"
        r"|国家药品?监[\u4e00-\u9fff]{0,4}局|國家藥品?監[\u4e00-\u9fff]{0,4}局",
    ),
    Agency(
        "ISAF (Macau)",
        "Macau",
        r"\bISAF\b|Pharmaceutical Administration Bureau\b[^.]{0,20}Maca[uo]",
    ),
    Agency(
        "TFDA",
        "Taiwan",
        r"Taiwan Food and Drug Administration|\bTFDA\b|衛生福利部食品藥物管理署|食品藥物管理署"
        r"|食藥署",
    ),
    Agency(
        "FDA",
        "United States",
        r"Food and Drug Administration|\bFDA\b|美国食品药品监督管理局|美国食品药品管理局"
        r"|美國食品藥品監督管理局|美國食品藥物管理局|米国食品医薬品局|미국\s?식품의약국",
    ),
    Agency(
        "CHMP",
        "European Union",
        r"Committee for Medicinal Products for Human Use|\bCHMP\b|人用药品委员会|人用藥品委員會"
        r"|欧州医薬品委員会|약물사용자문위원회",
    ),
    Agency(
        "EMA",
        "European Union",
        r"European Medicines Agency|\bEMA\b|欧洲药品管理局|歐洲藥品管理局|欧州医薬品庁"
        r"|유럽\s?의약품청",
    ),
    Agency(
        "EC",
        "European Union",
        r"European Commission|\bEC\b|欧盟委员会|歐盟委員會|欧州委員会"
        r"|유럽\s?(?:연합\s?)?집행위원회",
    ),
    Agency(
        "PMDA",
        "Japan",
        r"Pharmaceuticals and Medical Devices Agency|\bPMDA\b|医薬品医療機器総合機構"
        r"|日本药品医疗器械综合机构",
    ),
    Agency(
        "MHLW",
        "Japan",
        r"Ministry of Health,? Labou?r and Welfare|\bMHLW\b|厚生労働省|厚労省|厚生劳动省"
        r"|厚生勞動省",
    ),
    Agency(
        "MFDS",
        "South Korea",
        r"Ministry of Food and Drug Safety|\bMFDS\b|식품의약품안전처|식약처|食品药品安全部"
        r"|食品藥品安全部",
    ),
    Agency(
        "MHRA", "United Kingdom", r"Medicines and Healthcare products Regulatory Agency|\bMHRA\b"
    ),
    Agency("HSA", "Singapore", r"Health Sciences Authority|\bHSA\b"),
    Agency("TGA", "Australia", r"Therapeutic Goods Administration|\bTGA\b"),
    Agency("Health Canada", "Canada", r"Health Canada|加拿大卫生部|加拿大衛生部"),
)
AGENCY_PARENTS = {
    "CDE": "NMPA",
    "CDER": "FDA",
    "CBER": "FDA",
    "CHMP": "EMA",
    "EC": "EMA",
    "PMDA": "MHLW",
}
"""Bodies that decide together: a centre and its agency, the EU's committee, agency and
Commission, Japan's reviewer and ministry. A claim about one is stated by a quote naming
any of them; a finder offers the more specific body when both are named."""
AGENCY_PLACES = {  # keyed by the family's head (see AGENCY_PARENTS)
    "FDA": r"\bU\.\s?S\.(?:A\.)?|\bUS\b(?!\$)|\bUSA\b|\bUnited States\b|美国|美國|米国|미국",
    "NMPA": r"\bChina\b|\bChinese mainland\b|中国|中國",
    "EMA": r"\bEurope(?:an Union)?\b|\bEU\b|欧盟|歐盟|欧洲|歐洲|欧州|유럽",
    "MHLW": r"\bJapan\b|日本|일본",
    "MFDS": r"\b(?:South )?Korea\b|韩国|韓國|韓国|한국",
    "TFDA": r"\bTaiwan\b|台湾|台灣|臺灣",
    "ISAF (Macau)": r"\bMaca[uo]\b|澳门|澳門",
    "Hainan MPA": r"\bHainan\b|海南",
    "Health Canada": r"\bCanada\b|加拿大",
    "MHRA": r"\bUnited Kingdom\b|\bUK\b|\bBritain\b|英国|英國",
    "HSA": r"\bSingapore\b|新加坡",
    "TGA": r"\bAustralia\b|澳大利亚|澳洲",
}
"""Where an agency decides: "approved in the U.S." states an FDA approval when its clause
names no agency at all."""

LANGUAGES = ("en", "zh-Hans", "zh-Hant", "ja", "ko")

ACTION_WORDS: dict[str, dict[RegulatorAction, str]] = {
    "en": {
        A.APPROVAL: r"\bapprov(?:e|es|ed|al|als|ing)\b(?!\s+(?:application|process|pathway|path"
        r"|decision|timeline|standard|requirement))|\bgrants? marketing|\bmarketing authori[sz]a"
        r"tion\b(?! application)|\bnotice of compliance\b",
        A.CONDITIONAL_APPROVAL: r"\bconditional(?:ly)?\s+(?:approv|marketing|authori)"
        r"(?![\w ]{0,20}\bapplication)"
        r"|\bapproved conditionally\b",
        A.ACCELERATED_APPROVAL: r"\baccelerated approval\b",
        A.SUPPLEMENTAL_APPROVAL: r"\bs(?:NDA|BLA)\b|\bsupplemental\b|\blabel (?:expansion|extens"
        r"ion)\b|\bexpan(?:d|ds|ded|sion of) (?:the |its )?(?:label|indication|use)|\b(?:new|add"
        r"itional|second|third) indications?\b|\bextension of (?:the )?indication|\bvariation\b",
        A.MARKETING_AUTHORISATION: r"\bmarketing authori[sz]ation\b(?! application)"
        r"|\bauthori[sz]ed for (?:marketing|sale)\b",
        A.CHMP_POSITIVE_OPINION: r"\bpositive (?:scientific |CHMP )?opinion\b"
        r"|\brecommend(?:s|ed|ing)?\b[^.;]{0,40}\b(?:approv|grant|marketing authori)",
        A.CHMP_NEGATIVE_OPINION: r"\bnegative (?:scientific |CHMP )?opinion\b"
        r"|\brecommend(?:s|ed|ing)?\b[^.;]{0,30}\brefus",
        A.EMERGENCY_OR_URGENT_USE: r"urgent clinical import|urgent use|emergency use|\bEUA\b",
        A.APPLICATION_SUBMITTED: r"\bsubmit(?:s|ted)?\b|\bsubmission\b|\bfiled\b|\bfilings?\b",
        A.APPLICATION_ACCEPTED: r"(?:accept|validat)\w*\b[^.;]{0,80}?(?:application|\bs?(?:NDA|B"
        r"LA)\b|\bMAA\b)|application\b[^.;]{0,40}?\b(?:accepted|validated)",
        A.PRIORITY_REVIEW: r"priority review|\bexpedited review\b",
        A.BREAKTHROUGH_THERAPY: r"breakthrough therapy|\bBTD\b",
        A.FAST_TRACK: r"fast[- ]track",
        A.ORPHAN_DRUG: r"\borphan",
        A.IND_CLEARANCE: r"\bIND\b|investigational new drug|clinical trial application",
        A.TARGET_ACTION_DATE: r"\bPDUFA\b|\b(?:target )?action date\b|\bgoal date\b",
        A.CLINICAL_HOLD: r"\b(?:partial |full )?clinical hold\b|\bon hold\b",
        A.CLINICAL_HOLD_LIFTED: r"\blift(?:s|ed|ing)?\b[^.;]{0,40}\bhold\b"
        r"|\bhold\b[^.;]{0,40}\b(?:lifted|removed|released)\b",
        A.COMPLETE_RESPONSE_LETTER: r"complete response letter|\bCRL\b",
        A.REJECTION: r"\brejected\b|\brejection\b|\brefus(?:al|ed|es)\b|\bdeclin(?:ed|es) to "
        r"approve\b|\bnot approvable\b",
        A.WITHDRAWAL: r"\bwithdr[ae]wn?\b|\bwithdrawal\b",
    },
    "zh-Hans": {
        A.APPROVAL: r"批准|获批|核准|获准|上市许可(?!申请)",
        A.CONDITIONAL_APPROVAL: r"附条件批准|有条件批准|附条件上市",
        A.ACCELERATED_APPROVAL: r"加速批准",
        A.SUPPLEMENTAL_APPROVAL: r"新增适应症|新适应症|适应症扩展|扩展适应症|增加适应症|补充申请",
        A.MARKETING_AUTHORISATION: r"上市许可(?!申请)|批准上市|获批上市",
        A.CHMP_POSITIVE_OPINION: r"积极意见|正面意见|推荐批准",
        A.CHMP_NEGATIVE_OPINION: r"负面意见|否定意见|不推荐批准",
        A.EMERGENCY_OR_URGENT_USE: r"紧急使用|临床急需|紧急授权",
        A.APPLICATION_SUBMITTED: r"提交|递交|申报",
        A.APPLICATION_ACCEPTED: r"受理",
        A.PRIORITY_REVIEW: r"优先审评|优先审查",
        A.BREAKTHROUGH_THERAPY: r"突破性治疗",
        A.FAST_TRACK: r"快速通道",
        A.ORPHAN_DRUG: r"孤儿药|罕见病药物",
        A.IND_CLEARANCE: r"临床试验(?:申请|批准|许可)|药物临床试验|新药临床试验",
        A.TARGET_ACTION_DATE: r"目标(?:审评|审批|行动)日期",
        A.CLINICAL_HOLD: r"临床(?:试验)?(?:暂停|搁置)|暂停临床",
        A.CLINICAL_HOLD_LIFTED: r"解除[^，。；]{0,10}(?:暂停|搁置)|(?:暂停|搁置)[^，。；]{0,6}解除",
        A.COMPLETE_RESPONSE_LETTER: r"完整回复函|完整回应函",
        A.REJECTION: r"不予批准|拒绝|驳回",
        A.WITHDRAWAL: r"撤回",
    },
    "zh-Hant": {
        A.APPROVAL: r"批准|獲批|核准|獲准|上市許可(?!申請)|許可證",
        A.CONDITIONAL_APPROVAL: r"附條件批准|有條件批准|附條件上市",
        A.ACCELERATED_APPROVAL: r"加速批准|加速核准",
        A.SUPPLEMENTAL_APPROVAL: r"新增適應症|新適應症|適應症擴展|擴展適應症|增加適應症|補充申請",
        A.MARKETING_AUTHORISATION: r"上市許可(?!申請)|批准上市|獲批上市|核准上市",
        A.CHMP_POSITIVE_OPINION: r"積極意見|正面意見|推薦批准",
        A.CHMP_NEGATIVE_OPINION: r"負面意見|否定意見|不推薦批准",
        A.EMERGENCY_OR_URGENT_USE: r"緊急使用|臨床急需|緊急授權",
        A.APPLICATION_SUBMITTED: r"提交|遞交|申報",
        A.APPLICATION_ACCEPTED: r"受理",
        A.PRIORITY_REVIEW: r"優先審評|優先審查",
        A.BREAKTHROUGH_THERAPY: r"突破性治療",
        A.FAST_TRACK: r"快速通道",
        A.ORPHAN_DRUG: r"孤兒藥|罕見病藥物",
        A.IND_CLEARANCE: r"臨床試驗(?:申請|批准|許可)|藥物臨床試驗|新藥臨床試驗",
        A.TARGET_ACTION_DATE: r"目標(?:審評|審批|行動)日期",
        A.CLINICAL_HOLD: r"臨床(?:試驗)?(?:暫停|擱置)|暫停臨床",
        A.CLINICAL_HOLD_LIFTED: r"解除[^，。；]{0,10}(?:暫停|擱置)|(?:暫停|擱置)[^，。；]{0,6}解除",
        A.COMPLETE_RESPONSE_LETTER: r"完整回覆函|完整回應函",
        A.REJECTION: r"不予批准|拒絕|駁回",
        A.WITHDRAWAL: r"撤回",
    },
    "ja": {
        A.APPROVAL: r"承認(?!申請|拒否|勧告)",
        A.CONDITIONAL_APPROVAL: r"条件付き(?:早期)?承認|条件付承認",
        A.ACCELERATED_APPROVAL: r"迅速承認",
        A.SUPPLEMENTAL_APPROVAL: r"効能(?:・効果)?追加|適応(?:症)?追加|一部変更承認|追加承認",
        A.MARKETING_AUTHORISATION: r"製造販売承認(?!申請)|販売承認(?!申請)",
        A.CHMP_POSITIVE_OPINION: r"肯定的(?:な)?見解|承認勧告",
        A.CHMP_NEGATIVE_OPINION: r"否定的(?:な)?見解",
        A.EMERGENCY_OR_URGENT_USE: r"緊急承認|特例承認|緊急使用",
        A.APPLICATION_SUBMITTED: r"申請|提出",
        A.APPLICATION_ACCEPTED: r"受理",
        A.PRIORITY_REVIEW: r"優先審査",
        A.BREAKTHROUGH_THERAPY: r"画期的治療薬|ブレークスルーセラピー",
        A.FAST_TRACK: r"ファストトラック",
        A.ORPHAN_DRUG: r"希少疾病用医薬品|オーファンドラッグ",
        A.IND_CLEARANCE: r"治験(?:計画)?届|治験許可",
        A.TARGET_ACTION_DATE: r"審査終了目標日",
        A.CLINICAL_HOLD: r"臨床(?:試験)?(?:の)?(?:一時)?(?:中断|停止|保留)|クリニカルホールド",
        A.CLINICAL_HOLD_LIFTED: r"(?:中断|停止|保留|ホールド)[^。、]{0,6}解除",
        A.COMPLETE_RESPONSE_LETTER: r"審査完了報告通知|コンプリート・?レスポンス・?レター",
        A.REJECTION: r"不承認|却下|承認拒否",
        A.WITHDRAWAL: r"取り下げ|取下げ|撤回",
    },
    "ko": {
        A.APPROVAL: r"승인(?!\s?신청)|허가(?!\s?신청)",
        A.CONDITIONAL_APPROVAL: r"조건부\s?(?:승인|허가)",
        A.ACCELERATED_APPROVAL: r"가속\s?승인",
        A.SUPPLEMENTAL_APPROVAL: r"적응증\s?(?:추가|확대|확장)|추가\s?적응증|변경\s?허가",
        A.MARKETING_AUTHORISATION: r"(?:판매|시판)\s?허가(?!\s?신청)",
        A.CHMP_POSITIVE_OPINION: r"긍정\s?의견|긍정적\s?의견|승인\s?권고",
        A.CHMP_NEGATIVE_OPINION: r"부정\s?의견|부정적\s?의견",
        A.EMERGENCY_OR_URGENT_USE: r"긴급\s?사용",
        A.APPLICATION_SUBMITTED: r"신청|제출",
        A.APPLICATION_ACCEPTED: r"접수",
        A.PRIORITY_REVIEW: r"우선\s?심사|신속\s?심사",
        A.BREAKTHROUGH_THERAPY: r"혁신\s?치료제|획기적\s?치료제",
        A.FAST_TRACK: r"패스트\s?트랙",
        A.ORPHAN_DRUG: r"희귀\s?의약품",
        A.IND_CLEARANCE: r"임상\s?(?:\d상\s?)?(?:시험\s?)?계획",
        A.TARGET_ACTION_DATE: r"목표\s?(?:처리|심사)\s?일",
        A.CLINICAL_HOLD: r"임상\s?(?:시험\s?)?(?:보류|중단|중지)",
        A.CLINICAL_HOLD_LIFTED: r"(?:보류|중단|중지)[^.,]{0,6}해제",
        A.COMPLETE_RESPONSE_LETTER: r"보완\s?요구\s?서한|최종\s?보완\s?요구서",
        A.REJECTION: r"거절|반려|불허",
        A.WITHDRAWAL: r"철회|취하",
    },
}
"""The words that name each action. A supplemental approval or an IND clearance also needs
the words of ACTION_NEEDS in the same clause: accepting an sBLA approves nothing."""
CLEARANCE_WORDS = {
    "en": r"\b(?:clear(?:s|ed|ance)?|approv\w*|allow(?:s|ed)?|accept(?:s|ed|ance)?|permi(?:ssion|"
    r"tted)|authori[sz]\w*|grant\w*|green light|go-ahead|may proceed)\b",
    "zh-Hans": r"批准|许可|获准|同意",
    "zh-Hant": r"批准|許可|獲准|同意",
    "ja": r"承認|許可|受理|了承",
    "ko": r"승인|허가|수리",
}
"""What an IND or clinical trial application must be in its clause to be a clearance."""
ACTION_NEEDS: dict[RegulatorAction, dict[str, str]] = {
    A.SUPPLEMENTAL_APPROVAL: {lang: words[A.APPROVAL] for lang, words in ACTION_WORDS.items()},
    A.IND_CLEARANCE: CLEARANCE_WORDS,
}
APPROVAL_FAMILY = frozenset(
    {
        A.APPROVAL,
        A.CONDITIONAL_APPROVAL,
        A.ACCELERATED_APPROVAL,
        A.SUPPLEMENTAL_APPROVAL,
        A.MARKETING_AUTHORISATION,
        A.CHMP_POSITIVE_OPINION,
        A.EMERGENCY_OR_URGENT_USE,
    }
)
NOT_APPROVAL = (
    A.COMPLETE_RESPONSE_LETTER,
    A.REJECTION,
    A.CHMP_NEGATIVE_OPINION,
    A.IND_CLEARANCE,
)
"""Actions whose words, anywhere in a clause, keep its approval words from stating an
approval: a Complete Response Letter "declining approval", a negative opinion
"recommending refusal of the marketing authorisation", an IND "approved"."""
COMPANY_ACTIONS = frozenset({A.APPLICATION_SUBMITTED, A.WITHDRAWAL})
"""Actions a company takes itself: "plans to" makes them planned. An agency's decision a
company only plans for ("plans to seek approval") is expected."""

CUES_BEFORE: dict[str, dict[EventStatus, str]] = {
    "en": {
        S.NOT_OCCURRED: r"\b(?:not|never|no|nor|neither|without|yet to|no longer|fail(?:ed|s)? to"
        r"|cannot|can't|won't|didn't|hasn't|haven't|isn't|wasn't|doesn't|will not|has yet to)\b",
        S.EXPECTED: r"(?-i:\bmay\b)|\b(?:might|could|would|should|if|once|unless|whether|potential"
        r"(?:ly)?|possibl[ey]|likely|expect(?:s|ed|ing)?|anticipat(?:e|es|ed|ing)|hope(?:s|d)?|se"
        r"ek(?:s|ing)?|sought|pending|subject to|eligible for|upon|on or before"
        r"|recommend(?:s|ed|ing|ation)?|no assu"
        r"rance|no guarantee|cannot (?:assure|guarantee))\b|\b(?:applications?|appl(?:y|ied|ies)"
        r"|submi(?:t|ts|tted|ssion)|fil(?:e|ed|es|ing))\b[^,;.]{0,40}?\b(?:for|to|seeking)\b"
        r"(?=(?:\s+\S+){0,3}?\s+(?:approv|marketing authori|conditional|accelerated))",
        S.PLANNED: r"\b(?:will|shall|plans?|planned|planning|intend(?:s|ed)? to|aim(?:s|ed)? to|on "
        r"track to|prepar(?:e|es|ing) to|going to|scheduled to|proposed|upcoming)\b",
    },
    "zh-Hans": {
        S.NOT_OCCURRED: r"尚未|未能|并未|暂未|从未|尚无|未(?!来)|没有|不予|不会|不能|不再|无法"
        r"|不(?=批准|核准)",
        S.EXPECTED: r"预计|预期|有望|可能|或将|如果|如获|若获|一旦|未来|期待|希望|争取|寻求",
        S.PLANNED: r"计划|拟|即将|将|准备|预定|打算",
    },
    "zh-Hant": {
        S.NOT_OCCURRED: r"尚未|未能|並未|暫未|從未|尚無|未(?!來)|沒有|不予|不會|不能|不再|無法"
        r"|不(?=批准|核准)",
        S.EXPECTED: r"預計|預期|有望|可能|或將|如果|如獲|若獲|一旦|未來|期待|希望|爭取|尋求",
        S.PLANNED: r"計劃|計畫|擬|即將|將|準備|預定|打算",
    },
    "ja": {
        S.NOT_OCCURRED: r"未(?=承認|申請|取得|受理|許可|達)",
        S.EXPECTED: r"もし|仮に",
    },
    "ko": {
        S.NOT_OCCURRED: r"미(?=승인|허가|충족|달성)",
        S.EXPECTED: r"만약|만일",
    },
}
"""Words that, before an action in its clause, say it did not, may or will happen."""
CUES_AFTER: dict[str, dict[EventStatus, str]] = {
    "en": {
        S.EXPECTED: r"\b(?:expected|anticipated|pending)\b",
        S.PLANNED: r"\b(?:planned|scheduled)\b",
    },
    "ja": {
        S.NOT_OCCURRED: r"ていない|ていません|されない|されなかった|しなかった|できなかった"
        r"|ませんでした|ません|ない|なかった",
        S.EXPECTED: r"見込み|見通し|可能性|予想|期待|れば|た場合|場合には|かもしれ",
        S.PLANNED: r"予定|計画|目指|方針|意向",
    },
    "ko": {
        S.NOT_OCCURRED: r"(?:되|받|하|얻)지\s?(?:않|못)|않았|않은|못했|못한|실패",
        S.EXPECTED: r"(?:될|받을|할)\s?(?:것으로|수\s?있)|전망|예상|기대|되면|받으면|될\s?경우",
        S.PLANNED: r"예정|계획|목표|추진",
    },
}
"""Words that, after an action, say the same: English "approval is expected", and the
verb endings that carry negation and intent in Japanese and Korean."""
SCOPE_ENDS_AFTER = {
    "ja": r"した|された|しました|されました|受けた|得た",
    "ko": r"았|었|였|했|됐|받은|획득한",
}
"""A past ending closes the action's verb: a cue after it belongs to another verb
("허가를 받은 델스타정은 출시 예정이다": the approval happened, the launch is planned)."""
CUE_REACH = {"en": 60, "zh-Hans": 30, "zh-Hant": 30, "ja": 30, "ko": 30}
"""How many characters a cue reaches before the action, in one stretch without a comma."""
CUE_REACH_AFTER = {"en": 40, "ja": 40, "ko": 40}
CLAUSE_BREAK = (
    r",\s+(?=(?:with|while|and|but|whereas|although|though|however)\b)|;\s*|；"
    r"|，(?=但|而|并|並|同时|同時|此外|然而|另外)|が、"
)
"""Where a sentence's clauses part: "approved in China ..., with FDA filings anticipated"
says nothing the FDA did."""
CUE_BARRIER = r"[,，、:：]"
"""A cue does not reach across these: "In May 2023, the FDA granted" is not hedged."""

ENDPOINT_MET = {
    "en": r"\b(?:met|meets?|achiev(?:ed|es|e|ing)|reach(?:ed|es)?|hit)\b[^.;]{0,40}?\b(?:co-?prim"
    r"ary|primary|end ?points?|objectives?)\b|\bstatistically significant\b|\bstatistical signif"
    r"icance\b|\b(?:was|were|been|is|are)\s+(?:successfully\s+)?met\b|\bsignificantly\s+(?:reduc"
    r"|improv|increas|decreas|lower|prolong|extend|delay)\w*",
    "zh-Hans": r"达到[^，。；]{0,15}?终点|达成[^，。；]{0,15}?终点|具有统计学(?:意义|显著性)"
    r"|统计学?(?:上)?显著",
    "zh-Hant": r"達到[^，。；]{0,15}?終點|達成[^，。；]{0,15}?終點|具有統計學(?:意義|顯著性)"
    r"|統計學?(?:上)?顯著",
    "ja": r"主要評価項目[^。、]{0,10}?達成|達成し(?:た|まし)|統計学的(?:に)?有意"
    r"|有意な(?:改善|延長|差)",
    "ko": r"(?:1차|주요)\s?(?:유효성\s?)?평가\s?(?:지표|변수)[^.]{0,15}?(?:충족|달성)"
    r"|통계적(?:으로)?\s?유의",
}
"""Words saying an endpoint was met; negated ("did not meet") they say it was missed."""
ENDPOINT_MISSED = {
    "en": r"\bfail(?:ed|s|ure)?\s+to\s+(?:meet|achieve|reach|show|demonstrate)\b|\bmiss(?:ed|es)?"
    r"\b[^.;]{0,30}\b(?:primary|end ?points?)\b|\bnot\s+(?:been\s+)?met\b|\bnot\s+(?:statistica"
    r"lly\s+)?significant\b|\bno\s+(?:statistically\s+)?significant\b",
    "zh-Hans": r"未(?:能)?达到|未达统计|没有达到|未达成|无统计学(?:意义|显著)|未显示出?统计学",
    "zh-Hant": r"未(?:能)?達到|未達統計|沒有達到|未達成|無統計學(?:意義|顯著)|未顯示出?統計學",
    "ja": r"達成(?:しなかった|できなかった|せず|できず|しません)|有意差(?:は|が)?(?:認められ|得られ"
    r"|示され|見られ)(?:なかった|ず|ません)|未達",
    "ko": r"(?:충족|달성)하지\s?못|미달|유의하지\s?않|유의성을\s?(?:확보|입증)하지\s?못",
}

DEAL_WORDS: dict[str, dict[DealType, str]] = {
    "en": {
        DealType.ACQUISITION: r"\bacqui(?:re[sd]?|ring|sitions?)\b|\bmerger\b|\btakeover\b"
        r"|\btender offer\b",
        DealType.OPTION: r"\boption (?:to (?:acquire|license|in-license)|agreement|rights)\b",
        DealType.CO_DEVELOPMENT: r"\bco-?develop\w*|\bjoint(?:ly)? develop\w*",
        DealType.CO_COMMERCIALISATION: r"\bco-?commerciali[sz]\w*|\bco-?promot\w*",
        DealType.LICENSING: r"(?<!biologics )(?<!pre-)\blicen[cs]\w*\b(?! application| inspection)"
        r"|\bexclusive rights\b",
        DealType.DISTRIBUTION: r"\bdistribution (?:agreement|deal|rights)\b",
        DealType.FINANCING: r"\bfinancing\b|\bfunding round\b|\bprivate placement\b"
        r"|\bequity (?:investment|stake)\b|\b(?:common|preferred|newly issued) (?:stock|shares)\b",
        DealType.OTHER: r"\b(?:agreements?|partnerships?|collaborations?|alliances?|deals?)\b",
    },
    "zh-Hans": {
        DealType.ACQUISITION: r"收购|并购|吸收合并",
        DealType.OPTION: r"选择权|期权",
        DealType.CO_DEVELOPMENT: r"共同开发|联合开发|合作开发",
        DealType.CO_COMMERCIALISATION: r"共同商业化|联合推广|共同推广",
        DealType.LICENSING: r"许可协议|独家许可|对外许可|许可费|授权",
        DealType.DISTRIBUTION: r"经销|分销|代理协议",
        DealType.FINANCING: r"融资|定向增发|认购|增资",
        DealType.OTHER: r"协议|合作|交易|合同",
    },
    "zh-Hant": {
        DealType.ACQUISITION: r"收購|併購|吸收合併",
        DealType.OPTION: r"選擇權|期權",
        DealType.CO_DEVELOPMENT: r"共同開發|聯合開發|合作開發",
        DealType.CO_COMMERCIALISATION: r"共同商業化|聯合推廣|共同推廣",
        DealType.LICENSING: r"許可協議|獨家許可|對外許可|許可費|授權",
        DealType.DISTRIBUTION: r"經銷|分銷|代理協議",
        DealType.FINANCING: r"融資|定向增發|認購|增資",
        DealType.OTHER: r"協議|合作|交易|合同",
    },
    "ja": {
        DealType.ACQUISITION: r"買収|合併(?!症)|株式公開買付",
        DealType.OPTION: r"オプション",
        DealType.CO_DEVELOPMENT: r"共同開発",
        DealType.CO_COMMERCIALISATION: r"共同販促|コ・?プロモーション|共同販売",
        DealType.LICENSING: r"ライセンス|導出|(?:ライセンス|技術)導入|使用許諾",
        DealType.DISTRIBUTION: r"販売提携|流通契約|販売契約",
        DealType.FINANCING: r"資金調達|第三者割当|出資|増資",
        DealType.OTHER: r"契約|提携|合意",
    },
    "ko": {
        DealType.ACQUISITION: r"인수(?!공통)|(?<!종)합병(?!증)",
        DealType.OPTION: r"옵션\s?(?:계약|권)",
        DealType.CO_DEVELOPMENT: r"공동\s?개발",
        DealType.CO_COMMERCIALISATION: r"공동\s?판매|공동\s?마케팅|코프로모션",
        DealType.LICENSING: r"라이선스|기술\s?이전|기술\s?수출|기술\s?도입",
        DealType.DISTRIBUTION: r"유통\s?계약|판매\s?계약",
        DealType.FINANCING: r"투자\s?유치|유상\s?증자|자금\s?조달",
        DealType.OTHER: r"계약|협약|제휴|거래",
    },
}
"""Words naming each kind of deal; OTHER's are the words of any deal."""

_LICENCE = {
    "en": r"\blicen[cs]\w*|\brights\b",
    "zh-Hans": r"许可|授权|授予|引进|权益|权利",
    "zh-Hant": r"許可|授權|授予|引進|權益|權利",
    "ja": r"ライセンス|導出|導入|使用許諾|権利",
    "ko": r"라이선스|기술\s?(?:이전|수출|도입)|권리",
}
_ACQUISITION = {
    "en": r"\bacqui\w*|\bmerge\w*|\bbuy(?:s|ing)?\b|\bbought\b|\bpurchas\w*|\btakeover\b"
    r"|\btender offer\b",
    "zh-Hans": r"收购|并购|吸收合并",
    "zh-Hant": r"收購|併購|吸收合併",
    "ja": r"買収|合併(?!症)",
    "ko": r"인수(?!공통)|(?<!종)합병(?!증)",
}
ROLE_WORDS: dict[CompanyRole, dict[str, str]] = {
    CompanyRole.LICENSOR: _LICENCE,
    CompanyRole.LICENSEE: _LICENCE,
    CompanyRole.ACQUIRER: _ACQUISITION,
    CompanyRole.TARGET: _ACQUISITION,
    CompanyRole.INVESTOR: {
        "en": r"\binvest\w*|\bequity\b|\bstake\b|\bshares\b|\bstock\b|\bprivate placement\b"
        r"|\bfinancing\b|\bsubscri\w*|\bfunding\b",
        "zh-Hans": r"投资|认购|入股|股权|增资",
        "zh-Hant": r"投資|認購|入股|股權|增資",
        "ja": r"出資|投資|第三者割当|株式",
        "ko": r"투자|지분|증자",
    },
    CompanyRole.PARTNER: {
        "en": r"\bpartner\w*|\bcollaborat\w*|\balliance\b|\bagreements?\b|\bdeals?\b|\bco-\w+"
        r"|\bjoint(?:ly)?\b|\btogether with\b",
        "zh-Hans": r"合作|伙伴|协议|共同|联合",
        "zh-Hant": r"合作|夥伴|協議|共同|聯合",
        "ja": r"提携|協業|共同|パートナー|契約",
        "ko": r"협력|파트너|제휴|공동|계약",
    },
    CompanyRole.DISTRIBUTOR: {
        "en": r"\bdistribut\w*",
        "zh-Hans": r"经销|分销|代理",
        "zh-Hant": r"經銷|分銷|代理",
        "ja": r"販売|流通",
        "ko": r"유통|판매",
    },
    CompanyRole.ADVISOR: {
        "en": r"\badvis[eo]r\w*|\bcounsel\b|\bplacement agents?\b|\bunderwrit\w*|\bbookrunn\w*"
        r"|\bbook-running manager",
        "zh-Hans": r"顾问",
        "zh-Hant": r"顧問",
        "ja": r"アドバイザー|顧問",
        "ko": r"자문",
    },
}
"""Roles a deal gives, and the words that must name them near the company. The direction
of a licence (who grants, who receives) is left to the model: a quote naming the company
with licence words states that it is a party to the licence."""
BACKGROUND_CUES = {
    "en": r"\b(?:previously|earlier|originally|first (?:approved|granted)|since (?:19|20)\d\d|holds"
    r"|had (?:set|granted|accepted|received|assigned|been granted))\b",
    "zh-Hans": r"此前|先前|早前|曾(?:获|于)",
    "zh-Hant": r"此前|先前|早前|曾(?:獲|於)",
    "ja": r"これまでに|以前に|既に",
    "ko": r"앞서|이전에|이미",
}
"""Words that give an event as history: a quote saying a drug was "previously granted"
Fast Track states a past event, not the document's news. "had been approved" is not one:
a release reports today's approval in those words ("announced that X had been approved")."""

DRUG_CONTEXT_BEFORE: dict[DrugRelation, dict[str, str]] = {
    DrugRelation.STANDARD_OF_CARE: {
        "en": r"\b(?:compared (?:with|to)|versus|vs\.?|than|over|standard(?:-of-| of )care "
        r"(?:with|of)?|comparator)\s*$",
        "zh-Hans": r"(?:与|和|对照组?|标准治疗)\s*$",
        "zh-Hant": r"(?:與|和|對照組?|標準治療)\s*$",
        "ja": r"(?:対照|標準治療)\s*$",
        "ko": r"(?:대조|표준 치료)\s*$",
    },
    DrugRelation.COMPETITOR: {
        "en": r"\b(?:competitors?|competing|rivals?)\b[^.;:]{0,50}$",
        "zh-Hans": r"(?:竞品|竞争产品)\s*$",
        "zh-Hant": r"(?:競品|競爭產品)\s*$",
        "ja": r"競合(?:品|薬)?\s*$",
        "ko": r"경쟁\s*(?:약|제품)?\s*$",
    },
}
"""Words just before a drug's name that make it something other than the news's subject:
"compared with venetoclax", "competitors including AbbVie's X and Y" (a competitor word
may stand a few words before the name, within its clause). Read on the text up to it."""
DRUG_CONTEXT_REACH = 60
"""Characters before a drug's name searched for those words."""

SELF_REFERENCES = {
    "en": r"\bthe company\b|\bthe group\b|\bwe\b|\bour\b",
    "zh-Hans": r"本公司|公司|本集团",
    "zh-Hant": r"本公司|公司|本集團",
    "ja": r"当社|同社|弊社",
    "ko": r"당사|회사|동사",
}
"""How a release names its issuer: a company's own quotes may say "the Company"."""
LEGAL_FORMS = (
    r"Limited|Ltd|Inc|Incorporated|Co|Corp|Corporation|AG|plc|PLC|GmbH|LLC|LLP|LP|SA|S\.A"
    r"|N\.V|NV|B\.V|K\.K|S\.p\.A|SE"
)
"""Legal forms: a capitalised name ending in one is a company ("Calder Whitcombe LLP")."""
COMPANY_SUFFIXES = re.compile(
    rf"{LEGAL_FORMS}|Holdings|Pharma|(?:Bio)?[Pp]harmaceuticals?|Biopharma|Biotech(?:nology)?"
    r"|(?:Bio)?[Tt]herapeutics|Biosciences?|Neurosciences?|Sciences|Biologics|Bio|Oncology"
    r"|Medicines|Genomics|Vaccines|Group|Laboratories"
)
"""Words that end a company's name and that texts drop ("InnoCare Pharma Limited" is
"InnoCare"): legal forms, and words describing the business, which alone do not make a
capitalised phrase a company ("Developmental Therapeutics" is a conference session)."""
LOCAL_COMPANY_SUFFIXES = (
    r"(?:股份)?有限公司$|控股$|集团$|集團$|^株式会社|株式会社$|^주식회사|주식회사$"
)
"""The same for names written in Chinese, Japanese or Korean."""
PLACES = re.compile(r"China|Japan|Europe|America|Korea|Macau|Hainan|Taiwan|Global")
"""Places that stand alone as capitalised words and are never a company."""
GENERIC_NAME_WORDS = (
    rf"{PLACES.pattern}|Chinese|American|European|Asia|Pacific|International|National|United"
    r"|General|First|New|Shanghai|Beijing|Jiangsu|Zhejiang|Hangzhou|Suzhou|Shenzhen|Guangzhou"
    r"|Hong|Kong|Medical|Medicine|Medicines|Health|Healthcare|Oncology|Bio|Life|Sciences?"
    r"|Systems?|Technology|Technologies|Genetics|Genomics|Immuno|Cell|Gene|Therapy|Pharm"
)
"""Words of a company's name that do not name it alone: "Corvanta Oncology" is
"Corvanta", but "China Medical System" is not "China"."""

DISCLAIMERS = (
    r"forward[- ]looking statements?|safe harbor|undertakes? no (?:obligation|duty)"
    r"|risks and uncertainties|前瞻性(?:陈述|陳述|表述|声明|聲明)|将来予測|将来に関する記述"
    r"|将来の見通し|概不(?:负责|負責)"
    r"|不存在任何(?:虚假|虛假)|(?:证券|證券)代(?:码|碼)|股份代(?:号|號)"
)
"""Securities-law and exchange disclaimers: the same words in every release ("undertakes no
obligation to update", an exchange's "takes no responsibility for the contents", a stock
code line), which state no event, no caveat and no news of this release's own."""
