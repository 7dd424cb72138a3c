"""The one place where rules are registered, with their codes, names, severities and docs.

Codes are stable contracts (design §4). The README's rule table is generated from this registry
(``python scripts/gen_readme_rules.py``) and a test fails when the two drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelgo_lint.findings import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    default: Severity | None  # None: off unless configuration turns it on
    summary: str
    doc: str  # longer text with a passing and a failing example

    @property
    def default_label(self) -> str:
        return self.default.label if self.default is not None else "off"


def _rule(code: str, name: str, default: Severity | None, summary: str, doc: str) -> Rule:
    return Rule(code, name, default, summary, doc.strip())


_ALL = (
    _rule(
        "MG101", "license-missing", Severity.ERROR,
        "A model that declares a ModelGo license has no license file.",
        """
Every ModelGo BY license obliges whoever distributes the model to include a copy of the license.
A model root (a folder with a `MODEL_SHEET.*`, a README with front matter, or a license file)
that declares a ModelGo license must hold a `LICENSE` (or `LICENCE`, `COPYING`, any extension,
or files under `LICENSES/`).

Passing: `README.md` declares `license_name: mg-by-2.0` and `LICENSE` is the MG-BY-2.0 text.
Failing: `README.md` declares `license_name: mg-by-2.0` and there is no license file.
""",
    ),
    _rule(
        "MG102", "license-modified", Severity.ERROR,
        "A license file is a ModelGo text whose wording differs from every published revision.",
        """
The section "Modification of this License" of every ModelGo license forbids changing its text
while keeping the name ModelGo. Presentation (line endings, encoding, wrapping, Markdown, quotes,
dashes, case, list markers) never counts; any added, removed or changed word does. The finding
names the closest published revision, a similarity figure and the changed paragraphs by section
number and line.

Passing: `LICENSE` is the published MG-BY-NC-2.0 text re-wrapped at 72 columns.
Failing: `LICENSE` is the MG-BY-NC-2.0 text with "NonCommercial purposes only" deleted.
""",
    ),
    _rule(
        "MG103", "license-outdated", Severity.WARNING,
        "A license file is an unmodified copy of an older published revision.",
        """
The text is a faithful copy, but ModelGo has published a newer revision of the same license
and version (for example "Version 2.0, May 2025" where "Version 2.0, Dec 2025" exists).

Passing: `LICENSE` is the newest published MG-BY-2.0 text.
Failing: `LICENSE` is the MG-BY-2.0 text of "Version 2.0, Nov 2024".
""",
    ),
    _rule(
        "MG104", "license-not-modelgo", Severity.INFO,
        "A license file is not a ModelGo license text.",
        """
Reported as information (a model may ship code under Apache-2.0 beside a ModelGo model license).

Passing: `LICENSE` is a ModelGo text.
Failing (info): `LICENSES/Apache-2.0.txt` is the Apache License 2.0.
""",
    ),
    _rule(
        "MG105", "license-reference-only", Severity.ERROR,
        "A license file names a ModelGo license instead of containing its text.",
        """
A file such as "This model is licensed under MG-BY-NC-2.0, see <URL>" is not a copy of the
license; the BY licenses require the copy itself. Replace the file with the published text
(`modelgo-lint identify` confirms it).

Passing: `LICENSE` is the MG-BY-NC-2.0 text.
Failing: `LICENSE` holds one line: "Licensed under MG-BY-NC-2.0".
""",
    ),
    _rule(
        "MG106", "license-preamble", Severity.INFO,
        "A license file starts with copyright or attribution lines before the license title.",
        """
Copyright and attribution lines, or a bare heading such as "License", before the title are
allowed and reported as information; any other extra text makes the file `modified`.

Passing: `LICENSE` starts with the license title.
Failing (info): `LICENSE` starts with "Copyright 2025 A Lab" and then the license text.
""",
    ),
    _rule(
        "MG901", "file-unreadable", Severity.ERROR,
        "A file that must be checked cannot be read as text.",
        """
Binary content, invalid UTF-8, a file over the size limit, a symbolic link that leaves the
repository, a directory, a FIFO or device in place of a file: the file is reported and the run
goes on with the others. modelgo-lint never follows such files and never blocks on them.

Passing: `LICENSE` is a UTF-8 (or UTF-16 with BOM) text file.
Failing: `LICENSE` is a symbolic link to `/etc/passwd`.
""",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _ALL}
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in _ALL}


def lookup(code_or_name: str) -> Rule:
    """Find a rule by code (``MG102``) or name (``license-modified``); raise KeyError."""
    key = code_or_name.strip()
    rule = RULES.get(key.upper()) or RULES_BY_NAME.get(key.lower())
    if rule is None:
        raise KeyError(code_or_name)
    return rule


def markdown_table() -> str:
    """The README's rule table (kept in sync by a test)."""
    rows = ["| code | name | default | what it reports |", "|---|---|---|---|"]
    rows += [f"| {r.code} | {r.name} | {r.default_label} | {r.summary} |" for r in RULES.values()]
    return "\n".join(rows) + "\n"
