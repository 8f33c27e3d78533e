"""Offline replay of the embedded model's recorded answers for the development set.

The cassettes in ``cassettes/devset/`` were recorded from the embedded model's server
(``summarise run --record cassettes/devset eval/devset/docs/*``). The twelve documents are
summarised once per module from them (no model, no network) and scored against the gold;
the tests assert what a demanding analyst checks first on each kind of document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarise import cli
from summarise.pipeline.document import read_source
from summarise.quality.evaluate import evaluate_run
from summarise.strategies.candidates import split_sentences
from tests.conftest import ROOT

DEVSET = ROOT / "eval" / "devset"
CASSETTES = ROOT / "cassettes" / "devset"
MIN_OVERALL_PRECISION = 0.85
MIN_OVERALL_RECALL = 0.6
MIN_ENTITY_RECALL = 0.4
MAX_HEADLINE_WORDS = 30
pytestmark = pytest.mark.block_network


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("devset")
    documents = sorted(str(path) for path in (DEVSET / "docs").iterdir())
    args = ["run", "--replay", str(CASSETTES), *documents, "-o", str(out), "--format", "none"]
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("OPENAI_API_KEY", raising=False)
        patch.delenv("OPENAI_BASE_URL", raising=False)
        result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    return out


def _summary(run_dir: Path, stem: str) -> dict[str, Any]:
    (path,) = (run_dir / "summaries").glob(f"{stem}.*.json")
    return json.loads(path.read_text(encoding="utf-8"))["summary"]


def _events(summary: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(e["agency"], e["action"]): e for e in summary["regulatory_events"]}


def test_the_development_set_meets_its_targets(run_dir: Path) -> None:
    report = evaluate_run(DEVSET / "gold", run_dir)
    assert not report.missing and not report.unreadable
    assert report.overall.precision >= MIN_OVERALL_PRECISION
    assert report.overall.recall >= MIN_OVERALL_RECALL
    for entity, counts in report.entities.items():
        assert counts.recall > MIN_ENTITY_RECALL, entity
    assert report.grounding.grounded_rate == 1.0


def test_an_accelerated_approval_with_its_history(run_dir: Path) -> None:
    summary = _summary(run_dir, "d01_fda_accelerated_approval")
    events = _events(summary)
    news = events[("FDA", "accelerated_approval")]
    assert (news["date_iso"], news["reporting"], news["status"]) == (
        "2025-03-13",
        "news",
        "occurred",
    )
    assert "exon 20 insertion" in news["indication"]
    assert events[("FDA", "breakthrough_therapy")]["reporting"] == "background"
    assert ("FDA", "approval") not in events  # the headline's "approval" is the same event
    (drug,) = summary["drugs"]
    assert (drug["inn"], drug["brand_names"], drug["development_codes"]) == (
        "lomitertinib",
        ["DARVELTA"],
        ["CRV-2210"],
    )
    assert drug["originator"] == "Kisaragi Pharmaceutical Co., Ltd."
    assert summary["document"]["date_iso"] == "2025-03-14"  # the dateline's, not the event's


def test_a_marketing_authorisation_after_an_opinion(run_dir: Path) -> None:
    events = _events(_summary(run_dir, "d02_ec_marketing_authorisation"))
    assert events[("EC", "marketing_authorisation")]["reporting"] == "news"
    opinion = events[("CHMP", "chmp_positive_opinion")]
    assert (opinion["date_iso"], opinion["reporting"]) == ("2025-07-24", "background")
    assert events[("FDA", "target_action_date")]["date_iso"] == "2026-02-28"


def test_deal_terms_from_the_sentences_after_the_deal(run_dir: Path) -> None:
    summary = _summary(run_dir, "d05_co_development_equity")
    terms = {
        (deal["upfront"] or {}).get("amount"): (deal["milestones"] or {}).get("amount")
        for deal in summary["deals"]
    }
    assert terms[40_000_000] == 560_000_000
    (trial,) = summary["trials"]
    assert (trial["enrolled"], trial["planned_enrollment"], trial["sites"]) == (268, 420, 61)


def test_results_that_only_a_table_gives(run_dir: Path) -> None:
    (trial,) = _summary(run_dir, "d07_results_html_table")["trials"]
    pfs = next(r for r in trial["results"] if "progression-free" in r["endpoint"].lower())
    assert (pfs["arm_value"], pfs["comparator_value"], pfs["unit"]) == (7.4, 3.6, "months")
    assert pfs["effect_size"] == {
        "measure": "hazard_ratio",
        "value": 0.58,
        "ci_lower": 0.46,
        "ci_upper": 0.73,
    }
    assert (pfs["p_value"], pfs["p_value_operator"], pfs["is_primary"]) == (0.0001, "<", True)
    assert "|" in pfs["evidence"][0]["quote"]  # quoted as the table row


def test_a_newsletter_never_mixes_its_stories(run_dir: Path) -> None:
    summary = _summary(run_dir, "d08_markdown_newsletter")
    events = _events(summary)
    assert events[("MHLW", "approval")]["drug"] == "HSP-0715"
    assert events[("FDA", "breakthrough_therapy")]["drug"] == "SVB-19"
    drugs_by_trial = {trial["drug"] for trial in summary["trials"]}
    assert drugs_by_trial == {"HSP-0715", "PLC-118", "OKN-3301", "SVB-19"}
    (deal,) = summary["deals"]
    assert (deal["licensor"], deal["licensee"], deal["asset"]) == (
        "Pellucid Bio",
        "Marrowgate Pharmaceuticals",
        "PLC-118",
    )


def test_negative_and_hedged_news_is_not_news(run_dir: Path) -> None:
    summary = _summary(run_dir, "d10_negative_and_hedged")
    assert [(e["action"], e["reporting"]) for e in summary["regulatory_events"]] == [
        ("fast_track", "background")
    ]
    (trial,) = summary["trials"]
    primary = [r for r in trial["results"] if r["is_primary"]]
    assert [r["primary_endpoint_met"] for r in primary] == [False]
    kinds = {caveat["kind"] for caveat in summary["caveats"]}
    assert {"absence_of_event", "analysis_limitation", "forward_looking"} <= kinds


def test_a_big5_announcement_in_traditional_chinese(run_dir: Path) -> None:
    events = _events(_summary(run_dir, "d12_big5_hk_announcement"))
    nmpa = events[("NMPA", "ind_clearance")]
    assert (nmpa["date_iso"], nmpa["reporting"]) == ("2025-03-12", "news")
    assert events[("FDA", "ind_clearance")]["reporting"] == "background"


@pytest.mark.parametrize("stem", sorted(path.stem for path in (DEVSET / "docs").iterdir()))
def test_headline_and_summary_are_short_and_never_repeat(run_dir: Path, stem: str) -> None:
    summary = _summary(run_dir, stem)
    source = len(read_source(next((DEVSET / "docs").glob(f"{stem}.*"))).text)
    headline = summary["headline"]
    assert headline and len(headline.split()) <= MAX_HEADLINE_WORDS
    assert len(summary["summary"]) <= source / 3
    sentences = [s.text for s in split_sentences(summary["summary"])]
    assert len(sentences) == len(set(sentences))
    assert headline not in summary["summary"]
