"""MG303-MG306, MG401-MG405: a derivative's duties to its upstream models, and compatibility.

Upstreams come from the sheet's ``derived_from`` (name, relation, license, license_file,
attribution) or, without a sheet entry, from the front matter's ``base_model`` and
``base_model_relation`` (whose license is then unknown: MG405). What is required and allowed is
decided from the terms of the upstream license (:mod:`modelgo_lint.terms`) and of the model's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from modelgo_lint import declarations, notices
from modelgo_lint.checks.license import license_terms, modelgo_licenses
from modelgo_lint.documents import RootFiles
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.registry import Registry
from modelgo_lint.sheets.loader import Document
from modelgo_lint.terms import Terms, known_other, of_license

_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_EXTRACTED = re.compile(r"distill|extracted", re.IGNORECASE)
_MODIFICATION_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+.*(modification|changes)", re.IGNORECASE)


@dataclass(frozen=True)
class Upstream:
    name: str
    relation: str
    license: str | None
    license_file: str | None
    attribution: tuple[str, ...]
    path: str
    line: int
    column: int
    pointer: str | None

    @property
    def extracted(self) -> bool:
        return self.relation == "distillation"


def _sheet_upstreams(files: RootFiles) -> list[Upstream]:
    out = []
    for text_file, document in declarations.sheet_documents(files):
        data = document.data
        entries = data.get("derived_from") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                continue  # the schema reports it (MG203)
            pointer = f"/derived_from/{index}"
            attribution = entry.get("attribution")
            out.append(
                Upstream(
                    entry["name"],
                    str(entry.get("relation", "finetune")),
                    entry["license"] if isinstance(entry.get("license"), str) else None,
                    entry["license_file"] if isinstance(entry.get("license_file"), str) else None,
                    tuple(a for a in attribution if isinstance(a, str))
                    if isinstance(attribution, list)
                    else (),
                    text_file.rel,
                    *document.position(pointer),
                    pointer,
                )
            )
    return out


def _front_matter_upstreams(files: RootFiles, front: Document) -> list[Upstream]:
    data = front.data if isinstance(front.data, dict) else {}
    names = data.get("base_model")
    names = [names] if isinstance(names, str) else names if isinstance(names, list) else []
    relation = data.get("base_model_relation")
    assert files.readme is not None
    line, column = front.position("/base_model")
    return [
        Upstream(
            n,
            relation if isinstance(relation, str) else "finetune",
            None,
            None,
            (),
            files.readme.rel,
            line,
            column,
            "/base_model",
        )
        for n in names
        if isinstance(n, str)
    ]


def upstreams(files: RootFiles) -> list[Upstream]:
    found = _sheet_upstreams(files)
    front = declarations.front_matter(files)
    if front is not None:
        recorded = {u.name for u in found}
        found += [u for u in _front_matter_upstreams(files, front) if u.name not in recorded]
    return found


def _dated_modification(files: RootFiles) -> bool:
    for _, document in declarations.sheet_documents(files):
        data = document.data
        items = data.get("modifications") if isinstance(data, dict) else None
        if isinstance(items, list) and any(
            isinstance(i, dict) and _DATE.fullmatch(str(i.get("date", ""))) for i in items
        ):
            return True
    if files.readme is not None and files.readme.text is not None:
        in_section = False
        for line in files.readme.text.split("\n"):
            if line.lstrip().startswith("#"):
                in_section = bool(_MODIFICATION_HEADING.match(line))
            elif in_section and _DATE.search(line):
                return True
    return False


def _extracted_notice(files: RootFiles) -> bool:
    texts = [files.readme.text] if files.readme is not None and files.readme.text else []
    for _, document in declarations.sheet_documents(files):
        items = document.data.get("modifications") if isinstance(document.data, dict) else None
        if isinstance(items, list):
            texts += [str(i.get("description", "")) for i in items if isinstance(i, dict)]
    return any(_EXTRACTED.search(text) for text in texts)


def _has_license_copy(files: RootFiles, upstream: Upstream, terms: Terms, registry: Registry) -> bool:
    if terms.modelgo:
        return any(
            ident.revision is not None and ident.revision.id == terms.license
            for _, ident in modelgo_licenses(files, registry)
        )
    if upstream.license_file is None:
        return False
    wanted = upstream.license_file.strip().lstrip("./")
    return any(f.rel.endswith("/" + wanted) or f.rel == wanted for f in files.licenses if f.text)


def _finding(upstream: Upstream, code: str, message: str, hint: str) -> Finding:
    from modelgo_lint.rules import RULES

    default = RULES[code].default or Severity.ERROR
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


def _compatibility(up: Upstream, upstream: Terms, own: Terms) -> Iterator[Finding]:
    what = "extracted models (distillation)" if up.extracted else "derivatives"
    source = f"{up.name} ({upstream.license})"
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


def _nc(license_id: str) -> str:
    return license_id.replace("MG-BY-", "MG-BY-NC-", 1) if license_id.startswith("MG-BY-") else "MG-BY-NC-2.0"


def _duties(
    files: RootFiles, up: Upstream, upstream: Terms, registry: Registry, retained: set[str]
) -> Iterator[Finding]:
    source = f"{up.name} ({upstream.license})"
    if upstream.modification_notice and not _dated_modification(files):
        yield _finding(
            up,
            "MG303",
            f"{source} requires a dated notice of the modifications made",
            'Add to the sheet: modifications: [{date: "YYYY-MM-DD", description: ...}].',
        )
    if upstream.notices:
        if not up.attribution:
            yield _finding(
                up,
                "MG304",
                f"{source} requires retaining its attribution notices; none are recorded",
                "List them under derived_from[].attribution and keep them in NOTICE.",
            )
        for text in up.attribution:
            if notices.key(text) not in retained:
                yield _finding(
                    up,
                    "MG304",
                    f"upstream attribution {text!r} of {up.name} is not retained in "
                    "NOTICE, README or the sheet's attribution",
                    "Copy it into NOTICE.",
                )
    if upstream.copy_required(up.extracted) and not _has_license_copy(files, up, upstream, registry):
        yield _finding(
            up,
            "MG305",
            f"{source} requires a copy of its license with the model",
            f"Add the text of {upstream.license} (for example LICENSES/{upstream.license}.txt)"
            + ("" if upstream.modelgo else " and name it in derived_from[].license_file")
            + ".",
        )
    if up.extracted and upstream.extracted_notice and not _extracted_notice(files):
        yield _finding(
            up,
            "MG306",
            f"{source} requires an extracted-model notice for a distilled model",
            f'Say so in the README: "This model was distilled from {up.name}."',
        )


def check(files: RootFiles, registry: Registry) -> Iterator[Finding]:
    found = upstreams(files)
    if not found:
        return
    own = license_terms(files, registry)
    retained = {n.key for n in notices.collect(files, registry)}
    for up in found:
        upstream = of_license(up.license, registry) if up.license else None
        if upstream is None:
            known = "; known: every ModelGo identifier and " + ", ".join(known_other())
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
        yield from _duties(files, up, upstream, registry, retained)
