"""MG303-MG306, MG401-MG405: fine-tunes, adapters and distillations of upstream models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelgo_lint.licenses.terms import known_other, of_other
from support import cli, write_model
from support import derivative as _derivative


def _findings(root: Path) -> list[dict[str, object]]:
    run = cli("check", "--format", "json", root)
    assert run.code in (0, 1), run.err
    return list(json.loads(run.out)["findings"])


def _codes(root: Path) -> list[str]:
    return sorted({str(f["code"]) for f in _findings(root)})


@pytest.mark.parametrize(
    "upstream,own,code",
    [
        ("MG-BY-ND-2.0", "MG-BY-2.0", "MG401"),
        ("MG-BY-NC-ND-2.0", "MG-BY-NC-2.0", "MG401"),
        ("MG-BY-NC-2.0", "MG-BY-2.0", "MG402"),
        ("MG-BY-SA-2.0", "MG-BY-2.0", "MG403"),
        ("MG-BY-RAI-2.0", "MG-BY-2.0", "MG404"),
        ("cc-by-nc-4.0", "MG-BY-2.0", "MG402"),
        ("cc-by-nc-nd-4.0", "MG-BY-NC-2.0", "MG401"),
        ("cc-by-sa-4.0", "MG-BY-2.0", "MG403"),
        ("openrail++", "MG-BY-2.0", "MG404"),
        ("llama3", "MG-BY-2.0", "MG404"),
        ("some-custom-license", "MG-BY-2.0", "MG405"),
    ],
)
def test_incompatible_upstream(tmp_path: Path, upstream: str, own: str, code: str) -> None:
    findings = _findings(_derivative(tmp_path, own, upstream))
    compat = [f for f in findings if str(f["code"]).startswith("MG4")]
    assert [f["code"] for f in compat] == [code], findings
    assert compat[0]["path"] == "MODEL_SHEET.yaml" and compat[0]["pointer"] == "/derived_from/0"


@pytest.mark.parametrize(
    "upstream,own",
    [
        ("MG-BY-2.0", "MG-BY-NC-2.0"),
        ("MG-BY-NC-2.0", "MG-BY-NC-2.0"),
        ("MG-BY-SA-2.0", "MG-BY-SA-2.0"),
        ("MG-BY-RAI-2.0", "MG-BY-RAI-2.0"),
        ("MG-BY-NC-RAI-2.0", "MG-BY-NC-RAI-2.0"),
        ("MG0-2.0", "MG-BY-2.0"),
    ],
)
def test_compliant_fine_tune_passes(tmp_path: Path, upstream: str, own: str) -> None:
    root = _derivative(tmp_path, own, upstream)
    assert _findings(root) == []


def test_missing_dated_modification_notice_is_mg303(tmp_path: Path) -> None:
    assert _codes(_derivative(tmp_path, "MG-BY-NC-2.0", "MG-BY-2.0", dated=False)) == ["MG303"]


def test_readme_modifications_section_with_a_date_counts(tmp_path: Path) -> None:
    root = _derivative(
        tmp_path,
        "MG-BY-NC-2.0",
        "MG-BY-2.0",
        dated=False,
        readme_extra="\n## Modifications\n\n- 2025-06-30: fine-tuned for dialogue.\n",
    )
    assert _codes(root) == []


def test_missing_upstream_attribution_is_mg304(tmp_path: Path) -> None:
    assert _codes(_derivative(tmp_path, "MG-BY-NC-2.0", "MG-BY-2.0", attribution=False)) == ["MG304"]
    root = _derivative(tmp_path / "b", "MG-BY-NC-2.0", "MG-BY-2.0")
    (root / "NOTICE").write_text("Derived model\n", encoding="utf-8")  # recorded but not retained
    assert _codes(root) == ["MG304"]


def test_missing_upstream_license_copy_is_mg305(tmp_path: Path) -> None:
    assert _codes(_derivative(tmp_path, "MG-BY-NC-2.0", "MG-BY-2.0", license_copy=False)) == ["MG305"]


def test_distillation_needs_an_extracted_model_notice(tmp_path: Path) -> None:
    # MG-BY-NC-2.0 (Dec 2025) defines Extracted Models in §1 and asks for the notice in 2.2(a)(iii);
    # MG-BY-2.0 (Dec 2025) excludes such models from Derivative Materials and has no such duty
    root = _derivative(tmp_path, "MG-BY-NC-2.0", "MG-BY-NC-2.0", relation="distillation")
    assert _codes(root) == ["MG306"]
    root = _derivative(
        tmp_path / "b",
        "MG-BY-NC-2.0",
        "MG-BY-NC-2.0",
        relation="distillation",
        readme_extra="\nThis model was distilled from org/base.\n",
    )
    assert _codes(root) == []


def test_front_matter_base_model_without_license_is_mg405(tmp_path: Path) -> None:
    readme = (
        "---\nlicense: other\nlicense_name: mg-by-2.0\nlicense_link: LICENSE\nbase_model: org/base\n"
        "base_model_relation: adapter\n---\nThis model is licensed under MG-BY-2.0.\n"
    )
    write_model(tmp_path, "MG-BY-2.0", readme=readme)
    (finding,) = _findings(tmp_path)
    assert (finding["code"], finding["severity"], finding["path"], finding["line"]) == (
        "MG405",
        "warning",
        "README.md",
        5,
    )


def test_other_license_facts_cite_their_source() -> None:
    for license_id in (
        "apache-2.0",
        "mit",
        "cc-by-4.0",
        "cc-by-sa-4.0",
        "cc-by-nc-4.0",
        "cc-by-nc-nd-4.0",
        "openrail",
        "openrail++",
        "creativeml-openrail-m",
        "bigscience-bloom-rail-1.0",
        "llama2",
        "llama3",
    ):
        assert license_id in known_other()
        terms = of_other(license_id)
        assert terms is not None and "licenses_description.yml" in terms.source


def test_other_license_data_is_fresh() -> None:
    import subprocess
    import sys

    from support import PROJECT

    proc = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "build_other_licenses.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
