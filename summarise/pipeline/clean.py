"""clean: drop repeated paragraphs and boilerplate.

Scraped press releases often carry the page twice (sometimes glued together
without a newline), the site name and title twice, and newsletter, share and
copyright lines.  These waste the model's context and invite it to quote the
same sentence from two places.  Cleaning only *removes* whole lines or whole
repeated paragraphs; it never rewrites the text it keeps, because evidence
quotes are later aligned against the cleaned text.

A "unit" is one non-empty line: the seeds mix blank-line-separated paragraphs
and one-paragraph-per-line layouts, and a line is the smallest block both
styles share.  Kept units are rejoined with the separators they had, so the
layout survives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

# Below this many characters (after whitespace normalisation) a repeated line
# may be a legitimate repeat: a table cell, a section heading such as
# "Results" used for two trials.  Such short repeats are only dropped in the
# company of other dropped lines (see ``_resolve_short_repeats``).
MIN_REPEAT_CHARS = 40

# Boilerplate patterns are matched against whole lines no longer than this,
# so a sentence of real content that happens to mention a newsletter is safe.
MAX_BOILERPLATE_CHARS = 200

BOILERPLATE_PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "subscribe_icon": r"subscribe\s+icon",
        "newsletter_heading": (
            r"(?:stay\s+updated\s+with\s+our\s+(?:daily\s+|weekly\s+)?newsletter"
            r"|newsletter(?:\s+updates)?"
            r"|(?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our\s+)?newsletter)[.!:]?"
        ),
        "newsletter_pitch": (
            r"get\s+the\s+latest\b.{0,150}\bdelivered\s+(?:straight\s+)?to\s+your\s+inbox\b.{0,40}"
        ),
        "email_prompt": r"enter\s+your\s+e-?mail(?:\s+address)?\b.{0,150}",
        "source_link": r"source\s+link",
        "related": r"related\s+(?:topics|articles|posts|news|stories|content)\s*:?",
        "copyright": r"(?:(?:©|\(c\)|copyright\b).{0,150}?)?all\s+rights\s+reserved\.?",
        "medpath_tagline": (
            r"empowering\s+clinical\s+research\s+with\s+data-driven\s+insights\s+and\s+ai-powered\s+tools\.?"
        ),
        "share_button": (
            r"(?:share|tweet|post|e-?mail)(?:\s+this(?:\s+(?:article|story|page|post))?)?"
            r"\s+(?:on|to|via)\s+"
            r"(?:twitter|x|facebook|linkedin|whatsapp|reddit|e-?mail|wechat|weibo|telegram)"
        ),
        "share_label": (
            r"(?:share|print)(?:\s+this(?:\s+(?:article|story|page|post))?)?\s*:?|copy\s+link"
        ),
        "follow_us": r"follow\s+us(?:\s+on\b.{0,60})?",
        "cookie_banner": (
            r"(?:accept|reject|allow|manage)(?:\s+all)?\s+cookies|cookie\s+(?:settings|preferences)"
        ),
        "advertisement": r"advertisement|sponsored\s+content",
        "navigation": r"(?:read|see|learn)\s+more|back\s+to\s+top",
    }.items()
}


class _Fate(Enum):
    KEEP = "keep"
    TRIMMED = "trimmed"  # kept, minus repeated paragraphs glued to it
    REPEAT = "repeat"
    BOILERPLATE = "boilerplate"
    SHORT_REPEAT = "short repeat"  # dropped, unless its neighbours say keep (then KEEP)


_NON_WORD_RE = re.compile(r"\W")
_DROPPED = frozenset({_Fate.REPEAT, _Fate.BOILERPLATE, _Fate.SHORT_REPEAT})


@dataclass
class _Unit:
    raw: str  # the line exactly as in the input
    sep: str  # the newlines and blank lines that followed it
    key: str  # whitespace-normalised, case-folded; what repeats are judged on
    fate: _Fate = _Fate.KEEP
    kept: str = ""  # the text emitted when kept (``raw`` unless trimmed)
    removed_pieces: int = 0


@dataclass(frozen=True)
class CleanedText:
    text: str
    removed_paragraphs: int
    original_chars: int


def clean_text(text: str) -> CleanedText:
    """Drop repeated units, boilerplate lines and glued-on repeats from ``text``."""
    prefix, units = _split_units(text)
    seen = _SeenUnits()
    for unit in units:
        _judge(unit, seen)
    _resolve_short_repeats(units)
    removed = sum(unit.fate in _DROPPED for unit in units)
    removed += sum(unit.removed_pieces for unit in units)
    return CleanedText(
        text=_join(prefix, units), removed_paragraphs=removed, original_chars=len(text)
    )


def normalise_key(text: str) -> str:
    """Whitespace-collapsed, case-folded form used to compare units."""
    return " ".join(text.split()).casefold()


def is_boilerplate(line: str) -> str | None:
    """Name of the boilerplate pattern matching the whole of ``line``, if any."""
    stripped = line.strip()
    if len(stripped) > MAX_BOILERPLATE_CHARS:
        return None
    for name, pattern in BOILERPLATE_PATTERNS.items():
        if pattern.fullmatch(stripped):
            return name
    return None


def _split_units(text: str) -> tuple[str, list[_Unit]]:
    """Leading blank lines, then one unit per non-empty line with its separator."""
    lines = text.split("\n")
    prefix: list[str] = []
    units: list[_Unit] = []
    for index, line in enumerate(lines):
        newline = "\n" if index < len(lines) - 1 else ""
        if line.strip():
            units.append(_Unit(raw=line, sep=newline, key=normalise_key(line), kept=line))
        elif units:
            units[-1].sep += line + newline
        else:
            prefix.append(line + newline)
    return "".join(prefix), units


class _SeenUnits:
    """Keys of units met so far, and the lengths of the long ones.

    Looking for a glued-on repeat only tries cut points at word boundaries
    whose distance to the window's edge is the length of some long seen key,
    so the cost stays linear in the text however many units share a start
    or an ending.
    """

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.long_lengths: set[int] = set()

    def add(self, key: str) -> None:
        self.keys.add(key)
        if len(key) >= MIN_REPEAT_CHARS:
            self.long_lengths.add(len(key))

    def head_cut(self, norm: str, cuts: list[int], low: int, high: int) -> int | None:
        """The furthest cut c with ``norm[low:c]`` a long seen key and text after it."""
        for cut in reversed(cuts):
            if low < cut < high and (cut - low) in self.long_lengths and norm[low:cut] in self.keys:
                return cut
        return None

    def tail_cut(self, norm: str, cuts: list[int], low: int, high: int) -> int | None:
        """The nearest cut c with ``norm[c:high]`` a long seen key and text before it."""
        for cut in cuts:
            if (
                low < cut < high
                and (high - cut) in self.long_lengths
                and norm[cut:high] in self.keys
            ):
                return cut
        return None


def _cut_points(norm: str) -> list[int]:
    """Positions where a cut splits no word: next to a space or punctuation."""
    points = {match.start() for match in _NON_WORD_RE.finditer(norm)}
    points |= {match.end() for match in _NON_WORD_RE.finditer(norm)}
    return sorted(points)


def _judge(unit: _Unit, seen: _SeenUnits) -> None:
    if is_boilerplate(unit.raw):
        unit.fate = _Fate.BOILERPLATE
        return
    if unit.key in seen.keys:
        unit.fate = _Fate.REPEAT if len(unit.key) >= MIN_REPEAT_CHARS else _Fate.SHORT_REPEAT
        return
    if len(unit.key) > MIN_REPEAT_CHARS and seen.long_lengths:
        _trim_glued_repeats(unit, seen)
    seen.add(unit.key)


def _trim_glued_repeats(unit: _Unit, seen: _SeenUnits) -> None:
    """Remove long seen units glued to the start or end of ``unit``.

    A page scraped twice can join the copies without a newline, so the last
    paragraph of copy 1 and the first of copy 2 form one line.  Peeling seen
    units off both ends handles any concatenation of seen units plus at most
    one new piece; seen text in the *middle* of a line is left alone, because
    that is more likely a genuine quotation than a scraping accident.
    """
    norm = unit.key
    cuts = _cut_points(norm)
    low, high, pieces = 0, len(norm), 0
    while low < high:
        if norm[low:high] in seen.keys:
            low, pieces = high, pieces + 1
            break
        head = seen.head_cut(norm, cuts, low, high)
        if head is not None:
            low, pieces = head + (norm[head] == " "), pieces + 1
            continue
        tail = seen.tail_cut(norm, cuts, low, high)
        if tail is not None:
            high, pieces = tail - (norm[tail - 1] == " "), pieces + 1
            continue
        break
    if not pieces:
        return
    remainder = norm[low:high]
    if not any(char.isalnum() for char in remainder):
        unit.fate = _Fate.REPEAT
        return
    norm_again, origin = _normalise_with_origin(unit.raw)
    if norm_again != norm:  # cannot map the cut back onto the line: keep it whole
        return
    start = origin[low] if low else 0
    end = origin[high - 1] + 1 if high < len(norm) else len(unit.raw)
    unit.fate, unit.kept, unit.removed_pieces = _Fate.TRIMMED, unit.raw[start:end], pieces
    seen.add(remainder)


def _normalise_with_origin(raw: str) -> tuple[str, list[int]]:
    """``normalise_key(raw)`` plus, for each of its characters, the index in ``raw``."""
    chars: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(raw):
        if char.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            origin.append(index)
            pending_space = False
        for folded in char.casefold():
            chars.append(folded)
            origin.append(index)
    return "".join(chars), origin


def _resolve_short_repeats(units: list[_Unit]) -> None:
    """Decide short repeated units by their neighbours.

    A short line repeated right after itself ("Title" twice at the top), or
    sitting next to removed lines (a site name in the footer among newsletter
    lines, a heading inside the second copy of a page), is part of a repeat
    or boilerplate block and goes.  Elsewhere it is kept: it may be a table
    cell or a heading legitimately used twice.
    """
    removed = [unit.fate in (_Fate.REPEAT, _Fate.BOILERPLATE) for unit in units]
    for index, unit in enumerate(units):
        if unit.fate is _Fate.SHORT_REPEAT and index and units[index - 1].key == unit.key:
            removed[index] = True
    # Removal spreads through a run of short repeats from either end or from a
    # doubled line inside it: one pass rightwards, one leftwards.
    for order in (range(1, len(units)), range(len(units) - 2, -1, -1)):
        for index in order:
            neighbour = index - 1 if order.step > 0 else index + 1
            if units[index].fate is _Fate.SHORT_REPEAT and removed[neighbour]:
                removed[index] = True
    for index, unit in enumerate(units):
        if unit.fate is _Fate.SHORT_REPEAT and not removed[index]:
            unit.fate = _Fate.KEEP


def _join(prefix: str, units: list[_Unit]) -> str:
    """Rejoin kept units; between two kept units use the widest separator they spanned.

    Taking the widest keeps a paragraph break when the dropped line between
    two paragraphs was itself followed by a blank line.
    """
    kept = [index for index, unit in enumerate(units) if unit.fate in (_Fate.KEEP, _Fate.TRIMMED)]
    if not kept:
        return ""
    parts = [prefix]
    for position, index in enumerate(kept):
        parts.append(units[index].kept)
        if position + 1 < len(kept):
            spanned = units[index : kept[position + 1]]
            parts.append(max((unit.sep for unit in spanned), key=lambda sep: sep.count("\n")))
        else:
            parts.append(units[-1].sep)  # end the text as the input ended
    return "".join(parts)
