"""Offline tests of the deal finder: one deal per agreement, terms read around it."""

from __future__ import annotations

from summarise.strategies.candidates import (
    Amount,
    DealCandidate,
    find_companies,
    find_deals,
    find_drugs,
    split_sentences,
)


def _deals(text: str) -> list[DealCandidate]:
    sentences = split_sentences(text)
    companies = find_companies(text, sentences)
    return find_deals(text, sentences, companies, find_drugs(text, sentences))


COLLABORATION = """\
Aldera Therapeutics and Osprey Pharma Sign Global Collaboration for AL-301

Aldera Therapeutics, Inc. (Nasdaq: ALDR) and Osprey Pharma AG (SIX: OSPR) today announced a \
global collaboration and license agreement to co-develop and co-commercialize AL-301.

Key Terms of the Agreement

Osprey will make an upfront payment of US$25 million to Aldera.
In addition, Osprey has agreed to purchase US$30 million of newly issued Aldera common stock \
at a price of US$12.50 per share.
Aldera is eligible to receive up to US$310 million in regulatory and sales milestones.
In the United States, Aldera and Osprey will co-commercialize AL-301.
Outside the United States, Osprey will receive an exclusive license to AL-301 and will pay \
Aldera tiered royalties in the low teens on net sales.

About Aldera Therapeutics

Aldera Therapeutics, Inc. is a biotechnology company developing kinase inhibitors. As of \
December 31, the company had cash and cash equivalents of US$210 million.

Forward-Looking Statements

This release contains forward-looking statements about the receipt of milestone payments of up \
to US$310 million and the collaboration with Osprey.
"""


def test_a_collaboration_its_co_commercialisation_and_equity_are_three_deals() -> None:
    deals = {deal.deal_type: deal for deal in _deals(COLLABORATION)}
    assert set(deals) == {"co_development", "co_commercialisation", "financing"}
    main, co_commercial = deals["co_development"], deals["co_commercialisation"]
    financing = deals["financing"]
    assert main.parties == ("Aldera Therapeutics, Inc.", "Osprey Pharma AG")
    assert (main.licensor, main.licensee) == ("Aldera Therapeutics, Inc.", "Osprey Pharma AG")
    assert (main.upfront, main.milestones) == (Amount(25e6, "USD"), Amount(310e6, "USD"))
    assert main.total_value is None  # never the cash position of the "About" section
    assert main.royalties == "tiered royalties in the low teens on net sales"
    assert (main.asset, main.territory) == ("AL-301", ("Worldwide",))
    assert co_commercial.territory == ("United States",)
    assert co_commercial.licensor is co_commercial.licensee is None  # no licence is quoted
    assert (financing.total_value, financing.price_per_share) == (
        Amount(30e6, "USD"),
        Amount(12.5, "USD"),
    )
    assert financing.asset is None
    # The forward-looking section restates terms as risks: no quote comes from it.
    sentences = split_sentences(COLLABORATION)
    quoted = {
        sentences[i].text
        for deal in (main, co_commercial, financing)
        for i in deal.sentence_indexes
    }
    assert not [text for text in quoted if "forward-looking" in text]


def test_an_acquisition_with_price_per_share_total_and_cvr() -> None:
    text = (
        "Brennan Pharma AG to acquire Coldwater Bio, Inc. for US$42.00 per share in cash plus "
        "one non-tradable contingent value right (CVR) worth US$5.00 per share upon approval "
        "of CW-12, for a total equity value of approximately US$2.1 billion.\n"
    )
    (deal,) = _deals(text)
    assert deal.deal_type == "acquisition"
    assert deal.price_per_share == Amount(42.0, "USD")
    assert deal.total_value == Amount(2.1e9, "USD")
    assert deal.contingent_value_right is not None
    assert deal.contingent_value_right.startswith("one non-tradable contingent value right")


def test_korean_co_promotion_terms_in_the_next_sentence() -> None:
    text = (
        "■ 누리제약과 국내 공동판매 계약\n"
        "한빛바이오로직스는 누리제약과 국내 공동판매(코프로모션) 계약을 체결했다.\n"
        "계약에 따라 누리제약은 계약금 30억 원과 단계별 마일스톤 최대 80억 원을 지급한다.\n"
        "■ 향후 계획\n"
        "회사는 출시 3년 차에 연 매출 300억 원 달성을 목표로 하고 있다.\n"
    )
    (deal,) = _deals(text)
    assert deal.deal_type == "co_commercialisation"
    assert (deal.upfront, deal.milestones) == (Amount(3e9, "KRW"), Amount(8e9, "KRW"))
    assert deal.total_value is None  # a revenue target is no term
    assert deal.territory == ("South Korea",)  # 국내: the release's own country
    assert set(deal.parties) == {"한빛바이오로직스", "누리제약"}


def test_chinese_licence_terms_in_numbered_items() -> None:
    text = (
        "北京星河医药股份有限公司（以下简称“公司”）与Xylo Therapeutics, Inc.签订独家许可协议。\n"
        "四、协议主要内容\n"
        "（一）许可范围：公司授予Xylo Therapeutics, Inc.在大中华区以外的全球范围内开发和商业化"
        "XY-101的独家许可。\n"
        "（二）首付款：Xylo将向公司支付首付款2亿美元。\n"
        "（三）里程碑付款：公司有权获得最高可达8亿美元的开发及销售里程碑付款。\n"
        "（四）销售提成：Xylo将按照年度净销售额的低双位数百分比向公司支付销售提成。\n"
        "（五）交易总额：本次交易的潜在总金额最高可达10亿美元，不含销售提成。\n"
    )
    (deal,) = _deals(text)
    assert deal.deal_type == "licensing"
    assert (deal.licensor, deal.licensee) == ("北京星河医药股份有限公司", "Xylo Therapeutics, Inc.")
    assert (deal.upfront, deal.milestones, deal.total_value) == (
        Amount(2e8, "USD"),
        Amount(8e8, "USD"),
        Amount(1e9, "USD"),
    )
    assert deal.royalties == "Xylo将按照年度净销售额的低双位数百分比向公司支付销售提成。"
    assert deal.territory == ("worldwide excluding Greater China",)


def test_japanese_upfront_and_milestones_in_yen() -> None:
    text = (
        "星野製薬株式会社はライセンス契約を締結し、契約一時金50億円および"
        "マイルストン最大200億円を受け取る。\n"
    )
    (deal,) = _deals(text)
    assert (deal.deal_type, deal.upfront, deal.milestones) == (
        "licensing",
        Amount(5e9, "JPY"),
        Amount(2e10, "JPY"),
    )


def test_a_financing_led_by_investors() -> None:
    text = (
        "Quill Biosciences, Inc. announced a US$120 million private placement led by Harbor "
        "Ventures LLC and Ridge Capital LLC.\n"
    )
    (deal,) = _deals(text)
    assert (deal.deal_type, deal.total_value) == ("financing", Amount(120e6, "USD"))
    sentences = split_sentences(text)
    roles = {c.name: c.role_hints for c in find_companies(text, sentences)}
    assert roles["Harbor Ventures LLC"] == roles["Ridge Capital LLC"] == ("investor",)


def test_amounts_no_term_names_and_market_figures_are_left_out() -> None:
    text = (
        "Marlo Pharma Ltd. entered into a license agreement with Quent Bio, Inc. for Europe.\n"
        "Marlo has invested US$50 million in the program to date.\n"
        "The European market for the class is projected to reach US$4 billion by 2030.\n"
    )
    (deal,) = _deals(text)
    assert deal.upfront is deal.milestones is deal.total_value is None
    assert deal.territory == ("Europe",)


def test_places_of_approval_and_company_names_are_no_territory() -> None:
    text = (
        "China Medical System Holdings Limited, approved in Japan, signed a licensing deal with "
        "Pfizer for Taiwan.\n"
    )
    (deal,) = _deals(text)
    assert deal.territory == ("Taiwan",)


def test_a_cvr_keeps_its_decimals() -> None:
    text = (
        "Halvorsen Pharma AG will acquire Orbis Therapeutics, Inc. for $48.00 per share in cash "
        "plus one contingent value right of $6.00 per share upon approval of OT-5.\n"
    )
    (deal,) = _deals(text)
    assert deal.deal_type == "acquisition"
    assert (
        deal.contingent_value_right
        == "one contingent value right of $6.00 per share upon approval of OT-5"
    )


def test_a_company_acquisition_its_drug_cvr_terms_and_no_closing_price_as_a_term() -> None:
    text = (
        "Halvorsen Pharma to Acquire Orbis Bio for $31.00 per Share Plus a Contingent Value "
        "Right\n"
        "The acquisition adds orbitinib (OT-5), an oral KRAS inhibitor, to Halvorsen's "
        "portfolio.\n"
        "Halvorsen Pharma AG (SIX: HALV) and Orbis Bio, Inc. (Nasdaq: ORBB) today announced an "
        "agreement under which Halvorsen will acquire Orbis for $31.00 per share in cash, plus "
        "one contingent value right (CVR) per share.\n"
        "Each CVR entitles its holder to receive $3.25 in cash upon the first approval by the "
        "U.S. Food and Drug Administration of orbitinib by 2029. If the CVR milestone is "
        "achieved, the total consideration would be about $1.9 billion. The upfront cash price "
        "represents a premium of 55% to Orbis's closing share price of $20.00 on May 2, 2025.\n"
    )
    (deal,) = _deals(text)
    assert (deal.deal_type, deal.asset) == ("acquisition", "orbitinib")
    assert deal.price_per_share == Amount(31.0, "USD")
    assert deal.upfront is None
    assert deal.contingent_value_right is not None
    assert deal.contingent_value_right.startswith("Each CVR entitles its holder to receive $3.25")
    assert deal.contingent_value_right.endswith("Food and Drug Administration of orbitinib by 2029")


def test_a_regulators_licence_inspection_is_no_deal() -> None:
    text = (
        "Calder Biologics, Inc. received a Complete Response Letter for its BLA.\n"
        "The FDA cited observations from its pre-license inspection of a fill-finish facility.\n"
        "The agency completed its license inspection in May.\n"
    )
    assert _deals(text) == []


def test_every_investor_of_a_round_is_a_party_of_one_financing() -> None:
    text = (
        "Pellworth Bio Closes $90 Million Series B Financing\n"
        "Financing led by Harlow Capital with participation from Tessel Health Ventures\n"
        "Pellworth Bio, Inc. today announced the closing of a $90 million Series B financing. "
        "The round was led by Harlow Capital, with participation from new investors Tessel "
        "Health Ventures and from existing investors Corbel Partners and the Ostrava Bio Fund.\n"
        "Lund & Berg Advokatfirma served as legal counsel to Pellworth.\n"
    )
    (deal,) = _deals(text)
    assert deal.deal_type == "financing"
    assert deal.total_value == Amount(90e6, "USD")
    assert set(deal.parties) == {
        "Pellworth Bio, Inc.",
        "Harlow Capital",
        "Tessel Health Ventures",
        "Corbel Partners",
        "Ostrava Bio Fund",
    }


def test_a_series_financing_total() -> None:
    text = "Pinecrest Bio, Inc. raised a $150 million Series C financing.\n"
    (deal,) = _deals(text)
    assert (deal.deal_type, deal.total_value) == ("financing", Amount(150e6, "USD"))


def test_japanese_licence_roles_terms_and_ticker_of_the_issuer() -> None:
    text = (
        "星野製薬株式会社（本社：東京都、以下「当社」）は、Arclight Therapeutics, Inc."
        "（以下「アークライト社」）との間で、当社が創製したHN-101について、日本を除く全世界における独占的ライセ"
        "ンス契約を締結しました。\n本契約に基づき、当社はアークライト社から契約一時金として50億円を"
        "受領し、マイルストン最大300億円および売上高に応じたロイヤルティを受け取ります。\n"
        "当社（東証プライム、証券コード：4599）は研究開発を推進します。\n"
    )
    sentences = split_sentences(text)
    companies = {c.name: c for c in find_companies(text, sentences)}
    issuer = companies["星野製薬株式会社"]
    assert (issuer.role_hints, issuer.tickers) == (("originator", "licensor"), (("TSE", "4599"),))
    assert companies["Arclight Therapeutics, Inc."].role_hints == ("licensee",)
    (deal,) = _deals(text)
    assert (deal.upfront, deal.milestones) == (Amount(5e9, "JPY"), Amount(3e10, "JPY"))
    assert deal.territory == ("worldwide excluding Japan",)


def test_an_amount_nearest_a_revenue_word_is_no_term() -> None:
    text = (
        "한빛바이오로직스는 누리제약과 공동판매 계약을 체결했다.\n"
        "누리제약은 계약금 30억 원을 지급하며, 회사는 연 매출 500억 원을 목표로 한다.\n"
    )
    (deal,) = _deals(text)
    assert (deal.upfront, deal.total_value) == (Amount(3e9, "KRW"), None)


def test_words_of_acquisitions_and_stock_name_no_deal_without_a_company() -> None:
    text = (
        "Rates of hospital-acquired infection fell in the study.\n"
        "Common stock of the sponsor trades under the symbol XYZ.\n"
    )
    assert _deals(text) == []


def test_a_licence_granting_rights_a_city_in_a_name_and_a_listing_is_no_financing() -> None:
    text = (
        "In 2023, Larkspur Oncology, Inc. entered into a license agreement with Zenith Biopharma "
        "(Shanghai) Co., Ltd. granting Zenith exclusive rights to LK-501 in Greater China.\n"
        "The trial runs in collaboration with Merck Sharp & Dohme LLC, Rahway, NJ, USA.\n"
        "Larkspur's common stock is listed on the Nasdaq Global Select Market.\n"
    )
    licence, collaboration = _deals(text)  # the listing is no financing
    assert (licence.licensor, licence.licensee) == (
        "Larkspur Oncology, Inc.",
        "Zenith Biopharma (Shanghai) Co., Ltd.",
    )
    assert licence.territory == ("Greater China",)
    assert (collaboration.deal_type, collaboration.parties) == (
        "other",
        ("Merck Sharp & Dohme LLC",),
    )
    assert collaboration.territory == ()  # an address is no territory


def test_korean_licence_out_compound_total_and_a_companys_origin_is_no_territory() -> None:
    text = (
        "누리바이오, 미국 로완테라퓨틱스에 NB-201 기술수출\n"
        "누리바이오(대표 이민수)는 미국 로완테라퓨틱스(Rowan Therapeutics, Inc.)와 자체 개발한 "
        "NB-201의 라이선스 계약을 체결했다고 밝혔다.\n"
        "누리바이오는 로완테라퓨틱스에 한국을 제외한 전 세계 권리를 이전한다.\n"
        "누리바이오는 선급금 600억 원과 단계별 마일스톤을 포함해 총 1조 2,000억 원을 받는다.\n"
    )
    sentences = split_sentences(text)
    companies = {c.name: c for c in find_companies(text, sentences)}
    assert companies["누리바이오"].role_hints == ("originator", "developer", "licensor")
    assert companies["Rowan Therapeutics, Inc."].role_hints == ("licensee",)
    (deal,) = _deals(text)
    assert (deal.upfront, deal.total_value) == (Amount(6e10, "KRW"), Amount(1.2e12, "KRW"))
    assert deal.territory == ()  # "미국 로완테라퓨틱스": where the licensee is from


def test_territory_is_not_read_in_asides_or_addresses() -> None:
    text = (
        "Quill Pharma Co., Ltd. entered into an exclusive license agreement with Merck & Co., "
        "Inc., Rahway, N.J., USA (known as MSD outside the United States and Canada), for "
        "QP-1.\nMerck will obtain exclusive rights to QP-1 worldwide, excluding Greater China.\n"
    )
    (deal,) = _deals(text)
    assert deal.territory == ("worldwide excluding Greater China",)
