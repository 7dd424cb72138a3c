"""The core: paths and options in, findings out. Never prints, never exits.

discover → read → checks → findings (configured, sorted) → :class:`Report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from modelgo_lint import registry as registry_module
from modelgo_lint.checks import CHECKS
from modelgo_lint.config import Config
from modelgo_lint.discover import discover
from modelgo_lint.documents import read_root
from modelgo_lint.findings import Finding, Severity


class UsageError(Exception):
    """A path or option the user must fix: exit code 2."""


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    roots: int
    files: int

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def summary(self) -> dict[str, int]:
        return {s.label: self.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}


def lint(paths: Sequence[Path], config: Config) -> Report:
    """Lint every model root at or below each of ``paths``.

    Paths in findings are relative to the checked directory; with several directories, each is
    prefixed by the directory as given.
    """
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"{path}: not a directory (modelgo-lint check takes model repositories)")
    registry = registry_module.load()
    findings: list[Finding] = []
    roots = files = 0
    for path in paths:
        prefix = path.as_posix().rstrip("/") if len(paths) > 1 else ""
        for root in discover(path):
            root_files = read_root(root, path, prefix)
            roots += 1
            files += len(root_files.all())
            for check in CHECKS:
                findings.extend(check(root_files, registry))
    return Report(tuple(config.apply(findings)), roots, files)
