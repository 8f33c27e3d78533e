"""The command line: exit codes, one-line errors, files written, brief printed."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from summarise import cli
from summarise.llm import session
from summarise.llm.endpoint import open_endpoint
from tests.conftest import SEEDS, TEST_KEY
from tests.handmade_llm import Answer, ScriptedLLM

runner = CliRunner()


@pytest.fixture
def scripted_cli(monkeypatch):
    """Point the CLI's endpoint at a script instead of the network."""

    def install(script: ScriptedLLM) -> None:
        async def no_wait(_seconds: float) -> None:
            return None

        def fake_open(settings):
            return open_endpoint(settings, http_transport=script.transport, sleep=no_wait)

        monkeypatch.setattr(session, "open_endpoint", fake_open)

    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    return install


def test_run_writes_json_and_prints_brief(scripted_cli, answer_002, seed_002, tmp_path):
    scripted_cli(ScriptedLLM(Answer(answer_002)))
    result = runner.invoke(cli.app, ["run", str(seed_002), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "summaries" / "002_275e0f26444f97b0.txt.json").read_text())
    assert written["summary"]["trials"][0]["enrolled"] == 111
    assert written["provenance"]["model"] == "gpt-4o-mini"
    assert "## Trials" in result.stdout
    assert '> "involving 111 patients aged 12 years or older' in result.stdout
    assert "49.5%" in result.stdout
    assert TEST_KEY not in result.output


def test_bad_inputs_fail_alone_with_one_line_each(scripted_cli, answer_002, seed_002, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 20)
    missing = tmp_path / "missing.txt"
    scripted_cli(ScriptedLLM(Answer(answer_002)))
    out = tmp_path / "out"
    args = ["run", str(empty), str(binary), str(missing), str(seed_002), "-o", str(out)]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    for name, line in zip(["empty.txt", "blob.txt", "missing.txt"], errors, strict=True):
        assert name in line
    assert "Traceback" not in result.output
    assert "1 summarised, 3 failed" in result.stderr
    written = [path.name for path in (out / "summaries").rglob("*.json")]
    assert written == ["002_275e0f26444f97b0.txt.json"]


def test_openai_without_key_is_a_usage_error(monkeypatch, seed_002, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    args = ["run", str(seed_002), "-o", str(tmp_path), "--provider", "openai"]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.stderr and "--base-url" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unknown_option_is_a_usage_error(seed_002):
    assert runner.invoke(cli.app, ["run", str(seed_002), "--no-such-flag"]).exit_code == 2


def test_schema_prints_json_schema():
    result = runner.invoke(cli.app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "PressReleaseSummary"
    assert {"drugs", "trials", "deals", "caveats"} <= set(schema["properties"])
    evidence = schema["$defs"]["Evidence"]["properties"]
    assert list(evidence) == ["quote"]


def test_seeds_are_the_five_samples():
    assert len(list(SEEDS.glob("*.txt"))) == 5
