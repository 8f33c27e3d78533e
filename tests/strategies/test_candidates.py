"""candidates: what code finds in the seeds, for a small model to choose among."""

from __future__ import annotations

from functools import cache

import pytest

from summarise.pipeline.clean import clean_text
from summarise.strategies.candidates import (
    Amount,
    Sentence,
    find_agency_mentions,
    find_caveats,
    find_companies,
    find_date,
    find_deals,
    find_drugs,
    find_results,
    find_trials,
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
    assert any(m.agency == "NMPA" and m.actions == ("approval",) for m in mentions)
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
    main = [r for r in results if r.percentages[:2] == (40.0, 9.0)]
    assert main and all(r.timepoint == "24 weeks" and r.comparator == "placebo" for r in main)
    assert any("SALT score ≤20" in r.endpoint_hints for r in main)
    assert not [r for r in results if 21.78 in r.percentages or 48.0 in r.percentages]
    caveats = find_caveats(text, sentences)
    gain = _containing(sentences, "31% relative efficacy gain")
    assert [(c.kind, c.sentence_index) for c in caveats if c.kind == "inconsistent_claim"] == [
        ("inconsistent_claim", gain)
    ]
    assert [c.kind for c in caveats if "3 months ago" in c.description] == ["relative_date"]


def test_seed_000_trials() -> None:
    _, sentences = _seed("000")
    trials = find_trials(sentences)
    assert all("phase_3" in t.phase_hints or "phase_2" in t.phase_hints for t in trials)
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
    assert any(t.counts == {"patients": (192,), "sites": (20,)} for t in trials)
    designs = {d for t in trials for d in t.design}
    assert {"randomized", "double-blind", "placebo-controlled", "bridging"} <= designs
    assert any(t.status_hint == "first patient dosed" for t in trials)
    assert any("real_world" in t.phase_hints for t in trials)
    # "approximately 26 million AD patients in China" is prevalence, not a trial.
    assert not [t for t in trials if 26 in t.counts.get("patients", ())]


def test_seed_001_agencies() -> None:
    _, sentences = _seed("001")
    mentions = find_agency_mentions(sentences)
    assert any(
        m.agency == "Hainan MPA"
        and m.jurisdiction == "Hainan (China)"
        and m.actions[0] == "emergency_or_urgent_use"
        and m.date_iso == "2023-08-12"
        for m in mentions
    )
    assert any(
        m.agency == "ISAF (Macau)" and "approval" in m.actions and m.date_iso == "2024-04-11"
        for m in mentions
    )
    assert any(m.agency == "FDA" and m.actions == ("approval",) for m in mentions)
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
        ({"patients": (111,)}, ("retrospective", "single-arm", "single-center"))
    ]
    assert "real_world" in design[0].phase_hints
    results = find_results(sentences)
    assert results[0].percentages == (49.5, 75.0, 64.9, 50.0, 17.1, 90.0)
    assert results[0].endpoint_hints == ("F-VASI",)
    assert results[0].timepoint == "24 weeks"
    assert results[0].comparator is None
    assert results[1].endpoint_hints == ("T-VASI",)
    # The single-arm study has no "10% or less" result: that is an inclusion criterion.
    assert len(results) == 2


def test_seed_002_agencies_drug_and_no_companies() -> None:
    text, sentences = _seed("002")
    assert {(m.agency, m.actions) for m in find_agency_mentions(sentences)} == {
        ("FDA", ("approval",)),
        ("EMA", ("approval",)),
        ("NMPA", ("approval",)),
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
    assert [(m.agency, m.actions) for m in mentions if m.sentence_index == lead] == [
        ("CDE", ("breakthrough_therapy",))  # CDE of the NMPA: one mention, the specific agency
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
        m.agency == "NMPA" and m.actions == ("approval",) and m.date_iso == "2023-11-08"
        for m in mentions
    )
    (cde,) = [m for m in mentions if m.agency == "CDE"]
    assert {"application_accepted", "priority_review"} <= set(cde.actions)
    assert (cde.date_as_stated, cde.date_iso) == ("December 2022", "2022-12")
    (fda,) = [m for m in mentions if m.agency == "FDA"]
    assert fda.actions == ("ind_clearance",)  # "approved the IND" is not a marketing approval
    assert (fda.date_as_stated, fda.date_iso) == ("March this year", None)


def test_seed_004_trials_and_missing_data() -> None:
    text, sentences = _seed("004")
    trials = find_trials(sentences)
    assert any(
        set(t.design) == {"single-arm", "open-label", "multi-center"} and "pivotal" in t.phase_hints
        for t in trials
    )
    assert any(t.counts == {"sites": (10,)} for t in trials)
    assert any(t.counts == {"patients": (39,)} for t in trials)
    # Epidemiology percentages ("about 60% of patients") are not results.
    assert find_results(sentences) == []
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
    assert [(m.agency, m.actions, m.date_iso) for m in mentions] == [
        ("NMPA", ("approval",), "2023-11-08"),
        ("CDE", ("priority_review", "application_accepted"), None),
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
        {"patients": (45,), "sites": (12,)},
    )
    (result,) = find_results(sentences)
    assert (result.timepoint, result.comparator) == ("week 12", "chemotherapy")
    (deal,) = find_deals(
        text, sentences, companies, []
    )  # a Biologics License Application is no deal
    assert (deal.sentence_indexes, deal.territory) == ((0,), ("Japan",))
    (mention,) = find_agency_mentions(sentences)
    assert (mention.agency, mention.actions) == ("FDA", ("application_submitted",))
