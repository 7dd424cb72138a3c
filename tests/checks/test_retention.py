"""MG301/MG302 on real temporary git repositories (check --base, the pre-commit hook)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import cli, commit_all, git, init_repo, raw_bytes, write_model

README = (
    "---\nlicense: other\nlicense_name: {lower}\nlicense_link: LICENSE\n---\n\n# Example model\n\n"
    "This model is licensed under the ModelGo license ({id}).\n\nCopyright 2024 A Lab\n"
)
NOTICE = "Example model\nCopyright 2024 A Lab\nIncludes weights trained by the B Lab team.\n"


def _repo(tmp_path: Path, license_id: str = "MG-BY-2.0") -> Path:
    repo = init_repo(tmp_path / "repo")
    write_model(repo, license_id, readme=README.format(lower=license_id.lower(), id=license_id))
    (repo / "NOTICE").write_text(NOTICE, encoding="utf-8")
    commit_all(repo, "initial")
    return repo


def _findings(repo: Path, *args: str) -> list[dict[str, object]]:
    run = cli("check", "--format", "json", *args, repo)
    assert run.code in (0, 1), run.err
    return list(json.loads(run.out)["findings"])


def _codes(repo: Path, *args: str) -> list[str]:
    return [str(f["code"]) for f in _findings(repo, *args)]


def test_removing_a_notice_line_is_mg301(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "NOTICE").write_text(NOTICE.replace("Includes weights trained by the B Lab team.\n", ""), "utf-8")
    commit_all(repo, "drop a line")
    (finding,) = _findings(repo, "--base", "HEAD~1")
    assert finding["code"] == "MG301" and finding["path"] == "NOTICE"
    assert "Includes weights trained by the B Lab team." in str(finding["message"])
    assert "NOTICE:3 at HEAD~1" in str(finding["message"])
    assert _codes(repo, "--base", "HEAD") == []


def test_same_change_under_mg0_is_fine(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "MG0-2.0")
    (repo / "NOTICE").write_text("Example model\n", "utf-8")
    readme = (repo / "README.md").read_text("utf-8").replace("2024 A Lab", "2025 B Lab")
    (repo / "README.md").write_text(readme, "utf-8")
    commit_all(repo, "own notices changed")
    assert _codes(repo, "--base", "HEAD~1") == []


def test_renaming_notice_with_content_kept_is_fine(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    git(repo, "mv", "NOTICE", "NOTICE.md")
    commit_all(repo, "rename")
    assert _codes(repo, "--base", "HEAD~1") == []


def test_moving_the_model_folder_is_followed(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "models").mkdir()
    for name in ("LICENSE", "README.md", "NOTICE", "config.json"):
        git(repo, "mv", name, f"models/{name}")
    commit_all(repo, "move")
    assert _codes(repo, "--base", "HEAD~1") == []
    (repo / "models" / "NOTICE").write_text("Example model\n", "utf-8")
    findings = _findings(repo, "--base", "HEAD~1")
    # "Copyright 2024 A Lab" is still in models/README.md: retained (MG-BY-2.0 2.2(a)(iii))
    assert [(f["code"], f["path"]) for f in findings] == [("MG301", "models/NOTICE")]
    assert "Includes weights trained by the B Lab team." in str(findings[0]["message"])


def test_deleting_notice_is_mg302(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    git(repo, "rm", "-q", "NOTICE")
    commit_all(repo, "delete")
    (finding,) = _findings(repo, "--base", "HEAD~1")
    assert (finding["code"], finding["path"]) == ("MG302", "NOTICE")
    details = finding["details"]
    # the lost line is named; the copyright line is still in README.md (retained, 2.2(a)(iii))
    assert any("Includes weights trained by the B Lab team." in d for d in details)  # type: ignore[union-attr]
    assert not any("Copyright 2024 A Lab" in d for d in details)  # type: ignore[union-attr]


def test_changing_the_readme_copyright_is_mg301_at_the_new_line(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "MG-BY-NC-2.0")
    readme = (repo / "README.md").read_text("utf-8").replace("Copyright 2024 A Lab", "Copyright 2025 B Lab")
    (repo / "README.md").write_text(readme, "utf-8")
    (repo / "NOTICE").write_text(NOTICE.replace("Copyright 2024 A Lab\n", ""), "utf-8")  # gone everywhere
    commit_all(repo, "relabel")
    (finding, _) = sorted(_findings(repo, "--base", "HEAD~1"), key=lambda f: str(f["path"]) != "README.md")
    assert (finding["code"], finding["path"], finding["line"]) == ("MG301", "README.md", 11)
    message = str(finding["message"])
    assert "'Copyright 2024 A Lab'" in message and "'Copyright 2025 B Lab'" in message


def test_working_tree_against_head(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "NOTICE").unlink()
    assert _codes(repo, "--base", "HEAD") == ["MG302"]
    assert _codes(repo, "--staged") == []  # not staged: the commit would not delete it
    git(repo, "add", "-A")
    assert _codes(repo, "--staged") == ["MG302"]
    assert _codes(repo) == []  # without a base, nothing to compare


def test_staged_on_a_first_commit_compares_nothing(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "fresh")
    write_model(repo, "MG-BY-2.0")
    assert cli("check", "--staged", repo).code == 0


@pytest.mark.parametrize(
    "args,message",
    [
        (("--base", "no-such-rev"), "unknown revision 'no-such-rev'"),
    ],
)
def test_bad_base_is_a_usage_error(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    repo = _repo(tmp_path)
    run = cli("check", *args, repo)
    assert run.code == 2 and message in run.err


def test_base_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    write_model(tmp_path / "plain", "MG-BY-2.0")
    run = cli("check", "--base", "HEAD", tmp_path / "plain")
    assert run.code == 2 and "not in a git repository" in run.err


def test_git_processes_do_not_grow_with_the_number_of_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Base blobs come through one `git cat-file --batch`, sizes from `ls-tree --long`."""
    import subprocess

    from modelgo_lint.config import Config
    from modelgo_lint.engine import lint

    repo = init_repo(tmp_path / "zoo")
    for index in range(20):
        folder = write_model(repo / "models" / f"m{index:02d}", "MG-BY-2.0")
        (folder / "NOTICE").write_text(f"Model {index}\nCopyright 2024 A Lab\n", encoding="utf-8")
    commit_all(repo, "zoo")
    (repo / "models" / "m07" / "NOTICE").write_text("Model 7\n", encoding="utf-8")
    started: list[list[str]] = []
    real_init = subprocess.Popen.__init__

    def counting_init(
        self: subprocess.Popen[bytes], args: list[str], *rest: object, **kwargs: object
    ) -> None:
        started.append(list(args))
        real_init(self, args, *rest, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess.Popen, "__init__", counting_init)
    report = lint([repo], Config(), base="HEAD")
    assert [(f.code, f.path) for f in report.findings] == [("MG301", "models/m07/NOTICE")]
    assert sum("cat-file" in args for args in started) == 1, started  # read 60 base files
    assert all(args[1:5] == ["--no-pager", "-c", "core.fsmonitor=false", "-c"] for args in started), started
    diffs = [args for args in started if {"diff-index", "diff-tree"} & set(args)]
    assert diffs and all("--no-ext-diff" in args and "--no-textconv" in args for args in diffs)
    assert len(started) <= 6, started  # rev-parse x3, ls-tree, diff, one cat-file --batch


def test_a_symlink_at_the_base_is_not_read_as_a_license(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "NOTICE").unlink()
    (repo / "NOTICE").symlink_to("/etc/hostname")
    commit_all(repo, "symlinked NOTICE")
    (repo / "NOTICE").unlink()
    (repo / "NOTICE").write_text(NOTICE, encoding="utf-8")
    assert "MG301" not in _codes(repo, "--base", "HEAD")


# The pre-commit hook's decisions, without pre-commit (the real tool: tests/cli/test_precommit.py).

@pytest.mark.parametrize("passed,staged,early", [
    ((), ["train.py"], True),                      # a code-only commit
    ((), ["train.py", "weights/model.bin"], True),
    ((), ["train.py", "NOTICE"], False),           # deletions are not passed, the index shows them
    ((), ["models/a/LICENSES/MG-BY-2.0.txt"], False),
    ((), [".modelgo-lint.yaml"], False),           # configuration changes the verdict
    ((), ["sub/pyproject.toml"], False),
    (("LICENSE",), ["train.py"], False),           # `run --files LICENSE` with code staged
    (("README.md",), [], False),                   # run --all-files on a clean index
    ((), [], False),                               # run --files train.py / manual, index == HEAD
    ((), None, False),                             # no HEAD yet, or no git
])
def test_hook_early_return_decision(passed: tuple[str, ...], staged: list[str] | None, early: bool) -> None:
    from modelgo_lint.repo.gitio import can_return_early

    assert can_return_early(passed, staged) is early


def test_export_tree_reads_git_objects_only(tmp_path: Path) -> None:
    import os

    from modelgo_lint.repo.gitio import export_tree
    from modelgo_lint.repo.reader import MAX_TEXT_BYTES

    repo = _repo(tmp_path)
    write_model(repo / "models" / "a", "MG-BY-2.0")
    (repo / "models" / "a" / "LICENSES").mkdir()
    (repo / "models" / "a" / "LICENSES" / "extra.txt").write_text("x\n", encoding="utf-8")
    (repo / "models" / "a" / "NOTICE.md").write_bytes(b"y" * (MAX_TEXT_BYTES + 1))
    (repo / "models" / "a" / "README.md").unlink()
    (repo / "models" / "a" / "README.md").symlink_to("../../README.md")
    (repo / ".modelgo-lint.yaml").write_text("require-sheet: false\n", encoding="utf-8")
    commit_all(repo, "more")
    rev = git(repo, "rev-parse", "HEAD").strip()
    (repo / "NOTICE").unlink()  # the working tree is not read
    (repo / "LICENSE").write_text("changed\n", encoding="utf-8")

    out = tmp_path / "export"
    out.mkdir()
    assert export_tree(repo, rev, out) == 8
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if not p.is_dir() or p.is_symlink())
    assert names == [".modelgo-lint.yaml", "LICENSE", "NOTICE", "README.md", "models/a/LICENSE",
                     "models/a/LICENSES/extra.txt", "models/a/NOTICE.md", "models/a/README.md"]
    assert (out / "NOTICE").read_text("utf-8") == NOTICE
    assert (out / "LICENSE").read_bytes() == raw_bytes("MG-BY-2.0")
    big = out / "models" / "a" / "NOTICE.md"
    assert big.stat().st_size == MAX_TEXT_BYTES + 1 and big.stat().st_blocks * 512 < MAX_TEXT_BYTES  # sparse
    assert os.readlink(out / "models" / "a" / "README.md") == "../../README.md"
    report = cli("check", "--format", "json", out)
    big_finding = [f for f in json.loads(report.out)["findings"] if f["path"] == "models/a/NOTICE.md"]
    assert big_finding and big_finding[0]["code"] == "MG901"


def _hook(repo: Path, **env: str) -> tuple[int, str]:
    clean = {name: "" for name in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "PRE_COMMIT_REMOTE_BRANCH",
                                   "PRE_COMMIT_LOCAL_BRANCH")}
    run = cli("hook", cwd=repo, env={**clean, **env})
    assert run.code in (0, 1), run.err
    return run.code, run.out


def test_hook_pre_push_reads_the_pushed_commit_with_repository_paths(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    readme = (repo / "README.md").read_text("utf-8") + "Copyright 2023 C Lab\n"  # only in the README
    (repo / "README.md").write_text(readme, encoding="utf-8")
    commit_all(repo, "a README-only notice")
    git(repo, "mv", "NOTICE", "NOTICE.md")  # a rename between the two commits is followed
    (repo / "README.md").write_text(readme.replace("Copyright 2023 C Lab\n", ""), encoding="utf-8")
    write_model(repo / "models" / "b", "MG-BY-2.0", license_bytes=b"not a license\n")
    commit_all(repo, "rename NOTICE, drop the readme's copyright, a new model")
    (repo / "README.md").write_text(readme, encoding="utf-8")  # fixed in the working tree only
    code, out = _hook(repo, PRE_COMMIT_FROM_REF="HEAD~1", PRE_COMMIT_TO_REF="HEAD")
    assert code == 1
    assert "README.md: error MG301" in out and "NOTICE" not in out
    assert "models/b/LICENSE: error MG104" in out and "modelgo-lint-" not in out  # repository paths
    assert "no retention base" not in out
    code, out = _hook(repo, PRE_COMMIT_FROM_REF="HEAD~1", PRE_COMMIT_TO_REF="HEAD~1")
    assert code == 0


def test_hook_first_push_says_there_is_no_retention_base(tmp_path: Path) -> None:
    from modelgo_lint.cli import NO_RETENTION_BASE

    repo = _repo(tmp_path)
    git(repo, "rm", "-q", "NOTICE")
    commit_all(repo, "drop NOTICE")
    branch = "refs/heads/main"
    code, out = _hook(repo, PRE_COMMIT_REMOTE_BRANCH=branch, PRE_COMMIT_LOCAL_BRANCH=branch)
    assert code == 0 and out.startswith(NO_RETENTION_BASE) and out.count("\n") == 2
    assert NO_RETENTION_BASE == "modelgo-lint: no retention base (first push): notices not compared\n"


def test_hook_commit_stage_against_head(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "train.py").write_text("print('hi')\n", encoding="utf-8")
    git(repo, "add", "train.py")
    (repo / "NOTICE").unlink()  # not staged (pre-commit would have stashed it)
    assert _hook(repo) == (0, "No problems found (0 models, 0 files read).\n")  # returned at once
    git(repo, "add", "-A")
    code, out = _hook(repo)
    assert code == 1 and "NOTICE: error MG302" in out
    git(repo, "reset", "-q", "--hard")
    (repo / "LICENSE").write_text("changed\n", encoding="utf-8")  # index == HEAD: never early
    code, out = _hook(repo)
    assert code == 1 and "LICENSE" in out


def test_notice_moved_into_the_readme_is_retained_and_licensor_notices_may_change(tmp_path: Path) -> None:
    # MG-BY-2.0 2.2(a)(iii): notices retained "as part of the Distribution", in no given file
    repo = _repo(tmp_path)
    readme = (repo / "README.md").read_text("utf-8")
    (repo / "README.md").write_text(readme + "\nIncludes weights trained by the B Lab team.\n", "utf-8")
    git(repo, "rm", "-q", "NOTICE")
    commit_all(repo, "NOTICE folded into the README")
    assert _codes(repo, "--base", "HEAD~1") == []  # compliant twin
    readme = (repo / "README.md").read_text("utf-8").replace("Copyright 2024 A Lab", "Copyright 2025 A Lab")
    (repo / "README.md").write_text(readme, "utf-8")
    commit_all(repo, "own year")
    assert _codes(repo, "--base", "HEAD~1") == ["MG301"]  # violating twin: not marked as own
    (repo / "MODEL_SHEET.yaml").write_text(
        "format_version: 1\nmodel: org/m\nlicense: {id: MG-BY-2.0, file: LICENSE}\nlicensor: A Lab\n"
        "licensor_notices: [Copyright 2025 A Lab]\n", "utf-8")
    commit_all(repo, "mark own notice")
    assert _codes(repo, "--base", "HEAD~2") == []
