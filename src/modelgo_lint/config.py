"""Options the engine applies: rule severities and the fail level (design §4, §5)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from modelgo_lint.findings import Finding, Severity
from modelgo_lint.rules import lookup


class ConfigError(Exception):
    """Invalid configuration or options: exit code 2."""


FAIL_LEVELS = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class Config:
    #: rule code -> severity, or None to disable the rule
    severities: Mapping[str, Severity | None] = field(default_factory=dict)
    fail_on: str = "error"

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings at their configured severity, without disabled rules, sorted.

        A check may raise a finding above its rule's default (MG104 is an error when ModelGo is
        declared elsewhere); configuration, when it names the rule, has the last word.
        """
        out = []
        for finding in findings:
            if finding.code not in self.severities:
                out.append(finding)
                continue
            severity = self.severities[finding.code]
            if severity is not None:
                out.append(finding.with_severity(severity))
        return sorted(out)

    def fails(self, findings: Iterable[Finding]) -> bool:
        if self.fail_on == "never":
            return False
        threshold = Severity.parse(self.fail_on)
        return any(f.severity >= threshold for f in findings)


def parse_severities(items: Iterable[str]) -> dict[str, Severity | None]:
    """``CODE=level`` items (level: error, warning, info or off), codes or rule names."""
    out: dict[str, Severity | None] = {}
    for item in items:
        key, sep, level = item.partition("=")
        if not sep:
            raise ConfigError(f"expected CODE=LEVEL, got {item!r}")
        try:
            rule = lookup(key)
        except KeyError:
            raise ConfigError(f"unknown rule {key!r}") from None
        if level.strip().lower() == "off":
            out[rule.code] = None
        else:
            try:
                out[rule.code] = Severity.parse(level)
            except ValueError as error:
                raise ConfigError(str(error)) from None
    return out
