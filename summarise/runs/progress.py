"""progress: a live line for a long batch: finished of total, failed, cached, tokens, cost,
rate, ETA.

It writes to stderr, so stdout stays clean for scripts, and disappears when
disabled (tests, benchmarks, ``--quiet``). The line fits an 80-column terminal
whole, even for ten thousand documents with a cost: rich cuts a line too wide
for its terminal with ellipses, so every part is short
(``━━━━━━━━━━━━━━━━━ 12/40 1 failed · 3 cached · 6,568 tok · 0.2/s ETA 00:40``:
the finished count stands for the done ones, failed and cached are among
them, large token counts are abbreviated), and the bar takes what is left.
"""

from __future__ import annotations

from typing import Self

from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Column

BAR_MIN_WIDTH = 4
"""The bar fills the columns the text leaves, never fewer than these."""
SEPARATOR = " · "
EXACT_TOKENS_BELOW = 100_000
"""Token counts below this are printed whole; above, as 123.4k or 1.23M."""


def compact_tokens(tokens: int) -> str:
    """``6,568``, ``123.4k``, ``12.35M``: at most seven characters for any real batch."""
    if tokens < EXACT_TOKENS_BELOW:
        return f"{tokens:,}"
    if tokens < 1_000_000:
        return f"{tokens / 1_000:.1f}k"
    return f"{tokens / 1_000_000:.2f}M"


def compact_cost(cost: float) -> str:
    """Four decimals under a dollar (a document costs fractions of a cent), two above."""
    return f"${cost:.4f}" if cost < 1 else f"${cost:,.2f}"


class BatchProgress:
    def __init__(self, total: int, enabled: bool = True, console: Console | None = None) -> None:
        self.counts = {"done": 0, "failed": 0, "cached": 0}
        self.tokens = 0
        self.cost: float | None = None
        self._enabled = enabled
        self._console = console or Console(stderr=True)
        self._progress = Progress(
            BarColumn(bar_width=None, table_column=Column(ratio=1, min_width=BAR_MIN_WIDTH)),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(compact=True),
            console=self._console,
            disable=not enabled,
            expand=True,
        )
        self._task: TaskID = self._progress.add_task("batch", total=total, **self._fields())

    def _fields(self) -> dict[str, str]:
        task = self._progress.tasks[0] if self._progress.tasks else None
        speed = task.speed if task and task.speed else 0.0
        parts = [
            f"{self.counts['failed']} failed",
            f"{self.counts['cached']} cached",
            f"{compact_tokens(self.tokens)} tok",
            None if self.cost is None else compact_cost(self.cost),
            f"{speed:.1f}/s" if speed < 100 else f"{speed:.0f}/s",
        ]
        return {"status": SEPARATOR.join(part for part in parts if part)}

    def advance(self, kind: str, tokens: int = 0, cost: float | None = None) -> None:
        self.counts[kind] += 1
        self.tokens += tokens
        if cost is not None:
            self.cost = (self.cost or 0.0) + cost
        self._progress.update(self._task, advance=1, **self._fields())

    def __rich__(self) -> RenderableType:
        """The line as it stands, for any console to print."""
        return self._progress.get_renderable()

    def note(self, message: str) -> None:
        if self._enabled:
            self._console.print(message)

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._progress.stop()
