"""git runs nothing of the repository's: a ``.git/config`` that plants every known hook point
(fsmonitor, clean/smudge filters, external diff, textconv, pager, hooks, ssh command, credential
helper, askpass, upload-pack) runs none of them during ``check --base``, ``check --staged`` and the
hook, and the verdicts are those of a harmless repository. The Action's base fetch is in
tests/github/test_events.py."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from modelgo_lint.repo.gitio import staged_names
from support import cli, commit_all, git, init_repo, plant, plant_attributes, ran, write_model

NOTICE = "Example model\nCopyright 2024 A Lab\n"


def _repo(tmp_path: Path) -> Path:
    repo = init_repo(tmp_path / "repo")
    write_model(repo, "MG-BY-2.0")
    (repo / "NOTICE").write_text(NOTICE, encoding="utf-8")
    plant_attributes(repo)
    commit_all(repo, "base")
    return repo


def _codes(out: str) -> list[str]:
    return [f["code"] for f in json.loads(out)["findings"]]


def test_check_base_runs_no_program_of_the_repository(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    git(repo, "rm", "-q", "NOTICE")
    commit_all(repo, "drop NOTICE")
    markers = tmp_path / "markers"
    plant(repo, markers)
    run = cli("check", "--base", "HEAD~1", "--format", "json", ".", cwd=repo)
    assert ran(markers) == [] and "Traceback" not in run.err
    assert run.code == 1 and _codes(run.out) == ["MG302"], run.out + run.err
    # the planted programs are live: git's porcelain, as a user runs it, does run them
    subprocess.run(["git", "-c", "core.pager=cat", "diff", "HEAD~1"], cwd=repo, capture_output=True)
    assert "fsmonitor" in ran(markers) and "filter-process" in ran(markers)


def test_check_staged_and_the_commit_hook_run_no_program_of_the_repository(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    git(repo, "rm", "-q", "NOTICE")  # staged, not committed
    markers = tmp_path / "markers"
    plant(repo, markers)
    staged = cli("check", "--staged", "--format", "json", ".", cwd=repo)
    assert ran(markers) == [], staged.err
    assert staged.code == 1 and _codes(staged.out) == ["MG302"], staged.out + staged.err
    hook = cli("hook", "--format", "json", cwd=repo)
    assert ran(markers) == [] and hook.code == 1 and _codes(hook.out) == ["MG302"], hook.out + hook.err


def test_the_index_git_names_is_read_and_other_git_variables_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``git commit -a`` runs pre-commit with GIT_INDEX_FILE naming a temporary index: it is kept;
    the GIT_* variables that could run a program or redirect git are not passed on."""
    repo = _repo(tmp_path)
    other = repo / ".git" / "next-index"
    for args in (["read-tree", "HEAD"], ["rm", "-q", "--cached", "NOTICE"]):
        subprocess.run(["git", *args], cwd=repo, env={**os.environ, "GIT_INDEX_FILE": str(other)}, check=True)
    markers = tmp_path / "markers"
    plant(repo, markers)
    programs = tmp_path / "programs"
    assert staged_names(repo) == []
    monkeypatch.setenv("GIT_INDEX_FILE", str(other))
    for name, value in {
        "GIT_EXTERNAL_DIFF": "diff-external", "GIT_PAGER": "pager", "GIT_SSH_COMMAND": "ssh",
        "GIT_ASKPASS": "askpass", "GIT_CONFIG_COUNT": "", "GIT_CONFIG_KEY_0": "",
        "GIT_CONFIG_VALUE_0": "fsmonitor", "GIT_EXEC_PATH": "",
    }.items():
        monkeypatch.setenv(name, str(programs / value) if value else "")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.fsmonitor")
    monkeypatch.setenv("GIT_EXEC_PATH", str(tmp_path / "nowhere"))
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", f"'diff.external'='{programs / 'diff-external'}'")
    assert staged_names(repo) == ["NOTICE"]
    hook = cli("hook", "--format", "json", cwd=repo)  # the working tree still has NOTICE: clean
    assert ran(markers) == [] and hook.code == 0 and _codes(hook.out) == [], hook.out + hook.err


@pytest.mark.parametrize("rename", [False, True])
def test_the_push_hook_runs_no_program_of_the_repository(tmp_path: Path, rename: bool) -> None:
    repo = _repo(tmp_path)
    if rename:
        git(repo, "mv", "LICENSE", "LICENSE.md")
    git(repo, "rm", "-q", "NOTICE")
    commit_all(repo, "drop NOTICE")
    markers = tmp_path / "markers"
    plant(repo, markers)
    refs = {"PRE_COMMIT_FROM_REF": "HEAD~1", "PRE_COMMIT_TO_REF": "HEAD"}
    hook = cli("hook", "--format", "json", cwd=repo, env=refs)
    assert ran(markers) == [] and "Traceback" not in hook.err
    expected = ["MG205", "MG302"] if rename else ["MG302"]  # README still links to LICENSE
    assert hook.code == 1 and sorted(_codes(hook.out)) == expected, hook.out + hook.err
