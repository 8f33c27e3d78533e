from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarise.core.settings import Settings
from summarise.llm.endpoint import Endpoint, open_endpoint
from tests.handmade_llm import ScriptedLLM

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEST_KEY = "sk-test-secret-value-never-written"


@pytest.fixture
def seed_002() -> Path:
    return SEEDS / "002_275e0f26444f97b0.txt"


@pytest.fixture
def answer_002() -> dict[str, Any]:
    return json.loads((FIXTURES / "handmade_answer_002.json").read_text(encoding="utf-8"))


@pytest.fixture
def variant() -> Callable[..., dict[str, Any]]:
    """A deep copy of an answer with one dotted path changed, e.g. 'trials.0.enrolled'."""

    def change(answer: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
        changed = copy.deepcopy(answer)
        *parents, last = path.split(".")
        node: Any = changed
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
        return changed

    return change


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        api_key=TEST_KEY, base_url="http://llm.test/v1", model="handmade-model", _env_file=None
    )


@pytest.fixture
def endpoint_for(settings: Settings) -> Callable[..., tuple[Endpoint, list[float]]]:
    """An endpoint served by a script, and the list its retry sleeps are recorded in."""

    def build(script: ScriptedLLM, **overrides: Any) -> tuple[Endpoint, list[float]]:
        slept: list[float] = []

        async def sleep(seconds: float) -> None:
            slept.append(seconds)

        configured = settings.model_copy(update=overrides)
        return open_endpoint(configured, http_transport=script.transport, sleep=sleep), slept

    return build


def write_record(record, path: Path) -> Path:
    """A record file where a test wants it (outside a run layout, e.g. a flat gold-style
    folder), written as the layout writes records."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(record.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def digest_archive(tmp_path_factory: pytest.TempPathFactory):
    """The digest's test archive (``tests/digest_archive.py``), built and summarised once."""
    from tests.digest_archive import build_archive

    return build_archive(tmp_path_factory.mktemp("digest") / "archive")
