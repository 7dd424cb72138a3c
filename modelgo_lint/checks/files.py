"""MG901: files that must be read and cannot be."""

from __future__ import annotations

from collections.abc import Iterator

from modelgo_lint.analysis.record import RootAnalysis
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.ruledef import Example, Rule, model, rule

#: the rules this check emits (collected by modelgo_lint.rules)
RULES: tuple[Rule, ...] = (
    rule(
        "MG901", "file-unreadable", Severity.ERROR,
        "A file that must be checked cannot be read as text.",
        """
Binary content, invalid UTF-8, a file over the size limit, a symbolic link that leaves the
repository, a directory, a FIFO or device in place of a file: the file is reported and the run
goes on with the others. modelgo-lint never follows such files and never blocks on them.
Nothing is skipped silently: a folder that cannot be listed (no permission, a path past the
platform's length limit) or an entry that cannot be examined is reported the same way, so a run
cannot be clean because it saw nothing.
""",
        why="A license, notice or sheet that cannot be read cannot be checked; a run must not look clean "
            "because it saw nothing.",
        fix="Replace it with a regular UTF-8 text file inside the repository.",
        failing=Example("LICENSE holds binary bytes",
                        model("MG-BY-2.0", {"LICENSE": b"\x89PNG\r\n\x1a\n\x00\x00"})),
        passing=Example("LICENSE is a UTF-8 text file", model("MG-BY-2.0")),
    ),
)


def _short(rel: str, limit: int = 160) -> str:
    return rel if len(rel) <= limit else f"{rel[:60]}…{rel[-80:]} ({len(rel):,} characters)"


def skipped(rel: str, reason: str) -> Finding:
    """MG901 for a place the walk could not look into (``rel``: its display path)."""
    return Finding(
        rel, 0, 0, "MG901", f"{_short(rel)}: {reason}; nothing below it was checked", Severity.ERROR,
        hint="Make it readable (or move it out of the checked folder) so that its files can be checked.",
    )


def check(root: RootAnalysis) -> Iterator[Finding]:
    for text_file in root.files.all():
        if text_file.error is not None:
            yield Finding(
                text_file.rel, text_file.error.line, 1 if text_file.error.line else 0, "MG901",
                f"{text_file.rel} {text_file.error.reason}", Severity.ERROR,
                hint="Replace it with a regular UTF-8 text file inside the repository.",
            )
