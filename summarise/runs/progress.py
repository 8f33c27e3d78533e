"""progress: a live line for a long batch: done, failed, cached, tokens, cost, rate, ETA.

It writes to stderr, so stdout stays clean for scripts, and disappears when
disabled (tests, benchmarks, ``--quiet``).
"""

from __future__ import annotations

from typing import Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class BatchProgress:
    def __init__(self, total: int, enabled: bool = True) -> None:
        self.counts = {"done": 0, "failed": 0, "cached": 0}
        self.tokens = 0
        self.cost: float | None = None
        self._enabled = enabled
        self._console = Console(stderr=True)
        self._progress = Progress(
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self._console,
            disable=not enabled,
        )
        self._task: TaskID = self._progress.add_task("batch", total=total, **self._fields())

    def _fields(self) -> dict[str, str]:
        cost = "" if self.cost is None else f" · ${self.cost:.4f}"
        status = (
            f"done {self.counts['done']} · failed {self.counts['failed']} · "
            f"cached {self.counts['cached']} · {self.tokens:,} tokens{cost}"
        )
        task = self._progress.tasks[0] if self._progress.tasks else None
        speed = task.speed if task and task.speed else 0.0
        return {"status": status, "rate": f"{speed:.1f} docs/s"}

    def advance(self, kind: str, tokens: int = 0, cost: float | None = None) -> None:
        self.counts[kind] += 1
        self.tokens += tokens
        if cost is not None:
            self.cost = (self.cost or 0.0) + cost
        self._progress.update(self._task, advance=1, **self._fields())

    def note(self, message: str) -> None:
        if self._enabled:
            self._console.print(message)

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._progress.stop()
