"""Human-readable report: ``path:line:column: severity CODE name: message``."""

from __future__ import annotations

from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding
from modelgo_lint.reporters._escape import plain
from modelgo_lint.rules import name_of


def location(finding: Finding) -> str:
    where = plain(finding.path)
    if finding.line:
        where += f":{finding.line}"
        if finding.column:
            where += f":{finding.column}"
    return where


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def render(report: Report) -> str:
    lines = []
    for finding in report.findings:
        lines.append(
            f"{location(finding)}: {finding.severity.label} {finding.code} {name_of(finding.code)}: "
            f"{plain(finding.message)}"
        )
        lines.extend(f"    {plain(detail)}" for detail in finding.details)
        if finding.hint:
            lines.append(f"    hint: {plain(finding.hint)}")
    summary = report.summary
    checked = f"{_count(report.roots, 'model')}, {_count(report.files, 'file')} read"
    if report.findings:
        counts = ", ".join(_count(summary[key], key) for key in ("error", "warning", "info"))
        lines.append(f"Found {counts} ({checked}).")
    else:
        lines.append(f"No problems found ({checked}).")
    return "\n".join(lines) + "\n"
