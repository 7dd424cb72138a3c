"""MG301/MG302 on real temporary git repositories (check --base, the pre-commit hook)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import cli, commit_all, git, init_repo, write_model

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
    assert [(f["code"], f["path"]) for f in findings] == [("MG301", "models/NOTICE")] * 2


def test_deleting_notice_is_mg302(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    git(repo, "rm", "-q", "NOTICE")
    commit_all(repo, "delete")
    (finding,) = _findings(repo, "--base", "HEAD~1")
    assert (finding["code"], finding["path"]) == ("MG302", "NOTICE")
    assert any("Copyright 2024 A Lab" in d for d in finding["details"])  # type: ignore[union-attr]


def test_changing_the_readme_copyright_is_mg301_at_the_new_line(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "MG-BY-NC-2.0")
    readme = (repo / "README.md").read_text("utf-8").replace("Copyright 2024 A Lab", "Copyright 2025 B Lab")
    (repo / "README.md").write_text(readme, "utf-8")
    commit_all(repo, "relabel")
    (finding,) = _findings(repo, "--base", "HEAD~1")
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
    assert all(args[1:3] == ["-c", "core.fsmonitor=false"] for args in started), started
    assert all("--no-ext-diff" in args and "--no-textconv" in args for args in started if "diff" in args)
    assert len(started) <= 6, started  # rev-parse x3, ls-tree, diff, one cat-file --batch


def test_a_symlink_at_the_base_is_not_read_as_a_license(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "NOTICE").unlink()
    (repo / "NOTICE").symlink_to("/etc/hostname")
    commit_all(repo, "symlinked NOTICE")
    (repo / "NOTICE").unlink()
    (repo / "NOTICE").write_text(NOTICE, encoding="utf-8")
    assert "MG301" not in _codes(repo, "--base", "HEAD")
