"""common: what every command shares: exit codes, one-line errors, settings from flags,
and the options ``run`` and ``batch run`` both take, declared once.

Nothing here imports the LLM libraries: ``summarise --help`` and the commands
that call no model start fast.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from summarise.core.errors import ConfigurationError, SummariseError
from summarise.core.policy import GroundingPolicy

if TYPE_CHECKING:
    from pydantic import ValidationError

    from summarise.core.settings import Settings

EXIT_OK = 0
EXIT_SOME_FAILED = 1
"""Some documents failed (the others were written), or ``diff`` found differences."""
EXIT_USAGE = 2
"""Bad flags, a missing endpoint, a folder that is not a run: nothing was attempted."""
EXIT_INTERRUPTED = 130

QUIET_LOGGERS = ("instructor",)
"""Libraries that log each failed attempt; the CLI reports failures itself, one line each."""


def quiet_libraries() -> None:
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def error(message: str) -> None:
    """One line on stderr, whatever the message held."""
    typer.echo(f"error: {' '.join(message.split())}", err=True)


def _first_problem(invalid: ValidationError) -> str:
    first = invalid.errors()[0]
    if not first["loc"]:  # a rule across settings says what is wrong in its own words
        return str(first["msg"]).removeprefix("Value error, ")
    where = ".".join(str(part) for part in first["loc"])
    return f"--{where.replace('_', '-')}: {first['msg']}, got {first.get('input')!r}"


def settings_from(**flags: Any) -> Settings:
    """Flags override the environment, which overrides defaults; unset flags are None.

    A value the settings reject (``--provider bogus``) is a one-line usage error.
    """
    from pydantic import ValidationError

    from summarise.core.settings import Settings

    try:
        return Settings(**{key: value for key, value in flags.items() if value is not None})
    except ValidationError as invalid:
        raise ConfigurationError(_first_problem(invalid)) from None


@contextmanager
def usage_errors() -> Iterator[None]:
    """A misconfigured run exits 2 with one line; Ctrl-C exits 130."""
    try:
        yield
    except ConfigurationError as problem:
        error(str(problem))
        raise typer.Exit(EXIT_USAGE) from None


def announce_destination(settings: Settings, flags: dict[str, Any], replaying: Path | None) -> None:
    """One line on stderr, before any document is sent: where documents go (provider,
    model, host; never the key), and what made that choice when it was not a flag."""
    from summarise.llm.session import destination

    where = destination(settings)
    if replaying is not None:
        typer.echo(
            f"replaying recorded answers from {replaying} ({where.provider}, model "
            f"{where.model}): nothing is sent anywhere",
            err=True,
        )
        return
    typer.echo(
        f"sending documents to {where.provider} at {where.host}, model {where.model}"
        f"{_chosen_by(settings, flags)}",
        err=True,
    )


def _chosen_by(settings: Settings, flags: dict[str, Any]) -> str:
    """Why this provider: the flag that chose it, or the environment variable; for the
    embedded model, that nothing else was configured."""
    if flags.get("provider"):
        return f" (--provider {flags['provider']})"
    if flags.get("base_url"):
        return " (--base-url)"
    if settings.uses_local_model:
        variable = settings.environment_source("provider")
        return (
            f" ({variable} in the environment)"
            if variable
            else (" (no OPENAI_API_KEY or --base-url: the embedded model, no network)")
        )
    chosen = [
        f"{variable} in the environment"
        for variable in (
            settings.environment_source("provider"),
            settings.environment_source("base_url"),
            None if settings.base_url else settings.environment_source("api_key"),
        )
        if variable
    ]
    return f" (chosen by {', '.join(chosen)})" if chosen else ""


def describe(name: str, problem: SummariseError) -> str:
    """One line naming the document (input and cassette errors name it themselves)."""
    text = str(problem)
    return text if name in text else f"{name}: {text}"


ProviderOption = Annotated[
    str | None,
    typer.Option(help="auto (default): OpenAI or --base-url if configured, else local."),
]
ModelOption = Annotated[str | None, typer.Option(help="Model name at the endpoint.")]
BaseUrlOption = Annotated[
    str | None, typer.Option(help="OpenAI-compatible endpoint (env OPENAI_BASE_URL).")
]
ModelPathOption = Annotated[
    Path | None, typer.Option(help="A GGUF file to serve as the local model.")
]
StrategyOption = Annotated[
    str | None, typer.Option(help="full (one call) or pick (model chooses among candidates).")
]
ModeOption = Annotated[
    str | None, typer.Option(help="instructor mode: tools, tools_strict, json_schema, json.")
]
LanguageOption = Annotated[str | None, typer.Option(help="Language of headline and summary.")]
GroundingPolicyOption = Annotated[
    GroundingPolicy | None,
    typer.Option(help="Facts still ungrounded after the retries: drop them or keep them marked."),
]
ValidationRetriesOption = Annotated[
    int | None, typer.Option(help="Re-asks after a schema or grounding failure.")
]
MaxOutputTokensOption = Annotated[int | None, typer.Option(help="Cap on each answer.")]
TokenBudgetOption = Annotated[
    int | None, typer.Option(help="Cap on tokens per document over all attempts.")
]
MaxInputBytesOption = Annotated[int | None, typer.Option(help="Largest input file accepted.")]
TimeoutOption = Annotated[
    float | None,
    typer.Option("--timeout", help="Seconds one answer may take; past it, that document fails."),
]
InputBudgetOption = Annotated[
    int | None, typer.Option(help="Document tokens per call before chunking.")
]
VerboseOption = Annotated[
    bool | None,
    typer.Option("--verbose", help="Show the embedded model's own log (llama.cpp) on stderr."),
]

MODEL_OPTIONS: dict[str, Any] = {
    "provider": ProviderOption,
    "model": ModelOption,
    "base_url": BaseUrlOption,
    "model_path": ModelPathOption,
    "strategy": StrategyOption,
    "mode": ModeOption,
    "language": LanguageOption,
    "grounding_policy": GroundingPolicyOption,
    "validation_retries": ValidationRetriesOption,
    "max_output_tokens": MaxOutputTokensOption,
    "token_budget": TokenBudgetOption,
    "max_input_bytes": MaxInputBytesOption,
    "input_budget_tokens": InputBudgetOption,
    "request_timeout": TimeoutOption,
    "verbose": VerboseOption,
}
"""The options that decide how a document is summarised, the same for ``run`` and
``batch run``: a command decorated with :func:`model_options` takes them all."""


def model_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add :data:`MODEL_OPTIONS` to ``command``'s options; it receives them as one dict,
    ``flags`` (unset options are None), to pass to :func:`settings_from`."""
    own = [
        parameter
        for parameter in inspect.signature(command, eval_str=True).parameters.values()
        if parameter.name != "flags"
    ]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
        for name, kind in MODEL_OPTIONS.items()
    ]

    @functools.wraps(command)
    def with_flags(*args: Any, **kwargs: Any) -> None:
        flags = {name: kwargs.pop(name, None) for name in MODEL_OPTIONS}
        command(*args, flags=flags, **kwargs)

    parameters = own + shared
    with_flags.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    with_flags.__annotations__ = {parameter.name: parameter.annotation for parameter in parameters}
    return with_flags
