"""Shared checks for input the loader must refuse with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.core.errors import InputError, SummariseError
from summarise.pipeline.load import load_document


def write_file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def assert_one_line_error(path: Path, match: str, **kwargs: int) -> str:
    """Loading ``path`` fails with one line that names the file and says ``match``."""
    with pytest.raises(InputError) as caught:
        load_document(path, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    assert path.name in message
    assert match in message
    assert isinstance(caught.value, SummariseError)
    return message
