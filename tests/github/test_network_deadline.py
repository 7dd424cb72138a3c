"""One wall-clock deadline for all of the Action's GitHub API work (MODELGO_LINT_API_DEADLINE):
a server that drips one byte every two seconds, or links to a next page of comments forever,
ends the run within the deadline with a warning, the summary, the outputs and the exit code the
findings dictate."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from action_support import break_license, run_action, workspace
from github_fake import FakeGitHub
from modelgo_lint.github import comment

DEADLINE = {"MODELGO_LINT_API_DEADLINE": "3"}


# the tests that wait out the 3 s deadline on purpose run in the slow set (.ci/run runs it too)
@pytest.mark.slow
@pytest.mark.parametrize("findings", [True, False])
def test_a_dripping_server_is_stopped_by_the_deadline(tmp_path: Path, findings: bool) -> None:
    repo, base = workspace(tmp_path)
    if findings:
        break_license(repo)
    with FakeGitHub() as fake:
        fake.drip = 2.0
        start = time.monotonic()
        result = run_action(repo, fake, base, tmp_path, comment="always", extra_env=DEADLINE)
        elapsed = time.monotonic() - start
        assert fake.requests  # the comment was attempted
    assert elapsed < 5, elapsed
    warnings = [line for line in result["stdout"].splitlines() if line.startswith("::warning")]
    assert len(warnings) == 1 and "MODELGO_LINT_API_DEADLINE" in warnings[0], result["stdout"]
    assert "Traceback" not in result["stderr"]
    assert result["code"] == (1 if findings else 0)
    assert ("MG102" in result["summary"]) is findings and result["summary"].strip()
    assert result["outputs"]["errors"] == ("1" if findings else "0")
    assert result["outputs"]["comment-url"] == ""


def test_an_endless_comment_list_is_capped(tmp_path: Path) -> None:
    repo, base = workspace(tmp_path)
    break_license(repo)
    with FakeGitHub() as fake:
        fake.endless = True
        start = time.monotonic()
        result = run_action(repo, fake, base, tmp_path, comment="always", extra_env=DEADLINE)
        elapsed = time.monotonic() - start
        pages = [r for r in fake.requests if r.method == "GET" and r.path.endswith("/comments")]
    assert elapsed < 5, elapsed
    assert 0 < len(pages) <= comment.MAX_PAGES
    warnings = [line for line in result["stdout"].splitlines() if line.startswith("::warning")]
    assert len(warnings) == 1 and "comment list" in warnings[0], result["stdout"]
    assert fake.sticky() == [] and not [r for r in fake.requests if r.method == "POST"]
    assert result["code"] == 1 and result["outputs"]["errors"] == "1" and "MG102" in result["summary"]


@pytest.mark.slow
def test_endless_pages_past_the_deadline_are_stopped(tmp_path: Path) -> None:
    """Pages that come slowly enough that the cap is not reached within the deadline."""
    repo, base = workspace(tmp_path)
    with FakeGitHub() as fake:
        fake.endless = True
        fake.after_answer.append(lambda request: time.sleep(0.5))
        start = time.monotonic()
        result = run_action(repo, fake, base, tmp_path, comment="always", extra_env=DEADLINE)
        elapsed = time.monotonic() - start
    assert elapsed < 5, elapsed
    assert "MODELGO_LINT_API_DEADLINE" in result["stdout"] and result["code"] == 0
    assert result["outputs"]["errors"] == "0"


@pytest.mark.slow
def test_publish_within_in_process_ends_on_time(tmp_path: Path) -> None:
    """The library call itself: returns at the deadline, leaves no thread behind."""
    import threading

    with FakeGitHub() as fake:
        fake.drip = 2.0
        before = threading.active_count()
        start = time.monotonic()
        outcome = comment.publish_within(
            1.0, token="ghs_x", api_url=fake.url, repository="octo/models", number=7, body="b", key=".",
            mode="always", has_findings=True, max_wait=1.0, write_spacing=0.0,
        )
        assert time.monotonic() - start < 2.5
        assert outcome.url is None and outcome.warning and "MODELGO_LINT_API_DEADLINE" in outcome.warning
        assert threading.active_count() <= before + 1  # at most the server's handler, still dripping


def test_the_publisher_child_starts_early_and_is_ended_when_not_needed() -> None:
    """The child that does the API work starts before the lint (PyGithub loads meanwhile); a
    publisher that is closed without work ends its child at once and leaves no process behind."""
    publisher = comment.Publisher()
    child = publisher._proc
    assert child is not None and child.poll() is None  # running, waiting for its arguments
    publisher.close()  # killed and reaped (no timed assertion in the fast suite: xdist loads the machine)
    assert child.returncode is not None
    publisher.close()  # a second close is harmless
    outcome = publisher.publish(1.0, token="x")
    assert outcome.url is None and outcome.warning and "could not write" in outcome.warning


def test_a_publisher_whose_parent_sends_nothing_exits_quietly() -> None:
    """The parent ended without work (stdin closed empty): the child exits 0, says nothing."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "modelgo_lint.github.comment"], input=b"",
                          capture_output=True, timeout=30)
    assert proc.returncode == 0 and proc.stdout == b"" and proc.stderr == b""


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, MemoryError])
def test_a_publish_interrupted_while_it_waits_leaves_no_child(
    monkeypatch: pytest.MonkeyPatch, interruption: type[BaseException]
) -> None:
    """Ctrl-C (the runner's SIGINT on a cancelled job) or any other exception while the parent
    waits for its child: the Action's ``finally`` closes the publisher, which ends the child then
    too (it would otherwise go on with the API work, or wait for its arguments, on its own)."""
    publisher = comment.Publisher()
    child = publisher._proc
    assert child is not None
    real = child.communicate
    calls = []

    def interrupted(*args: object, **kwargs: object) -> tuple[bytes, bytes]:
        calls.append(args)
        if len(calls) == 1:
            raise interruption
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(child, "communicate", interrupted)
    with pytest.raises(interruption):
        publisher.publish(30.0, token="x")
    publisher.close()  # what _job's finally does
    assert child.returncode is not None  # ended and reaped


def test_arguments_that_cannot_be_sent_leave_no_child() -> None:
    publisher = comment.Publisher()
    child = publisher._proc
    assert child is not None
    with pytest.raises(TypeError):
        publisher.publish(30.0, token=object())
    publisher.close()
    assert child.returncode is not None
