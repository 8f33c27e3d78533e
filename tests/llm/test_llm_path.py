"""The LLM path end to end against hand-made HTTP fixtures (see tests/handmade_llm.py)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from schemas import SummaryRecord
from summarise.api import asummarise_file
from summarise.core.errors import ConfigurationError, ModelOutputError, ProviderError
from summarise.core.policy import GroundingPolicy
from summarise.runs.layout import RunLayout
from tests.conftest import TEST_KEY
from tests.handmade_llm import USAGE, Answer, Drop, Refuse, ScriptedLLM, Stall, Status

INVENTED = "The FDA approved ruxolitinib cream for all skin diseases in 2019."


def summarise(source: Path, endpoint) -> SummaryRecord:
    return asyncio.run(asummarise_file(source, endpoint))


def _write(record: SummaryRecord, out: Path, source: Path) -> dict:
    layout = RunLayout(out)
    layout.write_record(record, source.name)
    return json.loads(layout.summary_path(source.name).read_text(encoding="utf-8"))


def test_success_writes_grounded_summary_with_offsets(seed_002, answer_002, endpoint_for, tmp_path):
    script = ScriptedLLM(Answer(answer_002))
    endpoint, _ = endpoint_for(script)
    record = summarise(seed_002, endpoint)
    written = _write(record, tmp_path, seed_002)

    assert written["summary"]["trials"][0]["enrolled"] == 111
    result = written["summary"]["trials"][0]["results"][0]
    assert result["arm_value"] == 49.5
    evidence = result["evidence"][0]
    assert evidence["alignment"] == "exact"
    cleaned = seed_002.read_text(encoding="utf-8")
    assert cleaned[evidence["start"] : evidence["end"]] == evidence["quote"]
    provenance = written["provenance"]
    assert provenance["attempts"] == 1
    assert provenance["transport_retries"] == 0
    assert provenance["usage"]["total_tokens"] == USAGE["total_tokens"]
    assert provenance["validation_passed"] is True
    assert provenance["base_url_host"] == "llm.test"
    assert provenance["source_sha256"] and provenance["prompt_version"]
    assert TEST_KEY not in json.dumps(written)
    request = script.requests[0]
    assert request["response_format"]["type"] == "json_schema"
    assert "<<<DOCUMENT" in request["messages"][-1]["content"]


def test_rate_limit_waits_for_retry_after_then_succeeds(seed_002, answer_002, endpoint_for):
    script = ScriptedLLM(Status(429, {"Retry-After": "7"}), Answer(answer_002))
    endpoint, slept = endpoint_for(script)
    record = summarise(seed_002, endpoint)
    assert slept == [7.0]
    assert len(script.requests) == 2
    assert record.provenance.transport_retries == 1
    assert record.provenance.attempts == 1
    assert record.provenance.usage.total_tokens == USAGE["total_tokens"]
    # the model never saw the 429: the retried request is the same as the first
    assert script.requests[0] == script.requests[1]


def test_server_error_and_dropped_connection_are_retried(seed_002, answer_002, endpoint_for):
    script = ScriptedLLM(Status(500), Drop(), Answer(answer_002))
    endpoint, slept = endpoint_for(script)
    record = summarise(seed_002, endpoint)
    assert len(slept) == 2 and all(0 < wait <= 30 for wait in slept)
    assert record.provenance.transport_retries == 2
    assert record.provenance.attempts == 1
    assert record.summary.drugs[0].name == "Ruxolitinib cream"


def test_persistent_outage_is_a_provider_error(seed_002, endpoint_for):
    script = ScriptedLLM(*[Status(503)] * 3)
    endpoint, slept = endpoint_for(script, transport_attempts=3)
    with pytest.raises(ProviderError, match="HTTP 503"):
        summarise(seed_002, endpoint)
    assert len(script.requests) == 3 and len(slept) == 2


def test_invented_quote_is_reasked_then_grounded(seed_002, answer_002, variant, endpoint_for):
    invented = variant(answer_002, "regulatory_events.0.evidence.0.quote", INVENTED)
    script = ScriptedLLM(Answer(invented), Answer(answer_002))
    endpoint, _ = endpoint_for(script)
    record = summarise(seed_002, endpoint)

    assert record.provenance.attempts == 2
    assert record.provenance.usage.total_tokens == 2 * USAGE["total_tokens"]
    assert record.provenance.validation_passed is True
    reask = json.dumps(script.requests[1]["messages"])
    assert "quote not found in the document" in reask
    assert "regulatory_events[0].evidence[0]" in reask
    assert record.summary.regulatory_events[0].evidence[0].alignment == "exact"


TEMPLATE_LOOKALIKE = "    Price {{ source|length }} is {% if tbd %}due{% endif %}.\n  Indented."


def test_document_reaches_the_model_verbatim_even_when_it_looks_like_a_template(
    seed_002, answer_002, variant, endpoint_for, tmp_path
):
    """Press releases are data: nothing in them is rendered, and grounding still runs."""
    document = tmp_path / "template_like.txt"
    document.write_text(
        seed_002.read_text(encoding="utf-8") + "\n" + TEMPLATE_LOOKALIKE, encoding="utf-8"
    )
    invented = variant(answer_002, "regulatory_events.0.evidence.0.quote", INVENTED)
    script = ScriptedLLM(Answer(invented), Answer(answer_002))
    endpoint, _ = endpoint_for(script)
    record = summarise(document, endpoint)

    for request in script.requests:
        document_message = next(m for m in request["messages"] if "<<<DOCUMENT" in m["content"])
        assert TEMPLATE_LOOKALIKE in document_message["content"]
    assert record.provenance.attempts == 2
    assert "quote not found in the document" in json.dumps(script.requests[1]["messages"])


def test_number_absent_from_its_quote_is_reasked(seed_002, answer_002, variant, endpoint_for):
    wrong = variant(answer_002, "trials.0.results.0.arm_value", 50)
    script = ScriptedLLM(Answer(wrong), Answer(answer_002))
    endpoint, _ = endpoint_for(script)
    record = summarise(seed_002, endpoint)
    assert "50 does not occur" in json.dumps(script.requests[1]["messages"])
    assert record.summary.trials[0].results[0].arm_value == 49.5


def test_ungrounded_after_budget_is_dropped_and_reported(
    seed_002, answer_002, variant, endpoint_for
):
    invented = variant(answer_002, "regulatory_events.0.evidence.0.quote", INVENTED)
    invented = variant(invented, "trials.0.enrolled", 112)
    script = ScriptedLLM(Answer(invented), Answer(invented), Answer(invented))
    endpoint, _ = endpoint_for(script)
    record = summarise(seed_002, endpoint)

    assert record.provenance.attempts == 3
    assert record.provenance.validation_passed is False
    assert record.summary.regulatory_events == []
    assert record.summary.trials[0].enrolled is None
    assert record.summary.trials[0].results[0].arm_value == 49.5
    dropped = {item.path for item in record.provenance.dropped}
    assert dropped == {
        "regulatory_events[0].evidence[0]",
        "regulatory_events[0]",
        "trials[0].enrolled",
    }


def test_keep_policy_marks_instead_of_dropping(seed_002, answer_002, variant, endpoint_for):
    invented = variant(answer_002, "regulatory_events.0.evidence.0.quote", INVENTED)
    script = ScriptedLLM(Answer(invented), Answer(invented), Answer(invented))
    endpoint, _ = endpoint_for(script, grounding_policy=GroundingPolicy.KEEP)
    record = summarise(seed_002, endpoint)
    event = record.summary.regulatory_events[0]
    assert event.evidence[0].alignment == "unaligned"
    assert event.evidence[0].start is None
    assert "quote not found" in event.grounding_issues[0].problem
    assert record.provenance.dropped == []


def test_truncated_answer_is_a_failure(seed_002, answer_002, endpoint_for):
    script = ScriptedLLM(Answer(json.dumps(answer_002)[:300], finish_reason="length"))
    endpoint, _ = endpoint_for(script)
    with pytest.raises(ModelOutputError, match="truncated"):
        summarise(seed_002, endpoint)
    assert len(script.requests) == 1


def test_api_key_is_sent_but_never_stored(seed_002, answer_002, endpoint_for, tmp_path):
    script = ScriptedLLM(Answer(answer_002))
    endpoint, _ = endpoint_for(script)
    record = summarise(seed_002, endpoint)
    assert script.headers[0]["authorization"] == f"Bearer {TEST_KEY}"
    assert TEST_KEY not in record.model_dump_json()


def test_an_endpoint_refusing_the_first_connection_stops_the_run(seed_002, endpoint_for):
    script = ScriptedLLM(Refuse())
    endpoint, slept = endpoint_for(script)
    with pytest.raises(ConfigurationError, match=r"http://llm\.test could not be reached"):
        summarise(seed_002, endpoint)
    assert len(script.requests) == 1 and slept == []


def test_an_answer_past_the_timeout_fails_the_document_once(seed_002, endpoint_for):
    script = ScriptedLLM(Stall())
    endpoint, slept = endpoint_for(script, provider="local", request_timeout=30.0)
    with pytest.raises(ModelOutputError, match=r"no complete answer within 30 s \(--timeout\)"):
        summarise(seed_002, endpoint)
    assert len(script.requests) == 1 and slept == [], "the embedded model is not asked again"
