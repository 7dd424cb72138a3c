"""Issue 15, item 8: the smaller frictions a new user met, each through the real CLI."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from support import PROJECT, cli, sheet_yaml, write_model


def test_unknown_severity_lists_off(tmp_path: Path) -> None:
    run = cli("check", "--severity", "MG104=silent", tmp_path)
    assert run.code == 2
    assert "MG104" in run.err and all(level in run.err for level in ("error", "warning", "info", "off"))


def test_unquoted_off_in_the_configuration_gets_a_hint_to_quote_it(tmp_path: Path) -> None:
    (tmp_path / ".modelgo-lint.yaml").write_text("severity:\n  MG104: off\n", encoding="utf-8")
    run = cli("check", tmp_path)
    assert run.code == 2
    assert 'MG104: "off"' in run.err and "quote" in run.err
    (tmp_path / ".modelgo-lint.yaml").write_text('severity:\n  MG104: "off"\n', encoding="utf-8")
    assert cli("check", tmp_path).code == 0


def test_check_sheet_takes_an_absolute_path_outside_the_current_folder(tmp_path: Path) -> None:
    model, elsewhere = tmp_path / "model", tmp_path / "elsewhere"
    write_model(model, "MG-BY-2.0")
    elsewhere.mkdir()
    sheet = model / "MODEL_SHEET.yaml"
    sheet.write_text(sheet_yaml("MG-BY-2.0"), encoding="utf-8")
    assert cli("check-sheet", sheet, cwd=elsewhere).code == 0
    sheet.write_text(sheet_yaml("MG-BY-2.0") + "licensor: twice\n", encoding="utf-8")
    run = cli("check-sheet", sheet, cwd=elsewhere)
    assert run.code == 1 and run.out.startswith(f"{sheet.as_posix()}:"), run.out
    assert cli("check-sheet", "../model/MODEL_SHEET.yaml", cwd=elsewhere).code == 2  # relative: still refused


def test_identify_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    run = cli("identify", "NOPE", cwd=tmp_path)
    assert run.code == 2 and "NOPE" in run.err


def test_python_version_classifiers_and_changelog() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["project"]
    versions = {c.rsplit(" :: ", 1)[1] for c in project["classifiers"]
                if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)}
    assert versions == {"3.10", "3.11", "3.12", "3.13"}
    assert project["requires-python"] == ">=3.10"
    changelog = (PROJECT / "CHANGELOG.md").read_text("utf-8")
    assert changelog.startswith("# Changelog\n") and "## [Unreleased]" in changelog
    assert f"## [{project['version']}] - " in changelog
    for heading in re.findall(r"^### (.+)$", changelog, re.M):  # Keep a Changelog's kinds of change
        assert heading in ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"), heading
    for version in re.findall(r"^## \[([^\]]+)\]", changelog, re.M):
        assert re.search(rf"^\[{re.escape(version)}\]: https://", changelog, re.M), version
