"""MG901: files that must be read and cannot be."""

from __future__ import annotations

from collections.abc import Iterator

from modelgo_lint.documents import RootFiles
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.registry import Registry


def check(files: RootFiles, registry: Registry) -> Iterator[Finding]:
    for text_file in files.all():
        if text_file.error is not None:
            yield Finding(
                text_file.rel, text_file.error.line, 1 if text_file.error.line else 0, "MG901",
                f"{text_file.rel} {text_file.error.reason}", Severity.ERROR,
                hint="Replace it with a regular UTF-8 text file inside the repository.",
            )
