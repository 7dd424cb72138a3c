"""The hook, driven by the real ``pre-commit`` tool (``pre-commit try-repo`` on this checkout)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from modelgo_lint.discover import CODE_SUFFIXES, LICENSE_NAME, SHEET_NAME
from support import GIT_ENV, PROJECT, commit_all, git, init_repo, raw_bytes, sheet_yaml, write_model

HOOKS = {hook["id"]: hook for hook in yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
LINT, SHEET = HOOKS["modelgo-lint"], HOOKS["modelgo-sheet"]


def test_hook_definitions() -> None:
    assert set(HOOKS) == {"modelgo-lint", "modelgo-sheet"}
    assert LINT["language"] == "python" and LINT["pass_filenames"] is False
    assert SHEET["language"] == "python" and SHEET.get("pass_filenames", True) is True
    for hook in HOOKS.values():
        assert hook["entry"].split()[0] == "modelgo-lint"


def test_hook_entries_are_commands() -> None:
    from modelgo_lint.cli import _parser

    for hook in HOOKS.values():
        subcommand = hook["entry"].split()[1]
        assert subcommand in _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]


@pytest.mark.parametrize("path,matches", [
    ("MODEL_SHEET.yaml", True), ("models/a/model_sheet.yml", True), ("Model_Sheet.JSON", True),
    ("MODEL_SHEET.yaml.bak", False), ("README.md", False), ("LICENSE", False), ("sheet.yaml", False),
])
def test_sheet_hook_files_pattern(path: str, matches: bool) -> None:
    assert bool(re.search(SHEET["files"], path)) is matches
    assert bool(re.search(SHEET["files"], path)) is bool(SHEET_NAME.match(path.rsplit("/", 1)[-1]))


@pytest.mark.parametrize("path,matches", [
    ("LICENSE", True), ("LICENSE.md", True), ("models/a/LICENCE.txt", True), ("COPYING", True),
    ("LICENSES/MG-BY-2.0.txt", True), ("NOTICE", True), ("sub/NOTICE.md", True), ("README.md", True),
    ("MODEL_SHEET.yaml", True), ("a/model_sheet.json", True),
    ("model.safetensors", False), ("pytorch_model-00001-of-00002.bin", False), ("config.json", False),
    ("src/license_utils.py", False), ("docs/licenses_overview.txt", False),
])
def test_hook_files_pattern(path: str, matches: bool) -> None:
    assert bool(re.search(LINT["files"], path)) is matches


@pytest.mark.parametrize("name", [
    "LICENSE", "LICENCE.md", "COPYING", "LICENSE-MODEL.txt", "license.MG-BY-2.0", "LICENSE.rst",
    *(f"license_utils.{suffix}" for suffix in CODE_SUFFIXES),
])
def test_hook_pattern_agrees_with_discovery(name: str) -> None:
    assert bool(re.search(LINT["files"], name)) is bool(LICENSE_NAME.match(name))


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pre-commit") is None:
        pytest.fail("pre-commit is not installed (pip install -e '.[test]')")
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(repo: Path, home: Path, *extra: str,
              hook: str = "modelgo-lint") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        ["pre-commit", "try-repo", str(PROJECT), hook, *extra],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_pre_commit_passes_canonical_and_blocks_modified(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = init_repo(tmp_path / "model")
    write_model(repo, "MG-BY-NC-2.0")
    commit_all(repo, "initial")

    clean = _try_repo(repo, pre_commit_home, "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"modelgo-lint.*Passed", clean.stdout)

    (repo / "LICENSE").write_bytes(raw_bytes("MG-BY-NC-2.0").replace(b"NonCommercial purposes only",
                                                                        b"any purposes"))
    git(repo, "add", "LICENSE")
    blocked = _try_repo(repo, pre_commit_home)
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert re.search(r"modelgo-lint.*Failed", blocked.stdout)
    assert "LICENSE:71:1: error MG102 license-modified" in blocked.stdout
    assert "2.1(a)(iii): changed (line 71)" in blocked.stdout

    # a commit touching only weights and code: the hook starts (always_run) and returns at once,
    # even though the working tree holds a modified LICENSE that is not part of the commit
    git(repo, "reset", "-q", "--hard")
    (repo / "train.py").write_text("print('hi')\n", encoding="utf-8")
    git(repo, "add", "train.py")
    (repo / "LICENSE").write_text("not staged\n", encoding="utf-8")
    quiet = _try_repo(repo, pre_commit_home)
    assert quiet.returncode == 0 and re.search(r"modelgo-lint.*Passed", quiet.stdout), quiet.stdout
    assert "MG1" not in quiet.stdout


@pytest.mark.slow
def test_sheet_hook_validates_staged_sheets(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = init_repo(tmp_path / "model")
    write_model(repo / "models" / "a", "MG-BY-NC-2.0")
    (repo / "models" / "a" / "MODEL_SHEET.yaml").write_text(sheet_yaml("MG-BY-NC-2.0"), encoding="utf-8")
    commit_all(repo, "initial")
    clean = _try_repo(repo, pre_commit_home, "--all-files", hook="modelgo-sheet")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"modelgo-sheet.*Passed", clean.stdout)

    bad = sheet_yaml("MG-BY-NC-2.0", **{"licensor: \"Example Lab\"": "licensor: NO"})
    (repo / "models" / "a" / "MODEL_SHEET.yaml").write_text(bad, encoding="utf-8")
    git(repo, "add", "-A")
    blocked = _try_repo(repo, pre_commit_home, hook="modelgo-sheet")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "models/a/MODEL_SHEET.yaml:10:11: error MG203 sheet-schema" in blocked.stdout


@pytest.mark.slow
def test_hook_refuses_a_commit_that_deletes_notice(tmp_path: Path, pre_commit_home: Path) -> None:
    """Through the real hook, installed with `pre-commit install`, on `git commit`."""
    repo = init_repo(tmp_path / "model")
    write_model(repo, "MG-BY-2.0")
    (repo / "NOTICE").write_text("Example model\nCopyright 2024 A Lab\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {PROJECT}\n    rev: {git(PROJECT, 'rev-parse', 'HEAD').strip()}\n"
        "    hooks:\n      - id: modelgo-lint\n", encoding="utf-8")
    commit_all(repo, "initial")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(pre_commit_home), "PRE_COMMIT_COLOR": "never"}
    subprocess.run(["pre-commit", "install"], cwd=repo, env=env, check=True, capture_output=True)
    git(repo, "rm", "-q", "NOTICE")
    proc = subprocess.run(["git", "commit", "-m", "drop NOTICE"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "NOTICE: error MG302 notice-file-removed" in proc.stdout + proc.stderr
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"  # the commit was refused
