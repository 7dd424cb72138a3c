"""The core: paths and options in, findings out. Never prints, never exits.

discover → read → analyse (one record per model root) → checks → findings (configured, sorted)
→ :class:`Report`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType

from modelgo_lint.analysis.record import analyse
from modelgo_lint.checks import CHECKS
from modelgo_lint.checks import files as check_files
from modelgo_lint.config import Config
from modelgo_lint.findings import Finding, Severity, one_line
from modelgo_lint.licenses import registry as registry_module
from modelgo_lint.licenses.registry import Registry
from modelgo_lint.records import Record
from modelgo_lint.repo.discover import ModelRoot, Pending, Skipped, discover
from modelgo_lint.repo.documents import display, posix
from modelgo_lint.repo.read import read_root

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from pathlib import Path

    from modelgo_lint.analysis.record import RootAnalysis, TextProvider
    from modelgo_lint.hub.resolve import Resolver
    from modelgo_lint.repo.documents import RootFiles, StrPath
    from modelgo_lint.repo.gitio import Baseline


class UsageError(Exception):
    """A path or option the user must fix: exit code 2."""


class Report(Record):
    findings: tuple[Finding, ...]
    roots: int
    files: int
    #: display path -> text of the files read that a finding's line can be shown from (sheets,
    #: READMEs, notices; not license texts, whose changes the verdict's details describe)
    sources: Mapping[str, str] = MappingProxyType({})
    #: the analyses with their Hub lineage (``hub=True`` only): the lineage report
    lineage: tuple[RootAnalysis, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def summary(self) -> dict[str, int]:
        return {s.label: self.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}


def _baseline(path: str, base: str | None, staged: bool, head: tuple[Path, str] | None) -> Baseline | None:
    if base is None and not staged:
        return None  # git (and subprocess) only with --base, --staged or a hook's refs
    from pathlib import Path

    from modelgo_lint.repo.gitio import Baseline, GitError

    try:
        if head is not None:
            return Baseline.open(head[0], base or "HEAD", head=head[1])
        return Baseline.open(Path(path), base or "HEAD")
    except GitError as error:
        raise UsageError(str(error)) from None


def revision_tree(repo: Path, rev: str) -> AbstractContextManager[Path]:
    """A temporary folder holding the licensing files of commit ``rev`` of ``repo``, exported from
    git objects (the working tree is not read); lint it with ``head=(repo, rev)``."""
    from contextlib import contextmanager  # not on the clean path (about 0.8 ms to import)

    @contextmanager
    def exported() -> Iterator[Path]:
        import tempfile  # only with --base/--staged: not on the clean path
        from pathlib import Path

        from modelgo_lint.repo.gitio import GitError, export_tree

        with tempfile.TemporaryDirectory(prefix="modelgo-lint-") as folder:
            try:
                export_tree(repo, rev, Path(folder))
            except GitError as error:
                raise UsageError(str(error)) from None
            yield Path(folder)

    return exported()


def _hub_resolver() -> Resolver:
    from modelgo_lint.hub.resolve import MissingExtra, Resolver

    try:
        return Resolver()
    except MissingExtra as error:
        raise UsageError(str(error)) from None


def lint(paths: Sequence[StrPath], config: Config, base: str | None = None, staged: bool = False,
         head: tuple[Path, str] | None = None, texts: TextProvider | None = None,
         hub: bool = False, jobs: int = 1) -> Report:
    """Lint every model root at or below each of ``paths``.

    Paths in findings are relative to the checked directory; with several directories, each is
    prefixed by the directory as given. With ``base`` (a git revision) or ``staged`` (compare with
    HEAD, when there is one), notices of the base revision must still be there (MG301, MG302).
    ``hub``: upstreams are looked up on the Hugging Face Hub, transitively (:mod:`modelgo_lint.hub`).
    ``head=(repo, rev)`` says the one path is :func:`revision_tree` of ``rev`` in ``repo``: the
    base is read from ``repo`` and renames are those between the two commits. ``texts`` gives
    official texts (modelgo_lint.texts): a modified license then shows its word diffs.
    ``jobs``: at most this many processes check the model roots of a path (0: one per CPU), when
    there are enough of them and :func:`modelgo_lint.workers.can_fork`; not with ``base``,
    ``staged`` or ``hub``. The report is the same whatever the number.
    """
    for given in paths:
        if not os.path.isdir(given):
            raise UsageError(
                f"{one_line(os.fspath(given))}: not a directory (modelgo-lint check takes model repositories)"
            )
    if (base is not None or staged) and len(paths) > 1:
        raise UsageError("--base and --staged take one PATH")
    registry = registry_module.load()
    resolver = _hub_resolver() if hub else None
    findings: list[Finding] = []
    lineage: list[RootAnalysis] = []
    sources: dict[str, str] = {}
    roots = files = 0
    for path in map(posix, paths):
        prefix = path.rstrip("/") if len(paths) > 1 else ""
        baseline = _baseline(path, base, staged, head)
        skipped: list[Skipped] = []
        try:
            if jobs != 1 and baseline is None and resolver is None:
                results: Iterable[RootResult] = _in_parts(jobs, path, prefix, registry, texts, skipped)
            else:
                results = (_lint_root(root, path, prefix, registry, texts, resolver, baseline, lineage)
                           for root in discover(path, skipped))
            for count, kept, root_findings in results:
                roots += 1
                files += count
                sources.update(kept)
                findings.extend(root_findings)
        finally:
            if baseline is not None:
                baseline.close()
        findings.extend(
            check_files.skipped(display(place.path, path, prefix), place.reason) for place in skipped
        )
    return Report(tuple(config.apply(findings)), roots, files, lineage=tuple(lineage), sources=sources)


#: one model root checked: the files read, the texts a report may quote (display path -> text),
#: the findings
RootResult = tuple[int, dict[str, str], list[Finding]]


def _lint_root(root: ModelRoot, path: str, prefix: str, registry: Registry, texts: TextProvider | None,
               resolver: Resolver | None = None, baseline: Baseline | None = None,
               lineage: list[RootAnalysis] | None = None) -> RootResult:
    root_files = read_root(root, path, prefix)
    kept: dict[str, str] = {}
    _keep_sources(kept, root_files)
    analysis = analyse(root_files, registry, texts)
    if resolver is not None:
        from modelgo_lint.analysis.record import with_lineage

        cards = resolver.resolve(u.name for u in analysis.upstreams)
        analysis = with_lineage(analysis, cards, registry)
        if lineage is not None:
            lineage.append(analysis)
    root_findings = [finding for check in CHECKS for finding in check(analysis)]
    if baseline is not None:
        root_findings.extend(_retention(analysis, baseline, registry))
    return len(root_files.all()), kept, root_findings


def _in_parts(jobs: int, path: str, prefix: str, registry: Registry, texts: TextProvider | None,
              skipped: list[Skipped]) -> list[RootResult]:
    """Every root's result, in :func:`discover`'s order, the walk and the work shared among forked
    processes when there are enough folders (:mod:`modelgo_lint.workers`): the first levels are
    looked into here, and each process walks an interleaved share of the folders below them."""
    from modelgo_lint.repo.discover import frontier, order, walk

    found, pending = frontier(path, skipped, 2)  # the checked folder: one model without subfolders
    parts = 1
    if pending:  # then the walk goes on, shallowest first, until there are enough folders to share
        from modelgo_lint import workers

        # the folders left count as roots when it is decided whether forking is worth it (a folder
        # below a model folder is one more often than not)
        wanted = workers.cpus() if jobs <= 0 else min(jobs, workers.MAX_PARTS)
        more, pending = frontier(path, skipped, workers.MIN_PER_PART * wanted, pending)
        found += more
        parts = workers.parts_for(len(pending), jobs)

    def subtree(folder: Pending) -> tuple[list[tuple[list[str], RootResult]], list[Skipped]]:
        places: list[Skipped] = []
        done = [(order(root.path, path), _lint_root(root, path, prefix, registry, texts))
                for root in walk([folder], path, places)]
        return done, places

    keyed = [(order(root.path, path), _lint_root(root, path, prefix, registry, texts)) for root in found]
    if parts > 1:
        shares = workers.map_parts(pending, parts, subtree)
    else:
        shares = [[subtree(folder) for folder in pending]]
    for part in shares:
        for done, places in part:
            keyed.extend(done)
            skipped.extend(places)
    keyed.sort(key=lambda item: item[0])
    return [result for _, result in keyed]


def _keep_sources(sources: dict[str, str], root_files: RootFiles) -> None:
    licenses = {id(f) for f in root_files.licenses}
    sources.update((f.rel, f.text) for f in root_files.all() if f.text is not None and id(f) not in licenses)


def _retention(head: RootAnalysis, baseline: Baseline, registry: Registry) -> list[Finding]:
    from modelgo_lint.checks import retention

    folder = baseline.base_folder(head.rel, [f.rel for f in head.files.all()])
    base = baseline.root_files(folder)
    if not base.all():
        return []  # a new model folder: nothing to retain
    return list(retention.check(head, analyse(base, registry), baseline.rev, baseline.renamed_from))


def lint_sheets(paths: Sequence[StrPath], config: Config, cwd: StrPath) -> Report:
    """Check the given Model Sheet files (the ``modelgo-sheet`` hook): syntax, schema and rights
    rows, read in the context of the model folder that holds each (its license file decides the
    edition of the official sheet). Paths in findings are as given, relative to ``cwd``."""
    from pathlib import Path

    from modelgo_lint.checks.sheet import check_sheet
    from modelgo_lint.repo.discover import ModelRoot, scan_folder

    registry = registry_module.load()
    findings: list[Finding] = []
    sources: dict[str, str] = {}
    folders: set[Path] = set()
    cwd = Path(cwd)
    for path in map(Path, paths):
        absolute = Path(os.path.normpath(path if path.is_absolute() else cwd / path))
        if not absolute.is_relative_to(cwd) and not path.is_absolute():
            raise UsageError(f"{one_line(str(path))}: outside the current directory")
        if not absolute.exists() and not absolute.is_symlink():
            raise UsageError(f"{one_line(str(path))}: no such file")
        folder = absolute.parent
        # an absolute path outside the current folder (as ``check`` takes it): its own folder is
        # the boundary and findings name it as given
        inside = absolute.is_relative_to(cwd)
        boundary, prefix = (cwd, "") if inside else (folder, Path(os.path.normpath(path)).parent.as_posix())
        root, _ = scan_folder(folder, boundary)
        licenses = root.license_files if root is not None else ()
        files = read_root(ModelRoot(str(folder), licenses, (str(absolute),), None), boundary, prefix)
        analysis = analyse(files, registry)
        _keep_sources(sources, files)
        folders.add(folder)
        findings.extend(check_files.check(analysis))
        for sheet in analysis.sheets:
            findings.extend(check_sheet(sheet))
    return Report(tuple(config.apply(findings)), len(folders), len(paths), sources=sources)
