"""How a rule is defined: code, short name, default severity, one-line summary, a longer doc, why it
matters (the license section behind it), how to fix it, and a failing and a passing example.

Each check module defines the rules it emits (as yamllint's rule modules carry their ID and
docs); :mod:`modelgo_lint.rules` collects them into the one registry. Imports findings only.

The examples are data a test builds as repositories and lints through the real CLI (the failing
one must report the rule, the passing one nothing): a small dict of files per example, whose
license texts and sheets are *named* (:class:`Text`, :class:`Sheet`), never written out here: the
project ships no license prose, and the test reads the published texts from ``../shared``.
"""

from __future__ import annotations

from collections.abc import Mapping

from modelgo_lint.findings import Severity
from modelgo_lint.records import Record


class Text(Record):
    """A published license text, named by identifier (ModelGo ids, or a file name of
    ``../shared/other-licenses`` without ``.txt`` such as ``Apache-2.0``)."""

    license: str
    edition: str = ""  # the version line of an older revision ("Version 2.0, Nov 2024"); "": the newest
    delete: str = ""  # words deleted from it (a modified copy)
    before: str = ""  # lines put before the title (a preamble)
    wrap: int = 0  # re-wrapped at this many columns (presentation only)

    def describe(self) -> str:
        text = f"the {self.edition} text of {self.license}" if self.edition else f"the {self.license} text"
        if self.wrap:
            text += f", re-wrapped at {self.wrap} columns"
        if self.delete:
            text += f', with "{self.delete}" deleted'
        if self.before:
            text += f", after the lines {self.before.strip()!r}"
        return text


class Sheet(Record):
    """``modelgo-lint sheet LICENSE`` output, with ``old -> new`` replacements of its lines."""

    license: str
    replace: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        text = f"the output of `modelgo-lint sheet {self.license}`"
        if self.replace:
            text += ", with " + "; ".join(f"{old!r} replaced by {new!r}" for old, new in self.replace)
        return text


#: what a file of an example holds: literal text, literal bytes, a named license text or a sheet
Content = str | bytes | Text | Sheet


def describe(content: Content) -> str | None:
    """One line for a named text or sheet and for bytes; None for literal text (shown as it is)."""
    if isinstance(content, (Text, Sheet)):
        return content.describe()
    if isinstance(content, bytes):
        return f"the bytes {content!r}"
    return None


class Example(Record):
    """One model folder: its files (paths relative to the folder; ``.modelgo-lint.yaml`` among
    them is the configuration of a check of that folder alone), and for the retention rules the
    files committed at the base revision (``check --base``)."""

    summary: str
    files: Mapping[str, Content]
    base: Mapping[str, Content] | None = None


def readme(license_id: str, *, notice: bool = True, front: str = "", body: str = "") -> str:
    """The README of a model under ``license_id``: Hub front matter (``license: other``,
    ``license_name``, ``license_link``, plus ``front`` lines), a title, the license notice and ``body``."""
    notice_line = f"This model is licensed under the ModelGo license ({license_id}).\n" if notice else ""
    return (
        f"---\nlicense: other\nlicense_name: {license_id.lower()}\nlicense_link: LICENSE\n{front}---\n\n"
        f"# Example model\n\n{notice_line}{body}"
    )


def model(license_id: str, files: Mapping[str, Content | None] | None = None) -> dict[str, Content]:
    """A compliant model folder under ``license_id`` (LICENSE and README.md), with ``files`` added
    or replaced (``None`` removes one)."""
    out: dict[str, Content] = {"LICENSE": Text(license_id), "README.md": readme(license_id)}
    for path, content in (files or {}).items():
        if content is None:
            out.pop(path, None)
        else:
            out[path] = content
    return out


class Rule(Record):
    code: str
    name: str
    default: Severity | None  # None: off unless configuration turns it on
    summary: str
    doc: str  # the longer text
    why: str  # why it matters: the license section behind it
    fix: str  # how to repair what it reports
    failing: Example  # reports the rule when linted
    passing: Example  # reports nothing when linted

    @property
    def default_label(self) -> str:
        return self.default.label if self.default is not None else "off"


#: rule code -> default severity (None: off), of every rule defined so far: the configuration
#: applies the defaults from it without importing :mod:`modelgo_lint.rules`, the rules of every
#: check module with their docs (issue 14); a code not there is looked up in the registry
DEFAULTS: dict[str, Severity | None] = {}


def rule(code: str, name: str, default: Severity | None, summary: str, doc: str, *,
         why: str, fix: str, failing: Example, passing: Example) -> Rule:
    DEFAULTS[code] = default
    return Rule(code, name, default, summary, doc.strip(), why.strip(), fix.strip(), failing, passing)
