"""Offline tests of the company finder: names, local names, tickers and roles read by code."""

from __future__ import annotations

from summarise.strategies.candidates import CompanyCandidate, find_companies, split_sentences


def _companies(text: str) -> dict[str, CompanyCandidate]:
    return {c.name: c for c in find_companies(text, split_sentences(text))}


def test_licence_granted_names_licensor_and_licensee_and_the_ticker_names_a_company() -> None:
    text = (
        "Nimbara Bio (Nasdaq: NMBR) granted Corlan Pharmaceuticals an exclusive worldwide "
        "license to XR-101.\nCorlan will pay $10 million upfront.\n"
    )
    found = _companies(text)
    assert found["Nimbara Bio"].tickers == (("Nasdaq", "NMBR"),)  # no legal form: the ticker
    assert found["Nimbara Bio"].role_hints == ("licensor",)
    assert found["Corlan Pharmaceuticals"].role_hints == ("licensee",)
    assert found["Corlan Pharmaceuticals"].evidence_indexes == (0,)


def test_rights_under_a_licence_agreement_and_discovery() -> None:
    text = (
        "Torvia Oncology, Inc. is a biotechnology company developing kinase inhibitors.\n"
        "ZK-12 was discovered by Hallam Pharma AG. Torvia holds exclusive worldwide rights to "
        "ZK-12, excluding Japan, under a 2020 license agreement with Hallam.\n"
    )
    found = _companies(text)
    assert found["Torvia Oncology, Inc."].role_hints == ("developer", "licensee")
    assert found["Hallam Pharma AG"].role_hints == ("originator", "licensor")


def test_worldwide_rights_without_a_licence_make_the_originator_only() -> None:
    text = "QX-7 was invented by Pelham Bio, Inc., which holds worldwide rights.\n"
    assert _companies(text)["Pelham Bio, Inc."].role_hints == ("originator",)


def test_advisors_investor_and_partners() -> None:
    text = (
        "Aldera Therapeutics, Inc. and Osprey Pharma AG agreed to co-develop AL-9.\n"
        "Osprey Pharma AG has agreed to purchase US$50 million of newly issued Aldera common "
        "stock.\nBrookline Harte & Co. is acting as financial advisor and Penwick Soames LLP as "
        "legal counsel to Aldera.\n"
    )
    found = _companies(text)
    assert found["Brookline Harte & Co."].role_hints == ("advisor",)
    assert found["Penwick Soames LLP"].role_hints == ("advisor",)
    assert found["Osprey Pharma AG"].role_hints == ("partner", "investor")
    assert found["Aldera Therapeutics, Inc."].role_hints == ("partner",)  # it sells, not buys


def test_a_descriptive_suffix_alone_makes_no_company() -> None:
    text = "The data were shown in the Developmental Therapeutics poster session.\n"
    assert find_companies(text, split_sentences(text)) == []
    text = "Quarry Neurosciences said its Phase 2 trial of QN-1 failed. Quarry will cut staff.\n"
    assert _companies(text)["Quarry Neurosciences"].role_hints == ("sponsor", "developer")


def test_a_licensors_possessive_makes_no_developer_and_competitors_are_named() -> None:
    text = (
        "Marlo Pharma Ltd. licenses Quent Bio's oral peptide.\nQuent Bio will receive royalties.\n"
        "Venetoclax, marketed by AbbVie and Roche, dominates the market.\n"
    )
    found = _companies(text)
    assert found["Quent Bio"].role_hints == ("licensor",)
    assert found["Marlo Pharma Ltd."].role_hints == ("licensee",)
    assert found["AbbVie"].role_hints == found["Roche"].role_hints == ("competitor",)


def test_sponsor_only_of_a_trial_the_company_reports() -> None:
    reports = "Ravel Bio, Inc. today announced topline results from VELA, a Phase 3 trial.\n"
    assert _companies(reports)["Ravel Bio, Inc."].role_hints == ("sponsor",)
    approval = "Ravel Bio, Inc. announced that the FDA approved RV-1 based on the VELA trial.\n"
    planned = "Ravel Bio, Inc. said it plans to start a Phase 2 trial next year.\n"
    for text in (approval, planned):
        assert "sponsor" not in _companies(text)["Ravel Bio, Inc."].role_hints


def test_chinese_announcement_aliases_self_reference_and_a_share_code() -> None:
    text = (
        "证券代码：688123　　证券简称：星河医药\n"
        "北京星河医药股份有限公司（以下简称“公司”或“星河医药”）与Xylo Therapeutics, Inc.签订协议，"
        "公司授予Xylo Therapeutics, Inc.在大中华区以外的全球范围内开发XY-1的独家许可。\n"
        "XY-1是公司自主研发的小分子药物。\n"
        "上市情况：纳斯达克上市公司（NASDAQ：XYLO）\n"
    )
    found = _companies(text)
    issuer = found["北京星河医药股份有限公司"]
    assert issuer.local_names == ("北京星河医药股份有限公司", "星河医药")
    assert issuer.tickers == (("SSE", "688123"),)
    assert issuer.role_hints == ("licensor", "originator", "developer")
    assert issuer.referring_indexes == (2,)  # "XY-1是公司自主研发的": the company, unnamed
    xylo = found["Xylo Therapeutics, Inc."]
    assert (xylo.role_hints, xylo.tickers) == (("licensee",), (("NASDAQ", "XYLO"),))


def test_hong_kong_header_pairs_english_and_chinese_names() -> None:
    text = (
        "SUNRISE BIOTECHNOLOGY HOLDINGS LIMITED\n旭日生物科技控股有限公司\n"
        "（於開曼群島註冊成立的有限公司）\n（股份代號：1234）\n"
        "本公司董事會欣然宣佈，本集團自主研發的SR-1已獲得臨床試驗批准。\n"
    )
    (company,) = find_companies(text, split_sentences(text))
    assert company.name == "Sunrise Biotechnology Holdings Limited"
    assert company.local_names == ("旭日生物科技控股有限公司",)
    assert company.tickers == (("HKEX", "1234"),)
    assert company.role_hints == ("originator", "developer", "sponsor")


def test_korean_name_beside_english_kosdaq_code_and_co_promotion() -> None:
    text = (
        "한빛바이오로직스(Hanbit Biologics Co., Ltd.)는 2021년 코스닥 시장에 상장했다"
        "(종목코드 123456).\n한빛바이오로직스는 누리제약과 국내 공동판매 계약을 체결했다.\n"
    )
    found = _companies(text)
    hanbit = found["Hanbit Biologics Co., Ltd."]
    assert (hanbit.local_names, hanbit.tickers) == (("한빛바이오로직스",), (("KOSDAQ", "123456"),))
    assert hanbit.role_hints == found["누리제약"].role_hints == ("partner",)
    assert found["누리제약"].local_names == ("누리제약",)


def test_licence_roles_from_royalties_retained_rights_and_under_which() -> None:
    text = (
        "Fenmore Bio, Inc. and Tallis Pharmaceuticals Co., Ltd. entered into an exclusive "
        "license agreement under which Tallis will commercialize FB-2 in Japan.\n"
        "Fenmore is eligible to receive milestones and tiered royalties on net sales.\n"
        "Fenmore retains all rights to FB-2 outside Japan.\n"
    )
    found = _companies(text)
    assert found["Fenmore Bio, Inc."].role_hints == ("licensor",)  # not the originator
    assert found["Tallis Pharmaceuticals Co., Ltd."].role_hints == ("licensee",)
    licensed = "PB-14 was discovered at the University of Toronto and is licensed to Pinecrest Bio."
    assert _companies(licensed + "\nPinecrest will grow.\n")["Pinecrest Bio"].role_hints == (
        "licensee",
    )


def test_advisors_without_a_legal_form_and_in_an_elliptical_list() -> None:
    text = (
        "Centerview Partners LLC is acting as financial advisor to Orbis Bio, Inc., and "
        "Wachtell, Lipton, Rosen & Katz is acting as legal counsel.\n"
        "Goldman Sachs & Co. LLC is serving as financial advisor to Halvorsen AG and Sidley "
        "Park LLP to Orbis.\n"
    )
    found = _companies(text)
    advisors = ("Centerview Partners LLC", "Wachtell, Lipton, Rosen & Katz", "Sidley Park LLP")
    for name in (*advisors, "Goldman Sachs & Co. LLC"):  # one sentence: "Co. LLC" ends none
        assert found[name].role_hints == ("advisor",)
    assert found["Orbis Bio, Inc."].role_hints == found["Halvorsen AG"].role_hints == ()


def test_investors_of_a_financing_and_no_contacts() -> None:
    text = (
        "Pinecrest Bio, Inc. is developing PB-14.\n"
        "Pinecrest closed a $150 million Series C financing led by Ardent Capital LLC, with "
        "participation from new investors Crane Ventures LP and Hollis Partners LLC.\n"
        "Investor Contact:\nJane Doe, Stern Investor Relations, Inc.\n"
    )
    found = _companies(text)
    assert found["Pinecrest Bio, Inc."].role_hints == ("developer",)
    for name in ("Ardent Capital LLC", "Crane Ventures LP", "Hollis Partners LLC"):
        assert found[name].role_hints == ("investor",)
    assert "Stern Investor Relations, Inc." not in found  # a contact, not the news


def test_a_lower_case_plc_an_acquisition_and_no_developer_of_a_comparator() -> None:
    text = (
        "Heron Pharma plc (LSE: HRN) agreed to acquire Sable Biosciences, Inc.\n"
        "Compared with Pfizer's approved inhibitor, KO-9 showed longer survival.\n"
        "In combination with KEYTRUDA, Merck & Co., Inc.'s anti-PD-1 therapy, KO-9 worked.\n"
    )
    found = _companies(text)
    assert (found["Heron Pharma plc"].role_hints, found["Heron Pharma plc"].tickers) == (
        ("acquirer",),
        (("LSE", "HRN"),),
    )
    assert found["Sable Biosciences, Inc."].role_hints == ("target",)
    assert found["Pfizer"].role_hints == found["Merck & Co., Inc."].role_hints == ()


def test_no_roles_are_read_in_a_forward_looking_section() -> None:
    text = (
        "Aldera Therapeutics, Inc. announced its results.\nForward-Looking Statements\n"
        "Risks include whether Aldera Therapeutics, Inc. will receive an exclusive license.\n"
    )
    assert _companies(text)["Aldera Therapeutics, Inc."].role_hints == ()


def test_investors_without_a_legal_form_are_read_from_the_round_they_join() -> None:
    text = (
        "Pellworth Bio, Inc. is developing PW-3.\n"
        "Pellworth closed a $90 million Series B financing. The round was led by Harlow "
        "Capital, with participation from new investors Tessel Health Ventures and Dr. Ann "
        "Reed, and from existing investors Corbel Partners and the Ostrava Bio Fund.\n"
        "The Phase 1 trial was led by Marsh Clinical Partners.\n"
    )
    found = _companies(text)
    investors = ("Harlow Capital", "Tessel Health Ventures", "Corbel Partners", "Ostrava Bio Fund")
    for name in investors:
        assert found[name].role_hints == ("investor",)
    assert not {"Dr. Ann Reed", "Ann Reed", "Marsh Clinical Partners"} & set(found)


def test_placement_agents_and_counsel_named_as_such() -> None:
    text = (
        "Quarry Bio, Inc. announced a $60 million private placement.\n"
        "Fenwick Rowe Securities acted as exclusive placement agent for the financing, and "
        "Lund & Berg Advokatfirma served as legal counsel to Quarry Bio.\n"
        "Tallis Hart & Co. is acting as financial advisor to Quarry, and Mercer Vale LLP is "
        "serving as its legal counsel.\n"
    )
    found = _companies(text)
    advisors = ("Fenwick Rowe Securities", "Lund & Berg Advokatfirma", "Tallis Hart & Co.")
    for name in (*advisors, "Mercer Vale LLP"):
        assert found[name].role_hints == ("advisor",)
    assert found["Quarry Bio, Inc."].role_hints == ()


def test_a_chinese_name_with_its_english_name_first_in_the_parenthesis_is_one_company() -> None:
    text = (
        "杭州澄川生物医药股份有限公司（Hangzhou Chengchuan Biopharma Co., Ltd.，“澄川生物”或"
        "“公司”，香港联交所股票代码：2871）今日宣布，公司自主研发的CC-12获批上市。\n"
        "根据附条件批准的要求，公司将在上市后继续开展确证性临床研究。\n"
    )
    (company,) = find_companies(text, split_sentences(text))
    assert company.name == "Hangzhou Chengchuan Biopharma Co., Ltd."
    assert company.local_names[0] == "杭州澄川生物医药股份有限公司"
    assert company.tickers == (("HKEX", "2871"),)
    assert "sponsor" in company.role_hints


def test_a_distributor_in_chinese_and_japanese_and_local_tickers() -> None:
    taiwan = (
        "公開資訊觀測站　上櫃公司重大訊息公告\n"
        "(7123)晴和生技　公告本公司新藥取得許可證\n"
        "1.公司名稱：晴和生技股份有限公司\n"
        "2.本公司已與遠弘藥品股份有限公司簽署QH-5於台灣地區之獨家經銷合約。\n"
    )
    found = _companies(taiwan)
    issuer = found["晴和生技股份有限公司"]
    assert (issuer.tickers, issuer.local_names) == (
        (("TPEx", "7123"),),
        ("晴和生技股份有限公司", "晴和生技"),
    )
    assert found["遠弘藥品股份有限公司"].role_hints == ("distributor",)
    no_market = "(7123)晴和生技　公告本公司新藥取得許可證\n晴和生技股份有限公司研發新藥。\n"
    assert _companies(no_market)["晴和生技股份有限公司"].tickers == ()
    japan = (
        "会 社 名　株式会社アサギ製薬\n（コード番号：4871　東証プライム）\n"
        "国内における販売は、当社の100%子会社であるアサギファーマ株式会社が行います。\n"
        "製造販売元：株式会社アサギ製薬\n"
    )
    found = _companies(japan)
    assert found["株式会社アサギ製薬"].tickers == (("TSE", "4871"),)
    assert found["株式会社アサギ製薬"].role_hints == ()  # the marketing authorisation holder
    assert found["アサギファーマ株式会社"].role_hints == ("distributor",)


def test_a_sponsor_reports_its_studies_but_not_investigator_initiated_ones() -> None:
    text = (
        "Ardane Biosciences AG (SIX: ARDN) today reported topline results from HALO-1, the "
        "first of two Phase 3 studies of AD-7.\n"
        "Corvel Pharma AG's pipeline includes investigator-initiated Phase II trials of CV-2.\n"
    )
    found = _companies(text)
    assert found["Ardane Biosciences AG"].role_hints == ("sponsor",)
    assert "sponsor" not in found["Corvel Pharma AG"].role_hints
