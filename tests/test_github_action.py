"""The Action end to end: action.yml's own step, a real git workspace and event payload, real
PyGithub against the loopback fake GitHub (tests/github_fake.py)."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from action_support import ACTION, HOSTILE, TOKEN, break_license, render, run_action, workspace
from github_fake import FakeGitHub, Fault
from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.reporters import markdown, sarif
from support import PROJECT, SHARED, commit_all, git


def test_first_run_creates_one_comment_then_updates_it_then_passes(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        first = run_action(repo, fake, base, tmp_path)
        assert first["code"] == 1, first["stderr"]
        assert len(fake.comments[7]) == 1 and len(fake.sticky()) == 1
        assert "MG102" in fake.sticky()[0]["body"]
        assert first["stdout"].startswith("::error file=LICENSE,line=")
        assert "MG102 license-modified" in first["summary"]
        assert first["outputs"]["errors"] == "1" and first["outputs"]["comment-url"].endswith(
            "#issuecomment-1001"
        )

        fake.add_comments(7, 249)  # the sticky comment is now the first of 250
        fake.comments[7].append(fake.comments[7].pop(0))  # ... and moved to the end, page 3
        assert fake.comments[7].index(fake.sticky()[0]) == 249
        second = run_action(repo, fake, base, tmp_path)
        assert second["code"] == 1
        assert len(fake.sticky()) == 1 and len(fake.comments[7]) == 250
        pages = {r.query for r in fake.requests if r.method == "GET" and r.path.endswith("/comments")}
        assert any("page=3" in q for q in pages)
        assert [r.method for r in fake.requests].count("PATCH") == 1

        git(repo, "checkout", "-q", base, "--", "LICENSE")
        commit_all(repo, "fix")
        fixed = run_action(repo, fake, base, tmp_path)
        assert fixed["code"] == 0, fixed["stdout"]
        assert len(fake.sticky()) == 1 and "no problems found" in fake.sticky()[0]["body"]


def test_on_findings_creates_no_comment_on_a_clean_pr(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    (repo / "train.py").write_text("print(1)\n", encoding="utf-8")
    commit_all(repo, "code only")
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path)
        assert result["code"] == 0 and fake.comments[7] == []
        assert "no problems found" in result["summary"]
        always = run_action(repo, fake, base, tmp_path, comment="always")
        assert always["code"] == 0 and len(fake.sticky()) == 1


def test_deleted_notice_is_reported_against_the_pr_base(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    git(repo, "rm", "-q", "NOTICE")
    commit_all(repo, "drop NOTICE")
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, comment="never")
        assert (
            result["code"] == 1
            and "::error file=NOTICE,title=MG302 notice-file-removed::" in result["stdout"]
        )
        assert fake.requests == []


def test_fork_pr_without_write_permission_degrades(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        fake.faults.append(
            Fault(
                "POST",
                r"/comments$",
                403,
                body={
                    "message": "Resource not accessible by integration",
                    "documentation_url": "https://docs.github.com",
                },
                times=10,
            )
        )
        result = run_action(repo, fake, base, tmp_path)
        assert result["code"] == 1  # the findings decide, not the comment
        assert (
            "::warning title=modelgo-lint::could not write the pull-request comment (HTTP 403)"
            in result["stdout"]
        )
        assert "MG102" in result["summary"] and "::error file=LICENSE" in result["stdout"]
        assert fake.comments[7] == []


@pytest.mark.parametrize(
    "fault",
    [
        Fault("GET", r"/issues/7/comments$", 502, body={"message": "Bad Gateway"}),
        Fault(
            "POST", r"/comments$", 429, headers={"Retry-After": "1"}, body={"message": "Too many requests"}
        ),
        Fault(
            "GET",
            r"/comments$",
            403,
            headers={"X-RateLimit-Remaining": "0", "Retry-After": "1"},
            body={"message": "API rate limit exceeded"},
        ),
    ],
)
def test_transient_failures_are_retried(tmp_path: Path, fault: Fault) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    fault = dataclasses.replace(fault)  # a fresh copy: the parameter is shared between runs
    with FakeGitHub() as fake:
        fake.faults.append(fault)
        result = run_action(repo, fake, base, tmp_path)
        assert result["code"] == 1 and len(fake.sticky()) == 1, result["stdout"]
        assert fault.times == 0
        hits = [r for r in fake.requests if r.method == fault.method and re.search(fault.path, r.path)]
        assert len(hits) == 2  # the failed request, then the retry that succeeded
        assert "could not write" not in result["stdout"]


def test_rate_limit_beyond_the_bound_gives_up_with_a_warning(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        fake.faults.append(
            Fault("GET", r"/issues/7/comments$", 429, headers={"Retry-After": "3600"}, times=10)
        )
        result = run_action(repo, fake, base, tmp_path)
        assert (
            result["code"] == 1 and "could not write the pull-request comment (HTTP 429)" in result["stdout"]
        )


def test_a_404_on_the_comments_is_a_warning_and_the_findings_decide(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    with FakeGitHub(prs=(8,)) as fake:  # pull request 7 is unknown to the API
        result = run_action(repo, fake, base, tmp_path, comment="always")
        assert result["code"] == 0, result["stderr"]
        assert "::warning title=modelgo-lint::could not write the pull-request comment (HTTP 404)" in (
            result["stdout"]
        )
        assert result["outputs"]["errors"] == "0" and result["outputs"]["comment-url"] == ""


def test_hostile_text_is_neutralised_and_the_token_never_leaks(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path, notice=f"Example model\n{HOSTILE}\n" + "x" * 100_000 + "\n")
    (repo / "NOTICE").write_text("Example model\n", encoding="utf-8")
    hostile_folder = repo / "m @org <img src=x> %0A::error::y"  # a hostile file name: MG101 on its README
    hostile_folder.mkdir()
    (hostile_folder / "README.md").write_text(
        "---\nlicense_name: mg-by-2.0\n---\nLicensed under MG-BY-2.0.\n"
    )
    sheet = repo / "MODEL_SHEET.yaml"  # a hostile sheet value: MG203 quoting it
    sheet.write_text(
        'format_version: 1\nmodel: m\nlicense: {id: "@org/team <img src=x onerror=y>", file: LICENSE}\n'
        "licensor: x\n",
        encoding="utf-8",
    )
    commit_all(repo, "drop the hostile lines")
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path)
        assert result["code"] == 1
        body = fake.sticky()[0]["body"]
        for text in (body, result["summary"]):
            assert "<img" not in text and "@org" not in text and "@\u200borg/team" in text
            assert len(text) < markdown.COMMENT_LIMIT
        assert not re.search(r"^::error::pwned", result["stdout"], re.M)
        assert "%250A::error::pwned" in result["stdout"]
        assert "file=m @org <img src=x> %250A%3A%3Aerror%3A%3Ay/README.md" in result["stdout"]
        assert {"MG101", "MG203", "MG301"} <= set(re.findall(r"MG\d{3}", body))
        assert not re.search(r"^::error::y", result["stdout"], re.M)
        everything = json.dumps(result) + json.dumps([r.body for r in fake.requests])
        assert TOKEN not in everything
        assert TOKEN not in (tmp_path / "output.txt").read_text("utf-8")


def test_five_thousand_findings_stay_under_the_comment_limit() -> None:
    findings = tuple(
        Finding(
            f"models/m{i:05d}/LICENSE",
            3,
            1,
            "MG102",
            f"modified {'x' * 80}",
            Severity.ERROR,
            details=("2.1: changed (line 3)",),
        )
        for i in range(5000)
    )
    text = markdown.render(Report(findings, 5000, 5000), link_base="https://github.example/o/r/blob/abc")
    assert len(text) < markdown.COMMENT_LIMIT
    assert "**Truncated:**" in text and "more findings are not shown" in text


def test_sarif_validates_against_the_official_schema(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    git(repo, "rm", "-q", "NOTICE")
    commit_all(repo, "drop NOTICE")
    with FakeGitHub() as fake:
        result = run_action(repo, fake, base, tmp_path, comment="never", **{"sarif-file": "report.sarif"})
    assert result["outputs"]["sarif-file"] == "report.sarif"
    document = json.loads((repo / "report.sarif").read_text("utf-8"))
    schema = json.loads((SHARED / "external-schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(document)
    results = document["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"MG102", "MG302"}
    assert all(r["partialFingerprints"]["modelgoLintFinding/v1"] for r in results)
    again = sarif.render(Report(tuple(), 0, 0))
    assert json.loads(again)["runs"][0]["results"] == []


def test_action_steps_take_inputs_through_env_only() -> None:
    assert ACTION["runs"]["using"] == "composite"
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step["run"]  # inputs reach the scripts through env only (no injection)


def test_action_yml_validates_against_the_github_action_schema() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-actions",
            str(PROJECT / "action.yml"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_install_step_installs_from_the_actions_own_checkout(tmp_path: Path) -> None:
    """The real install step: a venv in RUNNER_TEMP, the package from the action's checkout."""
    install = ACTION["runs"]["steps"][0]
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {**os.environ, "RUNNER_TEMP": str(runner_temp)}
    env.update({k: render(str(v), {}) for k, v in install["env"].items()})
    proc = subprocess.run(
        ["bash", "-e", "-c", install["run"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    binary = runner_temp / "modelgo-lint-venv" / "bin" / "modelgo-lint"
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("modelgo-lint ")
    python = runner_temp / "modelgo-lint-venv" / "bin" / "python"
    probe = subprocess.run(
        [str(python), "-c", "import github, modelgo_lint; print(modelgo_lint.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert probe.returncode == 0 and "site-packages" in probe.stdout  # a real install, not the checkout
