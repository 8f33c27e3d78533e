"""api: the Python API, one press release in, one grounded summary with provenance out.

The async functions take an open :class:`~summarise.llm.endpoint.Endpoint` and
are what the CLI and the batch runner use, many documents at once on one
client. The sync functions are for a script that summarises a document now and
then: each opens its own session (starting the embedded model when that is the
provider) and closes it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from schemas import SummaryRecord
from summarise.core.settings import Settings
from summarise.llm.endpoint import Endpoint
from summarise.llm.session import open_session
from summarise.pipeline.document import read_source, source_of_text
from summarise.strategies import summarise_source


async def asummarise_text(
    text: str,
    endpoint: Endpoint,
    *,
    source_file: str | None = None,
    source_sha256: str | None = None,
    pages: Sequence[str] = (),
) -> SummaryRecord:
    """Clean ``text``, summarise it and ground every fact in the cleaned text.

    ``pages`` (a PDF's text page by page) lets each quote record its page.
    """
    return await summarise_source(source_of_text(text, source_file, source_sha256, pages), endpoint)


async def asummarise_file(path: Path | str, endpoint: Endpoint) -> SummaryRecord:
    """Load a .txt, .md, .html or .pdf press release and summarise it."""
    return await summarise_source(
        read_source(Path(path), endpoint.settings.max_input_bytes), endpoint
    )


def summarise_text(text: str, settings: Settings | None = None) -> SummaryRecord:
    """Summarise ``text`` with a session of its own (settings default to the environment)."""
    with open_session(settings or Settings()) as endpoint:
        return asyncio.run(asummarise_text(text, endpoint))


def summarise_file(path: Path | str, settings: Settings | None = None) -> SummaryRecord:
    """Summarise one file with a session of its own (settings default to the environment)."""
    with open_session(settings or Settings()) as endpoint:
        return asyncio.run(asummarise_file(path, endpoint))
