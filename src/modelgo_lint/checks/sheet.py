"""MG201-MG203, MG206: the Model Sheet of a model root, its syntax, schema and rights rows."""

from __future__ import annotations

from collections.abc import Iterator

from modelgo_lint.checks.license import modelgo_licenses
from modelgo_lint.documents import RootFiles, TextFile
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.registry import Registry, Sheet
from modelgo_lint.sheets.loader import Document, LoadError, escape_token

_SCHEMA_HINT = ("See `modelgo-lint schema`; `modelgo-lint sheet <LICENSE-ID>` prints a valid sheet "
                "to start from.")


def _syntax(text_file: TextFile, error: LoadError, what: str) -> Finding:
    return Finding(text_file.rel, error.line, error.column, "MG202",
                   f"{text_file.rel}: {what}: {error.message}", Severity.ERROR,
                   hint="Fix the syntax; strings that YAML could misread belong in quotes.")


def schema_findings(text_file: TextFile, document: Document) -> Iterator[Finding]:
    from modelgo_lint.sheets.validate import validate

    for problem in validate(document):
        yield Finding(text_file.rel, problem.line, problem.column, "MG203", problem.message, Severity.ERROR,
                      pointer=problem.pointer, hint=_SCHEMA_HINT)


def official_for(license_id: str, files: RootFiles | None, registry: Registry) -> Sheet | None:
    """The official sheet of ``license_id`` in the edition of the root's license file, else the newest."""
    if license_id not in registry.newest:
        return None
    if files is not None:
        for _, ident in modelgo_licenses(files, registry):
            if ident.revision is not None and ident.revision.id == license_id:
                sheet = registry.sheet_of(ident.revision)
                if sheet is not None:
                    return sheet
    return registry.sheet_of(registry.newest[license_id])


def rights_findings(text_file: TextFile, document: Document, files: RootFiles | None,
                    registry: Registry, reported: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """MG206 for every row of ``rights`` that the official sheet of the declared license contradicts."""
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("rights"), dict):
        return
    license_value = data.get("license")
    license_id = license_value.get("id") if isinstance(license_value, dict) else None
    if not isinstance(license_id, str):
        return
    license_id = license_id.strip().upper()
    official = official_for(license_id, files, registry)
    if official is None:
        return
    rows = {row.key: row for row in official.rows}
    edition = official.editions[-1]
    for key, value in data["rights"].items():
        pointer = f"/rights/{escape_token(key)}"
        if pointer in reported:  # already a schema error (MG203)
            continue
        line, column = document.position(pointer, key=True)
        row = rows.get(key)
        if row is None:
            yield Finding(text_file.rel, line, column, "MG206",
                          f"row {key} is not in the official Model Sheet of {license_id} ({edition})",
                          Severity.ERROR, pointer=pointer,
                          hint=f"Remove it; `modelgo-lint sheet {license_id}` prints the official rows.")
        elif isinstance(value, bool) and value is not row.value:
            yield Finding(text_file.rel, line, column, "MG206",
                          f'row "{row.label}" ({key}) says {str(value).lower()}, but the official Model '
                          f"Sheet of {license_id} ({edition}) says {str(row.value).lower()}",
                          Severity.ERROR, pointer=pointer,
                          hint=f"Set it to {str(row.value).lower()}: a sheet cannot grant or waive more "
                               "than its license.")


def check_sheet(text_file: TextFile, files: RootFiles | None, registry: Registry) -> Iterator[Finding]:
    """Everything about one sheet file on its own (also used by the ``modelgo-sheet`` hook)."""
    loaded = text_file.sheet()
    if loaded is None:
        return
    if isinstance(loaded, LoadError):
        yield _syntax(text_file, loaded, "not a valid Model Sheet")
        return
    problems = list(schema_findings(text_file, loaded))
    yield from problems
    reported = frozenset(p.pointer for p in problems if p.pointer)
    yield from rights_findings(text_file, loaded, files, registry, reported)


def check(files: RootFiles, registry: Registry) -> Iterator[Finding]:
    if not files.sheets:
        where = f"{files.rel}/" if files.rel not in ("", ".") else ""
        yield Finding(files.rel, 0, 0, "MG201", f"{files.rel} has no Model Sheet", Severity.ERROR,
                      hint=f"Add {where}MODEL_SHEET.yaml (`modelgo-lint sheet <LICENSE-ID>`).")
    for text_file in files.sheets:
        yield from check_sheet(text_file, files, registry)
    readme = files.readme.readme() if files.readme is not None else None
    if files.readme is not None and readme is not None and readme.front_error is not None:
        yield _syntax(files.readme, readme.front_error, "invalid front matter")
