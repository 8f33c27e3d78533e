"""app: the ``summarise`` command and its subcommands, each from a module of its own."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from summarise.cli import digest, quality, report, run
from summarise.cli.batch import batch_app
from summarise.cli.common import model_options

app = typer.Typer(
    help="Structured, evidence-grounded summaries of pharma and biotech press releases.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"summarise {version('summarise')}")
        raise typer.Exit()


@app.callback()
def main(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Structured, evidence-grounded summaries of pharma and biotech press releases."""


def schema() -> None:
    """Print the JSON Schema of a summary."""
    from schemas import PressReleaseSummary

    json.dump(PressReleaseSummary.model_json_schema(), sys.stdout, indent=2)
    sys.stdout.write("\n")


app.command("run")(model_options(run.run))
app.add_typer(batch_app, name="batch")
app.command("report")(report.report)
app.command("eval")(quality.evaluate)
app.command("diff")(quality.diff)
app.command("digest")(digest.digest)
app.command("schema")(schema)
