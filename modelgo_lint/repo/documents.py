"""The values the read stage returns: the text of the few files of one model root, or why it
cannot be read. Plain values: this module imports nothing, so the stages above can hold them
without reaching the reader or git (``repo.read`` fills them from the working tree,
``repo.gitio`` from git objects)."""

from __future__ import annotations

import os
from collections.abc import Callable

from modelgo_lint.records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import TypeAlias

    #: a path as the read stage takes it: a string or an os.PathLike (pathlib is not imported on
    #: the clean path, issue 14: the stages pass :func:`posix` strings)
    StrPath: TypeAlias = "str | os.PathLike[str]"


def posix(path: StrPath) -> str:
    """``str(PurePosixPath(path))``: the string pathlib makes of a path, without importing it (issue
    14): no empty or ``.`` parts, no trailing ``/``, ``//`` kept at the start (POSIX leaves its
    meaning to the system), ``.`` for an empty path. Elsewhere than POSIX, pathlib's own (with
    ``/``, which the system takes too)."""
    text = os.fspath(path)
    if os.sep != "/":  # pragma: no cover - Windows
        from pathlib import PurePath

        return PurePath(text).as_posix()
    if "//" not in text and "/." not in text and not text.endswith("/") and not text.startswith("./") \
            and text not in ("", "."):
        return text  # already so (nearly every path the package builds)
    root = "/" if text.startswith("/") else ""
    if text.startswith("//") and not text.startswith("///"):
        root = "//"
    parts = "/".join(part for part in text.split("/") if part and part != ".")
    return root + parts if root or parts else "."


def child_of(folder: str) -> Callable[[str], str]:
    """``lambda name: posix(folder) / name`` for the names of one component (entries of
    ``folder``, a :func:`posix` string), as pathlib would join them: ``LICENSE`` in ``.``."""
    if folder == ".":
        return str
    return (folder if folder.endswith("/") else f"{folder}/").__add__




class Unreadable(Exception):
    """A file that cannot be read as text; ``line`` is 1-based when known."""

    def __init__(self, reason: str, line: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


class TextFile(Record):
    """A file's display path (relative, ``/``-separated) and its text, or the read error."""

    rel: str
    text: str | None
    error: Unreadable | None = None

    @property
    def name(self) -> str:
        return self.rel.rsplit("/", 1)[-1]


class RootFiles(Record):
    rel: str
    licenses: tuple[TextFile, ...]
    sheets: tuple[TextFile, ...]
    readme: TextFile | None
    notices: tuple[TextFile, ...] = ()
    #: the names in the root folder (and ``LICENSES/<name>``), relative to it; None when not known
    names: frozenset[str] | None = None

    def all(self) -> tuple[TextFile, ...]:
        return self.licenses + self.sheets + ((self.readme,) if self.readme else ()) + self.notices


def display(path: StrPath, target: StrPath, prefix: str) -> str:
    """``path`` relative to ``target``, ``/``-separated, under ``prefix`` (when given)."""
    return relative(posix(path), posix(target), prefix)


def relative(full: str, base: str, prefix: str) -> str:
    """:func:`display` of two :func:`posix` strings (the read stage's, already normal)."""
    # the strings of two normal paths, when one is a folder of the other, are all it takes;
    # anything else (a path not below the target, or not said the same way) goes through pathlib,
    # which raises for a path not below the target
    if full.startswith(base) and full[len(base):len(base) + 1] == "/" and base not in (".", "/", "//"):
        rel = full[len(base) + 1:]
    elif full == base:
        rel = "."
    elif base == "." and not full.startswith("/"):
        rel = full  # what pathlib gives below "." (a relative path, parents included)
    else:
        from pathlib import PurePath

        rel = PurePath(full).relative_to(base).as_posix()
    if prefix:
        return f"{prefix}/{rel}" if rel != "." else prefix
    return rel
