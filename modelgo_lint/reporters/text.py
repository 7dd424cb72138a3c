"""Human-readable report: ``path:line:column: severity CODE name: message``, then, for a finding
with a line in a file the report holds (:attr:`Report.sources`), that line with a caret under the
column (as ruff shows it), details and hint; a summary line with the counts.

Everything user-controlled is escaped (:mod:`modelgo_lint.reporters._escape`); colour (ANSI SGR)
only when asked: :func:`wants_color` decides for ``--color auto|always|never``.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity

#: the widest snippet shown; a longer line is cut to a window around the column
MAX_SNIPPET = 160

_RESET = "\x1b[0m"
_STYLE = {"bold": "1", "dim": "2", "error": "1;31", "warning": "1;33", "info": "1;36", "ok": "1;32"}


def wants_color(choice: str, is_tty: bool, environ: Mapping[str, str]) -> bool:
    """``--color`` decided: ``always``/``never`` as said; ``auto``: FORCE_COLOR (set, not empty)
    turns it on (force-color.org), else NO_COLOR (set, not empty) off (no-color.org), else colour
    only on a terminal that is not ``TERM=dumb``."""
    if choice in ("always", "never"):
        return choice == "always"
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("NO_COLOR"):
        return False
    return is_tty and environ.get("TERM") != "dumb"


def location(finding: Finding) -> str:
    from modelgo_lint.reporters._escape import plain

    where = plain(finding.path)
    if finding.line:
        where += f":{finding.line}"
        if finding.column:
            where += f":{finding.column}"
    return where


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _line(text: str, number: int) -> str | None:
    lines = text.split("\n")
    return lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else None


def snippet(finding: Finding, sources: Mapping[str, str]) -> tuple[str, str, str] | None:
    """(line number, the line escaped, the caret line's offset as spaces) or None."""
    text = sources.get(finding.path)
    if not finding.line or text is None:
        return None
    line = _line(text, finding.line)
    if line is None or not line.strip():
        return None
    from modelgo_lint.reporters._escape import plain
    # tabs to spaces (a tab stop every 4 columns, as ruff shows them), controls escaped
    full, before = plain(line.expandtabs(4)), plain(line[:max(1, finding.column) - 1].expandtabs(4))
    if len(full) > MAX_SNIPPET:  # a window around the column, its cuts marked
        start = max(0, min(len(before) - MAX_SNIPPET // 2, len(full) - MAX_SNIPPET))
        lead = "…" if start else ""
        before = lead + before[start:]
        full = lead + full[start:start + MAX_SNIPPET] + ("…" if start + MAX_SNIPPET < len(full) else "")
    return str(finding.line), full, " " * _width(before)


def _width(text: str) -> int:
    """Terminal columns of ``text``: wide (East Asian) characters take two, combining marks none."""
    if text.isascii():
        return len(text)  # one column each (a control character is escaped before it is measured)
    import unicodedata  # a C module to load: not for a clean run, nor for ASCII lines

    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"\x1b[{_STYLE[style]}m{text}{_RESET}" if self.color and text else text


def render(report: Report, color: bool = False, fix_command: str | None = None) -> str:
    """The report; ``fix_command`` (shown in the summary when there are findings) is given by the
    CLI only when a ``fix`` subcommand exists."""
    paint = _Paint(color)
    lines = []
    if report.findings:  # the rules' names and the escaping: not for a clean report (issue 14)
        from modelgo_lint.reporters._escape import plain
        from modelgo_lint.rules import name_of
    for finding in report.findings:
        label = finding.severity.label
        lines.append(
            f"{paint('bold', location(finding))}: {paint(label, label)} {paint('bold', finding.code)} "
            f"{name_of(finding.code)}: {plain(finding.message)}"
        )
        shown = snippet(finding, report.sources)
        if shown is not None:
            number, text, offset = shown
            gutter = " " * len(number)
            lines += [f"  {gutter} {paint('dim', '|')}", f"  {paint('dim', number + ' |')} {text}",
                      f"  {gutter} {paint('dim', '|')} {offset}{paint(label, '^')}"]
        lines.extend(f"    {plain(detail)}" for detail in finding.details)
        if finding.hint:
            lines.append(f"    {paint('dim', 'hint:')} {plain(finding.hint)}")
    summary = report.summary
    checked = f"{_count(report.roots, 'model')}, {_count(report.files, 'file')} read"
    if report.findings:
        counts = ", ".join(_count(summary[key], key) for key in ("error", "warning", "info"))
        worst = max(f.severity for f in report.findings)
        lines.append(paint(worst.label if worst is not Severity.INFO else "bold", f"Found {counts}")
                     + f" ({checked}).")
        if fix_command:
            lines.append(f"Run {paint('bold', fix_command)} to see the repairs it can make.")
    else:
        lines.append(paint("ok", "No problems found") + f" ({checked}).")
    return "\n".join(lines) + "\n"
