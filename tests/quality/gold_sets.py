"""A set of documents with one gold summary each (``eval/devset``, ``eval/holdout``), and the
checks every set's gold must pass: quotes found in the document as the loader and cleaner read
it, numbers stated in their quotes, claims the quotes state, targets written as the document
writes them, and canonical JSON.

The test modules of each set parametrize over its documents and add what is particular to it
(a PDF's reference text, a legacy encoding, the vocabulary it exercises).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import pytest

from schemas import PressReleaseSummary
from summarise.pipeline.align import AlignmentStatus, align_quote
from summarise.pipeline.document import read_source
from summarise.pipeline.ground import Problem, check_summary, facts_of

FOUND = {AlignmentStatus.EXACT, AlignmentStatus.NORMALISED}
"""A quote is found when it matches the cleaned text exactly or after normalisation (table
cells lose their separators, line breaks become spaces)."""


@cache
def _cleaned(path: Path) -> str:
    return read_source(path).cleaned


@dataclass(frozen=True)
class GoldSet:
    """``root/docs`` holds the documents, ``root/gold`` one summary per document stem."""

    root: Path

    @cached_property
    def documents(self) -> dict[str, Path]:
        return {path.stem: path for path in sorted((self.root / "docs").iterdir())}

    def gold_path(self, stem: str) -> Path:
        return self.root / "gold" / f"{stem}.json"

    def gold_stems(self) -> list[str]:
        return sorted(path.stem for path in (self.root / "gold").glob("*.json"))

    def params(self, **marks: Any) -> list[Any]:
        """One pytest parameter per document, with the marks given for some stems."""
        return [pytest.param(stem, marks=marks.get(stem, ())) for stem in self.documents]

    def gold(self, stem: str) -> PressReleaseSummary:
        """Read afresh each time: the grounding check writes offsets into the summary it checks."""
        return PressReleaseSummary.model_validate_json(self.gold_path(stem).read_text("utf-8"))

    def cleaned(self, stem: str) -> str:
        return _cleaned(self.documents[stem])

    def quotes(self, stem: str) -> list[str]:
        return [evidence.quote for fact in facts_of(self.gold(stem)) for evidence in fact.evidence]

    def unfound_quotes(
        self, stem: str, found: set[AlignmentStatus] | frozenset[AlignmentStatus] = frozenset(FOUND)
    ) -> list[str]:
        text = self.cleaned(stem)
        return [q for q in self.quotes(stem) if align_quote(q, text).status not in found]

    def problems(self, stem: str) -> list[Problem]:
        return check_summary(self.gold(stem), self.cleaned(stem))

    def grounding_problems(self, stem: str) -> list[str]:
        """Every failed check: unfound quotes, unstated numbers and unstated claims."""
        return [f"{problem.where}: {problem.message}" for problem in self.problems(stem)]

    def quote_and_number_problems(self, stem: str) -> list[str]:
        """Quotes that do not align and numbers they do not state; claim checks left out."""
        return [
            f"{problem.where}: {problem.message}"
            for problem in self.problems(stem)
            if problem.check is None
        ]

    def claim_problems(self, stem: str) -> list[str]:
        """Claims (actions, statuses, outcomes, roles) that the quotes do not state."""
        return [
            f"{problem.where}: {problem.message}"
            for problem in self.problems(stem)
            if problem.check is not None
        ]

    def unwritten_targets(self, stem: str) -> list[str]:
        """Targets with a word the document does not use (TNFSF13 for APRIL)."""
        text = self.cleaned(stem).casefold()
        return [
            target
            for drug in self.gold(stem).drugs
            for target in drug.targets
            if not all(word in text for word in re.findall(r"\w+", target.casefold()))
        ]

    def is_canonical(self, stem: str) -> bool:
        text = self.gold_path(stem).read_text("utf-8")
        return self.gold(stem).model_dump_json(indent=2) + "\n" == text
