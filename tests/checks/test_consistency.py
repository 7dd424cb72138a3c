"""MG201-MG207 on real model folders through the real CLI: sheet, LICENSE, README, front matter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import CURRENT, cli, line_of, sheet_yaml, write_model

COMMERCIAL = "commercial_use_of_licensed_materials_derivative_materials_and_extracted_models"


def _findings(root: Path, *extra: str) -> list[dict[str, object]]:
    run = cli("check", "--format", "json", *extra, root)
    assert run.code in (0, 1), run.err
    findings: list[dict[str, object]] = json.loads(run.out)["findings"]
    return findings


def _codes(root: Path, *extra: str) -> list[str]:
    return [str(f["code"]) for f in _findings(root, *extra)]


@pytest.mark.parametrize("license_id", CURRENT)
def test_official_sheet_with_matching_license_readme_and_front_matter_passes(tmp_path: Path,
                                                                                license_id: str) -> None:
    write_model(tmp_path, license_id)
    (tmp_path / "MODEL_SHEET.yaml").write_text(sheet_yaml(license_id), encoding="utf-8")
    run = cli("check", tmp_path)
    assert run.code == 0 and "No problems found" in run.out, run.out


def test_commercial_use_granted_under_nc_is_mg206_at_the_row(tmp_path: Path) -> None:
    write_model(tmp_path, "MG-BY-NC-2.0")
    text = sheet_yaml("MG-BY-NC-2.0", **{f"{COMMERCIAL}: false": f"{COMMERCIAL}: true"})
    (tmp_path / "MODEL_SHEET.yaml").write_text(text, encoding="utf-8")
    (finding,) = _findings(tmp_path)
    assert finding["code"] == "MG206"
    assert finding["line"] == line_of(text, COMMERCIAL) and finding["column"] == 3
    assert finding["pointer"] == f"/rights/{COMMERCIAL}"
    assert "Commercial Use of Licensed Materials" in str(finding["message"])


def test_rows_are_compared_with_the_edition_of_the_license_file(tmp_path: Path) -> None:
    """An unmodified older text keeps its own Annex A: its rows are not 'wrong'."""
    from modelgo_lint.licenses import registry as registry_module
    from support import LICENSES, manifest

    registry = registry_module.load()
    older = next(e for e in manifest()
                 if e["id"] == "MG-BY-NC-2.0" and e["version_line"] == "Version 2.0, Nov 2024")
    write_model(tmp_path, "MG-BY-NC-2.0", license_bytes=(LICENSES / older["file"]).read_bytes())
    revision = next(r for r in registry.revisions if older["file"] in r.files)
    sheet = registry.sheet_of(revision)
    assert sheet is not None and sheet.key != registry.newest["MG-BY-NC-2.0"].sheet
    rows = "".join(f"  {row.key}: {str(row.value).lower()}\n" for row in sheet.rows)
    text = sheet_yaml("MG-BY-NC-2.0").split("rights:\n")[0] + "rights:\n" + rows
    (tmp_path / "MODEL_SHEET.yaml").write_text(text, encoding="utf-8")
    assert _codes(tmp_path) == ["MG103"]  # outdated, but its own rows agree


def test_readme_notice_with_wrong_identifier_is_mg204_with_suggestion(tmp_path: Path) -> None:
    readme = "# Model\n\nSome words.\n\nThis model is licensed under MG-NC-RAI-2.0.\n"
    write_model(tmp_path, "MG-BY-NC-RAI-2.0", readme=readme)
    (finding, *others) = _findings(tmp_path)
    assert not others, others
    assert finding["code"] == "MG204" and finding["path"] == "README.md"
    assert finding["line"] == 5 and finding["column"] == 30
    assert "did you mean MG-BY-NC-RAI-2.0?" in str(finding["message"])


def test_unknown_identifier_in_sheet_and_front_matter(tmp_path: Path) -> None:
    readme = ("---\nlicense: other\nlicense_name: mg-by-nc\nlicense_link: LICENSE\n---\n"
              "Licensed under the ModelGo license, see LICENSE.\n")
    write_model(tmp_path, "MG-BY-NC-2.0", readme=readme)
    text = sheet_yaml("MG-BY-NC-2.0", **{"id: MG-BY-NC-2.0": "id: MG-NC-2.0"})
    (tmp_path / "MODEL_SHEET.yaml").write_text(text, encoding="utf-8")
    found = {(f["path"], f["line"], f["code"]): str(f["message"]) for f in _findings(tmp_path)}
    assert set(found) == {("MODEL_SHEET.yaml", line_of(text, "id: MG-NC"), "MG204"),
                          ("README.md", 3, "MG204")}
    assert all("did you mean MG-BY-NC-2.0?" in message for message in found.values())


def test_front_matter_license_name_mismatch_is_mg205(tmp_path: Path) -> None:
    readme = ("---\nlicense: other\nlicense_name: mg-by-2.0\nlicense_link: LICENSE\n---\n\n"
              "This model is licensed under the ModelGo license (MG-BY-NC-2.0).\n")
    write_model(tmp_path, "MG-BY-NC-2.0", readme=readme)
    (finding,) = _findings(tmp_path)
    where = (finding["code"], finding["path"], finding["line"], finding["column"])
    assert where == ("MG205", "README.md", 3, 15)
    assert "MG-BY-2.0" in str(finding["message"]) and "MG-BY-NC-2.0" in str(finding["message"])


def test_hugging_face_front_matter_form_passes(tmp_path: Path) -> None:
    readme = ("---\nlicense: other\nlicense_name: mg-by-nc-2.0\nlicense_link: LICENSE\n---\n\n"
              "This model is licensed under the ModelGo license (MG-BY-NC-2.0).\n")
    write_model(tmp_path, "MG-BY-NC-2.0", readme=readme)
    assert _codes(tmp_path) == []


@pytest.mark.parametrize("front,code,line", [
    ("license: mit\nlicense_name: mg-by-nc-2.0\nlicense_link: LICENSE\n", "MG205", 2),
    ("license: other\nlicense_name: mg-by-nc-2.0\nlicense_link: LICENSE.md\n", "MG205", 4),
    ("license: other\nlicense_name: mg-by-nc-2.0\nlicense_link: ../LICENSE\n", "MG205", 4),
    ("license: other\nlicense_name: mg-by-nc-2.0\nlicense_link: https://example.invalid/LICENSE\n", None, 0),
    ("license: other\nlicense_name: mg-by-nc-2.0\nlicense_link: ./LICENSE\n", None, 0),
    ("license: [other\n", "MG202", 3),
    ("- just a list\n", "MG202", 2),
])
def test_front_matter_forms(tmp_path: Path, front: str, code: str | None, line: int) -> None:
    readme = f"---\n{front}---\n\nThis model is licensed under the ModelGo license (MG-BY-NC-2.0).\n"
    write_model(tmp_path, "MG-BY-NC-2.0", readme=readme)
    findings = _findings(tmp_path)
    if code is None:
        assert findings == []
    else:
        assert [(f["code"], f["line"]) for f in findings] == [(code, line)], findings


def test_sheet_declaring_another_license_is_mg205(tmp_path: Path) -> None:
    write_model(tmp_path, "MG-BY-NC-2.0")
    text = sheet_yaml("MG-BY-2.0")
    (tmp_path / "MODEL_SHEET.yaml").write_text(text, encoding="utf-8")
    (finding,) = _findings(tmp_path)
    assert finding["code"] == "MG205" and finding["line"] == line_of(text, "id: MG-BY-2.0")


def test_sheet_license_file_must_exist(tmp_path: Path) -> None:
    write_model(tmp_path, "MG-BY-NC-2.0")
    text = sheet_yaml("MG-BY-NC-2.0", **{"file: LICENSE": "file: LICENSES/MG.txt"})
    (tmp_path / "MODEL_SHEET.yaml").write_text(text, encoding="utf-8")
    (finding,) = _findings(tmp_path)
    assert finding["code"] == "MG205" and finding["pointer"] == "/license/file"


def test_readme_without_notice_is_mg207_warning(tmp_path: Path) -> None:
    write_model(tmp_path, "MG-BY-2.0", readme="# A model\n\nIt answers questions.\n")
    run = cli("check", "--format", "json", tmp_path)
    assert run.code == 0  # a warning does not fail at the default level
    (finding,) = json.loads(run.out)["findings"]
    assert (finding["code"], finding["severity"], finding["path"]) == ("MG207", "warning", "README.md")
    assert cli("check", "--fail-on", "warning", tmp_path).code == 1


def test_readme_of_a_non_modelgo_model_needs_no_notice(tmp_path: Path) -> None:
    from support import OTHER

    (tmp_path / "LICENSE").write_bytes(next(OTHER.glob("*.txt")).read_bytes())
    (tmp_path / "README.md").write_text("---\nlicense: apache-2.0\n---\n# A model\n", encoding="utf-8")
    assert [c for c in _codes(tmp_path) if c.startswith("MG2")] == []


def test_sheet_missing_is_off_unless_required(tmp_path: Path) -> None:
    write_model(tmp_path / "repo", "MG-BY-2.0")
    repo = tmp_path / "repo"
    assert _codes(repo) == []
    assert _codes(repo, "--severity", "MG201=error") == ["MG201"]
    (repo / ".modelgo-lint.yaml").write_text("require-sheet: true\n", encoding="utf-8")
    run = cli("check", repo)
    assert run.code == 1 and "MG201 sheet-missing" in run.out
    (repo / "MODEL_SHEET.yaml").write_text(sheet_yaml("MG-BY-2.0"), encoding="utf-8")
    assert cli("check", repo).code == 0


def test_check_without_a_sheet_does_not_import_jsonschema(tmp_path: Path) -> None:
    write_model(tmp_path, "MG-BY-NC-2.0")
    probe = (
        "import sys\nfrom modelgo_lint.cli import main\n"
        f"code = main(['check', {str(tmp_path)!r}])\n"
        "assert code == 0, code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('jsonschema', 'github'))\n"
        "print('HEAVY', heavy)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stdout
    (tmp_path / "MODEL_SHEET.yaml").write_text(sheet_yaml("MG-BY-NC-2.0"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stdout  # a valid sheet: the pre-validation spares jsonschema
    (tmp_path / "MODEL_SHEET.yaml").write_text(sheet_yaml("MG-BY-NC-2.0").replace("format_version: 1",
                                               "format_version: 2"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", probe.replace("assert code == 0, code\n", "")],
                          capture_output=True, text=True, timeout=60)
    assert "'jsonschema'" in proc.stdout  # an invalid one: jsonschema gives the messages
