"""Reporters: one module per output format, chosen by name (``--format``).

Only the chosen format's module is imported (:func:`reporter`); ``FORMATS`` lists the names
without importing any of them (the CLI parser's choices).
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import Any

if TYPE_CHECKING:
    from modelgo_lint.engine import Report

Reporter = Callable[["Report"], str]

#: format name -> the reporter module that renders it
_MODULES = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github",
            "markdown": "markdown"}
FORMATS: tuple[str, ...] = tuple(_MODULES)
IDENTIFY_FORMATS: tuple[str, ...] = ("text", "json")  # reporters.identify.IDENTIFY_REPORTERS


def reporter(name: str) -> Reporter:
    """The render function of format ``name`` (its module imported now)."""
    from importlib import import_module

    render: Reporter = import_module(f"modelgo_lint.reporters.{_MODULES[name]}").render
    return render


def __getattr__(name: str) -> Any:
    if name == "REPORTER_BY_NAME":  # every format at once, for callers that want the mapping
        return {format_name: reporter(format_name) for format_name in FORMATS}
    raise AttributeError(name)
