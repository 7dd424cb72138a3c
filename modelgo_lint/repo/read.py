"""The read stage: the files of one model root, read from the working tree through the bounded
reader into the values of :mod:`modelgo_lint.repo.documents`."""

from __future__ import annotations

import os

from modelgo_lint.repo.discover import ModelRoot
from modelgo_lint.repo.documents import RootFiles, TextFile, posix, relative
from modelgo_lint.repo.reader import Unreadable, read_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from modelgo_lint.repo.documents import StrPath


def _read(path: str, target: str, prefix: str, folder: tuple[str, str] | None = None) -> TextFile:
    """``folder``: the root's folder and its real path (for the files directly in it)."""
    rel = relative(path, target, prefix)
    # a file directly in the folder ("." for the checked folder itself: LICENSE's dirname is "")
    directly = folder is not None and (os.path.dirname(path) or ".") == folder[0]
    real_parent = folder[1] if folder is not None and directly else None
    try:
        return TextFile(rel, read_text(path, target, real_parent=real_parent))
    except Unreadable as error:
        return TextFile(rel, None, error)


def read_root(root: ModelRoot, target: StrPath, prefix: str = "") -> RootFiles:
    """Read the license files, sheets and README of ``root`` (under the checked ``target``).

    The root's folder is resolved once (``os.path.realpath``; discovery's walk already did),
    not once per file it holds; each file is still refused when it is a symbolic link out of
    ``target``."""
    name, target = root.path, posix(target)
    folder = (name, root.real if root.real is not None else os.path.realpath(name))
    return RootFiles(
        rel=relative(root.path, target, prefix),
        licenses=tuple(_read(p, target, prefix, folder) for p in root.license_files),
        sheets=tuple(_read(p, target, prefix, folder) for p in root.sheets),
        readme=_read(root.readme, target, prefix, folder) if root.readme else None,
        notices=tuple(_read(p, target, prefix, folder) for p in root.notices),
        names=root.names,
    )
