"""Running the Action as the runner does: action.yml's lint step with inputs rendered into env,
bash, GITHUB_* set, an event payload of GitHub's documented shape, against the loopback fake."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from github_fake import FakeGitHub
from support import GIT_ENV, PROJECT, commit_all, git, init_repo, raw_bytes, write_model

TOKEN = "ghs_SECRETtoken0123456789abcdefSECRET"
ACTION = yaml.safe_load((PROJECT / "action.yml").read_text("utf-8"))
HOSTILE = "@org/team <img src=x onerror=alert(1)> %0A::error::pwned"


def workspace(tmp_path: Path, notice: str = "Example model\nCopyright 2024 A Lab\n") -> tuple[Path, str]:
    repo = init_repo(tmp_path / "workspace")
    write_model(repo, "MG-BY-2.0")
    (repo / "NOTICE").write_text(notice, encoding="utf-8")
    commit_all(repo, "base")
    return repo, git(repo, "rev-parse", "HEAD").strip()


def break_license(repo: Path) -> None:
    (repo / "LICENSE").write_bytes(
        raw_bytes("MG-BY-2.0").replace(b"You shall not refer", b"You shall refer", 1)
    )
    commit_all(repo, "head")


def default_inputs() -> dict[str, str]:
    """The action's inputs at their defaults, rendered as the runner renders them."""
    inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    return {k: render(v, inputs) if isinstance(v, str) else v for k, v in inputs.items()}


def render(value: str, inputs: dict[str, str]) -> str:
    def sub(match: re.Match[str]) -> str:
        expr = match.group(1).strip()
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs.") :]]
        if expr == "github.token":
            return TOKEN
        if expr == "github.action_path":
            return str(PROJECT)
        if expr == "github.action_ref":
            return ""  # as for a local `uses: ./`
        raise AssertionError(f"unexpected expression {expr}")

    return re.sub(r"\$\{\{(.*?)\}\}", sub, value)


def pull_request_payload(repo: Path, base: str, number: int = 7) -> dict[str, Any]:
    """A ``pull_request`` event payload (the fields GitHub documents that we read)."""
    return {
        "action": "synchronize",
        "number": number,
        "pull_request": {
            "number": number,
            "base": {"sha": base, "ref": "main"},
            "head": {"sha": git(repo, "rev-parse", "HEAD").strip(), "ref": "feature"},
        },
    }


def run_action(
    repo: Path,
    fake: FakeGitHub,
    base: str,
    tmp_path: Path,
    *,
    event_name: str = "pull_request",
    payload: dict[str, Any] | None = None,
    extra_env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
    **given: str,
) -> dict[str, Any]:
    """Run action.yml's lint step as the runner does: inputs rendered into env, bash, GITHUB_* set.

    ``payload`` defaults to a pull_request payload with ``base`` as its base commit; ``given`` are
    the action's inputs (``comment="never"``, ``**{"sarif-file": "x"}``); ``preexec`` runs in the
    child before the step (for example an address-space limit).
    """
    inputs = default_inputs()
    inputs.update(given)
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "lint")
    event = tmp_path / "event.json"
    event.write_text(
        json.dumps(payload if payload is not None else pull_request_payload(repo, base)), encoding="utf-8"
    )
    runner_temp = tmp_path / "runner-temp"
    venv_bin = runner_temp / "modelgo-lint-venv" / "bin"
    if not venv_bin.exists():  # the install step's result; test_install_step_* runs the real one
        venv_bin.mkdir(parents=True)
        installed = shutil.which("modelgo-lint")
        assert installed is not None
        (venv_bin / "modelgo-lint").symlink_to(installed)
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.write_text("", "utf-8")
    output.write_text("", "utf-8")
    env = {
        **os.environ,
        **GIT_ENV,
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": f"{fake.owner}/{fake.repo}",
        "GITHUB_API_URL": fake.url,
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_SHA": "0" * 40,
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "MODELGO_LINT_MAX_WAIT": "5",
        "MODELGO_LINT_WRITE_SPACING": "0",  # a loopback server: no need to pace writes
        "RUNNER_TEMP": str(runner_temp),
    }
    env.update({k: render(str(v), inputs) for k, v in step["env"].items()})
    env.update(extra_env or {})
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True, timeout=120,
        preexec_fn=preexec,
    )
    found = re.findall(r"^([\w-]+)<<(EOF_\w+)\n(.*?)\n\2$", output.read_text("utf-8"), re.M | re.S)
    outputs = {key: value for key, _, value in found}
    return {
        "code": proc.returncode,
        "stdout": proc.stdout,
        "stderr": proc.stderr,
        "summary": summary.read_text("utf-8"),
        "outputs": outputs,
        "output_file": output.read_text("utf-8"),
    }


