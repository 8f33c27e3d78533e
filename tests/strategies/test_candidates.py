"""candidates: what code finds in the seeds, for a small model to choose among."""

from __future__ import annotations

from functools import cache

import pytest

from summarise.pipeline.clean import clean_text
from summarise.strategies.candidates import (
    Amount,
    Sentence,
    document_date,
    find_agency_mentions,
    find_caveats,
    find_companies,
    find_date,
    find_deals,
    find_drugs,
    find_endpoint_statements,
    find_results,
    find_trials,
    resolve_relative,
    split_sentences,
    title_line,
)
from tests.conftest import SEEDS


@cache
def _seed(prefix: str) -> tuple[str, list[Sentence]]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    if prefix == "003":  # scraped twice and glued ("beginning.In"); cleaning keeps one copy
        text = clean_text(text).text
    return text, split_sentences(text)


def _containing(sentences: list[Sentence], fragment: str) -> int:
    (index,) = [s.index for s in sentences if fragment in s.text]
    return index


# --- sentences ---------------------------------------------------------------------------------


def test_sentences_keep_exact_offsets_and_strip_whitespace() -> None:
    text = "  First line here.  Second one!\n\n  Third? Fourth \n"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First line here.", "Second one!", "Third?", "Fourth"]
    assert [s.index for s in sentences] == [0, 1, 2, 3]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_sentences_do_not_split_abbreviations_or_decimals() -> None:
    text = (
        "It is approved by the U.S. Food and Drug Administration. Dr. Cui said 49.5% of "
        "patients improved vs. placebo, e.g. on the F-VASI. No. 3 was last."
    )
    assert [s.text for s in split_sentences(text)] == [
        "It is approved by the U.S. Food and Drug Administration.",
        "Dr. Cui said 49.5% of patients improved vs. placebo, e.g. on the F-VASI.",
        "No. 3 was last.",
    ]


def test_sentences_split_glued_pages_and_list_numbers_stay() -> None:
    text = "This milestone is just the beginning.In a landmark development, it was approved."
    assert [s.text for s in split_sentences(text)] == [
        "This milestone is just the beginning.",
        "In a landmark development, it was approved.",
    ]
    assert [s.text for s in split_sentences("1. M.R. Laughter, The burden.")] == [
        "1. M.R. Laughter, The burden."
    ]


def test_sentences_split_chinese() -> None:
    text = "2023年11月8日，国家药监局批准上市。该产品为CAR-T疗法！是否有效？\n结果如下"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "2023年11月8日，国家药监局批准上市。",
        "该产品为CAR-T疗法！",
        "是否有效？",
        "结果如下",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_sentences_align(prefix: str) -> None:
    text, sentences = _seed(prefix)
    assert all(text[s.start : s.end] == s.text and s.text.strip() == s.text for s in sentences)


def test_title_line() -> None:
    assert title_line(_seed("000")[0]) == (
        "Hengrui Pharmaceutical Secures NMPA Approval for JAK1 Inhibitor Ivarmacitinib in "
        "Severe Alopecia Areata"
    )
    assert title_line(_seed("002")[0]) is None  # opens with a long sentence
    assert title_line(_seed("004")[0]) is None
    assert title_line(_seed("003")[0]) == (
        "InnoCare’s Mesutoclax Granted Breakthrough Therapy Designation by China’s NMPA"
    )


@pytest.mark.parametrize(
    ("text", "stated", "iso"),
    [
        ("On November 8th, 2023, the NMPA", "November 8th, 2023", "2023-11-08"),
        ("on 12 August 2023, the Product", "12 August 2023", "2023-08-12"),
        ("In December 2022, the CDE", "December 2022", "2022-12"),
        ("SHENZHEN – June 25, 2024 –", "June 25, 2024", "2024-06-25"),
        ("于2023年11月8日获批", "2023年11月8日", "2023-11-08"),
        ("in March this year, the US FDA", "March this year", None),
        ("no date here", None, None),
    ],
)
def test_find_date(text: str, stated: str | None, iso: str | None) -> None:
    assert find_date(text) == (stated, iso)


# --- seed 000: Hengrui, Ivarmacitinib ---------------------------------------------------------


def test_seed_000_drugs() -> None:
    text, sentences = _seed("000")
    drugs = find_drugs(text, sentences)
    subject = drugs[0]
    assert subject.name == "Ivarmacitinib"  # "Ivarmacitinib Sulfate Tablets" merged in
    assert subject.targets == ("JAK1",)
    assert subject.modality_hint == "small_molecule"
    assert subject.route_or_formulation == "tablets"
    assert {"Ritlecitinib", "Jaktinib"} <= {d.name for d in drugs[1:]}
    assert len(drugs) == 3


def test_seed_000_agency_and_no_future_filings() -> None:
    _, sentences = _seed("000")
    mentions = find_agency_mentions(sentences)
    assert any(m.agency == "NMPA" and m.action == "approval" for m in mentions)
    # "FDA filings ... anticipated" and "FDA NDA submission ... expected" are plans, and the
    # approval in those sentences is China's: no FDA option is offered.
    assert not [m for m in mentions if m.agency == "FDA"]


def test_seed_000_companies_and_deal() -> None:
    text, sentences = _seed("000")
    companies = find_companies(text, sentences)
    by_name = {c.name: c for c in companies}
    assert companies[0].name == "Hengrui Pharmaceutical"  # "Hengrui" merges into it
    # "The company secured a $223 million licensing deal with Arcutis for North American and
    # European markets": the counterparty gets the markets, the issuer grants them.
    assert by_name["Arcutis"].role_hints == ("licensee",)
    assert by_name["Hengrui Pharmaceutical"].role_hints == ("developer", "licensor")
    assert by_name["AbbVie"].role_hints == ("competitor",)
    assert by_name["Zelgen"].role_hints == ("competitor",)
    assert "MedPath" not in " ".join(by_name)  # the copyright line is not a company
    # The key insight and the body's sentence state one deal; market size ($48.1 billion),
    # revenue (¥13.6 billion) and a pipeline's "combined partnership value" are not deals.
    (deal,) = find_deals(text, sentences, companies, find_drugs(text, sentences))
    assert deal.deal_type == "licensing"
    assert deal.total_value == Amount(223000000.0, "USD")  # "a $223 million licensing deal"
    assert deal.upfront is deal.milestones is None
    assert deal.territory == ("North America", "Europe")  # not "approved in China"
    assert deal.parties == ("Arcutis", "Hengrui Pharmaceutical")  # "The company secured ..."
    assert (deal.licensor, deal.licensee) == ("Hengrui Pharmaceutical", "Arcutis")
    assert deal.asset == "Ivarmacitinib"  # named in the deal's section only
    assert deal.royalties == (
        "royalty payments expected to commence following regulatory approvals in these regions"
    )
    assert len(deal.sentence_indexes) == 2


def test_seed_000_results_and_caveats() -> None:
    text, sentences = _seed("000")
    results = find_results(sentences)
    main = [r for r in results if (r.arm_value, r.comparator_value) == (40.0, 9.0)]
    assert main and all(r.timepoint == "24 weeks" and r.comparator == "placebo" for r in main)
    assert "SALT score ≤20 response rate" in {r.endpoint for r in main}
    # Revenue growth, a "31% relative efficacy gain" and "a 90% improvement over current
    # treatment standards" are not results.
    assert {r.arm_value for r in results} == {40.0}
    caveats = find_caveats(text, sentences)
    gain = _containing(sentences, "31% relative efficacy gain")
    assert [(c.kind, c.sentence_index) for c in caveats if c.kind == "inconsistent_claim"] == [
        ("inconsistent_claim", gain)
    ]
    assert [c.kind for c in caveats if "3 months ago" in c.description] == ["relative_date"]


def test_seed_000_trials() -> None:
    _, sentences = _seed("000")
    trials = find_trials(sentences)
    assert [(t.phase_hints, t.indication) for t in trials] == [
        (("phase_3",), "severe alopecia areata"),
        (("phase_3",), "ulcerative colitis"),
        (("phase_2",), "vitiligo"),
        (("phase_2",), "triple-negative breast cancer"),
    ]
    assert trials[3].design == ("investigator-initiated",)
    # "4.65 million Chinese patients" is prevalence, not enrolment.
    assert not [t for t in trials if t.counts]


# --- seed 001: CMS, ruxolitinib cream ---------------------------------------------------------


def test_seed_001_drug() -> None:
    text, sentences = _seed("001")
    (drug,) = find_drugs(text, sentences)
    assert drug.name.lower() == "ruxolitinib cream"
    assert drug.brand_names == ("Opzelura",)
    assert drug.targets == ("JAK1", "JAK2")
    assert drug.route_or_formulation == "cream"
    assert drug.modality_hint == "small_molecule"


def test_seed_001_trial() -> None:
    _, sentences = _seed("001")
    trials = find_trials(sentences)
    assert any("phase_3" in t.phase_hints for t in trials)
    # "aiming to enroll approximately 192": planned, not enrolled.
    assert any(t.counts == {"planned": (192,), "sites": (20,)} for t in trials)
    designs = {d for t in trials for d in t.design}
    assert {"randomized", "double-blind", "placebo-controlled", "bridging"} <= designs
    assert any(t.status_hint == "first patient dosed" for t in trials)
    assert any("real_world" in t.phase_hints for t in trials)
    # "approximately 26 million AD patients in China" is prevalence, not a trial.
    assert not [t for t in trials if 26 in t.counts.get("enrolled", ())]


def test_seed_001_agencies() -> None:
    _, sentences = _seed("001")
    mentions = find_agency_mentions(sentences)
    assert any(
        m.agency == "Hainan MPA"
        and m.jurisdiction == "Hainan (China)"
        and m.action == "emergency_or_urgent_use"
        and m.date_iso == "2023-08-12"
        for m in mentions
    )
    assert any(
        m.agency == "ISAF (Macau)" and m.action == "approval" and m.date_iso == "2024-04-11"
        for m in mentions
    )
    assert any(m.agency == "FDA" and m.action == "approval" for m in mentions)
    # "is not approved by the NMPA" is negated; the footnotes only point to websites.
    assert not [m for m in mentions if m.agency in {"NMPA", "EMA"}]


def test_seed_001_companies_and_deal() -> None:
    text, sentences = _seed("001")
    companies = find_companies(text, sentences)
    by_name = {c.name: c for c in companies}
    assert set(by_name) == {"China Medical System Holdings Limited", "Incyte"}
    cms = by_name["China Medical System Holdings Limited"]
    assert cms.role_hints == ("sponsor", "licensee")
    assert _containing(sentences, "CMS has an exclusive license") in cms.evidence_indexes
    assert by_name["Incyte"].role_hints == ("originator", "licensor")  # its worldwide rights
    (deal,) = find_deals(text, sentences, companies, find_drugs(text, sentences))
    assert deal.deal_type == "licensing"
    assert deal.territory == ("Mainland China", "Hong Kong", "Macau", "Taiwan", "Southeast Asia")
    # The only licence of the release: its licensor is the company holding worldwide rights.
    assert deal.parties == ("China Medical System Holdings Limited", "Incyte")
    assert (deal.licensor, deal.licensee) == ("Incyte", "China Medical System Holdings Limited")
    assert deal.asset == "Ruxolitinib cream"  # "the Product", as the release defines it
    assert deal.upfront is deal.milestones is deal.total_value is None


# --- seed 002: real-world study of ruxolitinib cream -------------------------------------------


def test_seed_002_trial_and_results() -> None:
    _, sentences = _seed("002")
    trials = find_trials(sentences)
    design = [t for t in trials if t.counts]
    assert [(t.counts, t.design) for t in design] == [
        ({"enrolled": (111,)}, ("retrospective", "single-arm", "single-center"))
    ]
    assert "real_world" in design[0].phase_hints
    results = find_results(sentences)
    # A responder threshold names the endpoint with its scale.
    assert [(r.endpoint, r.arm_value, r.timepoint) for r in results] == [
        ("F-VASI75", 49.5, "24 weeks"),
        ("F-VASI50", 64.9, "24 weeks"),
        ("F-VASI90", 17.1, "24 weeks"),
        ("T-VASI50", 13.6, None),
    ]
    # Single-arm: no comparator; "10% or less" is an inclusion criterion, not a result.
    assert all(r.comparator is None for r in results)


def test_seed_002_agencies_drug_and_no_companies() -> None:
    text, sentences = _seed("002")
    assert {(m.agency, m.action) for m in find_agency_mentions(sentences)} == {
        ("FDA", "approval"),
        ("EMA", "approval"),
        ("NMPA", "approval"),
    }
    (drug,) = find_drugs(text, sentences)
    assert drug.targets == ("JAK1", "JAK2")  # "JAK1/2"
    # Hospitals, laboratories and a journal are named, but no company.
    assert find_companies(text, sentences) == []


# --- seed 003: InnoCare, Mesutoclax -----------------------------------------------------------


def test_seed_003_drugs() -> None:
    text, sentences = _seed("003")
    drugs = find_drugs(text, sentences)
    subject = drugs[0]
    assert (subject.name, subject.development_codes) == ("Mesutoclax", ("ICP-248",))
    assert subject.targets == ("BCL2",)
    assert subject.modality_hint == "small_molecule"
    by_name = {d.name: d for d in drugs}
    assert by_name["Venetoclax"].targets == ("BCL2",)
    assert by_name["orelabrutinib"].targets == ("BTK",)  # not given to Mesutoclax


def test_seed_003_agency_and_company() -> None:
    text, sentences = _seed("003")
    mentions = find_agency_mentions(sentences)
    lead = _containing(sentences, "In a landmark development")
    assert [(m.agency, m.action) for m in mentions if m.sentence_index == lead] == [
        ("CDE", "breakthrough_therapy")  # CDE of the NMPA: one mention, the specific agency
    ]
    companies = find_companies(text, sentences)
    assert companies[0].name == "InnoCare Pharma Limited"
    assert companies[0].tickers == (("HKEX", "09969"), ("SSE", "688428"))
    assert {"AbbVie", "Roche"} <= {c.name for c in companies}
    # Nothing in 003 is a deal ("partnerships" is not a deal with anyone).
    assert find_deals(text, sentences, companies, find_drugs(text, sentences)) == []


# --- seed 004: Inaticabtagene Autoleucel ------------------------------------------------------


def test_seed_004_drug() -> None:
    text, sentences = _seed("004")
    (drug,) = find_drugs(text, sentences)  # "CD19" and "HI19a" are not codes
    assert drug.name == "Inaticabtagene Autoleucel"
    assert drug.development_codes == ("CNCT19",)
    assert drug.targets == ("CD19",)
    assert drug.modality_hint == "car_t"
    assert drug.route_or_formulation == "cell injection"


def test_seed_004_agencies() -> None:
    _, sentences = _seed("004")
    mentions = find_agency_mentions(sentences)
    assert any(
        m.agency == "NMPA" and m.action == "approval" and m.date_iso == "2023-11-08"
        for m in mentions
    )
    cde = [m for m in mentions if m.agency == "CDE"]  # "accepted ... for approval": no approval
    assert [m.action for m in cde] == ["priority_review", "application_accepted"]
    assert {(m.date_as_stated, m.date_iso) for m in cde} == {("December 2022", "2022-12")}
    (fda,) = [m for m in mentions if m.agency == "FDA"]
    assert fda.action == "ind_clearance"  # "approved the IND" is not a marketing approval
    assert (fda.date_as_stated, fda.date_iso) == ("March this year", None)


def test_seed_004_trials_and_missing_data() -> None:
    text, sentences = _seed("004")
    trials = find_trials(sentences)
    assert any(
        set(t.design) == {"single-arm", "open-label", "multi-center"} and "pivotal" in t.phase_hints
        for t in trials
    )
    assert [t.counts for t in trials] == [{"sites": (10,), "enrolled": (39,)}]
    # Epidemiology percentages ("about 60% of patients") are not results.
    assert find_results(sentences) == []
    # The declared primary endpoint is one, with its timepoint and no value.
    (statement,) = [s for s in find_endpoint_statements(sentences) if s.endpoints]
    assert (statement.endpoints, statement.timepoint) == (
        ("overall response rate (ORR)",),
        "3 months",
    )
    caveats = find_caveats(text, sentences)
    assert [(c.kind, sentences[c.sentence_index].text) for c in caveats] == [
        ("missing_data", "The specific test data are as follows.")
    ]


# --- edge cases -------------------------------------------------------------------------------


def test_missing_data_not_flagged_when_a_table_follows() -> None:
    text = "The results are shown in the table below.\n\nArm | ORR | CR\nA | 80% | 40%\n"
    assert find_caveats(text, split_sentences(text)) == []


@pytest.mark.parametrize(
    ("sentence", "term", "amount"),
    [
        ("It signed a license deal with Pfizer for US$1.2 billion.", "total_value", (1.2e9, "USD")),
        ("Roche will acquire the asset for €5m upfront.", "upfront", (5e6, "EUR")),
        ("Hengrui agreed an exclusive license worth RMB 100 million.", "total_value", (1e8, "CNY")),
        ("恒瑞医药与默沙东达成独家许可协议，首付款1.2亿元。", "upfront", (1.2e8, "CNY")),
    ],
)
def test_deal_amounts(sentence: str, term: str, amount: tuple[float, str]) -> None:
    sentences = split_sentences(sentence)
    (deal,) = find_deals(sentence, sentences, find_companies(sentence, sentences), [])
    assert getattr(deal, term) == amount


def test_drug_with_brand_code_and_antibody_stem() -> None:
    text = "Keytruda® (pembrolizumab, MK-3475) is a PD-1 inhibitor. Pembrolizumab was approved."
    sentences = split_sentences(text)
    (drug,) = find_drugs(text, sentences)
    assert drug.name == "Pembrolizumab"
    assert (drug.brand_names, drug.development_codes) == (("Keytruda",), ("MK-3475",))
    assert (drug.targets, drug.modality_hint) == (("PD-1",), "antibody")
    # COVID-19 is a disease, not a development code.
    assert find_drugs("Cases of COVID-19 rose.", split_sentences("Cases of COVID-19 rose.")) == []


def test_chinese_agency_mentions() -> None:
    text = "2023年11月8日，国家药监局批准该产品上市。此前，药品审评中心已受理其申请并纳入优先审评。"
    mentions = find_agency_mentions(split_sentences(text))
    assert [(m.agency, m.action, m.date_iso) for m in mentions] == [
        ("NMPA", "approval", "2023-11-08"),
        ("CDE", "priority_review", None),
        ("CDE", "application_accepted", None),
    ]


def test_tickers_phase_counts_and_no_false_licence() -> None:
    text = (
        "Shanghai Junshi Biosciences Co., Ltd. (HKEX: 1877; SSE: 688180) and BeiGene, Ltd. "
        "(NASDAQ: BGNE) announced an exclusive license agreement for rights in Japan.\n"
        "The Phase 1/2 trial enrolled 45 patients at 12 sites; ORR was 85.2% vs. 40.1% with "
        "chemotherapy at week 12.\n"
        "The company submitted a Biologics License Application to the FDA.\n"
    )
    sentences = split_sentences(text)
    assert len(sentences) == 3  # no split inside "Co., Ltd. (HKEX: ...)"
    companies = find_companies(text, sentences)
    assert [(c.name, c.tickers) for c in companies] == [
        ("Shanghai Junshi Biosciences Co., Ltd.", (("HKEX", "1877"), ("SSE", "688180"))),
        ("BeiGene, Ltd.", (("NASDAQ", "BGNE"),)),
    ]
    (trial,) = find_trials(sentences)
    assert (trial.phase_hints, trial.counts) == (
        ("phase_1_2",),
        {"enrolled": (45,), "sites": (12,)},
    )
    (result,) = find_results(sentences)
    assert (result.endpoint, result.arm_value, result.comparator_value) == ("ORR", 85.2, 40.1)
    assert (result.timepoint, result.comparator) == ("week 12", "chemotherapy")
    (deal,) = find_deals(
        text, sentences, companies, []
    )  # a Biologics License Application is no deal
    assert (deal.sentence_indexes, deal.territory) == ((0,), ("Japan",))
    (mention,) = find_agency_mentions(sentences)
    assert (mention.agency, mention.action) == ("FDA", "application_submitted")


def _cue_caveats(text: str) -> list[tuple[str, str]]:
    sentences = split_sentences(text)
    return [(c.kind, sentences[c.sentence_index].text) for c in find_caveats(text, sentences)]


def test_cue_caveats_one_kind_per_sentence_in_each_language() -> None:
    text = (
        "Acme Bio today announced topline results for its Phase 3 study.\n"
        "We believe AB-101 has the potential to become the best-in-class therapy.\n"
        "The company plans to submit a New Drug Application in the first half of 2026.\n"
        "The agreement is subject to customary closing conditions, including the expiration "
        "of the waiting period under the Hart-Scott-Rodino Act.\n"
        "In a post hoc analysis of 40 patients, the response rate was 30%.\n"
        "Based on these results, Acme does not expect to file for approval.\n"
        "Milestone payments depend on future events, and there is no assurance that any will "
        "be earned.\n"
        "首付款预计将对公司2025年度经营业绩产生积极影响。\n"
    )
    korean = "회사는 올해 하반기 제품을 국내에 출시할 계획이며, 매출 목표를 추진하고 있다."
    assert _cue_caveats(korean) == [("forward_looking", korean)]
    assert _cue_caveats(text) == [
        (
            "promotional_claim",
            "We believe AB-101 has the potential to become the best-in-class therapy.",
        ),
        (
            "forward_looking",
            "The company plans to submit a New Drug Application in the first half of 2026.",
        ),
        (
            "pending_condition",
            "The agreement is subject to customary closing conditions, including the expiration "
            "of the waiting period under the Hart-Scott-Rodino Act.",
        ),
        (
            "analysis_limitation",
            "In a post hoc analysis of 40 patients, the response rate was 30%.",
        ),
        ("absence_of_event", "Based on these results, Acme does not expect to file for approval."),
        (
            "forward_looking",
            "Milestone payments depend on future events, and there is no assurance that any will "
            "be earned.",
        ),
        ("forward_looking", "首付款预计将对公司2025年度经营业绩产生积极影响。"),
    ]


def test_cue_caveats_skip_boilerplate_profiles_headings_and_trial_plans() -> None:
    text = (
        "Acme Bio today announced that the FDA approved AB-101.\n"
        "Future plans\n"
        "The trial plans to enroll approximately 390 patients at 160 sites.\n"
        "The study is expected to establish the safety profile of the combination.\n"
        "The webcast will be available on the company's website.\n"
        "Forward-Looking Statements\n"
        "This press release contains forward-looking statements, and Acme expects to update "
        "them only as required by law.\n"
        "About Acme Bio\n"
        "Acme Bio develops best-in-class medicines and plans to expand into Europe.\n"
    )
    assert _cue_caveats(text) == []


def test_cue_caveats_keep_the_first_few_of_a_kind() -> None:
    text = "".join(f"Acme plans to start trial number {n} later this year.\n" for n in range(6))
    assert [kind for kind, _ in _cue_caveats(text)] == ["forward_looking"] * 3


def _drugs_of(text: str) -> list:
    return find_drugs(text, split_sentences(text))


def test_drug_names_joined_by_brackets_aliases_and_spelling() -> None:
    text = (
        "ZEPHARA (velutinib), previously known as AB-1234, is an oral small-molecule inhibitor "
        "of EGFR. The Phase 1 study AB1234-101 enrolled 40 patients. AB1234 was well tolerated.\n"
        "델로정(성분명 델로티닙, delotinib, 개발코드명 KR-301)은 MET 표적 치료제다.\n"
    )
    first, second = _drugs_of(text)
    assert (first.name, first.inn, first.brand_names, first.development_codes) == (
        "velutinib",
        "velutinib",
        ("ZEPHARA",),
        ("AB-1234",),  # one spelling; "AB1234-101" is the study, not the code
    )
    assert (first.modality_hint, first.targets) == ("small_molecule", ("EGFR",))
    assert (second.name, second.development_codes, second.targets) == (
        "delotinib",
        ("KR-301",),
        ("MET",),
    )


def test_drug_codes_and_targets_inside_cjk_text() -> None:
    text = "本集团自主研发的口服KRAS G12D抑制剂RX-1024已获得批准。\n"
    (drug,) = _drugs_of(text)
    assert (drug.name, drug.targets) == ("RX-1024", ("KRAS",))  # the gene, not its mutation


def test_drug_modality_only_from_words_or_stems() -> None:
    text = (
        "AB-17 is an allogeneic CD19-directed CAR-NK cell therapy for lupus.\n"
        "HS-0715 is an oral, selective orexin 2 receptor agonist taken once daily.\n"
        "PL-118 is a once-monthly GLP-1/GIP receptor co-agonist peptide.\n"
    )
    modality = {drug.name: drug.modality_hint for drug in _drugs_of(text)}
    assert modality == {
        "AB-17": "other_cell_therapy",
        "HS-0715": None,
        "PL-118": "protein_or_peptide",
    }


def test_prior_therapy_class_is_not_a_target() -> None:
    text = (
        "Patients whose disease progressed on a CDK4/6 inhibitor received pelvatinib, a CDK2 "
        "inhibitor, plus fulvestrant.\n"
    )
    targets = {drug.name: drug.targets for drug in _drugs_of(text)}
    assert targets == {"pelvatinib": ("CDK2",), "fulvestrant": ()}


def test_agency_mentions_one_per_action_dated_by_their_own_clause() -> None:
    text = (
        "SAN DIEGO, March 14, 2025 /PRNewswire/ -- Acme Bio today announced that on March 13, "
        "2025, the FDA granted accelerated approval to AB-101.\n"
        "The EC decision, dated 19 September 2025, follows the positive opinion adopted by the "
        "CHMP on 24 July 2025.\n"
        "The FDA accepted the BLA in May 2025 and assigned a PDUFA target action date of "
        "28 February 2026.\n"
        "In 2023, the FDA granted Breakthrough Therapy designation and Priority Review.\n"
        "On Tuesday, the FDA granted Fast Track designation to AB-7.\n"
    )
    sentences = split_sentences(text)
    found = [
        (m.agency, m.action, m.date_iso or m.date_as_stated)
        for m in find_agency_mentions(sentences)
    ]
    assert found == [
        ("FDA", "accelerated_approval", "2025-03-13"),  # not the dateline's date, not "approval"
        ("CHMP", "chmp_positive_opinion", "2025-07-24"),
        ("FDA", "application_accepted", "2025-05"),
        ("FDA", "target_action_date", "2026-02-28"),
        ("FDA", "breakthrough_therapy", "2023"),
        ("FDA", "priority_review", "2023"),
        ("FDA", "fast_track", "Tuesday"),
    ]
    assert document_date(sentences) == ("March 14, 2025", "2025-03-14")
    assert resolve_relative("March this year", "2023-11-08") == "2023-03"
    assert resolve_relative("Tuesday", "2023-11-08") is None


def test_disclaimers_state_no_event() -> None:
    text = (
        "This press release contains forward-looking statements, including statements about "
        "the clinical hold placed by the FDA and the FDA's approval of AB-101.\n"
    )
    assert find_agency_mentions(split_sentences(text)) == []


def test_proteins_and_prior_classes_are_neither_codes_nor_targets() -> None:
    text = (
        "The company will prioritise AB-77, its long-acting FGF21 analogue. Velutinib is a "
        "CDK2 inhibitor designed to overcome resistance to CDK4/6 "
        "inhibition.\n"
    )
    drugs = {drug.name: drug.targets for drug in _drugs_of(text)}
    assert drugs == {"AB-77": (), "Velutinib": ("CDK2",)}
