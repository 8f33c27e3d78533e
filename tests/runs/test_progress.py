"""The batch progress line, rendered by rich as an 80-column terminal would show it."""

from __future__ import annotations

import pytest
from rich.console import Console

from summarise.runs.progress import BatchProgress, compact_cost, compact_tokens

TERMINAL_COLUMNS = 80
ELLIPSIS = "…"


def _rendered(total: int, kinds: dict[str, int], tokens_each: int, cost_each: float | None) -> str:
    """The line a terminal of :data:`TERMINAL_COLUMNS` shows once the batch has advanced."""
    console = Console(width=TERMINAL_COLUMNS, force_terminal=True, record=True)
    progress = BatchProgress(total, console=console)
    for kind, count in kinds.items():
        for _ in range(count):
            progress.advance(kind, tokens=tokens_each, cost=cost_each)
    console.print(progress)
    return console.export_text()


@pytest.mark.parametrize(
    ("total", "kinds", "tokens_each", "cost_each", "expected"),
    [
        (  # the line that used to be cut: "━━━━ 12/… done 12 · ... 0:0… ETA 0:00…"
            40,
            {"done": 12},
            547,
            None,
            ["12/40", "0 failed · 0 cached · 6,564 tok · ", "/s ETA "],
        ),
        (  # ten thousand documents, priced: the widest a real batch gets
            10_000,
            {"done": 300, "failed": 12, "cached": 38},
            3_600,
            0.0036,
            ["350/10000", "12 failed · 38 cached · 1.26M tok · $1.26 · ", "/s ETA "],
        ),
    ],
)
def test_the_line_fits_80_columns_whole(total, kinds, tokens_each, cost_each, expected):
    text = _rendered(total, kinds, tokens_each, cost_each)
    [line] = text.splitlines()
    assert ELLIPSIS not in line, line
    assert len(line) <= TERMINAL_COLUMNS
    for part in expected:
        assert part in line, line
    assert line.startswith("━━━━")  # the bar keeps columns of its own


def test_compact_numbers():
    assert [compact_tokens(n) for n in (0, 6_568, 99_999, 123_456, 1_260_000)] == [
        "0",
        "6,568",
        "99,999",
        "123.5k",
        "1.26M",
    ]
    assert [compact_cost(c) for c in (0.0012, 1.2345, 1234.5)] == ["$0.0012", "$1.23", "$1,234.50"]
