"""Upstream lineage through the Hugging Face Hub (issue 16), against the loopback fake Hub
(tests/hub_fake.py) and the real huggingface_hub: chains of depth 1 to 5, a cycle, gated (401,
403) and missing repositories, a server slower than the deadline, offline mode, the disk cache."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from action_support import run_action, workspace
from github_fake import FakeGitHub
from hub_fake import FakeHub, Repo
from modelgo_lint import cli
from modelgo_lint.config import Config
from modelgo_lint.engine import lint
from modelgo_lint.findings import Finding, Severity
from support import cli as run_cli
from support import commit_all

NC = {"license": "other", "license_name": "mg-by-nc-2.0", "license_link": "LICENSE"}


def _model(root: Path, base: str, license_id: str = "apache-2.0") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(f"---\nlicense: {license_id}\nbase_model: {base}\n---\n\n# Fine-tune\n",
                                    encoding="utf-8")
    return root


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    with FakeHub() as fake:
        monkeypatch.setenv("HF_ENDPOINT", fake.url)
        monkeypatch.setenv("MODELGO_LINT_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        monkeypatch.delenv("HF_TOKEN", raising=False)
        yield fake


def _findings(path: Path) -> list[Finding]:
    return list(lint([path], Config(), hub=True).findings)


def _card(base: str | None = None, relation: str = "finetune", **card: object) -> dict[str, object]:
    out = dict(card)
    if base is not None:
        out.update(base_model=base, base_model_relation=relation)
    return out


def test_nc_two_steps_up_is_mg402_naming_the_path(tmp_path: Path, hub: FakeHub) -> None:
    hub.repos["lab/quantized-x"] = Repo(_card("lab/base-nc", "quantized", license="cc0-1.0"))
    hub.repos["lab/base-nc"] = Repo(NC, card_in_api=False)  # read from its README at the sha
    found = _findings(_model(tmp_path / "m", "lab/quantized-x"))
    assert [(f.code, f.path, f.line) for f in found] == [("MG402", "README.md", 3)]
    assert "this → lab/quantized-x → lab/base-nc" in found[0].message
    assert ("HEAD", f"/lab/base-nc/resolve/{hub.repos['lab/base-nc'].sha}/README.md") in hub.requests


def test_a_compatibly_licensed_chain_gives_nothing(tmp_path: Path, hub: FakeHub) -> None:
    hub.repos["lab/quantized-x"] = Repo(_card("lab/base", "quantized", license="cc0-1.0"))
    hub.repos["lab/base"] = Repo({"license": "other", "license_name": "mg-by-2.0"})
    assert _findings(_model(tmp_path / "m", "lab/quantized-x")) == []


@pytest.mark.parametrize("depth", [1, 2, 3, 4, 5])
def test_an_nc_model_at_any_depth_is_found(tmp_path: Path, hub: FakeHub, depth: int) -> None:
    names = [f"lab/step-{i}" for i in range(1, depth + 1)]
    for name, base in zip(names, [*names[1:], None], strict=True):
        hub.repos[name] = Repo(NC if base is None else _card(base, license="cc0-1.0"))
    found = [f for f in _findings(_model(tmp_path / "m", names[0])) if f.code.startswith("MG40")]
    assert [f.code for f in found] == ["MG402"]
    assert f"lab/step-{depth} (MG-BY-NC-2.0)" in found[0].message
    if depth > 1:
        assert " → ".join(["this", *names]) in found[0].message


def test_a_cycle_ends_and_is_shown(tmp_path: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    hub.repos["lab/a"] = Repo(_card("lab/b", license="cc0-1.0"))
    hub.repos["lab/b"] = Repo(_card("lab/a", license="cc-by-nc-4.0"))
    model = _model(tmp_path / "m", "lab/a")
    found = _findings(model)
    assert [f.code for f in found] == ["MG402"] and "this → lab/a → lab/b" in found[0].message
    assert sorted(p for m, p in hub.requests if p.startswith("/api/models/")) == [
        "/api/models/lab/a", "/api/models/lab/b"]
    assert cli.main(["lineage", str(model), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["lineage"][0]["upstreams"]
    assert [(r["path"], r["cycle"]) for r in rows] == [
        (["lab/a"], False), (["lab/a", "lab/b"], False), (["lab/a", "lab/b", "lab/a"], True)]


def test_the_chain_is_followed_eight_steps_up_and_no_further(tmp_path: Path, hub: FakeHub) -> None:
    """hubcards.MAX_DEPTH (README: "follows at most 8 steps"): a chain of ten asks the Hub for
    the first eight only, so an NC model nine steps up is not looked up."""
    names = [f"lab/step-{i}" for i in range(1, 11)]
    for name, base in zip(names, [*names[1:], None], strict=True):
        hub.repos[name] = Repo(NC if name == "lab/step-9" else _card(base, license="cc0-1.0"))
    found = _findings(_model(tmp_path / "m", names[0]))
    asked = {p.split("/api/models/")[1] for m, p in hub.requests if p.startswith("/api/models/")}
    assert asked == set(names[:8])
    assert [f.code for f in found if f.code.startswith("MG40")] == []
    hub.repos["lab/step-8"] = Repo(NC)  # the eighth step is still looked at
    (tmp_path / "cache").rename(tmp_path / "old-cache")
    found = _findings(_model(tmp_path / "m", names[0]))
    assert [f.code for f in found if f.code.startswith("MG40")] == ["MG402"]


def test_hf_token_is_sent_to_the_hub_and_never_shown(
    tmp_path: Path, hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HF_TOKEN (huggingface_hub's own variable) authenticates every request; no output shows it."""
    token = "hf_SECRETtoken0123456789abcdefSECRET"
    monkeypatch.setenv("HF_TOKEN", token)
    hub.repos["lab/gated"] = Repo(NC, gated="manual", gate_status=403, card_in_api=False)
    model = _model(tmp_path / "m", "lab/gated")
    run = run_cli("check", model, "--hub", "--format", "json", env={"HF_TOKEN": token})
    sent = zip(hub.requests, hub.authorizations, strict=True)
    ours = [auth for (_, path), auth in sent if "lab/gated" in path]
    assert len(ours) >= 2 and all(auth == f"Bearer {token}" for auth in ours)  # the API and the file
    assert token not in run.out + run.err
    lineage = run_cli("lineage", model, env={"HF_TOKEN": token})
    assert token not in lineage.out + lineage.err


@pytest.mark.parametrize("status", [401, 403])
def test_a_gated_upstream_is_a_warning(tmp_path: Path, hub: FakeHub, status: int) -> None:
    hub.repos["lab/quantized-x"] = Repo(_card("lab/gated", license="cc0-1.0"))
    hub.repos["lab/gated"] = Repo(NC, gated="manual", gate_status=status, card_in_api=False)
    found = _findings(_model(tmp_path / "m", "lab/quantized-x"))
    assert [(f.code, f.severity) for f in found] == [("MG405", Severity.WARNING)]
    assert "lab/gated" in found[0].message and "gated" in found[0].message


def test_a_missing_upstream_is_a_warning(tmp_path: Path, hub: FakeHub) -> None:
    found = _findings(_model(tmp_path / "m", "lab/nowhere"))
    assert [(f.code, f.severity) for f in found] == [("MG405", Severity.WARNING)]
    assert "lab/nowhere was not found on the Hub" in found[0].message


def test_a_server_past_the_deadline_is_the_unresolved_finding(
        tmp_path: Path, hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    hub.repos["lab/slow"] = Repo(NC, delay=20.0)  # far past the bound below, even on a loaded machine
    model = _model(tmp_path / "m", "lab/slow")
    monkeypatch.setenv("MODELGO_LINT_HUB_TIMEOUT", "0.5")
    started = time.monotonic()
    slow = _findings(model)
    assert time.monotonic() - started < 10  # 0.5 s of timeout, not the server's 20 s
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # the same finding as any other unreachable upstream
    assert _findings(model) == slow and [f.code for f in slow] == ["MG405"]
    assert "lab/slow could not be resolved" in slow[0].message


def test_offline_with_a_warm_cache_gives_the_same_findings_without_a_request(
        tmp_path: Path, hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    hub.repos["lab/quantized-x"] = Repo(_card("lab/base-nc", "quantized", license="cc0-1.0"))
    hub.repos["lab/base-nc"] = Repo(NC, card_in_api=False)
    model = _model(tmp_path / "m", "lab/quantized-x")
    online = _findings(model)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    asked = len(hub.requests)
    assert _findings(model) == online and len(hub.requests) == asked
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    again = _findings(model)  # online, warm: the README is not downloaded again
    assert again == online and not any("/resolve/" in p for _, p in hub.requests[asked:])


def test_offline_cold_is_one_finding_per_unresolved_upstream_and_the_configured_exit_code(
        tmp_path: Path) -> None:
    model = _model(tmp_path / "m", "lab/one")
    text = (model / "README.md").read_text("utf-8").replace("base_model: lab/one",
                                                            "base_model:\n- lab/one\n- lab/two")
    (model / "README.md").write_text(text, encoding="utf-8")
    env = {"HF_HUB_OFFLINE": "1", "MODELGO_LINT_CACHE_DIR": str(tmp_path / "cold"),
           "HF_ENDPOINT": "http://127.0.0.1:9"}
    default = run_cli("check", "--hub", "--format", "json", model, env=env)
    strict = run_cli("check", "--hub", "--fail-on", "warning", model, env=env)
    found = json.loads(default.out)["findings"]
    assert [(f["code"], f["severity"]) for f in found] == [("MG405", "warning")] * 2
    assert ["lab/one" in found[0]["message"], "lab/two" in found[1]["message"]] == [True, True]
    assert (default.code, strict.code) == (0, 1)


def test_check_without_hub_imports_no_network_module(tmp_path: Path) -> None:
    model = _model(tmp_path / "m", "lab/quantized-x")
    probe = ("import sys; from modelgo_lint.cli import main; main(['check', sys.argv[1]]); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('huggingface_hub', 'httpx', 'httpx2', 'requests', 'urllib3', 'http', 'socket', 'ssl') "
             "or m.startswith('modelgo_lint.hub')))")
    proc = subprocess.run([sys.executable, "-c", probe, str(model)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_hub_without_huggingface_hub_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "huggingface_hub", None)  # import fails as when not installed
    assert cli.main(["check", "--hub", str(_model(tmp_path / "m", "lab/x"))]) == cli.EXIT_USAGE
    assert "modelgo-lint[hub]" in capsys.readouterr().err


def test_lineage_text_shows_license_relation_and_duties(
        tmp_path: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    hub.repos["lab/quantized-x"] = Repo(_card("lab/base-nc", "quantized", license="cc0-1.0"))
    hub.repos["lab/base-nc"] = Repo(NC)
    assert cli.main(["lineage", str(_model(tmp_path / "m", "lab/quantized-x"))]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ". (apache-2.0)"
    assert lines[1].startswith("  ← lab/quantized-x (cc0-1.0, finetune)")
    assert lines[2].startswith("    ← lab/base-nc (MG-BY-NC-2.0, quantized)") and "(NC)" in lines[2]


def test_the_action_with_hub_puts_the_lineage_in_the_summary(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    text = (repo / "README.md").read_text("utf-8").replace("---\n\n", "base_model: lab/base-nc\n---\n\n", 1)
    (repo / "README.md").write_text(text, encoding="utf-8")
    commit_all(repo, "base model")
    with FakeHub() as hub, FakeGitHub() as fake:
        hub.repos["lab/base-nc"] = Repo(NC)
        env = {"HF_ENDPOINT": hub.url, "MODELGO_LINT_CACHE_DIR": str(tmp_path / "cache")}
        result = run_action(repo, fake, base, tmp_path, comment="never", hub="true", extra_env=env)
    assert "MG402" in result["stdout"] and result["code"] == 1
    assert "### Model lineage" in result["summary"] and "lab/base-nc" in result["summary"]
