"""Options the engine applies: rule severities and the fail level (design §4, §5)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from modelgo_lint.findings import Finding, Severity, one_line
from modelgo_lint.records import Record
from modelgo_lint.repo.documents import child_of, posix
from modelgo_lint.ruledef import DEFAULTS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import Any

    from modelgo_lint.repo.documents import StrPath


class ConfigError(Exception):
    """Invalid configuration or options: exit code 2."""


FAIL_LEVELS = ("error", "warning", "info", "never")


def default_of(code: str) -> Severity | None:
    """The default severity of rule ``code`` (KeyError for an unknown code): from the rules the
    check modules defined (imported to run), else from the registry of every rule."""
    if code in DEFAULTS:
        return DEFAULTS[code]
    from modelgo_lint.rules import RULES  # every rule, with its docs: not start-up work (issue 14)

    return RULES[code].default


class Config(Record):
    #: rule code -> severity, or None to disable the rule
    severities: Mapping[str, Severity | None] = MappingProxyType({})
    fail_on: str = "error"

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings at their configured severity, without disabled rules, sorted.

        A check may raise a finding above its rule's default (MG104 is an error when ModelGo is
        declared elsewhere); configuration, when it names the rule, has the last word.
        """
        out = []
        for finding in findings:
            if finding.code not in self.severities:
                if default_of(finding.code) is not None:  # rules that are off by default stay off
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
        from modelgo_lint.rules import lookup  # with severities only: not start-up work (issue 14)

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
            except ValueError:
                raise ConfigError(
                    f"unknown severity {level!r} for {rule.code} (expected error, warning, info or off)"
                ) from None
    return out


CONFIG_NAMES = (".modelgo-lint.yaml", ".modelgo-lint.yml")
#: a configuration file is a few lines; anything bigger is refused unread
MAX_CONFIG_BYTES = 256 * 1024
#: the longest excerpt of a configuration file an error message quotes
MAX_EXCERPT = 120


def excerpt(text: str, limit: int = MAX_EXCERPT) -> str:
    """At most ``limit`` characters of ``text`` (what a parser or the schema quotes of a file the
    user wrote), on one line with controls escaped."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ConfigFile(Record):
    """A configuration file and the folder it must stay in (a symbolic link that resolves outside
    ``root`` is refused, as for every file of the repository); ``root`` None: a file the user
    named (``--config``), read wherever it is, still bounded."""

    path: str
    root: str | None = None


def find_config(directory: StrPath) -> str | None:
    found = locate_config(directory)
    return None if found is None else found.path


def locate_config(directory: StrPath) -> ConfigFile | None:
    """The configuration of a checked folder: ``.modelgo-lint.yaml`` (or a pyproject.toml with
    [tool.modelgo-lint]) in ``directory``, else in its parents up to the top of its git work tree
    (so ``check models/a`` and the Action with ``path: models/a`` read the repository's file).
    Outside a git work tree only ``directory`` itself is looked at."""
    folders = [_absolute(directory)]
    while not _has_git(folders[-1]) and os.path.dirname(folders[-1]) != folders[-1]:
        folders.append(os.path.dirname(folders[-1]))
    if not _has_git(folders[-1]):
        folders = folders[:1]
    root = folders[-1]
    for folder in folders:
        found = _config_in(folder, root)
        if found is not None:
            return found
    return None


def _has_git(folder: str) -> bool:
    return os.path.exists(child_of(folder)(".git"))


def _absolute(directory: StrPath) -> str:
    """``Path(directory).absolute()`` as a string: the current folder joined, nothing resolved."""
    text = posix(directory)
    return text if text.startswith("/") else posix(f"{os.getcwd()}/{text}")


def _exists(path: StrPath) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def _config_in(directory: str, root: str) -> ConfigFile | None:
    """The configuration file of ``directory``: a name that is there is the configuration, whatever
    it is (a symbolic link out, a FIFO, a folder: refused when read, never skipped silently); a
    pyproject.toml only when it has [tool.modelgo-lint] (one that cannot be read has none)."""
    from modelgo_lint.repo.reader import Unreadable, read_bytes

    inside = child_of(directory)
    for name in CONFIG_NAMES:
        if _exists(inside(name)):
            return ConfigFile(inside(name), root)
    pyproject = inside("pyproject.toml")
    if _exists(pyproject):
        try:
            head = read_bytes(pyproject, root, MAX_CONFIG_BYTES)
        except Unreadable:
            return None
        if b"tool.modelgo-lint" in head:
            return ConfigFile(pyproject, root)
    return None


def _read_mapping(found: ConfigFile) -> tuple[Any, Any]:
    """(data, Document or None for positions) of a configuration file; ConfigError when unreadable.
    Read through the repository's bounded reader; errors quote at most a short escaped excerpt."""
    from modelgo_lint.repo.reader import Unreadable, read_text
    from modelgo_lint.sheets.loader import LoadError, load_yaml

    path, shown_path = found.path, one_line(str(found.path))
    try:
        text = read_text(path, found.root, MAX_CONFIG_BYTES)
    except Unreadable as error:
        raise ConfigError(f"{shown_path}: {error.reason}") from None
    if os.path.basename(path) == "pyproject.toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{shown_path}: invalid TOML: {excerpt(str(error))}") from None
        except RecursionError:
            raise ConfigError(f"{shown_path}: invalid TOML: nested too deeply") from None
        section = data.get("tool", {}).get("modelgo-lint", {}) if isinstance(data.get("tool"), dict) else {}
        return section, None
    try:
        document = load_yaml(text)
    except LoadError as error:
        raise ConfigError(f"{shown_path}:{error.line}:{error.column}: {excerpt(error.message)}") from None
    return ({} if document.data is None else document.data), document


def _unquoted_off(data: Any) -> list[str]:
    """A hint for ``MG104: off`` written unquoted: YAML 1.1 reads off/no/false as a boolean."""
    severity = data.get("severity") if isinstance(data, dict) else None
    if not isinstance(severity, dict):
        return []
    return [f"hint: severity {one_line(str(code))}: an unquoted off (or no) is read as false; "
            f"quote it: {one_line(str(code))}: \"off\"" for code, value in severity.items() if value is False]


def load_config(path: StrPath | ConfigFile) -> Config:
    """A :class:`Config` from a configuration file, validated against schemas/config.schema.json."""
    from modelgo_lint.sheets.loader import Document
    from modelgo_lint.sheets.validate import CONFIG_SCHEMA, validate

    found = path if isinstance(path, ConfigFile) else ConfigFile(posix(path))
    shown_path = one_line(str(found.path))
    data, document = _read_mapping(found)
    problems = validate(document if document is not None else Document(data), CONFIG_SCHEMA)
    if problems:
        where = [f"{shown_path}:{p.line}:{p.column}: {excerpt(p.message)}" if document is not None
                 else f"{shown_path}: [tool.modelgo-lint] {excerpt(p.message)}" for p in problems[:10]]
        raise ConfigError("invalid configuration\n  " + "\n  ".join(where + _unquoted_off(data)))
    severities: dict[str, Severity | None] = {}
    if data.get("require-sheet"):
        severities["MG201"] = Severity.ERROR
    try:
        severities.update(parse_severities(f"{k}={v}" for k, v in data.get("severity", {}).items()))
        severities.update(parse_severities(f"{k}=off" for k in data.get("disable", [])))
    except ConfigError as error:
        raise ConfigError(f"{shown_path}: {excerpt(str(error))}") from None
    return Config(severities=severities, fail_on=data.get("fail-on", "error"))


def resolve(
    directory: StrPath, explicit: StrPath | None, severities: Iterable[str] = (), fail_on: str | None = None
) -> Config:
    """The configuration of a run, the same for ``check`` and the Action: the file given, else the
    one found for ``directory``; then the options (``--severity``, ``--fail-on`` or the Action's
    inputs), which win."""
    if explicit is not None and not _exists(explicit):
        raise ConfigError(f"{one_line(str(explicit))}: no such configuration file")
    found = ConfigFile(posix(explicit)) if explicit is not None else locate_config(directory)
    base = load_config(found) if found is not None else Config()
    return merged(base, parse_severities(severities), fail_on)


def merged(base: Config, severities: Mapping[str, Severity | None], fail_on: str | None) -> Config:
    """``base`` (from a file) overridden by command-line options."""
    return Config(severities={**base.severities, **severities}, fail_on=fail_on or base.fail_on)
