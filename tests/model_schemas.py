"""What a model's server is sent as a schema, and whether the server will take it.

Two servers matter. llama.cpp (the embedded model's, and any ``--base-url`` llama.cpp
server) turns the schema into a GBNF grammar and parses it in C, where a schema it
cannot read has crashed the process rather than raised. OpenAI refuses, with an HTTP
400, a Structured Outputs schema over its documented size limits. Both checks read the
exact request bodies the code sends, so they test what a server receives, not what a
test thinks the code sends.

Run as ``python -m tests.model_schemas WEIGHTS`` it is the child process of the
llama.cpp check (see :func:`llama_cpp_verdicts`); only the standard library is
imported at the top, so the child starts fast and loads nothing the check does not need.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GENERIC_JSON = None
"""Stands for "no schema": a ``json_object`` request, which llama-cpp-python's server
constrains with its generic JSON grammar (``llama_grammar.JSON_GBNF``)."""
SCHEMA_MARKER = "match the following json_schema:"
"""Where instructor's JSON mode puts the schema in the system message (instructor 1.17)."""


def grammar_schemas(body: dict[str, Any]) -> list[dict[str, Any] | None]:
    """The schemas a llama.cpp server turns into grammars for this request body.

    A forced tool's ``parameters`` (llama-cpp-python converts the ``tool_choice``
    function's; every tool's is listed, to check them all), ``response_format``'s
    ``json_schema.schema`` (llama.cpp's own server) or its ``schema`` (llama-cpp-python's
    ``json_object`` extension), and :data:`GENERIC_JSON` for a plain ``json_object``.
    """
    schemas: list[dict[str, Any] | None] = [
        tool["function"]["parameters"] for tool in body.get("tools", [])
    ]
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        schemas.append(response_format["json_schema"]["schema"])
    elif response_format.get("type") == "json_object":
        schemas.append(response_format.get("schema", GENERIC_JSON))
    return schemas


def schema_in_messages(body: dict[str, Any]) -> dict[str, Any] | None:
    """The schema instructor's JSON mode writes into the system message, decoded."""
    for message in body["messages"]:
        content = message.get("content")
        if isinstance(content, str) and SCHEMA_MARKER in content:
            after = content[content.index(SCHEMA_MARKER) + len(SCHEMA_MARKER) :]
            schema, _ = json.JSONDecoder().raw_decode(after.lstrip())
            return schema
    return None


@dataclass
class GrammarVerdicts:
    """What llama.cpp made of each schema: ``ok`` per label, and the child's stderr,
    where llama.cpp writes why it rejected a grammar."""

    accepted: dict[str, bool]
    stderr: str

    @property
    def rejected(self) -> list[str]:
        return [label for label, ok in self.accepted.items() if not ok]


class ChildCrashed(AssertionError):
    """The child died (llama.cpp's grammar parser has segfaulted on a bad grammar)."""


def llama_cpp_verdicts(schemas: dict[str, dict[str, Any] | None], weights: Path) -> GrammarVerdicts:
    """Convert each schema to GBNF and have llama.cpp parse it, all in ONE child process.

    The conversion is llama-cpp-python's (``json_schema_to_gbnf``, what its server's
    ``LlamaGrammar.from_json_schema`` runs); the parse is llama.cpp's C code, reached by
    making a grammar sampler on the model's vocabulary, as the server does per request.
    A crash in C would kill pytest itself, so it happens in a child, and a child that
    dies raises :class:`ChildCrashed` with its stderr.
    """
    child = subprocess.run(
        [sys.executable, "-m", "tests.model_schemas", str(weights)],
        input=json.dumps(schemas),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    if child.returncode != 0:
        raise ChildCrashed(
            f"the llama.cpp grammar check died with status {child.returncode}:\n{child.stderr}"
        )
    return GrammarVerdicts(json.loads(child.stdout), child.stderr)


def _parse_grammars(weights: str) -> None:
    """The child: read ``{label: schema}`` on stdin, write ``{label: accepted}`` on stdout."""
    import llama_cpp
    from llama_cpp.llama_grammar import JSON_GBNF, json_schema_to_gbnf

    schemas: dict[str, dict[str, Any] | None] = json.load(sys.stdin)
    model = llama_cpp.Llama(model_path=weights, vocab_only=True, verbose=False)
    vocab = llama_cpp.llama_model_get_vocab(model.model)
    accepted: dict[str, bool] = {}
    for label, schema in schemas.items():
        try:
            gbnf = JSON_GBNF if schema is None else json_schema_to_gbnf(json.dumps(schema))
        except Exception as error:  # the converter refusing a schema is a rejection too
            print(f"{label}: json_schema_to_gbnf failed: {error}", file=sys.stderr)
            accepted[label] = False
            continue
        sampler = llama_cpp.llama_sampler_init_grammar(vocab, gbnf.encode(), b"root")
        accepted[label] = bool(sampler)
        if sampler:
            llama_cpp.llama_sampler_free(sampler)
        else:
            print(f"{label}: llama.cpp rejected the grammar", file=sys.stderr)
    json.dump(accepted, sys.stdout)


MAX_OBJECT_PROPERTIES = 5_000
MAX_NESTING_DEPTH = 10
MAX_SCHEMA_STRING_CHARS = 120_000
MAX_ENUM_VALUES = 1_000
LARGE_ENUM_VALUES = 250
MAX_LARGE_ENUM_CHARS = 15_000
UNSUPPORTED_KEYWORDS = frozenset(
    {"allOf", "not", "dependentRequired", "dependentSchemas", "if", "then", "else"}
)
_SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SUBSCHEMAS = ("items", "additionalProperties", "not", "if", "then", "else")


@dataclass
class _Tally:
    properties: int = 0
    depth: int = 0
    chars: int = 0
    enum_values: int = 0
    problems: list[str] = field(default_factory=list)


def openai_limit_violations(schema: dict[str, Any]) -> list[str]:
    """Every documented OpenAI Structured Outputs limit ``schema`` breaks; empty when none.

    From "Supported schemas" in OpenAI's Structured Outputs guide
    (https://platform.openai.com/docs/guides/structured-outputs#supported-schemas):

    - "A schema may have up to 5000 object properties total, with up to 10 levels of
      nesting" (:data:`MAX_OBJECT_PROPERTIES`, :data:`MAX_NESTING_DEPTH`);
    - "total string length of all property names, definition names, enum values, and
      const values cannot exceed 120,000 characters" (:data:`MAX_SCHEMA_STRING_CHARS`);
    - "up to 1000 enum values across all enum properties" (:data:`MAX_ENUM_VALUES`);
    - "For a single enum property with string values, the total string length of all
      enum values cannot exceed 15,000 characters when there are more than 250 enum
      values" (:data:`LARGE_ENUM_VALUES`, :data:`MAX_LARGE_ENUM_CHARS`);
    - "Root objects must not be anyOf and must be an object";
    - unsupported keywords: allOf, not, dependentRequired, dependentSchemas, if, then,
      else (:data:`UNSUPPORTED_KEYWORDS`).

    Properties, nesting, enum values and their characters are counted with every
    ``$ref`` expanded where it is used: the page does not say how a shared definition
    counts, and the expanded count is never the smaller. Nesting counts object levels,
    the root being level 1. Definition names are counted once each.
    """
    definitions = {**schema.get("definitions", {}), **schema.get("$defs", {})}
    tally = _Tally(chars=sum(len(name) for name in definitions))
    if schema.get("type") != "object" or "anyOf" in schema:
        tally.problems.append("the root must be an object, not anyOf")
    _visit(schema, definitions, 0, (), tally)
    limits = (
        (tally.properties, MAX_OBJECT_PROPERTIES, "object properties in total"),
        (tally.depth, MAX_NESTING_DEPTH, "levels of object nesting"),
        (tally.chars, MAX_SCHEMA_STRING_CHARS, "characters of names, enum and const values"),
        (tally.enum_values, MAX_ENUM_VALUES, "enum values across the schema"),
    )
    for found, limit, what in limits:
        if found > limit:
            tally.problems.append(f"{found} {what}, over the limit of {limit}")
    return tally.problems


def _visit(
    node: Any, definitions: dict[str, Any], level: int, path: tuple[str, ...], tally: _Tally
) -> None:
    """Count one schema node and its subschemas; ``path`` holds the definitions being
    expanded, so a recursive definition is counted once instead of forever."""
    if not isinstance(node, dict):
        return
    for keyword in sorted(UNSUPPORTED_KEYWORDS & node.keys()):
        tally.problems.append(f"unsupported keyword {keyword!r}")
    reference = node.get("$ref")
    if isinstance(reference, str):
        name = reference.rsplit("/", 1)[-1]
        if name in definitions and name not in path:
            _visit(definitions[name], definitions, level, (*path, name), tally)
    properties = node.get("properties")
    if node.get("type") == "object" or isinstance(properties, dict):
        level += 1
        tally.depth = max(tally.depth, level)
    if isinstance(properties, dict):
        tally.properties += len(properties)
        tally.chars += sum(len(name) for name in properties)
        for subschema in properties.values():
            _visit(subschema, definitions, level, path, tally)
    if "enum" in node:
        _count_enum(node["enum"], tally)
    if "const" in node:
        tally.chars += len(str(node["const"]))
    for key in _SUBSCHEMA_LISTS:
        for subschema in node.get(key, []):
            _visit(subschema, definitions, level, path, tally)
    for key in _SUBSCHEMAS:
        _visit(node.get(key), definitions, level, path, tally)


def _count_enum(values: list[Any], tally: _Tally) -> None:
    chars = sum(len(str(value)) for value in values)
    tally.enum_values += len(values)
    tally.chars += chars
    strings = all(isinstance(value, str) for value in values)
    if strings and len(values) > LARGE_ENUM_VALUES and chars > MAX_LARGE_ENUM_CHARS:
        tally.problems.append(
            f"an enum of {len(values)} strings has {chars} characters, over the limit of "
            f"{MAX_LARGE_ENUM_CHARS} for enums of more than {LARGE_ENUM_VALUES} values"
        )


if __name__ == "__main__":
    _parse_grammars(sys.argv[1])
