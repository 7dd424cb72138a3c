"""MG204, MG205, MG207: the declarations of a model root agree with each other and its license files."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from modelgo_lint import declarations
from modelgo_lint.checks.license import modelgo_licenses
from modelgo_lint.declarations import Declaration
from modelgo_lint.documents import RootFiles
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.identifiers import looks_like_modelgo, suggest
from modelgo_lint.matcher import Identification
from modelgo_lint.registry import Registry
from modelgo_lint.sheets.loader import Document


def _unknown(declaration: Declaration, registry: Registry) -> Finding:
    guess = suggest(declaration.identifier, registry.identifiers)
    meant = f"; did you mean {guess}?" if guess else ""
    return Finding(
        declaration.path, declaration.line, declaration.column, "MG204",
        f"{declaration.source} names {declaration.written}, which is not a ModelGo license{meant}",
        Severity.ERROR, pointer=declaration.pointer,
        hint=(f"Write {guess}." if guess else "Use one of: " + ", ".join(registry.identifiers) + "."),
    )


def _is_url(value: str) -> bool:
    return "://" in value or value.startswith("//")


def _target(root: str, value: str) -> str | None:
    """The display path a relative link in the root points to, or None when it leaves the root."""
    clean = posixpath.normpath(value.strip().replace("\\", "/"))
    if clean == ".." or clean.startswith(("../", "/")):
        return None
    return clean if root in ("", ".") else f"{root}/{clean}"


def _link_findings(files: RootFiles, path: str, position: tuple[int, int], pointer: str, value: str,
                   what: str, declared: str | None, licenses: dict[str, Identification]) -> Iterator[Finding]:
    """A path (front matter license_link, sheet license.file) must name a license file of the root."""
    if _is_url(value) or not files.licenses:  # no license file at all is MG101
        return
    target = _target(files.rel, value)
    names = [f.rel for f in files.licenses]
    if target not in names:
        yield Finding(path, *position, "MG205",
                      f"{what} is {value!r}, which is not a license file of this model"
                      + (f" (license files: {', '.join(names)})" if names else ""),
                      Severity.ERROR, pointer=pointer,
                      hint="Point it at the file that holds the license text, relative to the model folder.")
        return
    ident = licenses.get(target)
    if declared and ident is not None and ident.revision is not None and ident.revision.id != declared:
        yield Finding(path, *position, "MG205",
                      f"{what} points to {target}, which is {ident.revision.id}, but {declared} is declared",
                      Severity.ERROR, pointer=pointer)


def _front_matter_findings(files: RootFiles, front: Document, declared: str | None,
                           licenses: dict[str, Identification]) -> Iterator[Finding]:
    assert files.readme is not None
    data = front.data if isinstance(front.data, dict) else {}
    name = data.get("license_name")
    license_value = data.get("license")
    modelgo_name = isinstance(name, str) and looks_like_modelgo(name)
    if modelgo_name and license_value != "other":
        yield Finding(files.readme.rel, *front.position("/license"), "MG205",
                      f"front matter license is {license_value!r}; with license_name {name} "
                      "it must be 'other'",
                      Severity.ERROR, pointer="/license",
                      hint="The Hugging Face Hub takes ModelGo licenses as license: other, "
                           "license_name: <id in lower case>, license_link: LICENSE.")
    link = data.get("license_link")
    if isinstance(link, str) and (modelgo_name or declared):
        yield from _link_findings(files, files.readme.rel, front.position("/license_link"), "/license_link",
                                  link, "front matter license_link", declared, licenses)


def check(files: RootFiles, registry: Registry) -> Iterator[Finding]:
    found = declarations.collect(files)
    known = [d for d in found if d.identifier in registry.newest]
    for declaration in found:
        if declaration.identifier not in registry.newest:
            yield _unknown(declaration, registry)
    modelgo = modelgo_licenses(files, registry)
    licenses = {f.rel: ident for f, ident in modelgo}

    # The reference: the license file's verdict; else the first known declaration.
    reference: tuple[str, str] | None = None
    for text_file, ident in modelgo:
        assert ident.revision is not None
        reference = (ident.revision.id, f"{text_file.rel} is {ident.revision.id}")
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

    for text_file, document in declarations.sheet_documents(files):
        data = document.data
        license_value = data.get("license") if isinstance(data, dict) else None
        file_value = license_value.get("file") if isinstance(license_value, dict) else None
        if isinstance(file_value, str) and file_value.strip():
            yield from _link_findings(files, text_file.rel, document.position("/license/file"),
                                      "/license/file", file_value, "Model Sheet license.file", declared,
                                      licenses)
    front = declarations.front_matter(files)
    if front is not None:
        yield from _front_matter_findings(files, front, declared, licenses)

    readme = files.readme.readme() if files.readme is not None else None
    if readme is not None and not readme.notices and declared is not None:
        assert files.readme is not None
        yield Finding(files.readme.rel, 1, 1, "MG207",
                      f"{files.readme.rel} has no license notice for {declared}", Severity.WARNING,
                      hint=f'Add a line such as "This model is licensed under {declared}; see LICENSE."')
