"""Discovery: which folders are model roots and which of their files modelgo-lint reads.

Works on names only (``os.scandir``): no file is opened here except the head of a ``README.md``
(its first bytes for front matter; the first 64 KiB of a README in a folder with no license file,
sheet or front matter, to see whether a sentence declares a ModelGo license: design-notes
"Model roots"). Weights, FIFOs and everything else are never touched; symbolic links to folders
are not followed. Nothing is skipped silently: a folder that cannot be listed (no permission, a
path past the platform's length limit) or an entry that cannot be examined is a
:class:`Skipped` place, which the engine reports as MG901.
"""

from __future__ import annotations

import errno
import functools
import operator
import os
import re
from collections.abc import Iterator

from modelgo_lint import lazyre
from modelgo_lint.records import Record
from modelgo_lint.repo import prose
from modelgo_lint.repo.documents import child_of, posix
from modelgo_lint.repo.reader import Unreadable, read_head

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from modelgo_lint.repo.documents import StrPath

#: Suffixes of code and data files that are never license texts (``license_utils.py``).
#: The hook's ``files`` pattern in .pre-commit-hooks.yaml excludes the same ones (a test checks).
CODE_SUFFIXES = ("py", "js", "ts", "json", "yaml", "yml", "toml", "sh", "ipynb", "lock", "cfg", "rs", "go")
#: LICENSE, LICENCE.md, COPYING, LICENSE-MODEL.txt, LICENSE.MG-BY-2.0 ... but not license_utils.py;
#: and a file named by its ModelGo identifier (MG-BY-2.0.txt, as Hub repositories upload it)
LICENSE_NAME = lazyre.compile(
    r"^(?:(?:licen[cs]e|copying)(?:[-._][^/]*)?|mg(?:0|-[a-z]+(?:-[a-z]+)*)-\d+\.\d+(?:\.(?:txt|md|rst))?)$"
    + "".join(rf"(?<!\.{suffix})" for suffix in CODE_SUFFIXES),
    re.IGNORECASE,
)
LICENSES_DIR = lazyre.compile(r"^licen[cs]es$", re.IGNORECASE)
SHEET_NAME = lazyre.compile(r"^model_sheet\.(?:ya?ml|json)$", re.IGNORECASE)
README_NAME = lazyre.compile(r"^readme\.md$", re.IGNORECASE)
NOTICE_NAME = lazyre.compile(r"^notice(?:\.txt|\.md)?$", re.IGNORECASE)
#: how much of a README discovery reads to find a license declaration in its prose
README_HEAD_BYTES = 64 * 1024
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
_BY_NAME = operator.attrgetter("name")


class ModelRoot(Record):
    """A folder holding one model's license files, sheet and README: paths below the checked
    folder, as :func:`~modelgo_lint.repo.documents.posix` strings (what the read stage expects)."""

    path: str
    license_files: tuple[str, ...]
    sheets: tuple[str, ...]
    readme: str | None
    notices: tuple[str, ...] = ()
    names: frozenset[str] | None = None  # entries of the folder (and LICENSES/<name>), relative to it
    #: ``os.path.realpath`` of ``path`` as the walk found it (the checked folder's real path, then
    #: folders that are no symbolic links); None: the reader resolves it
    real: str | None = None


class Skipped(Record):
    """A place the walk could not look into and why, in words."""

    path: str
    reason: str


def _why(error: OSError, what: str) -> str:
    if error.errno == errno.ENAMETOOLONG:
        return f"{what}: its path is past the platform's length limit ({error.strerror})"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"{what}: permission denied"
    return f"{what} ({error.strerror or type(error).__name__})"


#: what a folder entry's name makes it (the tests of ``scan_folder``'s chain, in its order)
_LICENSES_DIR, _LICENSE, _SHEET, _NOTICE, _README, _OTHER = range(6)


#: the names most folders hold, by their ASCII lower case, with the kind the patterns give them
#: (tests/repo/test_discover_kinds.py checks each): the clean path compiles none of the patterns
_COMMON = {
    "licenses": _LICENSES_DIR, "licences": _LICENSES_DIR,
    "license": _LICENSE, "licence": _LICENSE, "license.md": _LICENSE, "license.txt": _LICENSE,
    "licence.md": _LICENSE, "licence.txt": _LICENSE, "copying": _LICENSE,
    "model_sheet.yaml": _SHEET, "model_sheet.yml": _SHEET, "model_sheet.json": _SHEET,
    "notice": _NOTICE, "notice.md": _NOTICE, "notice.txt": _NOTICE, "readme.md": _README,
}
#: what an ASCII name that any pattern matches starts with, in lower case
_PREFIXES = ("licen", "copying", "mg", "model_sheet.", "notice", "readme.")


def _kind_of(name: str) -> int:
    """The first of the name patterns ``name`` matches, as ``scan_folder`` tries them."""
    if name.isascii():  # ASCII: the patterns' IGNORECASE is plain lower case
        lower = name.lower()
        common = _COMMON.get(lower)
        if common is not None:
            return common
        if not lower.startswith(_PREFIXES):
            return _OTHER
    if LICENSES_DIR.match(name):
        return _LICENSES_DIR
    if LICENSE_NAME.match(name):
        return _LICENSE
    if SHEET_NAME.match(name):
        return _SHEET
    if NOTICE_NAME.match(name):
        return _NOTICE
    if README_NAME.match(name):
        return _README
    return _OTHER


#: remembered by name: a monorepo's model folders hold the same few names (an int per name)
_kind = functools.lru_cache(maxsize=4096)(_kind_of)


def _listing(folder: str) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=_BY_NAME)


def _declares_license(readme: str, repo: str) -> bool:
    """Front matter, or a sentence of the README's head that declares a ModelGo license."""
    try:
        head = read_head(readme, repo, README_HEAD_BYTES)
    except Unreadable:
        return True  # report it when it is read
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        return True
    if b"modelgo" not in head.lower() and not re.search(rb"(?i)mg(?:0|-[a-z-]+)-\d", head):
        return False
    return prose.declares_license(head.decode("utf-8", errors="replace"))


def scan_folder(
    folder: StrPath, repo: StrPath, skipped: list[Skipped] | None = None, real: str | None = None
) -> tuple[ModelRoot | None, list[str]]:
    """The model root at ``folder`` (None when it is not one) and the subfolders to visit; what
    cannot be looked into is appended to ``skipped``. ``real``: the real path of ``folder``, kept
    in the root."""
    folder, repo = posix(folder), posix(repo)
    licenses: list[str] = []
    sheets: list[str] = []
    notices: list[str] = []
    readme: str | None = None
    subdirs: list[str] = []
    names: set[str] = set()
    nested: list[str] = []
    unlisted_licenses = False
    out = skipped if skipped is not None else []
    try:
        entries = _listing(folder)
    except OSError as error:
        out.append(Skipped(folder, _why(error, "this folder cannot be listed")))
        return None, []
    child = child_of(folder)
    for entry in entries:
        name = entry.name
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError as error:
            out.append(Skipped(child(name), _why(error, "cannot be examined")))
            continue
        names.add(name)
        kind = _kind(name)
        if kind == _LICENSES_DIR and is_dir:
            try:
                inside = [e.name for e in _listing(entry.path) if not e.name.startswith(".")]
                inner = child_of(child(name))
                licenses.extend(inner(file_name) for file_name in inside)
                nested.extend(f"{name}/{file_name}" for file_name in inside)
            except OSError as error:
                reason = _why(error, "this license folder cannot be listed")
                out.append(Skipped(child(name), reason))
                unlisted_licenses = True
        elif kind == _LICENSE:  # a LICENSES *file* matches none of the later patterns (a test)
            licenses.append(child(name))
        elif kind == _SHEET:
            sheets.append(child(name))
        elif kind == _NOTICE and not is_dir:
            notices.append(child(name))
        elif kind == _README and not is_dir:
            readme = child(name)
        elif is_dir and not name.startswith(".") and name not in SKIPPED_DIRS:
            subdirs.append(child(name))
    # the README's head is read here only when nothing else makes the folder a root: one read per file
    is_root = bool(licenses or sheets or unlisted_licenses) or (
        readme is not None and _declares_license(readme, repo))
    names.update(nested)  # LICENSES/<name>
    root = (ModelRoot(folder, tuple(licenses), tuple(sheets), readme, tuple(notices), frozenset(names), real)
            if is_root else None)
    return root, subdirs


def discover(target: StrPath, skipped: list[Skipped] | None = None) -> Iterator[ModelRoot]:
    """Every model root at or below ``target``, depth first, folders in name order; the places
    that cannot be looked into are appended to ``skipped``."""
    # the real path of every folder from the target's, resolved once: the walk enters no symbolic
    # link, so a subfolder's is its parent's and its name (the reader then needs no resolution
    # per model folder)
    top = posix(target)
    return walk([(top, os.path.realpath(top))], top, skipped)


#: a folder still to visit: its path and its real path
Pending = tuple[str, str]


def walk(pending: list[Pending], top: str, skipped: list[Skipped] | None = None) -> Iterator[ModelRoot]:
    """The model roots at or below the ``pending`` folders (the last one first), depth first,
    folders in name order; ``top``: the checked folder (the reader's boundary)."""
    while pending:
        folder, real = pending.pop()
        root, subdirs = scan_folder(folder, top, skipped, real)
        if root is not None:
            yield root
        pending.extend((sub, os.path.join(real, sub.rpartition("/")[2])) for sub in reversed(subdirs))


def frontier(target: StrPath, skipped: list[Skipped], width: int,
             level: list[Pending] | None = None) -> tuple[list[ModelRoot], list[Pending]]:
    """The walk split for workers: the folders at or below ``target`` (or the folders of ``level``,
    left by an earlier call) are looked into, shallowest first, until at least ``width`` are still
    to visit (or none is left); returns the roots found on the way and the folders still to visit.
    :func:`walk` from each of those finds the rest; the roots in :func:`order` are those of
    :func:`discover`, in its order."""
    top = posix(target)
    found: list[ModelRoot] = []
    if level is None:
        level = [(top, os.path.realpath(top))]
    while level and len(level) < width:
        below: list[Pending] = []
        for folder, real in level:
            root, subdirs = scan_folder(folder, top, skipped, real)
            if root is not None:
                found.append(root)
            below.extend((sub, os.path.join(real, sub.rpartition("/")[2])) for sub in subdirs)
        level = below
    return found, sorted(level, key=lambda each: order(each[0], top))


def order(path: str, top: str) -> list[str]:
    """The sort key of :func:`discover`'s order for a path at or below the checked folder ``top``
    (both :func:`~modelgo_lint.repo.documents.posix` strings): depth first, with each folder's
    entries in name order, is the order of the names below ``top``, part by part (``top`` itself,
    none, first)."""
    if path == top:
        return []
    if top == ".":
        return path.split("/")
    return path[len(top) + (not top.endswith("/")):].split("/")
