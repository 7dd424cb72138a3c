"""The values the read stage returns: the text of the few files of one model root, or why it
cannot be read. Plain values: this module imports nothing, so the stages above can hold them
without reaching the reader or git (``repo.read`` fills them from the working tree,
``repo.gitio`` from git objects)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from modelgo_lint.records import Record


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


def display(path: Path, target: Path, prefix: str) -> str:
    """``path`` relative to ``target``, ``/``-separated, under ``prefix`` (when given)."""
    # the strings of two POSIX paths, when one is a folder of the other, are all it takes (a
    # Path's string is normalized: no doubled or trailing separators, no "." parts); anything else
    # (Windows, relative targets, a path not below the target) goes through pathlib
    full, base = str(path), str(target)
    if isinstance(path, PurePosixPath) and full.startswith(base) and full[len(base):len(base) + 1] == "/" \
            and base not in ("", ".", "/"):
        rel = full[len(base) + 1:]
    elif isinstance(path, PurePosixPath) and full == base:
        rel = "."
    else:
        rel = path.relative_to(target).as_posix()
    if prefix:
        return f"{prefix}/{rel}" if rel != "." else prefix
    return rel
