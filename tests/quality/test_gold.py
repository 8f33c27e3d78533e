"""The gold annotations: one per seed, valid, and grounded in the cleaned seed text.

Every quote must be a verbatim substring of the cleaned text (exact alignment,
not merely normalised or fuzzy), and every number in a fact must occur in its
quotes, which is what ``check_summary`` verifies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import PressReleaseSummary
from summarise.pipeline.align import AlignmentStatus, align_quote
from summarise.pipeline.document import read_source
from summarise.pipeline.ground import check_summary, facts_of
from tests.conftest import ROOT, SEEDS

GOLD = ROOT / "eval" / "gold"
SEED_STEMS = sorted(path.stem for path in SEEDS.glob("*.txt"))


def _gold(stem: str) -> PressReleaseSummary:
    return PressReleaseSummary.model_validate_json((GOLD / f"{stem}.json").read_text("utf-8"))


def test_there_is_one_gold_file_per_seed() -> None:
    assert len(SEED_STEMS) == 5
    assert sorted(path.stem for path in GOLD.glob("*.json")) == SEED_STEMS


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_gold_quotes_are_verbatim_in_the_cleaned_seed(stem: str) -> None:
    cleaned = read_source(SEEDS / f"{stem}.txt").cleaned
    for fact in facts_of(_gold(stem)):
        for evidence in fact.evidence:
            alignment = align_quote(evidence.quote, cleaned)
            assert alignment.status is AlignmentStatus.EXACT, evidence.quote
            assert cleaned[alignment.start : alignment.end] == evidence.quote


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_gold_passes_the_grounding_check(stem: str) -> None:
    cleaned = read_source(SEEDS / f"{stem}.txt").cleaned
    problems = check_summary(_gold(stem), cleaned)
    assert [f"{problem.where}: {problem.message}" for problem in problems] == []


def test_gold_holds_the_documented_caveats() -> None:
    kinds = {stem: {c.kind.value for c in _gold(stem).caveats} for stem in SEED_STEMS}
    assert "inconsistent_claim" in kinds["000_38ba5f5f3837983d"]  # "31% relative" is 40 - 9
    assert "missing_data" in kinds["004_7991593d504d95ac"]  # "as follows." and no data


def test_gold_files_are_what_the_model_dumps(tmp_path: Path) -> None:
    """Written from the model, so a round trip changes nothing (no stray fields)."""
    for stem in SEED_STEMS:
        text = (GOLD / f"{stem}.json").read_text("utf-8")
        assert _gold(stem).model_dump_json(indent=2) + "\n" == text
