"""quality: ``summarise eval`` and ``summarise diff``, how good a run is and what changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from summarise.cli.common import EXIT_OK, EXIT_SOME_FAILED, usage_errors

RunFolder = Annotated[
    Path, typer.Argument(help="A run folder (from `run -o` or `batch run --out`).")
]


def evaluate(
    run_dir: RunFolder,
    gold: Annotated[Path, typer.Option(help="Folder of gold summaries, one per document.")] = Path(
        "eval/gold"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="JSON for scripts.")] = False,
) -> None:
    """Field-level precision, recall and F1 of a run against gold annotations."""
    from summarise.quality.evaluate import evaluate_run, render_table

    with usage_errors():
        result = evaluate_run(gold, run_dir)
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        typer.echo(render_table(result))
    raise typer.Exit(EXIT_OK)


def diff(
    run_a: Annotated[Path, typer.Argument(help="The earlier run folder.")],
    run_b: Annotated[Path, typer.Argument(help="The later run folder.")],
) -> None:
    """Which documents and fields changed between two runs (exit 1 when any did, as diff)."""
    from summarise.quality.diff import diff_run_folders, render_diff

    with usage_errors():
        result = diff_run_folders(run_a, run_b)
    typer.echo(render_diff(result))
    raise typer.Exit(EXIT_OK if result.identical else EXIT_SOME_FAILED)
