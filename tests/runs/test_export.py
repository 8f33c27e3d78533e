"""The analyst's export: a ledger of replayed seed summaries flattened into JSONL and CSVs.

The five seeds are summarised once per module from the recorded cassettes (no
model, no network); a hand-made record covers Chinese text and formula-like
cells, and a ledger whose record vanished covers the all-or-nothing write.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schemas import (
    SCHEMA_VERSION,
    Company,
    DocumentInfo,
    Drug,
    EndpointResult,
    Evidence,
    PressReleaseSummary,
    Provenance,
    RegulatoryEvent,
    SummaryRecord,
    Ticker,
    TokenUsage,
    Trial,
)
from summarise import cli
from summarise.runs.export import EXPORT_FILES, ExportCounts, ExportError, export_run
from summarise.runs.ledger import Ledger
from tests.conftest import ROOT, SEEDS, write_record

CASSETTES = ROOT / "cassettes"
BOM = b"\xef\xbb\xbf"
pytestmark = pytest.mark.block_network

EVIDENCE = ["evidence", "evidence_start", "alignment"]
HEADERS = {
    "drugs.csv": [
        *["doc_id", "name", "local_names", "inn", "brand_names", "development_codes"],
        *["modality", "targets", "mechanism", "route_or_formulation", "originator", "relation"],
        *EVIDENCE,
    ],
    "companies.csv": ["doc_id", "name", "local_names", "roles", "tickers", *EVIDENCE],
    "events.csv": [
        "doc_id",
        *["agency", "jurisdiction", "action", "drug", "indication"],
        *["date_as_stated", "date_iso", "status", "reporting"],
        *EVIDENCE,
    ],
    "trials.csv": [
        *["doc_id", "trial_index"],
        *["drug", "identifier", "phase", "design", "indication", "population"],
        *["enrolled", "planned_enrollment", "sites", "status"],
        *EVIDENCE,
    ],
    "results.csv": [
        *["doc_id", "trial_index", "drug"],
        *["endpoint", "is_primary", "timepoint", "arm_value", "comparator_value", "comparator"],
        *["unit", "effect_measure", "effect_value", "ci_lower", "ci_upper"],
        *["p_value", "p_value_operator", "primary_endpoint_met"],
        *EVIDENCE,
    ],
    "deals.csv": [
        *["doc_id", "deal_type", "parties", "licensor", "licensee", "asset"],
        *["upfront_amount", "upfront_currency", "milestones_amount", "milestones_currency"],
        *["total_value_amount", "total_value_currency", "royalties", "territory"],
        *["price_per_share_amount", "price_per_share_currency", "contingent_value_right"],
        *EVIDENCE,
    ],
}

ZH_AGENCY = "国家药品监督管理局"
ZH_QUOTE = "国家药品监督管理局（NMPA）已批准伊基奥仑赛注射液上市。"


def _register(ledger: Ledger, out_dir: Path, doc_id: str, source: Path, record: Path) -> None:
    ledger.mark_running(doc_id, str(source), None, None)
    ledger.mark_done(
        doc_id,
        output_path=str(record.relative_to(out_dir)),
        attempts=1,
        tokens_in=100,
        tokens_out=10,
        cost_usd=None,
        duration_ms=1.0,
    )


def _handmade_zh(
    path: Path, indication: str | None = "复发或难治性成人B细胞急性淋巴细胞白血病"
) -> Path:
    """A valid record whose only fact is a regulatory event written in Chinese."""
    event = RegulatoryEvent(
        agency=ZH_AGENCY,
        jurisdiction="中国",
        action="approval",
        drug="伊基奥仑赛注射液",
        indication=indication,
        date_as_stated="2023年11月8日",
        date_iso="2023-11-08",
        evidence=[Evidence(quote=ZH_QUOTE, start=0, end=len(ZH_QUOTE), alignment="exact")],
    )
    return _write(path, regulatory_events=[event])


def _write(path: Path, **facts: list) -> Path:
    """A valid Chinese record holding ``facts`` (lists of the summary), as the pipeline writes."""
    summary = PressReleaseSummary(
        document=DocumentInfo(language="zh"),
        headline="NMPA 批准伊基奥仑赛注射液。",
        summary=ZH_QUOTE,
        **facts,
    )
    provenance = Provenance(
        source_sha256="0" * 64,
        cleaned_sha256="0" * 64,
        cleaned_chars=len(ZH_QUOTE),
        model="handmade",
        prompt_version="handmade",
        schema_version=SCHEMA_VERSION,
        tool_version="test",
        attempts=1,
        usage=TokenUsage(),
        strategy="full",
        grounding_policy="drop",
        validation_passed=True,
        created_at="2024-01-01T00:00:00+00:00",
    )
    write_record(SummaryRecord(summary=summary, provenance=provenance), path)
    return path


def _csv(out_dir: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of an export CSV, decoded as Excel would (UTF-8 with BOM)."""
    raw = (out_dir / name).read_bytes()
    assert raw.startswith(BOM), f"{name} lacks the BOM Excel needs for Chinese text"
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    rows = list(reader)
    assert reader.fieldnames is not None
    return list(reader.fieldnames), rows


def _no_temporary_files(out_dir: Path) -> None:
    assert [path.name for path in out_dir.iterdir() if path.name.endswith(".tmp")] == []


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, ExportCounts, dict[str, dict]]:
    """Seeds replayed into <tmp>/summaries, registered as done, one failed row, exported."""
    out_dir = tmp_path_factory.mktemp("batch")
    summaries = out_dir / "summaries"
    seeds = sorted(SEEDS.glob("*.txt"))
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("OPENAI_API_KEY", raising=False)
        monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
        args = ["run", "--replay", str(CASSETTES), *map(str, seeds)]
        result = CliRunner().invoke(cli.app, [*args, "-o", str(out_dir), "--format", "none"])
    assert result.exit_code == 0, result.output
    records = {}
    with Ledger(out_dir) as ledger:
        ledger.start_run("gemma-3-270m", "replayed", SCHEMA_VERSION)
        for seed in seeds:
            written = summaries / f"{seed.name}.json"
            records[seed.stem] = json.loads(written.read_text(encoding="utf-8"))
            _register(ledger, out_dir, seed.stem, seed, written)
        # Done once, then failed on a re-run: its stale record must not be exported.
        _register(ledger, out_dir, "005_failed", seeds[0], summaries / f"{seeds[0].name}.json")
        ledger.mark_failed("005_failed", str(seeds[0]), error_kind="provider", error="HTTP 500")
        counts = export_run(out_dir, ledger)
    return out_dir, counts, records


def _one(rows: list[dict[str, str]], **wanted: str) -> dict[str, str]:
    found = [row for row in rows if all(row[key] == value for key, value in wanted.items())]
    assert len(found) == 1, f"{len(found)} rows match {wanted}"
    return found[0]


def test_summaries_jsonl_has_each_done_document_whole(batch):
    out_dir, counts, records = batch
    raw = (out_dir / "summaries.jsonl").read_bytes()
    assert not raw.startswith(BOM)
    lines = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert [line["doc_id"] for line in lines] == sorted(records)
    assert counts.documents == 5
    for line in lines:
        doc_id = line.pop("doc_id")
        assert line.pop("source_path") == str(SEEDS / f"{doc_id}.txt")
        assert line == records[doc_id]


def test_headers_are_stable_and_counts_match_rows(batch):
    out_dir, counts, records = batch
    for name, expected in HEADERS.items():
        header, _ = _csv(out_dir, name)
        assert header == expected, name
    rows = {name: _csv(out_dir, name)[1] for name in HEADERS}
    summaries = [record["summary"] for record in records.values()]
    assert counts == ExportCounts(
        documents=5,
        drugs=sum(len(summary["drugs"]) for summary in summaries),
        companies=sum(len(summary["companies"]) for summary in summaries),
        events=sum(len(summary["regulatory_events"]) for summary in summaries),
        trials=sum(len(summary["trials"]) for summary in summaries),
        results=sum(len(trial["results"]) for s in summaries for trial in s["trials"]),
        deals=sum(len(summary["deals"]) for summary in summaries),
    )
    assert counts.drugs > 0 and counts.companies > 0 and counts.results > 0 and counts.deals > 0
    assert [len(rows[name]) for name in HEADERS] == [
        counts.drugs,
        counts.companies,
        counts.events,
        counts.trials,
        counts.results,
        counts.deals,
    ]


def test_failed_row_is_not_exported(batch):
    out_dir, _, _ = batch
    lines = (out_dir / "summaries.jsonl").read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["doc_id"] != "005_failed" for line in lines)
    for name in HEADERS:
        assert all(row["doc_id"] != "005_failed" for row in _csv(out_dir, name)[1]), name


def test_events_csv_has_the_dated_nmpa_approval_with_its_quote(batch):
    out_dir, _, records = batch
    doc_id = "004_7991593d504d95ac"
    row = _one(_csv(out_dir, "events.csv")[1], doc_id=doc_id, agency="NMPA", action="approval")
    assert row["date_iso"] == "2023-11-08"
    assert row["evidence"].startswith("On November 8th, 2023, the National Medical Product")
    event = next(
        event
        for event in records[doc_id]["summary"]["regulatory_events"]
        if event["date_iso"] == "2023-11-08"
    )
    assert row["evidence"] == " | ".join(quote["quote"] for quote in event["evidence"])
    assert row["evidence_start"] == str(event["evidence"][0]["start"])
    assert row["alignment"] == "exact"


def test_events_csv_joins_several_quotes(batch):
    out_dir, _, records = batch
    doc_id = "000_38ba5f5f3837983d"
    event = records[doc_id]["summary"]["regulatory_events"][0]
    assert len(event["evidence"]) > 1
    row = _one(_csv(out_dir, "events.csv")[1], doc_id=doc_id, agency="NMPA", action="approval")
    assert row["evidence"].split(" | ") == [quote["quote"] for quote in event["evidence"]]
    assert row["date_iso"] == ""


def test_trials_csv_has_the_bridging_trial_without_results(batch):
    out_dir, _, _ = batch
    header, rows = _csv(out_dir, "trials.csv")
    assert "results" not in header
    row = _one(rows, doc_id="001_f7ab173160a0d3fb", trial_index="0")
    assert (row["phase"], row["planned_enrollment"], row["sites"]) == ("phase_3", "192", "20")
    assert row["enrolled"] == ""  # "aiming to enroll approximately 192": planned, not enrolled
    assert {"randomized", "double-blind", "placebo-controlled"} <= set(row["design"].split("; "))


def test_results_csv_joins_to_its_trial(batch):
    out_dir, _, _ = batch
    rows = _csv(out_dir, "results.csv")[1]
    row = _one(rows, doc_id="000_38ba5f5f3837983d", arm_value="40")
    assert (row["trial_index"], row["comparator_value"], row["unit"]) == ("0", "9", "%")
    assert row["timepoint"] == "24 weeks"
    assert row["effect_measure"] == row["p_value"] == ""
    trials = _csv(out_dir, "trials.csv")[1]
    _one(trials, doc_id=row["doc_id"], trial_index=row["trial_index"])


def test_results_csv_names_the_drug_of_its_trial(batch):
    out_dir, _, records = batch
    rows = _csv(out_dir, "results.csv")[1]
    assert _one(rows, doc_id="000_38ba5f5f3837983d", arm_value="40")["drug"] == "Ivarmacitinib"
    trials = _csv(out_dir, "trials.csv")[1]
    for row in rows:
        trial = _one(trials, doc_id=row["doc_id"], trial_index=row["trial_index"])
        assert row["drug"] == trial["drug"] != "", row
    expected = {
        (doc_id, trial["drug"])
        for doc_id, record in records.items()
        for trial in record["summary"]["trials"]
        if trial["results"]
    }
    assert {(row["doc_id"], row["drug"]) for row in rows} == expected
    assert ("002_275e0f26444f97b0", "Ruxolitinib cream") in expected


def test_drugs_csv_has_each_drug_with_codes_targets_and_quote(batch):
    out_dir, _, records = batch
    assert (out_dir / "drugs.csv").read_bytes().startswith(BOM)
    rows = _csv(out_dir, "drugs.csv")[1]
    row = _one(rows, doc_id="003_0bc593ef99bebdc5", name="Mesutoclax")
    assert (row["development_codes"], row["targets"]) == ("ICP-248", "BCL2")
    assert (row["modality"], row["inn"]) == ("small_molecule", "mesutoclax")
    assert (
        row["evidence"]
        == "InnoCare’s Mesutoclax Granted Breakthrough Therapy Designation by China’s NMPA"
    )
    assert (row["evidence_start"], row["alignment"]) == ("0", "exact")
    row = _one(rows, doc_id="001_f7ab173160a0d3fb", name="Ruxolitinib cream")
    assert (row["brand_names"], row["targets"]) == ("Opzelura", "JAK1; JAK2")
    assert row["route_or_formulation"] == "cream"
    names = [(row["doc_id"], row["name"]) for row in rows]
    assert names == [
        (doc_id, drug["name"])
        for doc_id, record in sorted(records.items())
        for drug in record["summary"]["drugs"]
    ]


def test_companies_csv_has_roles_tickers_and_quote(batch):
    out_dir, _, _ = batch
    assert (out_dir / "companies.csv").read_bytes().startswith(BOM)
    rows = _csv(out_dir, "companies.csv")[1]
    row = _one(rows, doc_id="003_0bc593ef99bebdc5", name="InnoCare Pharma Limited")
    assert (row["roles"], row["tickers"]) == ("developer", "HKEX:09969; SSE:688428")
    assert "InnoCare Pharma Limited (HKEX: 09969; SSE: 688428)" in row["evidence"]
    assert (row["evidence_start"], row["alignment"]) == ("80", "exact")
    doc_001 = {row["name"]: row["roles"] for row in rows if row["doc_id"] == "001_f7ab173160a0d3fb"}
    # Each role's sentence is quoted ("Incyte has worldwide rights"): the claim checks keep them
    assert doc_001 == {
        "China Medical System Holdings Limited": "sponsor; licensee",
        "Incyte": "originator; licensor",
    }
    row = _one(rows, doc_id="000_38ba5f5f3837983d", name="Hengrui Pharmaceutical")
    assert (row["roles"], row["tickers"]) == ("developer; licensor", "")


def test_deals_csv_has_the_licensing_deal_with_money_columns(batch):
    out_dir, _, _ = batch
    row = _one(_csv(out_dir, "deals.csv")[1], doc_id="000_38ba5f5f3837983d")
    assert row["deal_type"] == "licensing"
    assert (row["total_value_amount"], row["total_value_currency"]) == ("223000000", "USD")
    assert row["upfront_amount"] == row["upfront_currency"] == ""
    assert row["parties"] == "Arcutis; Hengrui Pharmaceutical"  # "The company secured ..."
    assert (row["licensor"], row["licensee"]) == ("Hengrui Pharmaceutical", "Arcutis")
    assert row["territory"] == "North America; Europe"
    assert "$223 million licensing deal with Arcutis" in row["evidence"]


def test_no_temporary_file_remains(batch):
    out_dir, _, _ = batch
    _no_temporary_files(out_dir)
    assert all((out_dir / name).is_file() for name in EXPORT_FILES)


def test_chinese_text_survives_the_round_trip(tmp_path):
    record = _handmade_zh(tmp_path / "handmade_zh.json")
    with Ledger(tmp_path) as ledger:
        ledger.start_run("handmade", "handmade", SCHEMA_VERSION)
        _register(ledger, tmp_path, "handmade_zh", tmp_path / "zh.txt", record)
        counts = export_run(tmp_path, ledger)
    assert counts == ExportCounts(
        documents=1, drugs=0, companies=0, events=1, trials=0, results=0, deals=0
    )
    row = _one(_csv(tmp_path, "events.csv")[1], doc_id="handmade_zh")
    assert (row["agency"], row["jurisdiction"], row["evidence"]) == (ZH_AGENCY, "中国", ZH_QUOTE)
    assert row["date_as_stated"] == "2023年11月8日"
    line = (tmp_path / "summaries.jsonl").read_text(encoding="utf-8")
    assert ZH_AGENCY in line, "JSONL keeps Chinese readable, not as \\u escapes"
    assert json.loads(line)["summary"]["regulatory_events"][0]["agency"] == ZH_AGENCY
    for name in HEADERS:
        assert _csv(tmp_path, name) == (HEADERS[name], [] if name != "events.csv" else [row])
    _no_temporary_files(tmp_path)


def test_formula_like_text_is_inert_in_a_spreadsheet(tmp_path):
    record = _handmade_zh(tmp_path / "formula.json", indication='=HYPERLINK("http://x.test")')
    with Ledger(tmp_path) as ledger:
        ledger.start_run("handmade", "handmade", SCHEMA_VERSION)
        _register(ledger, tmp_path, "formula", tmp_path / "formula.txt", record)
        export_run(tmp_path, ledger)
    row = _one(_csv(tmp_path, "events.csv")[1], doc_id="formula")
    assert row["indication"] == '\'=HYPERLINK("http://x.test")'


def test_result_drug_is_its_trials_and_never_guessed(tmp_path):
    """A trial without a drug leaves its results' drug empty, though the document names one."""
    quote = [Evidence(quote=ZH_QUOTE, start=0, end=len(ZH_QUOTE), alignment="exact")]
    result = EndpointResult(endpoint="ORR", arm_value=82.1, unit="%", evidence=quote)
    record = _write(
        tmp_path / "trials.json",
        drugs=[Drug(name="伊基奥仑赛注射液", development_codes=["CNCT19"], evidence=quote)],
        companies=[
            Company(
                name="=驯鹿生物",
                roles=["developer"],
                tickers=[Ticker(exchange="SSE", symbol="688428")],
                evidence=quote,
            )
        ],
        trials=[
            Trial(drug=None, results=[result], evidence=quote),
            Trial(drug="@CNCT19", results=[result], evidence=quote),
        ],
    )
    with Ledger(tmp_path) as ledger:
        ledger.start_run("handmade", "handmade", SCHEMA_VERSION)
        _register(ledger, tmp_path, "trials", tmp_path / "trials.txt", record)
        counts = export_run(tmp_path, ledger)
    assert counts == ExportCounts(
        documents=1, drugs=1, companies=1, events=0, trials=2, results=2, deals=0
    )
    results = _csv(tmp_path, "results.csv")[1]
    assert [(row["trial_index"], row["drug"]) for row in results] == [("0", ""), ("1", "'@CNCT19")]
    drug = _one(_csv(tmp_path, "drugs.csv")[1], doc_id="trials")
    assert (drug["name"], drug["development_codes"], drug["evidence"]) == (
        "伊基奥仑赛注射液",
        "CNCT19",
        ZH_QUOTE,
    )
    company = _one(_csv(tmp_path, "companies.csv")[1], doc_id="trials")
    assert (company["name"], company["tickers"]) == ("'=驯鹿生物", "SSE:688428")


def test_missing_record_fails_and_keeps_the_previous_export(tmp_path):
    first = _handmade_zh(tmp_path / "first.json")
    with Ledger(tmp_path) as ledger:
        ledger.start_run("handmade", "handmade", SCHEMA_VERSION)
        _register(ledger, tmp_path, "first", tmp_path / "first.txt", first)
        export_run(tmp_path, ledger)
        before = {name: (tmp_path / name).read_bytes() for name in EXPORT_FILES}
        gone = _handmade_zh(tmp_path / "gone.json")
        _register(ledger, tmp_path, "gone", tmp_path / "gone.txt", gone)
        gone.unlink()
        with pytest.raises(ExportError, match=r"gone: cannot read its summary"):
            export_run(tmp_path, ledger)
    assert {name: (tmp_path / name).read_bytes() for name in EXPORT_FILES} == before
    _no_temporary_files(tmp_path)
