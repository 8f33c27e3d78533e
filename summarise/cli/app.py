"""The ``summarise`` command: argument parsing over the Python API, nothing more."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from schemas import PressReleaseSummary
from summarise.api import asummarise_file
from summarise.core.errors import ConfigurationError, InputError, SummariseError
from summarise.core.policy import GroundingPolicy
from summarise.core.settings import Settings
from summarise.llm.replay import CassetteMissing, ReplayMode, recording
from summarise.llm.session import open_session
from summarise.quality.diff import diff_command
from summarise.quality.evaluate import eval_command
from summarise.runs.batch import BatchOptions, run_batch
from summarise.runs.batchapi import collect, status, submit
from summarise.runs.ledger import LEDGER_FILE, Ledger
from summarise.runs.store import output_path, write_record
from summarise.views.brief import (
    render_batch_result,
    render_batch_states,
    render_collect,
    render_counts,
    render_failures,
    render_markdown,
    render_submit,
)
from summarise.views.review import REVIEW_FOLDER, write_review, write_run_review

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    help="Structured, evidence-grounded summaries of pharma and biotech press releases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


ProviderOption = Annotated[
    str | None,
    typer.Option(help="auto (default): OpenAI or --base-url if configured, else local."),
]
ModelOption = Annotated[str | None, typer.Option(help="Model name at the endpoint.")]
BaseUrlOption = Annotated[
    str | None, typer.Option(help="OpenAI-compatible endpoint (env OPENAI_BASE_URL).")
]
ModelPathOption = Annotated[
    Path | None, typer.Option(help="A GGUF file to serve as the local model.")
]
StrategyOption = Annotated[
    str | None, typer.Option(help="full (one call) or pick (model chooses among candidates).")
]


class Via(StrEnum):
    LIVE = "live"
    BATCH_API = "batch-api"


PROVIDER_BATCH_ACTIONS = ("status", "collect")
"""``summarise batch status DIR``: a folder literally named so is given as ./status."""


class OutputFormat(StrEnum):
    MD = "md"
    JSON = "json"
    HTML = "html"
    NONE = "none"


QUIET_LOGGERS = ("instructor",)
"""Libraries that log each failed attempt; the CLI reports failures itself, one line each."""


def _quiet_libraries() -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _error(message: str) -> None:
    typer.echo(f"error: {' '.join(message.split())}", err=True)


def _settings(**flags: Any) -> Settings:
    """Flags override the environment, which overrides defaults; unset flags are None."""
    return Settings(**{key: value for key, value in flags.items() if value is not None})


def _replay_plan(replay: Path | None, record: Path | None) -> tuple[Path | None, ReplayMode | None]:
    if replay and record:
        raise ConfigurationError("--replay and --record exclude each other")
    if replay:
        return replay, ReplayMode.REPLAY
    if record:
        return record, ReplayMode.RECORD
    return None, None


def _describe(file: Path, error: SummariseError) -> str:
    """One line naming the file (input and cassette errors name it themselves)."""
    if isinstance(error, InputError | CassetteMissing):
        return str(error)
    return f"{file}: {error}"


@app.command()
def run(
    files: Annotated[list[Path], typer.Argument(help="Press releases: .txt, .md or .html.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the JSON summaries.")] = Path(
        "out"
    ),
    provider: ProviderOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    model_path: ModelPathOption = None,
    strategy: StrategyOption = None,
    mode: Annotated[
        str | None, typer.Option(help="instructor mode: tools, tools_strict, json_schema, json.")
    ] = None,
    language: Annotated[str | None, typer.Option(help="Language of headline and summary.")] = None,
    grounding_policy: Annotated[
        GroundingPolicy | None,
        typer.Option(
            help="Facts still ungrounded after the retries: drop them or keep them marked."
        ),
    ] = None,
    validation_retries: Annotated[
        int | None, typer.Option(help="Re-asks after a schema or grounding failure.")
    ] = None,
    max_output_tokens: Annotated[int | None, typer.Option(help="Cap on each answer.")] = None,
    token_budget: Annotated[
        int | None, typer.Option(help="Cap on tokens per document over all attempts.")
    ] = None,
    max_input_bytes: Annotated[
        int | None, typer.Option(help="Largest input file accepted.")
    ] = None,
    input_budget_tokens: Annotated[
        int | None, typer.Option(help="Document tokens per call before chunking.")
    ] = None,
    replay: Annotated[
        Path | None, typer.Option(help="Replay recorded answers from this cassette folder.")
    ] = None,
    record: Annotated[
        Path | None, typer.Option(help="Record the endpoint's answers into this cassette folder.")
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="What to print on stdout per document.")
    ] = OutputFormat.MD,
) -> None:
    """Summarise press releases: one JSON per document in --out, a brief on stdout."""
    _quiet_libraries()
    try:
        settings = _settings(
            provider=provider,
            model=model,
            base_url=base_url,
            model_path=model_path,
            strategy=strategy,
            mode=mode,
            language=language,
            grounding_policy=grounding_policy,
            validation_retries=validation_retries,
            max_output_tokens=max_output_tokens,
            token_budget=token_budget,
            max_input_bytes=max_input_bytes,
            input_budget_tokens=input_budget_tokens,
        )
        cassettes, replay_mode = _replay_plan(replay, record)
        failed = asyncio.run(_run_all(files, out, settings, cassettes, replay_mode, output_format))
    except ConfigurationError as error:
        _error(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    except KeyboardInterrupt:
        _error("interrupted; summaries already written are complete")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if len(files) > 1 or failed:
        typer.echo(f"{len(files) - failed} summarised, {failed} failed, written to {out}", err=True)
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


async def _run_all(
    files: list[Path],
    out: Path,
    settings: Settings,
    cassettes: Path | None,
    replay_mode: ReplayMode | None,
    output_format: OutputFormat,
) -> int:
    """Summarise each file in turn; return how many failed."""
    failed = 0
    with open_session(settings, replaying=replay_mode is ReplayMode.REPLAY) as endpoint:
        for file in files:
            taped = nullcontext()
            if cassettes is not None and replay_mode is not None:
                hint = f"summarise run --record {cassettes} {file}"
                taped = recording(cassettes, file.stem, replay_mode, hint, document=str(file))
            try:
                with taped:
                    record = await asummarise_file(file, endpoint)
            except SummariseError as error:
                failed += 1
                _error(_describe(file, error))
                continue
            write_record(record, output_path(out, file))
            if output_format is OutputFormat.MD:
                typer.echo(render_markdown(record))
            elif output_format is OutputFormat.JSON:
                typer.echo(record.model_dump_json(indent=2))
            elif output_format is OutputFormat.HTML:
                page = write_review(record, output_path(out / REVIEW_FOLDER, file, ".html"))
                typer.echo(page)
    return failed


@app.command()
def batch(
    inputs: Annotated[
        list[str], typer.Argument(help="Folders (recursive), files, globs, or @list.txt.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Run folder: ledger and summaries.")
    ] = None,
    via: Annotated[
        Via, typer.Option(help="live calls, or the provider's Batch API at half the price.")
    ] = Via.LIVE,
    concurrency: Annotated[int, typer.Option(help="LLM requests in flight at once.")] = 16,
    retry_failed: Annotated[
        bool, typer.Option(help="Retry documents that failed in an earlier run.")
    ] = True,
    requests_per_minute: Annotated[
        float | None, typer.Option("--rpm", help="Pace requests under this quota.")
    ] = None,
    tokens_per_minute: Annotated[
        float | None, typer.Option("--tpm", help="Pace tokens under this quota.")
    ] = None,
    provider: ProviderOption = None,
    model: ModelOption = None,
    base_url: BaseUrlOption = None,
    model_path: ModelPathOption = None,
    strategy: StrategyOption = None,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Summarise a whole archive concurrently; run it again to finish what is left.

    With --via batch-api it submits provider batches and returns at once; then
    `summarise batch status RUN_DIR` and `summarise batch collect RUN_DIR`.
    """
    _quiet_libraries()
    try:
        settings = _settings(
            provider=provider,
            model=model,
            base_url=base_url,
            model_path=model_path,
            strategy=strategy,
            requests_per_minute=requests_per_minute,
            tokens_per_minute=tokens_per_minute,
        )
        if inputs[0] in PROVIDER_BATCH_ACTIONS and len(inputs) == 2 and out is None:
            _provider_batch_action(inputs[0], Path(inputs[1]), settings)
        if out is None:
            raise ConfigurationError(
                "batch needs --out RUN_DIR (the ledger and summaries go there)"
            )
        options = BatchOptions(
            out_dir=out,
            concurrency=concurrency,
            retry_failed=retry_failed,
            show_progress=not quiet,
        )
        if via is Via.BATCH_API:
            submitted = asyncio.run(submit(inputs, options, settings))
            typer.echo(render_submit(submitted, out), err=True)
            if submitted.ran_live is None:
                raise typer.Exit(EXIT_SOME_FAILED if submitted.failed else EXIT_OK)
            result = submitted.ran_live
        else:
            result = asyncio.run(run_batch(inputs, options, settings))
    except ConfigurationError as error:
        _error(str(error))
        raise typer.Exit(EXIT_USAGE) from None
    except SummariseError as error:
        _error(str(error))
        raise typer.Exit(EXIT_SOME_FAILED) from None
    typer.echo(render_batch_result(result, out), err=True)
    if result.interrupted:
        _error("interrupted; run the same command again to finish the rest")
        raise typer.Exit(EXIT_INTERRUPTED)
    if result.failures:
        typer.echo(render_failures(result.failures), err=True)
    raise typer.Exit(EXIT_SOME_FAILED if result.failed or result.skipped_failed else EXIT_OK)


def _provider_batch_action(action: str, run_dir: Path, settings: Settings) -> None:
    """``batch status RUN_DIR`` and ``batch collect RUN_DIR``: from the ledger alone."""
    if not (run_dir / LEDGER_FILE).is_file():
        raise ConfigurationError(f"{run_dir}: no batch ledger here ({LEDGER_FILE})")
    if action == "status":
        typer.echo(render_batch_states(asyncio.run(status(run_dir, settings))))
        raise typer.Exit(EXIT_OK)
    collected = asyncio.run(collect(run_dir, settings))
    typer.echo(render_collect(collected, run_dir), err=True)
    raise typer.Exit(EXIT_SOME_FAILED if collected.failed else EXIT_OK)


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="A run folder (from `run -o` or `batch --out`).")],
) -> None:
    """Write the run's review pages; for a batch, print its counts, cost and failures."""
    if not out.is_dir():
        _error(f"{out}: no such run folder")
        raise typer.Exit(EXIT_USAGE)
    failed = 0
    if (out / LEDGER_FILE).is_file():
        try:
            with Ledger(out) as ledger:
                counts, totals = ledger.counts(), ledger.totals()
                failures = ledger.failures_by_kind()
        except ConfigurationError as error:
            _error(str(error))
            raise typer.Exit(EXIT_USAGE) from None
        typer.echo(render_counts(counts, totals))
        if failures:
            typer.echo(render_failures(failures))
        failed = counts.get("failed", 0)
    typer.echo(f"review: {write_run_review(out)}")
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@app.command("eval")
def evaluate(
    run_dir: Annotated[Path, typer.Argument(help="A run folder (from `run -o` or `batch --out`).")],
    gold: Annotated[Path, typer.Option(help="Folder of gold summaries, one per document.")] = Path(
        "eval/gold"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """Field-level precision, recall and F1 of a run against gold annotations."""
    text, code = eval_command(gold, run_dir, as_json)
    typer.echo(text, err=code == EXIT_USAGE)
    raise typer.Exit(code)


@app.command()
def diff(
    run_a: Annotated[Path, typer.Argument(help="The earlier run folder.")],
    run_b: Annotated[Path, typer.Argument(help="The later run folder.")],
) -> None:
    """Which documents and fields changed between two runs (exit 1 when any did)."""
    text, code = diff_command(run_a, run_b)
    typer.echo(text, err=code == EXIT_USAGE)
    raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a summary."""
    json.dump(PressReleaseSummary.model_json_schema(), sys.stdout, indent=2)
    sys.stdout.write("\n")
