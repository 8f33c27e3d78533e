"""The package's layers: import-linter's contracts in pyproject.toml, checked on every run.

A wrong-way import (the pipeline importing a strategy, a view importing the
batch runner) fails here, naming the import and its line.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_every_import_points_down_the_layers():
    checked = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command as c; c()",
            "--no-cache",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Contracts: 2 kept, 0 broken." in checked.stdout
