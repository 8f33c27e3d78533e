"""Tests for summarise.pipeline.claims: whether a quote states its fact's claim.

Each case is (quote, claim) -> what the check makes of it: supported, unsupported (the
fact is dropped, the field cleared) or a status corrected to what the quote says. The
sentences are written for these tests, in the shapes press releases use.
"""

from __future__ import annotations

import pytest

from schemas import (
    Company,
    Deal,
    DocumentInfo,
    EndpointResult,
    Evidence,
    PressReleaseSummary,
    RegulatoryEvent,
    Trial,
)
from schemas.enums import CompanyRole, DealType, EventStatus, RegulatorAction
from summarise.core.policy import GroundingPolicy
from summarise.pipeline.claims import languages_of
from summarise.pipeline.ground import (
    EVENT_CHECKS,
    apply_policy,
    check_summary,
    unsupported_claims,
)

SUPPORTED = "supported"
UNSUPPORTED = "unsupported"
NOT_OCCURRED, EXPECTED, PLANNED = (
    EventStatus.NOT_OCCURRED,
    EventStatus.EXPECTED,
    EventStatus.PLANNED,
)


def _summary(**facts: list) -> PressReleaseSummary:
    return PressReleaseSummary(
        document=DocumentInfo(), headline="A headline.", summary="A summary.", **facts
    )


def _event_verdict(
    quote: str, agency: str, action: str, source: str | None = None
) -> str | EventStatus:
    """What the claim check makes of an occurred event quoted from ``quote``."""
    event = RegulatoryEvent(agency=agency, action=action, evidence=[Evidence(quote=quote)])
    problems = check_summary(_summary(regulatory_events=[event]), source or quote)
    assert all(problem.check in EVENT_CHECKS for problem in problems), problems
    if not problems:
        return SUPPORTED
    (problem,) = problems
    return problem.replacement if problem.check == "status" else UNSUPPORTED


EVENT_CASES = [
    # English
    (
        "The U.S. Food and Drug Administration (FDA) approved Zapitinib for adults with eczema.",
        "FDA",
        "approval",
        SUPPORTED,
    ),
    (
        "Zapitinib has not been approved by the FDA or any other authority.",
        "FDA",
        "approval",
        NOT_OCCURRED,
    ),
    ("If approved by the FDA, Zapitinib could offer a new option.", "FDA", "approval", EXPECTED),
    ("The company plans to seek FDA approval in 2026.", "FDA", "approval", EXPECTED),
    (
        "There can be no assurance that the FDA will ever approve Zapitinib.",
        "FDA",
        "approval",
        EXPECTED,
    ),
    (
        "The FDA issued a Complete Response Letter declining approval of the application.",
        "FDA",
        "approval",
        UNSUPPORTED,
    ),
    (
        "The FDA issued a Complete Response Letter for the New Drug Application.",
        "FDA",
        "complete_response_letter",
        SUPPORTED,
    ),
    (
        "The FDA granted Breakthrough Therapy designation to Zapitinib.",
        "FDA",
        "approval",
        UNSUPPORTED,
    ),
    (
        "Zapitinib is approved in the U.S. for adults with eczema.",
        "U.S. FDA",
        "approval",
        SUPPORTED,
    ),
    (
        "Zapitinib is approved in China for eczema, with FDA filings anticipated next year.",
        "FDA",
        "approval",
        UNSUPPORTED,
    ),
    (
        "Zapitinib is approved in China for eczema, with FDA filings anticipated next year.",
        "FDA",
        "application_submitted",
        EXPECTED,
    ),
    ("On May 5, 2023 the FDA approved Zapitinib.", "FDA", "approval", SUPPORTED),
    (
        "The Center for Drug Evaluation and Research (CDER) approved Zapitinib.",
        "FDA",
        "approval",
        SUPPORTED,
    ),
    (
        "The company will submit a New Drug Application to the FDA.",
        "FDA",
        "application_submitted",
        PLANNED,
    ),
    ("The FDA accepted the sBLA for Zapitinib.", "FDA", "supplemental_approval", UNSUPPORTED),
    ("The FDA accepted the sBLA for Zapitinib.", "FDA", "application_accepted", SUPPORTED),
    (
        "The FDA approved the sBLA for a second indication.",
        "FDA",
        "supplemental_approval",
        SUPPORTED,
    ),
    ("The company submitted an IND application to the FDA.", "FDA", "ind_clearance", UNSUPPORTED),
    ("The FDA cleared the IND application for Zapitinib.", "FDA", "ind_clearance", SUPPORTED),
    ("The FDA cleared the IND application for Zapitinib.", "FDA", "approval", UNSUPPORTED),
    ("The FDA has placed a clinical hold on the ZEN-3 trial.", "FDA", "clinical_hold", SUPPORTED),
    ("The FDA lifted the clinical hold on the ZEN-3 trial.", "FDA", "clinical_hold", UNSUPPORTED),
    (
        "The FDA lifted the clinical hold on the ZEN-3 trial.",
        "FDA",
        "clinical_hold_lifted",
        SUPPORTED,
    ),
    (
        "There can be no assurance that the FDA will lift the clinical hold.",
        "FDA",
        "clinical_hold_lifted",
        EXPECTED,
    ),
    (
        "The CHMP adopted a negative opinion, recommending refusal of the marketing authorisation.",
        "EMA",
        "marketing_authorisation",
        UNSUPPORTED,
    ),
    (
        "The European Commission (EC) has granted marketing authorisation for Kyrenza.",
        "EMA",
        "marketing_authorisation",
        SUPPORTED,
    ),
    (
        "The EMA validated the application to extend the marketing authorisation of Kyrenza.",
        "EMA",
        "marketing_authorisation",
        EXPECTED,
    ),
    ("Zapitinib has been approved by Health Canada.", "Health Canada", "approval", SUPPORTED),
    (
        "Zapitinib has been approved by the Ruritanian Drug Board.",
        "Ruritanian Drug Board",
        "approval",
        SUPPORTED,
    ),
    ("Zapitinib has been approved by the Ruritanian Drug Board.", "FDA", "approval", UNSUPPORTED),
    # Simplified Chinese
    ("2023年11月8日，国家药品监督管理局批准该产品上市。", "NMPA", "approval", SUPPORTED),
    ("该产品尚未获得国家药品监督管理局批准。", "NMPA", "approval", NOT_OCCURRED),
    ("公司预计该产品将于2026年获得国家药监局批准。", "NMPA", "approval", EXPECTED),
    ("如获国家药品监督管理局批准，该产品将成为首个口服疗法。", "NMPA", "approval", EXPECTED),
    ("药品审评中心已受理该产品的上市申请。", "NMPA", "application_accepted", SUPPORTED),
    ("该药已获得国家药品监督管理局（NMPA）的药物临床试验批准。", "NMPA", "approval", UNSUPPORTED),
    (
        "该药已获得国家药品监督管理局（NMPA）的药物临床试验批准。",
        "NMPA",
        "ind_clearance",
        SUPPORTED,
    ),
    ("公司计划向美国食品药品监督管理局提交上市申请。", "FDA", "application_submitted", PLANNED),
    ("该药物已获美国FDA批准上市。", "FDA", "approval", SUPPORTED),
    # Traditional Chinese
    (
        "該藥已於2025年3月12日獲得中國國家藥品監督管理局的藥物臨床試驗批准。",
        "NMPA",
        "ind_clearance",
        SUPPORTED,
    ),
    (
        "該藥已於2025年3月12日獲得中國國家藥品監督管理局的藥物臨床試驗批准。",
        "NMPA",
        "approval",
        UNSUPPORTED,
    ),
    ("該產品尚未獲得國家藥品監督管理局批准。", "NMPA", "approval", NOT_OCCURRED),
    ("本集團預期將於2026年獲得國家藥監局批准上市。", "NMPA", "approval", EXPECTED),
    ("美國食品藥品監督管理局已批准該藥物上市。", "FDA", "approval", SUPPORTED),
    ("衛生福利部食品藥物管理署已核准該藥物上市。", "TFDA", "approval", SUPPORTED),
    ("衛生福利部食品藥物管理署已核准該藥物上市。", "FDA", "approval", UNSUPPORTED),
    # Japanese
    ("当社は、厚生労働省より本剤の製造販売承認を取得しました。", "MHLW", "approval", SUPPORTED),
    ("本剤は厚生労働省の承認を取得していない。", "MHLW", "approval", NOT_OCCURRED),
    ("本剤は厚生労働省より承認される見込みです。", "MHLW", "approval", EXPECTED),
    (
        "当社は2026年に厚生労働省へ承認申請を行う予定です。",
        "MHLW",
        "application_submitted",
        PLANNED,
    ),
    ("当社は2026年に厚生労働省へ承認申請を行う予定です。", "MHLW", "approval", UNSUPPORTED),
    ("PMDAは本剤の承認申請を受理した。", "MHLW", "application_accepted", SUPPORTED),
    # Korean
    ("식약처는 2025년 5월 19일 델스타정을 폐암 치료제로 허가했다.", "MFDS", "approval", SUPPORTED),
    ("델스타정은 아직 식약처의 허가를 받지 않았다.", "MFDS", "approval", NOT_OCCURRED),
    ("회사는 식약처로부터 품목허가를 받을 예정이다.", "MFDS", "approval", EXPECTED),
    ("회사는 식약처에 허가 신청을 제출할 계획이다.", "MFDS", "application_submitted", PLANNED),
    ("회사는 식약처에 허가 신청을 제출할 계획이다.", "MFDS", "approval", UNSUPPORTED),
    ("식약처는 델스타정을 우선 심사 대상으로 지정했다.", "MFDS", "priority_review", SUPPORTED),
]


@pytest.mark.parametrize(("quote", "agency", "action", "verdict"), EVENT_CASES)
def test_an_event_needs_its_action_and_agency_said_as_done(
    quote: str, agency: str, action: str, verdict: str | EventStatus
) -> None:
    assert _event_verdict(quote, agency, action) == verdict


def test_a_quote_trimmed_past_its_negation_is_read_in_its_sentence() -> None:
    source = "Zapitinib has not been approved by the FDA for children."
    assert _event_verdict("been approved by the FDA", "FDA", "approval", source) == NOT_OCCURRED


def test_the_agency_must_be_in_the_quote_not_only_in_its_sentence() -> None:
    source = "The FDA said on Monday that Zapitinib was approved."
    assert _event_verdict("Zapitinib was approved", "FDA", "approval", source) == UNSUPPORTED


def test_one_quote_stating_it_done_supports_an_occurred_event() -> None:
    source = "If approved, it would be a first. The FDA approved Zapitinib on Monday."
    event = RegulatoryEvent(
        agency="FDA",
        action="approval",
        evidence=[
            Evidence(quote="If approved, it would be a first."),
            Evidence(quote="The FDA approved Zapitinib on Monday."),
        ],
    )
    assert check_summary(_summary(regulatory_events=[event]), source) == []


def test_a_planned_event_is_not_questioned_for_being_planned() -> None:
    quote = "The company plans to submit a New Drug Application to the FDA."
    event = RegulatoryEvent(
        agency="FDA",
        action="application_submitted",
        status="planned",
        evidence=[Evidence(quote=quote)],
    )
    assert check_summary(_summary(regulatory_events=[event]), quote) == []


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("The FDA approved it.", ("en",)),
        ("国家药监局批准该产品上市。", ("en", "zh-Hans", "zh-Hant")),
        ("厚生労働省の承認を取得した。", ("en", "ja")),
        ("식약처는 허가했다.", ("en", "ko")),
    ],
)
def test_a_sentence_is_read_in_english_and_the_languages_its_script_shows(
    text: str, languages: tuple[str, ...]
) -> None:
    assert languages_of(text) == languages


def _endpoint_verdict(quote: str, met: bool) -> str:
    result = EndpointResult(
        endpoint="primary endpoint", primary_endpoint_met=met, evidence=[Evidence(quote=quote)]
    )
    trial = Trial(evidence=[Evidence(quote=quote)], results=[result])
    problems = check_summary(_summary(trials=[trial]), quote)
    return SUPPORTED if not problems else UNSUPPORTED


ENDPOINT_CASES = [
    ("TIDEMARK-1 met its primary endpoint.", True, SUPPORTED),
    ("TIDEMARK-1 met its primary endpoint.", False, UNSUPPORTED),
    ("The trial did not meet its primary endpoint.", True, UNSUPPORTED),
    ("The trial did not meet its primary endpoint.", False, SUPPORTED),
    (
        "VANTAGE-2 did not achieve statistical significance on the primary endpoint.",
        False,
        SUPPORTED,
    ),
    ("The improvement was not statistically significant (p=0.12).", True, UNSUPPORTED),
    ("The key secondary endpoint was also not met.", False, SUPPORTED),
    ("The trial failed to meet its primary endpoint.", False, SUPPORTED),
    ("The study is expected to meet its primary endpoint in 2026.", True, UNSUPPORTED),
    ("Patients on Zapitinib improved by 40% versus 9% on placebo.", True, UNSUPPORTED),
    ("Zapitinib significantly reduced the rate of flares, a primary endpoint.", True, SUPPORTED),
    ("Zapitinib significantly reduced the rate of flares, a primary endpoint.", False, UNSUPPORTED),
    ("Zapitinib did not significantly reduce the rate of flares.", True, UNSUPPORTED),
    ("主要終點之反應率為38%，達統計上顯著意義。", True, SUPPORTED),
    ("主要終點之反應率為38%，未達統計上顯著意義。", True, UNSUPPORTED),
    ("主要终点未达统计学显著差异。", False, SUPPORTED),
    ("该研究达到了主要终点。", True, SUPPORTED),
    ("该研究未达到主要终点。", True, UNSUPPORTED),
    ("该研究未达到主要终点。", False, SUPPORTED),
    ("該研究達到主要終點，具有統計學意義。", True, SUPPORTED),
    ("該研究未達到主要終點。", False, SUPPORTED),
    ("本試験は主要評価項目を達成しました。", True, SUPPORTED),
    ("本試験は主要評価項目を達成できなかった。", True, UNSUPPORTED),
    ("本試験は主要評価項目を達成できなかった。", False, SUPPORTED),
    ("이번 임상은 1차 평가지표를 충족했다.", True, SUPPORTED),
    ("이번 임상은 1차 평가지표를 충족하지 못했다.", True, UNSUPPORTED),
    ("이번 임상은 1차 평가지표를 충족하지 못했다.", False, SUPPORTED),
]


@pytest.mark.parametrize(("quote", "met", "verdict"), ENDPOINT_CASES)
def test_primary_endpoint_met_needs_an_explicit_statement(
    quote: str, met: bool, verdict: str
) -> None:
    assert _endpoint_verdict(quote, met) == verdict


def _deal_problems(quote: str, deal_type: str) -> list:
    deal = Deal(deal_type=deal_type, evidence=[Evidence(quote=quote)])
    return check_summary(_summary(deals=[deal]), quote)


DEAL_CASES = [
    ("Acme licensed Zapitinib to Beta Bio for Japan.", "licensing", SUPPORTED),
    ("Acme licensed Zapitinib to Beta Bio for Japan.", "acquisition", DealType.OTHER),
    ("Acme will acquire Beta Bio for $2 billion in cash.", "acquisition", SUPPORTED),
    ("Acme and Beta Bio entered into a collaboration agreement.", "other", SUPPORTED),
    ("Acme reported revenue of $2 billion.", "licensing", UNSUPPORTED),
    ("公司与Brightwater签订《独家许可协议》。", "licensing", SUPPORTED),
    ("公司与Brightwater签订《独家许可协议》。", "acquisition", DealType.OTHER),
    ("本公司宣佈收購瑞衡生物全部股權。", "acquisition", SUPPORTED),
    ("當社はベータ社とライセンス契約を締結しました。", "licensing", SUPPORTED),
    (
        "세온바이오로직스는 한결제약과 국내 공동판매 계약을 체결했다.",
        "co_commercialisation",
        SUPPORTED,
    ),
    ("세온바이오로직스는 한결제약과 국내 공동판매 계약을 체결했다.", "acquisition", DealType.OTHER),
]


@pytest.mark.parametrize(("quote", "deal_type", "verdict"), DEAL_CASES)
def test_a_deal_type_needs_its_words(quote: str, deal_type: str, verdict: str | DealType) -> None:
    problems = _deal_problems(quote, deal_type)
    if verdict == SUPPORTED:
        assert problems == []
    elif verdict == UNSUPPORTED:
        assert [(p.check, p.drops_fact) for p in problems] == [("deal_type", True)]
    else:
        assert [(p.check, p.replacement) for p in problems] == [("deal_type", verdict)]


ROLE_CASES = [
    ("Acme licensed Zapitinib to Beta Bio for Japan.", "Beta Bio Inc.", "licensee", SUPPORTED),
    ("Acme licensed Zapitinib to Beta Bio for Japan.", "Beta Bio Inc.", "acquirer", UNSUPPORTED),
    ("Acme licensed Zapitinib to Beta Bio for Japan.", "Gamma Pharma", "licensee", UNSUPPORTED),
    ("The Company will acquire all shares of Beta Bio.", "Acme Corp", "acquirer", SUPPORTED),
    (
        "Corvanta holds exclusive worldwide rights to lomitertinib.",
        "Corvanta Oncology, Inc.",
        "licensee",
        SUPPORTED,
    ),
    (
        "CMS has an exclusive license to develop the Product.",
        "China Medical System Holdings Limited",
        "licensee",
        SUPPORTED,
    ),
    (
        "公司授予Brightwater在大中华区以外的独家许可。",
        "Brightwater Therapeutics, Inc.",
        "licensee",
        SUPPORTED,
    ),
    ("세온바이오로직스는 한결제약과 공동판매 계약을 체결했다.", "한결제약", "partner", SUPPORTED),
    (
        "세온바이오로직스는 한결제약과 공동판매 계약을 체결했다.",
        "한결제약",
        "investor",
        UNSUPPORTED,
    ),
]


@pytest.mark.parametrize(("quote", "name", "role", "verdict"), ROLE_CASES)
def test_a_deal_role_needs_its_words_beside_the_company(
    quote: str, name: str, role: str, verdict: str
) -> None:
    company = Company(name=name, roles=[role], evidence=[Evidence(quote=quote)])
    problems = check_summary(_summary(companies=[company]), quote)
    assert (SUPPORTED if not problems else UNSUPPORTED) == verdict


def test_a_role_may_be_stated_by_a_deal_quote_naming_the_company() -> None:
    source = "Acme Pharma announced results. Acme licensed Zapitinib to Beta Bio for Japan."
    company = Company(
        name="Acme Pharma",
        roles=["developer", "licensor"],
        evidence=[Evidence(quote="Acme Pharma announced results.")],
    )
    deal = Deal(
        deal_type="licensing",
        evidence=[Evidence(quote="Acme licensed Zapitinib to Beta Bio for Japan.")],
    )
    assert check_summary(_summary(companies=[company], deals=[deal]), source) == []
    other = Company(
        name="Delta Bio",
        roles=["licensee"],
        evidence=[Evidence(quote="Acme Pharma announced results.")],
    )
    (problem,) = check_summary(_summary(companies=[other], deals=[deal]), source)
    assert (problem.check, problem.replacement) == ("roles", [])


def test_the_policy_corrects_clears_and_drops_naming_each_check() -> None:
    source = (
        "Zapitinib has not been approved by the FDA. The FDA granted Fast Track designation. "
        "The trial did not meet its primary endpoint. Acme licensed Zapitinib to Beta Bio."
    )
    summary = _summary(
        regulatory_events=[
            RegulatoryEvent(
                agency="FDA",
                action="approval",
                evidence=[Evidence(quote="Zapitinib has not been approved by the FDA.")],
            ),
            RegulatoryEvent(
                agency="FDA",
                action="approval",
                evidence=[Evidence(quote="The FDA granted Fast Track designation.")],
            ),
        ],
        trials=[
            Trial(
                evidence=[Evidence(quote="The trial did not meet its primary endpoint.")],
                results=[
                    EndpointResult(
                        endpoint="EASI-75",
                        primary_endpoint_met=True,
                        evidence=[Evidence(quote="The trial did not meet its primary endpoint.")],
                    )
                ],
            )
        ],
        deals=[
            Deal(
                deal_type="acquisition",
                evidence=[Evidence(quote="Acme licensed Zapitinib to Beta Bio.")],
            )
        ],
        companies=[
            Company(
                name="Beta Bio",
                roles=["licensee", "acquirer"],
                evidence=[Evidence(quote="Acme licensed Zapitinib to Beta Bio.")],
            )
        ],
    )
    dropped = apply_policy(summary, check_summary(summary, source), GroundingPolicy.DROP)

    (event,) = summary.regulatory_events
    assert (event.action, event.status) == (RegulatorAction.APPROVAL, EventStatus.NOT_OCCURRED)
    assert summary.trials[0].results[0].primary_endpoint_met is None
    assert summary.deals[0].deal_type is DealType.OTHER
    assert summary.companies[0].roles == [CompanyRole.LICENSEE]
    checks = {item.path: item.problem for item in dropped}
    assert set(checks) == {
        "regulatory_events[0].status",
        "regulatory_events[1]",
        "trials[0].results[0].primary_endpoint_met",
        "deals[0].deal_type",
        "companies[0].roles",
    }
    assert "claim check 'status'" in checks["regulatory_events[0].status"]
    assert checks["regulatory_events[0].status"].endswith("status now not_occurred")
    assert checks["regulatory_events[1]"].startswith("fact removed: claim check 'action'")
    assert (
        "claim check 'primary_endpoint_met'" in checks["trials[0].results[0].primary_endpoint_met"]
    )
    assert checks["deals[0].deal_type"].endswith("deal_type now other")
    assert checks["companies[0].roles"].endswith("roles now licensee")


def test_keep_marks_claims_but_still_corrects_a_false_occurred() -> None:
    quote = "If approved by the FDA, Zapitinib could offer a new option."
    event = RegulatoryEvent(agency="FDA", action="approval", evidence=[Evidence(quote=quote)])
    deal = Deal(deal_type="acquisition", evidence=[Evidence(quote=quote)])
    summary = _summary(regulatory_events=[event], deals=[deal])
    dropped = apply_policy(summary, check_summary(summary, quote), GroundingPolicy.KEEP)
    assert summary.regulatory_events[0].status is EventStatus.EXPECTED
    assert [item.path for item in dropped] == ["regulatory_events[0].status"]
    assert summary.deals == [deal]
    assert "claim check 'deal_type'" in deal.grounding_issues[0].problem


def test_unsupported_claims_counts_events_and_leaves_the_summary_alone() -> None:
    source = (
        "Zapitinib has not been approved by the FDA. The FDA granted Fast Track designation "
        "to Zapitinib. The EMA approved Zapitinib."
    )
    events = [
        RegulatoryEvent(
            agency="FDA",
            action="approval",
            evidence=[Evidence(quote="Zapitinib has not been approved by the FDA.")],
        ),
        RegulatoryEvent(
            agency="FDA",
            action="approval",
            evidence=[Evidence(quote="The FDA granted Fast Track designation to Zapitinib.")],
        ),
        RegulatoryEvent(
            agency="FDA",
            action="fast_track",
            evidence=[Evidence(quote="The FDA granted Fast Track designation to Zapitinib.")],
        ),
        RegulatoryEvent(
            agency="EMA",
            action="approval",
            evidence=[Evidence(quote="The EMA approved Zapitinib.")],
        ),
    ]
    summary = _summary(regulatory_events=events)
    problems = unsupported_claims(summary, source)
    events_unsupported = {p.path for p in problems if p.check in EVENT_CHECKS}
    assert events_unsupported == {"regulatory_events[0]", "regulatory_events[1]"}
    assert all(e.evidence[0].start is None for e in summary.regulatory_events)
    assert [e.status for e in summary.regulatory_events] == [EventStatus.OCCURRED] * 4


def test_a_drug_named_among_competitors_is_not_the_subject() -> None:
    from schemas import PressReleaseSummary
    from summarise.core.policy import GroundingPolicy
    from summarise.pipeline.ground import apply_policy, check_summary

    source = (
        "Acme's zapitinib is approved in China. While competitors including Beta's "
        "ritlecitinib and Gamma's jaktinib advance, Acme leads."
    )
    competing = "While competitors including Beta's ritlecitinib and Gamma's jaktinib advance"
    summary = PressReleaseSummary.model_validate(
        {
            "document": {},
            "headline": "",
            "summary": "",
            "drugs": [
                {"name": "zapitinib", "evidence": [{"quote": "Acme's zapitinib is approved"}]},
                {"name": "ritlecitinib", "evidence": [{"quote": competing}]},
                {"name": "jaktinib", "evidence": [{"quote": competing}]},
            ],
        }
    )
    problems = check_summary(summary, source)
    assert sorted(p.where for p in problems) == ["drugs[1].relation", "drugs[2].relation"]
    apply_policy(summary, problems, GroundingPolicy.DROP)
    assert [drug.relation.value for drug in summary.drugs] == [
        "subject",
        "competitor",
        "competitor",
    ]
