"""MG101-MG106: the license files of a model root and their integrity verdicts."""

from __future__ import annotations

from collections.abc import Iterator

from modelgo_lint.analysis.declarations import Declaration
from modelgo_lint.analysis.record import LicenseFile, RootAnalysis
from modelgo_lint.findings import Finding, Severity, WordDiff
from modelgo_lint.licenses.identifiers import suggest
from modelgo_lint.licenses.matcher import Identification, Verdict
from modelgo_lint.licenses.terms import Terms
from modelgo_lint.ruledef import Example, Rule, Text, model, rule

_MAX_DETAILS = 20
_RESTORE = (
    "Restore the published text: a ModelGo license may not be changed while it keeps the name "
    "ModelGo. Put your own terms or notices in a separate file (for example NOTICE)."
)


#: the rules this check emits (collected by modelgo_lint.rules)
RULES: tuple[Rule, ...] = (
    rule(
        "MG101", "license-missing", Severity.ERROR,
        "A model that declares a ModelGo license has no license file.",
        """
Every ModelGo BY license obliges whoever distributes the model to include a copy of the license.
A model root (a folder with a `MODEL_SHEET.*`, a README with front matter, or a license file)
that declares a ModelGo license must hold a `LICENSE` (or `LICENCE`, `COPYING`, any extension,
or files under `LICENSES/`).
""",
        why="Section 2.2(a)(i) (Conditions) of the BY licenses: whoever distributes the model provides a "
            "copy of the license with it.",
        fix="Add the published text of the declared license as `LICENSE` (`modelgo-lint identify LICENSE` "
            "confirms the verdict).",
        failing=Example("README.md declares MG-BY-2.0 and there is no license file",
                        model("MG-BY-2.0", {"LICENSE": None})),
        passing=Example("README.md declares MG-BY-2.0 and LICENSE is its text", model("MG-BY-2.0")),
    ),
    rule(
        "MG102", "license-modified", Severity.ERROR,
        "A license file is a ModelGo text whose wording differs from every published revision.",
        """
Presentation (line endings, encoding, wrapping, Markdown, quotes, dashes, case, list markers)
never counts; any added, removed or changed word does. The finding names the closest published
revision, a similarity figure and the changed paragraphs by section number and line.
""",
        why="Section 6 (Modification of this License) of every ModelGo license: the text may be copied "
            "and distributed only without modification; a changed text is no longer the license it names.",
        fix=_RESTORE,
        failing=Example("LICENSE is the MG-BY-NC-2.0 text with three words deleted",
                        model("MG-BY-NC-2.0", {"LICENSE": Text("MG-BY-NC-2.0",
                                                               delete="NonCommercial purposes only")})),
        passing=Example("LICENSE is the MG-BY-NC-2.0 text re-wrapped at 72 columns",
                        model("MG-BY-NC-2.0", {"LICENSE": Text("MG-BY-NC-2.0", wrap=72)})),
    ),
    rule(
        "MG103", "license-outdated", Severity.WARNING,
        "A license file is an unmodified copy of an older published revision.",
        """
The text is a faithful copy, but ModelGo has published a newer revision of the same license
and version (for example "Version 2.0, May 2025" where "Version 2.0, Dec 2025" exists).
""",
        why="The Model Sheet and the terms are read from the edition of the text shipped; an older "
            "edition may define terms (such as Extracted Models) differently from the newest one.",
        fix="Replace LICENSE with the newest published text of the same license and version.",
        failing=Example("LICENSE is the MG-BY-2.0 text of Version 2.0, Nov 2024",
                        model("MG-BY-2.0", {"LICENSE": Text("MG-BY-2.0", edition="Version 2.0, Nov 2024")})),
        passing=Example("LICENSE is the newest published MG-BY-2.0 text", model("MG-BY-2.0")),
    ),
    rule(
        "MG104", "license-not-modelgo", Severity.INFO,
        "A license file is not a ModelGo license text.",
        """
Reported as information (a model may ship code under Apache-2.0 beside a ModelGo model license).
""",
        why="Only ModelGo texts are checked for integrity; any other license file is listed so that "
            "a reviewer sees which other terms the folder ships.",
        fix="Nothing when the file is meant to be there; otherwise remove it or move it beside the code "
            "it covers.",
        failing=Example("COPYING is the Apache License 2.0, for the code (reported as info)",
                        model("MG-BY-2.0", {"COPYING": Text("Apache-2.0")})),
        passing=Example("LICENSE is a ModelGo text", model("MG-BY-2.0")),
    ),
    rule(
        "MG105", "license-reference-only", Severity.ERROR,
        "A license file names a ModelGo license instead of containing its text.",
        """
A file such as "This model is licensed under MG-BY-NC-2.0, see <URL>" is not a copy of the
license; the BY licenses require the copy itself.
""",
        why="Section 2.2(a)(i) (Conditions) of the BY licenses: a copy of the license, not a reference "
            "to it, goes with the model.",
        fix="Replace the file with the published text (`modelgo-lint identify` confirms it).",
        failing=Example("LICENSE holds one line naming the license",
                        model("MG-BY-NC-2.0", {"LICENSE": "Licensed under MG-BY-NC-2.0\n"})),
        passing=Example("LICENSE is the MG-BY-NC-2.0 text", model("MG-BY-NC-2.0")),
    ),
    rule(
        "MG106", "license-preamble", Severity.INFO,
        "A license file starts with copyright or attribution lines before the license title.",
        """
Copyright and attribution lines, or a bare heading such as "License", before the title are
allowed and reported as information; any other extra text makes the file `modified`.
""",
        why="Section 6 (Modification of this License): the text itself must stay unchanged; notices "
            "before it are not part of it but are easy to mistake for an edit.",
        fix="Move the notices to a NOTICE file (or keep them: the finding is information only).",
        failing=Example("LICENSE starts with a copyright line, then the license text (reported as info)",
                        model("MG-BY-2.0", {"LICENSE": Text("MG-BY-2.0",
                                                            before="Copyright 2025 A Lab\n\n")})),
        passing=Example("LICENSE starts with the license title", model("MG-BY-2.0")),
    ),
)


def _license_path(root: str) -> str:
    return "LICENSE" if root in ("", ".") else f"{root}/LICENSE"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _findings(license_file: LicenseFile, ident: Identification, declared: Declaration | None,
              has_modelgo: bool, root_terms: Terms | None = None) -> Iterator[Finding]:
    rel = license_file.rel
    revision = ident.revision
    if ident.preamble is not None:
        first, last = ident.preamble
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        yield Finding(rel, first, 1, "MG106",
                      f"{rel} has copyright or attribution lines before the license title ({where})",
                      Severity.INFO)
    if ident.verdict is Verdict.OUTDATED and revision is not None:
        newest = license_file.newest
        assert newest is not None  # an outdated text has a newest revision
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
        diffs: tuple[WordDiff, ...] = ()
        text = license_file.file.text
        if license_file.official_text is not None and text is not None:
            from modelgo_lint.licenses import worddiff  # only with the official text at hand

            diffs = worddiff.word_diffs(changes[:_MAX_DETAILS], text, license_file.official_text, revision)
        if diffs:  # each changed paragraph, then the official words and the file's words
            details = tuple(line for change, diff in zip(changes, diffs, strict=False)
                            for line in (change.describe(), *("  " + d for d in diff.lines())))
        else:
            details = tuple(change.describe() for change in changes[:_MAX_DETAILS])
        if len(changes) > _MAX_DETAILS:
            details += (f"... and {len(changes) - _MAX_DETAILS} more",)
        yield Finding(
            rel, line, 1, "MG102",
            f'{rel} is a modified copy of {revision.id} "{revision.version_line}": '
            f"{_plural(len(changes), 'paragraph')} {'differs' if len(changes) == 1 else 'differ'} "
            "from the published text "
            f"({ident.similarity:.1%} similar)",
            Severity.ERROR, details=details, diff=diffs,
            hint=(_RESTORE if not ident.lookalikes else
                  "Letters of another script that look Latin make other words: "
                  + "; ".join(ident.lookalikes[:5]) + ". Type them as Latin letters, or "
                  + _RESTORE[0].lower() + _RESTORE[1:]),
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
            yield Finding(
                rel, 0, 0, "MG104",
                f"{rel} is not a ModelGo license text, but {declared.path}:{declared.line} declares "
                f"{declared.identifier}",
                Severity.ERROR, hint=f"Put the published text of {declared.identifier} in {rel}.",
            )
        elif license_file.upstream_copy is None and (root_terms is None or root_terms.modelgo):
            # an upstream's license copy, or the text of a declared non-ModelGo own license (apache-2.0),
            # is what it should be
            yield Finding(rel, 0, 0, "MG104", f"{rel} is not a ModelGo license text", Severity.INFO)


def check(root: RootAnalysis) -> Iterator[Finding]:
    # the first place outside the license files that names a ModelGo license
    declared = root.declarations[0] if root.declarations else None
    readable = [(f, f.identification) for f in root.license_files if f.identification is not None]
    has_modelgo = any(ident.verdict is not Verdict.NOT_MODELGO for _, ident in readable)
    # an upstream's copy named by derived_from[].license_file is the upstream's edition, kept as it
    # was licensed (the edition governs its terms): its being outdated is no finding
    copies = {u.license_file.strip().lstrip("./") for u in root.upstreams if u.license_file}
    for license_file, ident in readable:
        found = _findings(license_file, ident, declared, has_modelgo, root.terms)
        if any(license_file.rel == c or license_file.rel.endswith("/" + c) for c in copies):
            found = (f for f in found if f.code != "MG103")
        yield from found
    if not root.license_files and declared is not None:
        source, line, identifier = declared.path, declared.line, declared.identifier
        if identifier not in root.identifiers:  # MG204 reports the misspelling; name the license meant
            identifier = suggest(identifier, root.identifiers) or "the ModelGo license the model is under"
        yield Finding(
            source, line, 1, "MG101",
            f"{source} declares {declared.identifier}, but {root.rel} has no license file",
            Severity.ERROR,
            hint=f"Add the published text of {identifier} as {_license_path(root.rel)}.",
        )
