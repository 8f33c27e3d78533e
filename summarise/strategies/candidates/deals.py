"""deals: one candidate per agreement, its terms read from the sentences around it.

A deal is anchored on the sentences naming its kind ("co-develop", "exclusive license",
"equity investment", 独家许可, 공동판매). Sentences naming one kind for the same parties are
one deal, with every quote kept; a licence inside a collaboration is part of it ("Outside
the United States, Osterholt will receive an exclusive license" belongs to the
co-development agreement), while a co-commercialisation with its own territory and an equity
purchase are deals of their own. Terms are often stated after the sentence naming the deal
("Key Terms of the Agreement", "（二）首付款："): a sentence stating one joins the latest deal
of its section, or of a section whose heading names a deal, or of the last few sentences.

Each amount is the term that the word nearest it in its clause names: upfront, milestone,
total, equity or per share, in every language the project reads (首付款, 里程碑, 계약금,
一時金...). An amount no such word names is left out, as is every amount in a market-size or
revenue sentence: a missing term is better than a wrong one. Royalties are kept as written,
and a CVR as the first mention stating its payment ("Each CVR entitles its holder to receive
$4.50 in cash upon ..."), not a headline's "plus a Contingent Value Right". Parties are the
companies the deal's sentences name; licensor and licensee those of them the company finder
read so; the asset is the drug the deal's sentences (or their section) name, a company's
acquisition included (the drug it is bought for). Territory is read from the first of the
deal's sentences that states one, "worldwide excluding X" where a region is carved out;
places of approval or business are not territories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from schemas.enums import CompanyRole, DealType
from summarise.pipeline.claims import clauses, languages_of
from summarise.pipeline.lexicon import DEAL_WORDS
from summarise.pipeline.numbers import CJK_SCALES, SCALES, alternation
from summarise.pipeline.sentences import Sentence, blank, hedging, is_heading
from summarise.strategies.candidates.companies import FINANCING_CONTEXT, CompanyCandidate
from summarise.strategies.candidates.drugs import DrugCandidate

FOUND_DEAL_TYPES = (  # first match wins
    DealType.ACQUISITION,
    DealType.OPTION,
    DealType.CO_DEVELOPMENT,
    DealType.CO_COMMERCIALISATION,
    DealType.LICENSING,
    DealType.DISTRIBUTION,
    DealType.FINANCING,
)
DEAL_TYPES = (
    *((kind, "|".join(words[kind] for words in DEAL_WORDS.values())) for kind in FOUND_DEAL_TYPES),
    (DealType.OTHER, rf"{DEAL_WORDS['en'][DealType.OTHER]}\s+with\s+[A-Z]"),
)
"""Each kind's words in every language (``pipeline/lexicon``, which grounding's claim checks
read too); an unnamed kind of deal is a deal word followed by "with" and a name."""
FINANCING_EVENT_RE = re.compile(
    r"[$€£¥]|\d|\b(?:purchas|buy|bought|subscri|issu|sell|sold|offer|rais|invest|placement|financ"
    r"|round|proceeds)|认购|認購|融资|融資|增资|增資|투자|증자|出資|割当",
    re.I,
)
"""A financing sentence tells of money raised or shares bought: "common stock is listed on
Nasdaq" states none."""
NEEDS_A_COMPANY = frozenset({DealType.ACQUISITION, DealType.FINANCING, DealType.OTHER})
"""Kinds whose words also mean other things ("hospital-acquired", "common stock is listed",
"agreement with FDA"): a sentence states one only if it names a company."""
NEEDS_A_COMPANY_OR_AGREEMENT = frozenset({DealType.LICENSING})
"""Kinds whose words also name a regulator's licence ("licensed facility", "the FDA's
licensing inspection"): a sentence states one if it names a company or an agreement
("达成独家许可协议", whose parties the finder may not read)."""
_AGREEMENT_RE = re.compile("|".join(words[DealType.OTHER] for words in DEAL_WORDS.values()), re.I)
JOINING_KINDS = (DealType.LICENSING, DealType.OTHER)
"""Kinds that join the deal already found for the same parties: the licence of a
collaboration, "the agreement"."""
_DEAL_HEADING_RE = re.compile(
    r"\b(?:terms|agreements?|deals?|transactions?|collaborations?|partnerships?)\b|"
    + "|".join(words[DealType.OTHER] for language, words in DEAL_WORDS.items() if language != "en"),
    re.I,
)
"""A heading naming a deal ("Key Terms of the Agreement"): its section states that deal."""
_MARKET_RE = re.compile(
    r"\b(?:market (?:size|value)|projected to reach|CAGR)\b|\bmarket\b[^.;]{0,40}?\bvalued at\b"
    r"|市场规模|市場規模|시장\s?규모",
    re.I,
)
"""Sentences sizing a market: no deal is read in them, and none of their amounts is a term."""
_ROUND_RE = re.compile(FINANCING_CONTEXT, re.I)
"""Words of a financing that are no deal words alone ("round"): a sentence holding one names
its deal where it states an investor's part ("The round was led by X")."""
NEAR_SENTENCES = 3
"""A term this close after a deal's sentence states that deal, whatever the sections."""

_PREFIX_CURRENCIES = {"US$": "USD", "USD": "USD", "$": "USD", "HK$": "HKD", "HKD": "HKD"}
_PREFIX_CURRENCIES |= {"€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP", "CHF": "CHF"}
_PREFIX_CURRENCIES |= {"RMB": "CNY", "CNY": "CNY", "¥": "CNY", "人民币": "CNY", "人民幣": "CNY"}
_PREFIX_CURRENCIES |= {"JPY": "JPY", "KRW": "KRW", "₩": "KRW"}
_SUFFIX_CURRENCIES = {"US dollars": "USD", "dollars": "USD", "euros": "EUR", "yuan": "CNY"}
_SUFFIX_CURRENCIES |= {"yen": "JPY", "Swiss francs": "CHF", "美元": "USD", "美金": "USD"}
_SUFFIX_CURRENCIES |= {"港元": "HKD", "港币": "HKD", "港幣": "HKD", "欧元": "EUR", "歐元": "EUR"}
_SUFFIX_CURRENCIES |= {"日元": "JPY", "円": "JPY", "元": "CNY", "원": "KRW", "달러": "USD"}
_SUFFIX_CURRENCIES |= {"유로": "EUR", "ドル": "USD", "ユーロ": "EUR"}
CURRENCIES = _PREFIX_CURRENCIES | _SUFFIX_CURRENCIES
"""Currency signs and words, as ISO 4217 codes: 美元 is USD, 원 KRW, 円 JPY."""


_NUM = r"\d[\d,]*(?:\.\d+)?"
_SCALE = rf"(?:{alternation(SCALES)})(?![A-Za-z])"
_CJK_PART_RE = re.compile(rf"({_NUM})\s*({alternation(CJK_SCALES)})")
_MONEY_RE = re.compile(
    rf"(?P<c1>{alternation(_PREFIX_CURRENCIES)})\s?(?P<n1>{_NUM})(?:\s*(?P<s1>{_SCALE}))?"
    rf"|(?P<parts>(?:{_CJK_PART_RE.pattern}\s*){{2,}})(?P<c3>{alternation(_SUFFIX_CURRENCIES)})"
    rf"|(?P<n2>{_NUM})\s*(?P<s2>{_SCALE})?\s*(?P<c2>{alternation(_SUFFIX_CURRENCIES)})"
    r"(?![A-Za-z])",
    re.I,
)
"""A sum: a currency sign before the figure, or a currency word after it; East Asian figures
may be spelt in descending units ("1조 2,000억 원" is 1.2 trillion won)."""

UPFRONT, MILESTONES, TOTAL, EQUITY, PER_SHARE, NO_TERM = (
    "upfront",
    "milestones",
    "total",
    "equity",
    "per_share",
    "no term",
)
TERM_WORDS = {
    UPFRONT: r"\bup-?\s?front\b|\binitial payment|\bsigning (?:fee|payment)|首付款|首期款|预付款"
    r"|預付款|签约金|簽約金|계약금|선급금|선수금|一時金",
    MILESTONES: r"\bmilestones?\b|里程碑|마일스톤|단계별\s?기술료|マイルストン",
    TOTAL: r"\b(?:total|aggregate|worth|valued at|deal value|transaction value|equity value"
    r"|enterprise value|gross proceeds)\b|总金额|總金額|总额|總額|总计|總計|共计|共計|合计|合計"
    r"|총\s?(?:계약\s?)?(?:규모|금액)|총(?=\s?\d)|総額",
    EQUITY: r"\bequity (?:investment|stake)|\bnewly issued\b|\b(?:common|ordinary|preferred) "
    r"(?:stock|shares)|\bprivate placement\b|\bpurchase\b|\bsubscri\w+|\bfinancing\b"
    r"|\bSeries [A-H]\b|\b(?:funding )?round\b|\boffering\b|\bproceeds\b|\braise[sd]?\b|认购"
    r"|認購|股权投资|股權投資|融资|融資|유상\s?증자|지분\s?투자|투자\s?유치|第三者割当|出資|資金調達",
    PER_SHARE: r"\bper (?:share|ADS)\b|\ba share\b|\beach share\b|/share\b|每股|주당"
    r"|1株(?:当たり|につき)",
    NO_TERM: r"\brevenues?\b|\bnet (?:profit|loss|income)\b|\bsales (?:of|reached|were|grew|rose)\b"
    r"|\bcash(?:,| and cash equivalents| position| balance| runway)|\bexpenses\b|\binvested\b"
    r"|\b(?:closing|unaffected|undisturbed)\s+(?:share\s+|stock\s+)?price\b|\bVWAP\b"
    r"|\bvolume[- ]weighted average (?:share |stock |trading )?price\b|收盘价|收盤價|終値|종가"
    r"|营收|营业收入|營業收入|销售收入|銷售收入|投入|매출|투자했|売上|収益",
}
"""Words naming each term an amount can be; an amount is the term of the word nearest it,
and no term where that word names revenue, cash, spending ("연 매출 500억 원") or a market
price a premium is measured against ("a premium of 71% to its closing share price of
$22.52")."""
_TERM_RES = {term: re.compile(words, re.I) for term, words in TERM_WORDS.items()}
_DEAL_AFTER_AMOUNT_RE = re.compile(
    r"\s*(?:(?:licen[cs]\w*|collaboration|partnership|co-\w+|option|acquisition|merger)\s+)?"
    r"(?:deal|agreement|transaction)\b",
    re.I,
)
"""An amount directly naming a deal is its total: "a $223 million licensing deal"."""
_PRICE_BEFORE_AMOUNT_RE = re.compile(
    r"\b(?:acquir\w+|acquisition|deal|agreement|transaction|licen[cs]e)\b[^.;]{0,60}?\bfor\s+"
    r"(?:a\s+total\s+of\s+|up\s+to\s+|approximately\s+|about\s+)*$",
    re.I,
)
"""So is the price a deal is made for, where no nearer word names the amount: "a license
deal with Pfizer for US$1.2 billion"."""

_UP_TO_SENTENCE_END = r"(?:[^.;]|\.(?=\d)|(?<=\b[A-Z])\.)*"
"""The rest of a clause, decimals and initials included ("US$6.00 per share", "2.5%", "the
U.S. Food and Drug Administration")."""
_ROYALTY_RE = re.compile(
    r"\b(?:(?:tiered|escalating|sales-based|running|(?:(?:low|mid|high)[\s-]*)?(?:single|double)"
    rf"[\s-]digit)\s+)*royalt(?:y|ies)\b{_UP_TO_SENTENCE_END}",
    re.I,
)
_LOCAL_ROYALTY_RE = re.compile(
    r"销售提成|销售分成|特许权使用费|銷售提成|銷售分成|特許權使用費|로열티|경상\s?기술료|ロイヤルティ"
    r"|ロイヤリティ"
)
_RATE_RE = re.compile(r"[%％]|百分比|个位数|個位數|位数|位數|梯度|阶梯|階梯|퍼센트|자릿수|桁")
"""A local royalty sentence must state a rate: "销售提成的实现取决于..." is a risk, no term."""
_ITEM_LABEL_RE = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]\s*[^：:，,。]{0,12}[：:]\s*")
_CVR_RE = re.compile(
    r"\b(?:(?:one|a|each)\s+)?(?:non-?(?:transferable|tradable|tradeable)\s+)?(?:contingent "
    rf"value rights?|CVRs?)\b{_UP_TO_SENTENCE_END}",
    re.I,
)

REGIONS = (  # canonical, as written in Latin text; earlier matches are blanked for later ones
    ("Greater China", r"Greater China"),
    ("Mainland China", r"Mainland(?: of)? China|Chinese mainland|China mainland"),
    ("Hong Kong", r"Hong Kong"),
    ("Macau", r"Maca[uo]"),
    ("Taiwan", r"Taiwan"),
    ("Southeast Asia", r"South[- ]?east Asian?"),
    ("North America", r"North American?"),
    ("Europe", r"Europe(?:an)?"),
    ("United States", r"United States|\bU\.S\.(?:A\.)?|\bUSA?\b(?!\$)"),
    ("Japan", r"\bJapan(?:ese)?\b"),
    ("South Korea", r"\b(?:South )?Korea\b"),
    (
        "Worldwide",
        r"\bworldwide\b|\bglobal(?=\s+(?:[\w-]+\s+)?(?:rights|licen[cs]es?|collaborations?"
        r"|partnerships?|agreements?|deals?|basis|territor\w+|commerciali[sz]ation)\b)",
    ),
    ("China", r"\bChina\b"),
)
NOT_PLACE_AFTER = (
    r"(?!\s+(?!(?:Special|Administrative|Region|SAR|Province|Area)\b)(?:[A-Z][a-z]|[A-Z]{2,5}\b))"
)
"""A region followed by a capitalised word is part of a name ("China Medical System", "U.S.
FDA", "Japan Tobacco"), unless the word only says what kind of region it is ("Hong Kong
Special Administrative Region")."""
LOCAL_REGIONS = {
    "zh": (
        ("Greater China", r"大中华区|大中華區"),
        ("Mainland China", r"中国大陆|中國大陸|中国内地|中國內地"),
        ("Hong Kong", r"香港"),
        ("Macau", r"澳门|澳門"),
        ("Taiwan", r"台湾|台灣|臺灣"),
        ("Southeast Asia", r"东南亚|東南亞"),
        ("North America", r"北美"),
        ("Europe", r"欧洲|歐洲"),
        ("United States", r"美国|美國"),
        ("Japan", r"日本"),
        ("South Korea", r"韩国|韓國"),
        ("Worldwide", r"全球|全世界"),
        ("China", r"中国|中國"),
    ),
    "ko": (
        ("South Korea", r"국내|한국|대한민국"),
        ("United States", r"미국"),
        ("Europe", r"유럽"),
        ("North America", r"북미"),
        ("Southeast Asia", r"동남아(?:시아)?"),
        ("Japan", r"일본"),
        ("China", r"중국"),
        ("Worldwide", r"전\s?세계|글로벌"),
    ),
    "ja": (
        ("Japan", r"日本|国内"),
        ("United States", r"米国|アメリカ"),
        ("Europe", r"欧州"),
        ("North America", r"北米"),
        ("China", r"中国"),
        ("South Korea", r"韓国"),
        ("Worldwide", r"全世界|グローバル"),
    ),
}
"""Regions as Chinese, Korean and Japanese write them; a Korean or Japanese release's
"domestic" (국내, 国内) is its own country."""
_EXCLUDING = {
    "en": r"\b(?:excluding|except(?:\s+for)?|other than|outside(?:\s+of)?|ex-)\s*(?:the\s+)?{}",
    "zh": r"(?:除(?:了)?)?{}(?:\s*[（(][^）)]*[）)])?(?:以外|之外|外的)",
    "ko": r"{}\s?(?:을|를)?\s?제외한",
    "ja": r"{}(?:を除く|以外)",
}
"""A region carved out of the rest of the world: "worldwide, excluding Japan", "在大中华区以外
的全球范围内", "일본을 제외한 전 세계"."""
_NOT_TERRITORY_BEFORE_RE = re.compile(
    r"\b(?:approv\w*|launch\w*|marketed|available|sold|listed|headquartered|based|located"
    r"|incorporated|trials?|stud(?:y|ies))\b[^,;:]{0,40}$|\b(?:[A-Z]{2}|(?:[A-Z]\.){2}),\s*$|(?:获批|批准|上市|获准)[^，。]{0,6}$",
    re.I,
)
"""Words before a place that make it one of approval, business or study, not a territory;
an address ("Rahway, NJ, USA") neither."""
_NATIONALITY_AFTER = (
    r"['’]s\b|-based\b|\s+(?:company|companies|biotech\w*|drugmakers?|pharma\w*|firms?"
    r"|developers?|subsidiary|기업|제약사|바이오텍|企业|企業|公司|製薬|企業)"
)
"""Words after a place that make it a company's origin."""


class Amount(NamedTuple):
    """A sum in full units ("US$40 million" is 40000000) and its ISO 4217 currency."""

    value: float
    currency: str


@dataclass(frozen=True)
class DealCandidate:
    deal_type: str
    sentence_indexes: tuple[int, ...]
    """The sentences naming the deal, then those stating its terms, in document order."""
    parties: tuple[str, ...] = ()
    licensor: str | None = None
    licensee: str | None = None
    asset: str | None = None
    upfront: Amount | None = None
    milestones: Amount | None = None
    total_value: Amount | None = None
    price_per_share: Amount | None = None
    royalties: str | None = None
    contingent_value_right: str | None = None
    territory: tuple[str, ...] = ()


@dataclass
class _Deal:
    kind: DealType
    anchors: list[int]
    evidence: list[int]
    parties: list[str]
    terms: dict[str, Amount] = field(default_factory=dict)
    royalties: list[str] = field(default_factory=list)
    cvr: str | None = None


def _amounts(text: str) -> list[tuple[int, int, Amount]]:
    """(start, end, amount) of each sum of money, in full units, with its ISO currency."""
    found = []
    for m in _MONEY_RE.finditer(text):
        if m["parts"]:
            parts = _CJK_PART_RE.findall(m["parts"])
            sign = m["c3"]
        else:
            n = "1" if m["n1"] else "2"
            parts = [(m[f"n{n}"], m[f"s{n}"] or "")]
            sign = m[f"c{n}"]
        value = sum(
            Decimal(figure.replace(",", "")) * SCALES.get(scale.lower(), 1)
            for figure, scale in parts
        )
        currency = next(code for word, code in CURRENCIES.items() if word.lower() == sign.lower())
        found.append((m.start(), m.end(), Amount(float(value), currency)))
    return found


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _terms(text: str) -> list[tuple[str, Amount]]:
    """The terms a sentence's amounts are: each term word goes to the amount nearest it in
    its clause, and each amount is the term of the nearest word it got."""
    found = []
    for start, end in clauses(text):
        part = text[start:end]
        amounts = _amounts(part)
        if not amounts:
            continue
        owned: dict[int, list[tuple[int, str]]] = {}
        for term, pattern in _TERM_RES.items():
            for m in pattern.finditer(part):
                gap, nearest = min((_gap(m.span(), a[:2]), i) for i, a in enumerate(amounts))
                owned.setdefault(nearest, []).append((gap, term))
        for i, (amount_start, amount_end, amount) in enumerate(amounts):
            if _DEAL_AFTER_AMOUNT_RE.match(part, amount_end):
                found.append((TOTAL, amount))
            elif i in owned:
                term = min(owned[i])[1]
                if term != NO_TERM:
                    found.append((term, amount))
            elif _PRICE_BEFORE_AMOUNT_RE.search(part[:amount_start]):
                found.append((TOTAL, amount))
    return found


def _states_cvr_terms(cvr: str) -> bool:
    """A CVR mention states its terms when it names a payment no term word claims: "Each CVR
    entitles its holder to receive $4.50 in cash" does, "a Contingent Value Right" and "if
    the CVR milestone is achieved, the total consideration would be $3.2 billion" do not."""
    claimed = {amount for term, amount in _terms(cvr) if term != PER_SHARE}
    return any(amount not in claimed for _, _, amount in _amounts(cvr))


def _royalty(text: str) -> str | None:
    """Royalty terms as written: the phrase in English, the sentence where a local one states
    a rate (its item label "（四）销售提成：" left out)."""
    if m := _ROYALTY_RE.search(text):
        return m.group().strip(" ,")
    if _LOCAL_ROYALTY_RE.search(text) and _RATE_RE.search(text):
        return _ITEM_LABEL_RE.sub("", text)
    return None


def _script(text: str) -> str | None:
    languages = languages_of(text)
    return (
        "ko"
        if "ko" in languages
        else "ja"
        if "ja" in languages
        else ("zh" if "zh-Hans" in languages else None)
    )


def _territories(text: str, companies: list[CompanyCandidate]) -> tuple[str, ...]:
    """Regions granted, in order of appearance ("Mainland China" is not also "China"); one
    carved out of the rest of the world is "worldwide excluding" it. A region saying where a
    company is from ("미국 로완테라퓨틱스", "Japan's Takeda", "a U.S.-based biotech") is none."""
    script = _script(text)
    names = [re.escape(n) for c in companies for n in (c.name, *c.local_names)]
    nationality = re.compile(rf"{_NATIONALITY_AFTER}|\s*(?:{'|'.join(names) or '(?!)'})")
    latin = tuple((name, f"(?:{pattern}){NOT_PLACE_AFTER}") for name, pattern in REGIONS)
    tables = [("en", latin), *([(script, LOCAL_REGIONS[script])] if script else [])]
    found: list[tuple[int, str]] = []
    excluded: list[tuple[int, str]] = []
    text = blank(r"\([^()]*\)", text)  # asides: "(known as MSD outside the United States)"
    for language, regions in tables:
        places = [(name, pattern) for name, pattern in regions if name != "Worldwide"]
        for name, pattern in places:
            carve = _EXCLUDING[language].format(f"(?:{pattern})")
            excluded += [(m.start(), name) for m in re.finditer(carve, text)]
        for name, pattern in regions:
            found += [
                (m.start(), name)
                for m in re.finditer(pattern, text)
                if not _NOT_TERRITORY_BEFORE_RE.search(text[max(0, m.start() - 60) : m.start()])
                and not nationality.match(text, m.end())
            ]
            text = blank(pattern, text)
    if excluded:
        _, name = min(excluded)
        others = {n for _, n in found} - {name, "Worldwide"}
        if not others:
            return (f"worldwide excluding {name}",)
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


def _kind(text: str, named: list[str]) -> DealType | None:
    for deal_type, pattern in DEAL_TYPES:
        flags = 0 if deal_type == DealType.OTHER else re.I
        if not re.search(pattern, text, flags):
            continue
        if deal_type is DealType.FINANCING and not FINANCING_EVENT_RE.search(text):
            continue
        if deal_type in NEEDS_A_COMPANY_OR_AGREEMENT and not (named or _AGREEMENT_RE.search(text)):
            continue
        if named or deal_type not in NEEDS_A_COMPANY:
            return deal_type
    return None


def _compatible(deal: _Deal, names: list[str]) -> bool:
    return not deal.parties or not names or bool(set(deal.parties) & set(names))


class _Reader:
    """Deals in the making, as the sentences are read in order."""

    def __init__(self, text: str, sentences: list[Sentence], investors: set[str]) -> None:
        self.investors = investors
        """Companies investing: they join whichever financing they are named in."""
        self.deals: list[_Deal] = []
        self.section: dict[int, int] = {}
        self.linked: dict[int, _Deal] = {}
        self.skipped = hedging(sentences, text)
        self.headings = {s.index for s in sentences if is_heading(s, text)}
        section = 0
        for s in sentences:
            section += s.index in self.headings
            self.section[s.index] = section

    def anchor(self, kind: DealType, index: int, names: list[str]) -> _Deal:
        """The deal a sentence naming ``kind`` states: one found for these parties, else new."""
        financing = kind is DealType.FINANCING
        same = [d for d in self.deals if (d.kind is DealType.FINANCING) == financing]
        deciding = [n for n in names if not financing or n not in self.investors]
        same = [d for d in same if _compatible(d, deciding)]
        joining = kind in JOINING_KINDS
        deal = next((d for d in same if joining or d.kind is kind), None)
        if deal is None:
            deal = _Deal(kind, [], [], [])
            self.deals.append(deal)
        deal.anchors.append(index)
        deal.evidence.append(index)
        deal.parties += [name for name in names if name not in deal.parties]
        return deal

    def latest(self, index: int, financing: bool) -> _Deal | None:
        """The deal a term in sentence ``index`` states: the latest of its kind, if in the same
        section, a section whose heading names it, or a few sentences before."""
        touched = [
            (max(i for i in d.evidence if i <= index), position, d)
            for position, d in enumerate(self.deals)
            if (d.kind is DealType.FINANCING) == financing and min(d.evidence) <= index
        ]
        if not touched:
            return None
        last, _, deal = max(touched, key=lambda t: t[:2])
        here = self.section[index]
        if (
            index - last <= NEAR_SENTENCES
            or here in {self.section[i] for i in deal.anchors}
            or self.linked.get(here) is deal
        ):
            return deal
        return None


def _licence_sentence(text: str) -> bool:
    return any(re.search(words[DealType.LICENSING], text, re.I) for words in DEAL_WORDS.values())


def _drug_pattern(form: str) -> str:
    """A drug's name, code hyphens optional ("LW2103" is "LW-2103"), as a whole token."""
    body = re.sub(
        r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", "-?", re.escape(form).replace(r"\-", "-?")
    )
    return rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"


def _asset(
    deal: _Deal,
    sentences: list[Sentence],
    drugs: list[DrugCandidate],
    text: str,
    sections: dict[int, int],
) -> str | None:
    """The drug the deal's sentences name (by name, brand, code or a defined alias such as
    "the “Product”"), else the only drug named in the sections of its sentences."""

    def names(drug: DrugCandidate) -> str:
        forms = [drug.name, *drug.brand_names, *drug.development_codes]
        aliases = [
            m.group(1)
            for form in forms
            for m in re.finditer(
                rf"{re.escape(form)}\s*[(（](?:the\s+)?[“\"「]([^”\"」]{{2,30}})[”\"」][)）]", text
            )
        ]
        return "|".join([*map(_drug_pattern, forms), *(rf"\b{re.escape(a)}\b" for a in aliases)])

    patterns = [(drug, re.compile(names(drug), re.I)) for drug in drugs]
    for index in sorted(deal.evidence):
        for drug, pattern in patterns:
            if pattern.search(sentences[index].text):
                return drug.name
    around = {sections[i] for i in deal.anchors}
    named = {
        drug.name
        for s in sentences
        if sections[s.index] in around
        for drug, pattern in patterns
        if pattern.search(s.text)
    }
    return named.pop() if len(named) == 1 else None


def find_deals(
    text: str,
    sentences: list[Sentence],
    companies: list[CompanyCandidate],
    drugs: list[DrugCandidate],
) -> list[DealCandidate]:
    """The deals the text states, each once, with the terms read from its sentences and the
    ones after it; market-size and revenue figures are never terms, and the hedges of a
    forward-looking section state no deal."""
    investors = {c.name: c for c in companies if CompanyRole.INVESTOR in c.role_hints}
    reader = _Reader(text, sentences, set(investors))
    not_parties = {CompanyRole.ADVISOR, CompanyRole.COMPETITOR}
    parties = [c for c in companies if not not_parties & set(c.role_hints)]
    for s in sentences:
        if s.index in reader.skipped:
            continue
        names = [
            c.name
            for c in parties
            if s.index in c.sentence_indexes or s.index in c.referring_indexes
        ]
        market = bool(_MARKET_RE.search(s.text))
        kind = None if market else _kind(s.text, names)
        if (
            kind is None
            and _ROUND_RE.search(s.text)
            and any(s.index in investors[n].evidence_indexes for n in names if n in investors)
        ):
            kind = DealType.FINANCING  # "The round was led by X, with participation from Y"
        here = reader.anchor(kind, s.index, names) if kind else None
        if kind is None and s.index in reader.headings and _DEAL_HEADING_RE.search(s.text):
            main = reader.latest(s.index, financing=False)
            if main:
                reader.linked[reader.section[s.index]] = main
            continue
        main = here if here and here.kind is not DealType.FINANCING else None
        main = main or reader.latest(s.index, financing=False)
        financing = here if here and here.kind is DealType.FINANCING else None
        financing = financing or reader.latest(s.index, financing=True)
        stated: list[_Deal] = []
        for term, amount in [] if market else _terms(s.text):
            if term == EQUITY:
                target = financing
            elif term in (PER_SHARE, TOTAL):
                target = here or (financing if term == PER_SHARE else main)
            else:
                target = main
            if target is not None:
                target.terms.setdefault(term if term != EQUITY else TOTAL, amount)
                stated.append(target)
        royalty = _royalty(s.text)
        if royalty and main:
            main.royalties.append(royalty)
            stated.append(main)
        cvr = _CVR_RE.search(s.text)
        if cvr and main:
            written = cvr.group().strip(" ,")
            if main.cvr is None or (_states_cvr_terms(written) > _states_cvr_terms(main.cvr)):
                main.cvr = written
            stated.append(main)
        for deal in stated:
            if s.index not in deal.evidence:
                deal.evidence.append(s.index)
    return _candidates(reader, sentences, companies, drugs, text)


def _candidates(
    reader: _Reader,
    sentences: list[Sentence],
    companies: list[CompanyCandidate],
    drugs: list[DrugCandidate],
    text: str,
) -> list[DealCandidate]:
    by_name = {c.name: c for c in companies}
    licences = [
        d for d in reader.deals if any(_licence_sentence(sentences[i].text) for i in d.evidence)
    ]

    def holding(role: CompanyRole, deal: _Deal) -> str | None:
        pool = deal.parties if len(licences) > 1 else [c.name for c in companies]
        return next((name for name in pool if role in by_name[name].role_hints), None)

    built = []
    for deal in reader.deals:
        licensor = licensee = None
        if deal in licences and deal.kind is not DealType.FINANCING:
            licensor = holding(CompanyRole.LICENSOR, deal)
            licensee = holding(CompanyRole.LICENSEE, deal)
        parties = [*deal.parties, *(n for n in (licensor, licensee) if n and n not in deal.parties)]
        territory = next(
            (found for i in deal.anchors if (found := _territories(sentences[i].text, companies))),
            (),
        )
        asset = None
        if deal.kind is not DealType.FINANCING:
            named = {word.lower() for company in companies for word in company.name.split()}
            products = [drug for drug in drugs if drug.name.lower() not in named]
            asset = _asset(deal, sentences, products, text, reader.section)
        built.append(
            DealCandidate(
                deal_type=deal.kind.value,
                sentence_indexes=tuple(sorted(deal.evidence)),
                parties=tuple(parties),
                licensor=licensor,
                licensee=licensee,
                asset=asset,
                upfront=deal.terms.get(UPFRONT),
                milestones=deal.terms.get(MILESTONES),
                total_value=deal.terms.get(TOTAL),
                price_per_share=deal.terms.get(PER_SHARE),
                royalties=max(deal.royalties, key=len) if deal.royalties else None,
                contingent_value_right=deal.cvr,
                territory=territory,
            )
        )
    return built
