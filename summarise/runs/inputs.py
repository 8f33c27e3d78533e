"""inputs: which files a batch covers, found lazily from folders, globs and lists.

Each document gets a ``doc_id``: its path relative to the working folder when
it is inside it, so two ``report.txt`` in different folders stay apart and a
re-run names every document the same way.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".pdf"})
LIST_FILE_PREFIX = "@"
"""``@paths.txt`` reads one path or glob per line, for archives listed elsewhere."""
_GLOB_CHARACTERS = frozenset("*?[")


@dataclass(frozen=True)
class InputDocument:
    doc_id: str
    path: Path


def doc_id_for(path: Path) -> str:
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix().lstrip("/")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _walk(folder: Path) -> Iterator[Path]:
    """Supported files below ``folder``, sorted, skipping hidden files and folders."""
    for directory, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            path = Path(directory) / name
            if path.suffix.lower() in SUPPORTED_SUFFIXES and not _hidden(path, folder):
                yield path


def _expand(argument: str) -> Iterator[Path]:
    if argument.startswith(LIST_FILE_PREFIX):
        listing = Path(argument[len(LIST_FILE_PREFIX) :])
        with listing.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip() and not line.lstrip().startswith("#"):
                    yield from _expand(line.strip())
        return
    if _GLOB_CHARACTERS & set(argument):
        for match in sorted(glob.iglob(argument, recursive=True)):
            path = Path(match)
            yield from _walk(path) if path.is_dir() else [path]
        return
    path = Path(argument)
    yield from _walk(path) if path.is_dir() else [path]


def discover(arguments: Iterable[str], exclude: Path | None = None) -> Iterator[InputDocument]:
    """Each input file once, in the order given; a missing file is still yielded, to fail.

    ``exclude`` is the batch's own output folder, whose summaries are not inputs.
    """
    seen: set[Path] = set()
    excluded = exclude.resolve() if exclude else None
    for argument in arguments:
        for path in _expand(argument):
            resolved = path.resolve()
            if resolved in seen or (excluded and resolved.is_relative_to(excluded)):
                continue
            seen.add(resolved)
            yield InputDocument(doc_id_for(path), path)
