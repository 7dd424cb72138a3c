"""Regular expressions compiled on first use (issue 14).

A module-level ``re.compile`` runs on every start-up, whether or not the run needs the pattern;
the clean path (an exact-match license, a plain front matter) uses few of the package's patterns.
``lazyre.compile`` returns a stand-in that compiles on the first attribute looked up and then
keeps the compiled pattern's methods as its own attributes, so later calls cost what a real
pattern's do. Use it for patterns the clean path does not need; call its methods only (the
``re`` module's functions do not take the stand-in in place of a pattern).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import Any


class _Lazy:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(re.compile(*self._source), name)
        setattr(self, name, value)  # the next look-up finds it without __getattr__
        return value


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return _Lazy(pattern, flags)  # type: ignore[return-value]  # a stand-in for the checker too
