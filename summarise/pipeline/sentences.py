"""sentences: a text's sentences with exact offsets, and helpers to locate or mask matches in it."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

ABBREVIATIONS = re.compile(
    r"Dr|Mrs?|Ms|Prof|Nos?|[Vv]s|Figs?|St|Jr|Sr|approx|al|Ref|Vol|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
    r"|Sept?|Oct|Nov|Dec|(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]"
)
"""Tokens whose period does not end a sentence: titles, "vs", initialisms ("U.S", "e.g")."""
_CJK = r"\u3040-\u30ff\u3400-\u9fff"
CJK_LETTER_RE = re.compile(rf"[{_CJK}]")
"""A Chinese or Japanese letter (kana, Han): the scripts that put no space between words."""
CJK_OR_HANGUL_RE = re.compile(rf"[{_CJK}\uac00-\ud7a3]")
"""A letter of Chinese, Japanese or Korean: text in a script the English patterns cannot read."""
LEGAL_FORM = re.compile(r"Inc|Ltd|Co|Corp|LLC|LLP|N\.V|S\.A")
_RUN_ON_RE = re.compile(rf"[{_CJK}]|\s+(?:LLC|LLP|Ltd|Limited|AG|plc|KG|Inc)\b")
"""Legal forms whose period runs on, into Chinese or Japanese text ("与Xylo, Inc.签订协议") or
into a second legal form ("Goldman Sachs & Co. LLC")."""
_SENTENCE_END_RE = re.compile(  # never before a lowercase word or "(" ("Ltd. (HKEX: ...)")
    rf"[。！？]+[」』”’\"')\]]*|[.!?]+[”’\"')\]]*(?=\s+[^\sa-z(]|\s*$|[{_CJK}])"
    r"|(?<=[a-z]{2})[.!?](?=[A-Z][a-z])"  # "beginning.In": two scraped pages glued together
)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # text[start:end] == sentence.text
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with exact offsets: evidence quotes are sentences, so they must align verbatim."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\r\n]+", text):
        piece = line.start()
        for end in _SENTENCE_END_RE.finditer(text, line.start(), line.end()):
            before = text[piece : end.start()]
            token = re.search(r"[A-Za-z.]+$", before)
            run_on = _RUN_ON_RE.match(text, end.end())
            if end.group()[0] == "." and (
                before.strip().isdigit()
                or (token and ABBREVIATIONS.fullmatch(token.group()))
                or (token and run_on and LEGAL_FORM.fullmatch(token.group()))
            ):
                continue  # "1." numbering a list, "Dr.", "U.S.", "Inc.签订", "Co. LLC"
            spans.append((piece, end.end()))
            piece = end.end()
        spans.append((piece, line.end()))
    sentences: list[Sentence] = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return sentences


def locator(sentences: list[Sentence]) -> Callable[[int], int | None]:
    """Index of the sentence holding a text offset (None between sentences)."""
    starts = [s.start for s in sentences]

    def at(position: int) -> int | None:
        i = bisect.bisect_right(starts, position) - 1
        return i if i >= 0 and position < sentences[i].end else None

    return at


def title_line(text: str) -> str | None:
    """The headline: a short first line not ending in a period, after a lone site-brand word."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1 and " " not in lines[0]:
        lines = lines[1:]
    ok = lines and len(lines[0]) < 200 and not lines[0].endswith((".", "。"))
    return lines[0] if ok else None


def whole_line(sentence: Sentence, text: str) -> bool:
    """Whether the sentence is a line of its own: a heading, a title, a name in a header."""
    start = text.rfind("\n", 0, sentence.start) + 1
    end = text.find("\n", sentence.end)
    return text[start : len(text) if end < 0 else end].strip() == sentence.text


MAX_HEADING_WORDS = 12
_MARKED_HEADING_RE = re.compile(r"^(?:#+\s|■|[一二三四五六七八九十]+、|-{3,}$|\*{3,}$)")
HEDGING_HEADINGS = re.compile(
    r"forward-looking|safe harbou?r|disclaimer|cautionary|前瞻性|风险提示|風險提示|미래\s?예측"
    r"|将来予測|見通しに関する",
    re.I,
)
"""Headings of sections that only hedge: what they say of deals and roles are the risks of
the news, not the news."""


def is_heading(sentence: Sentence, text: str) -> bool:
    """A line of its own that heads a section: marked ("## 2.", "■", "四、"), or a short
    capitalised Latin line with no closing punctuation ("Key Terms of the Agreement")."""
    if not whole_line(sentence, text):
        return False
    if _MARKED_HEADING_RE.match(sentence.text):
        return True
    return (
        sentence.text[0].isupper()
        and sentence.text.isascii()
        and len(sentence.text.split()) <= MAX_HEADING_WORDS
        and not sentence.text.endswith((".", "!", "?", ":", ";", ","))
    )


def hedging(sentences: list[Sentence], text: str) -> set[int]:
    """Indexes of the sentences in forward-looking, safe-harbour and risk sections."""
    hedged, inside = set(), False
    for sentence in sentences:
        if is_heading(sentence, text):
            inside = bool(HEDGING_HEADINGS.search(sentence.text))
        if inside:
            hedged.add(sentence.index)
    return hedged


def blank(pattern: str | re.Pattern[str], text: str) -> str:
    """``text`` with matches of ``pattern`` spaced out, so shorter patterns cannot reuse them."""
    return re.sub(pattern, lambda m: " " * len(m.group()), text)
