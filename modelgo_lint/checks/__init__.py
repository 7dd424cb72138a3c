"""Checks: pure functions from one model root's analysis
(:class:`~modelgo_lint.analysis.record.RootAnalysis`)
to findings. Registered here, in order. Each check module also defines the rules it emits.

A check may import findings, ruledef, the analysis record types and pure license-knowledge
helpers (identifiers, matcher's types, terms' types, the sheet loader's pointer helpers); never
the reader, gitio, the CLI or the reporters, and it reads no file and looks nothing up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from modelgo_lint.analysis.record import RootAnalysis
from modelgo_lint.checks import consistency, derivatives, files, license, sheet
from modelgo_lint.findings import Finding

Check = Callable[[RootAnalysis], Iterable[Finding]]

CHECKS: tuple[Check, ...] = (files.check, license.check, sheet.check, consistency.check, derivatives.check)
