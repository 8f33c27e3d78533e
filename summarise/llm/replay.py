"""replay: record LLM HTTP traffic to vcrpy cassettes and play it back with no network and no key.

One YAML cassette per document. RECORD calls the live endpoint and rewrites the
document's cassette from scratch; REPLAY never touches the network, and a request
that is not in the cassette is a loud ``CassetteMissing``, never a silent live call.

vcrpy 9.4 patches httpx at the transport level (``httpx.HTTPTransport.handle_request``
and ``httpx.AsyncHTTPTransport.handle_async_request``), so wrapping transports such as
``RetryingTransport`` stay in the path: each retry it makes is recorded, and replayed,
as its own interaction. The patch is process-wide, so run one recording at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

import vcr
from vcr.errors import CannotOverwriteExistingCassetteException
from vcr.request import Request

from summarise.core.errors import SummariseError

CASSETTE_SUFFIX = ".yaml"
SECRET_REQUEST_HEADERS = (
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
)
NOISY_REQUEST_HEADER_PREFIX = "x-stainless-"
"""The SDK's OS, arch and Python version: not secret, but they churn every re-record."""
DROPPED_RESPONSE_HEADERS = frozenset(
    {"set-cookie", "openai-organization", "openai-project", "x-request-id", "cf-ray", "date"}
)
UNMATCHED_BODY_FIELDS = ("user", "stream_options")
"""Body fields that do not change the answer, so they must not break matching."""
PYDANTIC_ERRORS_URL = re.compile(r"https://errors\.pydantic\.dev/[^/\s]+/")
PYDANTIC_ERRORS_URL_ANY_VERSION = "https://errors.pydantic.dev/X/"
MATCH_ON = ("method", "path", "body_normalised")
"""No scheme, host or port: the embedded model's server listens on a random port each run."""
UNMATCHED_REASON = "(the prompt, schema or model changed since it was recorded?)"
NO_CASSETTE_REASON = "(there is no such cassette)"


class ReplayMode(StrEnum):
    RECORD = "record"  # call the live endpoint and (re)write the document's cassette
    REPLAY = "replay"  # never touch the network; a request not in the cassette is an error


RECORD_MODES = {ReplayMode.RECORD: "all", ReplayMode.REPLAY: "none"}
"""vcrpy's "all" always calls the endpoint; "none" never does and raises instead."""


class CassetteMissing(SummariseError):
    """No recording matches: names the cassette and the command that re-records it."""

    kind = "configuration"

    def __init__(
        self, cassette: Path, document: str, rerecord_hint: str, reason: str = UNMATCHED_REASON
    ) -> None:
        super().__init__(
            f"no recorded answer for {document} in {cassette} {reason}; "
            f"re-record with: {rerecord_hint}"
        )
        self.cassette = cassette


def cassette_path(cassette_dir: Path, document_key: str) -> Path:
    """One cassette per document, so re-recording one document leaves the others alone."""
    return cassette_dir / f"{document_key}{CASSETTE_SUFFIX}"


def unmatched_request(error: BaseException) -> bool:
    """Whether vcrpy refused a request somewhere in ``error``'s chain.

    openai wraps it in APIConnectionError and instructor that in
    InstructorRetryException, so the vcrpy exception is only found by walking
    ``__cause__``/``__context__`` (and a tenacity RetryError's last attempt).
    """
    pending: list[BaseException] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, CannotOverwriteExistingCassetteException):
            return True
        last_attempt = getattr(current, "last_attempt", None)
        inner = last_attempt.exception() if hasattr(last_attempt, "exception") else None
        pending += [e for e in (current.__cause__, current.__context__, inner) if e is not None]
    return False


def _parsed_json(body: Any) -> Any:
    """The JSON value of a request body, or None when it is not JSON."""
    try:
        return json.loads(body) if isinstance(body, bytes | str) and body else None
    except (ValueError, UnicodeDecodeError):
        return None


def _without_versions(value: Any) -> Any:
    """Pydantic's version in its error URLs (in re-ask messages) must not break matching."""
    if isinstance(value, str):
        return PYDANTIC_ERRORS_URL.sub(PYDANTIC_ERRORS_URL_ANY_VERSION, value)
    if isinstance(value, list):
        return [_without_versions(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_versions(item) for key, item in value.items()}
    return value


def _normalised(body: Any) -> Any:
    parsed = _parsed_json(body)
    if isinstance(parsed, dict):  # top level only: a schema may well have a "user" property
        parsed = {k: v for k, v in parsed.items() if k not in UNMATCHED_BODY_FIELDS}
    return body if parsed is None else _without_versions(parsed)


def body_normalised(r1: Request, r2: Request) -> None:
    """vcrpy matcher: JSON bodies equal after normalisation; other bodies byte for byte."""
    if _normalised(r1.body) != _normalised(r2.body):
        raise AssertionError("the request bodies differ after normalisation")


def _readable_request(request: Request) -> Request:
    """Store a JSON body as sorted text (vcrpy writes bytes as text when they are UTF-8)."""
    for name in [n for n in request.headers if n.lower().startswith(NOISY_REQUEST_HEADER_PREFIX)]:
        del request.headers[name]
    parsed = _parsed_json(request.body)
    if parsed is not None:
        request.body = json.dumps(parsed, sort_keys=True, ensure_ascii=False)
    return request


def _quiet_response(response: dict[str, Any]) -> dict[str, Any]:
    """Drop response headers that carry account identifiers, cookies or per-call noise."""
    headers = response.get("headers", {})
    response["headers"] = {
        k: v for k, v in headers.items() if k.lower() not in DROPPED_RESPONSE_HEADERS
    }
    return response


def _vcr(mode: ReplayMode) -> vcr.VCR:
    recorder = vcr.VCR(
        record_mode=RECORD_MODES[mode],
        serializer="yaml",
        match_on=MATCH_ON,
        filter_headers=SECRET_REQUEST_HEADERS,
        decode_compressed_response=True,  # a brotli cassette must replay where brotli is absent
        before_record_request=_readable_request,
        before_record_response=_quiet_response,
        # RECORD: a fresh cassette, not old + new interactions. Never in REPLAY: there it
        # would rewrite the cassette without the answers a changed prompt did not ask for.
        drop_unused_requests=mode is ReplayMode.RECORD,
    )
    recorder.register_matcher("body_normalised", body_normalised)
    return recorder


@contextmanager
def recording(
    cassette_dir: Path,
    document_key: str,
    mode: ReplayMode,
    rerecord_hint: str,
    *,
    document: str | None = None,
) -> Iterator[None]:
    """Record or replay every httpx request made inside the block.

    ``document`` is how error messages name the input (e.g. its path); it defaults to
    ``document_key``. An unmatched request escaping the block, however wrapped,
    becomes ``CassetteMissing``; in REPLAY mode a missing cassette fails before any request.
    """
    mode = ReplayMode(mode)
    path = cassette_path(cassette_dir, document_key)
    label = document or document_key
    if mode is ReplayMode.REPLAY and (not path.is_file() or path.stat().st_size == 0):
        raise CassetteMissing(path, label, rerecord_hint, NO_CASSETTE_REASON)
    try:
        with _vcr(mode).use_cassette(str(path), allow_playback_repeats=False):
            yield
    except CassetteMissing:
        raise
    except Exception as error:
        if unmatched_request(error):
            raise CassetteMissing(path, label, rerecord_hint) from error
        raise
