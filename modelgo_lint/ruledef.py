"""How a rule is defined: code, short name, default severity, one-line summary and a longer doc.

Each check module defines the rules it emits (as yamllint's rule modules carry their ID and
docs); :mod:`modelgo_lint.rules` collects them into the one registry. Imports findings only.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelgo_lint.findings import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    default: Severity | None  # None: off unless configuration turns it on
    summary: str
    doc: str  # longer text with a passing and a failing example

    @property
    def default_label(self) -> str:
        return self.default.label if self.default is not None else "off"


def rule(code: str, name: str, default: Severity | None, summary: str, doc: str) -> Rule:
    return Rule(code, name, default, summary, doc.strip())
