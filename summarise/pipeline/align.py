"""align: find a model's quote in the source text.

The model is asked to copy its evidence character for character, but it
routinely "improves" what it copies: straight quotes for curly ones, hyphens
for en dashes, re-flowed whitespace, a table row's cells without their "|"
separators, half-width for full-width Chinese punctuation, a typo, or an
elided middle ("A ... B"). We therefore try the cheapest, most trustworthy
match first and record which one succeeded, so the caller can decide how much
to trust a fact:

1. exact   - ``str.find``; the quote is literally in the source.
2. normalised - equal after a lossless-for-meaning normalisation (see
   ``_normalise``); offsets are mapped back to the original source.
3. fuzzy   - rapidfuzz partial alignment on the normalised strings, accepted
   only at ``FUZZY_MIN_SCORE`` or better and on a span that states every
   number of the quote and its first and last words.

Offsets are always Python ``str`` indices into the *original* source, so
``source[start:end]`` is the span a reviewer would highlight.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

FUZZY_MIN_SCORE = 0.90
"""A fuzzy match must be at least this similar (rapidfuzz ratio / 100).

At 0.90 a 100-character quote may differ by about five edits - enough for a
typo or a dropped word, not enough for a negation to slip through in a
sentence-length quote. A table row costs fewer edits to misquote (its long label
with another row's "7.4 3.6", or "PFS" put before another row's label), so a
fuzzy span must also state every number of the quote and begin and end where
the quote does (``_numbers_kept``, ``_edges_kept``)."""

MIN_QUOTE_CHARS = 5
"""Quotes with fewer non-space characters than this are never aligned.

A fragment like "40%" or "NMPA" occurs all over a press release, so finding it
proves nothing about the fact it supposedly supports, and it would let any
number pass the "number occurs in its evidence" check. Five characters still
admits a dense Chinese phrase such as "国家药监局" or a drug name, which is why
the floor is not higher."""

FUZZY_EDGE_SLACK_MAX = 16
"""Most characters by which a fuzzy span's edges are moved while refining it.

rapidfuzz reports a window as long as the quote; when the quote dropped or
added characters the true span is a little shorter or longer, so we search a
few positions either side of each edge for the best ratio."""

_CHAR_MAP: dict[str, str] = {
    # Curly and low quotes to straight ones.
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    # Dashes and the minus sign to a hyphen-minus.
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    # Chinese punctuation to its Western pair (NFKD already folds the
    # full-width forms ，：；（）, listed here so the intent is explicit).
    "\uff0c": ",",
    "\u3001": ",",
    "\uff1a": ":",
    "\uff1b": ";",
    "\uff08": "(",
    "\uff09": ")",
    "\u3002": ".",
    "\u3010": "[",
    "\u3011": "]",
    # Invisible characters that survive copy-and-paste: dropped entirely.
    "\u00ad": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}

# Table cell separators count as whitespace: trafilatura renders an HTML table
# as Markdown rows ("| PFS | 7.4 | 3.6 |") divided by delimiter rows ("|---|---|"),
# and a model quoting a row drops the bars, keeps a few, or writes tabs. A
# delimiter row (cells of hyphens with optional alignment colons, at least one
# bar) is whitespace as a whole, so a quote may run from the header into a row.
_CELL_SEPARATOR = "|"
_DELIMITER_CELL = r"[ \t]*:?-+:?[ \t]*"
_DELIMITER_ROW = rf"(?m:^[ \t]*(?=[^\n]*\|)\|?{_DELIMITER_CELL}(?:\|{_DELIMITER_CELL})*\|?[ \t]*$)"

# Chinese and Japanese are written without spaces, so whitespace beside one of
# their characters (ideographs, kana, CJK and full-width punctuation) is layout:
# a PDF's text layer breaks lines mid-sentence ("的真\n实性"), announcements pad
# with ideographic spaces, a model drops or adds a space before a Latin name.
# Such whitespace is dropped rather than kept as a space. Hangul is not wide
# here: Korean separates its words with spaces.
_WIDE_RE = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")

# Runs of characters that normalise to themselves apart from ASCII case
# (printable ASCII but the cell separator, and CJK unified ideographs, single
# spaces between ASCII ones); handled in bulk so a 100k-character English source
# is a few hundred regex matches rather than 100k Python-level iterations.
_NARROW = r"[!-{}~]"
_PLAIN = r"[!-{}~\u4e00-\u9fff]"
_TOKEN_RE = re.compile(
    rf"((?:{_DELIMITER_ROW}|[\s|])+)"
    rf"|({_PLAIN}(?:{_PLAIN}|(?<={_NARROW}) (?={_NARROW}))*)"
    r"|(.)",
    re.DOTALL,
)

# "..." / "…" / ". . ." / "[...]" where the model left out part of a quote.
_ELISION_RE = re.compile(r"\s*\[?\s*(?:…|\.\s?\.\s?\.+)\s*\]?\s*")

# Numbers as a fuzzy match compares them: digits with their decimal points and
# thousands separators, the separators dropped ("1,234" is "1234").
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")

SOURCE_CACHE_SIZE = 16
"""Normalised sources kept; a document is aligned against many quotes in a row."""


class AlignmentStatus(StrEnum):
    EXACT = "exact"
    NORMALISED = "normalised"
    FUZZY = "fuzzy"
    UNALIGNED = "unaligned"


_RANK = {s: i for i, s in enumerate(AlignmentStatus)}


@dataclass(frozen=True)
class Alignment:
    """Where a quote sits in the source and how it got there.

    ``score`` is 1.0 for exact and normalised matches, the rapidfuzz ratio / 100
    for fuzzy ones, and the best score seen when nothing was good enough (so a
    near miss can be told from an invention).
    """

    status: AlignmentStatus
    start: int | None
    end: int | None
    score: float


@cache
def _normalise_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKD", ch)
    folded = "".join(_CHAR_MAP.get(c, c) for c in folded)
    return folded.casefold()


def _normalise(text: str) -> tuple[str, array[int]]:
    """Normalise ``text`` and keep, per output character, its original index.

    Characters are folded one at a time (compatibility decomposition,
    punctuation map, casefold) so every output character can be traced to
    exactly one input character. NFKD rather than NFKC: it folds full-width
    forms (Ｆ，（) just the same, and because it never recomposes, a precomposed
    "é" and "e" + combining accent fold alike even one character at a time.
    Whitespace runs, table cell separators and Markdown delimiter rows among
    them, become one space mapped to the run's first character, or nothing
    beside a Chinese or Japanese character (``_WIDE_RE``).
    """
    out: list[str] = []
    origin = array("q")  # compact: a cached 100k-char source costs 800 kB, not ~4 MB
    after_space = True  # drops leading whitespace
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastindex
        if kind == 2:
            out.append(m.group().lower())
            origin.extend(range(m.start(), m.end()))
            after_space = False
        elif kind == 1:
            before = text[origin[-1]] if origin else ""
            after = text[m.end() : m.end() + 1]
            if not (after_space or _WIDE_RE.match(before) or _WIDE_RE.match(after)):
                out.append(" ")
                origin.append(m.start())
            after_space = True
        else:
            for c in _normalise_char(m.group()):
                if c.isspace() or c == _CELL_SEPARATOR:  # full-width ｜ folds to |
                    if after_space:
                        continue
                    c, after_space = " ", True
                else:
                    after_space = False
                out.append(c)
                origin.append(m.start())
    return "".join(out), origin


@lru_cache(maxsize=SOURCE_CACHE_SIZE)
def _normalised_source(source: str) -> tuple[str, array[int]]:
    return _normalise(source)


def _unaligned(score: float = 0.0) -> Alignment:
    return Alignment(AlignmentStatus.UNALIGNED, None, None, score)


def _plausible(quote: str, span: str) -> bool:
    """Whether a fuzzy span may stand for ``quote``: same numbers, same first and last words."""
    return _numbers_kept(quote, span) and _edges_kept(quote, span)


def _numbers(text: str) -> Counter[str]:
    return Counter(number.replace(",", "") for number in _NUMBER_RE.findall(text))


def _numbers_kept(quote: str, span: str) -> bool:
    """Whether ``span`` states every number of ``quote`` (as many times as the quote does)."""
    return not _numbers(quote) - _numbers(span)


def _edges_kept(quote: str, span: str) -> bool:
    """Whether the quote's first and last letters or digits are matched in ``span``.

    Edits inside a quote are typos; a quote whose first or last word the span
    leaves out ("PFS" of "PFS, median (months) 30.5", aligned to the end of the
    row "Overall survival, median (months) | 30.5") says what the span does not.
    """
    word_chars = [i for i, char in enumerate(quote) if char.isalnum()]
    if not word_chars:
        return True
    equal = [op for op in Levenshtein.opcodes(quote, span) if op.tag == "equal"]
    return all(
        any(op.src_start <= i < op.src_end for op in equal) for i in (word_chars[0], word_chars[-1])
    )


def _refine(quote: str, hay: str, start: int, end: int, threshold: float) -> tuple[int, int, float]:
    """Best-ratio span near ``hay[start:end]``; the ratio is at least the window's."""
    slack = min(FUZZY_EDGE_SLACK_MAX, math.ceil(len(quote) * (1 - threshold)) + 1)
    best = (start, end, fuzz.ratio(quote, hay[start:end]))
    for s in range(max(0, start - slack), min(len(hay), start + slack + 1)):
        for e in range(max(s + 1, end - slack), min(len(hay), end + slack) + 1):
            score = fuzz.ratio(quote, hay[s:e], score_cutoff=best[2])
            if score > best[2]:
                best = (s, e, score)
    s, e, score = best
    while s < e and hay[s] == " ":
        s += 1
    while e > s and hay[e - 1] == " ":
        e -= 1
    return s, e, score


def _align_piece(
    quote: str, source: str, start_at: int, threshold: float, allow_fuzzy: bool = True
) -> Alignment:
    """Align one unelided quote at or after ``start_at`` in ``source``."""
    norm_quote = _normalise(quote)[0].strip()
    if len(norm_quote.replace(" ", "")) < MIN_QUOTE_CHARS:
        return _unaligned()

    found = source.find(quote, start_at)
    if found >= 0:
        return Alignment(AlignmentStatus.EXACT, found, found + len(quote), 1.0)

    norm_source, origin = _normalised_source(source)
    offset = bisect_left(origin, start_at)
    found = norm_source.find(norm_quote, offset)
    if found >= 0:
        last = found + len(norm_quote) - 1
        return Alignment(AlignmentStatus.NORMALISED, origin[found], origin[last] + 1, 1.0)
    if not allow_fuzzy:
        return _unaligned()

    hay = norm_source[offset:]
    if not hay:
        return _unaligned()
    if len(hay) <= len(norm_quote):
        # partial_ratio would score the source against part of the quote,
        # which says nothing about the whole quote being present.
        window = (0, len(hay))
    else:
        result = fuzz.partial_ratio_alignment(norm_quote, hay)
        if result is None or result.score / 100 < threshold:
            return _unaligned(result.score / 100 if result else 0.0)
        window = (result.dest_start, result.dest_end)
    s, e, score = _refine(norm_quote, hay, *window, threshold)
    span = hay[s:e]
    if score / 100 < threshold or not span or not _plausible(norm_quote, span):
        return _unaligned(score / 100)
    return Alignment(
        AlignmentStatus.FUZZY, origin[offset + s], origin[offset + e - 1] + 1, score / 100
    )


def _align_in_order(pieces: list[str], source: str, threshold: float) -> Alignment:
    """Align the pieces of an elided quote; each must follow the previous one."""
    aligned: list[Alignment] = []
    position = 0
    for piece in pieces:
        a = _align_piece(piece, source, position, threshold)
        if a.status is AlignmentStatus.UNALIGNED or a.end is None:
            return _unaligned(a.score)
        aligned.append(a)
        position = a.end
    worst = max((a.status for a in aligned), key=_RANK.__getitem__)
    return Alignment(worst, aligned[0].start, aligned[-1].end, min(a.score for a in aligned))


def align_quote(quote: str, source: str, fuzzy_min_score: float = FUZZY_MIN_SCORE) -> Alignment:
    """Locate ``quote`` in ``source``: exact, then normalised, then fuzzy.

    A quote containing an ellipsis is first tried whole (the source may
    itself contain "..."), then piece by piece: every piece must align, in
    order, and the result is the worst of the pieces. The whole elided quote
    is never fuzzy-matched, since the ellipsis itself would count as edits.
    """
    quote = quote.strip()
    pieces = [p for p in _ELISION_RE.split(quote) if p.strip()]
    if not pieces:
        return _unaligned()
    if pieces == [quote]:
        return _align_piece(quote, source, 0, fuzzy_min_score)
    whole = _align_piece(quote, source, 0, fuzzy_min_score, allow_fuzzy=False)
    if whole.status is not AlignmentStatus.UNALIGNED:
        return whole
    return _align_in_order(pieces, source, fuzzy_min_score)
