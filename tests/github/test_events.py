"""The Action on every event and checkout: payloads of GitHub's documented shapes (webhook events
``pull_request``, ``merge_group``, ``push``, ``workflow_dispatch``), actions/checkout's default
shallow clone (a local bare repository as ``origin``), a ``path`` below the repository root, the
repository's configuration, and reports too large for a comment."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from action_support import break_license, pull_request_payload, run_action, workspace
from github_fake import FakeGitHub
from modelgo_lint.engine import UsageError
from modelgo_lint.github import action
from support import cli, commit_all, git, init_repo, plant, plant_attributes, ran, raw_bytes, write_model

ZERO = "0" * 40
MODIFIED = raw_bytes("MG-BY-2.0").replace(b"You shall not refer", b"You shall refer", 1)


def _head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").strip()


def _drop_notice(repo: Path) -> None:
    git(repo, "rm", "-q", "NOTICE")
    commit_all(repo, "drop NOTICE")


def merge_group_payload(base: str, head: str) -> dict[str, Any]:
    # https://docs.github.com/en/webhooks/webhook-events-and-payloads#merge_group
    return {
        "action": "checks_requested",
        "merge_group": {
            "head_sha": head,
            "head_ref": "refs/heads/gh-readonly-queue/main/pr-7-" + base,
            "base_sha": base,
            "base_ref": "refs/heads/main",
            "head_commit": {"id": head, "tree_id": "1" * 40, "message": "Merge pull request #7"},
        },
        "repository": {"full_name": "octo/models"},
        "sender": {"login": "octocat", "type": "User"},
    }


def push_payload(before: str, after: str, created: bool = False) -> dict[str, Any]:
    # https://docs.github.com/en/webhooks/webhook-events-and-payloads#push
    return {
        "ref": "refs/heads/main",
        "before": before,
        "after": after,
        "created": created,
        "deleted": False,
        "forced": False,
        "base_ref": None,
        "compare": "https://github.example/octo/models/compare/x...y",
        "commits": [],
        "head_commit": {"id": after},
        "repository": {"full_name": "octo/models"},
        "pusher": {"name": "octocat"},
    }


def dispatch_payload() -> dict[str, Any]:
    # https://docs.github.com/en/webhooks/webhook-events-and-payloads#workflow_dispatch
    return {"inputs": {}, "ref": "refs/heads/main", "repository": {"full_name": "octo/models"},
            "sender": {"login": "octocat"}, "workflow": ".github/workflows/licenses.yml"}


def test_merge_group_compares_with_its_base_sha(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    _drop_notice(repo)
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, event_name="merge_group",
                            payload=merge_group_payload(base, _head(repo)))
        assert result["code"] == 1, result["stdout"] + result["stderr"]
        assert "::error file=NOTICE,title=MG302 notice-file-removed::" in result["stdout"]
        assert fake.requests == []  # no pull request: no comment
        assert result["outputs"]["errors"] == "1"


def test_push_compares_with_before(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    _drop_notice(repo)
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, event_name="push",
                            payload=push_payload(base, _head(repo)))
        assert result["code"] == 1 and "MG302" in result["stdout"], result["stdout"] + result["stderr"]
        assert "was not checked" not in result["stdout"]


@pytest.mark.parametrize("event_name,payload", [
    ("push", push_payload(ZERO, "a" * 40, created=True)),
    ("workflow_dispatch", dispatch_payload()),
    ("schedule", {"schedule": "0 0 * * *"}),
])
def test_events_without_a_base_say_so_and_check_everything_else(
    tmp_path: Path, event_name: str, payload: dict[str, Any]
) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    _drop_notice(repo)  # not reported: there is nothing to compare with
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, event_name=event_name, payload=payload)
    assert result["code"] == 1
    lines = result["stdout"].splitlines()
    notice = [line for line in lines if line.startswith("::notice title=modelgo-lint::")]
    assert len(notice) == 1 and "retention (MG301/MG302) was not checked" in notice[0]
    assert "title=MG102" in result["stdout"] and "title=MG302" not in result["stdout"]
    assert result["outputs"]["errors"] == "1" and "MG102" in result["summary"]


def _shallow_clone(tmp_path: Path) -> tuple[Path, Path, str]:
    """A remote with a base and a head commit, and a depth-1 clone of the head (actions/checkout's
    default): the base commit is only on the remote."""
    upstream, base = workspace(tmp_path / "upstream")
    _drop_notice(upstream)
    bare = tmp_path / "remote.git"
    git(tmp_path, "clone", "-q", "--bare", str(upstream), str(bare))
    clone = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", "--depth=1", f"file://{bare}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    with pytest.raises(subprocess.CalledProcessError):
        git(clone, "cat-file", "-e", f"{base}^{{commit}}")
    return clone, bare, base


def test_a_shallow_checkout_gets_its_base_commit_fetched(tmp_path: Path) -> None:
    clone, _, base = _shallow_clone(tmp_path)
    with FakeGitHub() as fake:
        result = run_action(clone, fake, base, tmp_path, comment="never")
    assert result["code"] == 1, result["stdout"] + result["stderr"]
    assert "::error file=NOTICE,title=MG302 notice-file-removed::" in result["stdout"]
    assert "fetch-depth" not in result["stdout"]
    git(clone, "cat-file", "-e", f"{base}^{{commit}}")  # the one commit is there now
    assert int(git(clone, "rev-list", "--count", "HEAD", base).strip()) == 2  # and nothing more
    assert git(clone, "tag").strip() == ""


def test_the_base_fetch_runs_no_program_of_the_repository(tmp_path: Path) -> None:
    """The checkout's .git/config names a program at every hook point (upload-pack, ssh command,
    credential helper, askpass, hooks, fsmonitor, filters...): the one-commit fetch and the lint
    run none of them, and the verdict is the same as for a harmless checkout."""
    clone, _, base = _shallow_clone(tmp_path)
    plant_attributes(clone)
    commit_all(clone, "attributes")
    markers = tmp_path / "markers"
    plant(clone, markers)
    with FakeGitHub() as fake:
        result = run_action(clone, fake, base, tmp_path, comment="never")
    assert ran(markers) == [], result["stdout"] + result["stderr"]
    assert result["code"] == 1 and "::error file=NOTICE,title=MG302 notice-file-removed::" in result["stdout"]
    git(clone, "cat-file", "-e", f"{base}^{{commit}}")  # fetched
    # the planted upload-pack is live: a plain fetch, as a user runs it, does run it
    subprocess.run(["git", "fetch", "-q", "origin"], cwd=clone, capture_output=True)
    assert "upload-pack" in ran(markers)


def test_when_the_base_cannot_be_fetched_everything_else_is_written(tmp_path: Path) -> None:
    clone, _, base = _shallow_clone(tmp_path)
    git(clone, "remote", "set-url", "origin", f"file://{tmp_path / 'gone.git'}")
    (clone / "LICENSE").write_bytes(MODIFIED)
    commit_all(clone, "modify")
    with FakeGitHub() as fake:
        result = run_action(clone, fake, base, tmp_path, comment="always")
        warning = [line for line in result["stdout"].splitlines() if line.startswith("::warning")]
        assert len(warning) == 1 and "fetch-depth: 0" in warning[0] and base in warning[0]
        assert result["code"] == 1  # the modified license decides
        assert "MG102" in result["summary"] and "title=MG302" not in result["stdout"]
        assert result["outputs"]["errors"] == "1" and len(fake.sticky()) == 1
    clean_clone, _, base = _shallow_clone(tmp_path / "clean")
    git(clean_clone, "remote", "set-url", "origin", f"file://{tmp_path / 'gone.git'}")
    with FakeGitHub() as fake:
        clean = run_action(clean_clone, fake, base, tmp_path / "clean", comment="never")
    assert clean["code"] == 0 and "fetch-depth: 0" in clean["stdout"], clean["stdout"]
    assert clean["outputs"]["errors"] == "0"


def _two_models(tmp_path: Path) -> tuple[Path, str]:
    repo = init_repo(tmp_path / "workspace")
    for name in ("a", "b"):
        write_model(repo / "models" / name, "MG-BY-2.0")
        (repo / "models" / name / "NOTICE").write_text("Example model\nCopyright 2024 A Lab\n", "utf-8")
    commit_all(repo, "base")
    return repo, _head(repo)


def test_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    repo, base = _two_models(tmp_path)
    (repo / "models" / "a" / "LICENSE").write_bytes(MODIFIED)
    (repo / "models" / "a" / "README.md").write_text("# Example model\n", encoding="utf-8")  # MG207
    git(repo, "rm", "-q", "models/a/NOTICE")
    commit_all(repo, "head")
    head = _head(repo)
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, path="models/a", comment="never",
                            **{"sarif-file": "out.sarif"})
    assert result["code"] == 1
    files = set(re.findall(r"^::\w+ file=([^,]+),", result["stdout"], re.M))
    assert files == {"models/a/LICENSE", "models/a/NOTICE", "models/a/README.md"}, result["stdout"]
    sarif = json.loads((repo / "out.sarif").read_text("utf-8"))
    results = sarif["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == files
    summary = result["summary"]
    assert re.search(rf"\(https://github\.example/octo/models/blob/{head}/models/a/LICENSE#L\d+\)", summary)
    # NOTICE is gone at head: its link points at the base commit
    assert f"(https://github.example/octo/models/blob/{base}/models/a/NOTICE)" in summary
    # a Markdown file's line anchor needs ?plain=1
    assert re.search(rf"blob/{head}/models/a/README\.md\?plain=1#L\d+\)", summary), summary


def test_link_paths_are_encoded(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "workspace")
    write_model(repo / "my model #1", "MG-BY-2.0", license_bytes=MODIFIED)
    commit_all(repo, "base")
    base = _head(repo)
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, comment="never")
    assert f"blob/{base}/my%20model%20%231/LICENSE#L" in result["summary"]
    assert "file=my model #1/LICENSE," in result["stdout"]


def test_the_repositorys_configuration_is_honoured_as_check_honours_it(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    (repo / ".modelgo-lint.yaml").write_text("severity:\n  MG102: warning\n", encoding="utf-8")
    break_license(repo)
    assert cli("check", ".", cwd=repo).code == 0
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, comment="never")
        assert result["code"] == 0, result["stdout"] + result["stderr"]
        assert "::warning file=LICENSE" in result["stdout"] and result["outputs"]["warnings"] == "1"
        # an input still overrides the file
        strict = run_action(repo, fake, base, tmp_path, comment="never", **{"fail-on": "warning"})
        assert strict["code"] == 1
    # and for a path below the root, the repository's file is found by both
    repo2, base2 = _two_models(tmp_path / "two")
    (repo2 / ".modelgo-lint.yaml").write_text("fail-on: never\n", encoding="utf-8")
    (repo2 / "models" / "a" / "LICENSE").write_text("changed\n", encoding="utf-8")
    commit_all(repo2, "head")
    assert cli("check", "models/a", cwd=repo2).code == 0
    with FakeGitHub() as fake:
        below = run_action(repo2, fake, base2, tmp_path / "two", comment="never", path="models/a")
    assert below["code"] == 0 and "models/a/LICENSE" in below["stdout"]


def test_eight_hundred_findings_all_reach_the_summary(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "workspace")
    for index in range(800):
        folder = repo / "models" / f"m{index:03d}"
        folder.mkdir(parents=True)
        (folder / "LICENSE").write_bytes(MODIFIED)
    commit_all(repo, "base")
    base = _head(repo)
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, comment="always",
                            extra_env={"GITHUB_RUN_ID": "4242", "GITHUB_RUN_ATTEMPT": "1"})
        assert result["code"] == 1 and result["outputs"]["errors"] == "800"
        row_start = "| :x: error | [MG102 license-modified]("  # the rule linked to its page
        rows = [line for line in result["summary"].splitlines() if line.startswith(row_start)]
        assert len(rows) == 800 and "Truncated" not in result["summary"]
        body = fake.sticky()[0]["body"]
        assert len(body) < 65_536 and "**Truncated:**" in body
        assert "[job summary](https://github.example/octo/models/actions/runs/4242)" in body


@pytest.mark.parametrize("payload,field", [
    ({"pull_request": {"base": {"sha": "a" * 40}, "head": {"sha": "b" * 40}}}, "pull_request.number"),
    ({"pull_request": {"number": 7, "base": None, "head": {"sha": "b" * 40}}}, "pull_request.base.sha"),
    ([1, 2, 3], "not a JSON object"),
    ({"pull_request": {"number": "7; rm -rf /", "base": {"sha": "a" * 40}, "head": {"sha": "b" * 40}}},
     "pull_request.number"),
    ({"pull_request": {"number": 7, "base": {"sha": "main; rm -rf /"}, "head": {"sha": "b" * 40}}},
     "pull_request.base.sha"),
])
def test_malformed_payloads_are_usage_errors(tmp_path: Path, payload: Any, field: str) -> None:
    repo, base = workspace(tmp_path)
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, payload=payload)
    assert result["code"] == 2, result["stderr"]
    assert field in result["stderr"] and "Traceback" not in result["stderr"]
    assert set(result["outputs"]) == {"errors", "warnings", "comment-url", "sarif-file"}


def pull_request_target_payload(repo: Path, base: str) -> dict[str, Any]:
    # https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request_target: the shape
    # of pull_request (the workflow runs in the base's context: GITHUB_SHA is the base's head)
    return {"action": "opened", "number": 7,
            "pull_request": {"number": 7, "base": {"sha": base, "ref": "main"},
                             "head": {"sha": _head(repo), "ref": "feature"}},
            "repository": {"full_name": "octo/models"}, "sender": {"login": "octocat"}}


def test_pull_request_target_compares_with_the_pr_base(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    _drop_notice(repo)
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, event_name="pull_request_target", comment="never",
                            payload=pull_request_target_payload(repo, base), extra_env={"GITHUB_SHA": base})
    assert result["code"] == 1 and "title=MG302" in result["stdout"], result["stdout"] + result["stderr"]


def _limited(tmp_path: Path) -> dict[str, str]:
    """A 500 MB address-space limit for the step (bash sources BASH_ENV before the step's script)."""
    script = tmp_path / "limit.sh"
    script.write_text("ulimit -v 512000\n", encoding="utf-8")
    return {"BASH_ENV": str(script)}


def _huge(tmp_path: Path) -> dict[str, str]:
    big = tmp_path / "huge.json"
    with open(big, "wb") as handle:
        handle.write(b'{"pull_request": "')
        handle.truncate(26 * 1024 * 1024)
    return {"GITHUB_EVENT_PATH": str(big)}


def _fifo(tmp_path: Path) -> dict[str, str]:
    os.mkfifo(tmp_path / "fifo")
    return {"GITHUB_EVENT_PATH": str(tmp_path / "fifo")}


def _file(name: str, data: bytes) -> Any:
    def make(tmp_path: Path) -> dict[str, str]:
        (tmp_path / name).write_bytes(data)
        return {"GITHUB_EVENT_PATH": str(tmp_path / name)}
    return make


def _env(**values: str) -> Any:
    return lambda tmp_path: {k: v.replace("TMP", str(tmp_path)) for k, v in values.items()}


STOPS = {
    "missing file": (_env(GITHUB_EVENT_PATH="TMP/nowhere.json"), None, "GITHUB_EVENT_PATH"),
    "unset": (_env(GITHUB_EVENT_PATH=""), None, "GITHUB_EVENT_PATH"),
    "a directory": (_env(GITHUB_EVENT_PATH="TMP"), None, "GITHUB_EVENT_PATH"),
    "a FIFO": (_fifo, None, "GITHUB_EVENT_PATH"),
    "huge": (_huge, None, "GITHUB_EVENT_PATH"),
    "invalid JSON": (_file("bad.json", b'{"pull_request": {"number": 7,'), None, "GITHUB_EVENT_PATH"),
    "not UTF-8": (_file("latin.json", b'{"a": "\xff"}'), None, "GITHUB_EVENT_PATH"),
    "deep": (_file("deep.json", b"[" * 200_000 + b"]" * 200_000), None, "GITHUB_EVENT_PATH"),
    "no repository": (_env(GITHUB_REPOSITORY=""), None, "GITHUB_REPOSITORY"),
    "repository with a newline": (_env(GITHUB_REPOSITORY="octo/models\n::error::x"), None,
                                  "GITHUB_REPOSITORY"),
    "GITHUB_SHA not a SHA": (_env(GITHUB_SHA="main; rm -rf /"), None, "GITHUB_SHA"),
    "no workspace": (_env(GITHUB_WORKSPACE="TMP/gone"), None, "GITHUB_WORKSPACE"),
    "PR base of zeros": (_env(), lambda b, h: {"pull_request": {"number": 7, "base": {"sha": ZERO},
                                                                "head": {"sha": h}}},
                         "pull_request.base.sha"),
    "PR base a list": (_env(), lambda b, h: {"pull_request": {"number": 7, "base": [b], "head": {"sha": h}}},
                       "pull_request.base.sha"),
    "PR number a bool": (_env(), lambda b, h: {"pull_request": {"number": True, "base": {"sha": b},
                                                                "head": {"sha": h}}}, "pull_request.number"),
    "PR number zero": (_env(), lambda b, h: {"pull_request": {"number": 0, "base": {"sha": b},
                                                              "head": {"sha": h}}}, "pull_request.number"),
}
EVENT_OF = {"merge_group": "merge_group.head_sha", "push": "before"}


THROUGH_THE_ACTION = ("a FIFO", "huge", "deep", "PR base of zeros", "no workspace")


@pytest.mark.parametrize("case", THROUGH_THE_ACTION)
def test_a_bad_runner_or_event_stops_the_action_naming_it(tmp_path: Path, case: str) -> None:
    repo, base = workspace(tmp_path)
    make_env, make_payload, field = STOPS[case]
    env = {**_limited(tmp_path), **make_env(tmp_path)}
    payload = make_payload(base, _head(repo)) if make_payload else None
    with FakeGitHub() as fake:
        start = time.monotonic()
        result = run_action(repo, fake, base, tmp_path, payload=payload, extra_env=env)
        assert time.monotonic() - start < 5
        assert fake.requests == []
    _assert_stopped(result, field)


@pytest.mark.parametrize("case", [case for case in STOPS if case not in THROUGH_THE_ACTION])
def test_a_bad_runner_or_event_is_a_usage_error_naming_it(tmp_path: Path, case: str) -> None:
    """The same, in process (action.run: what ``modelgo-lint github`` calls)."""
    repo, base = workspace(tmp_path)
    make_env, make_payload, field = STOPS[case]
    event = tmp_path / "event.json"
    payload = make_payload(base, _head(repo)) if make_payload else pull_request_payload(repo, base)
    event.write_text(json.dumps(payload), encoding="utf-8")
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    env = {"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event),
           "GITHUB_REPOSITORY": "octo/models", "GITHUB_WORKSPACE": str(repo), "GITHUB_SHA": ZERO,
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output), **make_env(tmp_path)}
    lines: list[str] = []
    with pytest.raises(UsageError) as raised:
        action.run(action.Inputs(comment="never"), env, lines.append)
    assert field in str(raised.value)
    _assert_stopped({"code": 2, "stderr": str(raised.value), "stdout": "".join(lines),
                     "summary": summary.read_text("utf-8"), "outputs": dict.fromkeys(
                         re.findall(r"^([\w-]+)<<EOF_", output.read_text("utf-8"), re.M))}, field)


@pytest.mark.parametrize("event_name,payload,field", [
    ("merge_group", {"merge_group": {"base_sha": "a" * 40, "head_ref": "refs/heads/gh-readonly-queue/x"}},
     "merge_group.head_sha"),
    ("merge_group", {"merge_group": {"base_sha": "a" * 40, "head_sha": None}}, "merge_group.head_sha"),
    ("push", {**push_payload("a" * 40, "b" * 40), "before": "HEAD~1"}, "before"),
    ("push", {**push_payload("a" * 40, "b" * 40), "before": 12}, "before"),
    ("pull_request_target", {"action": "opened", "number": 7, "pull_request": {"number": 7}},
     "pull_request.base.sha"),
])
def test_events_without_the_fields_we_use_stop_with_a_usage_error(
    tmp_path: Path, event_name: str, payload: Any, field: str
) -> None:
    repo, base = workspace(tmp_path)
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, event_name=event_name, payload=payload)
    _assert_stopped(result, field)


def _assert_stopped(result: dict[str, Any], field: str) -> None:
    assert result["code"] == 2, result["stdout"] + result["stderr"]
    assert field in result["stderr"] and "Traceback" not in result["stderr"]
    assert set(result["outputs"]) == {"errors", "warnings", "comment-url", "sarif-file"}
    lines = result["stdout"].splitlines()
    stopped = [line for line in lines if line.startswith("::error title=modelgo-lint::")]
    assert len(stopped) == 1 and field in stopped[0]
    assert "modelgo-lint stopped:" in result["summary"] and field in result["summary"]
