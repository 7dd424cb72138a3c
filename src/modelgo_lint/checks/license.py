"""MG101-MG106: the license files of a model root and their integrity verdicts."""

from __future__ import annotations

from collections.abc import Iterator

from modelgo_lint import declarations
from modelgo_lint.documents import RootFiles, TextFile
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.matcher import Identification, Verdict, identify_cached
from modelgo_lint.registry import Registry
from modelgo_lint.terms import Terms, of_license, of_sheet

_MAX_DETAILS = 20
_RESTORE = (
    "Restore the published text: a ModelGo license may not be changed while it keeps the name "
    "ModelGo. Put your own terms or notices in a separate file (for example NOTICE)."
)


def modelgo_licenses(files: RootFiles, registry: Registry) -> list[tuple[TextFile, Identification]]:
    """The readable license files of the root that are ModelGo texts (any verdict but not-modelgo)."""
    out = []
    for text_file in files.licenses:
        if text_file.text is not None:
            ident = identify_cached(text_file.text, registry)
            if ident.verdict is not Verdict.NOT_MODELGO and ident.revision is not None:
                out.append((text_file, ident))
    return out


def license_terms(files: RootFiles, registry: Registry, declared: bool = True) -> Terms | None:
    """What the root's license grants and requires: its first ModelGo license file, in that file's
    edition; else (when ``declared``) the first declaration naming a license with known terms."""
    for _, ident in modelgo_licenses(files, registry):
        if ident.revision is not None and (sheet := registry.sheet_of(ident.revision)) is not None:
            return of_sheet(ident.revision.id, sheet)
    if declared:
        for declaration in declarations.collect(files):
            terms = of_license(declaration.identifier, registry)
            if terms is not None:
                return terms
    return None


def _declaration(files: RootFiles) -> tuple[str, int, str] | None:
    """The first place outside the license files that names a ModelGo license."""
    found = declarations.collect(files)
    if found:
        return found[0].path, found[0].line, found[0].identifier
    return None


def _license_path(root: str) -> str:
    return "LICENSE" if root in ("", ".") else f"{root}/LICENSE"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _findings(text_file: TextFile, ident: Identification, registry: Registry,
              declared: tuple[str, int, str] | None, has_modelgo: bool) -> Iterator[Finding]:
    rel = text_file.rel
    revision = ident.revision
    if ident.preamble is not None:
        first, last = ident.preamble
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        yield Finding(rel, first, 1, "MG106",
                      f"{rel} has copyright or attribution lines before the license title ({where})",
                      Severity.INFO)
    if ident.verdict is Verdict.OUTDATED and revision is not None:
        newest = registry.newest[revision.id]
        newer = (f'"{newest.version_line}"' if newest.version_line != revision.version_line
                 else f"a corrected text of the same edition, first published {newest.first_seen}")
        yield Finding(
            rel, ident.title_line, 1, "MG103",
            f'{rel} is an unmodified copy of {revision.id} "{revision.version_line}" '
            f"(first published {revision.first_seen}); the newest published revision is {newer}",
            Severity.WARNING,
            hint=f"Replace it with the newest published text of {revision.id}.",
        )
    elif ident.verdict is Verdict.MODIFIED and revision is not None:
        changes = ident.changes
        line = changes[0].line if changes else ident.title_line
        details = tuple(change.describe() for change in changes[:_MAX_DETAILS])
        if len(changes) > _MAX_DETAILS:
            details += (f"... and {len(changes) - _MAX_DETAILS} more",)
        yield Finding(
            rel, line, 1, "MG102",
            f'{rel} is a modified copy of {revision.id} "{revision.version_line}": '
            f"{_plural(len(changes), 'paragraph')} {'differs' if len(changes) == 1 else 'differ'} "
            "from the published text "
            f"({ident.similarity:.1%} similar)",
            Severity.ERROR, hint=_RESTORE, details=details,
        )
    elif ident.verdict is Verdict.NOT_MODELGO:
        if ident.is_reference:
            named = ", ".join(ident.references) or "a ModelGo license"
            yield Finding(
                rel, 1, 1, "MG105",
                f"{rel} only names {named} instead of containing the license text",
                Severity.ERROR,
                hint="ModelGo BY licenses require a copy of the license: put the published text here.",
            )
        elif declared is not None and not has_modelgo:
            source, line, identifier = declared
            yield Finding(
                rel, 0, 0, "MG104",
                f"{rel} is not a ModelGo license text, but {source}:{line} declares {identifier}",
                Severity.ERROR, hint=f"Put the published text of {identifier} in {rel}.",
            )
        else:
            yield Finding(rel, 0, 0, "MG104", f"{rel} is not a ModelGo license text", Severity.INFO)


def check(files: RootFiles, registry: Registry) -> Iterator[Finding]:
    declared = _declaration(files)
    readable = [f for f in files.licenses if f.text is not None]
    idents = [(f, identify_cached(f.text or "", registry)) for f in readable]
    has_modelgo = any(ident.verdict is not Verdict.NOT_MODELGO for _, ident in idents)
    for text_file, ident in idents:
        yield from _findings(text_file, ident, registry, declared, has_modelgo)
    if not files.licenses and declared is not None:
        source, line, identifier = declared
        yield Finding(
            source, line, 1, "MG101",
            f"{source} declares {identifier}, but {files.rel} has no license file",
            Severity.ERROR,
            hint=f"Add the published text of {identifier} as {_license_path(files.rel)}.",
        )
