"""Migrate the gold summaries to schema 2.0.0, where they used a stand-in for its vocabulary.

Why: the seed gold (``eval/gold``) and the development set's gold (``eval/devset/gold``) were
written against schema 1, whose enums lacked values analysts use, so the gold used the nearest
one (``eval/devset/README.md``): ``conditional_approval`` for an FDA accelerated approval,
``other`` for a CHMP opinion, a clinical hold, an investor or an advisor, ``other`` or
``forward_looking`` for an analysis limitation or a closing condition; it could not mark a drug
as a competitor's or an event as background; and it wrote targets as HGNC symbols where the
document names them otherwise (APRIL as TNFSF13), which schema 2.0.0 forbids. Left so, the gold
would score a right 2.0.0 answer as wrong.

What: ``EDITS`` lists every change, per gold file and JSON path, with the value the gold holds,
the value it gets and why. An edit whose path does not hold the old value stops the migration,
naming file and path, so the script never overwrites a gold file edited since; an edit already
made is skipped, so it can run again. Every gold file in ``GOLD_FOLDERS``, edited or not, is
written in canonical form, ``PressReleaseSummary.model_validate_json(...).model_dump_json(
indent=2) + "\\n"`` (the form ``tests/quality/test_gold.py`` requires), which also fills in the
2.0.0 fields' defaults (a drug is the ``subject``, an event ``occurred`` and is ``news``).

Run from the project root, with the project installed: ``python eval/migrate_gold.py``;
``--check`` writes nothing and exits 1 when a file would change.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemas import Evidence, PressReleaseSummary, RegulatoryEvent

EVAL = Path(__file__).resolve().parent
GOLD_FOLDERS = (EVAL / "gold", EVAL / "devset" / "gold")


class _Nothing:
    """The old value of an edit that adds a list item: there is none yet."""

    def __repr__(self) -> str:
        return "nothing"


NOTHING = _Nothing()


@dataclass(frozen=True)
class Edit:
    """Set ``path`` (``regulatory_events[1].reporting``) from ``old`` to ``new``."""

    path: str
    old: Any
    new: Any
    why: str


def background(index: int, why: str) -> Edit:
    """An earlier event the document mentions in passing, not its news."""
    return Edit(f"regulatory_events[{index}].reporting", "news", "background", why)


def action(index: int, old: str, new: str, why: str) -> Edit:
    return Edit(f"regulatory_events[{index}].action", old, new, why)


def caveat(index: int, old: str, new: str, why: str) -> Edit:
    return Edit(f"caveats[{index}].kind", old, new, why)


def relation(index: int, new: str, why: str) -> Edit:
    return Edit(f"drugs[{index}].relation", "subject", new, why)


def targets(index: int, old: list[str], new: list[str], why: str) -> Edit:
    """Targets as the document writes them; evaluation maps them to HGNC symbols."""
    return Edit(f"drugs[{index}].targets", old, new, why)


def roles(index: int, old: list[str], new: list[str], why: str) -> Edit:
    return Edit(f"companies[{index}].roles", old, new, why)


_PDUFA = (
    "In the United States, the Food and Drug Administration (FDA) accepted the Biologics "
    "License Application (BLA) for savretamab in May 2025 and has assigned a Prescription Drug "
    "User Fee Act (PDUFA) target action date of 28 February 2026."
)
_D09_INDICATION = (
    "add-on maintenance treatment for adults with inadequately controlled chronic "
    "rhinosinusitis with nasal polyps (CRSwNP)"
)

EDITS: dict[str, tuple[Edit, ...]] = {
    "gold/000_38ba5f5f3837983d.json": (
        relation(1, "competitor", "'competitors including AbbVie's Ritlecitinib'"),
        relation(2, "competitor", "'competitors including ... Zelgen's Jaktinib'"),
        background(1, "the earlier approvals: 'has already secured approval in China for'"),
        background(2, "the Breakthrough Therapy designation, mentioned in passing"),
    ),
    "gold/001_f7ab173160a0d3fb.json": tuple(
        background(index, "the news is the first subject dosed; the approvals are history")
        for index in range(5)
    ),
    "gold/002_275e0f26444f97b0.json": (
        background(0, "FDA approval, the drug's history before the Chinese study"),
        background(1, "EMA approval, the drug's history before the Chinese study"),
    ),
    "gold/003_0bc593ef99bebdc5.json": (
        relation(1, "partner", "orelabrutinib is given in combination with mesutoclax"),
        relation(
            2, "competitor", "'competition in the BCL2 inhibitor space': venetoclax dominates it"
        ),
    ),
    "gold/004_7991593d504d95ac.json": (
        background(1, "the earlier breakthrough therapy inclusion"),
        background(2, "the application accepted in December 2022, before the approval"),
        background(3, "priority review from December 2022, before the approval"),
        background(4, "'It is worth mentioning': the FDA IND in March"),
    ),
    "devset/gold/d01_fda_accelerated_approval.json": (
        action(0, "conditional_approval", "accelerated_approval", "'granted accelerated approval'"),
        background(1, "Priority Review granted in October 2024"),
        background(2, "Breakthrough Therapy Designation granted in May 2023"),
        targets(0, ["ERBB2"], ["HER2", "ERBB2"], "the document writes 'HER2 (ERBB2)'"),
        caveat(0, "other", "pending_condition", "continued approval needs a confirmatory trial"),
    ),
    "devset/gold/d02_ec_marketing_authorisation.json": (
        targets(0, ["TNFSF13"], ["APRIL"], "the document names the target APRIL"),
        action(0, "approval", "marketing_authorisation", "the EC granted marketing authorisation"),
        action(1, "other", "chmp_positive_opinion", "'the positive opinion adopted by the CHMP'"),
        background(1, "the CHMP opinion of 24 July 2025 that the decision follows"),
        background(2, "the FDA accepted the BLA in May 2025"),
        Edit(
            "regulatory_events[3]",
            NOTHING,
            RegulatoryEvent(
                agency="FDA",
                jurisdiction="United States",
                action="target_action_date",
                drug="Savretamab",
                date_as_stated="28 February 2026",
                date_iso="2026-02-28",
                reporting="background",
                evidence=[Evidence(quote=_PDUFA)],
            ).model_dump(mode="json"),
            "the PDUFA date, until now only a caveat for want of the action",
        ),
    ),
    "devset/gold/d03_fda_clinical_hold.json": (
        targets(0, ["CLDN6", "CD3E"], ["CLDN6", "CD3ε"], "'the epsilon chain of CD3 (CD3ε)'"),
        targets(1, ["VTCN1"], ["B7-H4"], "'B7-H4-directed bispecific T-cell engager'"),
        action(0, "other", "clinical_hold", "'has placed a clinical hold'"),
        background(1, "Fast Track designation of September 2024"),
        caveat(2, "other", "analysis_limitation", "preliminary data, not independently reviewed"),
    ),
    "devset/gold/d04_mfds_korean.json": (
        targets(0, ["MET"], ["c-MET"], "'간세포성장인자 수용체(c-MET)'"),
        background(1, "the GIFT designation of September 2024"),
    ),
    "devset/gold/d05_co_development_equity.json": (
        roles(
            1,
            ["partner", "licensee", "other"],
            ["partner", "licensee", "investor"],
            "buys Talvera stock",
        ),
        roles(2, ["other"], ["advisor"], "exclusive financial advisor to Talvera"),
        roles(3, ["other"], ["advisor"], "legal counsel to Talvera"),
        roles(4, ["other"], ["advisor"], "legal counsel to Osterholt"),
        Edit(
            "deals[2].price_per_share",
            None,
            {"amount": 18.4, "currency": "USD"},
            "'at a price of US$18.40 per share'",
        ),
        caveat(0, "forward_looking", "pending_condition", "closing awaits HSR clearance"),
    ),
    "devset/gold/d06_chinese_licence_pdf.json": (
        targets(
            0, ["CLDN18"], ["Claudin 18.2", "CLDN18.2"], "'靶向Claudin 18.2（CLDN18.2）': both"
        ),
        background(0, "the NMPA IND clearance of March 2024"),
        background(1, "the FDA IND clearance of January 2025"),
        caveat(0, "forward_looking", "pending_condition", "effectiveness awaits HSR review"),
    ),
    "devset/gold/d07_results_html_table.json": (
        relation(1, "standard_of_care", "fulvestrant is the comparator arm's treatment"),
        caveat(0, "other", "analysis_limitation", "immature interim overall survival"),
    ),
    "devset/gold/d08_markdown_newsletter.json": (
        targets(0, ["HCRTR2"], ["orexin 2 receptor"], "'selective orexin 2 receptor agonist'"),
        targets(1, ["GLP1R", "GIPR"], ["GLP-1 receptor", "GIP receptor"], "'GLP-1/GIP receptor'"),
        caveat(4, "other", "secondary_source", "the newsletter's own commentary"),
        caveat(5, "other", "secondary_source", "summarised from press releases, not verified"),
    ),
    "devset/gold/d09_label_expansion.json": (
        action(0, "approval", "supplemental_approval", "an sBLA for a new indication"),
        Edit(
            "regulatory_events[0].indication",
            f"{_D09_INDICATION} (supplemental approval, new indication)",
            _D09_INDICATION,
            "the action now says what the note in the indication said",
        ),
        background(1, "the original approval of 2021"),
        background(2, "the EMA validated the extension in June 2025"),
    ),
    "devset/gold/d10_negative_and_hedged.json": (
        targets(0, ["THRB"], ["THR-β"], "'thyroid hormone receptor beta (THR-β)'"),
        background(0, "the Fast Track designation of 2023"),
        caveat(0, "other", "absence_of_event", "no NDA filing, no Phase 3 start"),
        caveat(3, "other", "analysis_limitation", "exploratory, not adjusted for multiplicity"),
    ),
    "devset/gold/d11_conference_multiple_cohorts.json": (
        targets(0, ["CD276"], ["B7-H3", "CD276"], "'a B7-H3 (CD276)-directed ADC': both"),
        caveat(0, "other", "analysis_limitation", "investigator-assessed, unconfirmed, interim"),
    ),
    "devset/gold/d12_big5_hk_announcement.json": (
        background(1, "the FDA IND clearance of November 2024"),
    ),
}


class MigrationError(ValueError):
    """A gold file that does not hold what an edit expects."""


_STEP_RE = re.compile(r"([A-Za-z_]+)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    return [name or int(index) for name, index in _STEP_RE.findall(path)]


def apply(data: dict[str, Any], edit: Edit, where: str) -> bool:
    """Make ``edit`` in ``data``; False when it was already made."""
    *parents, last = _steps(edit.path)
    container: Any = data
    for step in parents:
        container = container[step]
    present = last in container if isinstance(last, str) else last < len(container)
    current = container[last] if present else NOTHING
    if current == edit.new:
        return False
    if current != edit.old:
        raise MigrationError(f"{where}: {edit.path} is {current!r}, expected {edit.old!r}")
    if present:
        container[last] = edit.new
    elif isinstance(last, int) and last == len(container):
        container.append(edit.new)
    else:
        raise MigrationError(f"{where}: cannot add {edit.path}")
    return True


def migrate_file(path: Path, edits: tuple[Edit, ...]) -> tuple[str, list[Edit]]:
    """The file's migrated canonical text, and the edits it needed."""
    where = path.relative_to(EVAL.parent).as_posix()
    summary = PressReleaseSummary.model_validate_json(path.read_text(encoding="utf-8"))
    data = json.loads(summary.model_dump_json())
    made = [edit for edit in edits if apply(data, edit, where)]
    text = PressReleaseSummary.model_validate_json(json.dumps(data)).model_dump_json(indent=2)
    return text + "\n", made


def migrate(write: bool = True) -> list[Path]:
    """Migrate every gold file; the files whose text changed (or would change)."""
    files = sorted(path for folder in GOLD_FOLDERS for path in folder.glob("*.json"))
    unknown = set(EDITS) - {path.relative_to(EVAL).as_posix() for path in files}
    if unknown:
        raise MigrationError(f"edits for gold files that do not exist: {sorted(unknown)}")
    changed = []
    for path in files:
        name = path.relative_to(EVAL).as_posix()
        text, made = migrate_file(path, EDITS.get(name, ()))
        for edit in made:
            print(f"{name}: {edit.path}: {edit.old!r} -> {edit.new!r} ({edit.why})")
        if text != path.read_text(encoding="utf-8"):
            changed.append(path)
            if write:
                path.write_text(text, encoding="utf-8")
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on changes")
    args = parser.parse_args()
    try:
        changed = migrate(write=not args.check)
    except MigrationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    verb = "would change" if args.check else "changed"
    print(f"{len(changed)} gold files {verb}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
