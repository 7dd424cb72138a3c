"""The real command line: golden outputs, exit codes, JSON contracts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import LICENSES, OTHER, cli, golden, license_entries, raw_bytes, write_model


def _older(license_id: str, version: str) -> bytes:
    entry = next(e for e in license_entries() if e["id"] == license_id and e["version_line"] == version)
    return (LICENSES / entry["file"]).read_bytes()


@pytest.fixture
def zoo(tmp_path: Path) -> Path:
    """A monorepo with one model per kind of finding."""
    models = tmp_path / "zoo" / "models"
    write_model(models / "canonical", "MG-BY-2.0")
    write_model(models / "modified", "MG-BY-NC-2.0",
                raw_bytes("MG-BY-NC-2.0").replace(b"You shall not refer", b"You shall refer"))
    write_model(models / "outdated", "MG-BY-2.0", _older("MG-BY-2.0", "Version 2.0, May 2025"))
    write_model(models / "reference", "MG-BY-NC-RAI-2.0", b"Licensed under MG-BY-NC-RAI-2.0.\n")
    write_model(models / "preamble", "MG0-2.0", b"Copyright 2025 Example Lab\n\n" + raw_bytes("MG0-2.0"))
    write_model(models / "missing", "MG-BY-2.0").joinpath("LICENSE").unlink()
    write_model(models / "apache", "MG-BY-2.0", (OTHER / "Apache-2.0.txt").read_bytes())
    write_model(models / "unreadable", "MG-BY-2.0", b"caf\xe9\n")
    return tmp_path / "zoo"


def test_check_text_golden(zoo: Path) -> None:
    run = cli("check", ".", cwd=zoo)
    assert run.code == 1 and run.err == ""
    golden("check.txt", run.out)


def test_check_json_golden(zoo: Path) -> None:
    run = cli("check", "--format", "json", cwd=zoo)
    assert run.code == 1
    document = json.loads(run.out)
    assert document["version"] == 1
    assert set(document["summary"]) == {"error", "warning", "info"}
    keys = {"code", "name", "severity", "message", "path", "line", "column", "pointer", "hint", "details"}
    assert all(set(f) == keys for f in document["findings"])
    positions = [(f["path"], f["line"] or 0, f["column"] or 0) for f in document["findings"]]
    assert positions == sorted(positions)
    golden("check.json", run.out)


@pytest.mark.parametrize("fmt,name", [("sarif", "check.sarif"), ("markdown", "check.md"),
                                      ("github", "check.github.txt")])
def test_check_other_formats_golden(zoo: Path, fmt: str, name: str) -> None:
    run = cli("check", "--format", fmt, cwd=zoo)
    assert run.code == 1 and run.err == ""
    golden(name, run.out.replace(__import__("modelgo_lint").__version__, "VERSION"))


def test_identify_golden(zoo: Path) -> None:
    names = ["canonical", "modified", "outdated", "reference", "preamble", "apache", "unreadable"]
    files = [f"models/{name}/LICENSE" for name in names]
    text = cli("identify", *files, cwd=zoo)
    assert text.code == 1
    golden("identify.txt", text.out)
    as_json = cli("identify", "--format", "json", *files, cwd=zoo)
    results = json.loads(as_json.out)
    assert [r["path"] for r in results] == files
    assert [r["verdict"] for r in results] == [
        "canonical", "modified", "outdated", "not-modelgo", "canonical", "not-modelgo", None]
    golden("identify.json", as_json.out)


def test_identify_exit_zero_for_unmodified_copies(tmp_path: Path) -> None:
    (tmp_path / "L").write_bytes(raw_bytes("MG-BY-SA-2.0"))
    run = cli("identify", tmp_path / "L")
    assert run.code == 0 and "canonical MG-BY-SA-2.0" in run.out


def test_clean_repository_exits_zero(tmp_path: Path) -> None:
    write_model(tmp_path, "MG-BY-NC-2.0")
    run = cli("check", tmp_path)
    assert (run.code, run.out) == (0, "No problems found (1 model, 2 files read).\n")


@pytest.mark.parametrize("fail_on,code", [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on(tmp_path: Path, fail_on: str, code: int) -> None:
    write_model(tmp_path, "MG-BY-2.0", _older("MG-BY-2.0", "Version 2.0, Nov 2024"))
    assert cli("check", "--fail-on", fail_on, tmp_path).code == code


def test_severity_override_and_disable(tmp_path: Path) -> None:
    write_model(tmp_path, "MG-BY-2.0", _older("MG-BY-2.0", "Version 2.0, Nov 2024"))
    raised = cli("check", "--severity", "MG103=error", tmp_path)
    assert raised.code == 1 and "error MG103" in raised.out
    disabled = cli("check", "--severity", "license-outdated=off", "--fail-on", "info", tmp_path)
    assert disabled.code == 0 and "MG103" not in disabled.out


@pytest.mark.parametrize("args,message", [
    (["check", "--severity", "MG999=error", "."], "unknown rule 'MG999'"),
    (["check", "--severity", "MG102=fatal", "."], "unknown severity"),
    (["check", "no-such-dir"], "not a directory"),
    (["check", "--format", "yaml", "."], "invalid choice"),
    (["frobnicate"], "invalid choice"),
])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    run = cli(*args, cwd=tmp_path)
    assert run.code == 2 and message in run.err and "Traceback" not in run.err


def test_several_paths_are_prefixed(tmp_path: Path) -> None:
    write_model(tmp_path / "a", "MG-BY-2.0", b"Licensed under MG-BY-2.0\n")
    write_model(tmp_path / "b", "MG-BY-2.0", b"Licensed under MG-BY-2.0\n")
    run = cli("check", "--format", "json", "a", "b", cwd=tmp_path)
    assert [f["path"] for f in json.loads(run.out)["findings"]] == ["a/LICENSE", "b/LICENSE"]


def test_module_and_script_entry_points_agree(tmp_path: Path) -> None:
    import shutil
    import subprocess

    script = shutil.which("modelgo-lint")
    assert script is not None, "the console script is not installed"
    (tmp_path / "L").write_bytes(raw_bytes("MG0-2.0"))
    module = cli("identify", tmp_path / "L")
    console = subprocess.run([script, "identify", str(tmp_path / "L")], capture_output=True, text=True,
                             timeout=60)
    assert (console.returncode, console.stdout) == (module.code, module.out) == (0, module.out)
    assert "canonical MG0-2.0" in module.out


def test_internal_error_exits_3_without_traceback(tmp_path: Path) -> None:
    write_model(tmp_path, "MG-BY-2.0")
    # a corrupt registry is an internal error: simulate it through a sitecustomize shim
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        "import modelgo_lint.licenses.registry as r\n"
        "def boom():\n    raise RuntimeError('registry unavailable')\n"
        "r.load = boom\n", encoding="utf-8")
    run = cli("check", tmp_path, env={"PYTHONPATH": str(shim)})
    assert run.code == 3
    assert "internal error: RuntimeError: registry unavailable" in run.err
    assert "Traceback" not in run.err


COMMANDS = ("check", "lineage", "hook", "check-sheet", "github", "sheet", "schema", "identify", "init", "fix",
            "rules")


def test_help_lists_every_command_and_a_typo_names_the_choices() -> None:
    """The parser builds only the command being run (issue 14): the top-level help and the
    invalid-choice error must still know every command."""
    run = cli("--help")
    assert run.code == 0
    listed = [line.split()[0] for line in run.out.split("  COMMAND\n", 1)[1].split("\n\n", 1)[0].split("\n")
              if line.startswith("    ") and not line.startswith("     ")]
    assert tuple(listed) == COMMANDS
    typo = cli("chek", ".")
    assert typo.code == 2 and all(repr(name) in typo.err for name in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_commands_help_shows_its_own_options(command: str) -> None:
    run = cli(command, "--help")
    assert run.code == 0 and run.out.startswith(f"usage: modelgo-lint {command} ")
    assert "options:" in run.out


@pytest.mark.parametrize("args", [["--", "check", "."], ["-", "check", "."], ["--bogus", "check", "."],
                                  ["-x", "check"]])
def test_a_word_before_the_command_still_names_every_choice(args: list[str]) -> None:
    """The parser is built for the first word argparse reads as the command: a ``--`` or ``-``
    before it is that word (an invalid choice), and the error must not claim the later word is
    the only command there is."""
    run = cli(*args)
    assert run.code == 2 and "Traceback" not in run.err
    if "invalid choice" in run.err:
        assert all(repr(name) in run.err for name in COMMANDS), run.err


def test_the_global_options_before_the_command_still_run_it(tmp_path: Path) -> None:
    assert cli("--vers", "check").out.startswith("modelgo-lint ")
    assert cli("--he", "check").out.startswith("usage: modelgo-lint [-h]")
    (tmp_path / "L").write_bytes(raw_bytes("MG0-2.0"))
    assert "canonical MG0-2.0" in cli("identify", "--", tmp_path / "L").out
