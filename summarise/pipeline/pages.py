"""pages: which page of a PDF a quote was found on."""

from __future__ import annotations

from collections.abc import Sequence

from summarise.pipeline.align import AlignmentStatus, align_quote


def page_of(quote: str, pages: Sequence[str]) -> int | None:
    """The 1-based number of the first page ``quote`` aligns on, or None.

    Each page is aligned on its own (``LoadedDocument.pages``), so cleaning
    that shifts offsets in the whole text does not matter.  A quote that runs
    across a page break aligns on neither page and gives None.
    """
    for number, text in enumerate(pages, start=1):
        if align_quote(quote, text).status is not AlignmentStatus.UNALIGNED:
            return number
    return None
