"""The command line: exit codes, one-line errors, files written, brief printed."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from schemas import FACT_LISTS
from summarise import cli
from summarise.cli.output import render_batch_result
from summarise.llm import session
from summarise.llm.endpoint import open_endpoint
from summarise.runs.batch import BatchResult
from summarise.views.brief import NO_FACTS_WARNING
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
    assert NO_FACTS_WARNING not in result.output
    assert TEST_KEY not in result.output


def test_a_summary_with_no_facts_is_reported_not_passed_off(
    scripted_cli, answer_002, seed_002, tmp_path
):
    factless = answer_002 | {name: [] for name in FACT_LISTS}
    scripted_cli(ScriptedLLM(Answer(factless)))
    result = runner.invoke(cli.app, ["run", str(seed_002), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"warning: {seed_002}: {NO_FACTS_WARNING}" in result.stderr.splitlines()
    assert f"> **Warning**: {NO_FACTS_WARNING}." in result.stdout.splitlines()
    assert (tmp_path / "summaries" / "002_275e0f26444f97b0.txt.json").is_file()


def test_the_batch_result_line_counts_documents_with_no_facts(tmp_path):
    line = render_batch_result(BatchResult(done=7, no_facts=2, failed=1), tmp_path)
    assert line.startswith("7 summarised (2 with no facts), 0 cached, 1 failed · ")
    assert "no facts" not in render_batch_result(BatchResult(done=7), tmp_path)


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


def _two_named_alike(tmp_path, seed_002):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_bytes(seed_002.read_bytes())
    return [str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt")]


def test_files_of_the_same_name_never_overwrite_each_other(
    scripted_cli, answer_002, seed_002, tmp_path
):
    scripted_cli(ScriptedLLM(Answer(answer_002), Answer(answer_002)))
    out = tmp_path / "out"
    result = runner.invoke(cli.app, ["run", *_two_named_alike(tmp_path, seed_002), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 summarised, 0 failed" in result.stderr
    written = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.json"))
    assert written == ["summaries/a/x.txt.json", "summaries/b/x.txt.json"]
    sources = {
        json.loads((out / name).read_text())["provenance"]["source_file"] for name in written
    }
    assert len(sources) == 2


def test_a_folder_with_a_bad_file_summarises_the_good_ones(
    scripted_cli, answer_002, seed_002, tmp_path
):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(seed_002.read_bytes())
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    (folder / "deck.docx").write_bytes(b"PK\x03\x04")
    scripted_cli(ScriptedLLM(Answer(answer_002)))
    out = tmp_path / "out"
    result = runner.invoke(cli.app, ["run", str(folder), "-o", str(out), "--format", "none"])
    assert result.exit_code == 1
    assert "bad.txt: cannot decode text" in result.stderr
    assert (
        "skipped 1 file(s) of unsupported types" in result.stderr and "deck.docx" in result.stderr
    )
    assert "1 summarised, 1 failed" in result.stderr
    assert (out / "summaries" / "good.txt.json").is_file()


def test_only_bad_inputs_start_no_model_and_write_nothing(monkeypatch, tmp_path):
    from summarise.llm import session as sessions

    def no_model(*args, **kwargs):
        raise AssertionError("a session was opened for inputs that could not be read")

    monkeypatch.setattr(sessions, "open_session", no_model)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = tmp_path / "out"
    result = runner.invoke(cli.app, ["run", str(empty), str(tmp_path / "gone.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert "0 summarised, 2 failed, nothing written" in result.stderr
    assert "written to" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("flag", "value", "named"),
    [("--provider", "bogus", "--provider"), ("--strategy", "bogus", "unknown strategy 'bogus'")],
)
def test_a_bad_choice_is_a_one_line_usage_error(seed_002, tmp_path, flag, value, named):
    result = runner.invoke(cli.app, ["run", str(seed_002), "-o", str(tmp_path), flag, value])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and named in lines[0]
    assert "Traceback" not in result.output


def test_batch_status_and_collect_on_a_live_run_need_no_endpoint(monkeypatch, tmp_path):
    from summarise.runs.ledger import Ledger

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with Ledger(tmp_path) as ledger:
        ledger.start_run("gemma-3-270m", "p", "s")
        ledger.finish_run("finished")
    status = runner.invoke(cli.app, ["batch", "status", str(tmp_path)])
    assert status.exit_code == 0, status.output
    assert "no provider batches" in status.stdout
    collected = runner.invoke(cli.app, ["batch", "collect", str(tmp_path)])
    assert collected.exit_code == 0, collected.output
    assert "0 summarised from batches" in collected.stderr


def test_version_and_short_help():
    version = runner.invoke(cli.app, ["--version"])
    assert version.exit_code == 0 and version.stdout.startswith("summarise ")
    short = runner.invoke(cli.app, ["run", "-h"])
    assert short.exit_code == 0 and "--grounding-policy" in short.stdout


def test_batch_run_takes_the_options_run_takes():
    shown = runner.invoke(cli.app, ["batch", "run", "-h"], env={"COLUMNS": "250"}).stdout
    for option in ("--grounding-policy", "--language", "--strategy", "--model-path", "--via"):
        assert option in shown, option


def test_standard_input_is_a_document(scripted_cli, answer_002, seed_002, tmp_path):
    scripted_cli(ScriptedLLM(Answer(answer_002)))
    out = tmp_path / "out"
    result = runner.invoke(
        cli.app, ["run", "-", "-o", str(out), "--format", "json"], input=seed_002.read_bytes()
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["summary"]["trials"][0]["enrolled"] == 111
    assert record["provenance"]["source_file"] is None
    assert (out / "summaries" / "stdin.json").is_file()


def test_json_on_several_documents_is_json_lines(scripted_cli, answer_002, seed_002, tmp_path):
    scripted_cli(ScriptedLLM(Answer(answer_002), Answer(answer_002)))
    files = _two_named_alike(tmp_path, seed_002)
    result = runner.invoke(cli.app, ["run", *files, "-o", str(tmp_path / "o"), "--format", "json"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert all(json.loads(line)["summary"]["trials"][0]["enrolled"] == 111 for line in lines)


@pytest.mark.parametrize(
    ("remaining", "said"),
    [(0, "every document is finished"), (3, "3 document(s) left; run the same command again")],
)
def test_an_interrupted_batch_says_what_is_true(monkeypatch, tmp_path, remaining, said):
    from summarise.runs import batch as batch_module

    async def interrupted(inputs, options, settings):
        return batch_module.BatchResult(done=2, interrupted=True, remaining=remaining)

    monkeypatch.setattr(batch_module, "run_batch", interrupted)
    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    result = runner.invoke(cli.app, ["batch", "run", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 130
    assert said in result.stderr


def test_the_provider_line_says_where_documents_go_and_why(
    scripted_cli, answer_002, seed_002, tmp_path
):
    scripted_cli(ScriptedLLM(Answer(answer_002)))
    result = runner.invoke(cli.app, ["run", str(seed_002), "-o", str(tmp_path), "--format", "none"])
    assert result.exit_code == 0, result.output
    first = result.stderr.splitlines()[0]
    assert first == (
        "sending documents to OpenAI at api.openai.com, model gpt-4o-mini "
        "(chosen by OPENAI_API_KEY in the environment)"
    )
    assert TEST_KEY not in result.output


@pytest.mark.parametrize(
    ("arguments", "environment", "said"),
    [
        (
            ["--base-url", "http://127.0.0.1:8080/v1", "--model", "qwen"],
            {},
            "an OpenAI-compatible server at 127.0.0.1:8080, model qwen (--base-url)",
        ),
        (
            ["--model", "qwen"],
            {"OPENAI_BASE_URL": "http://10.0.0.5:8000/v1"},
            "at 10.0.0.5:8000, model qwen (chosen by OPENAI_BASE_URL in the environment)",
        ),
    ],
)
def test_the_provider_line_names_a_compatible_server_and_its_origin(
    scripted_cli, answer_002, seed_002, tmp_path, monkeypatch, arguments, environment, said
):
    scripted_cli(ScriptedLLM(Answer(answer_002)))
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    args = ["run", str(seed_002), "-o", str(tmp_path), "--format", "none", *arguments]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert said in result.stderr.splitlines()[0]


def test_batch_run_prints_the_provider_line_before_any_document(monkeypatch, tmp_path):
    from summarise.runs import batch as batch_module

    async def nothing_to_do(inputs, options, settings):
        return batch_module.BatchResult()

    monkeypatch.setattr(batch_module, "run_batch", nothing_to_do)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    result = runner.invoke(cli.app, ["batch", "run", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0].startswith(
        "sending documents to the embedded model at 127.0.0.1 (this machine), model gemma-3-270m"
    )


def test_a_model_name_without_an_endpoint_is_a_usage_error(monkeypatch, seed_002, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    result = runner.invoke(
        cli.app, ["run", str(seed_002), "--model", "gpt-4o-mini", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and "--model gpt-4o-mini" in line
    assert "OPENAI_API_KEY" in line and "--base-url" in line
    assert not (tmp_path / "summaries").exists()


def test_a_closed_port_stops_the_run_at_the_first_document(monkeypatch, seed_002, tmp_path):
    from summarise.llm.embedded import free_port

    monkeypatch.setenv("OPENAI_API_KEY", TEST_KEY)
    closed = f"http://127.0.0.1:{free_port()}/v1"
    seeds = [str(path) for path in sorted(SEEDS.glob("*.txt"))]
    started = time.perf_counter()
    result = runner.invoke(
        cli.app, ["run", *seeds, "--base-url", closed, "--model", "m", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{closed.removesuffix('/v1')} could not be reached" in errors[0]
    assert time.perf_counter() - started < 5, "no retries, no second document"


def test_report_names_the_documents_summarised_with_no_facts(tmp_path):
    from schemas import PressReleaseSummary
    from tests.conftest import write_record
    from tests.quality.test_evaluate import make_gold, make_record

    empty = PressReleaseSummary.model_validate({"document": {}, "headline": "", "summary": ""})
    write_record(make_record(empty, None), tmp_path / "summaries" / "blank.txt.json")
    write_record(make_record(make_gold(), None), tmp_path / "summaries" / "full.txt.json")
    result = runner.invoke(cli.app, ["report", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 summarised with no facts: blank.txt" in result.stdout
