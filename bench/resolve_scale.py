"""resolve_scale: how long resolving a run's events takes as the run grows.

A digest resolves every regulatory event, trial and deal of a run against the events found
so far; compared naively that is quadratic in the run's size. Resolution looks up only the
events sharing a drug name's, a party's or an amount's key with a fact, and solves each
assignment per group of linked pairs, so it should grow about linearly. This builds runs of
N documents from the gold summaries (``eval/gold``, ``eval/devset/gold``), each copy's drug
names, codes and brands made its own (so the copies are other drugs of the same companies),
and prints documents, facts, events and seconds for each size. Not a test: it prints what
one run on one machine measured.

    python bench/resolve_scale.py [N ...]    # default: 510 2040 5100
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemas import PressReleaseSummary  # noqa: E402
from summarise.quality.resolve import Document, facts_to_resolve, resolve  # noqa: E402

GOLD = (ROOT / "eval" / "gold", ROOT / "eval" / "devset" / "gold")
DEFAULT_SIZES = (510, 2040, 5100)
PREFIX_CHARS = 6


def _drug_names(gold: dict[str, Any]) -> list[str]:
    names = set()
    for drug in gold["drugs"]:
        names |= {drug["name"], drug["inn"] or "", *drug["development_codes"]}
        names |= {*drug["brand_names"], *drug["local_names"]}
    return sorted((name for name in names if name), key=len, reverse=True)


def _copy(gold: dict[str, Any], number: int) -> PressReleaseSummary:
    """The gold summary with every drug name given the copy's own prefix."""
    prefix = hashlib.sha256(str(number).encode()).hexdigest()[:PREFIX_CHARS]
    text = json.dumps(gold, ensure_ascii=False)
    for name in _drug_names(gold):
        text = re.sub(re.escape(name), prefix + name, text, flags=re.IGNORECASE)
    return PressReleaseSummary.model_validate_json(text)


def documents(size: int, golds: list[dict[str, Any]]) -> list[Document]:
    copies = size // len(golds) + 1
    made = [
        Document(f"copy{number}/{index}.txt", _copy(gold, number))
        for number in range(copies)
        for index, gold in enumerate(golds)
    ]
    return made[:size]


def main() -> int:
    sizes = [int(argument) for argument in sys.argv[1:]] or list(DEFAULT_SIZES)
    golds = [
        json.loads(path.read_text(encoding="utf-8"))
        for folder in GOLD
        for path in sorted(folder.glob("*.json"))
    ]
    for size in sizes:
        run = documents(size, golds)
        facts = sum(facts_to_resolve(document.summary) for document in run)
        started = time.perf_counter()
        events = resolve(run)
        seconds = time.perf_counter() - started
        print(f"{size:>6} documents · {facts:>6} facts · {len(events):>6} events · {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
