"""Markdown report for the pull-request comment and the job summary.

Counts by severity, a table of findings (linked to the file and line at the head commit when a
link base is given), collapsible details, how to fix each rule, and a passing note when there is
nothing to report. User-controlled text cannot mention people or teams, inject HTML or break the
table; the whole report stays under GitHub's comment limit with an explicit truncation note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.rules import RULES

COMMENT_LIMIT = 65_536
_BUDGET = 60_000  # room for the marker, the header and the truncation note
MAX_CELL = 500
_ICON = {Severity.ERROR: ":x:", Severity.WARNING: ":warning:", Severity.INFO: ":information_source:"}
_MENTION = re.compile(r"@(?=[\w-])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def neutral(text: str, limit: int = MAX_CELL) -> str:
    """User text made inert for GitHub Markdown: no HTML, mentions, table breaks or long lines."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _CONTROL.sub(" ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MENTION.sub("@\u200b", text)
    text = text.replace("|", "\\|").replace("`", "&#96;").replace("[", "&#91;").replace("]", "&#93;")
    return text.replace("\r", " ").replace("\n", " ")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _where(finding: Finding, link_base: str | None) -> str:
    label = neutral(finding.path, 200) + (f":{finding.line}" if finding.line else "")
    if link_base is None:
        return label
    anchor = f"#L{finding.line}" if finding.line else ""
    return f"[{label}]({link_base}/{quote(finding.path)}{anchor})"


def _row(finding: Finding, link_base: str | None) -> str:
    rule = f"{finding.code} {finding.name}"
    return (
        f"| {_ICON[finding.severity]} {finding.severity.label} | {rule} | {_where(finding, link_base)} | "
        f"{neutral(finding.message)} |"
    )


def _details(findings: Sequence[Finding]) -> list[str]:
    out = []
    for finding in findings:
        if finding.details:
            lines = "\n".join(f"- {neutral(d, 300)}" for d in finding.details)
            out.append(
                f"<details><summary>{finding.code} {neutral(finding.path, 200)}: what changed</summary>\n\n"
                f"{lines}\n\n</details>"
            )
    return out


def _fixes(findings: Sequence[Finding]) -> list[str]:
    seen: dict[str, str] = {}
    for finding in findings:
        if finding.hint and finding.code not in seen:
            seen[finding.code] = finding.hint
    return [f"- **{code} {RULES[code].name}**: {neutral(hint)}" for code, hint in sorted(seen.items())]


def render(
    report: Report, link_base: str | None = None, title: str = "modelgo-lint", limit: int = _BUDGET
) -> str:
    summary = report.summary
    checked = f"{_plural(report.roots, 'model')}, {_plural(report.files, 'file')} read"
    if not report.findings:
        return f"## {title}: :white_check_mark: no problems found\n\nAll license checks pass ({checked}).\n"
    counts = ", ".join(_plural(summary[k], k) for k in ("error", "warning", "info") if summary[k])
    head = [
        f"## {title}: {counts}",
        "",
        f"Checked {checked}.",
        "",
        "| | rule | where | message |",
        "|---|---|---|---|",
    ]
    ordered = sorted(report.findings, key=lambda f: (-f.severity, f))
    rows: list[str] = []
    size = sum(len(line) + 1 for line in head)
    shown = 0
    for finding in ordered:
        row = _row(finding, link_base)
        if size + len(row) + 1 > limit * 0.6:
            break
        rows.append(row)
        size += len(row) + 1
        shown += 1
    parts = head + rows
    if shown < len(ordered):
        parts += [
            "",
            f"**Truncated:** {len(ordered) - shown} more findings are not shown here "
            "(GitHub limits comments to 65,536 characters); see the job summary or the SARIF report.",
        ]
    tail = []
    fixes = _fixes(ordered[:shown])
    if fixes:
        tail += ["", "### How to fix", "", *fixes]
    details = _details(ordered[:shown])
    if details:
        tail += ["", *details]
    text = "\n".join(parts)
    for line in tail:
        if len(text) + len(line) + 1 > limit:
            text += "\n\n*(further details truncated)*"
            break
        text += "\n" + line
    return text + "\n"
