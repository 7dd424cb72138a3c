"""The read stage: the files of one model root, read from the working tree through the bounded
reader into the values of :mod:`modelgo_lint.repo.documents`."""

from __future__ import annotations

from pathlib import Path

from modelgo_lint.repo.discover import ModelRoot
from modelgo_lint.repo.documents import RootFiles, TextFile, display
from modelgo_lint.repo.reader import Unreadable, read_text


def _read(path: Path, target: Path, prefix: str) -> TextFile:
    rel = display(path, target, prefix)
    try:
        return TextFile(rel, read_text(path, target))
    except Unreadable as error:
        return TextFile(rel, None, error)


def read_root(root: ModelRoot, target: Path, prefix: str = "") -> RootFiles:
    """Read the license files, sheets and README of ``root`` (under the checked ``target``)."""
    return RootFiles(
        rel=display(root.path, target, prefix),
        licenses=tuple(_read(p, target, prefix) for p in root.license_files),
        sheets=tuple(_read(p, target, prefix) for p in root.sheets),
        readme=_read(root.readme, target, prefix) if root.readme else None,
        notices=tuple(_read(p, target, prefix) for p in root.notices),
        names=root.names,
    )
