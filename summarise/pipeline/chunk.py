"""chunk: split a long document on paragraph and sentence boundaries, with a small
overlap, only when it exceeds the model's budget.

A document that fits the model's input budget is returned whole, as one chunk:
chunking costs context and invites duplicated facts, so it is a last resort.

A longer document is cut into *pieces* that tile the text exactly, each piece
carrying its trailing whitespace:

1. paragraphs (a paragraph ends at a newline, with or without blank lines);
2. for a paragraph that alone exceeds the budget, its sentences (after ". ",
   "! ", "? ", optionally followed by a closing quote or bracket, and after the
   Chinese/Japanese "。！？；", which need no space);
3. for a sentence that alone exceeds the budget, runs of words cut at
   whitespace (or after a CJK comma or colon), and only if a single "word" is still too
   long, at a hard character limit.

Pieces are packed greedily into chunks up to the budget.  Every chunk after
the first starts with an overlap of about ``overlap_tokens`` copied from the end
of the previous chunk, beginning at a sentence start where one fits, so that a
fact cut by a chunk boundary is still seen whole by one of the two summaries.

Offsets are Python ``str`` indices into the whole text: ``text[c.start:c.end]
== c.text``.  Chunks cover the text in order: the first starts at 0, the last
ends at ``len(text)``, and each chunk starts after the previous one started and
no later than it ended.  Nothing inside a chunk is altered; only whitespace at
the end of a chunk that the next chunk's span already covers is left out.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import pairwise

from summarise.core.tokens import CHARS_PER_TOKEN_ESTIMATE, TokenCounter, estimate_tokens

DEFAULT_OVERLAP_TOKENS = 100

# A paragraph ends after a newline and any whitespace (blank lines, indentation).
_PARAGRAPH_END = re.compile(r"\n\s*")
# A sentence ends after terminal punctuation, optional closing quotes or
# brackets, and whitespace; Chinese/Japanese terminal punctuation needs no space.
_SENTENCE_END = re.compile(
    r"[.!?][\"'”’)\]]*\s+"
    r"|[。！？；][」』”’）)\]\"']*\s*"
)
# Where a too-long sentence may be cut: after whitespace, a CJK comma or colon.
_SOFT_BREAK = re.compile(r"\s+|[，、：]")

# A full stop after these words is taken for an abbreviation, not a sentence
# end ("Dr. Smith", "vs. placebo", "No. 5").  Words that as often end a
# sentence ("Inc.", "Ltd.", "etc.") are left out: a split there is harmless.
_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "prof", "st", "no", "nos", "vs", "fig", "figs", "approx", "ca"}
    | {"e.g", "i.e", "al", "ref", "refs", "vol", "pp"}
)


@dataclass(frozen=True)
class Chunk:
    """One chunk of a document; ``text[start:end] == chunk.text`` for the whole text."""

    index: int
    start: int
    end: int
    text: str


def chunk_text(
    text: str,
    budget_tokens: int,
    count: TokenCounter = estimate_tokens,
    overlap_tokens: int = DEFAULT_OVERLAP_TOKENS,
) -> list[Chunk]:
    """Split ``text`` into chunks of at most ``budget_tokens`` (by ``count``), if it needs it.

    A text within budget comes back as one chunk.  Otherwise chunks are packed
    from paragraphs, then sentences, then words (see the module docstring);
    every chunk after the first begins with about ``overlap_tokens`` from the
    end of the previous one.  Pieces are packed by their summed counts, then
    each chunk is re-counted whole and shrunk if ``count`` is not additive (a
    BPE token can span a piece boundary), so no chunk exceeds the budget unless
    a single character does.
    """
    if budget_tokens < 1:
        raise ValueError(f"budget_tokens must be positive, got {budget_tokens}")
    if overlap_tokens < 0:
        raise ValueError(f"overlap_tokens must not be negative, got {overlap_tokens}")
    if count(text) <= budget_tokens:
        return [Chunk(index=0, start=0, end=len(text), text=text)]

    paragraph_starts = [m.end() for m in _PARAGRAPH_END.finditer(text) if m.end() < len(text)]
    sentence_starts = _sentence_starts(text, paragraph_starts)
    pieces = _pieces(text, budget_tokens, count, paragraph_starts, sentence_starts)
    spans = _pack(text, pieces, budget_tokens, count, overlap_tokens, sentence_starts)

    # Leave out whitespace at a chunk's end where the next chunk's span covers it.
    trimmed: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(spans):
        if i + 1 < len(spans):
            bare = end
            while bare > start and text[bare - 1].isspace():
                bare -= 1
            end = max(bare, spans[i + 1][0])
        trimmed.append((start, end))
    return [Chunk(index=i, start=s, end=e, text=text[s:e]) for i, (s, e) in enumerate(trimmed)]


def _sentence_starts(text: str, paragraph_starts: list[int]) -> list[int]:
    """Sorted offsets where a sentence (or paragraph) begins, excluding 0 and len(text)."""
    starts = set(paragraph_starts)
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if end >= len(text) or (text[match.start()] == "." and _is_abbreviation(text, match)):
            continue
        if text[match.start()] in ".!?" and text[end].islower():
            continue  # "e.g. the", "... ?" she asked
        starts.add(end)
    return sorted(starts)


def _is_abbreviation(text: str, match: re.Match[str]) -> bool:
    """Whether the full stop starting ``match`` most likely ends an abbreviation."""
    dot = match.start()
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() and dot - word_start < 12:
        word_start -= 1
    word = text[word_start:dot].lstrip("(\"'“‘[").lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith", "U.S. FDA" ends in "S"
    return word in _ABBREVIATIONS


def _pieces(
    text: str,
    budget: int,
    count: TokenCounter,
    paragraph_starts: list[int],
    sentence_starts: list[int],
) -> list[tuple[int, int, int]]:
    """(start, end, tokens) pieces tiling ``text``, each within budget where possible."""
    pieces: list[tuple[int, int, int]] = []
    for a, b in pairwise([0, *paragraph_starts, len(text)]):
        tokens = count(text[a:b])
        if tokens <= budget:
            pieces.append((a, b, tokens))
            continue
        cuts = [
            a,
            *sentence_starts[bisect_right(sentence_starts, a) : bisect_left(sentence_starts, b)],
            b,
        ]
        for s, e in pairwise(cuts):
            tokens = count(text[s:e])
            if tokens <= budget:
                pieces.append((s, e, tokens))
            else:
                pieces.extend(_hard_split(text, s, e, budget, count))
    return pieces


def _hard_split(
    text: str, a: int, b: int, budget: int, count: TokenCounter
) -> list[tuple[int, int, int]]:
    """Cut text[a:b] at soft breaks (whitespace, CJK commas) or, failing that, anywhere."""
    breaks = [m.end() for m in _SOFT_BREAK.finditer(text, a, b) if a < m.end() < b]
    pieces: list[tuple[int, int, int]] = []
    while a < b:
        tokens = count(text[a:b])
        if tokens <= budget:
            pieces.append((a, b, tokens))
            break
        end = _longest_prefix_end(text, a, b, budget, count)
        k = bisect_right(breaks, end) - 1
        if k >= 0 and breaks[k] > a:
            end = breaks[k]
        pieces.append((a, end, count(text[a:end])))
        a = end
    return pieces


def _longest_prefix_end(text: str, a: int, b: int, budget: int, count: TokenCounter) -> int:
    """The largest end in (a, b) with count(text[a:end]) <= budget, but at least a + 1."""
    good, bad = a, b  # count(text[a:good]) <= budget < count(text[a:bad])
    probe = min(b, a + int(budget * CHARS_PER_TOKEN_ESTIMATE * 2))
    while probe < bad:  # bracket from a guess rather than counting all of text[a:b]
        if count(text[a:probe]) > budget:
            bad = probe
            break
        good, probe = probe, min(bad, a + 2 * (probe - a))
    while bad - good > 1:
        mid = (good + bad) // 2
        if count(text[a:mid]) <= budget:
            good = mid
        else:
            bad = mid
    return max(good, a + 1)


def _pack(
    text: str,
    pieces: list[tuple[int, int, int]],
    budget: int,
    count: TokenCounter,
    overlap_tokens: int,
    sentence_starts: list[int],
) -> list[tuple[int, int]]:
    """Greedy (start, end) spans of consecutive pieces, each after the first with an overlap."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        first_start, _, first_tokens = pieces[i]
        start, used = first_start, 0
        if spans:
            allowed = min(overlap_tokens, budget - first_tokens)
            start = _overlap_start(text, sentence_starts, spans[-1][0], first_start, allowed, count)
            used = count(text[start:first_start]) if start < first_start else 0
        total = used + first_tokens
        j = i + 1
        while j < len(pieces) and total + pieces[j][2] <= budget:
            total += pieces[j][2]
            j += 1
        # Summed piece counts approximate the chunk's count; check the real thing
        # for counters that are not additive (a BPE token may span a piece
        # boundary): drop trailing pieces, then the overlap, until it fits.
        end = pieces[j - 1][1]
        while count(text[start:end]) > budget:
            if j - 1 > i:
                j -= 1
            elif start < first_start:
                start = first_start
            else:
                break  # a single piece that _hard_split could not shrink
            end = pieces[j - 1][1]
        spans.append((start, end))
        i = j
    return spans


def _overlap_start(
    text: str,
    sentence_starts: list[int],
    previous_start: int,
    end: int,
    allowed: int,
    count: TokenCounter,
) -> int:
    """Earliest offset in (previous_start, end] with at most ``allowed`` tokens up to ``end``.

    Sentence starts are preferred; if even the last sentence before ``end`` is
    too long, a word start is used; failing both, there is no overlap (``end``).
    """
    if allowed <= 0:
        return end
    lo = bisect_right(sentence_starts, previous_start)
    hi = bisect_left(sentence_starts, end)
    found = _earliest_fitting(text, sentence_starts[lo:hi], end, allowed, count)
    if found is not None:
        return found
    window = max(previous_start + 1, end - int(allowed * CHARS_PER_TOKEN_ESTIMATE * 3))
    words = [m.end() for m in re.finditer(r"\s+", text[window:end])]
    found = _earliest_fitting(
        text, [window + w for w in words if window + w < end], end, allowed, count
    )
    return end if found is None else found


def _earliest_fitting(
    text: str, candidates: list[int], end: int, allowed: int, count: TokenCounter
) -> int | None:
    """The earliest candidate c with count(text[c:end]) <= allowed, by binary search."""
    lo, hi = 0, len(candidates)  # answer index in [lo, hi]; hi means none fits
    while lo < hi:
        mid = (lo + hi) // 2
        if count(text[candidates[mid] : end]) <= allowed:
            hi = mid
        else:
            lo = mid + 1
    return candidates[lo] if lo < len(candidates) else None
