"""Hand-made HTTP fixtures for the LLM path, served at the httpx transport level.

Nothing here was recorded from a model: each answer is written by hand to
exercise one behaviour (success, rate limit, outage, ungrounded quote,
truncation). Recorded cassettes live in ``cassettes/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

import httpx
import pytest

from summarise.core.settings import Settings
from summarise.llm import session
from summarise.llm.endpoint import Endpoint, open_endpoint

USAGE = {"prompt_tokens": 1000, "completion_tokens": 200, "total_tokens": 1200}
TOOL_CALL = "tool_call"
"""The answer as the arguments of a call to the request's tool (tool modes)."""
CONTENT = "content"
"""The answer as the message content (JSON modes)."""
Shape = Literal["tool_call", "content"]


@dataclass
class Answer:
    """A chat completion carrying ``payload`` as JSON.

    ``shape`` None answers in the shape the request's mode expects: a tool call when the
    request offers tools, else message content. A named shape is served whatever the
    request asked, so a test of one mode can say which shape it hands back.
    """

    payload: dict[str, Any] | str
    finish_reason: str = "stop"
    shape: Shape | None = None


@dataclass
class Status:
    """An HTTP error status, e.g. 429 with a Retry-After header."""

    code: int
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Drop:
    """The connection closes before any response."""


@dataclass
class Refuse:
    """Nothing listens at the address: the connection is refused."""


@dataclass
class Stall:
    """The server takes longer than the client's timeout to answer."""


Step = Answer | Status | Drop | Refuse | Stall


def _completion(answer: Answer, request: dict[str, Any]) -> dict[str, Any]:
    """The answer as message content (JSON modes) or as a tool call (tool modes)."""
    content = answer.payload if isinstance(answer.payload, str) else json.dumps(answer.payload)
    message: dict[str, Any] = {"role": "assistant", "content": content}
    shape = answer.shape or (TOOL_CALL if request.get("tools") else CONTENT)
    if shape == TOOL_CALL:
        if not request.get("tools"):
            raise AssertionError("a tool call answers a request that offers a tool; this has none")
        name = request["tools"][0]["function"]["name"]
        call = {"id": "call_handmade", "type": "function"}
        call["function"] = {"name": name, "arguments": content}
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
    return {
        "id": "chatcmpl-handmade",
        "object": "chat.completion",
        "created": 0,
        "model": "handmade-model",
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": answer.finish_reason,
            }
        ],
        "usage": USAGE,
    }


class ScriptedLLM:
    """Serves the steps in order, one per HTTP request, and keeps the requests."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.requests: list[dict[str, Any]] = []
        self.headers: list[httpx.Headers] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(json.loads(request.content))
        self.headers.append(request.headers)
        if not self.steps:
            raise AssertionError("the script has no step left for this request")
        step = self.steps.pop(0)
        if isinstance(step, Drop):
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        if isinstance(step, Refuse):
            raise httpx.ConnectError("[Errno 111] Connection refused")
        if isinstance(step, Stall):
            raise httpx.ReadTimeout("timed out")
        if isinstance(step, Status):
            body = {"error": {"message": f"handmade status {step.code}", "type": "test"}}
            return httpx.Response(step.code, json=body, headers=step.headers)
        return httpx.Response(200, json=_completion(step, self.requests[-1]))

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)


class RequestResponder(ScriptedLLM):
    """Answers every request with ``answer_for(body)``, for answers written from what was
    asked (the schema, the question) rather than from a script."""

    def __init__(self, answer_for: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        super().__init__()
        self.answer_for = answer_for

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.requests.append(body)
        self.headers.append(request.headers)
        return httpx.Response(200, json=_completion(Answer(self.answer_for(body)), body))


DOCUMENT_FENCE = re.compile(r"<<<DOCUMENT\n(.*)\nDOCUMENT>>>", re.DOTALL)


class HandmadeResponder(RequestResponder):
    """Answers every request by calling ``answer_for`` on the document it carries.

    For chunked documents: each chunk's request gets an answer written by hand
    from that chunk's text, so tests can plant facts and check the merge.
    """

    def __init__(self, answer_for: Callable[[str], dict[str, Any]]) -> None:
        super().__init__(self._answer_document)
        self.answer_document = answer_for
        self.documents: list[str] = []

    def _answer_document(self, body: dict[str, Any]) -> dict[str, Any]:
        carried = "\n".join(str(message.get("content")) for message in body["messages"])
        document = DOCUMENT_FENCE.search(carried).group(1)
        self.documents.append(document)
        return self.answer_document(document)


@contextmanager
def embedded_endpoint(
    monkeypatch: pytest.MonkeyPatch, transport: httpx.AsyncBaseTransport, mode: str | None = None
) -> Iterator[Endpoint]:
    """The embedded model's endpoint exactly as its session opens it (the replay session:
    the same endpoint with no server to start), its HTTP served by ``transport``."""
    monkeypatch.setattr(session, "open_endpoint", partial(open_endpoint, http_transport=transport))
    with session.open_session(
        Settings(provider="local", mode=mode, _env_file=None), replaying=True
    ) as opened:
        yield opened
