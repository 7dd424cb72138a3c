"""The Action end to end: action.yml's own step, a real git workspace and event payload, real
PyGithub against the loopback fake GitHub (tests/github_fake.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from action_support import (
    ACTION,
    HOSTILE,
    TOKEN,
    break_license,
    default_inputs,
    render,
    run_action,
    workspace,
)
from github_fake import FakeGitHub
from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.reporters import markdown, sarif
from support import PROJECT, SHARED, commit_all, git


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
        assert "${{" not in step.get("run", "")  # inputs reach the scripts through env only (no injection)


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
    install = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "install")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {**os.environ, "RUNNER_TEMP": str(runner_temp)}
    env.update({k: render(str(v), default_inputs()) for k, v in install["env"].items()})
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
