"""MG204, MG205, MG207: the declarations of a model root agree with each other and its license files."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from modelgo_lint.analysis.declarations import Declaration
from modelgo_lint.analysis.record import Link, ReadmeFile, RootAnalysis
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.licenses.identifiers import looks_like_modelgo, suggest
from modelgo_lint.ruledef import Rule, rule
from modelgo_lint.sheets.loader import Document

#: the rules this check emits (collected by modelgo_lint.rules)
RULES: tuple[Rule, ...] = (
    rule(
        "MG204", "license-id-unknown", Severity.ERROR,
        "A sheet, README notice or front matter names a ModelGo identifier that does not exist.",
        """
The finding suggests the identifier that was most likely meant (for example MG-BY-NC-RAI-2.0 for
MG-NC-RAI-2.0). Identifiers are compared case-insensitively (`mg-by-nc-2.0` is fine).

Passing: `license_name: mg-by-nc-rai-2.0`.
Failing: README says "licensed under MG-NC-RAI-2.0".
""",
    ),
    rule(
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
    rule(
        "MG207", "readme-notice-missing", Severity.WARNING,
        "The README of a ModelGo model has no license notice.",
        """
People read the README, not the sheet: it should say under which license the model is, in a
line that mentions the license and ModelGo or the identifier.

Passing: "This model is licensed under the ModelGo Attribution License 2.0 (MG-BY-2.0)."
Failing: a README of an MG-BY-2.0 model that never mentions its license.
""",
    ),
)


def _unknown(declaration: Declaration, identifiers: tuple[str, ...]) -> Finding:
    guess = suggest(declaration.identifier, identifiers)
    meant = f"; did you mean {guess}?" if guess else ""
    return Finding(
        declaration.path, declaration.line, declaration.column, "MG204",
        f"{declaration.source} names {declaration.written}, which is not a ModelGo license{meant}",
        Severity.ERROR, pointer=declaration.pointer,
        hint=(f"Write {guess}." if guess else "Use one of: " + ", ".join(identifiers) + "."),
    )


def _is_url(value: str) -> bool:
    return "://" in value or value.startswith("//")


def _target(root: str, value: str) -> str | None:
    """The display path a relative link in the root points to, or None when it leaves the root."""
    clean = posixpath.normpath(value.strip().replace("\\", "/"))
    if clean == ".." or clean.startswith(("../", "/")):
        return None
    return clean if root in ("", ".") else f"{root}/{clean}"


def _link_findings(root: RootAnalysis, link: Link, declared: str | None) -> Iterator[Finding]:
    """A path (front matter license_link, sheet license.file) must name a license file of the root."""
    if _is_url(link.value) or not root.license_files:  # no license file at all is MG101
        return
    target = _target(root.rel, link.value)
    names = [f.rel for f in root.license_files]
    what, value = link.source, link.value
    if target not in names:
        yield Finding(link.path, link.line, link.column, "MG205",
                      f"{what} is {value!r}, which is not a license file of this model"
                      + (f" (license files: {', '.join(names)})" if names else ""),
                      Severity.ERROR, pointer=link.pointer,
                      hint="Point it at the file that holds the license text, relative to the model folder.")
        return
    revision = next((f.revision for f in root.modelgo_licenses if f.rel == target), None)
    if declared and revision is not None and revision.id != declared:
        yield Finding(link.path, link.line, link.column, "MG205",
                      f"{what} points to {target}, which is {revision.id}, but {declared} is declared",
                      Severity.ERROR, pointer=link.pointer)


def _front_matter_findings(root: RootAnalysis, readme: ReadmeFile, front: Document,
                           declared: str | None) -> Iterator[Finding]:
    data = front.data if isinstance(front.data, dict) else {}
    name = data.get("license_name")
    license_value = data.get("license")
    modelgo_name = isinstance(name, str) and looks_like_modelgo(name)
    if modelgo_name and license_value != "other":
        yield Finding(readme.rel, *front.position("/license"), "MG205",
                      f"front matter license is {license_value!r}; with license_name {name} "
                      "it must be 'other'",
                      Severity.ERROR, pointer="/license",
                      hint="The Hugging Face Hub takes ModelGo licenses as license: other, "
                           "license_name: <id in lower case>, license_link: LICENSE.")
    if modelgo_name or declared:
        for link in root.links:
            if link.path == readme.rel and link.pointer == "/license_link":
                yield from _link_findings(root, link, declared)


def check(root: RootAnalysis) -> Iterator[Finding]:
    known = [d for d in root.declarations if d.identifier in root.identifiers]
    for declaration in root.declarations:
        if declaration.identifier not in root.identifiers:
            yield _unknown(declaration, root.identifiers)

    # The reference: the license file's verdict; else the first known declaration.
    reference: tuple[str, str] | None = None
    for license_file in root.modelgo_licenses:
        assert license_file.revision is not None
        reference = (license_file.revision.id, f"{license_file.rel} is {license_file.revision.id}")
        break
    if reference is None and known:
        first = known[0]
        reference = (first.identifier,
                     f"{first.path}:{first.line} ({first.source}) declares {first.identifier}")
    if reference is not None:
        for declaration in known:
            if declaration.identifier != reference[0]:
                yield Finding(
                    declaration.path, declaration.line, declaration.column, "MG205",
                    f"{declaration.source} declares {declaration.identifier}, but {reference[1]}",
                    Severity.ERROR, pointer=declaration.pointer,
                    hint=f"Make every declaration name the license the model is under ({reference[0]}).",
                )
    declared = reference[0] if reference else None

    sheet_paths = {sheet.rel for sheet in root.sheets}
    for link in root.links:
        if link.pointer == "/license/file" and link.path in sheet_paths:
            yield from _link_findings(root, link, declared)
    front = root.readme.front_matter if root.readme is not None else None
    if root.readme is not None and front is not None:
        yield from _front_matter_findings(root, root.readme, front, declared)

    readme = root.readme.parsed if root.readme is not None else None
    if root.readme is not None and readme is not None and not readme.notices and declared is not None:
        yield Finding(root.readme.rel, 1, 1, "MG207",
                      f"{root.readme.rel} has no license notice for {declared}", Severity.WARNING,
                      hint=f'Add a line such as "This model is licensed under {declared}; see LICENSE."')
