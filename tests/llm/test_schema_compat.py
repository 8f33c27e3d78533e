"""The schemas each kind of server is sent, checked against what that server accepts, and
each instructor mode end to end at the transport.

Every request body here is the one the code itself builds: the full strategy's is
captured by batch submission's capturing transport (``live_request_body``), the pick
strategy's by running it on the seeds against a responder that answers each question
with its first option. Answers are hand-made (tests/handmade_llm.py), never recorded.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from instructor import Mode

from schemas import SummaryRecord
from summarise.api import asummarise_file
from summarise.cli.common import settings_from
from summarise.core.errors import ConfigurationError
from summarise.core.settings import DEFAULT_LOCAL_MODEL, MAX_INPUT_BYTES_DEFAULT, Settings
from summarise.llm.embedded import locate_weights
from summarise.llm.endpoint import _MODES, Endpoint, choose_mode, open_endpoint
from summarise.llm.metering import metered
from summarise.llm.response import STRING_MAX_CHARS, GroundedSummary, summary_model
from summarise.llm.session import LOCAL_MODE, open_session
from summarise.pipeline.document import read_source
from summarise.runs.batchapi import _CapturingTransport, live_request_body
from summarise.strategies.candidates import split_sentences
from summarise.strategies.full import FullStrategy
from summarise.strategies.pick import (
    MAX_LEAD_CHOICES,
    NOT_STATED,
    Choice,
    _Picker,
    summarise_by_picking,
)
from tests.conftest import SEEDS, TEST_KEY
from tests.handmade_llm import (
    CONTENT,
    TOOL_CALL,
    Answer,
    RequestResponder,
    ScriptedLLM,
    Shape,
    embedded_endpoint,
)
from tests.model_schemas import (
    GENERIC_JSON,
    LARGE_ENUM_VALUES,
    MAX_ENUM_VALUES,
    MAX_LARGE_ENUM_CHARS,
    MAX_NESTING_DEPTH,
    MAX_OBJECT_PROPERTIES,
    MAX_SCHEMA_STRING_CHARS,
    UNSUPPORTED_KEYWORDS,
    ChildCrashed,
    grammar_schemas,
    llama_cpp_verdicts,
    openai_limit_violations,
    schema_in_messages,
)

pytestmark = pytest.mark.filterwarnings("ignore:Mode.TOOLS_STRICT is deprecated:DeprecationWarning")
"""instructor warns once per process on tools_strict; what it does instead is tested below."""
MODES = tuple(_MODES)
"""Every mode ``--mode`` accepts: a mode added there is checked here without a change."""
SHAPES: dict[str, Shape] = {
    "tools": TOOL_CALL,
    "tools_strict": TOOL_CALL,
    "json_schema": CONTENT,
    "json": CONTENT,
}
"""Where each mode expects the answer: a tool call's arguments or the message content."""
SEED_002 = SEEDS / "002_275e0f26444f97b0.txt"
DEAL_RELEASE = """Acme Pharma Licenses ABC-123 to Beta Bio

Acme Pharma Co., Ltd. entered an exclusive licensing agreement with Beta Bio Inc. for ABC-123, \
with an upfront payment of US$20 million, milestones of up to 1.2亿元 and €45 million.
"""
"""Hand-written, not a seed: a deal, whose passage holds amounts as written (currency symbols,
Chinese units)."""
QUOTED_OPTIONS = ('the "Upfront Payment"', "US$20 million")
"""Hand-written options with ASCII double quotes, which no candidate finder yields today
(their patterns match words, codes, digits and currency symbols) but a name or endpoint
quoted in a release could."""


def _cleaned(path: Path) -> str:
    return read_source(path, MAX_INPUT_BYTES_DEFAULT).cleaned


def _full_request(endpoint: Endpoint) -> dict[str, Any]:
    return asyncio.run(live_request_body(endpoint, FullStrategy(), _cleaned(SEED_002)))


@pytest.fixture
def remote_requests(settings: Settings) -> dict[str, dict[str, Any]]:
    """The full strategy's request to a non-local server (GroundedSummary), per mode."""
    return {
        mode: _full_request(
            open_endpoint(
                settings.model_copy(update={"mode": mode}), http_transport=_CapturingTransport()
            )
        )
        for mode in MODES
    }


@pytest.fixture
def embedded_requests(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """The full strategy's request to the embedded model (BoundedGroundedSummary), per mode."""
    requests = {}
    for mode in MODES:
        with embedded_endpoint(monkeypatch, _CapturingTransport(), mode) as endpoint:
            requests[mode] = _full_request(endpoint)
    return requests


def _answer_schema(body: dict[str, Any]) -> dict[str, Any]:
    [schema] = grammar_schemas(body)
    return schema


def _first_options(body: dict[str, Any]) -> dict[str, Any]:
    """Each multiple-choice field answered with its first option: valid by construction,
    so the pick strategy goes on to ask every question it has."""
    properties = _answer_schema(body)["properties"]
    return {name: field["enum"][0] for name, field in properties.items()}


@pytest.fixture
def pick_requests(monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """The pick strategy's requests to the embedded model, one per distinct answer schema,
    from the five seeds and :data:`DEAL_RELEASE`; keyed by where each was first asked."""
    responder = RequestResponder(_first_options)
    bodies: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    sources = {seed.name[:3]: _cleaned(seed) for seed in sorted(SEEDS.glob("*.txt"))}
    with embedded_endpoint(monkeypatch, responder.transport) as endpoint:
        for name, source in {**sources, "deal": DEAL_RELEASE}.items():
            asked = len(responder.requests)
            asyncio.run(summarise_by_picking(endpoint, source))
            for number, body in enumerate(responder.requests[asked:], start=1):
                schema = _answer_schema(body)
                if (key := json.dumps(schema, sort_keys=True)) not in seen:
                    seen.add(key)
                    bodies[f"pick {name} q{number} {sorted(schema['properties'])}"] = body
    return bodies


def _choice_request(monkeypatch: pytest.MonkeyPatch, options: tuple[str, ...]) -> dict[str, Any]:
    """The request the pick strategy sends the embedded model for one question with
    ``options``, through its own multiple-choice code."""
    responder = RequestResponder(_first_options)
    sentences = split_sentences(DEAL_RELEASE)
    choice = Choice("What is the deal's total value?", options, NOT_STATED)
    with embedded_endpoint(monkeypatch, responder.transport) as endpoint, metered() as meter:
        picker = _Picker(endpoint, meter, sentences)
        answers = asyncio.run(picker.choose(sentences[-1].text, {"t": choice}))
    assert answers == {"t": options[0]}
    [body] = responder.requests
    return body


@pytest.fixture
def weights() -> Path:
    """The embedded model's weights, whose vocabulary llama.cpp's grammar parser needs."""
    pytest.importorskip("llama_cpp", reason="the llama.cpp check needs llama-cpp-python")
    try:
        path, _ = locate_weights(None, DEFAULT_LOCAL_MODEL)
    except ConfigurationError as missing:
        pytest.skip(f"the llama.cpp check needs the embedded model's weights: {missing}")
    return path


def _summary_schemas(requests: dict[str, dict[str, Any]], where: str) -> dict[str, Any]:
    return {
        f"full {where} {mode} [{index}]": schema
        for mode, body in requests.items()
        for index, schema in enumerate(grammar_schemas(body))
    }


def test_every_model_facing_schema_compiles_on_llama_cpp(
    remote_requests, embedded_requests, pick_requests, weights
):
    """llama.cpp once crashed the embedded server on the date pattern's ``\\d``: every schema
    a request carries, in every mode, must convert to a grammar llama.cpp parses."""
    schemas = {
        **_summary_schemas(remote_requests, "remote"),
        **_summary_schemas(embedded_requests, "embedded"),
        **{f"{label} [0]": _answer_schema(body) for label, body in pick_requests.items()},
    }
    verdicts = llama_cpp_verdicts(schemas, weights)
    assert verdicts.rejected == [], f"rejected: {verdicts.rejected}\n{verdicts.stderr}"
    assert sorted(verdicts.accepted) == sorted(schemas)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="llama-cpp-python 0.3.36's json_schema_to_gbnf escapes the quote of a JSON-escaped "
    '\\" but not its backslash, so llama.cpp rejects the grammar and the server, given the '
    "NULL sampler, segfaults; no candidate finder yields such an option today",
)
def test_an_option_with_a_double_quote_compiles_on_llama_cpp(monkeypatch, weights):
    """Strict: when llama-cpp-python escapes literals properly this passes, and the mark goes."""
    schema = _answer_schema(_choice_request(monkeypatch, QUOTED_OPTIONS))
    assert schema["properties"]["t"]["enum"] == [*QUOTED_OPTIONS, NOT_STATED]
    verdicts = llama_cpp_verdicts({"quoted options": schema}, weights)
    assert verdicts.rejected == [], f"rejected: {verdicts.rejected}\n{verdicts.stderr}"


def test_a_grammar_check_whose_child_dies_fails_with_its_stderr(tmp_path):
    """The child is where llama.cpp may crash; its death must fail the test, not pass it."""
    pytest.importorskip("llama_cpp", reason="the child imports llama-cpp-python")
    with pytest.raises(ChildCrashed, match=r"died with status 1:\n(.|\n)*missing\.gguf"):
        llama_cpp_verdicts({"generic JSON": GENERIC_JSON}, tmp_path / "missing.gguf")


def _without_title(schema: dict[str, Any]) -> dict[str, Any]:
    """A tool's parameters: instructor moves the model's title and docstring out of them."""
    return {key: value for key, value in schema.items() if key not in ("title", "description")}


@pytest.mark.parametrize("local", [False, True], ids=["remote", "embedded"])
def test_each_mode_carries_the_summary_model_of_its_endpoint(
    local, remote_requests, embedded_requests
):
    """What the llama.cpp check reads is the model meant for each endpoint: bounded for
    the embedded model, unbounded elsewhere, the date pattern in both."""
    requests = embedded_requests if local else remote_requests
    expected = summary_model(local).model_json_schema()
    assert [_without_title(s) for s in grammar_schemas(requests["tools"])] == [
        _without_title(expected)
    ]
    assert grammar_schemas(requests["tools_strict"]) == grammar_schemas(requests["tools"])
    assert grammar_schemas(requests["json_schema"]) == [expected]
    assert grammar_schemas(requests["json"]) == [GENERIC_JSON]
    assert schema_in_messages(requests["json"]) == expected
    headline = expected["properties"]["headline"]
    assert headline.get("maxLength") == (STRING_MAX_CHARS if local else None)
    date_iso = expected["$defs"]["DocumentInfo"]["properties"]["date_iso"]["anyOf"][0]
    assert "pattern" in date_iso  # what crashed llama.cpp: the compile check must see one


def _enums(bodies: dict[str, dict[str, Any]]) -> list[tuple[str, ...]]:
    return [
        tuple(field["enum"])
        for body in bodies.values()
        for field in _answer_schema(body)["properties"].values()
    ]


def test_the_pick_questions_checked_include_each_kind_of_option(pick_requests):
    """The compile check saw numbered sentences, the one kind of option every document
    gets; endpoints, amounts and roles are read by code, not asked."""
    enums = _enums(pick_requests)
    assert tuple(str(number) for number in range(1, MAX_LEAD_CHOICES + 1)) in enums


@pytest.mark.parametrize("mode", ["tools", "json_schema"])
def test_the_summary_schema_is_within_openai_structured_output_limits(remote_requests, mode):
    [schema] = grammar_schemas(remote_requests[mode])
    assert schema["properties"].keys() >= {"document", "headline", "trials", "deals"}
    assert openai_limit_violations(schema) == []


STRING = {"type": "string"}


def _object(properties: dict[str, Any], **keywords: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, **keywords}


def _nested(levels: int) -> dict[str, Any]:
    """``levels`` objects, each the only property of the one above it."""
    schema = _object({"leaf": STRING})
    for _ in range(levels - 1):
        schema = _object({"inner": schema})
    return schema


KEYWORD_VALUES: dict[str, Any] = {
    "allOf": [STRING],
    "not": STRING,
    "dependentRequired": {"x": ["y"]},
    "dependentSchemas": {"x": STRING},
    "if": STRING,
    "then": STRING,
    "else": STRING,
}
assert KEYWORD_VALUES.keys() == UNSUPPORTED_KEYWORDS
SHARED = {f"p{index}": STRING for index in range(MAX_OBJECT_PROPERTIES // 2 + 1)}
LIMIT_CASES = {
    "properties": (
        _object({f"p{index}": STRING for index in range(MAX_OBJECT_PROPERTIES + 1)}),
        f"{MAX_OBJECT_PROPERTIES + 1} object properties",
    ),
    "properties of a definition used twice": (
        _object(
            {"a": {"$ref": "#/$defs/Shared"}, "b": {"$ref": "#/$defs/Shared"}},
            **{"$defs": {"Shared": _object(SHARED)}},
        ),
        f"{2 * len(SHARED) + 2} object properties",
    ),
    "nesting": (_nested(MAX_NESTING_DEPTH + 1), f"{MAX_NESTING_DEPTH + 1} levels"),
    "property names": (
        _object(
            {
                "x" * (MAX_SCHEMA_STRING_CHARS // 2): STRING,
                "y" * (MAX_SCHEMA_STRING_CHARS // 2 + 1): STRING,
            }
        ),
        f"{MAX_SCHEMA_STRING_CHARS + 1} characters",
    ),
    "definition names": (
        _object(
            {"a": {"$ref": "#/$defs/" + "D" * MAX_SCHEMA_STRING_CHARS}},
            **{"$defs": {"D" * MAX_SCHEMA_STRING_CHARS: STRING}},
        ),
        f"{MAX_SCHEMA_STRING_CHARS + 1} characters",
    ),
    "const values": (
        _object({"c": {"const": "v" * MAX_SCHEMA_STRING_CHARS}}),
        f"{MAX_SCHEMA_STRING_CHARS + 1} characters",
    ),
    "enum values": (
        _object({f"e{index}": {"enum": list(range(201))} for index in range(5)}),
        f"1005 enum values across the schema, over the limit of {MAX_ENUM_VALUES}",
    ),
    "a large string enum": (
        _object({"e": {"type": "string", "enum": [f"{n:060d}" for n in range(251)]}}),
        f"an enum of 251 strings has 15060 characters, over the limit of {MAX_LARGE_ENUM_CHARS}",
    ),
    "root anyOf": ({"anyOf": [_object({"a": STRING})]}, "the root must be an object"),
    "root array": ({"type": "array", "items": _object({"a": STRING})}, "the root must be"),
    **{
        f"keyword {keyword}": (
            _object({"x": {"type": "string", keyword: value}}),
            f"unsupported keyword {keyword!r}",
        )
        for keyword, value in KEYWORD_VALUES.items()
    },
}
"""One hand-built schema per documented limit, each breaking that limit alone."""


@pytest.mark.parametrize(("schema", "expected"), LIMIT_CASES.values(), ids=LIMIT_CASES.keys())
def test_the_limit_checker_catches_each_violation(schema: dict[str, Any], expected: str):
    [violation] = openai_limit_violations(schema)
    assert expected in violation


NAMES_AT_LIMIT = MAX_OBJECT_PROPERTIES - 3 - (MAX_NESTING_DEPTH - 1)
"""Properties left under the limit beside the root's three and the nested chain's."""


def test_the_limit_checker_passes_schemas_at_the_limits():
    """At each limit exactly, nothing is reported; a property named like a keyword is not
    the keyword, and a 250-value enum is not a large one however long its values."""
    at_limits = _object(
        {
            "if": _nested(MAX_NESTING_DEPTH - 1),
            "small": {"enum": ["z" * 100] * LARGE_ENUM_VALUES},
            "names": _object({f"n{index}": STRING for index in range(NAMES_AT_LIMIT)}),
        }
    )
    assert openai_limit_violations(at_limits) == []


def _forced_tool(body: dict[str, Any]) -> dict[str, Any]:
    """Tool modes: one tool, the summary's, and ``tool_choice`` forcing it."""
    [tool] = body["tools"]
    assert tool["type"] == "function"
    assert body["tool_choice"] == {"type": "function", "function": {"name": "PressReleaseSummary"}}
    assert "response_format" not in body
    return tool["function"]


def _schema_of(mode: str, body: dict[str, Any]) -> dict[str, Any]:
    """The schema the request asks for, read from where ``mode`` puts it; fails when the
    request is not shaped as that mode sends it."""
    if SHAPES[mode] == TOOL_CALL:
        return _forced_tool(body)["parameters"]
    assert "tools" not in body and "tool_choice" not in body
    if mode == "json_schema":
        assert body["response_format"]["type"] == "json_schema"
        assert body["response_format"]["json_schema"]["name"] == "GroundedSummary"
        return body["response_format"]["json_schema"]["schema"]
    assert body["response_format"] == {"type": "json_object"}
    return schema_in_messages(body)


def _summarise(source: Path, endpoint: Endpoint) -> SummaryRecord:
    return asyncio.run(asummarise_file(source, endpoint))


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_sends_its_shape_and_grounds_an_answer_in_its_shape(
    mode, seed_002, answer_002, endpoint_for
):
    script = ScriptedLLM(Answer(answer_002, shape=SHAPES[mode]))
    endpoint, _ = endpoint_for(script, mode=mode)
    record = _summarise(seed_002, endpoint)

    [request] = script.requests
    schema = _schema_of(mode, request)
    assert _without_title(schema) == _without_title(GroundedSummary.model_json_schema())
    assert "<<<DOCUMENT" in request["messages"][-1]["content"]
    trial = record.summary.trials[0]
    assert trial.enrolled == 111
    assert trial.results[0].arm_value == 49.5
    assert record.summary.regulatory_events[0].agency == "NMPA"
    cleaned = seed_002.read_text(encoding="utf-8")
    for evidence in (trial.evidence[0], trial.results[0].evidence[0]):
        assert evidence.alignment == "exact"
        assert cleaned[evidence.start : evidence.end] == evidence.quote
    assert record.provenance.attempts == 1
    assert record.provenance.validation_passed is True


def test_tools_strict_sends_what_tools_sends(remote_requests):
    """instructor 1.17 maps TOOLS_STRICT to TOOLS (deprecated): ``--mode tools_strict`` asks
    for no strict schema. Should instructor start sending ``strict``, this fails, and the
    summary schema must first meet strict mode's rules (every property required,
    ``additionalProperties: false``), which it does not today."""
    assert remote_requests["tools_strict"] == remote_requests["tools"]
    assert "strict" not in _forced_tool(remote_requests["tools_strict"])


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        (None, Mode.TOOLS),
        ("https://api.openai.com/v1", Mode.TOOLS),
        ("http://llm.test/v1", Mode.JSON_SCHEMA),
        ("http://127.0.0.1:8080/v1", Mode.JSON_SCHEMA),
        ("https://api.deepseek.com/v1", Mode.JSON_SCHEMA),
    ],
)
def test_choose_mode_by_host(base_url: str | None, expected: Mode):
    """OpenAI's tool calling is reliable; other servers enforce a JSON schema better."""
    settings = Settings(api_key=TEST_KEY, base_url=base_url, _env_file=None)
    assert choose_mode(settings) is expected
    assert open_endpoint(settings).mode is expected


def test_the_embedded_models_session_uses_tool_mode():
    """llama-cpp-python's server turns a forced tool call into a grammar and rejects the
    json_schema response format, so the session sets tools where its 127.0.0.1 URL alone
    would choose json_schema."""
    with open_session(Settings(provider="local", _env_file=None), replaying=True) as endpoint:
        assert endpoint.mode is _MODES[LOCAL_MODE] is Mode.TOOLS
        assert endpoint.openai.base_url.host == "127.0.0.1"
        by_host = endpoint.settings.model_copy(update={"mode": None})
        assert choose_mode(by_host) is Mode.JSON_SCHEMA


@pytest.mark.parametrize("mode", MODES)
def test_mode_overrides_every_endpoints_choice(mode: str):
    expected = _MODES[mode]
    assert choose_mode(Settings(api_key=TEST_KEY, mode=mode, _env_file=None)) is expected
    assert choose_mode(settings_from(base_url="http://llm.test/v1", mode=mode)) is expected
    local = Settings(provider="local", mode=mode, _env_file=None)
    with open_session(local, replaying=True) as endpoint:
        assert endpoint.mode is expected


def test_an_unknown_mode_is_a_configuration_error_naming_the_choices():
    with pytest.raises(ConfigurationError, match="choose one of tools, tools_strict, json_schema"):
        choose_mode(Settings(api_key=TEST_KEY, mode="functions", _env_file=None))
