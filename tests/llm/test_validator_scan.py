"""instructor's async-validator check: remembered for models that pass, never for ones that fail."""

from __future__ import annotations

import asyncio

import instructor.v2.core.patch as instructor_patch
import instructor.v2.validation.async_validators as async_validators
import pytest
from instructor.v2.validation.async_validators import async_field_validator
from pydantic import BaseModel

from summarise.api import asummarise_file
from summarise.llm import validator_scan
from summarise.llm.response import GroundedSummary
from tests.handmade_llm import Answer, ScriptedLLM


class WithAsyncValidator(BaseModel):
    name: str

    @async_field_validator("name")
    async def _check(self, value: str) -> str:
        return value


def test_opening_an_endpoint_installs_the_check_where_instructor_looks(endpoint_for):
    endpoint_for(ScriptedLLM())
    assert async_validators.reject_async_validators is validator_scan.reject_async_validators_once
    assert instructor_patch.reject_async_validators is validator_scan.reject_async_validators_once


def test_a_model_with_async_validators_is_still_refused_every_time():
    for _ in range(2):
        with pytest.raises(ValueError, match="async validators are not supported"):
            validator_scan.reject_async_validators_once(WithAsyncValidator)
    assert WithAsyncValidator not in validator_scan._passed


def test_the_summary_model_is_scanned_once_across_calls(
    seed_002, answer_002, endpoint_for, monkeypatch
):
    scanned: list[object] = []

    def counting_scan(model: object) -> None:
        scanned.append(model)

    monkeypatch.setattr(validator_scan, "_full_scan", counting_scan)
    monkeypatch.setattr(validator_scan, "_passed", set())
    endpoint, _ = endpoint_for(ScriptedLLM(Answer(answer_002), Answer(answer_002)))
    for _ in range(2):
        record = asyncio.run(asummarise_file(seed_002, endpoint))
        assert record.summary.trials[0].enrolled == 111
    assert scanned.count(GroundedSummary) == 1
