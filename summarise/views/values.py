"""values: a field value (number, money, enum, nested model...) as the short text a view shows."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel

from schemas import EffectSize, Money, Ticker
from summarise.views.words import words


def _number(value: float) -> str:
    """Whole numbers with thousands separators from 100,000; others as written ("38.5",
    "0.0001"), never rounded: a share price of $38.50 is not $38."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}" if abs(value) >= 100_000 else str(int(value))
    return f"{value:,.10f}".rstrip("0") if abs(value) >= 100_000 else f"{value:.10g}"


LIST_SEPARATOR = "; "
"""How a list is joined into one text cell (CSV, ledger): "CD19; BCMA"."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is run as a formula by spreadsheets."""


def spreadsheet_text(value: str) -> str:
    """Untrusted text, made inert for a spreadsheet: a leading ' stops formula evaluation."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


ATTACHED_UNITS = ("%", "‰", "°")
"""Units written against their number ("46.3%"); any other is spaced ("7.4 months")."""


def quantity(number: str | None, unit: str | None) -> str:
    """A number with its unit as stated: "46.3%", "7.4 months"."""
    if not unit:
        return number or ""
    return f"{number}{unit}" if unit.startswith(ATTACHED_UNITS) else f"{number} {unit}"


def format_value(value: Any) -> str | None:
    """A field value as readable text; None when there is nothing to show."""
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return words(value)
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, Money):
        return f"{_number(value.amount)} {value.currency or ''}".rstrip()
    if isinstance(value, Ticker):
        return f"{value.exchange}: {value.symbol}"
    if isinstance(value, EffectSize):
        text = f"{format_value(value.measure)} {_number(value.value)}"
        if value.ci_lower is not None or value.ci_upper is not None:
            lower = "?" if value.ci_lower is None else _number(value.ci_lower)
            upper = "?" if value.ci_upper is None else _number(value.ci_upper)
            text += f" (CI {lower}–{upper})"
        return text
    if isinstance(value, list):
        parts = [part for part in (format_value(item) for item in value) if part]
        return ", ".join(parts) or None
    if isinstance(value, BaseModel):
        parts = [
            f"{name.replace('_', ' ')}: {shown}"
            for name in type(value).model_fields
            if (shown := format_value(getattr(value, name)))
        ]
        return "; ".join(parts) or None
    return str(value)
