"""The embedded model says nothing on stderr unless --verbose: llama.cpp's log is ours to drop."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from summarise import cli
from summarise.cli.common import settings_from
from summarise.llm.embedded import LLAMA_LOG, LlamaLog, embedded_server, locate_weights

SWA_NOTICE = (
    b"llama_kv_cache_iswa: using full-size SWA cache "
    b"(ref: https://github.com/ggml-org/llama.cpp/pull/13194#issuecomment-2868343055)\n"
)
"""What llama.cpp logs at level NONE on loading gemma-3 (llama-cpp-python prints that level
whatever its ``verbose``), as it reached stderr before the log was routed through ours."""
GGML_LOG_LEVEL_NONE = 0
GGML_LOG_LEVEL_INFO = 1


@pytest.mark.parametrize("level", [GGML_LOG_LEVEL_NONE, GGML_LOG_LEVEL_INFO])
def test_the_log_drops_llama_cpp_lines_unless_verbose(capsys, level):
    log = LlamaLog()
    log.write(level, SWA_NOTICE, None)
    assert capsys.readouterr().err == ""
    log.verbose = True
    log.write(level, SWA_NOTICE, None)
    log.write(level, None, None)  # llama.cpp may pass a null string
    assert capsys.readouterr().err == SWA_NOTICE.decode()


def test_verbose_is_a_model_option_off_by_default():
    assert settings_from().verbose is False
    assert settings_from(verbose=True).verbose is True
    help_text = CliRunner().invoke(cli.app, ["run", "-h"], terminal_width=200).output
    assert "--verbose" in help_text
    assert "--verbose" in CliRunner().invoke(cli.app, ["batch", "run", "-h"]).output


@pytest.mark.slow
def test_the_embedded_server_starts_and_stops_without_a_word_on_stderr(capfd):
    """Loads gemma-3-270m (no answer asked); llama.cpp's lines would reach file
    descriptor 2 through the log callback or directly, and capfd sees both."""
    pytest.importorskip("llama_cpp", reason="the embedded model needs the local extra")
    from llama_cpp.server import app as server_app

    weights, chat_format = locate_weights(None, "gemma-3-270m")
    capfd.readouterr()
    with embedded_server(weights, chat_format, alias="gemma-3-270m") as url:
        assert url.startswith("http://127.0.0.1:")
    assert capfd.readouterr().err == ""
    assert LLAMA_LOG.verbose is False
    assert server_app._llama_proxy is None  # freed on stop, not left for interpreter exit
