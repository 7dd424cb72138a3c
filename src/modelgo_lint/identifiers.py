"""ModelGo license identifiers as users write them (``MG-BY-NC-2.0``, ``mg0-1.0``)."""

from __future__ import annotations

import re

#: A versioned identifier-like word: known ones and wrong ones (``MG-NC-RAI-2.0``) alike.
IDENTIFIER = re.compile(r"(?<![\w-])mg(?:0|-[a-z]+(?:-[a-z]+)*)-\d+\.\d+(?![\w.-]*\w)", re.IGNORECASE)


def find_identifiers(text: str) -> list[tuple[int, str]]:
    """(1-based line, upper-cased identifier) for every identifier named in ``text``."""
    return [
        (text.count("\n", 0, match.start()) + 1, match.group(0).upper())
        for match in IDENTIFIER.finditer(text)
    ]
