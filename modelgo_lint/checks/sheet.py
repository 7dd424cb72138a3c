"""MG201-MG203, MG206: the Model Sheet of a model root, its syntax, schema and rights rows."""

from __future__ import annotations

from collections.abc import Iterator

from modelgo_lint.analysis.record import RootAnalysis, SheetFile
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.licenses.identifiers import looks_like_modelgo
from modelgo_lint.ruledef import Example, Rule, Sheet, model, rule
from modelgo_lint.sheets.loader import LoadError, escape_token

_SCHEMA_HINT = ("See `modelgo-lint schema`; `modelgo-lint sheet <LICENSE-ID>` prints a valid sheet "
                "to start from.")

_COMMERCIAL = "commercial_use_of_licensed_materials_derivative_materials_and_extracted_models"


#: the rules this check emits (collected by modelgo_lint.rules)
RULES: tuple[Rule, ...] = (
    rule(
        "MG201", "sheet-missing", None,
        "A model root has no Model Sheet (reported only when configuration requires one).",
        """
Off by default. With `require-sheet: true` (in `[tool.modelgo-lint]` of pyproject.toml or in
`.modelgo-lint.yaml`) or `--severity MG201=error`, every model root must hold a
`MODEL_SHEET.yaml` (`.yml`, `.json`).
""",
        why="The licenses do not require a sheet; a publisher that does (for its own review or a hub's) "
            "asks for one in its configuration.",
        fix="`modelgo-lint sheet MG-BY-2.0 > MODEL_SHEET.yaml`, then edit the model, licensor and "
            "attribution.",
        failing=Example("a sheet is required by configuration; the folder holds LICENSE and README.md only",
                        model("MG-BY-2.0", {".modelgo-lint.yaml": "require-sheet: true\n"})),
        passing=Example("the same folder with a MODEL_SHEET.yaml",
                        model("MG-BY-2.0", {".modelgo-lint.yaml": "require-sheet: true\n",
                                            "MODEL_SHEET.yaml": Sheet("MG-BY-2.0")})),
    ),
    rule(
        "MG202", "sheet-syntax", Severity.ERROR,
        "A Model Sheet or README front matter is not valid YAML/JSON, or exceeds the loader's limits.",
        """
Sheets are loaded safely: one document, standard tags only, no duplicate keys, at most 64 levels
of nesting, 100,000 nodes after alias expansion and 512 KiB. The finding gives the line and
column of the problem. README front matter (between `---` lines) is loaded the same way.
""",
        why="A sheet that tools read differently (a duplicate key: first or last wins?) declares nothing "
            "reliably; the license facts it restates must be unambiguous.",
        fix="Fix the syntax at the line and column given; quote strings that YAML could misread.",
        failing=Example("licensor written twice in MODEL_SHEET.yaml (duplicate key)",
                        model("MG-BY-2.0", {"MODEL_SHEET.yaml": Sheet("MG-BY-2.0", (
                            ('licensor: "Example Lab"',
                             'licensor: "Example Lab"\nlicensor: "Other Lab"'),))})),
        passing=Example("MODEL_SHEET.yaml as `modelgo-lint sheet` prints it",
                        model("MG-BY-2.0", {"MODEL_SHEET.yaml": Sheet("MG-BY-2.0")})),
    ),
    rule(
        "MG203", "sheet-schema", Severity.ERROR,
        "A Model Sheet does not validate against the published JSON Schema.",
        """
Each schema error is reported at the line and column of the value (or, for an unknown key, of
the key) with its JSON pointer. `modelgo-lint schema` prints the schema; editors with
yaml-language-server can use it for completion.
""",
        why="Other tools read the sheet by its schema; a value in another form (a date as 30/06/2025) is "
            "read differently or not at all.",
        fix="Correct the value at the pointer given (`modelgo-lint schema` shows what is expected).",
        failing=Example("a modification dated 30/06/2025 (not an ISO date)",
                        model("MG-BY-2.0", {"MODEL_SHEET.yaml": Sheet("MG-BY-2.0", (
                            ("modifications: []",
                             "modifications:\n  - date: 30/06/2025\n    description: Pruned."),))})),
        passing=Example("the same modification dated 2025-06-30",
                        model("MG-BY-2.0", {"MODEL_SHEET.yaml": Sheet("MG-BY-2.0", (
                            ("modifications: []",
                             'modifications:\n  - date: "2025-06-30"\n    description: Pruned.'),))})),
    ),
    rule(
        "MG206", "sheet-rights-mismatch", Severity.ERROR,
        "A rights row of the sheet contradicts the official Model Sheet of the declared license.",
        """
The optional `rights` table restates the official Model Sheet; it cannot grant or waive more
than the license. Rows are compared with the official sheet of the declared license in the
edition of the LICENSE file (the newest when that is not known). The finding names the row at
its line.
""",
        why="Section 2.1 (Grant of Rights) of the license grants the rights; the official Model Sheet "
            "summarises them, and a sheet that grants more misleads whoever relies on it.",
        fix="Set the row to the official value (`modelgo-lint sheet ID` prints every row).",
        failing=Example("MG-BY-NC-2.0 with the commercial-use row set to true",
                        model("MG-BY-NC-2.0", {"MODEL_SHEET.yaml": Sheet("MG-BY-NC-2.0", (
                            (f"{_COMMERCIAL}: false", f"{_COMMERCIAL}: true"),))})),
        passing=Example("MG-BY-NC-2.0 with the row false, as the official sheet has it",
                        model("MG-BY-NC-2.0", {"MODEL_SHEET.yaml": Sheet("MG-BY-NC-2.0")})),
    ),
)


def _syntax(rel: str, error: LoadError, what: str) -> Finding:
    return Finding(rel, error.line, error.column, "MG202",
                   f"{rel}: {what}: {error.message}", Severity.ERROR,
                   hint="Fix the syntax; strings that YAML could misread belong in quotes.")


def schema_findings(sheet: SheetFile) -> Iterator[Finding]:
    for problem in sheet.problems:
        if problem.pointer == "/license/id" and sheet.license_id is not None \
                and looks_like_modelgo(sheet.license_id):
            continue  # a mistyped identifier (MG-BY-NC-2.O) is one finding: MG204 with its correction
        yield Finding(sheet.rel, problem.line, problem.column, "MG203", problem.message, Severity.ERROR,
                      pointer=problem.pointer, hint=_SCHEMA_HINT)


def rights_findings(sheet: SheetFile, reported: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """MG206 for every row of ``rights`` that the official sheet of the declared license contradicts."""
    document, official, license_id = sheet.document, sheet.official, sheet.license_id
    if document is None or official is None or license_id is None:
        return
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("rights"), dict):
        return
    declared_rows = official.values()
    if sheet.shipped_official is not None and sheet.shipped_id is not None:
        # compare with the license actually shipped; a row that follows the declared license is
        # part of the one license.id mismatch (MG205, whose hint names the rows), not a finding of its own
        official, license_id = sheet.shipped_official, sheet.shipped_id
    rows = {row.key: row for row in official.rows}
    edition = official.editions[-1]
    for key, value in data["rights"].items():
        pointer = f"/rights/{escape_token(key)}"
        if pointer in reported:  # already a schema error (MG203)
            continue
        line, column = document.position(pointer, key=True)
        row = rows.get(key)
        if row is None and sheet.shipped_id is not None and key in declared_rows:
            continue  # a row of the declared license: part of the MG205
        if row is None:
            yield Finding(sheet.rel, line, column, "MG206",
                          f"row {key} is not in the official Model Sheet of {license_id} ({edition})",
                          Severity.ERROR, pointer=pointer,
                          hint=f"Remove it; `modelgo-lint sheet {license_id}` prints the official rows.")
        elif isinstance(value, bool) and value is not row.value and not (
                sheet.shipped_id is not None and declared_rows.get(key) is value):
            yield Finding(sheet.rel, line, column, "MG206",
                          f'row "{row.label}" ({key}) says {str(value).lower()}, but the official Model '
                          f"Sheet of {license_id} ({edition}) says {str(row.value).lower()}",
                          Severity.ERROR, pointer=pointer,
                          hint=f"Set it to {str(row.value).lower()}: a sheet cannot grant or waive more "
                               "than its license.")


def check_sheet(sheet: SheetFile) -> Iterator[Finding]:
    """Everything about one sheet file on its own (also used by the ``modelgo-sheet`` hook)."""
    if sheet.loaded is None:
        return
    if isinstance(sheet.loaded, LoadError):
        yield _syntax(sheet.rel, sheet.loaded, "not a valid Model Sheet")
        return
    problems = list(schema_findings(sheet))
    yield from problems
    reported = frozenset(p.pointer for p in problems if p.pointer)
    yield from rights_findings(sheet, reported)


def check(root: RootAnalysis) -> Iterator[Finding]:
    if not root.sheets:
        where = f"{root.rel}/" if root.rel not in ("", ".") else ""
        yield Finding(root.rel, 0, 0, "MG201", f"{root.rel} has no Model Sheet", Severity.ERROR,
                      hint=f"Add {where}MODEL_SHEET.yaml (`modelgo-lint sheet <LICENSE-ID>`).")
    for sheet in root.sheets:
        yield from check_sheet(sheet)
    readme = root.readme.parsed if root.readme is not None else None
    if root.readme is not None and readme is not None and readme.front_error is not None:
        yield _syntax(root.readme.rel, readme.front_error, "invalid front matter")
