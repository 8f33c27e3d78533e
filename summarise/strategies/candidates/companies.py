"""companies: names, local names, tickers and roles, all read by code.

Names come from corporate suffixes ("Inc.", "LLP", "& Co."), tickers ("Pellucid Bio (Nasdaq:
PLCD)"), possessives before a drug, counterparties, firms a financing lists as its investors
("led by Northvale Capital, with participation from existing investors X and the Y Fund") or
that act as advisors ("acted as exclusive placement agent"), a lexicon of large companies
and, in Chinese, Japanese and Korean text, local suffixes (有限公司, 株式会社, 제약). A name ending
only in a word describing the business ("Therapeutics", "Oncology") also needs the text to
use it as a name - its core alone ("Oakhurst said"), a ticker or a possessive after it -
since "Developmental Therapeutics poster session" names no company. A local name beside an
English one ("세온바이오로직스(Seon Biologics Co., Ltd.)", an English header line above a
Chinese one) is the same company; a definition in parentheses ("(the “Company” ... or
“CMS”)", "（以下简称“公司”或“澜湾生物”）") gives aliases, and its generic ones ("the
Company", "公司", "本集團") name the issuer, as "the company" does.

Roles are read by rules over each sentence with every mention replaced by a placeholder
("⟨1⟩ granted ⟨0⟩ an exclusive worldwide license"), so that one rule serves every name in
every position. A role is kept with the sentence stating it, which becomes evidence: the
claim checks accept a deal role only from a quote that names the company with its words.
No model is asked: measured on the seeds and the development set, small models gave
roles at random.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from schemas.enums import CompanyRole
from summarise.pipeline.claims import company_core
from summarise.pipeline.lexicon import AGENCIES, COMPANY_SUFFIXES, LEGAL_FORMS, PLACES
from summarise.pipeline.sentences import (
    CJK_OR_HANGUL_RE,
    Sentence,
    hedging,
    locator,
    whole_line,
)
from summarise.strategies.candidates.drugs import DrugMention, drug_mentions

R = CompanyRole

KNOWN_COMPANIES = re.compile(
    r"\b(?:AbbVie|Roche|Pfizer|Novartis|Merck|AstraZeneca|Sanofi|GSK|Bayer|Lilly|Incyte|Arcutis"
    r"|BeiGene|Hengrui|Zelgen|Takeda|Amgen|Gilead|Regeneron|Biogen|Moderna|BioNTech|Janssen"
    r"|Innovent|Akeso|Junshi|Hansoh|InnoCare)\b"
)
NOT_COMPANIES = re.compile(  # institutions named with capitals, never companies
    r"\b(?:University|Hospital|Journal|Academy|Institute|College|School|Cent(?:er|re)|Society"
    r"|Association|Administration|Agency|Bureau|Committee|Ministry|Department|Meeting"
    r"|Exchange|Congress|Session)\b"
)
LEADING_WORDS = re.compile(
    r"The|An?|In|On|At|By|For|From|With|While|And|Moreover|However|Source|Brand|Contact|About"
    r"|Media|Notably|Today|Under|Both|Advisors"
)
_LEGAL_FORM_RE = re.compile(LEGAL_FORMS)
_WORD = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][A-Za-z0-9-]*\.?|plc\b)"  # "N.V.", "Co.", "plc"
_JOIN = (
    r"(?:\s+&\s+|\s+|\s*,\s*(?=(?:Co|Ltd|Inc|LLC|LLP|N\.V|S\.A)\b)"
    r"|\s+\([A-Z][a-z]+\)\s+(?=(?:Co|Ltd|Limited|Inc|Corp|GmbH|AG)\b))"
)
"""What joins a name's words: spaces, "&", a comma before a legal form, a city in
parentheses ("Zenith Biopharma (Shanghai) Co., Ltd.")."""
_CAP_RUN_RE = re.compile(rf"{_WORD}(?:{_JOIN}{_WORD})*")
_CAP_NAME = r"[A-Z][A-Za-z0-9&-]+(?:(?:\s+&)?\s+[A-Z][A-Za-z0-9&-]+){0,3}"
_COUNTERPARTY_RE = re.compile(
    r"(?:(?:deal|agreement|partnership|collaboration|alliance)\s+with"
    rf"|(?:developed|marketed|manufactured|commerciali[sz]ed)\s+by)\s+({_CAP_NAME})"
    rf"(?:\s+and\s+({_CAP_NAME}))?"
)
ADVISES = (
    r"(?:(?:is|are|was|were|has\s+been|have\s+been)\s+)?(?:acting|serving|acted|served|acts"
    r"|serves)\s+as\s+(?:the\s+|an?\s+|its\s+|their\s+)?(?:exclusive\s+|sole\s+|lead\s+|joint\s+)?"
)
ADVISORS = (
    r"(?:(?:financial|legal|strategic|transaction)\s+)?(?:advis[eo]rs?|counsel)"
    r"|(?:placement|sales)\s+agents?|underwriters?|(?:book-?running\s+)?managers?|bookrunners?"
)
"""How a firm advising on a deal is named as one: "acted as exclusive placement agent", "is
serving as its legal counsel"."""
_ADVISOR_NAME_RE = re.compile(  # "Wachtell, Lipton, Rosen & Katz is acting as legal counsel"
    rf"((?:[A-Z][\w.'’-]*(?:,\s+|\s+&\s+|\s+))*?[A-Z][\w.'’-]*)\s+{ADVISES}"
    rf"(?:(?:financial|legal)\s+(?:advis[eo]r|counsel)|(?:placement|sales)\s+agent|underwriter"
    r"|book-?running\s+manager|bookrunner)"
)
"""A firm advising on a deal is named as one, legal form or not."""
INVESTOR_LIST = (
    r"(?i:\b(?:(?:co-)?led\s+by|participation\s+(?:from|of|by)|joined\s+by|(?:new|existing)"
    r"\s+investors?(?:,?\s+including)?|investors?\s+including)\s+(?:the\s+)?(?:new\s+|existing\s+)?"
    r"(?:investors?\s+)?(?:the\s+)?)"
)
"""What introduces a financing's investors: "led by", "with participation from new investors",
"and from existing investors"."""
LIST_JOIN = r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?"
FINANCING_CONTEXT = r"\b(?:financing|round|placement|offering)\b"
"""Words a sentence must hold for its "led by" to name investors."""
PERSON_TITLES = re.compile(r"(?:Dr|Mr|Mrs|Ms|Prof)\.?")
_INVESTOR_LIST_RE = re.compile(rf"{INVESTOR_LIST}(?P<list>{_CAP_NAME}(?:{LIST_JOIN}{_CAP_NAME})*)")
_FINANCING_CONTEXT_RE = re.compile(FINANCING_CONTEXT, re.I)
CONTACTS_RE = re.compile(
    r"^(?:(?:Media|Investors?|Press|Business Development)(?:\s+(?:and\s+\w+\s+)?(?:Contacts?"
    r"|Relations|Inquiries))?\s*:|(?:Media\s+|Investor\s+)?Contacts?\s*:?$)|^(?:联系方式|联系人"
    r"|聯絡|문의|お問い合わせ)",
    re.I,
)
"""Where a release lists its contacts: the agencies and firms there are no news."""
_POSSESSIVE_RE = re.compile(r"\b([A-Z][A-Za-z0-9-]+)[’']s\s+(?:[\w/-]+\s+){0,3}$")
EXCHANGES = (
    r"(?:Nasdaq|NASDAQ)(?:\s+(?:Stockholm|Copenhagen|Helsinki|First North))?|NYSE(?:\s+American)?"
    r"|Euronext(?:\s+(?:Amsterdam|Paris|Brussels|Lisbon|Dublin|Oslo|Growth))?|HKEX|SEHK|SSE|SZSE"
    r"|LSE|AIM|TSE|TSX|ASX|KOSDAQ|KOSPI|KRX|SIX|SGX|TASE|OTCQX|OTCQB|OTC|XETRA|Xetra|FWB|TYO"
)
_SYMBOL = r"([A-Z0-9]{1,6}(?:\.[A-Z]{1,2})?)(?![A-Za-z0-9])"
_TICKER_RE = re.compile(rf"\b({EXCHANGES})\s*[:：]\s*{_SYMBOL}")
_BEFORE_TICKER_RE = re.compile(rf"({_CAP_NAME})\s*[(（]\s*(?:{EXCHANGES})\s*[:：]")
"""A name followed by its ticker is a company's, whatever its last word."""
_LISTED_RE = re.compile(  # "listed on Euronext Amsterdam under the symbol VLTR"
    rf"\blisted on (?:the )?({EXCHANGES})\b[^.;]{{0,40}}?\bsymbol\s+[“\"]?{_SYMBOL}"
)
LOCAL_TICKERS = (  # pattern, exchange (None: read from the code)
    (r"(?:股份代號|股份代号|股票代號)\s*[:：]\s*(\d{4,5})(?!\d)", "HKEX"),
    (r"(?:證券代碼|证券代码|股票代码|股票代碼)\s*[:：]\s*(\d{4,6})(?!\d)", None),
    (r"코스닥[^.]{0,40}?종목\s?코드\s*[:：]?\s*(\d{6})", "KOSDAQ"),
    (r"(?:코스피|유가증권\s?시장)[^.]{0,40}?종목\s?코드\s*[:：]?\s*(\d{6})", "KOSPI"),
    (r"(?:証券コード|コード番号)\s*[:：]?\s*([0-9][0-9A-Z]{3})(?![0-9A-Z])", "TSE"),
)
"""Stock codes as Chinese, Korean and Japanese announcements print them; a Chinese code of
four or five digits is a Hong Kong one, of six digits a mainland A-share."""
TAIWAN_CODE_RE = re.compile(r"^[(（](\d{4})[)）]\s*([\u4e00-\u9fff]{2,8})", re.M)
"""A Taiwanese filing's subject line: the stock code in parentheses, then the company's short
name ("(6589)安瑞生技　公告本公司...")."""
TAIWAN_MARKETS = (("上櫃", "TPEx"), ("興櫃", "TPEx"), ("上市", "TWSE"))
"""The market a Taiwanese filing's header names ("上櫃公司重大訊息公告"): OTC-listed companies
trade on TPEx, listed ones on TWSE."""
_TAIWAN_MARKET_RE = re.compile(rf"({'|'.join(word for word, _ in TAIWAN_MARKETS)})公司")
A_SHARE_BOARDS = (("6", "SSE"), ("0", "SZSE"), ("3", "SZSE"), ("2", "SZSE"), ("8", "BSE"))
"""The exchange of a six-digit A-share code, by its first digit."""
_COPYRIGHT_RE = re.compile(r"©|all rights reserved", re.I)

KOREAN_NAME = (
    r"[\uac00-\ud7a3]{2,10}?(?:바이오로직스|바이오사이언스|바이오텍|바이오팜|테라퓨틱스|생명과학"
    r"|헬스케어|제약|파마|바이오)"
)
"""A Korean company name: two Hangul syllables or more before a business word (한결제약)."""
CJK_NAMES = (  # a name starts after a boundary: line start, punctuation, space, a bullet, "与"
    r"[\u4e00-\u9fff]{2,20}?(?:股份有限公司|有限责任公司|有限責任公司|有限公司)",
    r"株式会社[\u30a0-\u30ff\u4e00-\u9fff]{2,15}|[\u30a0-\u30ff\u4e00-\u9fff]{2,15}?株式会社",
    rf"{KOREAN_NAME}(?![\uac00-\ud7a3])",
)
_CJK_NAME_RE = re.compile(
    rf"(?:^|(?<=[\s,，、。：:●•（(「“與与和同跟\u3040-\u309f]))(?:{'|'.join(CJK_NAMES)})", re.M
)
"""The counterparty of "本公司已與X股份有限公司簽署" starts after the word "with", a Japanese
name after a particle in hiragana ("子会社であるX株式会社")."""
_KOREAN_PARTICLE_NAME_RE = re.compile(  # "한결제약과", "한결제약은": the name before a particle
    rf"(?<![\uac00-\ud7a3])({KOREAN_NAME})(?:은|는|이|가|과|와|의|에|에게|로|으로|를|을|도)"
    r"(?![\uac00-\ud7a3])"
)
NOT_CJK_NAMES = re.compile(
    r"交易所|结算所|結算所|的|^(?:於|于|在|与|與|及|和|乃|由|对|對|向|为|為)"
)
"""Exchanges are no companies of the news, and a particle never starts or sits in a name
("於開曼群島註冊成立的有限公司" describes the issuer, "a company incorporated in Cayman")."""
GENERIC_ALIASES = re.compile(
    r"(?:the\s+)?(?:Company|Group|Issuer)|本?公司|本?集团|本?集團|发行人|發行人|当社|弊社"
)
"""Aliases a definition gives that name the issuer without naming it."""
SELF_MENTIONS = r"\b[Tt]he [Cc]ompany\b|本公司|本集团|本集團|当社"
"""How a release names its issuer in running text; defined generic aliases add to these."""
NOT_AFTER = "".join(
    f"(?<!{word})" for word in ("上市", "子", "母", "该", "該", "有限", "分", "总", "總", "控股")
)
"""Words making a defined "公司" some other company ("上市公司", a listed company)."""
_ASIDE_END_RE = re.compile(r"[，；;、]|,\s*(?=[“\"「])")
"""Where the first entry of a parenthesis ends: the name, then aliases and a stock code."""
_QUOTED_RE = re.compile(r"[“\"「『]([^”\"」』]{1,24})[”\"」』]")
_LOCAL_NAME_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]{2,20}")
ANNOUNCES = re.compile(
    r"^[^⟨]*⟨(\d+)⟩.*?(?:\b(?:today\s+)?(?:announced|announces|reported|reports|presented"
    r"|presents|unveiled)\b|宣布|宣佈|公告|밝혔다|발표했다|発表)"
)
ISSUER_WITHIN = 15
"""The issuer announces in the first sentences; a later "X announced" is another story."""

Roles = tuple[str, ...]


@dataclass(frozen=True)
class RoleRule:
    """A pattern over a masked sentence; each named group holds placeholders given roles."""

    pattern: str
    roles: dict[str, Roles] = field(default_factory=dict)
    requires: str | None = None
    """Words the sentence must hold anywhere ("financing" for "led by")."""
    unless: str | None = None
    """Words the sentence must not hold ("compared with" for a possessive)."""


A, B = r"⟨(?P<a>\d+)⟩", r"⟨(?P<b>\d+)⟩"
_PAREN = r"(?:\s*[(（][^()（）]*[)）])?"
_POS = r"['’]s?"
_GAP = r"[^⟨.;]{0,80}?"
_MODS = r"(?:[\w-]+\s+){0,4}?"
_STAKE = r"(?:stock|shares|equity)"
_DESCRIBES_DRUG = (
    r"drug|therapy|therapies|inhibitor|antibody|agonist|antagonist|candidate|vaccine|ADC"
    r"|peptide|molecule|treatment|CAR-\w+|medicine|product|asset|program(?:me)?|degrader"
)
_CO_WORDS = (
    r"co-?develop|co-?commerciali[sz]|co-?promot|jointly develop|joint development"
    r"|(?:collaboration|partnership) agreement|共同开发|共同開發|联合开发|聯合開發|合作开发"
    r"|合作開發|共同商业化|共同商業化|共同推广|共同推廣|공동\s?(?:개발|판매|마케팅)|코프로모션"
    r"|共同開発|共同販売|コ・?プロモーション"
)
_TRIAL = r"trials?|stud(?:y|ies)"
_LOCAL_TRIAL = r"临床试验|臨床試驗|临床研究|臨床研究|臨床試験|治験"
_NOT_RUN = r"approv|authori[sz]|designation|plan|will|intend|expect|aim"
"""Words between a company and a trial that say the company reports no trial of its own: an
approval based on a study, a trial only planned. An "investigator-initiated" trial is not
the company's either: the verbs of running one follow no hyphen."""
OWNER, RIGHTS, RETAINS = "owner", "rights", "retains"
"""Roles a rule cannot settle alone: a possessive ("Hoshimura's orexin agonist") makes a
developer unless the company gives the drug away or competes with it; worldwide rights
make the originator, and the licensor when another company holds a licence; rights kept
("Pellucid keeps rights in Greater China") make the licensor when another holds one."""
ROLE_RULES = (
    # licences: who grants, who receives
    RoleRule(
        rf"{A}{_PAREN},?\s+(?:has\s+|have\s+)?(?:granted|grants|will\s+grant|to\s+grant"
        rf"|agreed\s+to\s+grant)\s+{B}\s+(?:an?\s+|the\s+)?{_MODS}(?:licen[cs]e|rights)",
        {"a": (R.LICENSOR,), "b": (R.LICENSEE,)},
    ),
    RoleRule(
        rf"{B}{_PAREN}\s+(?:will\s+|shall\s+|to\s+|has\s+|have\s+)?(?:receive[sd]?|obtain(?:s|ed)?"
        rf"|gain(?:s|ed)?|secure[sd]?|get|gets)\s+(?:an?\s+|the\s+)?{_MODS}(?:licen[cs]e|rights)\b",
        {"b": (R.LICENSEE,)},
    ),
    RoleRule(
        rf"{B}{_PAREN}\s+(?:has|have|holds?|retains?|obtained|received|acquired|secured)\s+"
        r"(?:an?\s+|the\s+)?(?:exclusive\s+[^.;]{0,30}?(?:licen[cs]e|rights)"
        r"|(?:licen[cs]e|rights)\s+to\s+(?:develop|commerciali|manufactur|market))",
        {"b": (R.LICENSEE,)},
    ),
    RoleRule(
        rf"{B}{_GAP}\b(?:rights|licen[cs]e)\b{_GAP}\bunder\s+(?:an?|the|its)\s+{_GAP}"
        rf"licen[cs]e\s+agreement\s+with\s+{A}",
        {"a": (R.LICENSOR,), "b": (R.LICENSEE,)},
    ),
    RoleRule(
        rf"{B}{_GAP}\b(?:in-licen[cs]ed|licen[cs]ed|acquired\s+(?:the\s+)?rights){_GAP}\bfrom\s+{A}",
        {"a": (R.LICENSOR, R.ORIGINATOR), "b": (R.LICENSEE,)},
    ),
    RoleRule(
        rf"{A}{_GAP}\b(?:out-licen[cs]ed|licen[cs]ed){_GAP}\bto\s+{B}",
        {"a": (R.LICENSOR,), "b": (R.LICENSEE,)},
    ),
    RoleRule(rf"{B}\s+licen[cs]es\s+{A}{_POS}", {"a": (R.LICENSOR,), "b": (R.LICENSEE,)}),
    RoleRule(
        rf"\bgranting\s+{B}\s+(?:an?\s+|the\s+)?{_MODS}(?:licen[cs]e|rights)\b",
        {"b": (R.LICENSEE,)},
    ),
    RoleRule(
        rf"\blicen[cs]e\s+agreement\s+under\s+which\s+{B}\s+(?:will\s+|shall\s+|is\s+to\s+)?"
        r"(?:obtain|receive|have|develop|commerciali|manufactur|market)",
        {"b": (R.LICENSEE,)},
    ),
    RoleRule(rf"\b(?:exclusively\s+)?licen[cs]ed\s+to\s+{B}", {"b": (R.LICENSEE,)}),
    RoleRule(
        rf"{A}{_PAREN}\s+(?:will\s+|is\s+)?(?:also\s+)?(?:receive|be\s+eligible\s+(?:to\s+receive"
        r"|for)|eligible\s+(?:to\s+receive|for))\s+[^⟨.;]{0,160}?\broyalt",
        {"a": (R.LICENSOR,)},
    ),
    RoleRule(
        rf"{A}\s+(?:retains|keeps|retain|keep|will\s+retain)\s+(?:all\s+)?(?:the\s+)?(?:[\w-]+\s+)?"
        r"rights\b",
        {"a": (RETAINS,)},
    ),
    RoleRule(rf"\bpay(?:s|ing)?\s+{A}\s+(?:[\w-]+\s+){{0,3}}royalt", {"a": (R.LICENSOR,)}),
    RoleRule(
        rf"\blicen[cs]\w*\s+(?:deal|agreement)\s+with\s+{B}\s+for\s+[^.;]{{0,50}}?"
        r"\b(?:markets?|territor\w*|rights|regions?)\b",
        {"b": (R.LICENSEE,)},
    ),
    RoleRule(
        rf"{A}(?:将|已|拟|擬|同意)?(?:授予|授权|授權){B}[^。；]{{0,60}}?(?:许可|許可|权利|權利|权益"
        r"|權益)",
        {"a": (R.LICENSOR,), "b": (R.LICENSEE,)},
    ),
    RoleRule(
        rf"{B}[^。；]{{0,20}}?(?:从|從|自){A}(?:处|處)?(?:引进|引進|获得|獲得)",
        {"a": (R.LICENSOR, R.ORIGINATOR), "b": (R.LICENSEE,)},
    ),
    RoleRule(
        rf"{A}{_PAREN}(?:은|는|이|가)\s?{B}{_PAREN}(?:에|에게)\s?[^.]{{0,40}}?(?:(?:기술|권리|권한)(?:을|를)?"
        r"\s?(?:이전|수출|양도)|라이선스\s?아웃)",
        {"a": (R.LICENSOR,), "b": (R.LICENSEE,)},
    ),
    RoleRule(
        rf"{A}(?:は|が)[^。]{{0,40}}?{B}(?:に|へ)[^。]{{0,40}}?(?:導出|ライセンス供与|使用許諾)",
        {"a": (R.LICENSOR,), "b": (R.LICENSEE,)},
    ),
    # rights held without a licence
    RoleRule(
        rf"{A}{_PAREN},?\s+(?:which\s+)?(?:has|holds|retains|keeps|owns)\s+(?:the\s+)?(?:full\s+"
        r"|all\s+)?(?:worldwide|global)\s+rights",
        {"a": (RIGHTS,)},
    ),
    RoleRule(
        rf"{A}(?:擁有|拥有|享有)[^。⟨]{{0,20}}?(?:全球|全部)(?:權益|权益|權利|权利)",
        {"a": (RIGHTS,)},
    ),
    # who discovered and who develops
    RoleRule(
        rf"\b(?:discovered|invented|originated|created)(?:\s+and\s+\w+)?\s+(?:by|at)\s+{A}",
        {"a": (R.ORIGINATOR,)},
    ),
    RoleRule(rf"\boriginally\s+developed\s+by\s+{A}", {"a": (R.ORIGINATOR,)}),
    RoleRule(rf"(?<!originally )\bdeveloped\s+by\s+{A}", {"a": (R.DEVELOPER,)}),
    RoleRule(
        rf"{A}{_PAREN},\s+an?\s+[^⟨.;]{{0,80}}?\b(?:company|developer)\b[^⟨.;]{{0,30}}?"
        r"\b(?:developing|that develops|which develops|focused on (?:the )?(?:discovery|research"
        r"|development)|dedicated to (?:the )?(?:discovery|research|development))",
        {"a": (R.DEVELOPER,)},
    ),
    RoleRule(
        rf"{A}{_PAREN}\s+is\s+an?\s+[^⟨.;]{{0,120}}?\b(?:developing|that develops|which develops"
        r"|develops|focused on (?:the )?(?:discovery and |research and )?development|dedicated to"
        r" (?:the )?(?:discovery and |research and )?development)",
        {"a": (R.DEVELOPER,)},
    ),
    RoleRule(rf"{A}\s+(?:is|are)\s+(?:currently\s+)?developing\b", {"a": (R.DEVELOPER,)}),
    RoleRule(
        rf"{A}{_PAREN}\s+(?:has\s+)?(?:received|receives|secured|secures|obtained|obtains|won|wins"
        r"|gained|gains|was\s+granted|is\s+granted)\s+[^.;]{0,40}?\b(?:approval|authori[sz]ation"
        r"|designation|clearance)",
        {"a": (R.DEVELOPER,)},
    ),
    RoleRule(
        rf"{A}[^⟨.;]*?\bits\s+(?:investigational\s+|lead\s+|novel\s+|proprietary\s+)*"
        rf"(?:{_DESCRIBES_DRUG})s?\b",
        {"a": (R.DEVELOPER,)},
    ),
    RoleRule(
        rf"{A}{_POS}\s+(?:[\w/,-]+\s+){{0,5}}?(?:{_DESCRIBES_DRUG})s?\b",
        {"a": (OWNER,)},
        unless=r"\b(?:versus|vs\.?|compared (?:with|to)|than|competitors?|competing|rivals?"
        r"|standard of care|in combination|combined with)\b",
    ),
    RoleRule(
        rf"{A}[^。⟨]{{0,10}}?(?:自主研发|自主研發|自主开发|自主開發|自行研发|自行研發)",
        {"a": (R.ORIGINATOR, R.DEVELOPER)},
    ),
    RoleRule(
        rf"{A}[^。⟨]{{0,60}}?(?:获得|獲得|获批|獲批)[^。]{{0,60}}?(?:批准|许可|許可|认定|認定)",
        {"a": (R.DEVELOPER,)},
    ),
    RoleRule(rf"{A}(?:가|이|은|는)\s*자체\s*(?:발굴|개발|연구)", {"a": (R.ORIGINATOR,)}),
    RoleRule(  # the subject's own: "누리바이오(대표 이민수)는 ...와 자체 개발한 NB-201의 ..."
        rf"^[^⟨]*{A}{_PAREN}(?:은|는|이|가)\s[^.]*?자체\s*(?:발굴|개발|연구)",
        {"a": (R.ORIGINATOR, R.DEVELOPER)},
    ),
    RoleRule(
        rf"{A}(?:가|이|은|는)\s*[^.⟨]{{0,20}}?개발(?:했|하였|한|해|하고|\s?중)",
        {"a": (R.DEVELOPER,)},
    ),
    RoleRule(rf"{A}(?:は|が)?[^。⟨]{{0,20}}?(?:自社創製|創製)", {"a": (R.ORIGINATOR,)}),
    RoleRule(
        rf"{A}(?:は|が)[^。⟨]{{0,10}}?{B}(?:から|より)[^。]{{0,80}}?(?:受領|受け取)",
        {"a": (R.LICENSOR,), "b": (R.LICENSEE,)},
        requires=r"ライセンス|導出|使用許諾|本契約",
    ),
    # who runs the trial
    RoleRule(
        rf"{A}{_PAREN}[^⟨.;]*?\b(?:its|their)\s+(?:[\w/().-]+\s+){{0,6}}?(?:{_TRIAL})\b"
        r"(?:\s*\([^)]*\))?\s+(?:of|evaluating|with|investigating|testing)\b",
        {"a": (R.SPONSOR, R.DEVELOPER)},
    ),
    RoleRule(rf"{A}{_POS}\s+(?:[\w/().-]+\s+){{0,6}}?(?:trial|study)\b", {"a": (R.SPONSOR,)}),
    RoleRule(
        rf"^[^⟨]*{A}(?:(?!{_NOT_RUN})[^⟨])*?\b(?<!-)(?:announc|report|present|complet|initiat|dos|began"
        rf"|begin|start|said|says)\w*\b(?:(?!{_NOT_RUN})[^.;])*?\b(?:{_TRIAL})\b",
        {"a": (R.SPONSOR,)},
    ),
    RoleRule(
        rf"^[^⟨]*{A}[^⟨。]*?(?:宣布|宣佈|公告)[^。]*?(?:{_LOCAL_TRIAL})",
        {"a": (R.SPONSOR,)},
    ),
    RoleRule(  # "公司将在上市后继续开展确证性临床研究", "当社が実施中の第III相試験"
        rf"{A}(?:は|が)?[^。⟨]{{0,20}}?(?:开展|開展|进行|進行|启动|啟動|实施|實施|実施|開始)"
        rf"[^。⟨]{{0,30}}?(?:{_LOCAL_TRIAL})",
        {"a": (R.SPONSOR,)},
    ),
    # collaborations, investments, advice, distribution, acquisitions, competition
    RoleRule(rf"^(?P<many>.*(?:{_CO_WORDS}).*)$", {"many": (R.PARTNER,)}),
    RoleRule(
        rf"\b(?:partnership|collaboration|alliance)\s+with\s+{A}(?:\s+and\s+{B})?",
        {"a": (R.PARTNER,), "b": (R.PARTNER,)},
    ),
    RoleRule(
        rf"{A}{_PAREN}\s+(?:has\s+|have\s+)?(?:agreed\s+to\s+|will\s+|to\s+|shall\s+)?"
        rf"(?:purchase|buy|subscribe\s+for)[sd]?\s+[^.;]{{0,60}}?\b{_STAKE}\b",
        {"a": (R.INVESTOR,)},
    ),
    RoleRule(
        rf"{A}{_PAREN}\s+(?:will\s+|to\s+|has\s+agreed\s+to\s+)?(?:make|made|makes)\s+"
        r"[^.;]{0,60}?\bequity\s+investment",
        {"a": (R.INVESTOR,)},
    ),
    RoleRule(
        rf"\bequity\s+investment\s+(?:of\s+[^.;]{{0,30}}?)?(?:by|from)\s+{A}", {"a": (R.INVESTOR,)}
    ),
    RoleRule(
        rf"{A}{_PAREN}\s+(?:led|co-led|participated\s+in)\s+[^.;]{{0,40}}?\b(?:financing|round"
        r"|placement|offering)\b",
        {"a": (R.INVESTOR,)},
    ),
    RoleRule(
        rf"{INVESTOR_LIST}(?P<many>⟨\d+⟩(?:{LIST_JOIN}⟨\d+⟩)*)",
        {"many": (R.INVESTOR,)},
        requires=FINANCING_CONTEXT,
    ),
    RoleRule(
        rf"{A}[^。⟨]{{0,20}}?(?:认购|認購)[^。]{{0,30}}?(?:股份|股票|股权|股權)",
        {"a": (R.INVESTOR,)},
    ),
    RoleRule(rf"{A}\s+{ADVISES}(?:{ADVISORS})\b", {"a": (R.ADVISOR,)}),
    RoleRule(  # elliptical: "X is acting as financial advisor and Y as legal counsel"
        rf"{A}\s+as\s+(?:the\s+|an?\s+|its\s+|their\s+)?(?:exclusive\s+|sole\s+|lead\s+)?"
        rf"(?:{ADVISORS})\b",
        {"a": (R.ADVISOR,)},
    ),
    RoleRule(
        rf"\b(?:advis[eo]rs?|counsel)\s+to\s+⟨\d+⟩,?\s+and\s+{A}\s+(?:to|for)\s+⟨\d+⟩",
        {"a": (R.ADVISOR,)},
    ),
    RoleRule(rf"\bdistributed\s+by\s+{A}", {"a": (R.DISTRIBUTOR,)}),
    RoleRule(  # "本公司已與⟨1⟩簽署AR-602於台灣地區之獨家經銷合約"
        rf"(?:与|與|和|同|跟){A}(?:签署|簽署|签订|簽訂|订立|訂立|签定|簽定|达成|達成)[^。⟨]{{0,40}}?"
        r"(?:经销|經銷|分销|分銷)",
        {"a": (R.DISTRIBUTOR,)},
    ),
    RoleRule(  # "販売は、当社の子会社である⟨1⟩が行います"
        rf"販売(?:は|を)[^。]{{0,40}}?{A}(?:が|を通じて)(?:行|担)", {"a": (R.DISTRIBUTOR,)}
    ),
    RoleRule(rf"(?<!製造)販売元\s*[:：]\s*{A}", {"a": (R.DISTRIBUTOR,)}),
    RoleRule(
        rf"{A}\s+(?:will\s+|to\s+|shall\s+)?(?:distribute|(?:become|serve|act)\s+as\s+"
        r"(?:the\s+|an?\s+)?(?:exclusive\s+)?distributor)",
        {"a": (R.DISTRIBUTOR,)},
    ),
    RoleRule(
        rf"{A}{_PAREN}\s+(?:has\s+|have\s+)?(?:agreed\s+to\s+|will\s+|to\s+|plans\s+to\s+)?"
        rf"(?:acquire[sd]?|acquiring|buys?|bought)\s+{B}(?!{_POS})",
        {"a": (R.ACQUIRER,), "b": (R.TARGET,)},
    ),
    RoleRule(rf"\bacquisition\s+of\s+{B}\s+by\s+{A}", {"a": (R.ACQUIRER,), "b": (R.TARGET,)}),
    RoleRule(
        rf"{A}{_POS}\s+(?:proposed\s+|planned\s+|pending\s+)?acquisition\s+of\s+{B}",
        {"a": (R.ACQUIRER,), "b": (R.TARGET,)},
    ),
    RoleRule(rf"{A}(?:拟|擬|将|將)?(?:收购|收購){B}", {"a": (R.ACQUIRER,), "b": (R.TARGET,)}),
    RoleRule(
        r"competitors?\s+(?:including|include|such as|like)\s+(?P<many>[^,;.]+)",
        {"many": (R.COMPETITOR,)},
    ),
    RoleRule(
        r"\b(?:marketed|sold|made)\s+by\s+(?P<many>⟨\d+⟩(?:\s+and\s+⟨\d+⟩)?)",
        {"many": (R.COMPETITOR,)},
        requires=r"\b(?:dominat|compet|rival)",
    ),
)
"""The roles a sentence states, read over its masked text. Placeholders stand for whole
names; ``(Nasdaq: X)`` after one is skipped. Roles the claim checks test (deal roles)
need these rules' words, which are among those of ``pipeline/lexicon.ROLE_WORDS``."""
_ROLE_RES = [
    (
        re.compile(rule.pattern, re.I),
        rule.roles,
        re.compile(rule.requires or "", re.I),
        re.compile(rule.unless or r"(?!)", re.I),
    )
    for rule in ROLE_RULES
]
_LICENCE_RE = re.compile(r"licen[cs]|rights|许可|許可|授权|授權|라이선스|ライセンス", re.I)
NOT_OWNERS = frozenset({R.LICENSOR, R.COMPETITOR, R.TARGET, R.ADVISOR, R.INVESTOR})
"""Roles that make a possessive ("Pellucid Bio's peptide") no sign of the developer."""
MAX_EVIDENCE = 4


@dataclass(frozen=True)
class CompanyCandidate:
    name: str
    tickers: tuple[tuple[str, str], ...]
    sentence_indexes: tuple[int, ...]
    """Sentences naming it."""
    role_hints: tuple[str, ...]
    local_names: tuple[str, ...] = ()
    evidence_indexes: tuple[int, ...] = ()
    """The sentences giving its tickers (else its first mention), then those stating roles."""
    referring_indexes: tuple[int, ...] = ()
    """Sentences naming it only generically ("the Company", "本公司"): it is the issuer."""


def _is_cjk(name: str) -> bool:
    return bool(CJK_OR_HANGUL_RE.search(name))


def _latin(surface: str) -> str:
    """A pattern for a Latin name: whole words (a CJK character may touch it), any spacing."""
    body = r"\s+".join(map(re.escape, surface.split()))
    return rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"


def _surface_re(surface: str) -> str:
    return re.escape(surface) if _is_cjk(surface) else _latin(surface)


def _core(name: str) -> str:
    """The name without suffixes or a parenthesised city: "Zenith Biopharma (Shanghai) Co.,
    Ltd." is "Zenith"."""
    return company_core(re.sub(r"\s*\([^()]*\)", "", name)).rstrip(" &")


def _from_run(run: str) -> tuple[str, str, bool] | None:
    """The company in a run of capitalised words, up to its last corporate suffix: its name,
    the name as written and whether the suffix is a legal form (else the name needs support).
    An all-capitals run ("RUIHENG BIOTECHNOLOGY HOLDINGS LIMITED") is named in title case."""
    capitals = run.isupper() and len(run.split()) > 1
    words = list(re.finditer(r"[^\s,]+", run))

    def suffix(word: str, pattern: re.Pattern[str]) -> bool:
        word = word.rstrip(".")
        return bool(pattern.fullmatch(word.title() if capitals and len(word) > 3 else word))

    ends = [i for i, w in enumerate(words) if suffix(w.group(), COMPANY_SUFFIXES)]
    first = 0
    while ends and first < ends[-1] and LEADING_WORDS.fullmatch(words[first].group()):
        first += 1
    if not ends or suffix(words[first].group(), COMPANY_SUFFIXES) or NOT_COMPANIES.search(run):
        return None
    written = run[words[first].start() : words[ends[-1]].end()]
    if not re.search(r"\b(?:Ltd|Inc|Co|Corp)\.$|\b[A-Z]\.[A-Z]\.$", written, re.I):
        written = written.rstrip(".")
    legal = suffix(words[ends[-1]].group(), _LEGAL_FORM_RE)
    name = (
        " ".join(w if len(w) <= 3 else w.title() for w in written.split()) if capitals else written
    )
    return name, written, legal


def _supported(name: str, text: str) -> bool:
    """A descriptive-suffix name the text uses as a name: its core on its own ("Oakhurst
    will"), or the name before a ticker, a possessive or an apposition."""
    core = _core(name)
    alone = rf"(?<![A-Z][A-Za-z]\s)(?<![A-Za-z0-9]){re.escape(core)}(?![A-Za-z0-9])(?!\s+[A-Z])"
    after = rf"{_latin(name)}(?:\s*[(（]\s*(?:{EXCHANGES})\s*[:：]|{_POS}\s|,\s+an?\s)"
    return (core != name and bool(re.search(alone, text))) or bool(re.search(after, text))


def _names_in(sentence: Sentence, text: str, drugs: list[DrugMention]) -> list[tuple[str, str]]:
    """(name, name as written) of the companies a sentence names."""
    names = []
    for run in _CAP_RUN_RE.finditer(sentence.text):
        found = _from_run(run.group())
        if found and (found[2] or _supported(found[1], text)):
            names.append(found[:2])
    plain: list[str] = []
    plain += [n for m in _COUNTERPARTY_RE.finditer(sentence.text) for n in m.groups() if n]
    plain += [m.group() for m in KNOWN_COMPANIES.finditer(sentence.text)]
    listed = []
    if _FINANCING_CONTEXT_RE.search(sentence.text):
        for m in _INVESTOR_LIST_RE.finditer(sentence.text):
            listed += re.split(LIST_JOIN, m.group("list"))
    plain += [name for name in listed if not PERSON_TITLES.fullmatch(name.split()[0])]
    for pattern in (_BEFORE_TICKER_RE, _ADVISOR_NAME_RE):
        for m in pattern.finditer(sentence.text):
            words = m.group(1).split()
            while len(words) > 1 and LEADING_WORDS.fullmatch(words[0]):
                words.pop(0)
            plain.append(" ".join(words))
    for drug in (d for d in drugs if sentence.start <= d.start < sentence.end):
        owner = _POSSESSIVE_RE.search(text[max(sentence.start, drug.start - 60) : drug.start])
        if owner and owner.group(1).lower() not in {d.key for d in drugs}:
            plain.append(owner.group(1))
    plain += [m.group() for m in _CJK_NAME_RE.finditer(sentence.text)]
    plain += [m.group(1) for m in _KOREAN_PARTICLE_NAME_RE.finditer(sentence.text)]
    return names + [(name, name) for name in plain if not NOT_CJK_NAMES.search(name)]


AGENCY_NAMES = frozenset(agency.name for agency in AGENCIES)
"""Agencies' abbreviations: capitalised like a company's name, never one."""


class _Groups:
    """Forms of each company by key, merged as the text shows two forms name one company."""

    def __init__(self) -> None:
        self.forms: dict[str, list[str]] = defaultdict(list)
        """Names as written, which the text is searched for."""
        self.names: dict[str, list[str]] = defaultdict(list)
        """Names to show: as written, or in title case where written in capitals."""
        self.aliases: dict[str, list[str]] = defaultdict(list)

    def add(self, name: str, written: str) -> None:
        core = _core(name)
        if _is_cjk(name) or not (
            PLACES.fullmatch(core) or NOT_COMPANIES.search(name) or core in AGENCY_NAMES
        ):
            key = name if _is_cjk(name) else core.lower()
            self.forms[key].append(written)
            self.names[key].append(name)

    def key_of(self, form: str) -> str | None:
        return next((k for k, forms in self.forms.items() if form in forms), None)

    def merge(self, keep: str, other: str) -> None:
        if keep != other and other in self.forms:
            self.forms[keep] += self.forms.pop(other)
            self.names[keep] += self.names.pop(other)
            self.aliases[keep] += self.aliases.pop(other, [])

    def surfaces(self, key: str) -> set[str]:
        latin = [form for form in self.forms[key] if not _is_cjk(form)]
        cores = {_core(max(latin, key=len))} if latin else set()
        return {*self.forms[key], *cores, *self.aliases[key]}


def _pair_local_names(groups: _Groups, text: str, sentences: list[Sentence]) -> None:
    """One company in two scripts: a name with the other in parentheses after it (first in
    them: "苏州…有限公司（Suzhou … Co., Ltd.，“…”或“公司”，股票代码：2496）"), or an English
    header line directly above (or below) a local one."""
    for key in list(groups.forms):
        for form in list(dict.fromkeys(groups.forms.get(key, []))):
            for m in re.finditer(rf"{_surface_re(form)}\s*[（(]([^()（）]{{1,160}})[)）]", text):
                inner = _ASIDE_END_RE.split(m.group(1))[0].strip()
                if _is_cjk(inner) == _is_cjk(form):
                    continue
                if other := groups.key_of(inner):
                    groups.merge(*((other, key) if _is_cjk(form) else (key, other)))
                elif _LOCAL_NAME_RE.fullmatch(inner):  # "Hengrui Pharmaceuticals (恒瑞医药)"
                    groups.aliases[key].append(inner)
    whole = [s for s in sentences if whole_line(s, text)]
    for above, below in itertools.pairwise(whole):
        if below.index == above.index + 1:
            a, b = groups.key_of(above.text), groups.key_of(below.text)
            if a and b and _is_cjk(above.text) != _is_cjk(below.text):
                groups.merge(*((b, a) if _is_cjk(above.text) else (a, b)))


def _read_aliases(groups: _Groups, text: str) -> tuple[str | None, list[str]]:
    """Aliases defined in parentheses after a name; the company given a generic one is the
    issuer, and its generic aliases name it. Returns the issuer and those aliases."""
    issuer, generic = None, []
    for key in list(groups.forms):
        for form in dict.fromkeys(groups.forms.get(key, [])):
            for m in re.finditer(rf"{_surface_re(form)}\s*[（(]([^()（）]{{1,160}})[)）]", text):
                for alias in _QUOTED_RE.findall(m.group(1)):
                    alias = alias.strip()
                    if GENERIC_ALIASES.fullmatch(alias):
                        issuer = issuer or key
                        generic += [] if issuer != key else [alias]
                    elif alias not in groups.aliases[key] and alias != form:
                        groups.aliases[key].append(alias)
    return issuer, generic


def _mentions(groups: _Groups, text: str) -> list[tuple[int, int, str]]:
    spans = []
    for key in groups.forms:
        for surface in groups.surfaces(key):
            spans += [(m.start(), m.end(), key) for m in re.finditer(_surface_re(surface), text)]
    return spans


def _by_sentence(
    spans: list[tuple[int, int, str]], at: Callable[[int], int | None]
) -> defaultdict[int | None, list[tuple[int, int, str]]]:
    """Mentions grouped by the sentence they start in."""
    grouped: defaultdict[int | None, list[tuple[int, int, str]]] = defaultdict(list)
    for span in spans:
        grouped[at(span[0])].append(span)
    return grouped


def _masked(sentence: Sentence, spans: list[tuple[int, int, str]], order: list[str]) -> str:
    """The sentence with each mention (longest first where they overlap) as ⟨n⟩."""
    chosen: list[tuple[int, int, str]] = []
    inside = [x for x in spans if sentence.start <= x[0] and x[1] <= sentence.end]
    for span in sorted(inside, key=lambda x: (x[0] - x[1], x[0])):
        if all(span[1] <= s or span[0] >= e for s, e, _ in chosen):
            chosen.append(span)
    masked, at = [], sentence.start
    for start, end, key in sorted(chosen):
        masked += [
            sentence.text[at - sentence.start : start - sentence.start],
            f"⟨{order.index(key)}⟩",
        ]
        at = end
    return "".join(masked) + sentence.text[at - sentence.start :]


def _roles_in(masked: str) -> list[tuple[int, str]]:
    """(placeholder, role) stated by a masked sentence; in a licence sentence naming two
    companies, one's licence role implies the other's."""
    found: list[tuple[int, str]] = []
    for pattern, roles, requires, unless in _ROLE_RES:
        if not requires.search(masked) or unless.search(masked):
            continue
        for m in pattern.finditer(masked):
            for group, given in roles.items():
                if m.group(group) is None:
                    continue
                numbers = (
                    re.findall(r"⟨(\d+)⟩", m.group(group)) if group == "many" else [m.group(group)]
                )
                found += [(int(n), role) for n in numbers for role in given]
    named = sorted({int(n) for n in re.findall(r"⟨(\d+)⟩", masked)})
    if len(named) == 2 and _LICENCE_RE.search(masked):
        for one, other in (named, named[::-1]):
            mine = {role for n, role in found if n == one}
            theirs = {role for n, role in found if n == other}
            if R.LICENSEE in mine and not theirs & {R.LICENSOR, R.LICENSEE}:
                found.append((other, R.LICENSOR))
            if R.LICENSOR in mine and not theirs & {R.LICENSOR, R.LICENSEE}:
                found.append((other, R.LICENSEE))
    return found


def _settle(roles: dict[str, list[tuple[str, int]]]) -> dict[str, list[tuple[str, int]]]:
    """Worldwide rights make the originator (and the licensor when another company holds a
    licence); a possessive makes the developer unless another role excludes it."""
    licensed = {key for key, given in roles.items() if any(r == R.LICENSEE for r, _ in given)}
    settled: dict[str, list[tuple[str, int]]] = {}
    for key, given in roles.items():
        out: list[tuple[str, int]] = []
        for role, index in given:
            licensor = bool(licensed - {key}) and key not in licensed
            if role == RIGHTS:
                out.append((R.ORIGINATOR, index))
            if role in (RIGHTS, RETAINS) and licensor:
                out.append((R.LICENSOR, index))
            elif role not in (OWNER, RIGHTS, RETAINS):
                out.append((role, index))
        if not {role for role, _ in out} & NOT_OWNERS:
            out += [(R.DEVELOPER, index) for role, index in given if role == OWNER]
        settled[key] = out
    return settled


def _ticker_owner(
    sentence: Sentence,
    at: int,
    spans: list[tuple[int, int, str]],
    self_spans: list[tuple[int, int, str]],
    sentences: list[Sentence],
) -> str | None:
    """The company a ticker belongs to: named (or called "the Company", "当社") last before it,
    else first after it in the sentence, else named last in the sentences just above (an
    announcement's header block)."""
    inside = [x for x in spans + self_spans if sentence.start <= x[0] < sentence.end]
    before = [key for _, end, key in sorted(inside) if end <= at]
    after = [key for start, _, key in sorted(inside) if start >= at]
    if before or after:
        return (before[-1:] or after)[0]
    for above in reversed(sentences[max(0, sentence.index - 3) : sentence.index]):
        named = [key for start, _, key in sorted(spans) if above.start <= start < above.end]
        if named:
            return named[-1]
    return None


def _tickers_in(
    sentence: Sentence, taiwan_market: str | None
) -> Iterable[tuple[int, str, str, str | None]]:
    """(offset in the text, exchange as written, symbol, short name given with it) of each
    ticker the sentence gives; a Taiwanese code counts in a filing naming its market."""
    for pattern in (_TICKER_RE, _LISTED_RE):
        for m in pattern.finditer(sentence.text):
            yield sentence.start + m.start(), m.group(1), m.group(2), None
    if taiwan_market:
        for m in TAIWAN_CODE_RE.finditer(sentence.text):
            yield sentence.start + m.start(), taiwan_market, m.group(1), m.group(2)
    for pattern, exchange in LOCAL_TICKERS:
        for m in re.finditer(pattern, sentence.text):
            code = m.group(1)
            board = exchange or (
                "HKEX" if len(code) < 6 else dict(A_SHARE_BOARDS).get(code[0], "SSE")
            )
            yield sentence.start + m.start(), board, code, None


def _name_sources(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences names are read from: not a copyright line, not a contact list (from a
    contacts line to the next "About" section)."""
    sources, listing = [], False
    for s in sentences:
        if CONTACTS_RE.search(s.text):
            listing = True
        elif s.text.startswith("About "):
            listing = False
        if not listing and not _COPYRIGHT_RE.search(s.text):
            sources.append(s)
    return sources


def find_companies(text: str, sentences: list[Sentence]) -> list[CompanyCandidate]:
    """Companies with their local names, tickers and the roles the text states for them;
    forms of one name merge ("InnoCare Pharma Limited" and "InnoCare")."""
    drugs = drug_mentions(text)
    groups = _Groups()
    for s in _name_sources(sentences):
        for name, written in _names_in(s, text, drugs):
            groups.add(name, written)
    for key in [key for key in groups.forms if " " not in key and not _is_cjk(key)]:
        hosts = [host for host in groups.forms if host != key and key in host.split()]
        if len(hosts) == 1:  # "Junshi" in "Shanghai Junshi ..."
            groups.merge(hosts[0], key)
    for key in [key for key in groups.forms if _is_cjk(key)]:  # "本公告乃瑞衡...有限公司"
        if any(other != key and key.endswith(other) for other in groups.forms if _is_cjk(other)):
            del groups.forms[key], groups.names[key]
    _pair_local_names(groups, text, sentences)
    issuer, generic = _read_aliases(groups, text)
    spans = _mentions(groups, text)
    at = locator(sentences)
    order = list(groups.forms)
    counts = {key: len({at(st) for st, _, k in spans if k == key} - {None}) for key in order}
    named = _by_sentence(spans, at)
    if issuer is None:
        for s in sentences[:ISSUER_WITHIN]:
            if m := ANNOUNCES.search(_masked(s, named[s.index], order)):
                issuer = order[int(m.group(1))]
                break
    if issuer is None and counts:
        issuer = max(order, key=lambda key: counts[key])
    self_spans = []
    if issuer is not None:
        defined = [rf"{NOT_AFTER}{_surface_re(alias)}" for alias in generic]
        pattern = "|".join([SELF_MENTIONS, *defined])
        self_spans = [(m.start(), m.end(), issuer) for m in re.finditer(pattern, text)]
    roles: dict[str, list[tuple[str, int]]] = defaultdict(list)
    tickers: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    hedged = hedging(sentences, text)
    referred = _by_sentence(self_spans, at)
    market = _TAIWAN_MARKET_RE.search(text)
    taiwan_market = dict(TAIWAN_MARKETS)[market.group(1)] if market else None
    for s in sentences:
        if (named[s.index] or referred[s.index]) and s.index not in hedged:
            masked = _masked(s, named[s.index] + referred[s.index], order)
            for number, role in _roles_in(masked):
                roles[order[number]].append((role, s.index))
        for offset, exchange, symbol, short in _tickers_in(s, taiwan_market):
            owner = _ticker_owner(s, offset, spans, self_spans, sentences)
            if owner and (exchange, symbol) not in [t[:2] for t in tickers[owner]]:
                tickers[owner].append((exchange, symbol, s.index))
            if owner and short and short not in groups.aliases[owner]:
                groups.aliases[owner].append(short)  # shown among its local names
    settled = _settle(roles)
    candidates = []
    for key in order:
        indexes = tuple(sorted({at(st) for st, _, k in spans if k == key} - {None}))
        if not indexes:
            continue
        names = groups.names[key]
        latin = [name for name in names if not _is_cjk(name)]
        local = [f for f in dict.fromkeys([*names, *groups.aliases[key]]) if _is_cjk(f)]
        name = max(latin or local, key=len)
        given = settled.get(key, [])
        named = [t[2] for t in tickers[key]] or [indexes[0]]
        evidence = [*named, *(index for _, index in given)]
        referring = {at(st) for st, _, _ in self_spans} - {None} - set(indexes)
        candidates.append(
            CompanyCandidate(
                name,
                tuple(t[:2] for t in tickers[key]),
                indexes,
                tuple(dict.fromkeys(str(role) for role, _ in given)),
                tuple(sorted(local, key=lambda f: (f != name, -len(f)))),
                tuple(dict.fromkeys(evidence))[:MAX_EVIDENCE],
                tuple(sorted(referring)) if key == issuer else (),
            )
        )
    return sorted(candidates, key=lambda c: (-len(c.sentence_indexes), c.sentence_indexes[0]))
