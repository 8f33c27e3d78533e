"""Commands that call no model import no LLM client or loader library, so they start fast.

Each check runs in a fresh interpreter: in this one, other tests have imported everything
already. ``bench/startup.py`` measures what the imports left out are worth.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import summarise
from bench.startup import HEAVY
from summarise import api
from summarise.core import settings
from summarise.llm import session
from summarise.runs.layout import RunLayout
from tests.conftest import ROOT
from tests.quality.test_evaluate import SOURCE, make_gold, make_record

REPORT_IMPORTS = f"""
import sys as _sys
print(" ".join(name for name in {HEAVY!r} if name in _sys.modules))
"""
"""Appended to a probe: its last line names the :data:`HEAVY` libraries loaded by then."""

RUN_COMMAND = """
import sys
from summarise.cli import app
try:
    code = app(sys.argv[1:], standalone_mode=False)
except SystemExit as stopped:
    code = stopped.code
print(f"exit {code}")
"""
"""The CLI in-process, on the arguments after ``-c``; prints the exit code last."""


def _fresh_python(code: str, *arguments: str) -> tuple[list[str], list[str]]:
    """Run ``code`` in a new interpreter from the project folder (this checkout's code);
    return its output lines and the :data:`HEAVY` libraries it had imported at the end."""
    completed = subprocess.run(
        [sys.executable, "-c", code + REPORT_IMPORTS, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    *output, imported = completed.stdout.splitlines()
    return output, imported.split()


def _command(*arguments: str) -> tuple[str, str]:
    """``summarise ARGUMENTS`` in a fresh interpreter: its output and its exit line; fails
    when it imported any :data:`HEAVY` library."""
    output, imported = _fresh_python(RUN_COMMAND, *arguments)
    assert imported == [], f"summarise {' '.join(arguments)} imported {imported}"
    *printed, exit_line = output
    return "\n".join(printed), exit_line


@pytest.fixture
def runs(tmp_path: Path) -> dict[str, Path]:
    """A gold folder and two run folders of one record each, laid out as ``run`` writes
    them; run B's trial enrolled 250 patients where the gold and run A say 200."""
    source = tmp_path / "sources" / "doc1.txt"
    source.parent.mkdir()
    source.write_text(SOURCE, encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "doc1.json").write_text(make_gold().model_dump_json(indent=2), encoding="utf-8")
    changed = make_gold()
    changed.trials[0].enrolled = 250
    for name, summary in (("a", make_gold()), ("b", changed)):
        RunLayout(tmp_path / name).write_record(make_record(summary, str(source)), "doc1.txt")
    return {"gold": gold, "a": tmp_path / "a", "b": tmp_path / "b"}


def test_importing_the_cli_imports_no_llm_or_loader_library() -> None:
    output, imported = _fresh_python("import summarise.cli")
    assert output == []
    assert imported == []


def test_help_lists_every_command_and_imports_nothing_heavy() -> None:
    output, exit_line = _command("--help")
    assert exit_line == "exit 0"
    for command in ("run", "batch", "report", "eval", "diff", "digest", "schema"):
        assert re.search(rf"^\W*{command}\s", output, re.MULTILINE), command


def test_schema_prints_the_summary_schema_and_imports_nothing_heavy() -> None:
    output, exit_line = _command("schema")
    assert exit_line == "exit None"  # it returns, raising no Exit: success
    schema = json.loads(output)
    assert {"drugs", "trials", "deals"} <= set(schema["properties"])


def test_eval_scores_a_run_and_imports_nothing_heavy(runs: dict[str, Path]) -> None:
    output, exit_line = _command("eval", str(runs["a"]), "--gold", str(runs["gold"]))
    assert exit_line == "exit 0"
    assert re.search(r"^overall\s+1\.000\s+1\.000\s+1\.000\s", output, re.MULTILINE), output


def test_diff_names_the_changed_field_and_imports_nothing_heavy(runs: dict[str, Path]) -> None:
    output, exit_line = _command("diff", str(runs["a"]), str(runs["b"]))
    assert exit_line == "exit 1"
    assert "enrolled" in output and "250" in output
    assert "1 changed, 0 unchanged" in output


def test_report_writes_the_review_pages_and_imports_nothing_heavy(runs: dict[str, Path]) -> None:
    output, exit_line = _command("report", str(runs["a"]))
    index = runs["a"] / "review" / "index.html"
    assert exit_line == "exit 0"
    assert output == f"review: {index}"
    assert "doc1.txt" in index.read_text(encoding="utf-8")
    assert (runs["a"] / "review" / "doc1.txt.html").is_file()


def test_digest_resolves_a_run_and_imports_nothing_heavy(runs: dict[str, Path]) -> None:
    output, exit_line = _command("digest", str(runs["a"]), "--format", "jsonl")
    assert exit_line == "exit 0"
    events = {event["kind"]: event for event in map(json.loads, output.splitlines())}
    assert events["regulatory"]["action"] == "approval"
    assert (events["trial"]["drug"], events["trial"]["values"]["enrolled"]) == ("Zapitinib", "200")


def test_the_package_exposes_its_api_lazily() -> None:
    output, imported = _fresh_python("import summarise")
    assert (output, imported) == ([], [])
    public = {
        "summarise_file": api.summarise_file,
        "summarise_text": api.summarise_text,
        "asummarise_file": api.asummarise_file,
        "asummarise_text": api.asummarise_text,
        "open_session": session.open_session,
        "Settings": settings.Settings,
    }
    assert sorted(summarise.__all__) == sorted(public)
    for name, value in public.items():
        assert getattr(summarise, name) is value, name
    with pytest.raises(AttributeError, match="no attribute 'summary_of'"):
        _ = summarise.summary_of
