"""inputs: document ids relative to the input root, and files no loader reads reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.runs.inputs import Skipped, discover, input_root


def _tree(root: Path) -> Path:
    archive = root / "work" / "archive"
    (archive / "cn").mkdir(parents=True)
    (archive / "us").mkdir()
    (archive / "cn" / "report.txt").write_text("a", encoding="utf-8")
    (archive / "us" / "report.txt").write_text("b", encoding="utf-8")
    (archive / "us" / "deck.docx").write_bytes(b"PK\x03\x04")
    (archive / "us" / "memo.rtf").write_text("{\\rtf1}", encoding="utf-8")
    (archive / ".hidden.txt").write_text("c", encoding="utf-8")
    return archive


def _ids(arguments: list[str]) -> list[str]:
    return [document.doc_id for document in discover(arguments)]


def test_ids_are_the_same_from_any_working_folder_and_any_spelling(tmp_path, monkeypatch):
    archive = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    from_above = _ids(["work/archive"])
    monkeypatch.chdir(archive / "cn")
    from_inside = _ids([".."])
    monkeypatch.chdir(tmp_path / "work")
    from_beside = _ids([str(archive.resolve()) + "/"])
    assert from_above == from_inside == from_beside == ["cn/report.txt", "us/report.txt"]


def test_files_of_the_same_name_in_different_folders_get_different_ids(tmp_path, monkeypatch):
    archive = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    files = [str(archive / "cn" / "report.txt"), str(archive / "us" / "report.txt")]
    assert _ids(files) == ["cn/report.txt", "us/report.txt"]
    assert input_root(files) == archive


def test_a_glob_is_rooted_before_its_first_wildcard(tmp_path, monkeypatch):
    archive = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert input_root(["work/archive/*/report.txt"]) == archive
    assert _ids(["work/archive/*/report.txt"]) == ["cn/report.txt", "us/report.txt"]


def test_unsupported_files_in_folders_are_counted_and_named(tmp_path):
    archive = _tree(tmp_path)
    skipped = Skipped()
    assert [d.doc_id for d in discover([str(archive)], skipped=skipped)] == [
        "cn/report.txt",
        "us/report.txt",
    ]
    assert skipped.count == 2
    assert [Path(name).name for name in skipped.examples] == ["deck.docx", "memo.rtf"]


@pytest.mark.parametrize("name", ["notes.docx", "notes.rtf"])
def test_a_file_named_on_the_command_line_is_kept_to_fail_with_its_reason(tmp_path, name):
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    skipped = Skipped()
    assert [d.path for d in discover([str(path)], skipped=skipped)] == [path]
    assert skipped.count == 0
