"""The hook, driven by the real ``pre-commit`` tool.

The project's current working tree (tracked and untracked-not-ignored files) is snapshotted once
per session into a one-commit git repository that the test repositories name in their
``.pre-commit-config.yaml``, with one PRE_COMMIT_HOME: the hook environment is built once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from modelgo_lint.repo.discover import CODE_SUFFIXES, LICENSE_NAME, SHEET_NAME
from support import (
    GIT_ENV,
    PROJECT,
    cli,
    commit_all,
    git,
    init_repo,
    line_of,
    raw_bytes,
    sheet_yaml,
    write_model,
)

HOOKS = {hook["id"]: hook for hook in yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
LINT, SHEET = HOOKS["modelgo-lint"], HOOKS["modelgo-sheet"]


def test_hook_definitions() -> None:
    assert set(HOOKS) == {"modelgo-lint", "modelgo-sheet"}
    assert LINT["language"] == "python" and LINT["pass_filenames"] is True and LINT["always_run"] is True
    assert LINT["stages"] == ["pre-commit", "pre-merge-commit", "pre-push", "manual"]
    assert LINT["minimum_pre_commit_version"] == "3.2.0"  # the modern stage names
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
    ("LICENSES/MG-BY-2.0.txt", True), ("MG-BY-2.0.txt", True), ("NOTICE", True), ("sub/NOTICE.md", True),
    ("README.md", True),
    ("MODEL_SHEET.yaml", True), ("a/model_sheet.json", True),
    ("model.safetensors", False), ("pytorch_model-00001-of-00002.bin", False), ("config.json", False),
    ("src/license_utils.py", False), ("docs/licenses_overview.txt", False),
])
def test_hook_files_pattern(path: str, matches: bool) -> None:
    assert bool(re.search(LINT["files"], path)) is matches


@pytest.mark.parametrize("name", [
    "LICENSE", "LICENCE.md", "COPYING", "LICENSE-MODEL.txt", "license.MG-BY-2.0", "LICENSE.rst",
    "MG-BY-2.0.txt", "MG0-2.0", "mg-by-nc-rai-2.0.md", "MG-BY-2.0.py", "MG-BY-2.0-notes.txt",
    *(f"license_utils.{suffix}" for suffix in CODE_SUFFIXES),
])
def test_hook_pattern_agrees_with_discovery(name: str) -> None:
    assert bool(re.search(LINT["files"], name)) is bool(LICENSE_NAME.match(name))


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout as it is now (``git ls-files -co --exclude-standard``), committed once."""
    if shutil.which("pre-commit") is None:
        pytest.fail("pre-commit is not installed (pip install -e '.[test]')")
    snapshot = init_repo(tmp_path_factory.mktemp("hook-source") / "modelgo-lint")
    for name in git(PROJECT, "ls-files", "-z", "-co", "--exclude-standard").split("\0"):
        source = PROJECT / name
        if name and (source.is_file() or source.is_symlink()):
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name, follow_symlinks=False)
    commit_all(snapshot, "snapshot")
    return snapshot, git(snapshot, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def env(pre_commit_home: Path) -> dict[str, str]:
    return {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(pre_commit_home), "PRE_COMMIT_COLOR": "never"}


def _configure(repo: Path, source: tuple[Path, str], hook: str = "modelgo-lint") -> None:
    """The hook from the snapshot; ``verbose`` so that a passing run shows our output too."""
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source[0]}\n    rev: {source[1]}\n"
        f"    hooks:\n      - id: {hook}\n        verbose: true\n", encoding="utf-8")


def _run(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """A real command (``pre-commit ...``, ``git commit``, ``git push``); output and errors together."""
    return subprocess.run(list(args), cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=900, stdin=subprocess.DEVNULL)


def _model(tmp_path: Path, source: tuple[Path, str], license_id: str = "MG-BY-NC-2.0",
           notice: bool = False) -> Path:
    repo = init_repo(tmp_path / "model")
    write_model(repo, license_id)
    if notice:
        (repo / "NOTICE").write_text("Example model\nCopyright 2024 A Lab\n", encoding="utf-8")
    _configure(repo, source)
    commit_all(repo, "initial")
    return repo


def _passed(proc: subprocess.CompletedProcess[str], hook: str = "modelgo-lint") -> bool:
    assert re.search(rf"{hook}.*(Passed|Failed)", proc.stdout), proc.stdout
    passed = proc.returncode == 0 and re.search(rf"{hook}.*Passed", proc.stdout) is not None
    assert passed is (re.search(rf"{hook}.*Failed", proc.stdout) is None), proc.stdout
    return passed


MODIFIED = raw_bytes("MG-BY-NC-2.0").replace(b"NonCommercial purposes only", b"any purposes")


@pytest.mark.slow
def test_run_all_files_and_files_check_the_committed_tree(
    tmp_path: Path, hook_source: tuple[Path, str], env: dict[str, str]
) -> None:
    """CI's `pre-commit run --all-files` and `run --files LICENSE` give `check`'s verdict (issue 10)."""
    repo = _model(tmp_path, hook_source)
    for args in (("--all-files",), ("--files", "LICENSE")):
        assert _passed(_run(repo, env, "pre-commit", "run", *args)), args
    (repo / "LICENSE").write_bytes(MODIFIED)
    commit_all(repo, "a modified license, committed without the hook")
    assert cli("check", repo).code == 1
    for args in (("--all-files",), ("--files", "LICENSE"), ("--hook-stage", "manual", "--all-files")):
        proc = _run(repo, env, "pre-commit", "run", *args)
        assert not _passed(proc), args
        assert "LICENSE:71:1: error MG102 license-modified" in proc.stdout, proc.stdout
        assert "2.1(a)(iii): changed (line 71)" in proc.stdout


@pytest.mark.slow
def test_run_all_files_on_a_derivative_that_lost_its_upstream_attribution(
    tmp_path: Path, hook_source: tuple[Path, str], env: dict[str, str]
) -> None:
    from support import UPSTREAM_NOTICE
    from support import derivative as _derivative

    repo = init_repo(tmp_path / "derived")
    _derivative(repo, "MG-BY-NC-2.0", "MG-BY-2.0")
    _configure(repo, hook_source)
    commit_all(repo, "derivative")
    assert _passed(_run(repo, env, "pre-commit", "run", "--all-files"))
    sheet = (repo / "MODEL_SHEET.yaml").read_text("utf-8")
    attribution = f'    attribution:\n      - "{UPSTREAM_NOTICE}"\n'
    (repo / "MODEL_SHEET.yaml").write_text(sheet.replace(attribution, ""), encoding="utf-8")
    (repo / "NOTICE").write_text("Derived model\n", encoding="utf-8")
    commit_all(repo, "upstream attribution dropped")
    check = cli("check", "--format", "json", repo)
    findings = json.loads(check.out)["findings"]
    assert check.code == 1 and "MG304" in {f["code"] for f in findings}
    proc = _run(repo, env, "pre-commit", "run", "--all-files")
    assert not _passed(proc)
    for finding in findings:
        assert f"{finding['path']}" in proc.stdout and f" {finding['code']} " in proc.stdout, finding


@pytest.mark.slow
def test_commit_stage_blocks_a_staged_modified_license_and_skips_code_only_commits(
    tmp_path: Path, hook_source: tuple[Path, str], env: dict[str, str]
) -> None:
    repo = _model(tmp_path, hook_source)
    (repo / "LICENSE").write_bytes(MODIFIED)
    git(repo, "add", "LICENSE")
    blocked = _run(repo, env, "pre-commit", "run")
    assert not _passed(blocked)
    assert "LICENSE:71:1: error MG102 license-modified" in blocked.stdout

    # a commit touching only code, through `git commit` and the installed hook: it returns at once
    # (0 models read), though the working tree holds a modified LICENSE that is not part of it
    git(repo, "reset", "-q", "--hard")
    _run(repo, env, "pre-commit", "install").check_returncode()
    (repo / "train.py").write_text("print('hi')\n", encoding="utf-8")
    git(repo, "add", "train.py")
    (repo / "LICENSE").write_bytes(MODIFIED)
    quiet = _run(repo, env, "git", "commit", "-m", "code only")
    assert _passed(quiet)
    assert "No problems found (0 models, 0 files read)." in quiet.stdout and "MG1" not in quiet.stdout
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2"


@pytest.mark.slow
def test_sheet_hook_validates_staged_sheets(
    tmp_path: Path, hook_source: tuple[Path, str], env: dict[str, str]
) -> None:
    repo = init_repo(tmp_path / "model")
    write_model(repo / "models" / "a", "MG-BY-NC-2.0")
    (repo / "models" / "a" / "MODEL_SHEET.yaml").write_text(sheet_yaml("MG-BY-NC-2.0"), encoding="utf-8")
    _configure(repo, hook_source, hook="modelgo-sheet")
    commit_all(repo, "initial")
    assert _passed(_run(repo, env, "pre-commit", "run", "--all-files"), hook="modelgo-sheet")

    bad = sheet_yaml("MG-BY-NC-2.0", **{"licensor: \"Example Lab\"": "licensor: NO"})
    (repo / "models" / "a" / "MODEL_SHEET.yaml").write_text(bad, encoding="utf-8")
    git(repo, "add", "-A")
    blocked = _run(repo, env, "pre-commit", "run")
    assert not _passed(blocked, hook="modelgo-sheet")
    line = line_of(bad, "licensor: NO")
    assert f"models/a/MODEL_SHEET.yaml:{line}:11: error MG203 sheet-schema" in blocked.stdout


@pytest.mark.slow
def test_hook_refuses_a_commit_that_deletes_notice(
    tmp_path: Path, hook_source: tuple[Path, str], env: dict[str, str]
) -> None:
    """Through the real hook, installed with `pre-commit install`, on `git commit`."""
    repo = _model(tmp_path, hook_source, "MG-BY-2.0", notice=True)
    _run(repo, env, "pre-commit", "install").check_returncode()
    git(repo, "rm", "-q", "NOTICE")
    proc = _run(repo, env, "git", "commit", "-m", "drop NOTICE")
    assert proc.returncode != 0, proc.stdout
    assert "NOTICE: error MG302 notice-file-removed" in proc.stdout
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"  # the commit was refused


@pytest.mark.slow
def test_pre_push_checks_the_pushed_tree_against_the_remote(
    tmp_path: Path, hook_source: tuple[Path, str], env: dict[str, str]
) -> None:
    repo = _model(tmp_path, hook_source, "MG-BY-2.0", notice=True)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    _run(repo, env, "pre-commit", "install", "-t", "pre-push").check_returncode()

    first = _run(repo, env, "git", "push", "-q", "origin", "main")
    assert _passed(first)
    assert "modelgo-lint: no retention base (first push): notices not compared" in first.stdout
    pushed = git(remote, "rev-parse", "main").strip()

    git(repo, "rm", "-q", "NOTICE")
    git(repo, "commit", "-q", "--no-verify", "-m", "drop NOTICE")
    refused = _run(repo, env, "git", "push", "-q", "origin", "main")
    assert refused.returncode != 0 and not _passed(refused)
    assert f"NOTICE: error MG302 notice-file-removed: NOTICE was deleted (it existed at {pushed})" \
        in refused.stdout
    assert git(remote, "rev-parse", "main").strip() == pushed

    # the working tree is fixed but the fix is not committed: the pushed tree is what is checked
    (repo / "NOTICE").write_text("Example model\nCopyright 2024 A Lab\n", encoding="utf-8")
    assert cli("check", "--base", pushed, repo).code == 0
    still = _run(repo, env, "git", "push", "-q", "origin", "main")
    assert still.returncode != 0 and "NOTICE: error MG302" in still.stdout
    assert git(remote, "rev-parse", "main").strip() == pushed

    # `pre-commit run --from-ref/--to-ref` is the same check
    ranged = _run(repo, env, "pre-commit", "run", "--from-ref", pushed, "--to-ref", "HEAD")
    assert not _passed(ranged) and "NOTICE: error MG302" in ranged.stdout


@pytest.mark.slow
def test_pre_merge_commit_refuses_a_merge_that_removes_notice(
    tmp_path: Path, hook_source: tuple[Path, str], env: dict[str, str]
) -> None:
    repo = _model(tmp_path, hook_source, "MG-BY-2.0", notice=True)
    _run(repo, env, "pre-commit", "install", "-t", "pre-merge-commit").check_returncode()
    git(repo, "checkout", "-q", "-b", "feature")
    git(repo, "rm", "-q", "NOTICE")
    git(repo, "commit", "-q", "--no-verify", "-m", "drop NOTICE")
    git(repo, "checkout", "-q", "main")
    (repo / "train.py").write_text("print('hi')\n", encoding="utf-8")
    commit_all(repo, "code")  # main moved on: the merge is a real merge commit
    before = git(repo, "rev-parse", "HEAD").strip()
    proc = _run(repo, env, "git", "merge", "--no-edit", "feature")
    assert proc.returncode != 0 and not _passed(proc)
    assert "NOTICE: error MG302 notice-file-removed" in proc.stdout
    assert git(repo, "rev-parse", "HEAD").strip() == before
