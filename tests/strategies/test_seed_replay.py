"""Offline replay of the embedded model's recorded answers for the five seeds.

The cassettes in ``cassettes/`` were recorded from the embedded model's
OpenAI-compatible server (``summarise run --record cassettes/ seeds/*.txt``).
These tests assert what the recorded answers, after grounding, give: the
values below are the ones that run got right and grounded.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schemas import FACT_LISTS
from summarise import cli
from summarise.pipeline import prompting
from tests.conftest import ROOT, SEEDS

CASSETTES = ROOT / "cassettes"
runner = CliRunner()
pytestmark = pytest.mark.block_network


def _replay(seed: str, out: Path) -> dict:
    source = next(SEEDS.glob(f"{seed}_*.txt"))
    args = ["run", "--replay", str(CASSETTES), str(source), "-o", str(out), "--format", "none"]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    return json.loads((out / "summaries" / f"{source.name}.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _no_key(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


def _events(summary: dict) -> set[tuple[str, str, str | None]]:
    return {(e["agency"], e["action"], e["date_iso"]) for e in summary["regulatory_events"]}


def _every_quote_aligns(record: dict) -> None:
    source = next(SEEDS.glob(f"{Path(record['provenance']['source_file']).stem}.txt"))
    text = source.read_text(encoding="utf-8")
    for name in FACT_LISTS:
        for fact in record["summary"][name]:
            for evidence in fact["evidence"]:
                assert evidence["alignment"] == "exact"
                assert evidence["quote"] in text


def test_seed_000_hengrui_approval_deal_and_caveat(tmp_path):
    record = _replay("000", tmp_path)
    summary = record["summary"]
    assert summary["drugs"][0]["name"] == "Ivarmacitinib"
    assert summary["drugs"][0]["targets"] == ["JAK1"]
    assert ("NMPA", "approval", None) in _events(summary)
    result = summary["trials"][0]["results"][0]
    assert (result["arm_value"], result["comparator_value"], result["unit"]) == (40.0, 9.0, "%")
    assert result["timepoint"] == "24 weeks"
    deal = summary["deals"][0]
    assert deal["total_value"] == {"amount": 223000000.0, "currency": "USD"}
    assert "Arcutis" in deal["parties"]
    assert "inconsistent_claim" in {caveat["kind"] for caveat in summary["caveats"]}
    _every_quote_aligns(record)


def test_seed_001_bridging_trial_and_regional_approvals(tmp_path):
    record = _replay("001", tmp_path)
    summary = record["summary"]
    assert summary["drugs"][0]["brand_names"] == ["Opzelura"]
    trial = summary["trials"][0]
    assert (trial["phase"], trial["planned_enrollment"], trial["sites"]) == ("phase_3", 192, 20)
    assert trial["enrolled"] is None
    assert {"randomized", "double-blind", "placebo-controlled"} <= set(trial["design"])
    events = _events(summary)
    assert ("Hainan MPA", "emergency_or_urgent_use", "2023-08-12") in events
    assert any(agency.startswith("ISAF") and date == "2024-04-11" for agency, _, date in events)
    roles = {company["name"]: company["roles"] for company in summary["companies"]}
    # "CMS announced the completion of dosing ... in the phase III bridging trial", "CMS has an
    # exclusive license"; "Incyte has worldwide rights" while CMS holds a licence.
    assert roles["China Medical System Holdings Limited"] == ["sponsor", "licensee"]
    assert roles["Incyte"] == ["originator", "licensor"]
    removed = {item["path"] for item in record["provenance"]["dropped"]}
    assert not [path for path in removed if path.startswith("companies")]  # each role quoted
    _every_quote_aligns(record)


def test_seed_002_real_world_study(tmp_path):
    record = _replay("002", tmp_path)
    trial = record["summary"]["trials"][0]
    assert (trial["phase"], trial["enrolled"]) == ("real_world", 111)
    assert trial["results"][0]["arm_value"] == 49.5
    assert trial["results"][0]["endpoint"] == "F-VASI75"
    assert ("NMPA", "approval", None) in _events(record["summary"])
    _every_quote_aligns(record)


def test_seed_003_breakthrough_designation_once_despite_doubled_page(tmp_path):
    record = _replay("003", tmp_path)
    summary = record["summary"]
    assert summary["drugs"][0]["name"] == "Mesutoclax"
    assert summary["drugs"][0]["development_codes"] == ["ICP-248"]
    assert ("CDE", "breakthrough_therapy", None) in _events(summary)
    innocare = summary["companies"][0]
    assert innocare["tickers"] == [
        {"exchange": "HKEX", "symbol": "09969"},
        {"exchange": "SSE", "symbol": "688428"},
    ]
    assert record["provenance"]["cleaned_chars"] < 0.6 * len(
        next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    )
    _every_quote_aligns(record)


def test_seed_004_car_t_approval_and_missing_table(tmp_path):
    record = _replay("004", tmp_path)
    summary = record["summary"]
    drug = summary["drugs"][0]
    assert (drug["name"], drug["development_codes"], drug["modality"]) == (
        "Inaticabtagene Autoleucel",
        ["CNCT19"],
        "car_t",
    )
    events = _events(summary)
    assert ("NMPA", "approval", "2023-11-08") in events
    assert ("FDA", "ind_clearance", None) in events
    trial = summary["trials"][0]
    assert (trial["enrolled"], trial["sites"]) == (39, 10)
    assert [caveat["kind"] for caveat in summary["caveats"]] == ["missing_data"]
    _every_quote_aligns(record)


def test_replay_provenance_names_the_embedded_model(tmp_path):
    provenance = _replay("002", tmp_path)["provenance"]
    assert provenance["model"] == "gemma-3-270m"
    assert provenance["strategy"] == "pick"
    assert provenance["base_url_host"] == "127.0.0.1"
    assert provenance["attempts"] >= 1 and provenance["usage"]["total_tokens"] > 0
    assert provenance["prompt_version"] == prompting.prompt_version()


def test_missing_cassette_fails_loudly_and_fast(tmp_path):
    empty = tmp_path / "no-cassettes"
    empty.mkdir()
    seed = next(SEEDS.glob("002_*.txt"))
    started = time.perf_counter()
    args = ["run", "--replay", str(empty), str(seed), "-o", str(tmp_path / "out")]
    result = runner.invoke(cli.app, args)
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1
    assert f"re-record with: summarise run --record {empty} {seed}" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_prompt_change_names_the_rerecord_command(tmp_path, monkeypatch):
    changed = {**prompting._questions(), "lead": "Which sentence is the news?"}
    monkeypatch.setattr(prompting, "_questions", lambda: changed)
    seed = next(SEEDS.glob("002_*.txt"))
    cassette = CASSETTES / f"{seed.stem}.yaml"
    recorded = cassette.read_bytes()
    args = ["run", "--replay", str(CASSETTES), str(seed), "-o", str(tmp_path)]
    result = runner.invoke(cli.app, args)
    assert cassette.read_bytes() == recorded, "a failed replay must leave the cassette alone"
    assert result.exit_code == 1
    assert "prompt, schema or model changed" in result.stderr
    assert f"summarise run --record {CASSETTES} {seed}" in result.stderr


SECRET_PATTERN = re.compile(r"authorization|bearer|api-key|not-needed|\bsk-[a-z0-9]", re.IGNORECASE)


def test_no_secret_in_any_cassette():
    cassettes = list(CASSETTES.glob("*.yaml"))
    assert len(cassettes) == 5
    for cassette in cassettes:
        found = SECRET_PATTERN.search(cassette.read_text(encoding="utf-8"))
        assert found is None, f"{cassette.name} holds {found.group(0)!r}"


def test_html_format_and_report_write_review_pages(tmp_path):
    seed = next(SEEDS.glob("004_*.txt"))
    args = ["run", "--replay", str(CASSETTES), str(seed), "-o", str(tmp_path), "--format", "html"]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    page = tmp_path / "review" / f"{seed.name}.html"
    assert result.stdout.strip() == str(page)
    html = page.read_text(encoding="utf-8")
    assert "<mark" in html and "Inaticabtagene Autoleucel" in html and "gemma-3-270m" in html
    reported = runner.invoke(cli.app, ["report", str(tmp_path)])
    assert reported.exit_code == 0, reported.output
    index = tmp_path / "review" / "index.html"
    assert f"review: {index}" in reported.stdout
    assert seed.stem in index.read_text(encoding="utf-8")


def test_eval_and_diff_commands_on_replayed_runs(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        args = ["run", "--replay", str(CASSETTES), *map(str, sorted(SEEDS.glob("*.txt")))]
        assert runner.invoke(cli.app, [*args, "-o", str(out), "--format", "none"]).exit_code == 0
    scored = runner.invoke(cli.app, ["eval", str(first), "--gold", str(ROOT / "eval" / "gold")])
    assert scored.exit_code == 0, scored.output
    assert "overall" in scored.stdout and "100.0% of" in scored.stdout
    as_json = runner.invoke(cli.app, ["eval", str(first), "--json"])
    assert json.loads(as_json.stdout)["overall"]["tp"] > 0
    same = runner.invoke(cli.app, ["diff", str(first), str(second)])
    assert same.exit_code == 0 and "no differences" in same.stdout
    record = json.loads(
        (second / "summaries" / "002_275e0f26444f97b0.txt.json").read_text(encoding="utf-8")
    )
    record["summary"]["trials"][0]["enrolled"] = 112
    (second / "summaries" / "002_275e0f26444f97b0.txt.json").write_text(
        json.dumps(record), encoding="utf-8"
    )
    changed = runner.invoke(cli.app, ["diff", str(first), str(second)])
    assert changed.exit_code == 1
    assert "trials[0].enrolled: 111 -> 112" in changed.stdout
