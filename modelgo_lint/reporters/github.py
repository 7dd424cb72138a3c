"""GitHub Actions workflow commands (annotations), most severe first.

GitHub shows at most 10 error and 10 warning annotations per step, so errors come first; the
full report goes to the job summary. User-controlled text is escaped as the runner requires
(``%``, CR, LF in the message; also ``:`` and ``,`` in properties), so a file name or license
line cannot start a workflow command of its own.
"""

from __future__ import annotations

import re

from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity, shown
from modelgo_lint.rules import name_of

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
MAX_MESSAGE = 4000


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_data(text: str) -> str:
    """A command's message: undecodable bytes as ``\\xNN``; ``%``, CR and LF as the runner
    decodes them; every other control, line-separator or bidi character as ``\\uXXXX``."""
    text = shown(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    props = [f"file={escape_property(finding.path)}"]
    if finding.line:
        props.append(f"line={finding.line}")
        if finding.column:
            props.append(f"col={finding.column}")
    props.append(f"title={escape_property(f'{finding.code} {name_of(finding.code)}')}")
    message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
    if len(message) > MAX_MESSAGE:
        message = message[: MAX_MESSAGE - 1] + "…"
    return f"::{_COMMAND[finding.severity]} {','.join(props)}::{escape_data(message)}"


def render(report: Report) -> str:
    ordered = sorted(report.findings, key=lambda f: (-f.severity, f))
    return "".join(annotation(f) + "\n" for f in ordered)
