"""Markdown report for the pull-request comment and the job summary.

Counts by severity, a table of findings (linked to the file and line at the head commit when a
link base is given), collapsible details, how to fix each rule, and a passing note when there is
nothing to report. User-controlled text cannot mention people or teams, inject HTML or break the
table; the whole report stays under GitHub's comment limit with an explicit truncation note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import quote

from modelgo_lint import rule_doc_url
from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity, name_bytes, one_line, shown
from modelgo_lint.rules import RULES

COMMENT_LIMIT = 65_536  # characters GitHub accepts in one comment
SUMMARY_LIMIT = 1024 * 1024  # bytes GitHub accepts in one step's job summary
_BUDGET = 60_000  # room for the marker, the header and the truncation note
SUMMARY_BUDGET = SUMMARY_LIMIT - 16 * 1024
COMMENT_ELSEWHERE = "see the job summary or the SARIF report"
MAX_CELL = 500
_ICON = {Severity.ERROR: ":x:", Severity.WARNING: ":warning:", Severity.INFO: ":information_source:"}
_MENTION = re.compile(r"@(?=[\w-])")
_BACKTICKS = re.compile(r"`+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def neutral(text: str, limit: int = MAX_CELL) -> str:
    """User text made inert for GitHub Markdown: no HTML, mentions, table breaks or long lines."""
    text = shown(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _CONTROL.sub(" ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MENTION.sub("@\u200b", text)
    text = text.replace("|", "\\|").replace("`", "&#96;").replace("[", "&#91;").replace("]", "&#93;")
    return text.replace("\r", " ").replace("\n", " ")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


Link = Callable[[Finding], "str | None"]


def file_link(blob_base: str, path: str, line: int = 0) -> str:
    """The URL of ``path`` (repository-relative) under ``blob_base`` (``…/blob/<sha>``): encoded
    (spaces, ``#``, undecodable bytes), with ``?plain=1`` so that a line anchor of a Markdown file
    points at the source line rather than the rendered page."""
    url = f"{blob_base.rstrip('/')}/{quote(name_bytes(path), safe='/')}"
    if line:
        plain = "?plain=1" if path.lower().endswith((".md", ".markdown", ".mdown", ".rst")) else ""
        url += f"{plain}#L{line}"
    return url


def _where(finding: Finding, link: Link | None) -> str:
    label = neutral(finding.path, 200) + (f":{finding.line}" if finding.line else "")
    url = link(finding) if link is not None else None
    return f"[{label}]({url})" if url else label


def _rule(code: str) -> str:
    """The rule's code and name, linked to its page in docs/rules/."""
    return f"[{code} {RULES[code].name}]({rule_doc_url(code)})"


def _row(finding: Finding, link: Link | None) -> str:
    rule = _rule(finding.code)
    return (
        f"| {_ICON[finding.severity]} {finding.severity.label} | {rule} | {_where(finding, link)} | "
        f"{neutral(finding.message)} |"
    )


def _size(text: str) -> int:
    return len(text.encode("utf-8", "replace"))


def _details(findings: Sequence[Finding]) -> list[str]:
    out = []
    for finding in findings:
        if finding.diff:  # words (letters, digits) and the markers; still one line each, fenced safely
            body = "\n".join(
                one_line(line)[:2000] for d in finding.diff
                for line in (f"@@ {d.section} (line {d.line}) @@", *d.lines()))
            fence = "`" * max(3, 1 + max((len(run) for run in _BACKTICKS.findall(body)), default=0))
            lines = f"{fence}diff\n{body}\n{fence}"
            out.append(
                f"<details><summary>{finding.code} {neutral(finding.path, 200)}: what changed</summary>\n\n"
                f"{lines}\n\n</details>"
            )
        elif finding.details:
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
    return [f"- **{_rule(code)}**: {neutral(hint)}" for code, hint in sorted(seen.items())]


def render(
    report: Report,
    link_base: str | None = None,
    title: str = "modelgo-lint",
    limit: int = _BUDGET,
    *,
    link: Link | None = None,
    elsewhere: str = COMMENT_ELSEWHERE,
) -> str:
    """The report in at most ``limit`` bytes (UTF-8). Links: ``link(finding)`` gives each finding's
    URL, or ``link_base`` (``…/blob/<sha>``) is joined with its path. Findings that do not fit are
    counted in a truncation note that ends with ``elsewhere`` (where the rest can be read)."""
    if link is None and link_base is not None:
        base = link_base

        def link(finding: Finding) -> str | None:
            return file_link(base, finding.path, finding.line)

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
    size = sum(_size(line) + 1 for line in head)
    shown = 0
    for finding in ordered:
        row = _row(finding, link)
        if size + _size(row) + 1 > limit * 0.6:
            break
        rows.append(row)
        size += _size(row) + 1
        shown += 1
    parts = head + rows
    if shown < len(ordered):
        why = (
            "GitHub limits comments to 65,536 characters"
            if limit <= COMMENT_LIMIT
            else "GitHub limits a job summary to 1 MiB"
        )
        left = len(ordered) - shown
        parts += ["", f"**Truncated:** {left} more findings are not shown here ({why}); {elsewhere}."]
    tail = []
    fixes = _fixes(ordered[:shown])
    if fixes:
        tail += ["", "### How to fix", "", *fixes]
    details = _details(ordered[:shown])
    if details:
        tail += ["", *details]
    text = "\n".join(parts)
    size = _size(text)
    for line in tail:
        if size + _size(line) + 1 > limit:
            text += "\n\n*(further details truncated)*"
            break
        text += "\n" + line
        size += _size(line) + 1
    return text + "\n"
