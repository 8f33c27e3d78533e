"""store: write outputs so that a crash never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from schemas import SummaryRecord


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over ``path``.

    The rename is atomic on POSIX, so readers see the old file or the new one,
    never a truncated mix.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def output_path(out_dir: Path, source: Path, suffix: str = ".json") -> Path:
    return out_dir / (source.stem + suffix)


def write_record(record: SummaryRecord, path: Path) -> None:
    write_atomically(path, record.model_dump_json(indent=2) + "\n")
