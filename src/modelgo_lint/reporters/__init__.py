"""Reporters: one module per output format, chosen by name (``--format``)."""

from __future__ import annotations

from collections.abc import Callable

from modelgo_lint.engine import Report
from modelgo_lint.reporters import json_format, text

Reporter = Callable[[Report], str]

REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": text.render,
    "json": json_format.render,
}
