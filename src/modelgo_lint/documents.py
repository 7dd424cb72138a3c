"""The read stage: the text of the few files of one model root, or why it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modelgo_lint.discover import ModelRoot
from modelgo_lint.identifiers import find_identifiers
from modelgo_lint.reader import Unreadable, read_text


@dataclass(frozen=True)
class TextFile:
    """A file's display path (relative, ``/``-separated) and its text, or the read error."""

    rel: str
    text: str | None
    error: Unreadable | None = None

    def identifiers(self) -> list[tuple[int, str]]:
        """(line, upper-cased identifier) for every versioned ModelGo identifier named here."""
        return [] if self.text is None else find_identifiers(self.text)


@dataclass(frozen=True)
class RootFiles:
    rel: str
    licenses: tuple[TextFile, ...]
    sheets: tuple[TextFile, ...]
    readme: TextFile | None

    def all(self) -> tuple[TextFile, ...]:
        return self.licenses + self.sheets + ((self.readme,) if self.readme else ())


def display(path: Path, target: Path, prefix: str) -> str:
    rel = path.relative_to(target).as_posix()
    if prefix:
        return f"{prefix}/{rel}" if rel != "." else prefix
    return rel


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
    )
