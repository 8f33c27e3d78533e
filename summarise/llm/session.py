"""session: the endpoint one command talks to, started and stopped around it.

The embedded model needs a server for the life of the command; a replay needs
no model at all, only the request shapes the model would have been sent. Both
end up as the same :class:`~summarise.llm.endpoint.Endpoint`, so the rest of the
code never asks which one it has.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from urllib.parse import urlparse

from summarise.core.settings import Settings
from summarise.llm.embedded import (
    LOCAL_HOST,
    embedded_server,
    free_port,
    local_model_name,
    locate_weights,
    require_server,
    vocab_counter,
)
from summarise.llm.endpoint import OPENAI_HOST, Endpoint, Starter, open_endpoint

REPLAY_BASE_URL = "http://127.0.0.1:9/v1"
"""Where a replayed local endpoint points: nothing listens there, and vcrpy answers
before any connection is made. Recordings do not depend on the port."""
LOCAL_MODE = "tools"
"""llama-cpp-python's server turns a forced tool call into a JSON-schema grammar, so
tool mode gives schema-constrained decoding; it rejects the json_schema response format."""


@dataclass(frozen=True)
class Destination:
    """Where a run sends documents, as a user is told before the first one goes."""

    provider: str
    model: str
    host: str


def destination(settings: Settings) -> Destination:
    """Provider, model and host a run with ``settings`` talks to (never the key)."""
    if settings.uses_local_model:
        name = local_model_name(settings.model_path, settings.local_model)
        return Destination("the embedded model", name, f"{LOCAL_HOST} (this machine)")
    if not settings.base_url:
        return Destination("OpenAI", settings.model, OPENAI_HOST)
    parsed = urlparse(settings.base_url)
    port = f":{parsed.port}" if parsed.port else ""
    return Destination(
        "an OpenAI-compatible server", settings.model, f"{parsed.hostname or '?'}{port}"
    )


@contextmanager
def open_session(settings: Settings, replaying: bool = False) -> Iterator[Endpoint]:
    """Yield a ready endpoint. The embedded model's server starts with the first request
    (so a run whose every document is cached never starts it) and stops on exit."""
    if not settings.uses_local_model:
        yield open_endpoint(settings)
        return
    name = local_model_name(settings.model_path, settings.local_model)
    if replaying:
        yield _local_endpoint(settings, name, REPLAY_BASE_URL)
        return
    weights, chat_format = locate_weights(settings.model_path, settings.local_model)
    require_server()
    port = free_port()
    with ExitStack() as running:

        def start() -> None:
            running.enter_context(
                embedded_server(
                    weights, chat_format, alias=name, port=port, verbose=settings.verbose
                )
            )

        yield _local_endpoint(settings, name, f"http://{LOCAL_HOST}:{port}/v1", Starter(start))


def _local_endpoint(
    settings: Settings, name: str, base_url: str, starter: Starter | None = None
) -> Endpoint:
    local = settings.model_copy(
        update={
            "provider": "local",
            "base_url": base_url,
            "model": name,
            "mode": settings.mode or LOCAL_MODE,
        }
    )
    return open_endpoint(
        local,
        count_tokens=vocab_counter(settings.model_path, settings.local_model, settings.verbose),
        starter=starter,
    )
