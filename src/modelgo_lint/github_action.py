"""The GitHub entry (``modelgo-lint github``): the Action's job, at the network edge.

Reads the runner's environment and event, lints the workspace (against the PR base for
pull_request / pull_request_target), writes annotations to stdout, the Markdown report to the job
summary, the outputs, an optional SARIF file, and creates or updates ONE sticky PR comment. The
exit code depends on the findings only, never on the comment. PyGithub is imported here only.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from modelgo_lint.config import Config
from modelgo_lint.engine import Report, UsageError, lint
from modelgo_lint.findings import Severity
from modelgo_lint.reporters import github as annotation_reporter
from modelgo_lint.reporters import markdown, sarif

MARKER = "<!-- modelgo-lint:sticky-comment -->"
COMMENT_MODES = ("always", "on-findings", "never")
T = TypeVar("T")


class GitHubError(Exception):
    """A GitHub API failure that is the user's to fix (exit 2), e.g. a pull request that does not exist."""


@dataclass(frozen=True)
class Event:
    name: str
    repository: str
    pr_number: int | None
    base_sha: str | None
    head_sha: str | None


def read_event(env: dict[str, str]) -> Event:
    name = env.get("GITHUB_EVENT_NAME", "")
    repository = env.get("GITHUB_REPOSITORY", "")
    payload: dict[str, Any] = {}
    path = env.get("GITHUB_EVENT_PATH")
    if path:
        try:
            payload = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise UsageError(f"cannot read the event payload {path}: {error}") from None
    pull = payload.get("pull_request") if name in ("pull_request", "pull_request_target") else None
    if isinstance(pull, dict):
        return Event(
            name,
            repository,
            int(pull["number"]),
            pull.get("base", {}).get("sha"),
            pull.get("head", {}).get("sha") or env.get("GITHUB_SHA"),
        )
    return Event(name, repository, None, None, env.get("GITHUB_SHA"))


def _write_output(path: str | None, values: dict[str, str]) -> None:
    if not path:
        return
    with open(path, "a", encoding="utf-8") as handle:
        for key, value in values.items():
            delimiter = f"EOF_{secrets.token_hex(8)}"
            handle.write(f"{key}<<{delimiter}\n{value}\n{delimiter}\n")


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)


def with_retries(
    action: Callable[[], T],
    *,
    attempts: int = 4,
    max_wait: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run ``action``, retrying 5xx, 429 and rate-limited 403 answers within a bounded total wait."""
    from github import GithubException

    waited = 0.0
    for attempt in range(attempts):
        try:
            return action()
        except GithubException as error:
            headers = {k.lower(): v for k, v in (error.headers or {}).items()}
            status = error.status
            limited = status == 403 and (
                headers.get("x-ratelimit-remaining") == "0" or "retry-after" in headers
            )
            if not (status >= 500 or status == 429 or limited) or attempt + 1 == attempts:
                raise
            if "retry-after" in headers:
                wait = float(headers["retry-after"])
            elif headers.get("x-ratelimit-reset"):
                wait = float(headers["x-ratelimit-reset"]) - time.time()
            else:
                wait = 2.0**attempt
            wait = max(0.0, wait)
            if waited + wait > max_wait:
                raise
            sleep(wait)
            waited += wait
    raise AssertionError("unreachable")


def sticky_comment(
    token: str,
    api_url: str,
    repository: str,
    number: int,
    body: str,
    mode: str,
    has_findings: bool,
    max_wait: float,
) -> str | None:
    """Create or update the one comment that carries ``MARKER``; return its URL (None if none)."""
    from github import Auth, Github, GithubException

    client = Github(auth=Auth.Token(token), base_url=api_url, retry=None, per_page=100, timeout=20)
    try:
        issue = client.get_repo(repository, lazy=True).get_issue(number)
        existing = with_retries(
            lambda: next((c for c in issue.get_comments() if MARKER in (c.body or "")), None),
            max_wait=max_wait,
        )
        if existing is not None:
            with_retries(lambda: existing.edit(body), max_wait=max_wait)
            return str(existing.html_url)
        if mode == "on-findings" and not has_findings:
            return None
        created = with_retries(lambda: issue.create_comment(body), max_wait=max_wait)
        return str(created.html_url)
    except GithubException as error:
        if error.status == 404:
            raise GitHubError(f"pull request #{number} of {repository} not found") from None
        raise
    finally:
        client.close()


def run(
    argv_path: Path,
    fail_on: str,
    comment: str,
    sarif_file: str | None,
    base: str | None,
    env: dict[str, str],
    out: Callable[[str], None],
) -> int:
    """The Action's job; returns the exit code."""
    event = read_event(env)
    workspace = Path(env.get("GITHUB_WORKSPACE") or ".")
    target = argv_path if argv_path.is_absolute() else workspace / argv_path
    base_rev = base or event.base_sha
    config = Config(fail_on=fail_on)
    report: Report = lint([target], config, base=base_rev)

    out(annotation_reporter.render(report))
    server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    link_base = (
        f"{server}/{event.repository}/blob/{event.head_sha}/{_rel(target, workspace)}".rstrip("/")
        if event.repository and event.head_sha
        else None
    )
    body = markdown.render(report, link_base=link_base)
    _append(env.get("GITHUB_STEP_SUMMARY"), body + "\n")
    if sarif_file:
        (workspace / sarif_file if not Path(sarif_file).is_absolute() else Path(sarif_file)).write_text(
            sarif.render(report), encoding="utf-8"
        )

    comment_url = ""
    token = env.get("GITHUB_TOKEN") or env.get("INPUT_GITHUB_TOKEN") or ""
    if comment != "never" and event.pr_number is not None:
        if not token:
            out("::warning title=modelgo-lint::no token: the pull-request comment is skipped\n")
        else:
            try:
                url = sticky_comment(
                    token,
                    env.get("GITHUB_API_URL", "https://api.github.com"),
                    event.repository,
                    event.pr_number,
                    f"{MARKER}\n{body}",
                    comment,
                    bool(report.findings),
                    float(env.get("MODELGO_LINT_MAX_WAIT", "60")),
                )
                comment_url = url or ""
            except GitHubError:
                raise
            except Exception as error:  # no write permission (fork PRs), network: degrade, never fail
                status = getattr(error, "status", None)
                reason = f"HTTP {status}" if status else type(error).__name__
                out(
                    f"::warning title=modelgo-lint::could not write the pull-request comment ({reason}); "
                    "the annotations and the job summary carry the report\n"
                )
    _write_output(
        env.get("GITHUB_OUTPUT"),
        {
            "errors": str(report.count(Severity.ERROR)),
            "warnings": str(report.count(Severity.WARNING)),
            "comment-url": comment_url,
            "sarif-file": sarif_file or "",
        },
    )
    return 1 if config.fails(report.findings) else 0


def _rel(target: Path, workspace: Path) -> str:
    try:
        rel = target.resolve().relative_to(workspace.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel


def main(args: Any) -> int:
    env = dict(os.environ)

    def out(text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()

    if args.comment not in COMMENT_MODES:
        raise UsageError(f"comment must be one of {', '.join(COMMENT_MODES)}")
    try:
        return run(
            args.path, args.fail_on, args.comment, args.sarif_file or None, args.base or None, env, out
        )
    except GitHubError as error:
        raise UsageError(str(error)) from None
