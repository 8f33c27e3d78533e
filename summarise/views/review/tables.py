"""tables: the tables in a cleaned source, found so the source pane can show them as tables.

The cleaned text keeps a table as rows of text: trafilatura writes an HTML table
as Markdown rows (``| PFS | 7.4 | 3.6 |``) under delimiter rows (``|---|---|``),
a blank line after each; a Markdown file has its rows one a line; a text file
may separate cells with tabs. Evidence offsets point into that text, so a table
is located, never rewritten: each cell is a span of the source, and the source
pane draws a quote's highlight inside every cell the quote covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise

MIN_ROWS = 2
"""Fewer lines than this (delimiter rows included) are text that happens to hold a bar or a tab."""

_DELIMITER_ROW_RE = re.compile(r"^\s*\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?$")
_PIPE = "|"
_TAB = "\t"


class _Line(Enum):
    PIPE_ROW = "pipe"
    DELIMITER = "delimiter"
    TAB_ROW = "tab"
    BLANK = "blank"
    TEXT = "text"


_FAMILY = {_Line.PIPE_ROW: _PIPE, _Line.DELIMITER: _PIPE, _Line.TAB_ROW: _TAB}
"""Which kind of table a line can belong to: its cells' separator."""


@dataclass(frozen=True)
class Cell:
    """A cell's text as ``source[start:end]``, spaces around it left out (empty: start == end)."""

    start: int
    end: int


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    header: bool

    @property
    def spanning(self) -> bool:
        """Only the first cell holds text: a caption or group label across the table."""
        return len(self.cells) > 1 and all(cell.start == cell.end for cell in self.cells[1:])


@dataclass(frozen=True)
class Table:
    """A table found in the source: ``source[start:end]`` is its rows (and the line break
    after the last), which the pane shows as this table instead of as text."""

    start: int
    end: int
    rows: tuple[Row, ...]

    @property
    def columns(self) -> int:
        return max(len(row.cells) for row in self.rows)


def _kind(line: str) -> _Line:
    stripped = line.strip()
    if not stripped:
        return _Line.BLANK
    if stripped.startswith(_PIPE) and stripped.count(_PIPE) >= 2:
        return _Line.DELIMITER if _DELIMITER_ROW_RE.match(stripped) else _Line.PIPE_ROW
    if _TAB in stripped:
        return _Line.TAB_ROW
    return _Line.TEXT


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line without its line break) for every line of ``text``."""
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line.rstrip("\r\n")
        offset += len(line)


def _trimmed(text: str, start: int, end: int) -> Cell:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Cell(start, end)


def _cells(text: str, start: int, line: str, separator: str) -> tuple[Cell, ...]:
    """A row's cells; a pipe row's outer bars open and close it rather than bound cells."""
    low, high = 0, len(line)
    if separator == _PIPE:
        low = line.index(_PIPE) + 1
        high = line.rindex(_PIPE)
    bounds = [low - 1] + [i for i in range(low, high) if line[i] == separator] + [high]
    return tuple(
        _trimmed(text, start + left + 1, start + right) for left, right in pairwise(bounds)
    )


def _table(text: str, lines: list[tuple[int, str, _Line]]) -> Table:
    separator = _FAMILY[lines[0][2]]
    rows: list[Row] = []
    for position, (offset, line, kind) in enumerate(lines):
        if kind is _Line.DELIMITER:
            continue
        following = lines[position + 1][2] if position + 1 < len(lines) else None
        rows.append(Row(_cells(text, offset, line, separator), following is _Line.DELIMITER))
    last_offset, last_line, _ = lines[-1]
    end = last_offset + len(last_line)
    if text.startswith("\r\n", end):
        end += 2
    elif text.startswith("\n", end):
        end += 1
    return Table(lines[0][0], end, tuple(rows))


def find_tables(text: str) -> list[Table]:
    """Every run of at least :data:`MIN_ROWS` table lines of one kind (pipe or tab rows),
    blank lines between them allowed, in the order they occur."""
    tables: list[Table] = []
    run: list[tuple[int, str, _Line]] = []

    def close() -> None:
        if len(run) >= MIN_ROWS and any(kind is not _Line.DELIMITER for _, _, kind in run):
            tables.append(_table(text, run))
        run.clear()

    for offset, line in _lines(text):
        kind = _kind(line)
        if kind is _Line.BLANK:
            continue
        if run and _FAMILY.get(kind) != _FAMILY[run[0][2]]:
            close()
        if kind in _FAMILY:
            run.append((offset, line, kind))
    close()
    return tables
