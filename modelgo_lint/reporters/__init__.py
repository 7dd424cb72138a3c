"""Reporters: one module per output format, chosen by name (``--format``)."""

from __future__ import annotations

from collections.abc import Callable

from modelgo_lint.engine import Report
from modelgo_lint.reporters import github, json_format, markdown, sarif, text

Reporter = Callable[[Report], str]

REPORTER_BY_NAME: dict[str, Reporter] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "markdown": markdown.render,
}
