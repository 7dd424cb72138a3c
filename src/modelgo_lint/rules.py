"""The one place where rules are registered, with their codes, names, severities and docs.

Codes are stable contracts (design §4). The README's rule table is generated from this registry
(``modelgo-lint rules --format markdown``) and a test fails when the two drift apart.
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
        "MG201", "sheet-missing", None,
        "A model root has no Model Sheet (reported only when configuration requires one).",
        """
Off by default. With `require-sheet: true` (in `[tool.modelgo-lint]` of pyproject.toml or in
`.modelgo-lint.yaml`) or `--severity MG201=error`, every model root must hold a
`MODEL_SHEET.yaml` (`.yml`, `.json`); `modelgo-lint sheet MG-BY-2.0` prints one to start from.

Passing: the model folder holds `MODEL_SHEET.yaml`.
Failing (when required): the model folder holds `LICENSE` and `README.md` only.
""",
    ),
    _rule(
        "MG202", "sheet-syntax", Severity.ERROR,
        "A Model Sheet or README front matter is not valid YAML/JSON, or exceeds the loader's limits.",
        """
Sheets are loaded safely: one document, standard tags only, no duplicate keys, at most 64 levels
of nesting, 100,000 nodes after alias expansion and 512 KiB. The finding gives the line and
column of the problem. README front matter (between `---` lines) is loaded the same way.

Passing: `license: {id: MG-BY-2.0, file: LICENSE}`.
Failing: `licensor` written twice in `MODEL_SHEET.yaml` (duplicate key).
""",
    ),
    _rule(
        "MG203", "sheet-schema", Severity.ERROR,
        "A Model Sheet does not validate against the published JSON Schema.",
        """
Each schema error is reported at the line and column of the value (or, for an unknown key, of
the key) with its JSON pointer. `modelgo-lint schema` prints the schema; editors with
yaml-language-server can use it for completion.

Passing: a sheet printed by `modelgo-lint sheet MG-BY-2.0`, with its placeholders edited.
Failing: `modifications: [{date: 30/06/2025, description: ...}]` (not an ISO date).
""",
    ),
    _rule(
        "MG204", "license-id-unknown", Severity.ERROR,
        "A sheet, README notice or front matter names a ModelGo identifier that does not exist.",
        """
The finding suggests the identifier that was most likely meant (for example MG-BY-NC-RAI-2.0 for
MG-NC-RAI-2.0). Identifiers are compared case-insensitively (`mg-by-nc-2.0` is fine).

Passing: `license_name: mg-by-nc-rai-2.0`.
Failing: README says "licensed under MG-NC-RAI-2.0".
""",
    ),
    _rule(
        "MG205", "license-declaration-mismatch", Severity.ERROR,
        "The sheet, LICENSE file, README notice and front matter do not name the same license.",
        """
The license file's verdict is the reference; every declaration (sheet `license.id`, README
notice, front matter `license_name`) must name the same identifier, `license.file` and
`license_link` must point to that license file, and the front matter must say `license: other`
for a ModelGo license, as the Hugging Face Hub expects.

Passing: LICENSE is MG-BY-NC-2.0; front matter `license: other`, `license_name: mg-by-nc-2.0`,
`license_link: LICENSE`.
Failing: LICENSE is MG-BY-NC-2.0; front matter `license_name: mg-by-2.0`.
""",
    ),
    _rule(
        "MG206", "sheet-rights-mismatch", Severity.ERROR,
        "A rights row of the sheet contradicts the official Model Sheet of the declared license.",
        """
The optional `rights` table restates the official Model Sheet; it cannot grant or waive more
than the license. Rows are compared with the official sheet of the declared license in the
edition of the LICENSE file (the newest when that is not known). The finding names the row at
its line.

Passing: MG-BY-NC-2.0 with the row
`commercial_use_of_licensed_materials_derivative_materials_and_extracted_models: false`.
Failing: the same row set to `true`.
""",
    ),
    _rule(
        "MG207", "readme-notice-missing", Severity.WARNING,
        "The README of a ModelGo model has no license notice.",
        """
People read the README, not the sheet: it should say under which license the model is, in a
line that mentions the license and ModelGo or the identifier.

Passing: "This model is licensed under the ModelGo Attribution License 2.0 (MG-BY-2.0)."
Failing: a README of an MG-BY-2.0 model that never mentions its license.
""",
    ),
    _rule(
        "MG301", "attribution-removed", Severity.ERROR,
        "A notice present at the base revision is missing or altered at the head.",
        """
With `check --base REV` (the Action: the PR base; the hook: HEAD), every notice of the base
(NOTICE lines, README copyright lines and Attribution section, license preamble, the sheet's
`attribution`) must still be in the same file (renames followed). Only licenses whose official
sheet requires retaining notices are checked: MG0 is exempt.

Passing: a commit that adds a line to NOTICE.
Failing: "Copyright 2024 A Lab" in README.md became "Copyright 2025 B Lab".
""",
    ),
    _rule(
        "MG302", "notice-file-removed", Severity.ERROR,
        "A NOTICE file present at the base revision was deleted.",
        """
Renaming NOTICE to NOTICE.md with its content kept is fine; deleting it is not, for licenses that
require retaining notices.

Passing: `git mv NOTICE NOTICE.md`.
Failing: `git rm NOTICE`.
""",
    ),
    _rule(
        "MG303", "modification-notice-missing", Severity.ERROR,
        "A derivative does not state its modifications with a date.",
        """
When the upstream license requires indicating modifications, the sheet's `modifications` must list
at least one change with an ISO date (or the README a dated line under a Modifications heading).

Passing: `modifications: [{date: "2025-06-30", description: Fine-tuned on ...}]`.
Failing: `derived_from` names an MG-BY-2.0 model and there is no `modifications`.
""",
    ),
    _rule(
        "MG304", "upstream-attribution-missing", Severity.ERROR,
        "A derivative does not retain the upstream model's attribution notices.",
        """
The upstream notices (`derived_from[].attribution`) must be recorded and appear in NOTICE, the
README or the sheet's `attribution`, when the upstream license requires it.

Passing: NOTICE holds "Copyright 2024 Base Lab", listed in `derived_from[0].attribution`.
Failing: `derived_from[0].attribution` is missing.
""",
    ),
    _rule(
        "MG305", "upstream-license-copy-missing", Severity.ERROR,
        "A derivative does not include a copy of the upstream license.",
        """
When the upstream license requires it, a license file of the model folder must be the upstream
license (for ModelGo upstreams, identified as such; otherwise `derived_from[].license_file`).

Passing: `LICENSES/MG-BY-2.0.txt` is the MG-BY-2.0 text.
Failing: only the model's own LICENSE is present.
""",
    ),
    _rule(
        "MG306", "extracted-model-notice-missing", Severity.ERROR,
        "A distilled (extracted) model does not say that it was extracted from its upstream.",
        """
ModelGo 2.0 licenses require an extracted-model notice when distributing a model obtained by
distillation: the README or a modification must say it was distilled (extracted) from the
upstream model.

Passing: "This model was distilled from example-org/base-7b." in README.md.
Failing: `relation: distillation` and no such statement.
""",
    ),
    _rule(
        "MG401", "upstream-no-derivatives", Severity.ERROR,
        "The upstream license does not allow distributing derivatives (ND).",
        """
Decided from the official sheet of the upstream license (or the facts of a non-ModelGo license).

Passing: a fine-tune of an MG-BY-2.0 model.
Failing: a fine-tune of an MG-BY-ND-2.0 model.
""",
    ),
    _rule(
        "MG402", "upstream-noncommercial", Severity.ERROR,
        "A non-commercial upstream is relicensed under a license that allows commercial use.",
        """
Passing: a fine-tune of an MG-BY-NC-2.0 model under MG-BY-NC-2.0.
Failing: the same fine-tune under MG-BY-2.0, or a fine-tune of a cc-by-nc-4.0 model under MG-BY-2.0.
""",
    ),
    _rule(
        "MG403", "upstream-sharealike", Severity.ERROR,
        "A share-alike upstream is relicensed under another license.",
        """
Passing: a fine-tune of an MG-BY-SA-2.0 model under MG-BY-SA-2.0.
Failing: the same fine-tune under MG-BY-2.0.
""",
    ),
    _rule(
        "MG404", "upstream-responsible-ai", Severity.ERROR,
        "An upstream with responsible-AI use restrictions is relicensed without them.",
        """
Passing: a fine-tune of an MG-BY-RAI-2.0 model under MG-BY-RAI-2.0.
Failing: the same fine-tune under MG-BY-2.0.
""",
    ),
    _rule(
        "MG405", "upstream-license-unknown", Severity.WARNING,
        "The license of an upstream model is not known, so compatibility cannot be decided.",
        """
Upstream licenses known: every ModelGo identifier and common Hub ids (apache-2.0, mit,
cc-by-4.0, cc-by-sa-4.0, cc-by-nc-4.0, cc-by-nc-nd-4.0, openrail, openrail++,
creativeml-openrail-m, bigscience-bloom-rail-1.0, llama2, llama3, ...). Front matter `base_model`
carries no license: record it in the sheet's `derived_from`.

Passing: `derived_from: [{name: org/base, relation: finetune, license: apache-2.0}]`.
Failing: `license: some-custom-license`, or `base_model` without a sheet entry.
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


def doc_page(rule: Rule) -> str:
    """The rule's page in ``docs/rules/`` (written by scripts/build_rule_docs.py, kept fresh by a test)."""
    return (
        f"# {rule.code} {rule.name}\n\n"
        f"<!-- generated from modelgo_lint/rules.py by scripts/build_rule_docs.py: do not edit -->\n\n"
        f"Default severity: **{rule.default_label}**.\n\n"
        f"{rule.summary}\n\n"
        f"{rule.doc}\n\n"
        f"Configure it with `--severity {rule.code}=error|warning|info|off` or in `.modelgo-lint.yaml` "
        f"(`severity: {{{rule.code}: warning}}`).\n"
    )


def doc_index() -> str:
    rows = [f"- [{r.code} {r.name}]({r.code}.md) ({r.default_label}): {r.summary}" for r in RULES.values()]
    return "# Rules\n\n" + "\n".join(rows) + "\n"
