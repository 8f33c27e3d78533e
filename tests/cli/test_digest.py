"""``summarise digest`` on the test archive (``tests/digest_archive.py``): the seeds and the
development set, each document also as two rewrites, summarised through answers derived
from the gold summaries (hand-made, no model).

The real events are the gold summaries' regulatory events, trials and deals, each once,
except the three facts two seeds both report (ruxolitinib cream's FDA and EMA vitiligo
approvals and its real-world study, in seeds 001 and 002): each must be one row whose
sources are that fact in every version of every document reporting it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from schemas import PressReleaseSummary
from schemas.digest import ResolvedEvent
from summarise import cli
from summarise.cli.common import EXIT_OK, EXIT_USAGE
from summarise.pipeline.document import read_source
from summarise.runs.layout import RunLayout
from summarise.runs.ledger import LEDGER_FILE, Ledger
from tests.digest_archive import FOLDERS, Archive

SEED_001 = "seeds/001_f7ab173160a0d3fb.txt"
SEED_002 = "seeds/002_275e0f26444f97b0.txt"
REPORTED_TWICE = {
    frozenset({(SEED_001, "regulatory_events[2]"), (SEED_002, "regulatory_events[0]")}),
    frozenset({(SEED_001, "regulatory_events[4]"), (SEED_002, "regulatory_events[1]")}),
    frozenset({(SEED_001, "trials[1]"), (SEED_002, "trials[0]")}),
}
"""(document, fact) pairs that are one real event: seed 001's FDA and EMA approvals of
ruxolitinib cream for vitiligo and its Boao real-world study are seed 002's."""
D05 = "devset/d05_co_development_equity"
D01 = "devset/d01_fda_accelerated_approval"
D12 = "devset/d12_big5_hk_announcement"


def _digest(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli.app, ["digest", *arguments])
    return result.exit_code, result.stdout, result.stderr


def _jsonl(*arguments: str) -> list[ResolvedEvent]:
    code, out, err = _digest(*arguments, "--format", "jsonl")
    assert code == EXIT_OK, err
    return [ResolvedEvent.model_validate_json(line) for line in out.splitlines()]


def _original(archive: Archive, doc_id: str) -> str:
    return next(first for first, versions in archive.versions.items() if doc_id in versions)


def _real_events(archive: Archive) -> set[frozenset[tuple[str, str]]]:
    """Every gold fact that resolves into an event, as (original document, fact path); the
    facts reported twice as one event."""
    facts = set()
    for original in archive.versions:
        folder, name = original.split("/")
        gold = FOLDERS[folder][1] / f"{Path(name).stem}.json"
        summary = PressReleaseSummary.model_validate_json(gold.read_text("utf-8"))
        for field in ("regulatory_events", "trials", "deals"):
            facts |= {
                (original, f"{field}[{index}]") for index in range(len(getattr(summary, field)))
            }
    twice = set().union(*REPORTED_TWICE)
    return {frozenset({fact}) for fact in facts - twice} | REPORTED_TWICE


def test_one_row_per_real_event_each_with_every_version_of_every_source(digest_archive):
    events = _jsonl(str(digest_archive.run))

    resolved = {
        frozenset((_original(digest_archive, s.doc_id), s.fact) for s in event.sources)
        for event in events
    }
    assert len(resolved) == len(events)
    assert resolved == _real_events(digest_archive)
    for event in events:
        originals = {_original(digest_archive, source.doc_id) for source in event.sources}
        expected = {
            doc_id for original in originals for doc_id in digest_archive.versions[original]
        }
        assert sorted(source.doc_id for source in event.sources) == sorted(expected), event


def test_the_markdown_digest_puts_news_first_and_flags_the_planted_conflict(digest_archive):
    code, out, _ = _digest(str(digest_archive.run))

    assert code == EXIT_OK
    assert out.startswith(
        f"# Digest of {digest_archive.run}\n\n"
        "51 documents · 231 regulatory events, trials and deals resolved into 74 events  \n"
        "74 shown · 1 with conflicting values  \n"
    )
    headings = re.findall(r"^## (.+)$", out, re.MULTILINE)
    assert headings == ["News", "Trials", "Deals", "Background", "Conflicts"]
    news = out.split("## News\n")[1].split("\n\n")[0].splitlines()
    assert news[0] == (
        "- 2025-10-06 · Saprelimab · Lakeshire Pharmaceuticals, Inc. · FDA · supplemental "
        "approval · add-on maintenance treatment for adults with inadequately controlled chronic "
        "rhinosinusitis with nasal polyps (CRSwNP) · 3 sources"
    )
    assert "- Tuesday (reported 2025-06-13) · SVB-19 · Silvanus Biotherapeutics · FDA · " in out
    deal = next(line for line in out.splitlines() if "co-development deal" in line)
    assert "upfront: 40,000,000 USD ≠ 45,000,000 USD (conflict)" in deal
    assert deal.endswith("· 3 sources")
    conflicts = out.split("## Conflicts\n")[1].strip()
    assert conflicts == (
        f"- TLV-580 · co-development deal · reported 2025-01-13: upfront 40,000,000 USD "
        f"({D05}.rewrite1.txt, {D05}.txt) ≠ 45,000,000 USD ({D05}.rewrite2.txt)"
    )
    assert "42,500,000" not in out  # never averaged


def test_the_conflict_keeps_every_value_with_its_sources(digest_archive):
    events = _jsonl(str(digest_archive.run))
    (conflicted,) = [event for event in events if event.conflicts]
    assert (conflicted.drug, conflicted.deal_type.value) == ("TLV-580", "co_development")
    assert "upfront" not in conflicted.values
    assert conflicted.values["milestones"] == "560,000,000 USD"
    ((field, stated),) = [(c.field, c.values) for c in conflicted.conflicts]
    assert field == "upfront"
    assert [(value.value, sorted(value.doc_ids)) for value in stated] == [
        ("40,000,000 USD", [f"{D05}.rewrite1.txt", f"{D05}.txt"]),
        ("45,000,000 USD", [f"{D05}.rewrite2.txt"]),
    ]


def test_every_source_keeps_its_quotes_at_their_offsets(digest_archive):
    texts: dict[str, str] = {}
    for event in _jsonl(str(digest_archive.run)):
        for source in event.sources:
            path = digest_archive.folder / source.doc_id
            text = texts.setdefault(source.doc_id, read_source(path).cleaned)
            assert source.evidence
            for evidence in source.evidence:
                assert evidence.start is not None and evidence.end is not None
                if evidence.alignment == "exact":
                    assert text[evidence.start : evidence.end] == evidence.quote


def _week_before(archive: Archive, folder: Path) -> Path:
    """An earlier run: every original and first rewrite but d12's, as `run -o` writes them."""
    earlier, layout = RunLayout(folder), RunLayout(archive.run)
    for original, versions in archive.versions.items():
        if original.startswith(D12):
            continue
        for doc_id in versions[:2]:
            target = earlier.summary_path(doc_id)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(layout.summary_path(doc_id), target)
    return folder


def _marks(events: list[ResolvedEvent]) -> dict[str, list[tuple[str, str, list[str]]]]:
    marked: dict[str, list[tuple[str, str, list[str]]]] = {}
    for event in events:
        named = [kind for kind in (event.action, event.phase, event.deal_type) if kind]
        what = named[0].value if named else event.kind.value
        marked.setdefault(event.change.value, []).append((event.drug, what, event.changed))
    return marked


@pytest.mark.parametrize("previous_as", ["jsonl", "run folder"])
def test_previous_marks_what_is_new_and_what_a_later_source_changed(
    digest_archive, tmp_path, previous_as
):
    earlier = _week_before(digest_archive, tmp_path / "week-before")
    previous = earlier
    if previous_as == "jsonl":
        previous = tmp_path / "week-before.jsonl"
        code, out, err = _digest(str(earlier), "--format", "jsonl")
        assert code == EXIT_OK, err
        previous.write_text(out, encoding="utf-8")

    events = _jsonl(str(digest_archive.run), "--previous", str(previous))

    marks = _marks(events)
    assert sorted(marks["new"]) == [
        ("RH-1024", "ind_clearance", []),
        ("RH-1024", "ind_clearance", []),
        ("RH-1024", "phase_1", []),
    ]
    assert sorted(marks["changed"]) == [
        ("Lomitertinib", "breakthrough_therapy", ["date"]),
        ("TLV-580", "co_development", ["upfront"]),
    ]
    assert len(marks["unchanged"]) == 74 - 5
    code, out, _ = _digest(str(digest_archive.run), "--previous", str(previous))
    assert f"against {previous}: 3 new, 2 changed, 0 gone" in out
    assert "- **changed: upfront** · reported 2025-01-13 · TLV-580 · " in out
    assert "- **changed: date** · 2023-05-16 · Lomitertinib · " in out
    assert "- **new** · 2025-03-12 · RH-1024 · " in out


def test_previous_lists_what_is_gone(digest_archive, tmp_path):
    earlier = _week_before(digest_archive, tmp_path / "week-before")
    code, out, _ = _digest(str(earlier), "--previous", str(digest_archive.run))

    assert code == EXIT_OK
    assert f"against {digest_archive.run}: 0 new, 2 changed, 3 gone" in out
    gone = out.split("## Gone since the previous digest\n")[1].strip().splitlines()
    assert len(gone) == 3 and all("RH-1024" in line for line in gone)


def test_since_keeps_what_may_have_happened_on_or_after_the_date(digest_archive):
    events = _jsonl(str(digest_archive.run), "--since", "2025-06")
    dates = {
        (event.drug, event.date or event.date_as_stated or event.first_reported) for event in events
    }
    assert ("HSP-0715", "2025-06-09") in dates
    assert ("SVB-19", "Tuesday") in dates  # the week before 2025-06-13
    assert ("Saprelimab", "2025-06") in dates  # EMA validation, June 2025
    assert not any(drug == "Ivarmacitinib" for drug, _ in dates)  # undated: left out
    assert all((event.date or event.first_reported) >= "2025-06" for event in events)


@pytest.mark.parametrize("name", ["CRV2210", "darvelta", "lomitertinib"])
def test_a_drug_timeline_by_any_of_its_names_holds_its_news_and_history(digest_archive, name):
    code, out, _ = _digest(str(digest_archive.run), "--drug", name)

    assert code == EXIT_OK
    assert out.startswith(f"# Timeline of {name} in ")
    assert f"7 shown (drug {name}) · 0 with conflicting values" in out
    lines = [line for line in out.splitlines() if line.startswith("- ")]
    assert len(lines) == 7  # approval, priority review, BTD, three trials, the licence
    assert sum("(background)" in line for line in lines) == 2
    assert all("Lomitertinib" in line for line in lines)


def test_a_drug_by_its_local_name_and_a_company_timeline(digest_archive):
    korean = _jsonl(str(digest_archive.run), "--drug", "델스타정")
    assert {event.drug for event in korean} == {"delvostinib"} and len(korean) == 4
    talvera = _jsonl(str(digest_archive.run), "--company", "Talvera")
    assert sorted(event.kind.value for event in talvera) == ["deal", "deal", "deal", "trial"]


def test_csv_has_one_row_per_event(digest_archive):
    code, out, _ = _digest(str(digest_archive.run), "--format", "csv")

    assert code == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 74
    (deal,) = [row for row in rows if row["conflicts"]]
    assert deal["conflicts"].startswith("upfront: 40,000,000 USD (")
    assert deal["source_count"] == "3"
    assert deal["doc_ids"].count(D05) == 3


def test_the_resolution_is_stored_in_the_ledger(digest_archive):
    code, _, _ = _digest(str(digest_archive.run))
    assert code == EXIT_OK
    with closing(sqlite3.connect(digest_archive.run / LEDGER_FILE)) as db:
        (events,) = db.execute("SELECT COUNT(*) FROM resolved_events").fetchone()
        conflicts = db.execute("SELECT field, value FROM event_conflicts ORDER BY value").fetchall()
        news = db.execute(
            "SELECT COUNT(*) FROM resolved_events WHERE kind = 'regulatory' AND reporting = 'news'"
        ).fetchone()
        quotes = db.execute(
            "SELECT COUNT(DISTINCT doc_id) FROM event_sources WHERE quote_start IS NOT NULL"
        ).fetchone()
    assert events == 74
    assert conflicts == [("upfront", "40,000,000 USD"), ("upfront", "45,000,000 USD")]
    assert news == (12,)
    assert quotes == (51,)


def test_the_html_digest_links_every_source_to_its_review_page(digest_archive):
    code, out, _ = _digest(str(digest_archive.run), "--format", "html")

    assert code == EXIT_OK
    page = digest_archive.run / "review" / "digest.html"
    assert out == f"digest: {page}\n"
    html = page.read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;' in html
    links = re.findall(r'<li><a href="([^"#]+)#(fact-[a-z_0-9-]+)"', html)
    assert len(links) == sum(len(event.sources) for event in _jsonl(str(digest_archive.run)))
    for target, anchor in links:
        review = (page.parent / target).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in review


def test_errors_are_one_line_and_exit_2(digest_archive, tmp_path):
    (tmp_path / "empty").mkdir()
    cases = {
        (str(tmp_path / "missing"),): f"{tmp_path / 'missing'}: no such run folder",
        (str(tmp_path / "empty"),): f"{tmp_path / 'empty'}: no summaries to digest",
        (str(digest_archive.run), "--since", "2025-13-01"): "--since '2025-13-01': not a date",
        (str(digest_archive.run), "--since", "last week"): "--since 'last week': not a date",
        (str(digest_archive.run), "--previous", str(tmp_path / "nope.jsonl")): "no such digest",
    }
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"event_id": "x"}\n', encoding="utf-8")
    cases[(str(digest_archive.run), "--previous", str(bad))] = "line 1 is not a digest event"
    for arguments, expected in cases.items():
        code, out, err = _digest(*arguments)
        assert code == EXIT_USAGE, (arguments, out, err)
        assert len(err.splitlines()) == 1 and err.startswith("error: ") and expected in err, err
        assert out == ""


def test_an_unreadable_record_is_named_and_the_rest_digested(digest_archive, tmp_path):
    run = tmp_path / "run"
    shutil.copytree(digest_archive.run / "summaries", run / "summaries")
    (run / "summaries" / "broken.txt.json").write_text("{not json", encoding="utf-8")

    code, out, err = _digest(str(run))

    assert code == 1
    assert err.startswith("warning: broken.txt: unreadable summary: invalid JSON")
    assert "50 documents · " not in out and "51 documents · " in out
    assert json.dumps("broken.txt")[1:-1] in out


def test_a_ledger_a_batch_holds_is_left_alone_and_the_digest_still_printed(digest_archive):
    with Ledger(digest_archive.run):
        code, out, err = _digest(str(digest_archive.run))

    assert code == EXIT_OK
    assert out.startswith("# Digest of ")
    assert err == (
        f"warning: {digest_archive.run}: another batch is running on this folder; wait for it "
        "or use another --out; the ledger's resolved events were not updated\n"
    )
