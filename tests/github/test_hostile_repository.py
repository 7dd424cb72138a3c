"""Issue 13 through the real ``github`` entry: a hostile repository (a file name that is not UTF-8,
a configuration linked outside, an unreadable folder) never breaks the Action: a finding or a
clean error, the summary and the outputs written, within 5 s under a 500 MB address-space limit."""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

import jsonschema

from action_support import TOKEN, run_action, workspace
from github_fake import FakeGitHub
from support import SHARED, commit_all, raw_bytes

LIMIT = 500 * 1024 * 1024
NAME = b"m\xff\xfe \x1b[31mred\x1b[0m\nx"  # not UTF-8, with ESC and a newline


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _hostile_folder(repo: Path) -> None:
    folder = os.path.join(os.fsencode(repo), NAME)
    os.mkdir(folder)
    with open(os.path.join(folder, b"LICENSE"), "wb") as handle:
        handle.write(raw_bytes("MG-BY-2.0").replace(b"You shall not refer", b"You shall refer", 1))


def test_a_name_that_is_not_utf8_keeps_the_summary_outputs_and_sarif(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    _hostile_folder(repo)
    commit_all(repo, "a name git stores as bytes")
    with FakeGitHub() as fake:
        started = time.monotonic()
        result = run_action(repo, fake, base, tmp_path, preexec=_cap, comment="always",
                            **{"fail-on": "never", "sarif-file": "out.sarif"})
        elapsed = time.monotonic() - started
        assert result["code"] == 0, result["stderr"]
        assert "Traceback" not in result["stderr"] and "internal error" not in result["stderr"]
        assert elapsed < 5
        shown = "m\\xff\\xfe"
        assert f"::error file={shown}" in result["stdout"]
        assert "\x1b" not in result["stdout"] and "\x1b" not in result["summary"]
        assert shown in result["summary"] and "MG102" in result["summary"]
        assert result["outputs"]["errors"] == "1" and result["outputs"]["sarif-file"] == "out.sarif"
        assert shown in fake.sticky()[0]["body"]
        assert TOKEN not in result["stdout"] + result["stderr"]
    document = json.loads((repo / "out.sarif").read_bytes().decode("utf-8"))
    schema = json.loads((SHARED / "external-schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(document, schema)
    (result_,) = document["runs"][0]["results"]
    uri = result_["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "m%FF%FE%20%1B%5B31mred%1B%5B0m%0Ax/LICENSE"


def test_a_configuration_linked_outside_is_a_clean_error_without_its_content(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    secret = tmp_path / "credentials.yaml"
    secret.write_text("token: ghp_FAKEtoken0123456789leaked\n", encoding="utf-8")
    (repo / ".modelgo-lint.yaml").symlink_to(secret)
    commit_all(repo, "a linked configuration")
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, preexec=_cap, comment="never",
                            **{"fail-on": "never"})
    assert result["code"] == 2, result["stderr"]
    assert "outside the repository" in result["stderr"] and "Traceback" not in result["stderr"]
    everything = result["stdout"] + result["stderr"] + result["summary"] + result["output_file"]
    assert "ghp_FAKE" not in everything
    assert set(result["outputs"]) >= {"errors", "warnings"}


def test_an_unlistable_folder_is_a_finding_not_a_clean_run(tmp_path: Path, monkeypatch: object) -> None:
    repo, base = workspace(tmp_path)
    (repo / "locked").mkdir()
    (repo / "locked" / "LICENSE").write_bytes(raw_bytes("MG-BY-2.0"))
    commit_all(repo, "a folder")
    # the tests run as root, who may list any folder: a sitecustomize in the Action's process
    # makes listing this one fail as it does for a runner user without permission
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import errno, os\n"
        "_real = os.scandir\n"
        f"LOCKED = {str(repo / 'locked')!r}\n"
        "def scandir(path='.'):\n"
        "    if os.fspath(path) == LOCKED:\n"
        "        raise PermissionError(errno.EACCES, 'Permission denied', os.fspath(path))\n"
        "    return _real(path)\n"
        "os.scandir = scandir\n",
        encoding="utf-8",
    )
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, preexec=_cap, comment="never",
                            extra_env={"PYTHONPATH": str(hook)}, **{"fail-on": "never"})
    assert result["code"] == 0, result["stderr"]
    assert "::error file=locked,title=MG901 file-unreadable::locked: this folder cannot be listed" in \
        result["stdout"]
    assert "MG901" in result["summary"] and result["outputs"]["errors"] == "1"


def test_python_packages_in_the_workspace_never_run_in_the_comment_child(tmp_path: Path) -> None:
    """The runner starts the step in the workspace, the pull request's checkout. The child that
    writes the comment (and holds the token) must not import the repository's files: a
    ``github/`` package there (PyGithub's name) or a ``modelgo_lint/`` one would run with the
    token (a pull_request_target workflow's, able to write)."""
    repo, base = workspace(tmp_path)
    marker = tmp_path / "ran"
    payload = f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
    for package in ("github", "modelgo_lint", os.path.join("modelgo_lint", "github")):
        (repo / package).mkdir(exist_ok=True)
        (repo / package / "__init__.py").write_text(payload, encoding="utf-8")
    (repo / "modelgo_lint" / "github" / "comment.py").write_text(payload, encoding="utf-8")
    commit_all(repo, "head")
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, comment="always")
        posted = fake.sticky()
    assert not marker.exists()
    assert result["code"] == 0 and len(posted) == 1, result["stdout"]
    assert TOKEN not in result["stdout"] + result["stderr"]
