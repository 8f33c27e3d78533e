"""Dates as the spans of days they may mean, so that dates stated with different precision
can be told compatible or not.

Sources state one event's date differently: the company gives "March 13, 2025", an outlet
"in March" and a newsletter "on Tuesday". Each is a span of days: a full date one day, a
month-only date its month, a year its year, and a relative date the span it means counted
back from the document's own date ("Tuesday" in a Friday's newsletter: the week before
it). Two statements may be one date when their spans overlap; a relative date with no
document date to count from, or one not understood, could be any day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from summarise.pipeline.numbers import MONTHS
from summarise.quality.matching.normalise import clean_text, norm_date

ONE_DAY = timedelta(days=1)
WEEK = timedelta(days=7)
UNIT_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
"""The length of a unit in "N units ago", at its longest: the span such a date means is
that many units back, give or take one unit."""


@dataclass(frozen=True)
class DateSpan:
    """The days a stated date may mean, both ends included; None is open-ended."""

    first: date | None = None
    last: date | None = None

    @property
    def exact(self) -> bool:
        return self.first is not None and self.first == self.last

    @property
    def known(self) -> bool:
        return self.first is not None or self.last is not None

    def overlaps(self, other: DateSpan) -> bool:
        starts = [day for day in (self.first, other.first) if day is not None]
        ends = [day for day in (self.last, other.last) if day is not None]
        return not starts or not ends or max(starts) <= min(ends)

    def within(self, other: DateSpan) -> DateSpan:
        """The days both spans may mean (call only for overlapping spans)."""
        starts = [day for day in (self.first, other.first) if day is not None]
        ends = [day for day in (self.last, other.last) if day is not None]
        return DateSpan(max(starts, default=None), min(ends, default=None))


ANY_DAY = DateSpan()


def _month(year: int, month: int) -> DateSpan:
    return DateSpan(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _year(year: int) -> DateSpan:
    return DateSpan(date(year, 1, 1), date(year, 12, 31))


def iso_span(iso: str | None) -> DateSpan:
    """The span of an ISO date (YYYY, YYYY-MM or YYYY-MM-DD); any day for None."""
    if not iso:
        return ANY_DAY
    parts = [int(part) for part in iso.split("-")]
    if len(parts) == 1:
        return _year(parts[0])
    if len(parts) == 2:
        return _month(parts[0], parts[1])
    day = date(parts[0], parts[1], parts[2])
    return DateSpan(day, day)


def _previous_month(day: date) -> DateSpan:
    last_day = day.replace(day=1) - ONE_DAY
    return _month(last_day.year, last_day.month)


def _units_ago(match: re.Match[str], published: date) -> DateSpan:
    length = timedelta(days=UNIT_DAYS[match.group("unit")] * int(match.group("count")))
    unit = timedelta(days=UNIT_DAYS[match.group("unit")])
    return DateSpan(published - length - unit, published - length + unit)


def _month_this_year(match: re.Match[str], published: date) -> DateSpan:
    return _month(published.year, MONTHS[match.group("month")])


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAYS = "|".join(name.casefold() for name in calendar.day_name)
Reading = Callable[[re.Match[str], date], DateSpan]
RELATIVE_DATES: tuple[tuple[re.Pattern[str], Reading], ...] = tuple(
    (re.compile(pattern), reading)
    for pattern, reading in (
        (r"\btoday\b|今日|今天|本日|오늘", lambda _, day: DateSpan(day, day)),
        (r"\byesterday\b|昨日|昨天|어제", lambda _, day: DateSpan(day - ONE_DAY, day - ONE_DAY)),
        (
            r"\blast week\b|上周|上週|先週|지난주",
            lambda _, day: DateSpan(day - 2 * WEEK, day - WEEK),
        ),
        (
            rf"\b(?:{_WEEKDAYS})\b|\bthis week\b|本周|本週|今週|이번 주",
            lambda _, day: DateSpan(day - WEEK, day),
        ),
        (r"\blast month\b|上月|上个月|先月|지난달", lambda _, day: _previous_month(day)),
        (r"\bthis month\b|本月|今月|이번 달", lambda _, day: DateSpan(day.replace(day=1), day)),
        (rf"\b(?P<month>{_MONTH_NAMES})\b\.? (?:of )?this year\b", _month_this_year),
        (r"\blast year\b|去年|昨年|작년", lambda _, day: _year(day.year - 1)),
        (r"\bthis year\b|今年|올해", lambda _, day: DateSpan(date(day.year, 1, 1), day)),
        (r"\b(?P<count>\d+) (?P<unit>day|week|month|year)s? ago\b", _units_ago),
    )
)
"""Relative dates as spans counted back from the document's date, the most specific first
("March this year" before "this year")."""


def date_span(iso: str | None, stated: Any, published: str | None) -> DateSpan:
    """The days a stated date may mean: its ISO date's span, else a relative date's span
    counted back from ``published`` (the document's ISO date), else any day."""
    absolute = iso or norm_date(stated)
    if absolute:
        return iso_span(absolute)
    text = (clean_text(stated) or "").casefold()
    if not text or not published or len(published) != len("YYYY-MM-DD"):
        return ANY_DAY
    day = date.fromisoformat(published)
    for pattern, reading in RELATIVE_DATES:
        found = pattern.search(text)
        if found:
            return reading(found, day)
    return ANY_DAY
