"""Neutralising user-controlled text (file names, license lines) for terminal output."""

from __future__ import annotations

from modelgo_lint.findings import one_line, shown

__all__ = ["plain", "shown"]


def plain(text: str) -> str:
    """``text`` on one line, undecodable bytes as ``\\xNN``, control and bidi characters as escapes."""
    return one_line(text)
