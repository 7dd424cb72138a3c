"""The hook, driven by the real ``pre-commit`` tool (``pre-commit try-repo`` on this checkout)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from modelgo_lint.discover import CODE_SUFFIXES, LICENSE_NAME
from support import GIT_ENV, PROJECT, commit_all, git, init_repo, raw_bytes, write_model

HOOKS = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text("utf-8"))


def test_hook_definition() -> None:
    (hook,) = HOOKS
    assert hook["id"] == "modelgo-lint"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["entry"].split()[0] == "modelgo-lint"


@pytest.mark.parametrize("path,matches", [
    ("LICENSE", True), ("LICENSE.md", True), ("models/a/LICENCE.txt", True), ("COPYING", True),
    ("LICENSES/MG-BY-2.0.txt", True), ("NOTICE", True), ("sub/NOTICE.md", True), ("README.md", True),
    ("MODEL_SHEET.yaml", True), ("a/model_sheet.json", True),
    ("model.safetensors", False), ("pytorch_model-00001-of-00002.bin", False), ("config.json", False),
    ("src/license_utils.py", False), ("docs/licenses_overview.txt", False),
])
def test_hook_files_pattern(path: str, matches: bool) -> None:
    (hook,) = HOOKS
    assert bool(re.search(hook["files"], path)) is matches


@pytest.mark.parametrize("name", [
    "LICENSE", "LICENCE.md", "COPYING", "LICENSE-MODEL.txt", "license.MG-BY-2.0", "LICENSE.rst",
    *(f"license_utils.{suffix}" for suffix in CODE_SUFFIXES),
])
def test_hook_pattern_agrees_with_discovery(name: str) -> None:

    (hook,) = HOOKS
    assert bool(re.search(hook["files"], name)) is bool(LICENSE_NAME.match(name))


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("pre-commit") is None:
        pytest.fail("pre-commit is not installed (pip install -e '.[test]')")
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(repo: Path, home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        ["pre-commit", "try-repo", str(PROJECT), "modelgo-lint", *extra],
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

    # a commit touching only weights and code does not run the hook at all
    git(repo, "checkout", "--", ".")
    git(repo, "reset", "-q", "--hard")
    (repo / "train.py").write_text("print('hi')\n", encoding="utf-8")
    git(repo, "add", "train.py")
    skipped = _try_repo(repo, pre_commit_home)
    assert skipped.returncode == 0 and re.search(r"modelgo-lint.*Skipped", skipped.stdout), skipped.stdout
