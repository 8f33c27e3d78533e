"""store: write outputs so that a crash never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

READABLE_MODE = 0o666
"""Outputs are shared with colleagues: mkstemp's private 0600 is not what a user expects."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def replaced_on_success(
    path: Path, encoding: str = "utf-8", newline: str | None = None
) -> Iterator[IO[str]]:
    """A temporary file next to ``path``, fsynced and renamed over it if the block succeeds.

    The rename is atomic on POSIX, so readers see the old file or the new one,
    never a truncated mix; on any error the temporary file is removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temporary, READABLE_MODE & ~_umask())
        with os.fdopen(handle, "w", encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, text: str) -> None:
    with replaced_on_success(path) as stream:
        stream.write(text)
