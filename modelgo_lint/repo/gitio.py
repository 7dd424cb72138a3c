"""The git edge: the files of a model root at a base revision, read without touching history.

Only two revisions are involved: the base commit's tree (``git ls-tree``, names only) and the
head: the index (the staged tree), or a commit's tree (pre-push). Blobs are read with ``git
cat-file`` for the few files a root's notices live in, after checking their size; renames come
from ``git diff-index --cached -M`` (base tree against the index) or ``git diff-tree -M`` (two
trees), never from the working tree.
The cost does not depend on the length of the history. Every git command runs with the
repository's programs disabled and without the caller's GIT_* variables that could run a program
or redirect git (:data:`_SAFE`, :data:`KEPT_GIT_VARIABLES`, :data:`_FETCH_SAFE`).
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from modelgo_lint.repo.discover import LICENSE_NAME, LICENSES_DIR, NOTICE_NAME, README_NAME, SHEET_NAME
from modelgo_lint.repo.documents import RootFiles, TextFile
from modelgo_lint.repo.reader import MAX_TEXT_BYTES, Unreadable, decode

_GIT_TIMEOUT = 60


class GitError(Exception):
    """git is missing, the folder is not in a repository, or the revision does not exist."""


#: Before every git subcommand: no program named by the repository's configuration runs. The
#: commands themselves are plumbing (``ls-tree``, ``cat-file``, ``diff-index --cached``,
#: ``diff-tree``, ``rev-parse``) that compare tree objects and index blobs and never hash the working
#: tree, so no clean/smudge filter or fsmonitor query is reached; the options below cover what is
#: left. ``diff.external`` is not set to empty: git 2.39 then runs "" as the external diff; the diff
#: commands get ``--no-ext-diff`` instead.
_SAFE = (
    "--no-pager", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.pager=cat",
    "-c", "core.untrackedCache=false",
)
#: After ``diff-index`` / ``diff-tree``: no external diff or textconv program.
_SAFE_DIFF = ("--no-ext-diff", "--no-textconv")
#: The GIT_* variables passed on: where the repository, its index and its objects are, which git
#: itself sets for a hook it runs (pre-commit's commit stage runs with GIT_INDEX_FILE naming the
#: temporary index of ``git commit -a``; a worktree or submodule runs hooks with GIT_DIR). They name
#: data only. Every other GIT_* variable is dropped: those that name a program (GIT_EXTERNAL_DIFF,
#: GIT_PAGER, GIT_SSH_COMMAND, GIT_ASKPASS, GIT_EXEC_PATH, GIT_PROXY_COMMAND, GIT_EDITOR), inject
#: configuration (GIT_CONFIG_PARAMETERS, GIT_CONFIG_COUNT/KEY/VALUE, GIT_CONFIG_GLOBAL/SYSTEM) or
#: change what git reads or writes (GIT_TRACE*, GIT_NAMESPACE, GIT_REPLACE_REF_BASE...).
KEPT_GIT_VARIABLES = frozenset({
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG_NOSYSTEM",  # the last one only makes git read less
})


def _env() -> dict[str, str]:
    """The caller's environment without GIT_* variables other than :data:`KEPT_GIT_VARIABLES`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in KEPT_GIT_VARIABLES}
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat", "LC_ALL": "C"})
    return env


def _git(cwd: Path, *args: str, binary: bool = False) -> bytes:
    if args[0] in ("diff-index", "diff-tree"):
        args = (args[0], *_SAFE_DIFF, *args[1:])
    env = _env()
    try:
        proc = subprocess.run(
            ["git", *_SAFE, *args],
            cwd=cwd,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} timed out") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return proc.stdout


@dataclass
class Baseline:
    """The base revision of a checked folder."""

    target: Path
    rev: str
    commit: str = ""
    prefix: str = ""  # the checked folder relative to the top of the repository ("" or "a/b/")
    #: files at the base, relative to the checked folder -> (mode, object id, size)
    blobs: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    #: head path -> base path (checked-folder relative)
    renamed_from: dict[str, str] = field(default_factory=dict)
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, target: Path, rev: str, head: str | None = None) -> Baseline | None:
        """The baseline, or None when ``rev`` is HEAD of a repository without commits (first commit).

        Renames are those from ``rev`` to the commit ``head`` (two tree objects) when it is given,
        else to the index (what the hook's stashed working tree holds)."""
        try:
            _git(target, "rev-parse", "--is-inside-work-tree")
        except GitError as error:
            raise GitError(f"{target}: not in a git repository ({error})") from None
        try:
            commit = _git(target, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
        except GitError:
            if rev == "HEAD":
                return None
            raise GitError(f"unknown revision {rev!r}") from None
        prefix = _git(target, "rev-parse", "--show-prefix").decode("utf-8", "surrogateescape").strip()
        baseline = cls(target, rev, commit, prefix)
        listing = _git(target, "ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", prefix or ".")
        for raw in listing.split(b"\0"):
            if raw:  # "<mode> <type> <object> <size>\t<path>"; sizes come with the names, no extra call
                meta, _, path = raw.partition(b"\t")
                mode, kind, oid, size = meta.decode().split()
                if kind == "blob":
                    name = path.decode("utf-8", "surrogateescape")[len(prefix) :]
                    baseline.blobs[name] = (mode, oid, int(size))
        if head is None:
            diff = _git(target, "diff-index", "--cached", "-M", "-z", "--name-status", commit, "--", ".")
        else:
            diff = _git(target, "diff-tree", "-r", "-M", "-z", "--name-status", commit, _commit(target, head),
                        "--", ".")
        parts = diff.split(b"\0")
        index = 0
        while index < len(parts) and parts[index]:
            status = parts[index].decode()
            if status.startswith(("R", "C")) and index + 2 < len(parts):
                old = parts[index + 1].decode("utf-8", "surrogateescape")
                new = parts[index + 2].decode("utf-8", "surrogateescape")
                baseline.renamed_from[new[len(prefix) :]] = old[len(prefix) :]
                index += 3
            else:
                index += 2
        return baseline

    def _cat(self, oid: str) -> bytes:
        """One blob through a single long-lived ``git cat-file --batch`` (not a process per file)."""
        if self._process is None:
            self._process = _cat_file(self.target)
        return _cat(self._process, oid)

    def close(self) -> None:
        if self._process is not None:
            _close(self._process)
            self._process = None

    def read(self, name: str) -> TextFile:
        """A base file (checked-folder relative) as a TextFile, or its read error."""
        mode, oid, size = self.blobs[name]
        if mode not in ("100644", "100755"):
            return TextFile(name, None, Unreadable(f"is a symbolic link at {self.rev}"))
        if size > MAX_TEXT_BYTES:
            return TextFile(name, None, Unreadable(f"is larger than {MAX_TEXT_BYTES // (1024 * 1024)} MiB at "
                                                   f"{self.rev}"))
        try:
            return TextFile(name, decode(self._cat(oid)))
        except (GitError, OSError, ValueError) as error:
            return TextFile(name, None, Unreadable(f"cannot be read at {self.rev}: {error}"))
        except Unreadable as error:
            return TextFile(name, None, error)

    def base_folder(self, head_folder: str, head_names: list[str]) -> str:
        """Where the head folder's files were at the base (follows renames of the whole folder)."""
        folder = "" if head_folder in ("", ".") else head_folder
        for name in head_names:
            old = self.renamed_from.get(name)
            if old is not None and posixpath.dirname(old) != folder:
                return posixpath.dirname(old)
        return folder

    def root_files(self, folder: str) -> RootFiles:
        """The license files, sheets, README and NOTICE files directly in ``folder`` at the base."""
        licenses, sheets, notices = [], [], []
        readme = None
        inside = folder + "/" if folder else ""
        for name in sorted(self.blobs):
            if not name.startswith(inside):
                continue
            rest = name[len(inside) :]
            parts = rest.split("/")
            if len(parts) == 2 and LICENSES_DIR.match(parts[0]):
                licenses.append(name)
            elif len(parts) != 1:
                continue
            elif LICENSE_NAME.match(rest):
                licenses.append(name)
            elif SHEET_NAME.match(rest):
                sheets.append(name)
            elif NOTICE_NAME.match(rest):
                notices.append(name)
            elif README_NAME.match(rest):
                readme = name
        return RootFiles(
            rel=folder or ".",
            licenses=tuple(self.read(n) for n in licenses),
            sheets=tuple(self.read(n) for n in sheets),
            readme=self.read(readme) if readme else None,
            notices=tuple(self.read(n) for n in notices),
        )


def _cat_file(cwd: Path) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(["git", *_SAFE, "cat-file", "--batch"], cwd=cwd, env=_env(),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise GitError("git is not installed") from None


def _cat(process: subprocess.Popen[bytes], oid: str) -> bytes:
    """One blob through a long-lived ``git cat-file --batch``."""
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(oid.encode() + b"\n")
    process.stdin.flush()
    header = process.stdout.readline().split()
    if len(header) != 3:
        raise GitError(f"object {oid} is missing")
    data = process.stdout.read(int(header[2]) + 1)  # the content and its trailing newline
    return data[:-1]


def _close(process: subprocess.Popen[bytes]) -> None:
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()
    process.wait(timeout=_GIT_TIMEOUT)


def _commit(target: Path, rev: str) -> str:
    try:
        return _git(target, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"unknown revision {rev!r}") from None


#: Configuration files read from the top of an exported tree.
CONFIG_NAMES = frozenset({".modelgo-lint.yaml", "pyproject.toml"})


def export_tree(target: Path, rev: str, dest: Path) -> int:
    """Write the licensing files of commit ``rev`` (and the top-level configuration) into the empty
    folder ``dest``, from git objects only (``ls-tree`` and one ``cat-file --batch``): the working
    tree is never read. Blobs over the reader's cap become sparse files of their size (the reader
    reports them unread), symbolic links become symbolic links with the same target. Returns the
    number of files written."""
    commit = _commit(target, rev)
    listing = _git(target, "ls-tree", "-r", "-z", "--long", "--full-tree", commit)
    wanted: list[tuple[str, str, str, int]] = []
    for raw in listing.split(b"\0"):
        if raw:
            meta, _, path = raw.partition(b"\t")
            mode, kind, oid, length = meta.decode().split()
            name = path.decode("utf-8", "surrogateescape")
            if kind == "blob" and (is_licensing_file(name) or name in CONFIG_NAMES):
                wanted.append((mode, oid, name, int(length)))
    if not wanted:
        return 0
    root = os.path.realpath(dest)
    process = _cat_file(target)
    try:
        for mode, oid, name, size in wanted:
            out = Path(root, *name.split("/"))
            real = os.path.realpath(out.parent)
            if (real != root and not real.startswith(root + os.sep)) or ".." in name.split("/"):
                continue  # git never stores such paths; never write outside dest
            out.parent.mkdir(parents=True, exist_ok=True)
            if mode == "120000":
                out.symlink_to(os.fsdecode(_cat(process, oid)))
            elif size > MAX_TEXT_BYTES:
                with open(out, "wb") as handle:
                    handle.truncate(size)
            else:
                out.write_bytes(_cat(process, oid))
    finally:
        _close(process)
    return len(wanted)


def can_return_early(passed: Sequence[str], staged: Sequence[str] | None) -> bool:
    """The hook's early return: only for a commit that touches no licensing file.

    ``passed`` are the files pre-commit gave the hook (already filtered by its ``files`` pattern;
    deleted files are never among them), ``staged`` the paths the index changes against HEAD
    (:func:`staged_names`, deletions included). Early only when nothing was passed AND the index
    differs from HEAD, in non-licensing, non-configuration paths only. An index equal to HEAD
    (``run --all-files``, ``run --files``, ``manual`` on a clean index) is never early."""
    if passed or not staged:
        return False
    return not any(is_licensing_file(name) or name.rsplit("/", 1)[-1] in CONFIG_NAMES for name in staged)


def staged_names(target: Path) -> list[str] | None:
    """Paths (relative to the top of the repository) the index changes against HEAD, deletions
    included; None when this cannot be told (no git, no repository, no HEAD yet)."""
    try:
        _git(target, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        raw = _git(target, "diff-index", "--cached", "--name-only", "-z", "--no-renames", "HEAD")
    except GitError:
        return None
    return [name.decode("utf-8", "surrogateescape") for name in raw.split(b"\0") if name]


def is_licensing_file(path: str) -> bool:
    """A file the hook cares about: license, LICENSES/*, sheet, README, NOTICE."""
    parts = path.split("/")
    name = parts[-1]
    in_licenses = len(parts) > 1 and bool(LICENSES_DIR.match(parts[-2]))
    return in_licenses or any(p.match(name) for p in (LICENSE_NAME, SHEET_NAME, README_NAME, NOTICE_NAME))


# The Action's edge: the repository's top, and a base commit that a shallow checkout lacks ----------

#: for a fetch, on top of :data:`_SAFE`: the configuration that would run a program of the
#: repository's is switched off: credential helpers (an empty value empties the list), askpass, the
#: ssh command, the alternate-refs command (``true``: no alternate refs),
#: automatic gc and maintenance; only the file, http(s) and ssh transports are allowed (never
#: ``ext::``, nor ``git://``, whose ``core.gitProxy`` is a program). What stays is the remote's URL
#: and ``http.<url>.extraheader``, where actions/checkout puts the job's token.
_FETCH_SAFE = (
    "-c", "credential.helper=", "-c", "core.askPass=", "-c", "core.sshCommand=ssh",
    "-c", "core.alternateRefsCommand=true", "-c", "uploadpack.packObjectsHook=",
    "-c", "gc.auto=0", "-c", "maintenance.auto=false",
    "-c", "protocol.allow=never", "-c", "protocol.file.allow=always", "-c", "protocol.https.allow=always",
    "-c", "protocol.http.allow=always", "-c", "protocol.ssh.allow=always",
)


def toplevel(path: Path) -> Path | None:
    """The top of the git work tree holding ``path`` (None outside a repository, or without git)."""
    try:
        top = _git(path, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape").strip()
    except GitError:
        return None
    return Path(top) if top else None


def has_commit(path: Path, rev: str) -> bool:
    try:
        _commit(path, rev)
    except GitError:
        return False
    return True


def fetch_commit(path: Path, sha: str, remote: str = "origin") -> None:
    """Fetch exactly one commit (``--depth=1``, no tags) from ``remote``: the base commit of a
    shallow checkout. Uses the remote and the credentials ``actions/checkout`` configured
    (``http.<url>.extraheader``); no credential helper, hook or other program of the repository's
    configuration runs. Raises GitError when the commit cannot be had."""
    # --upload-pack: ``remote.<name>.uploadpack`` is first-one-wins, so ``-c`` cannot override it
    _git(path, *_FETCH_SAFE, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--depth=1",
         "--no-recurse-submodules", "--upload-pack=git-upload-pack", remote, sha)
    if not has_commit(path, sha):
        raise GitError(f"{sha} is not a commit of {remote}")
