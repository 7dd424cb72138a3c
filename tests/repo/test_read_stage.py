"""The read stage on a monorepo: each file opened once, the checked folder's path resolved once (not
once per model folder, per file or per part of a path), and the guards of the reader unchanged by
that."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelgo_lint.repo import reader
from modelgo_lint.repo.discover import discover
from modelgo_lint.repo.documents import display
from modelgo_lint.repo.read import read_root
from support import raw_bytes, write_model


def _monorepo(tmp_path: Path, models: int) -> Path:
    target = tmp_path / "zoo"
    for index in range(models):
        folder = write_model(target / "models" / f"m{index:03d}", "MG-BY-2.0")
        (folder / "NOTICE").write_text(f"Model {index}\nCopyright 2025 Example Lab\n", "utf-8")
        (folder / "model.safetensors").write_bytes(b"\0" * 16)
    return target


def test_each_file_is_opened_once_and_no_folder_resolved_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _monorepo(tmp_path, 12)
    opened: list[str] = []
    resolved: list[str] = []
    real_open, real_realpath = os.open, os.path.realpath

    def counting_open(path: str, *args: int) -> int:
        opened.append(os.fspath(path))
        return real_open(path, *args)

    def counting_realpath(path: str, **kwargs: bool) -> str:
        resolved.append(os.fspath(path))
        return real_realpath(path, **kwargs)

    monkeypatch.setattr(os, "open", counting_open)
    monkeypatch.setattr(os.path, "realpath", counting_realpath)
    reader._real_root.cache_clear()
    roots = list(discover(target))
    read = [read_root(root, target) for root in roots]
    assert len(roots) == 12
    assert all(f.text is not None for files in read for f in files.all())
    names = sorted(os.path.relpath(p, target) for p in opened)
    expected = sorted(f"models/m{i:03d}/{name}"
                      for i in range(12) for name in ("LICENSE", "README.md", "NOTICE"))
    assert names == expected  # once each; weights and config never
    # the checked folder only (by the walk, and once by the reader): no model folder, no file
    assert resolved == [str(target), str(target)]


def test_a_symbolic_link_out_of_the_repository_is_still_refused(tmp_path: Path) -> None:
    target = _monorepo(tmp_path, 2)
    secret = tmp_path / "outside.txt"
    secret.write_bytes(raw_bytes("MG-BY-2.0"))
    (target / "models" / "m001" / "NOTICE").unlink()
    (target / "models" / "m001" / "NOTICE").symlink_to(secret)
    (target / "models" / "m001" / "LICENSES").mkdir()
    (target / "models" / "m001" / "LICENSES" / "LICENSE-base").symlink_to(secret)
    files = {f.rel: f for root in discover(target) for f in read_root(root, target).all()}
    for rel in ("models/m001/NOTICE", "models/m001/LICENSES/LICENSE-base"):
        error = files[rel].error
        assert error is not None and "outside the repository" in error.reason, rel
    assert files["models/m000/NOTICE"].text is not None


def test_links_inside_and_a_repository_reached_through_a_link(tmp_path: Path) -> None:
    target = _monorepo(tmp_path, 2)
    (target / "models" / "m001" / "LICENSE").unlink()
    (target / "models" / "m001" / "LICENSE").symlink_to(target / "models" / "m000" / "LICENSE")
    (target / "models" / "m000" / "NOTICE").unlink()
    (target / "models" / "m000" / "NOTICE").symlink_to(target / "models" / "gone")
    linked = tmp_path / "linked"
    linked.symlink_to(target)
    for checked in (target, linked):
        files = {f.rel: f for root in discover(checked) for f in read_root(root, checked).all()}
        assert files["models/m001/LICENSE"].text == reader.decode(raw_bytes("MG-BY-2.0"))
        error = files["models/m000/NOTICE"].error
        assert error is not None and error.reason == "is a broken symbolic link"


def test_control_characters_in_utf8_text_are_binary_content() -> None:
    text = "MG-BY-2.0\n" + "\x01\x02 word " * 40
    with pytest.raises(reader.Unreadable, match="control characters"):
        reader.decode(text.encode("utf-8"))
    assert reader.decode(b"a\x0cb\tc\r\n\xc3\xa9") == "a\x0cb\tc\r\n\u00e9"  # form feed, tab: text
    with pytest.raises(reader.Unreadable, match="control characters"):
        reader.decode(("\ufeff" + text).encode("utf-16"))


@pytest.mark.parametrize("path, target, prefix, expected", [
    ("/r/models/a/LICENSE", "/r", "", "models/a/LICENSE"),
    ("/r/models/a", "/r", "zoo", "zoo/models/a"),
    ("/r", "/r", "", "."),
    ("/r", "/r", "zoo", "zoo"),
    ("/LICENSE", "/", "", "LICENSE"),
    ("models/a/README.md", ".", "", "models/a/README.md"),
    ("zoo/models/a", "zoo", "zoo", "zoo/models/a"),
    ("/r/x\\y/LICENSE", "/r", "", "x\\y/LICENSE"),
])
def test_display_is_the_relative_posix_path(path: str, target: str, prefix: str, expected: str) -> None:
    assert display(Path(path), Path(target), prefix) == expected
    assert display(Path(path), Path(target), prefix) == (
        (f"{prefix}/" if prefix else "") + Path(path).relative_to(Path(target)).as_posix()
        if Path(path) != Path(target) else prefix or ".")


def test_display_of_a_path_outside_the_target_raises() -> None:
    with pytest.raises(ValueError):
        display(Path("/rx/LICENSE"), Path("/r"), "")


def test_the_checked_folder_as_dot_is_resolved_once_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``check .`` (the default): the files directly in the folder take its real path as well."""
    write_model(tmp_path, "MG-BY-2.0")
    monkeypatch.chdir(tmp_path)
    resolved: list[str] = []
    real_realpath = os.path.realpath

    def counting_realpath(path: str, **kwargs: bool) -> str:
        resolved.append(os.fspath(path))
        return real_realpath(path, **kwargs)

    monkeypatch.setattr(os.path, "realpath", counting_realpath)
    reader._real_root.cache_clear()
    [root] = list(discover(Path(".")))
    files = read_root(root, Path("."))
    assert all(f.text is not None for f in files.all()) and files.licenses
    assert set(resolved) == {"."}  # the folder; never LICENSE or README.md one by one
