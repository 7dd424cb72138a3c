"""MG303-MG306, MG401-MG405: a derivative's duties to its upstream models, and compatibility.

Upstreams come from the sheet's ``derived_from`` (name, relation, license, license_file,
attribution) or, without a sheet entry, from the front matter's ``base_model`` and
``base_model_relation`` (whose license is then unknown: MG405). What is required and allowed is
decided from the terms of the upstream license (:mod:`modelgo_lint.licenses.terms`) and of the model's own,
as the analysis (:mod:`modelgo_lint.analysis.record`) recorded them.
"""

from __future__ import annotations

from collections.abc import Iterator

from modelgo_lint.analysis.notices import key as notice_key
from modelgo_lint.analysis.record import Ancestor, RootAnalysis, Upstream
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.licenses.terms import Terms
from modelgo_lint.ruledef import Content, Example, Rule, Sheet, Text, model, readme, rule

_UPSTREAM_NOTICE = "Copyright 2024 Base Lab"


def _derivative(own: str, upstream: str, *, relation: str = "finetune", dated: bool = True,
                attribution: bool = True, copy: bool = True, body: str = "") -> dict[str, Content]:
    """A rule example: a model under ``own`` derived from ``org/base`` under ``upstream``."""
    entry = f"derived_from:\n  - name: org/base\n    relation: {relation}\n    license: {upstream}"
    files: dict[str, Content | None] = {"README.md": readme(own, body=body)}
    if attribution:
        entry += f'\n    attribution:\n      - "{_UPSTREAM_NOTICE}"'
        files["NOTICE"] = f"Derived model\n{_UPSTREAM_NOTICE}\n"
    replace = [("derived_from: []", entry)]
    if dated:
        replace.append(("modifications: []",
                        'modifications:\n  - date: "2025-06-30"\n    description: Fine-tuned for dialogue.'))
    files["MODEL_SHEET.yaml"] = Sheet(own, tuple(replace))
    if copy and upstream != own and upstream.startswith("MG"):
        files[f"LICENSES/{upstream}.txt"] = Text(upstream)
    return model(own, files)


#: the rules this check emits (collected by modelgo_lint.rules)
RULES: tuple[Rule, ...] = (
    rule(
        "MG303", "modification-notice-missing", Severity.ERROR,
        "A derivative does not state its modifications with a date.",
        """
When the upstream license requires indicating modifications, the sheet's `modifications` must list
at least one change with an ISO date (or the README a dated line under a Modifications heading).
""",
        why="Section 2.2(a)(ii) (Conditions) of the upstream's license: distributing Derivative Materials "
            "takes prominent notices that they were modified, with the date of the modification.",
        fix='Add `modifications: [{date: "YYYY-MM-DD", description: ...}]` to the sheet (or a dated line '
            "under a Modifications heading of the README).",
        failing=Example("a fine-tune of an MG-BY-2.0 model without modifications",
                        _derivative("MG-BY-NC-2.0", "MG-BY-2.0", dated=False)),
        passing=Example("the same fine-tune with a dated modification",
                        _derivative("MG-BY-NC-2.0", "MG-BY-2.0")),
    ),
    rule(
        "MG304", "upstream-attribution-missing", Severity.ERROR,
        "A derivative does not retain the upstream model's attribution notices.",
        """
The upstream notices (`derived_from[].attribution`) must be recorded and appear in NOTICE, the
README or the sheet's `attribution`, when the upstream license requires it.
""",
        why="Section 2.2(a)(iv) (Conditions) of the upstream's license: the existing copyright and "
            "attribution notices are retained in the Distribution.",
        fix="Record the upstream's notices in `derived_from[].attribution` and copy them into NOTICE.",
        failing=Example("a fine-tune of an MG-BY-2.0 model without the upstream's notice",
                        _derivative("MG-BY-NC-2.0", "MG-BY-2.0", attribution=False)),
        passing=Example("NOTICE holds the upstream's notice, listed in derived_from[0].attribution",
                        _derivative("MG-BY-NC-2.0", "MG-BY-2.0")),
    ),
    rule(
        "MG305", "upstream-license-copy-missing", Severity.ERROR,
        "A derivative does not include a copy of the upstream license.",
        """
When the upstream license requires it, a license file of the model folder must be the upstream
license (for ModelGo upstreams, identified as such; otherwise `derived_from[].license_file`).
""",
        why="Section 2.2(a)(i) (Conditions) of the upstream's license: a copy of that license goes with "
            "the Derivative Materials too.",
        fix="Add the upstream's license text, for example as `LICENSES/MG-BY-2.0.txt`.",
        failing=Example("a fine-tune of an MG-BY-2.0 model with only its own LICENSE",
                        _derivative("MG-BY-NC-2.0", "MG-BY-2.0", copy=False)),
        passing=Example("LICENSES/MG-BY-2.0.txt is the MG-BY-2.0 text",
                        _derivative("MG-BY-NC-2.0", "MG-BY-2.0")),
    ),
    rule(
        "MG306", "extracted-model-notice-missing", Severity.ERROR,
        "A distilled (extracted) model does not say that it was extracted from its upstream.",
        """
The README or a modification must say the model was distilled (extracted) from the upstream
model, when the upstream license's edition defines Extracted Models and asks for the notice.
""",
        why="Section 2.2(a)(iii) (Conditions) of the 2.0 licenses: distributing Extracted Models takes "
            "prominent notices that they were created from the Output of the licensed model.",
        fix='Say it in the README: "This model was distilled from org/base."',
        failing=Example("a distillation of an MG-BY-NC-2.0 model that does not say so",
                        _derivative("MG-BY-NC-2.0", "MG-BY-NC-2.0", relation="distillation")),
        passing=Example('README.md says "This model was distilled from org/base."',
                        _derivative("MG-BY-NC-2.0", "MG-BY-NC-2.0", relation="distillation",
                                    body="\nThis model was distilled from org/base.\n")),
    ),
    rule(
        "MG401", "upstream-no-derivatives", Severity.ERROR,
        "The upstream license does not allow distributing derivatives (ND).",
        """
Decided from the official sheet of the upstream license (or the facts of a non-ModelGo license).
""",
        why="Section 2.1 (Grant of Rights) of an ND license grants no right to distribute Derivative "
            "Materials.",
        fix="Do not distribute the derivative, or start from an upstream whose license allows it.",
        failing=Example("a fine-tune of an MG-BY-ND-2.0 model", _derivative("MG-BY-2.0", "MG-BY-ND-2.0")),
        passing=Example("a fine-tune of an MG-BY-2.0 model", _derivative("MG-BY-2.0", "MG-BY-2.0")),
    ),
    rule(
        "MG402", "upstream-noncommercial", Severity.ERROR,
        "A non-commercial upstream is relicensed under a license that allows commercial use.",
        """
A cc-by-nc-4.0 upstream counts as non-commercial too.
""",
        why="Section 2.1 (Grant of Rights) of an NC license grants its rights for NonCommercial purposes "
            "only, derivatives included; a license allowing commercial use would pass on a right never "
            "granted.",
        fix="License the derivative under a non-commercial license (for example MG-BY-NC-2.0).",
        failing=Example("a fine-tune of an MG-BY-NC-2.0 model under MG-BY-2.0",
                        _derivative("MG-BY-2.0", "MG-BY-NC-2.0")),
        passing=Example("the same fine-tune under MG-BY-NC-2.0", _derivative("MG-BY-NC-2.0", "MG-BY-NC-2.0")),
    ),
    rule(
        "MG403", "upstream-sharealike", Severity.ERROR,
        "A share-alike upstream is relicensed under another license.",
        """
The derivative must be under the same license as the share-alike upstream.
""",
        why="The share-alike condition of an SA license (section 2.2): distributed Derivative Materials "
            "are licensed on the same terms as the license.",
        fix="License the derivative under the upstream's license.",
        failing=Example("a fine-tune of an MG-BY-SA-2.0 model under MG-BY-2.0",
                        _derivative("MG-BY-2.0", "MG-BY-SA-2.0")),
        passing=Example("the same fine-tune under MG-BY-SA-2.0", _derivative("MG-BY-SA-2.0", "MG-BY-SA-2.0")),
    ),
    rule(
        "MG404", "upstream-responsible-ai", Severity.ERROR,
        "An upstream with responsible-AI use restrictions is relicensed without them.",
        """
Use restrictions (a RAI license, OpenRAIL, Llama) must be passed on to users of the derivative.
""",
        why="The Responsible AI use restrictions of a RAI license apply to Derivative Materials too; a "
            "license without them would drop restrictions the upstream imposes.",
        fix="License the derivative under a license that carries the same restrictions (for example the "
            "upstream's).",
        failing=Example("a fine-tune of an MG-BY-RAI-2.0 model under MG-BY-2.0",
                        _derivative("MG-BY-2.0", "MG-BY-RAI-2.0")),
        passing=Example("the same fine-tune under MG-BY-RAI-2.0",
                        _derivative("MG-BY-RAI-2.0", "MG-BY-RAI-2.0")),
    ),
    rule(
        "MG405", "upstream-license-unknown", Severity.WARNING,
        "The license of an upstream model is not known, so compatibility cannot be decided.",
        """
Upstream licenses known: every ModelGo identifier and common Hub ids (apache-2.0, mit,
cc-by-4.0, cc-by-sa-4.0, cc-by-nc-4.0, cc-by-nc-nd-4.0, openrail, openrail++,
creativeml-openrail-m, bigscience-bloom-rail-1.0, llama2, llama3, ...). Front matter `base_model`
carries no license: record it in the sheet's `derived_from`.
""",
        why="Whether a derivative may be distributed, and under which license, depends on the upstream's "
            "terms (MG401-MG404 decide it only for a known license).",
        fix="Record the upstream's license in `derived_from[].license` with a known identifier.",
        failing=Example("`derived_from[0].license: some-custom-license`",
                        _derivative("MG-BY-2.0", "some-custom-license")),
        passing=Example("`derived_from[0].license: MG-BY-2.0`", _derivative("MG-BY-2.0", "MG-BY-2.0")),
    ),
)

_DEFAULTS = {r.code: r.default for r in RULES}


def _has_license_copy(root: RootAnalysis, upstream: Upstream, terms: Terms) -> bool:
    if terms.copy_uri is not None and _bare(terms.copy_uri) in {_bare(u) for u in root.urls}:
        return True  # CC BY §3(a)(1)(C): "the text of, or the URI or hyperlink to" the license
    if terms.modelgo:
        return any(f.revision is not None and f.revision.id == terms.license for f in root.modelgo_licenses)
    if upstream.license_file is None:
        return False
    wanted = upstream.license_file.strip().lstrip("./")
    return any(f.rel.endswith("/" + wanted) or f.rel == wanted for f in root.license_files if f.file.text)


def _bare(url: str) -> str:
    return url.split("://", 1)[-1].removeprefix("www.").rstrip("/").lower()


def _finding(upstream: Upstream, code: str, message: str, hint: str) -> Finding:
    default = _DEFAULTS[code] or Severity.ERROR
    return Finding(
        upstream.path,
        upstream.line,
        upstream.column,
        code,
        message,
        default,
        pointer=upstream.pointer,
        hint=hint,
    )


def _compatibility(up: Upstream, upstream: Terms, own: Terms,
                   path: tuple[str, ...] = ()) -> Iterator[Finding]:
    what = "extracted models (distillation)" if up.extracted else "derivatives"
    source = f"{path[-1] if path else up.name} ({upstream.license})" + (
        f", upstream along {_path(path)}," if path else "")
    if not upstream.derivatives_allowed(up.extracted):
        yield _finding(
            up,
            "MG401",
            f"{source} does not allow distributing {what} ({upstream.source})",
            "Do not distribute this model, or derive it from an upstream that allows it.",
        )
    if not upstream.commercial and own.commercial:
        yield _finding(
            up,
            "MG402",
            f"{source} is non-commercial, but this model's license {own.license} allows commercial use",
            f"License this model under a non-commercial license (for example {_nc(own.license)}).",
        )
    if upstream.same_terms(up.extracted) and own.license.upper() != upstream.license.upper():
        yield _finding(
            up,
            "MG403",
            f"{source} is share-alike: {what} must be licensed under {upstream.license}, not {own.license}",
            f"License this model under {upstream.license}.",
        )
    if upstream.use_restrictions and not own.use_restrictions:
        yield _finding(
            up,
            "MG404",
            f"{source} carries responsible-AI use restrictions that {own.license} drops",
            "Use a license that carries the restrictions downstream (an MG-…-RAI license).",
        )


def _path(path: tuple[str, ...]) -> str:
    return " → ".join(("this", *path))


_HUB_SAID = {
    "gated": "is gated on the Hub: its card could not be read (a token with access, HF_TOKEN, reads it)",
    "missing": "was not found on the Hub",
    "unresolved": "could not be resolved on the Hub (unreachable, timed out, or offline without a "
                  "cached answer)",
}


def _unknown(up: Upstream, name: str, status: str | None, license_id: str | None,
             path: tuple[str, ...] = ()) -> Finding:
    where = f" (along {_path(path)})" if path else ""
    if status in _HUB_SAID:
        message = f"upstream {name}{where} {_HUB_SAID[status]}: compatibility cannot be decided"
    else:
        written = f"license {license_id!r}" if license_id else "no license"
        message = f"upstream {name}{where} has {written}: compatibility cannot be decided"
    return _finding(up, "MG405", message, "Record the upstream license in the sheet: derived_from[].license.")


def _lineage(root: RootAnalysis, own: Terms | None) -> Iterator[Finding]:
    """The rules along the chain the Hub records (``check --hub``): each model two or more steps up
    once, on its first (shortest) path, at the direct upstream's declaration."""
    direct = {up.name: up for up in root.upstreams}
    seen = set(direct)
    for ancestor in sorted(root.lineage, key=lambda a: len(a.path)):
        if ancestor.name in seen or ancestor.cycle:
            continue
        seen.add(ancestor.name)
        up = direct.get(ancestor.path[0])
        if up is None:
            continue
        yield from _ancestor(up, ancestor, own)


def _ancestor(up: Upstream, ancestor: Ancestor, own: Terms | None) -> Iterator[Finding]:
    if ancestor.terms is None:
        status = None if ancestor.status == "resolved" else ancestor.status
        yield _unknown(up, ancestor.name, status, ancestor.license, ancestor.path)
    elif own is not None:
        yield from _compatibility(up, ancestor.terms, own, ancestor.path)


def _nc(license_id: str) -> str:
    return license_id.replace("MG-BY-", "MG-BY-NC-", 1) if license_id.startswith("MG-BY-") else "MG-BY-NC-2.0"


def _duties(root: RootAnalysis, up: Upstream, upstream: Terms, retained: set[str]) -> Iterator[Finding]:
    source = f"{up.name} ({upstream.license})"
    if upstream.modification_required(up.extracted):
        if upstream.modification_dated and not root.dated_modification:
            yield _finding(
                up,
                "MG303",
                f"{source} requires a dated notice of the modifications made"
                + (f" ({upstream.edition}: a distilled model is a Derivative Material)"
                   if up.extracted and upstream.edition else ""),
                'Add to the sheet: modifications: [{date: "YYYY-MM-DD", description: ...}].',
            )
        elif not upstream.modification_dated and not root.modification_noted:
            yield _finding(
                up,
                "MG303",
                f"{source} requires a notice that the model was changed ({upstream.source})",
                "Say what you changed: modifications: [{date: ..., description: ...}] in the sheet, "
                "or a Modifications section in the README.",
            )
    if upstream.notices:
        attribution = up.attribution
        if not attribution and up.pointer == "/base_model":
            # front matter has no attribution field: the notices a NOTICE file ships are the record
            attribution = tuple(n.text for n in root.notices if n.kind == "NOTICE")
        if not attribution:
            yield _finding(
                up,
                "MG304",
                f"{source} requires retaining its attribution notices; none are recorded",
                "List them under derived_from[].attribution (or, without a sheet, ship them in NOTICE).",
            )
        if upstream.notice_file:  # Llama 2 §1(b)(iii): "within a 'Notice' text file", nowhere else
            retained = {n.key for n in root.notices if n.kind == "NOTICE"}
        for text in attribution:
            if notice_key(text) not in retained:
                yield _finding(
                    up,
                    "MG304",
                    f"upstream attribution {text!r} of {up.name} is not retained in "
                    + (f"a NOTICE file, where {upstream.license} requires it ({upstream.source})"
                       if upstream.notice_file else "NOTICE, README or the sheet's attribution"),
                    "Copy it into NOTICE.",
                )
    if upstream.copy_required(up.extracted) and not _has_license_copy(root, up, upstream):
        yield _finding(
            up,
            "MG305",
            f"{source} requires a copy of its license with the model",
            f"Add the text of {upstream.license} (for example LICENSES/{upstream.license}.txt)"
            + ("" if upstream.modelgo else " and name it in derived_from[].license_file")
            + ".",
        )
    if up.extracted and upstream.extracted_notice and not root.extraction_noted:
        yield _finding(
            up,
            "MG306",
            f"{source} requires an extracted-model notice for a distilled model",
            f'Say so in the README: "This model was distilled from {up.name}."',
        )


def check(root: RootAnalysis) -> Iterator[Finding]:
    if not root.upstreams:
        return
    own = root.terms
    retained = {n.key for n in root.notices}
    for up in root.upstreams:
        upstream = up.terms
        if upstream is None and up.hub_status in _HUB_SAID and not up.license:
            yield _unknown(up, up.name, up.hub_status, None)
            continue
        if upstream is None:
            known = "; known: every ModelGo identifier and " + ", ".join(root.other_licenses)
            written = f"license {up.license!r}" if up.license else "no license"
            yield _finding(
                up,
                "MG405",
                f"upstream {up.name} has {written}: compatibility cannot be decided"
                + (known if up.license else ""),
                "Record the upstream license in the sheet: derived_from[].license.",
            )
            continue
        if own is not None:
            yield from _compatibility(up, upstream, own)
        yield from _duties(root, up, upstream, retained)
    yield from _lineage(root, own)
