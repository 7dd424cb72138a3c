"""Machine-readable report, ``"version": 1`` (design §5)."""

from __future__ import annotations

import json
from typing import Any

from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, shown
from modelgo_lint.rules import name_of

VERSION = 1


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": name_of(finding.code),
        "severity": finding.severity.label,
        "message": shown(finding.message),
        "path": shown(finding.path),
        "line": finding.line or None,
        "column": finding.column or None,
        "pointer": None if finding.pointer is None else shown(finding.pointer),
        "hint": None if finding.hint is None else shown(finding.hint),
        "details": [shown(detail) for detail in finding.details],
        # a modified license read with the official text: each changed paragraph, word by word
        **({"diff": [{"section": d.section, "kind": d.kind, "line": d.line, "end_line": d.end_line,
                      "official": shown(d.official), "file": shown(d.file),
                      "ops": [[op, shown(words)] for op, words in d.ops]} for d in finding.diff]}
           if finding.diff else {}),
    }


def render(report: Report) -> str:
    document = {
        "version": VERSION,
        "findings": [finding_dict(finding) for finding in report.findings],
        "summary": report.summary,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
