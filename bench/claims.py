"""claims: how many regulatory events in a run's records state what their quotes do not.

For each record of RUN_DIR (as ``summarise eval`` finds them), the claim checks are run again on the
record as written (``summarise.pipeline.ground.unsupported_claims``) against its
source's cleaned text; the events whose action or status their quotes do not
state are counted. Records made with the drop policy have had such events
removed or corrected already, so it also tallies what each check removed or
marked, from ``provenance.dropped``. Not a test: it prints counts of one run.

    python bench/claims.py RUN_DIR [RUN_DIR ...]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from schemas import SummaryRecord  # noqa: E402
from summarise.core.errors import SummariseError  # noqa: E402
from summarise.pipeline.document import read_source  # noqa: E402
from summarise.pipeline.ground import EVENT_CHECKS, unsupported_claims  # noqa: E402
from summarise.quality.evaluate import record_files  # noqa: E402

CHECK_NAME = re.compile(r"claim check '([a-z_]+)'|\(quarantine\)")


def _check_of(problem: str) -> str | None:
    found = CHECK_NAME.search(problem)
    if found is None:
        return None
    return found.group(1) or "quarantine"


def measure(run_dir: Path) -> None:
    events = unsupported = 0
    removed: Counter[str] = Counter()
    for path in record_files(run_dir):
        record = SummaryRecord.model_validate_json(path.read_text(encoding="utf-8"))
        for dropped in record.provenance.dropped:
            check = _check_of(dropped.problem)
            if check:
                removed[check] += 1
        source_file = record.provenance.source_file
        if not source_file:
            continue
        try:
            cleaned = read_source(Path(source_file)).cleaned
        except SummariseError:
            continue
        events += len(record.summary.regulatory_events)
        paths = {
            problem.path
            for problem in unsupported_claims(record.summary, cleaned)
            if problem.check in EVENT_CHECKS
        }
        unsupported += len(paths)
    print(f"{run_dir}: {unsupported} of {events} regulatory events state what their quotes do not")
    shown = ", ".join(f"{check} {count}" for check, count in sorted(removed.items())) or "none"
    print(f"  removed or marked by the checks (provenance.dropped): {shown}")


if __name__ == "__main__":
    for argument in sys.argv[1:] or ["runs"]:
        measure(Path(argument))
