"""What a license lets a derivative do and requires of it, from data (design §3-§4, issue 4).

For a ModelGo license the properties come from the rows of its official Model Sheet (parsed from
the published tables: the row keys differ between editions, hence the alias lists); for other
licenses from ``data/other_licenses.py``, computed from ../shared/other-licenses by
``scripts/build_other_licenses.py``. A row that a sheet does not list counts as not granted / not
required.
"""

from __future__ import annotations

from functools import cache

from modelgo_lint.licenses.registry import Registry, Revision, Sheet
from modelgo_lint.records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import Any

#: property -> row keys that state it, in every published edition (first present wins)
_ROWS: dict[str, tuple[str, ...]] = {
    "distribute_derivatives": (
        "distribute_derivative_materials",
        "distribute_derivative_materials_or_extracted_models",
        "share_derivatives",
    ),
    "distribute_extracted": (
        "distribute_extracted_models",
        "distribute_derivative_materials_or_extracted_models",
        "share_derivatives",
    ),
    "commercial": (
        "commercial_use_of_licensed_materials_derivative_materials_and_extracted_models",
        "commercial_use_of_derivative_materials",
        "commercial_use_of_derivatives",
        "commercial_use_of_model",
    ),
    "use_restrictions": (
        "use_restrictions_on_licensed_materials_derivative_materials_and_extracted_models",
        "use_restrictions_on_licensed_materials_derivative_materials_and_output",
        "responsible_ai_restrictions",
    ),
    "retain_notices": (
        "retain_original_attribution_notice_when_distributing_licensed_materials",
        "retain_original_attribution",
        "retain_all_notices",
    ),
    "notices": (
        "retain_original_attribution_notice_when_distributing_derivative_materials",
        "retain_original_attribution",
    ),
    "license_copy": (
        "provide_a_copy_of_original_license_when_distributing_derivative_materials",
        "provide_a_copy_of_original_license",
        "retain_original_license",
    ),
    "license_copy_extracted": (
        "provide_a_copy_of_original_license_when_distributing_extracted_models",
        "provide_a_copy_of_original_license",
        "retain_original_license",
    ),
    "modification_notice": ("indicate_modifications_when_distributing_derivative_materials",),
    "share_alike": ("licensing_distributed_derivative_materials_on_same_terms_as_license", "copyleft"),
    "share_alike_extracted": (
        "licensing_distributed_extracted_models_on_same_terms_as_license",
        "licensing_distributed_derivative_materials_on_same_terms_as_license",
        "copyleft",
    ),
    "extracted_notice": ("indicate_extracted_models_notice_when_distributing_extracted_models",),
}


class Terms(Record):
    license: str  # the identifier as we know it (MG-BY-2.0, apache-2.0)
    modelgo: bool
    source: str  # where the properties come from, for messages
    distribute_derivatives: bool
    distribute_extracted: bool
    commercial: bool
    use_restrictions: bool
    retain_notices: bool  # notices of the licensed material itself must be retained
    notices: bool  # upstream attribution must be retained by a derivative
    license_copy: bool
    license_copy_extracted: bool
    modification_notice: bool
    share_alike: bool
    share_alike_extracted: bool
    extracted_notice: bool
    #: the notice of modifications is owed for an extracted (distilled) model too: the edition's
    #: text makes a distilled model a Derivative Material (ModelGo 1.0, 2.0 Nov 2024 and May 2025)
    modification_notice_extracted: bool = False
    modification_dated: bool = True  # ModelGo 2.2(a)(ii) asks for the date; Apache §4(b), CC BY §3(a) do not
    copy_uri: str | None = None  # CC BY §3(a)(1)(C): the license's URI accepted instead of a copy
    notice_file: bool = False  # the notices must be kept in a NOTICE text file (Llama 2 §1(b)(iii))
    edition: str = ""  # the version line of the edition the terms come from (ModelGo)

    def derivatives_allowed(self, extracted: bool) -> bool:
        return self.distribute_extracted if extracted else self.distribute_derivatives

    def same_terms(self, extracted: bool) -> bool:
        return self.share_alike_extracted if extracted else self.share_alike

    def copy_required(self, extracted: bool) -> bool:
        return self.license_copy_extracted if extracted else self.license_copy

    def modification_required(self, extracted: bool) -> bool:
        return self.modification_notice_extracted if extracted else self.modification_notice


#: (license id, id of the sheet, id of the revision) -> (the sheet, the revision, their terms): a
#: monorepo's roots ship the same few registry revisions; the entries hold their sheet and
#: revision, so an id is not reused while its entry is there
_SHEET_TERMS: dict[tuple[str, int, int], tuple[Sheet, Revision | None, Terms]] = {}
_SHEET_TERMS_MAX = 256


def revision_key(revision: Revision) -> str:
    return f"{revision.id} {revision.sha256}"


_OF_REVISION: dict[str, tuple[Registry, Terms]] = {}


def of_revision(revision: Revision, registry: Registry) -> Terms | None:
    """The terms of ``revision`` from its official sheet (None when it has none): as the registry
    script computed them with :func:`of_sheet` when the registry has them, so that the official
    sheets are read only for a repository with a sheet of its own (issue 14)."""
    key = revision_key(revision)
    hit = _OF_REVISION.get(key)
    if hit is not None and hit[0] is registry:
        return hit[1]
    fields = registry.terms.get(key)
    if fields is not None:
        found: Terms | None = Terms(**fields)
    else:
        official = registry.sheet_of(revision)
        found = of_sheet(revision.id, official, revision) if official is not None else None
    if found is not None:
        _OF_REVISION[key] = (registry, found)
    return found


def of_sheet(license_id: str, sheet: Sheet, revision: Revision | None = None) -> Terms:
    """Terms from the rows of ``sheet``; with the shipped ``revision``, a distilled model is what
    that edition's text (section 1, definitions) makes of it, whatever the sheet's rows say: the
    text governs (docs/design-notes.md, "Terms by edition"). Computed once per sheet and revision
    (the values are immutable)."""
    key = (license_id, id(sheet), id(revision))
    hit = _SHEET_TERMS.get(key)
    if hit is not None and hit[0] is sheet and hit[1] is revision:
        return hit[2]
    terms = _of_sheet(license_id, sheet, revision)
    if len(_SHEET_TERMS) >= _SHEET_TERMS_MAX:
        _SHEET_TERMS.clear()
    _SHEET_TERMS[key] = (sheet, revision, terms)
    return terms


def _of_sheet(license_id: str, sheet: Sheet, revision: Revision | None) -> Terms:
    values = sheet.values()

    def row(name: str) -> bool:
        return next((values[key] for key in _ROWS[name] if key in values), False)

    found = {name: row(name) for name in _ROWS}
    if not any(key in values for key in _ROWS["distribute_extracted"]):  # editions without the row
        found["distribute_extracted"] = found["distribute_derivatives"]
    distilled = revision.distilled if revision is not None else "extracted"
    extracted_rows = any(key in values for key in _ROWS["extracted_notice"])
    if distilled == "derivative" or (distilled == "extracted" and not extracted_rows):
        found["distribute_extracted"] = found["distribute_derivatives"]
        found["license_copy_extracted"] = found["license_copy"]
        found["share_alike_extracted"] = found["share_alike"]
        found["extracted_notice"] = False
        modification_extracted = found["modification_notice"]
    elif distilled == "excluded":  # neither Derivative Material nor Extracted Model: no duty attaches
        found["distribute_extracted"] = True
        found["license_copy_extracted"] = found["share_alike_extracted"] = found["extracted_notice"] = False
        modification_extracted = False
    else:
        modification_extracted = False
    edition = revision.version_line if revision is not None else sheet.editions[-1]
    source = f"official Model Sheet of {license_id} ({sheet.editions[-1]})" + (
        f", text {edition}" if revision is not None else "")
    return Terms(license_id, True, source, **found, modification_notice_extracted=modification_extracted,
                 modification_dated=True, copy_uri=None, notice_file=False, edition=edition)


def _other() -> dict[str, Any]:
    from modelgo_lint.licenses.data import other_licenses  # a literal, from bytecode (issue 14)

    data: dict[str, Any] = other_licenses.DATA
    return data


#: the Hub's markers "see license_name" and "not said": no license's terms (a ModelGo model's front
#: matter says ``license: other``), so the other licenses' facts need not be read for them, nor for
#: a ModelGo identifier (tests/licenses/test_matcher.py: no other license is called so)
_NO_LICENSE = frozenset({"other", "unknown"})
_MODELGO = ("mg0", "mg-")


def of_other(license_id: str) -> Terms | None:
    key = license_id.strip().lower()
    if key in _NO_LICENSE or key.startswith(_MODELGO):
        return None
    data = _other()
    entry = data["licenses"].get(license_id.strip().lower())
    if entry is None:
        return None
    return Terms(
        license_id.strip().lower(),
        False,
        f"{data['source']['file']} ({entry['short_id']})",
        distribute_derivatives=entry["distribute_derivatives"],
        distribute_extracted=entry["distribute_derivatives"],
        commercial=entry["commercial"],
        use_restrictions=entry["use_restrictions"],
        retain_notices=entry["notices"],
        notices=entry["notices"],
        license_copy=entry["license_copy"],
        license_copy_extracted=entry["license_copy"],
        modification_notice=entry["modification_notice"],
        share_alike=entry["share_alike"],
        share_alike_extracted=entry["share_alike"],
        extracted_notice=False,
        modification_notice_extracted=entry["modification_notice"],
        modification_dated=entry.get("modification_dated", False),
        copy_uri=entry["url"] if entry.get("copy_by_uri") else None,
        notice_file=entry.get("notice_file", False),
    )


@cache
def known_other() -> tuple[str, ...]:
    return tuple(sorted(_other()["licenses"]))


def of_license(license_id: str, registry: Registry, revision: Revision | None = None) -> Terms | None:
    """Terms of a ModelGo identifier in the edition of ``revision`` (the revision shipped), else of
    its newest revision; or of a known other license; None when unknown."""
    upper = license_id.strip().upper()
    if upper in registry.newest:
        if revision is None or revision.id != upper:
            revision = registry.newest[upper]
        return of_revision(revision, registry)
    return of_other(license_id)
