"""Configuration files: .modelgo-lint.yaml, [tool.modelgo-lint], --config; validated, merged with options."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import cli, write_model


def _model(tmp_path: Path) -> Path:
    root = write_model(tmp_path / "repo", "MG-BY-2.0", readme="# A model\n")  # MG207 (warning)
    return root


def test_yaml_config_sets_severity_and_fail_level(tmp_path: Path) -> None:
    root = _model(tmp_path)
    assert cli("check", root).code == 0
    (root / ".modelgo-lint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    assert cli("check", root).code == 1
    assert cli("check", "--fail-on", "error", root).code == 0  # the command line wins
    (root / ".modelgo-lint.yaml").write_text("severity:\n  readme-notice-missing: error\n", encoding="utf-8")
    run = cli("check", root)
    assert run.code == 1 and "error MG207" in run.out


def test_disable(tmp_path: Path) -> None:
    root = _model(tmp_path)
    (root / ".modelgo-lint.yaml").write_text("disable: [MG207]\n", encoding="utf-8")
    assert "MG207" not in cli("check", root).out


def test_pyproject_table(tmp_path: Path) -> None:
    root = _model(tmp_path)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.modelgo-lint]\nfail-on = "warning"\n'
                                         'severity = { MG207 = "error" }\n', encoding="utf-8")
    run = cli("check", root)
    assert run.code == 1 and "error MG207" in run.out


def test_explicit_config_file(tmp_path: Path) -> None:
    root = _model(tmp_path)
    config = tmp_path / "strict.yaml"
    config.write_text("require-sheet: true\n", encoding="utf-8")
    run = cli("check", "--config", config, root)
    assert run.code == 1 and "MG201" in run.out
    missing = cli("check", "--config", tmp_path / "nope.yaml", root)
    assert missing.code == 2 and "nope.yaml" in missing.err


@pytest.mark.parametrize("text,expected", [
    ("severity:\n  MG999: error\n", "unknown rule 'MG999'"),
    ("disable: [no-such-rule]\n", "unknown rule 'no-such-rule'"),
    ("severity:\n  MG102: loud\n", ":2:10: /severity/MG102"),
    ("require-sheets: true\n", ':1:1: unknown key "require-sheets"'),
    ("require-sheet: yes please\n", ":1:16: /require-sheet: expected boolean"),
    ("fail-on: [\n", ".modelgo-lint.yaml:2:1: invalid YAML"),
    ("a: &a [1]\nb: *a\nb: 2\n", "duplicate key 'b'"),
])
def test_invalid_configuration_is_exit_2_with_position(tmp_path: Path, text: str, expected: str) -> None:
    root = _model(tmp_path)
    (root / ".modelgo-lint.yaml").write_text(text, encoding="utf-8")
    run = cli("check", root)
    assert run.code == 2, run.out + run.err
    assert expected in run.err, run.err
    assert "Traceback" not in run.err


def test_invalid_pyproject_table(tmp_path: Path) -> None:
    root = _model(tmp_path)
    (root / "pyproject.toml").write_text('[tool.modelgo-lint]\nfail_on = "warning"\n', encoding="utf-8")
    run = cli("check", root)
    assert run.code == 2 and 'unknown key "fail_on"' in run.err and "did you mean fail-on?" in run.err
