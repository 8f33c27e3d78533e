"""Compare local models on the seeds: key facts found, grounding, speed.

Usage: python bench/local_models.py [--model-path FILE.gguf ...]
Runs the packaged default model and every GGUF given, on every seed, with the
pick strategy, and prints one row per model and seed plus a total per model.
A key fact is a value an analyst must get from the seed (KEY_FACTS below,
written from reading the seeds); it counts when it occurs in the summary JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

from schemas import FACT_LISTS
from summarise.api import asummarise_file
from summarise.core.settings import Settings
from summarise.llm.endpoint import Endpoint
from summarise.llm.session import open_session

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KEY_FACTS = {
    "000": [
        '"Ivarmacitinib"',
        '"agency": "NMPA"',
        '"arm_value": 40.0',
        '"comparator_value": 9.0',
        '"amount": 223000000.0',
        '"inconsistent_claim"',
    ],
    "001": [
        '"Ruxolitinib cream"',
        '"enrolled": 192',
        '"sites": 20',
        '"phase_3"',
        '"agency": "ISAF',
        '"date_iso": "2023-08-12"',
        '"Incyte"',
    ],
    "002": ['"enrolled": 111', '"arm_value": 49.5', '"agency": "NMPA"', '"real_world"'],
    "003": ['"Mesutoclax"', '"ICP-248"', '"breakthrough_therapy"', '"09969"', '"BCL2"'],
    "004": [
        '"Inaticabtagene Autoleucel"',
        '"CNCT19"',
        '"date_iso": "2023-11-08"',
        '"enrolled": 39',
        '"sites": 10',
        '"missing_data"',
        '"ind_clearance"',
    ],
}


def _facts(summary: dict) -> int:
    results = sum(len(trial["results"]) for trial in summary["trials"])
    return sum(len(summary[name]) for name in FACT_LISTS) + results


def bench(settings: Settings, label: str) -> None:
    with open_session(settings) as endpoint:
        asyncio.run(_bench(endpoint, label))


async def _bench(endpoint: Endpoint, label: str) -> None:
    """All seeds on one event loop: the endpoint's connections belong to the loop."""
    totals = {"found": 0, "keys": 0, "seconds": 0.0, "tokens": 0, "facts": 0, "dropped": 0}
    for seed in sorted(SEEDS.glob("*.txt")):
        started = time.perf_counter()
        record = await asummarise_file(seed, endpoint)
        seconds = time.perf_counter() - started
        text = json.dumps(record.model_dump(mode="json"), ensure_ascii=False)
        keys = KEY_FACTS[seed.name[:3]]
        found = sum(key in text for key in keys)
        usage = record.provenance.usage
        facts = _facts(json.loads(text)["summary"])
        dropped = len(record.provenance.dropped)
        llm_seconds = record.provenance.timings_ms["llm"] / 1000
        rate = usage.completion_tokens / llm_seconds if llm_seconds else 0.0
        print(
            f"{label:<22} {seed.name[:3]}  key facts {found}/{len(keys)}  facts kept {facts:>3}"
            f"  dropped {dropped}  calls {record.provenance.attempts:>3}"
            f"  tokens {usage.total_tokens:>5} ({usage.completion_tokens} out)"
            f"  {seconds:5.1f} s  {rate:5.1f} out-tok/s"
        )
        for name, value in (
            ("found", found),
            ("keys", len(keys)),
            ("seconds", seconds),
            ("tokens", usage.total_tokens),
            ("facts", facts),
            ("dropped", dropped),
        ):
            totals[name] += value
    grounded = totals["facts"] / (totals["facts"] + totals["dropped"]) if totals["facts"] else 0
    print(
        f"{label:<22} ALL  key facts {totals['found']}/{totals['keys']}"
        f"  facts kept {totals['facts']}  dropped {totals['dropped']}"
        f"  grounding rate {grounded:.2f}  {totals['seconds']:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-path", type=Path, action="append", default=[])
    args = parser.parse_args()
    bench(Settings(provider="local", _env_file=None), "gemma-3-270m (default)")
    for path in args.model_path:
        bench(Settings(provider="local", model_path=path, _env_file=None), path.stem[:22])


if __name__ == "__main__":
    main()
