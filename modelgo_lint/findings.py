"""The one record every check produces and every reporter consumes. Imports nothing of the package:
a finding's rule name is looked up in the registry (:func:`modelgo_lint.rules.name_of`)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` gives the most severe."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. Sorting orders by path, then position, then code.

    ``path`` is relative to the checked directory and uses ``/`` separators.
    ``line`` and ``column`` are 1-based; 0 means "not known" (the whole file).
    ``details`` carries extra lines (for example the changed paragraphs of a license).
    """

    path: str
    line: int
    column: int
    code: str
    message: str = field(compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)
    pointer: str | None = field(default=None, compare=False)
    hint: str | None = field(default=None, compare=False)
    details: tuple[str, ...] = field(default=(), compare=False)

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)
