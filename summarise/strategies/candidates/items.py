"""items: a digest's separate stories, so that no fact mixes two of them.

A newsletter or pipeline update carries several unrelated items under their own headings
(a Japanese approval, a licence deal, a failed trial); read as one text, the first item's
drug becomes the subject of the last item's designation. A document is cut into items only
when its headings open sections about different drugs, each named in its own section and
in no other: a press release's sections ("About the trial", "About the company") all
speak of one drug, and stay one item.
"""

from __future__ import annotations

import re

from summarise.pipeline.sentences import Sentence
from summarise.strategies.candidates.drugs import find_drugs

ITEM_HEADING_RE = re.compile(r"^\s{0,3}(?:#{1,4}\s+\S|(?:\d{1,2}|[IVX]{1,4})[.)]\s+[A-Z]\S)", re.M)
"""A line opening a story: a Markdown heading ("## 1. Japan approves ...") or a numbered one."""
MIN_ITEMS = 2
"""Fewer stories with a drug of their own than this, and the document is one story."""


def _sections(text: str, sentences: list[Sentence]) -> list[list[Sentence]]:
    """Sentences cut at each heading line; what precedes the first heading is a section too."""
    sections: list[list[Sentence]] = [[]]
    for s in sentences:
        line_start = text.rfind("\n", 0, s.start) + 1
        if line_start == s.start and ITEM_HEADING_RE.match(text, line_start) and sections[-1]:
            sections.append([])
        sections[-1].append(s)
    return sections


def split_items(text: str, sentences: list[Sentence]) -> list[list[Sentence]]:
    """The document's stories as lists of sentences (global indexes kept); one list when
    its sections are not separate stories."""
    sections = _sections(text, sentences)
    subjects = [
        {d.name for d in find_drugs(text, section)} if section else set() for section in sections
    ]
    own = [names for names in subjects if names]
    shared = any(a & b for i, a in enumerate(own) for b in own[i + 1 :])
    if len(own) < MIN_ITEMS or shared:
        return [sentences]
    return [section for section in sections if section]
