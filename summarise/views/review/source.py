"""source: the cleaned text a record's evidence offsets refer to, reloaded from its source file."""

from __future__ import annotations

from pathlib import Path

from schemas import SummaryRecord
from summarise.core.errors import SummariseError
from summarise.pipeline.document import read_source, text_sha256

MAX_SOURCE_BYTES = 256_000_000
"""Reloading a source for review: the sha256 check, not a size limit, decides whether it fits."""


def load_source(record: SummaryRecord) -> tuple[str | None, str | None]:
    """(the cleaned source text, None) or (None, why it is unavailable)."""
    source_file = record.provenance.source_file
    if not source_file:
        return None, "the record names no source file"
    try:
        text = read_source(Path(source_file), MAX_SOURCE_BYTES).cleaned
    except (SummariseError, OSError, ValueError) as error:
        return None, str(error)
    if text_sha256(text) != record.provenance.cleaned_sha256:
        return None, f"{source_file} has changed since it was summarised (sha256 differs)"
    return text, None


def source_for(record: SummaryRecord) -> str | None:
    """The cleaned text the record's offsets refer to, reloaded from its source file.

    A relative ``source_file`` is read from the working folder, as the command
    that made the record named it. None when the file is missing or unreadable,
    or when its cleaned text no longer has the record's ``cleaned_sha256`` (the
    offsets would be wrong).
    """
    return load_source(record)[0]
