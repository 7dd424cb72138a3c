"""The Action's install step: a hash-pinned lock, a venv cached by actions/cache (pinned by SHA)
and reused only when its marker holds the key; no cache in the pull_request_target example."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from action_support import ACTION, default_inputs, render
from support import PROJECT

STEPS = ACTION["runs"]["steps"]
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def step(step_id: str) -> dict[str, object]:
    return next(s for s in STEPS if s.get("id") == step_id)


def test_lock_is_fresh_and_every_requirement_is_hash_pinned() -> None:
    check = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "lock_action.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    lines = (PROJECT / "action" / "requirements.txt").read_text("utf-8").splitlines()
    logical = " ".join(line for line in lines if not line.lstrip().startswith("#")).replace("\\", " ")
    entries = [entry.split() for entry in re.split(r"\s(?=[A-Za-z])", logical) if entry.strip()]
    names = {entry[0].split("==")[0].lower() for entry in entries}
    # the runtime dependencies, and the build backend (the checkout is installed without isolation)
    assert {"pyyaml", "jsonschema", "pygithub", "referencing", "rpds-py", "hatchling"} <= names
    for entry in entries:
        assert re.fullmatch(r"[\w.-]+==[\w.]+", entry[0]), entry
        assert entry[1:] and all(re.fullmatch(r"--hash=sha256:[0-9a-f]{64}", h) for h in entry[1:]), entry


def test_cache_steps_are_pinned_by_sha_keyed_by_the_install_key_and_optional() -> None:
    uses = [s for s in STEPS if "uses" in s]
    assert [s["uses"].split("@")[0] for s in uses] == ["actions/cache/restore", "actions/cache/save"]
    for s in uses:
        assert SHA_PIN.match(s["uses"]), s["uses"]
        assert "inputs.cache == 'true'" in s["if"]
        assert s["with"] == {
            "path": "${{ steps.env-key.outputs.venv }}",
            "key": "${{ steps.env-key.outputs.key }}",
        }
    assert "steps.install.outputs.reused != 'true'" in uses[1]["if"]  # a reused venv is not saved again
    order = [s.get("id") or s["uses"] for s in STEPS]
    assert order.index("env-key") < order.index("restore") < order.index("install") < order.index("lint")
    assert ACTION["inputs"]["cache"]["default"] == "true"


def test_pull_request_target_example_turns_the_cache_off() -> None:
    text = (PROJECT / "examples" / "workflows" / "pull-request-target.yml").read_text("utf-8")
    workflow = yaml.safe_load(text)
    ours = [s for s in workflow["jobs"]["modelgo-lint"]["steps"] if s["uses"].startswith("modelgo-lint/")]
    assert ours and all(s["with"]["cache"] is False or s["with"]["cache"] == "false" for s in ours)
    assert "poison" in text  # the reason is said where the cache is turned off


def run_step(step_id: str, runner_temp: Path, output: Path) -> tuple[float, dict[str, str]]:
    install = step(step_id)
    env = {**os.environ, "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(output)}
    env.update({k: render(str(v), default_inputs()) for k, v in install["env"].items()})  # type: ignore[attr-defined]
    output.write_text("", encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run(
        ["bash", "-e", "-c", str(install["run"])], env=env, capture_output=True, text=True, timeout=600
    )
    took = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr
    return took, dict(line.split("=", 1) for line in output.read_text("utf-8").splitlines())


@pytest.mark.slow
def test_a_restored_environment_is_validated_and_reused(tmp_path: Path) -> None:
    """actions/cache simulated by a folder: the first run builds and marks the venv, the job ends
    (RUNNER_TEMP wiped), the next job restores the folder to the same path and reuses it."""
    runner_temp, cache, output = tmp_path / "runner-temp", tmp_path / "cache", tmp_path / "output"
    runner_temp.mkdir()
    _, keyed = run_step("env-key", runner_temp, output)
    assert Path(keyed["venv"]) == runner_temp / "modelgo-lint-venv" and keyed["key"].startswith(
        "modelgo-lint-venv-"
    )
    cold, first = run_step("install", runner_temp, output)
    assert first["reused"] == "false"
    shutil.copytree(keyed["venv"], cache / "venv", symlinks=True)  # actions/cache/save
    shutil.rmtree(runner_temp)  # the job ends
    runner_temp.mkdir()
    assert run_step("env-key", runner_temp, output)[1] == keyed  # the next job computes the same key
    shutil.copytree(cache / "venv", keyed["venv"], symlinks=True)  # actions/cache/restore: a hit
    warm, second = run_step("install", runner_temp, output)
    assert second["reused"] == "true"
    print(f"install step: cold {cold:.2f} s, warm {warm:.2f} s")
    assert warm < cold / 4 and warm < 3.0
    lint = subprocess.run(
        [str(runner_temp / "modelgo-lint-venv" / "bin" / "modelgo-lint"), "--version"],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0 and lint.stdout.startswith("modelgo-lint ")
    # a restored venv whose marker does not hold this key is not trusted: it is rebuilt
    (runner_temp / "modelgo-lint-venv" / ".modelgo-lint-key").write_text("stale\n", encoding="utf-8")
    _, third = run_step("install", runner_temp, output)
    assert third["reused"] == "false"
    marker = (runner_temp / "modelgo-lint-venv" / ".modelgo-lint-key").read_text("utf-8")
    assert marker.strip() in keyed["key"]
