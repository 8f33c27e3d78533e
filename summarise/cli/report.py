"""report: ``summarise report``, a run folder's review pages and, for a batch, its counts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarise.cli.common import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, error, usage_errors

MAX_NAMED = 5
"""Documents named on the no-facts line; the review index lists them all."""


def report(
    out: Annotated[Path, typer.Argument(help="A run folder (from `run -o` or `batch run --out`).")],
) -> None:
    """Write the run's review pages; for a batch, print its counts, cost and failures."""
    from summarise.cli.output import render_counts, render_failures
    from summarise.runs.ledger import LEDGER_FILE, Ledger
    from summarise.runs.review import write_run_review

    if not out.is_dir():
        error(f"{out}: no such run folder")
        raise typer.Exit(EXIT_USAGE)
    failed = 0
    if (out / LEDGER_FILE).is_file():
        with usage_errors(), Ledger(out) as ledger:
            counts, totals = ledger.counts(), ledger.totals()
            failures = ledger.failures_by_kind()
        typer.echo(render_counts(counts, totals))
        if failures:
            typer.echo(render_failures(failures))
        failed = counts.get("failed", 0)
    review = write_run_review(out)
    empty = review.without_facts
    if empty:
        shown = ", ".join(empty[:MAX_NAMED])
        more = f" and {len(empty) - MAX_NAMED} more" if len(empty) > MAX_NAMED else ""
        typer.echo(f"{len(empty)} summarised with no facts: {shown}{more}")
    typer.echo(f"review: {review.index}")
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)
