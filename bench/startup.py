"""Start-up of the commands that call no model: ``summarise --help`` against a bare Typer app,
and which LLM or loader libraries each such command imports.

Usage: python bench/startup.py [--runs N]

``--help``, ``schema``, ``eval``, ``diff``, ``report`` and ``digest`` are run by people and
scripts far more often than a model is; importing openai, instructor, httpx, vcrpy, trafilatura
and pypdf adds about 0.8 s to each (on a 2-core VM), so the CLI imports them only inside the
commands that need them. Typer (with rich for the help page) is the floor no CLI of ours goes
below, so the figure is a ratio: the median wall time of ``summarise --help`` over that of a
minimal two-command Typer app's ``--help``, each run ``--runs`` times in fresh processes, taking
turns, after one warm-up each (which fills the OS file cache and writes the .pyc files). Both
run the same way, ``python -m MODULE --help`` with this interpreter; summarise from the project
folder, so this checkout's code is measured (the ``summarise`` console script imports whichever
checkout is installed). The ratio is from one run on one machine.

Then each no-model command runs once under ``python -X importtime`` on a run folder built
from the recorded cassettes (``summarise run --replay``), and the libraries above that its
import log names are printed: none is expected. Exit status 1 when the ratio misses its
target or a command imports one of them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("openai", "instructor", "trafilatura", "pypdf", "httpx", "vcr")
"""The libraries a command that calls no model must not import."""
TARGET_RATIO = 1.5
TIMEOUT_S = 300.0
IMPORT_LOG_PREFIX = "import time:"
MINIMAL_MODULE = "minimal_typer"
MINIMAL_APP = '''"""Two commands and nothing else: the floor of a Typer CLI's start-up."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    """Greet NAME."""
    typer.echo(f"hello {name}")


@app.command()
def bye() -> None:
    """Say goodbye."""
    typer.echo("bye")


app()
'''


def python(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run this interpreter with ``arguments``; a failing command stops the benchmark."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=TIMEOUT_S,
    )


def medians(commands: list[tuple[list[str], Path]], runs: int) -> list[float]:
    """Median wall time of each (arguments, folder) over ``runs`` fresh processes, after one
    warm-up each; the commands take turns, so a machine that slows down mid-way slows all."""
    for arguments, cwd in commands:
        python(arguments, cwd)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for (arguments, cwd), taken in zip(commands, times, strict=True):
            started = time.perf_counter()
            python(arguments, cwd)
            taken.append(time.perf_counter() - started)
    return [statistics.median(taken) for taken in times]


def heavy_imports(arguments: list[str]) -> list[str]:
    """The :data:`HEAVY` libraries that ``python -X importtime ARGUMENTS`` imported."""
    log = python(["-X", "importtime", *arguments], ROOT).stderr.splitlines()
    modules = {
        line.rsplit("|", 1)[-1].strip().partition(".")[0]
        for line in log
        if line.startswith(IMPORT_LOG_PREFIX)
    }
    return [name for name in HEAVY if name in modules]


def replayed_run(out: Path) -> Path:
    """A run folder of the five seeds, summarised from the recorded cassettes."""
    seeds = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "seeds").glob("*.txt"))
    replay = ["--provider", "local", "--replay", "cassettes/", "--format", "none"]
    python(["-m", "summarise", "run", *replay, *seeds, "-o", str(out)], ROOT)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each --help")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="summarise-startup-") as folder:
        work = Path(folder)
        (work / f"{MINIMAL_MODULE}.py").write_text(MINIMAL_APP, encoding="utf-8")
        help_of = [(["-m", "summarise", "--help"], ROOT), (["-m", MINIMAL_MODULE, "--help"], work)]
        ours, floor = medians(help_of, arguments.runs)
        ratio = ours / floor
        print(
            f"summarise --help {ours:.2f} s · minimal Typer app {floor:.2f} s · "
            f"ratio {ratio:.2f} (target <= {TARGET_RATIO}) · medians of {arguments.runs} runs"
        )
        run = str(replayed_run(work / "run"))
        commands = {
            "--help": ["--help"],
            "schema": ["schema"],
            "eval RUN --gold eval/gold": ["eval", run, "--gold", "eval/gold"],
            "diff RUN RUN": ["diff", run, run],
            "report RUN": ["report", run],
            "digest RUN": ["digest", run],
        }
        print(f"imported of {', '.join(HEAVY)} (expected: none):")
        clean = True
        for label, command in commands.items():
            imported = heavy_imports(["-m", "summarise", *command])
            clean = clean and not imported
            print(f"  {label:<26} {', '.join(imported) or 'none'}")
    return 0 if ratio <= TARGET_RATIO and clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
