"""Checks: pure functions from one model root's files to findings. Registered here, in order."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from modelgo_lint.checks import consistency, derivatives, files, license, sheet
from modelgo_lint.documents import RootFiles
from modelgo_lint.findings import Finding
from modelgo_lint.registry import Registry

Check = Callable[[RootFiles, Registry], Iterable[Finding]]

CHECKS: tuple[Check, ...] = (files.check, license.check, sheet.check, consistency.check, derivatives.check)
