"""cli: the ``summarise`` command: argument parsing over the Python API.

The only layer that knows exit codes.
"""

from summarise.cli.app import app

__all__ = ["app"]
