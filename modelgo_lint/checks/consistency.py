"""MG204, MG205, MG207, MG208: the declarations of a model root agree with each other, with its license
files and with the Hub's front matter conventions."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from modelgo_lint.analysis.declarations import Declaration
from modelgo_lint.analysis.record import LicenseFile, Link, ReadmeFile, RootAnalysis
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.licenses import hub
from modelgo_lint.licenses.identifiers import looks_like_modelgo, suggest
from modelgo_lint.ruledef import Example, Rule, model, readme, rule
from modelgo_lint.sheets.loader import Document

#: the rules this check emits (collected by modelgo_lint.rules)
RULES: tuple[Rule, ...] = (
    rule(
        "MG204", "license-id-unknown", Severity.ERROR,
        "A sheet, README notice or front matter names a ModelGo identifier that does not exist.",
        """
The finding suggests the identifier that was most likely meant (for example MG-BY-NC-RAI-2.0 for
MG-NC-RAI-2.0). Identifiers are compared case-insensitively (`mg-by-nc-2.0` is fine).
""",
        why="A notice must name the license the model is under; an identifier that names no license "
            "leaves the terms unknown to whoever reads it.",
        fix="Write the identifier the finding suggests.",
        failing=Example('README.md says "licensed under MG-NC-RAI-2.0"',
                        model("MG-BY-NC-RAI-2.0", {"README.md": readme(
                            "MG-BY-NC-RAI-2.0", notice=False,
                            body="This model is licensed under MG-NC-RAI-2.0.\n")})),
        passing=Example("README.md names MG-BY-NC-RAI-2.0", model("MG-BY-NC-RAI-2.0")),
    ),
    rule(
        "MG205", "license-declaration-mismatch", Severity.ERROR,
        "The sheet, LICENSE file, README notice and front matter do not name the same license.",
        """
The license file's verdict is the reference; every declaration (sheet `license.id`, README
notice, front matter `license_name`) must name the same identifier, `license.file` and
`license_link` must point to that license file, and the front matter must say `license: other`
for a ModelGo license, as the Hugging Face Hub expects.
""",
        why="The license that applies is the text shipped (section 2.2(a)(i) of the BY licenses); a "
            "declaration naming another license tells users terms they do not have.",
        fix="Make every declaration name the license of the LICENSE file (or ship the text you meant).",
        failing=Example("LICENSE is MG-BY-NC-2.0; README.md declares MG-BY-2.0",
                        model("MG-BY-NC-2.0", {"README.md": readme("MG-BY-2.0")})),
        passing=Example("LICENSE and README.md both MG-BY-NC-2.0", model("MG-BY-NC-2.0")),
    ),
    rule(
        "MG208", "front-matter-convention", Severity.ERROR,
        "Hub front matter of a ModelGo model breaks the Hub's model-card conventions.",
        """
The Hub reads `license` as one of its license identifiers (a ModelGo license is not one: write
`license: other` with `license_name` and `license_link`), expects `license_name` whenever
`license: other`, and knows four `base_model_relation` values: adapter, merge, quantized,
finetune. A relation must also agree with the sheet's `derived_from[].relation` for that model.
""",
        why="The Hub shows the license from the front matter; broken conventions show no license, or "
            "the wrong one, on the model page.",
        fix="Write `license: other`, `license_name: <id in lower case>` and `license_link: LICENSE`.",
        failing=Example("front matter `license: other` without `license_name`",
                        model("MG-BY-NC-2.0", {"README.md": readme("MG-BY-NC-2.0").replace(
                            "license_name: mg-by-nc-2.0\n", "")})),
        passing=Example("`license: other`, `license_name: mg-by-nc-2.0`, `license_link: LICENSE`",
                        model("MG-BY-NC-2.0")),
    ),
    rule(
        "MG207", "readme-notice-missing", Severity.WARNING,
        "The README of a ModelGo model has no license notice.",
        """
People read the README, not the sheet: it should say under which license the model is, in a
line that mentions the license and ModelGo or the identifier.
""",
        why="Users learn the terms from the model card; the BY licenses' attribution and notice duties "
            "(section 2.2) assume they can see which license applies.",
        fix='Add a line such as "This model is licensed under the ModelGo license (MG-BY-2.0)."',
        failing=Example("README.md of an MG-BY-2.0 model never mentions its license in the text",
                        model("MG-BY-2.0", {"README.md": readme("MG-BY-2.0", notice=False)})),
        passing=Example("README.md says the model is licensed under MG-BY-2.0", model("MG-BY-2.0")),
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
        repair=(declaration.written, guess) if guess else (),
    )


def _is_url(value: str) -> bool:
    return "://" in value or value.startswith("//")


def _target(root: str, value: str) -> str | None:
    """The display path a relative link in the root points to, or None when it leaves the root."""
    clean = posixpath.normpath(value.strip().replace("\\", "/"))
    if clean == ".." or clean.startswith(("../", "/")):
        return None
    return clean if root in ("", ".") else f"{root}/{clean}"


def _missing(root: RootAnalysis, target: str | None) -> bool:
    """The link's target is known not to exist in the root (names read by discovery)."""
    names = root.files.names
    if names is None or target is None:
        return target is None
    inside = target[len(root.rel) + 1:] if root.rel not in ("", ".") else target
    parts = inside.split("/")
    return parts[0] not in names or (len(parts) == 2 and parts[0].lower() in ("licenses", "licences")
                                     and inside not in names)


def _link_findings(root: RootAnalysis, link: Link, declared: str | None) -> Iterator[Finding]:
    """A path (front matter license_link, sheet license.file, derived_from[].license_file) must name
    a shipped file; the model's own links must name a license file of the root."""
    upstream_link = link.pointer.endswith("/license_file")
    if _is_url(link.value) or (not root.license_files and not upstream_link):  # none at all is MG101
        return
    target = _target(root.rel, link.value)
    names = [f.rel for f in root.license_files]
    what, value = link.source, link.value
    if target not in names and _missing(root, target):
        yield Finding(link.path, link.line, link.column, "MG205",
                      f"{what} is {value!r}, which does not exist in {root.rel}",
                      Severity.ERROR, pointer=link.pointer,
                      hint="Ship the file it names, or point it at the license file that is there "
                           "(a path relative to the model folder)"
                           + (f": {', '.join(names)}." if names else "."))
        return
    if upstream_link:
        return
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


def _hub_form(declared: str | None, root: RootAnalysis) -> str:
    link = next((f.rel.rsplit("/", 1)[-1] for f in root.own_modelgo_licenses), "LICENSE")
    name = declared.lower() if declared else "<id in lower case>"
    return f"license: other, license_name: {name}, license_link: {link}"


def _relation_findings(root: RootAnalysis, readme: ReadmeFile, front: Document) -> Iterator[Finding]:
    data = front.data if isinstance(front.data, dict) else {}
    relation = data.get("base_model_relation")
    if relation is None:
        return
    where = (readme.rel, *front.position("/base_model_relation"))
    if not isinstance(relation, str) or relation not in hub.RELATIONS:
        import difflib  # only for a misspelt relation: not on the clean path

        close = difflib.get_close_matches(str(relation).lower(), hub.RELATIONS, n=1, cutoff=0.5)
        yield Finding(*where, "MG208",
                      f"front matter base_model_relation is {relation!r}, which is not a Hub value "
                      f"({', '.join(hub.RELATIONS)})",
                      Severity.ERROR, pointer="/base_model_relation",
                      hint=(f"Write base_model_relation: {close[0]}." if close
                            else "Use one of: " + ", ".join(hub.RELATIONS) + "."))
        return
    for up in root.upstreams:
        if up.pointer is None or not up.pointer.startswith("/derived_from"):
            continue  # the front matter's own base_model
        wanted = hub.SHEET_RELATION.get(up.relation)
        if wanted is not None and wanted != relation:
            yield Finding(*where, "MG208",
                          f"front matter base_model_relation is {relation!r}, but {up.path}:{up.line} "
                          f"says {up.name} is a {up.relation} upstream",
                          Severity.ERROR, pointer="/base_model_relation",
                          hint=f"Write base_model_relation: {wanted} (or correct the sheet's relation).")
            return


def _front_matter_findings(root: RootAnalysis, readme: ReadmeFile, front: Document,
                           declared: str | None) -> Iterator[Finding]:
    data = front.data if isinstance(front.data, dict) else {}
    name = data.get("license_name")
    license_value = data.get("license")
    modelgo_name = isinstance(name, str) and looks_like_modelgo(name)
    where = (readme.rel, *front.position("/license"))
    if isinstance(license_value, str) and license_value.strip().lower() not in hub.LICENSES:
        yield Finding(*where, "MG208",
                      f"front matter license is {license_value!r}, which is not a Hub license identifier",
                      Severity.ERROR, pointer="/license",
                      hint=("A ModelGo license is not a Hub identifier: write "
                            + _hub_form(declared, root) + "."
                            if looks_like_modelgo(license_value) or declared else
                            "Use a Hub identifier, or license: other with license_name and license_link."))
    elif license_value != "other" and (modelgo_name or (declared and isinstance(license_value, str))):
        because = (f"with license_name {name} it must be 'other'" if modelgo_name
                   else f"the model is under {declared}")
        yield Finding(*where, "MG205",
                      f"front matter license is {license_value!r}, but {because}",
                      Severity.ERROR, pointer="/license",
                      hint="The Hugging Face Hub takes ModelGo licenses as "
                           + _hub_form(declared, root) + ".")
    elif license_value == "other" and not (isinstance(name, str) and name.strip()) and declared:
        yield Finding(*where, "MG208",
                      "front matter license is 'other' without license_name",
                      Severity.ERROR, pointer="/license",
                      hint=f"Add license_name: {declared.lower()} (the Hub names an 'other' license by it).",
                      repair=("license_name", declared.lower()))
    if declared or root.upstreams:
        yield from _relation_findings(root, readme, front)
    if modelgo_name or declared:
        for link in root.links:
            if link.path == readme.rel and link.pointer == "/license_link":
                yield from _link_findings(root, link, declared)


def _own_files_disagree(own: tuple[LicenseFile, ...]) -> Iterator[Finding]:
    """Two own license files that are different ModelGo licenses: the model declares both."""
    if not own:
        return
    first = own[0]
    assert first.revision is not None
    for other in own[1:]:
        assert other.revision is not None
        if other.revision.id == first.revision.id:
            continue
        collapse = other.file.name.lower() == first.file.name.lower()
        yield Finding(
            other.rel, 0, 0, "MG205",
            f"{other.rel} is {other.revision.id}, but {first.rel} is {first.revision.id}"
            + (" (the two names are one file on case-insensitive file systems)" if collapse else ""),
            Severity.ERROR,
            hint="Keep one license file for the model; an upstream's license goes under LICENSES/ "
                 "(or is named in derived_from[].license_file).",
        )


def _mismatch_hint(root: RootAnalysis, declaration: Declaration, shipped: str) -> str:
    hint = f"Make every declaration name the license the model is under ({shipped})"
    if declaration.source != "Model Sheet license.id":
        return hint + "."
    sheet = next((s for s in root.sheets if s.rel == declaration.path), None)
    if sheet is None or sheet.shipped_official is None or sheet.official is None:
        return hint + "."
    document = sheet.document
    data = document.data if document is not None and isinstance(document.data, dict) else {}
    rights = data.get("rights")
    if not isinstance(rights, dict):
        rights = {}
    wanted = sheet.shipped_official.values()
    follows_declared = sorted(
        key for key, value in rights.items()
        if key in wanted and isinstance(value, bool) and value != wanted[key]
        and sheet.official.values().get(key) == value
    )
    if not follows_declared:
        return (f"Set license.id to {shipped}, the license shipped (or ship the text of "
                f"{declaration.identifier}).")
    return (f"Set license.id to {shipped}, the license shipped, and its rights rows to those of {shipped} "
            f"({', '.join(follows_declared)}; `modelgo-lint sheet {shipped}` prints them), or ship the "
            f"text of {declaration.identifier}.")


def check(root: RootAnalysis) -> Iterator[Finding]:
    known = [d for d in root.declarations if d.identifier in root.identifiers]
    for declaration in root.declarations:
        if declaration.identifier not in root.identifiers:
            yield _unknown(declaration, root.identifiers)

    # The reference: the verdict of the model's own license file; else the first known declaration.
    # An upstream's license copy never makes the model a ModelGo model (docs/declarations.md).
    reference: tuple[str, str] | None = None
    for license_file in root.own_modelgo_licenses:
        assert license_file.revision is not None
        reference = (license_file.revision.id, f"{license_file.rel} is {license_file.revision.id}")
        break
    yield from _own_files_disagree(root.own_modelgo_licenses)
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
                    hint=_mismatch_hint(root, declaration, reference[0]),
                )
    declared = reference[0] if reference else None

    sheet_paths = {sheet.rel for sheet in root.sheets}
    for link in root.links:
        if link.pointer != "/license_link" and link.path in sheet_paths:
            yield from _link_findings(root, link, declared)
    front = root.readme.front_matter if root.readme is not None else None
    if root.readme is not None and front is not None:
        yield from _front_matter_findings(root, root.readme, front, declared)

    readme = root.readme.parsed if root.readme is not None else None
    if root.readme is not None and readme is not None and not readme.notices and declared is not None:
        yield Finding(root.readme.rel, readme.license_section or 1, 1, "MG207",
                      f"{root.readme.rel} has no license notice for {declared}", Severity.WARNING,
                      hint=f'Add a line such as "This model is licensed under {declared}; see LICENSE."',
                      repair=(declared,))
