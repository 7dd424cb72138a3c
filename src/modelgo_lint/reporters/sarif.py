"""SARIF 2.1.0 for GitHub code scanning: rule metadata, locations, stable partialFingerprints."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from modelgo_lint import __version__
from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def fingerprint(finding: Finding) -> str:
    """Stable across runs and line moves: rule, file and message (not the line)."""
    return hashlib.sha256(f"{finding.code}\0{finding.path}\0{finding.message}".encode()).hexdigest()[:32]


def _rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {
            "level": _LEVEL[rule.default] if rule.default else "none",
            "enabled": rule.default is not None,
        },
    }


def _result(finding: Finding, index: int) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": finding.path, "uriBaseId": "%SRCROOT%"}}
    if finding.line:
        location["region"] = {
            "startLine": finding.line,
            **({"startColumn": finding.column} if finding.column else {}),
        }
    message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
    if finding.details:
        message += "\n" + "\n".join(finding.details)
    return {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": _LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"modelgoLintFinding/v1": fingerprint(finding)},
    }


def render(report: Report) -> str:
    codes = list(RULES)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "modelgo-lint",
                        "version": __version__,
                        "informationUri": "https://github.com/modelgo-lint/modelgo-lint",
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The checked directory"}}},
                "results": [_result(f, codes.index(f.code)) for f in report.findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
