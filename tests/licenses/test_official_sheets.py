"""The official Model Sheets, parsed from the published ASCII tables (never hand-typed)."""

from __future__ import annotations

import pytest

from modelgo_lint.licenses import registry
from modelgo_lint.licenses.ascii_table import TableError, parse, slug
from support import CURRENT

REGISTRY = registry.load()


def _newest_sheet(license_id: str) -> dict[str, bool]:
    sheet = REGISTRY.sheet_of(REGISTRY.newest[license_id])
    assert sheet is not None
    return sheet.values()


def test_every_revision_has_an_official_sheet() -> None:
    assert all(REGISTRY.sheet_of(revision) is not None for revision in REGISTRY.revisions)


@pytest.mark.parametrize("license_id", CURRENT)
def test_current_licenses_take_the_2026_model_sheet(license_id: str) -> None:
    sheet = REGISTRY.sheet_of(REGISTRY.newest[license_id])
    assert sheet is not None and sheet.editions[0].startswith("ModelSheet")
    assert len(sheet.rows) >= 19


COMMERCIAL = "commercial_use_of_licensed_materials_derivative_materials_and_extracted_models"
RAI = "use_restrictions_on_licensed_materials_derivative_materials_and_extracted_models"


# Facts a reader checks by eye in the published tables: what NC, ND, SA, RAI and BY mean.
@pytest.mark.parametrize("license_id,key,value", [
    ("MG-BY-NC-2.0", COMMERCIAL, False),
    ("MG-BY-2.0", COMMERCIAL, True),
    ("MG0-2.0", "retain_original_attribution_notice_when_distributing_licensed_materials", False),
    ("MG-BY-2.0", "retain_original_attribution_notice_when_distributing_licensed_materials", True),
    ("MG-BY-SA-2.0", "licensing_distributed_derivative_materials_on_same_terms_as_license", True),
    ("MG-BY-2.0", "licensing_distributed_derivative_materials_on_same_terms_as_license", False),
    ("MG-BY-RAI-2.0", RAI, True),
    ("MG-BY-2.0", RAI, False),
    ("MG-BY-ND-2.0", "create_derivative_materials", True),
])
def test_sheet_values(license_id: str, key: str, value: bool) -> None:
    assert _newest_sheet(license_id)[key] is value


def test_nd_sheets_do_not_grant_distribution_of_derivatives() -> None:
    for license_id in ("MG-BY-ND-2.0", "MG-BY-NC-ND-2.0"):
        assert "distribute_derivative_materials" not in _newest_sheet(license_id)
    assert _newest_sheet("MG-BY-2.0")["distribute_derivative_materials"] is True


def test_older_editions_carry_their_annex() -> None:
    nov = next(r for r in REGISTRY.revisions if r.id == "MG-BY-NC-2.0" and "Nov 2024" in r.version_line)
    sheet = REGISTRY.sheet_of(nov)
    assert sheet is not None and sheet.values()["commercial_use_of_licensed_materials"] is False
    v1 = REGISTRY.sheet_of(REGISTRY.newest["MG-BY-NC-1.0"])
    assert v1 is not None and v1.values()["commercial_use_of_model"] is False


def test_slug_and_table_errors() -> None:
    assert slug("Use & Modify") == "use_and_modify"
    assert slug("Create Extracted Models (e.g., by distillation)") == "create_extracted_models"
    with pytest.raises(TableError):
        parse(["| no border |"])
    with pytest.raises(TableError):
        parse(["+----+---+----+", "|  a | b | ? |", "+----+---+----+"])
