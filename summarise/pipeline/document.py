"""document: a press release as the pipeline sees it, the text loaded and the text cleaned.

Loading and cleaning happen once per document: the cache key, the summary and
the offsets of its evidence all refer to the same cleaned text.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarise.core.settings import MAX_INPUT_BYTES_DEFAULT
from summarise.pipeline.clean import clean_text
from summarise.pipeline.load import LoadedDocument, load_bytes, load_document


def text_sha256(text: str) -> str:
    """The hex sha256 of ``text`` as UTF-8, as provenance records it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def elapsed_ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)


@dataclass(frozen=True)
class Source:
    text: str
    cleaned: str
    source_file: str | None = None
    source_sha256: str | None = None
    pages: Sequence[str] = ()
    """A PDF's text page by page, so each quote can record its page."""
    timings_ms: dict[str, float] = field(default_factory=dict)
    """How long loading and cleaning took, carried into provenance."""
    hidden_text: Sequence[str] = ()
    """An HTML page's text hidden from readers, removed at loading, reported in provenance."""


def source_of_text(
    text: str,
    source_file: str | None = None,
    source_sha256: str | None = None,
    pages: Sequence[str] = (),
    timings_ms: dict[str, float] | None = None,
    hidden_text: Sequence[str] = (),
) -> Source:
    timings = dict(timings_ms or {})
    started = time.perf_counter()
    cleaned = clean_text(text).text
    timings["clean"] = elapsed_ms(started)
    return Source(text, cleaned, source_file, source_sha256, pages, timings, hidden_text)


def _source_of(document: LoadedDocument, source_file: str | None, started: float) -> Source:
    return source_of_text(
        document.text,
        source_file,
        document.raw_bytes_sha256,
        document.pages,
        {"load": elapsed_ms(started)},
        document.hidden_text,
    )


def read_source(path: Path, max_bytes: int = MAX_INPUT_BYTES_DEFAULT) -> Source:
    """Load and clean one file; raises ``InputError`` for bad input, naming the file."""
    started = time.perf_counter()
    return _source_of(load_document(path, max_bytes=max_bytes), str(path), started)


def read_stream(raw: bytes, name: str, max_bytes: int = MAX_INPUT_BYTES_DEFAULT) -> Source:
    """Load and clean bytes read from a stream (standard input), checked as a file is;
    the record names no source file, since there is none to reload."""
    started = time.perf_counter()
    return _source_of(load_bytes(raw, name, max_bytes=max_bytes), None, started)
