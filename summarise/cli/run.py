"""run: ``summarise run``, documents summarised now, a record each and a brief on stdout.

Inputs are read and checked before any model starts, so a run of bad files
costs nothing and says why; a bad file fails alone and the others go on.
Records go where a batch puts them (``OUT/summaries/<doc_id>.json``), so two
files of the same name in different folders never overwrite each other.
"""

from __future__ import annotations

import asyncio
import sys
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarise.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    announce_destination,
    describe,
    error,
    quiet_libraries,
    settings_from,
    usage_errors,
)
from summarise.core.errors import ConfigurationError, SummariseError

if TYPE_CHECKING:
    from schemas import SummaryRecord
    from summarise.core.settings import Settings
    from summarise.llm.replay import ReplayMode
    from summarise.pipeline.document import Source


class OutputFormat(StrEnum):
    MD = "md"
    JSON = "json"
    HTML = "html"
    NONE = "none"


def _replay_plan(replay: Path | None, record: Path | None) -> tuple[Path | None, ReplayMode | None]:
    from summarise.llm.replay import ReplayMode

    if replay and record:
        raise ConfigurationError("--replay and --record exclude each other")
    if replay:
        return replay, ReplayMode.REPLAY
    if record:
        return record, ReplayMode.RECORD
    return None, None


def _read_all(
    inputs: list[str], out: Path, settings: Settings
) -> tuple[list[tuple[str, str, Source]], int]:
    """Every input read and cleaned: (doc_id, name, source) for the good ones, and how
    many failed, each failure already reported on one line."""
    from summarise.cli.output import render_skipped
    from summarise.pipeline.document import read_source, read_stream
    from summarise.runs.inputs import (
        STDIN_ARGUMENT,
        STDIN_DOC_ID,
        Skipped,
        discover,
    )

    files = [argument for argument in inputs if argument != STDIN_ARGUMENT]
    skipped = Skipped()
    good: list[tuple[str, str, Source]] = []
    failed = 0
    if STDIN_ARGUMENT in inputs:
        try:
            raw = sys.stdin.buffer.read()
            good.append((STDIN_DOC_ID, STDIN_DOC_ID, read_stream(raw, STDIN_DOC_ID)))
        except SummariseError as problem:
            failed += 1
            error(describe(STDIN_DOC_ID, problem))
    for document in discover(files, exclude=out, skipped=skipped) if files else ():
        try:
            good.append(
                (
                    document.doc_id,
                    str(document.path),
                    read_source(document.path, settings.max_input_bytes),
                )
            )
        except SummariseError as problem:
            failed += 1
            error(describe(str(document.path), problem))
    if skipped.count:
        typer.echo(render_skipped(skipped), err=True)
    if not good and not failed:
        raise ConfigurationError(
            "no input documents (folders are searched for .txt, .md, .html, .pdf)"
        )
    return good, failed


async def _summarise_all(
    sources: list[tuple[str, str, Source]],
    out: Path,
    settings: Settings,
    cassettes: Path | None,
    replay_mode: ReplayMode | None,
    output_format: OutputFormat,
) -> int:
    """Summarise each source in turn, writing and printing as each completes; return how
    many failed."""
    from summarise.llm.replay import ReplayMode, recording
    from summarise.llm.session import open_session
    from summarise.runs.layout import RunLayout
    from summarise.runs.review import write_review
    from summarise.strategies import summarise_source
    from summarise.views.brief import render_markdown

    layout = RunLayout(out)
    failed = 0
    lines = len(sources) > 1
    with open_session(settings, replaying=replay_mode is ReplayMode.REPLAY) as endpoint:
        for doc_id, name, source in sources:
            taped: Any = nullcontext()
            if cassettes is not None and replay_mode is not None:
                hint = f"summarise run --record {cassettes} {name}"
                taped = recording(cassettes, Path(name).stem, replay_mode, hint, document=name)
            try:
                with taped:
                    record = await summarise_source(source, endpoint)
            except ConfigurationError:
                raise  # no document can succeed (an endpoint that refuses): stop, exit 2
            except SummariseError as problem:
                failed += 1
                error(describe(name, problem))
                continue
            layout.write_record(record, doc_id)
            _warn_if_no_facts(name, record)
            if output_format is OutputFormat.MD:
                typer.echo(render_markdown(record))
            elif output_format is OutputFormat.JSON:
                typer.echo(record.model_dump_json() if lines else record.model_dump_json(indent=2))
            elif output_format is OutputFormat.HTML:
                typer.echo(write_review(record, layout.page_path(doc_id)))
    return failed


def _warn_if_no_facts(name: str, record: SummaryRecord) -> None:
    """One line on stderr for a summary with no fact: it is written like any other, but
    exit status 0 alone would pass it off as a success."""
    from summarise.views.brief import NO_FACTS_WARNING, fact_count

    if not fact_count(record.summary):
        typer.echo(f"warning: {name}: {NO_FACTS_WARNING}", err=True)


def run(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Press releases (.txt, .md, .html, .pdf), folders, globs, @list.txt, "
            "or - for standard input."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Run folder: summaries/<doc_id>.json.")
    ] = Path("out"),
    replay: Annotated[
        Path | None, typer.Option(help="Replay recorded answers from this cassette folder.")
    ] = None,
    record: Annotated[
        Path | None, typer.Option(help="Record the endpoint's answers into this cassette folder.")
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", help="What to print per document (json: JSON Lines for several)."),
    ] = OutputFormat.MD,
    *,
    flags: dict[str, Any],
) -> None:
    """Summarise press releases: one JSON record each in --out, a brief on stdout."""
    quiet_libraries()
    written = failed = 0
    try:
        with usage_errors():
            settings = settings_from(**flags)
            cassettes, replay_mode = _replay_plan(replay, record)
            sources, failed = _read_all(inputs, out, settings)
            if sources:
                from summarise.strategies import strategy_name

                strategy_name(settings)  # an unknown strategy is a usage error before any work
                announce_destination(settings, flags, replay)
                unwritten = asyncio.run(
                    _summarise_all(sources, out, settings, cassettes, replay_mode, output_format)
                )
                written, failed = len(sources) - unwritten, failed + unwritten
    except KeyboardInterrupt:
        error("interrupted; summaries already written are complete")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if written + failed > 1 or failed:
        where = f"written to {out / 'summaries'}" if written else "nothing written"
        typer.echo(f"{written} summarised, {failed} failed, {where}", err=True)
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)
