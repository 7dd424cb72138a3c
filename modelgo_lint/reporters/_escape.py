"""Neutralising user-controlled text (file names, license lines) for terminal output."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def plain(text: str) -> str:
    """``text`` on one line, control and bidi characters shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text.replace("\n", "\\n"))
