"""SARIF 2.1.0 for GitHub code scanning: rule metadata, locations, stable partialFingerprints."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from modelgo_lint import HOME_URL, __version__, rule_doc_url
from modelgo_lint.digest import sha256
from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity, name_bytes, shown
from modelgo_lint.rules import RULES, help_markdown, help_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: GitHub code scanning accepts at most 25,000 results per run (docs: "SARIF support for code scanning")
MAX_RESULTS = 25_000
# what changes with every new base commit or an edit elsewhere in the file stays out of the
# fingerprint: commit names (7-64 hex digits, at least one a digit), ``path:line`` positions and
# percentages (the similarity of a modified text); version numbers (MG-BY-2.0) stay in
_VOLATILE = re.compile(r"\b(?=[0-9a-f]*[0-9])[0-9a-f]{7,64}\b|(?<=\S):\d+(?::\d+)?\b|\d+(?:\.\d+)?%")


def fingerprint(finding: Finding) -> str:
    """Stable across runs, line moves and new base commits: the rule, the file and the message
    without commit names, positions and percentages."""
    message = _VOLATILE.sub("#", finding.message)
    text = name_bytes(f"{finding.code}\0{finding.path}\0{message}")
    return sha256(text).hexdigest()[:32]


def uri(path: str) -> str:
    """A repository-relative path as an RFC 3986 URI reference: its bytes percent-encoded (UTF-8,
    and an undecodable byte of the name as itself, ``%FF``)."""
    return quote(name_bytes(path), safe="/")


def _rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": help_text(rule), "markdown": help_markdown(rule)},
        "helpUri": rule_doc_url(rule.code),
        "defaultConfiguration": {
            "level": _LEVEL[rule.default] if rule.default else "none",
            "enabled": rule.default is not None,
        },
    }


def _result(finding: Finding, index: int) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": uri(finding.path), "uriBaseId": "%SRCROOT%"}}
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
        "message": {"text": shown(message)},
        "locations": [{"physicalLocation": location}],
        "partialFingerprints": {"modelgoLintFinding/v1": fingerprint(finding)},
    }


def render(report: Report) -> str:
    codes = list(RULES)
    ordered = sorted(report.findings, key=lambda f: (-f.severity, f))  # the most severe survive the cap
    kept = sorted(ordered[:MAX_RESULTS])
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if len(ordered) > MAX_RESULTS:
        invocation["toolExecutionNotifications"] = [{
            "level": "warning",
            "message": {"text": f"{len(ordered) - MAX_RESULTS} more results are not included: GitHub "
                                f"code scanning accepts {MAX_RESULTS:,} results per run (the most "
                                "severe are kept)"},
        }]
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "modelgo-lint",
                        "version": __version__,
                        "informationUri": HOME_URL,
                        "rules": [_rule(code) for code in codes],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The repository root"}}},
                "invocations": [invocation],
                "results": [_result(f, codes.index(f.code)) for f in kept],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
