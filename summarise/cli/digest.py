"""digest: ``summarise digest``, what happened across a run: each real-world event once, with
every source behind it, newest first.

It reads a run folder's records and nothing else: no model, no network, and none of the
LLM or loader libraries are imported, so it answers at once however the run was made.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from summarise.cli.common import EXIT_OK, EXIT_SOME_FAILED, usage_errors


class DigestFormat(StrEnum):
    MD = "md"
    HTML = "html"
    CSV = "csv"
    JSONL = "jsonl"


def digest(
    run_dir: Annotated[
        Path, typer.Argument(help="A run folder (from `run -o` or `batch run --out`).")
    ],
    output_format: Annotated[
        DigestFormat,
        typer.Option(
            "--format",
            help="md on stdout; html: review/digest.html in the run folder, linked to each "
            "source's review page; csv or jsonl: the resolved events on stdout.",
        ),
    ] = DigestFormat.MD,
    since: Annotated[
        str | None,
        typer.Option(help="Only events on or after this date: YYYY-MM-DD, YYYY-MM or YYYY."),
    ] = None,
    drug: Annotated[
        str | None, typer.Option(help="One drug's timeline (INN, code, brand or local name).")
    ] = None,
    company: Annotated[str | None, typer.Option(help="One company's timeline.")] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            help="An earlier digest (--format jsonl) or run folder: mark what is new, "
            "changed or gone since."
        ),
    ] = None,
) -> None:
    """Each event of a run once, with every source: news first, newest first."""
    from summarise.quality.digest import build_digest, write_digest_page
    from summarise.views.digest import (
        render_digest_csv,
        render_digest_jsonl,
        render_digest_markdown,
    )

    with usage_errors():
        result, warning = build_digest(
            run_dir, since=since, drug=drug, company=company, previous=previous
        )
    for problem in ([warning] if warning else []) + result.unreadable:
        typer.echo(f"warning: {problem}", err=True)
    if output_format is DigestFormat.HTML:
        typer.echo(f"digest: {write_digest_page(run_dir, result)}")
    else:
        render = {
            DigestFormat.MD: render_digest_markdown,
            DigestFormat.CSV: render_digest_csv,
            DigestFormat.JSONL: render_digest_jsonl,
        }[output_format]
        typer.echo(render(result), nl=False)
    raise typer.Exit(EXIT_SOME_FAILED if result.unreadable else EXIT_OK)
