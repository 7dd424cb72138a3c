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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelgo_lint.config import Config
from modelgo_lint.engine import Report, UsageError, lint
from modelgo_lint.findings import Severity
from modelgo_lint.reporters import github as annotation_reporter
from modelgo_lint.reporters import markdown, sarif

COMMENT_MODES = ("always", "on-findings", "never")


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


def run(
    argv_path: Path,
    fail_on: str,
    comment: str,
    sarif_file: str | None,
    base: str | None,
    env: dict[str, str],
    out: Callable[[str], None],
    comment_key: str | None = None,
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
            from modelgo_lint.github_comment import publish

            outcome = publish(
                token=token,
                api_url=env.get("GITHUB_API_URL", "https://api.github.com"),
                repository=event.repository,
                number=event.pr_number,
                body=body,
                key=comment_key if comment_key is not None else _rel(target, workspace),
                mode=comment,
                has_findings=bool(report.findings),
                max_wait=float(env.get("MODELGO_LINT_MAX_WAIT", "60")),
            )
            comment_url = outcome.url or ""
            if outcome.warning:
                out(
                    f"::warning title=modelgo-lint::{outcome.warning}; "
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
    return run(args.path, args.fail_on, args.comment, args.sarif_file or None, args.base or None, env, out)
