"""batch: ``summarise batch run|status|collect``, whole archives, resumably.

``batch run`` summarises live (or submits provider batches with ``--via
batch-api``); ``batch status`` and ``batch collect`` work from a run folder's
ledger alone, after a restart or on another machine.
"""

from __future__ import annotations

import asyncio
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from summarise.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    announce_destination,
    error,
    model_options,
    quiet_libraries,
    settings_from,
    usage_errors,
)
from summarise.core.errors import ConfigurationError, SummariseError

batch_app = typer.Typer(
    help="Summarise a whole archive concurrently and resumably; see `batch run --help`.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Via(StrEnum):
    LIVE = "live"
    BATCH_API = "batch-api"


RunFolder = Annotated[Path, typer.Argument(help="A run folder written by `batch run --out`.")]


@batch_app.command("run")
@model_options
def batch_run(
    inputs: Annotated[
        list[str], typer.Argument(help="Folders (recursive), files, globs, or @list.txt.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Run folder: ledger and summaries.")],
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
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
    *,
    flags: dict[str, Any],
) -> None:
    """Summarise an archive into --out; run it again to finish what is left.

    With --via batch-api it submits provider batches and returns at once; then
    `summarise batch status RUN_DIR` and `summarise batch collect RUN_DIR`.
    """
    from summarise.cli.output import (
        render_batch_result,
        render_failures,
        render_skipped,
        render_submit,
    )
    from summarise.runs.batch import BatchOptions, run_batch
    from summarise.runs.batchapi import submit
    from summarise.strategies import strategy_name

    quiet_libraries()
    with usage_errors():
        settings = settings_from(
            **flags, requests_per_minute=requests_per_minute, tokens_per_minute=tokens_per_minute
        )
        strategy_name(settings)
        announce_destination(settings, flags, None)
        options = BatchOptions(
            out_dir=out, concurrency=concurrency, retry_failed=retry_failed, show_progress=not quiet
        )
        try:
            if via is Via.BATCH_API:
                submitted = asyncio.run(submit(inputs, options, settings))
                typer.echo(render_submit(submitted, out), err=True)
                if submitted.ran_live is None:
                    raise typer.Exit(EXIT_SOME_FAILED if submitted.failed else EXIT_OK)
                result = submitted.ran_live
            else:
                result = asyncio.run(run_batch(inputs, options, settings))
        except ConfigurationError:
            raise
        except SummariseError as problem:
            error(str(problem))
            raise typer.Exit(EXIT_SOME_FAILED) from None
    typer.echo(render_batch_result(result, out), err=True)
    if result.skipped.count:
        typer.echo(render_skipped(result.skipped), err=True)
    if result.failures:
        typer.echo(render_failures(result.failures), err=True)
    if result.interrupted:
        if result.remaining:
            error(
                f"interrupted with {result.remaining} document(s) left; "
                "run the same command again to finish them"
            )
        else:
            error("interrupted after the last document; every document is finished")
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_SOME_FAILED if result.failed or result.skipped_failed else EXIT_OK)


def _ledger_folder(run_dir: Path) -> None:
    from summarise.runs.ledger import LEDGER_FILE

    if not (run_dir / LEDGER_FILE).is_file():
        raise ConfigurationError(f"{run_dir}: no batch ledger here ({LEDGER_FILE})")


@batch_app.command("status")
def batch_status(
    run_dir: RunFolder,
    base_url: Annotated[str | None, typer.Option(help="The provider's endpoint.")] = None,
) -> None:
    """Each provider batch's state, counts and estimated input cost."""
    from summarise.cli.output import render_batch_states
    from summarise.runs.batchapi import status

    with usage_errors():
        _ledger_folder(run_dir)
        states = asyncio.run(status(run_dir, settings_from(base_url=base_url)))
    typer.echo(render_batch_states(states))
    raise typer.Exit(EXIT_OK)


@batch_app.command("collect")
def batch_collect(
    run_dir: RunFolder,
    base_url: Annotated[str | None, typer.Option(help="The provider's endpoint.")] = None,
) -> None:
    """Download finished provider batches, validate and ground every answer, write them."""
    from summarise.cli.output import render_collect
    from summarise.runs.batchapi import collect

    quiet_libraries()
    with usage_errors():
        _ledger_folder(run_dir)
        collected = asyncio.run(collect(run_dir, settings_from(base_url=base_url)))
    typer.echo(render_collect(collected, run_dir), err=True)
    raise typer.Exit(EXIT_SOME_FAILED if collected.failed else EXIT_OK)
