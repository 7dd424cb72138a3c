"""The read stage: the text of the few files of one model root, or why it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from modelgo_lint.licenses.identifiers import find_identifiers
from modelgo_lint.repo.discover import ModelRoot
from modelgo_lint.repo.reader import Unreadable, read_text

if TYPE_CHECKING:
    from modelgo_lint.analysis.readme import Readme
    from modelgo_lint.sheets.loader import Document, LoadError


@dataclass(frozen=True)
class TextFile:
    """A file's display path (relative, ``/``-separated) and its text, or the read error."""

    rel: str
    text: str | None
    error: Unreadable | None = None

    def identifiers(self) -> list[tuple[int, str]]:
        """(line, upper-cased identifier) for every versioned ModelGo identifier named here."""
        return [] if self.text is None else find_identifiers(self.text)

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]

    def sheet(self) -> Document | LoadError | None:
        """This file loaded as a Model Sheet (None when it could not be read)."""
        return None if self.text is None else _load_sheet(self.text, self.name.lower().endswith(".json"))

    def readme(self) -> Readme | None:
        """This file parsed as a README (None when it could not be read)."""
        return None if self.text is None else _parse_readme(self.text)


@lru_cache(maxsize=64)
def _load_sheet(text: str, is_json: bool) -> Document | LoadError:
    from modelgo_lint.sheets.loader import LoadError, load_json, load_yaml

    try:
        return load_json(text) if is_json else load_yaml(text)
    except LoadError as error:
        return error


@lru_cache(maxsize=64)
def _parse_readme(text: str) -> Readme:
    from modelgo_lint.analysis.readme import parse

    return parse(text)


@dataclass(frozen=True)
class RootFiles:
    rel: str
    licenses: tuple[TextFile, ...]
    sheets: tuple[TextFile, ...]
    readme: TextFile | None
    notices: tuple[TextFile, ...] = ()

    def all(self) -> tuple[TextFile, ...]:
        return self.licenses + self.sheets + ((self.readme,) if self.readme else ()) + self.notices


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
        notices=tuple(_read(p, target, prefix) for p in root.notices),
    )
