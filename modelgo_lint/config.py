"""Options the engine applies: rule severities and the fail level (design §4, §5)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelgo_lint.findings import Finding, Severity
from modelgo_lint.rules import RULES, lookup


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
                if RULES[finding.code].default is not None:  # rules that are off by default stay off
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


CONFIG_NAMES = (".modelgo-lint.yaml", ".modelgo-lint.yml")


def find_config(directory: Path) -> Path | None:
    """The configuration of a checked folder: ``.modelgo-lint.yaml`` (or a pyproject.toml with
    [tool.modelgo-lint]) in ``directory``, else in its parents up to the top of its git work tree
    (so ``check models/a`` and the Action with ``path: models/a`` read the repository's file).
    Outside a git work tree only ``directory`` itself is looked at."""
    folders = [directory.absolute()]
    while not (folders[-1] / ".git").exists() and folders[-1].parent != folders[-1]:
        folders.append(folders[-1].parent)
    if not (folders[-1] / ".git").exists():
        folders = folders[:1]
    for folder in folders:
        found = _config_in(folder)
        if found is not None:
            return found
    return None


def _config_in(directory: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (directory / name).is_file():
            return directory / name
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        try:
            head = pyproject.read_text("utf-8", errors="replace")
        except OSError:
            return None
        if "[tool.modelgo-lint]" in head or "tool.modelgo-lint" in head:
            return pyproject
    return None


def _read_mapping(path: Path) -> tuple[Any, Any]:
    """(data, Document or None for positions) of a configuration file; ConfigError when unreadable."""
    from modelgo_lint.repo.reader import Unreadable, read_text
    from modelgo_lint.sheets.loader import LoadError, load_yaml

    try:
        text = read_text(path)
    except Unreadable as error:
        raise ConfigError(f"{path}: {error.reason}") from None
    if path.name == "pyproject.toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: invalid TOML: {error}") from None
        return data.get("tool", {}).get("modelgo-lint", {}), None
    try:
        document = load_yaml(text)
    except LoadError as error:
        raise ConfigError(f"{path}:{error.line}:{error.column}: {error.message}") from None
    return ({} if document.data is None else document.data), document


def load_config(path: Path) -> Config:
    """A :class:`Config` from a configuration file, validated against schemas/config.schema.json."""
    from modelgo_lint.sheets.loader import Document
    from modelgo_lint.sheets.validate import CONFIG_SCHEMA, validate

    data, document = _read_mapping(path)
    problems = validate(document if document is not None else Document(data), CONFIG_SCHEMA)
    if problems:
        where = [f"{path}:{p.line}:{p.column}: {p.message}" if document is not None
                 else f"{path}: [tool.modelgo-lint] {p.message}" for p in problems]
        raise ConfigError("invalid configuration\n  " + "\n  ".join(where))
    severities: dict[str, Severity | None] = {}
    if data.get("require-sheet"):
        severities["MG201"] = Severity.ERROR
    try:
        severities.update(parse_severities(f"{k}={v}" for k, v in data.get("severity", {}).items()))
        severities.update(parse_severities(f"{k}=off" for k in data.get("disable", [])))
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
    return Config(severities=severities, fail_on=data.get("fail-on", "error"))


def resolve(
    directory: Path, explicit: Path | None, severities: Iterable[str] = (), fail_on: str | None = None
) -> Config:
    """The configuration of a run, the same for ``check`` and the Action: the file given, else the
    one found for ``directory``; then the options (``--severity``, ``--fail-on`` or the Action's
    inputs), which win."""
    if explicit is not None and not explicit.is_file():
        raise ConfigError(f"{explicit}: no such configuration file")
    path = explicit if explicit is not None else find_config(directory)
    base = load_config(path) if path is not None else Config()
    return merged(base, parse_severities(severities), fail_on)


def merged(base: Config, severities: Mapping[str, Severity | None], fail_on: str | None) -> Config:
    """``base`` (from a file) overridden by command-line options."""
    return Config(severities={**base.severities, **severities}, fail_on=fail_on or base.fail_on)
