"""inputs: which files a run covers, found lazily from folders, globs and lists.

Each document gets a ``doc_id``: its path relative to the *input root*, the
deepest folder holding every argument (a folder argument is its own root, a
file's root is its folder, a glob's the folder before its first wildcard). So
two ``report.txt`` in different folders stay apart, and the same inputs get
the same ids whichever folder the command runs from and however they are
spelt (``archive/``, ``../work/archive``, an absolute path).

Files of a type no loader reads are not documents: they are counted and named
in :class:`Skipped`, never dropped silently.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summarise.pipeline.load import MEDIA_TYPES

SUPPORTED_SUFFIXES = frozenset(MEDIA_TYPES)
LIST_FILE_PREFIX = "@"
"""``@paths.txt`` reads one path or glob per line, for archives listed elsewhere."""
_GLOB_CHARACTERS = frozenset("*?[")


STDIN_ARGUMENT = "-"
"""``summarise run -`` reads one document from standard input."""
STDIN_DOC_ID = "stdin"


@dataclass(frozen=True)
class InputDocument:
    doc_id: str
    path: Path


@dataclass
class Skipped:
    """Files found in folders that are of a type no loader reads."""

    count: int = 0
    examples: list[str] = field(default_factory=list)
    MAX_EXAMPLES = 5

    def add(self, path: Path) -> None:
        self.count += 1
        if len(self.examples) < self.MAX_EXAMPLES:
            self.examples.append(str(path))


def _absolute(path: Path) -> Path:
    """Absolute and normalised (``..`` folded) without resolving symlinks: the name the
    user sees, not where a link points."""
    return Path(os.path.abspath(path))


def _argument_root(argument: str) -> Path:
    if _GLOB_CHARACTERS & set(argument):
        fixed = []
        for part in Path(argument).parts:
            if _GLOB_CHARACTERS & set(part):
                break
            fixed.append(part)
        return _absolute(Path(*fixed)) if fixed else _absolute(Path.cwd())
    path = Path(argument)
    return _absolute(path) if path.is_dir() else _absolute(path).parent


def _arguments(arguments: Iterable[str]) -> Iterator[str]:
    """Each argument, ``@list`` files read line by line (one path or glob per line)."""
    for argument in arguments:
        if argument.startswith(LIST_FILE_PREFIX):
            listing = Path(argument[len(LIST_FILE_PREFIX) :])
            with listing.open(encoding="utf-8") as lines:
                for line in lines:
                    if line.strip() and not line.lstrip().startswith("#"):
                        yield line.strip()
        else:
            yield argument


def input_root(arguments: Iterable[str]) -> Path:
    """The deepest folder that holds every argument's files."""
    roots = {str(_argument_root(argument)) for argument in _arguments(arguments)}
    return Path(os.path.commonpath(sorted(roots))) if roots else _absolute(Path.cwd())


def doc_id_for(path: Path, root: Path) -> str:
    return _absolute(path).relative_to(root).as_posix()


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _walk(folder: Path, skipped: Skipped) -> Iterator[Path]:
    """Supported files below ``folder``, sorted, skipping hidden files and folders; other
    files are counted in ``skipped``."""
    for directory, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            path = Path(directory) / name
            if _hidden(path, folder):
                continue
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path
            else:
                skipped.add(path)


def _expand(argument: str, skipped: Skipped) -> Iterator[Path]:
    """A file named on the command line is yielded whatever its type, to fail with a
    one-line error; in folders and globs only supported types are documents."""
    if _GLOB_CHARACTERS & set(argument):
        for match in sorted(glob.iglob(argument, recursive=True)):
            path = Path(match)
            if path.is_dir():
                yield from _walk(path, skipped)
            elif path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path
            else:
                skipped.add(path)
        return
    path = Path(argument)
    yield from _walk(path, skipped) if path.is_dir() else [path]


def discover(
    arguments: Iterable[str], exclude: Path | None = None, skipped: Skipped | None = None
) -> Iterator[InputDocument]:
    """Each input file once, in the order given; a missing file is still yielded, to fail.

    ``exclude`` is the run's own output folder, whose summaries are not inputs;
    files of unsupported types found in folders and globs are counted in ``skipped``.
    """
    arguments = list(arguments)
    root = input_root(arguments)
    skipped = skipped if skipped is not None else Skipped()
    seen: set[Path] = set()
    excluded = exclude.resolve() if exclude else None
    for argument in _arguments(arguments):
        for path in _expand(argument, skipped):
            resolved = path.resolve()
            if resolved in seen or (excluded and resolved.is_relative_to(excluded)):
                continue
            seen.add(resolved)
            yield InputDocument(doc_id_for(path, root), path)
