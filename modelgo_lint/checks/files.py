"""MG901: files that must be read and cannot be."""

from __future__ import annotations

from collections.abc import Iterator

from modelgo_lint.analysis.record import RootAnalysis
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.ruledef import Rule, rule

#: the rules this check emits (collected by modelgo_lint.rules)
RULES: tuple[Rule, ...] = (
    rule(
        "MG901", "file-unreadable", Severity.ERROR,
        "A file that must be checked cannot be read as text.",
        """
Binary content, invalid UTF-8, a file over the size limit, a symbolic link that leaves the
repository, a directory, a FIFO or device in place of a file: the file is reported and the run
goes on with the others. modelgo-lint never follows such files and never blocks on them.

Passing: `LICENSE` is a UTF-8 (or UTF-16 with BOM) text file.
Failing: `LICENSE` is a symbolic link to `/etc/passwd`.
""",
    ),
)


def check(root: RootAnalysis) -> Iterator[Finding]:
    for text_file in root.files.all():
        if text_file.error is not None:
            yield Finding(
                text_file.rel, text_file.error.line, 1 if text_file.error.line else 0, "MG901",
                f"{text_file.rel} {text_file.error.reason}", Severity.ERROR,
                hint="Replace it with a regular UTF-8 text file inside the repository.",
            )
