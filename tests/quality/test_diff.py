"""The run diff on two small runs written into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import Drug, PressReleaseSummary, RegulatoryEvent
from summarise.core.errors import ConfigurationError
from summarise.quality.diff import (
    diff_run_folders,
    diff_runs,
    diff_summaries,
    render_diff,
)
from tests.conftest import write_record
from tests.quality.test_evaluate import Q_DRUG, Q_EVENT, ev, make_gold, make_record


def _with_venetoclax() -> PressReleaseSummary:
    summary = make_gold()
    summary.drugs.append(Drug(name="Venetoclax", targets=["BCL2"], evidence=ev(Q_DRUG)))
    summary.regulatory_events = []
    summary.trials[0].enrolled = 192
    return summary


def _write_run(folder: Path, summaries: dict[str, PressReleaseSummary], **record: object) -> Path:
    for stem, summary in summaries.items():
        write_record(make_record(summary, f"seeds/{stem}.txt", **record), folder / f"{stem}.json")
    return folder


def _changed_doc1() -> PressReleaseSummary:
    changed = _with_venetoclax()
    changed.drugs.pop()  # Venetoclax removed
    changed.regulatory_events.append(
        RegulatoryEvent(agency="FDA", action="approval", drug="Zapitinib", evidence=ev(Q_EVENT))
    )
    changed.trials[0].enrolled = None
    changed.trials[0].results[0].arm_value = 49.5
    return changed


def test_diff_lists_changed_added_and_removed_facts_and_lone_documents(tmp_path: Path) -> None:
    run_a = _write_run(
        tmp_path / "a",
        {"doc1": _with_venetoclax(), "doc2": make_gold(), "doc3": make_gold()},
        created_at="2026-01-01T00:00:00+00:00",
        timings={"total": 10.0},
    )
    run_b = _write_run(
        tmp_path / "b",
        {"doc1": _changed_doc1(), "doc2": make_gold(), "doc4": make_gold()},
        created_at="2026-02-02T00:00:00+00:00",
        timings={"total": 99.0},
    )
    diff = diff_runs(run_a, run_b)
    assert diff.only_in_a == ["doc3"]
    assert diff.only_in_b == ["doc4"]
    assert diff.unchanged == ["doc2"]  # created_at and timings differ: not a change
    assert diff.run_changes == []
    assert [document.document for document in diff.changed] == ["doc1"]
    assert diff.changed[0].changes == [
        "drugs[1]: removed (Venetoclax)",
        "regulatory_events: +1 (FDA approval)",
        "trials[0].enrolled: 192 -> None",
        "trials[0].results[0].arm_value: 40 -> 49.5",
    ]
    text = render_diff(diff)
    assert "only in A: doc3" in text and "only in B: doc4" in text
    assert "  trials[0].enrolled: 192 -> None" in text
    assert render_diff(diff_run_folders(run_a, run_b)) == text


def test_a_model_change_is_reported_once_for_the_run(tmp_path: Path) -> None:
    summaries = {"doc1": make_gold(), "doc2": make_gold()}
    run_a = _write_run(tmp_path / "a", summaries, model="model-a")
    run_b = _write_run(tmp_path / "b", summaries, model="model-b")
    diff = diff_runs(run_a, run_b)
    assert diff.run_changes == ["model: model-a -> model-b"]
    assert diff.changed == [] and diff.unchanged == ["doc1", "doc2"]
    assert render_diff(diff).count("model-a") == 1


def test_reordered_facts_are_no_change(tmp_path: Path) -> None:
    before = _with_venetoclax()
    after = _with_venetoclax()
    after.drugs.reverse()
    assert diff_summaries(before, after) == []


def test_changed_fields_show_old_and_new_values() -> None:
    before, after = make_gold(), make_gold()
    after.deals[0].total_value.amount = 22300000
    after.drugs[0].targets = ["JAK1", "JAK2"]
    after.document.date_iso = None
    assert diff_summaries(before, after) == [
        "document.date_iso: '2024-06-25' -> None",
        "drugs[0].targets: ['JAK1'] -> ['JAK1', 'JAK2']",
        "deals[0].total_value: 223000000 USD -> 22300000 USD",
    ]


def test_identical_runs_and_missing_runs(tmp_path: Path) -> None:
    run_a = _write_run(tmp_path / "a", {"doc1": make_gold()})
    same = diff_run_folders(run_a, run_a)
    assert same.identical and "no differences in 1 documents" in render_diff(same)
    empty = tmp_path / "empty"
    empty.mkdir()
    for other in (tmp_path / "nowhere", empty):
        with pytest.raises(ConfigurationError, match="run folder") as refused:
            diff_run_folders(run_a, other)
        assert "\n" not in str(refused.value)
