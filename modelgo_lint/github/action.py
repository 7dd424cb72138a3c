"""The GitHub entry (``modelgo-lint github``): the Action's job, at the network edge.

Reads the runner's environment and the event payload (validated before use), finds the revision
to compare notices with (pull_request / pull_request_target: the PR base; merge_group: its
``base_sha``; push: ``before``; other events: none, said in a notice), fetches that one commit
when a shallow checkout lacks it, lints the checked folder with the repository's configuration,
and writes annotations to stdout, the full Markdown report to the job summary, the outputs, an
optional SARIF file, and ONE sticky PR comment per invocation (``github.comment``). Every path is
relative to the repository root, whatever ``path`` is. The exit code depends on the findings
only, never on the comment or the base fetch. PyGithub is imported in ``github.comment`` only.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import re
import secrets
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelgo_lint.config import resolve
from modelgo_lint.engine import Report, UsageError, lint
from modelgo_lint.findings import Finding, Severity, one_line
from modelgo_lint.reporters import github as annotation_reporter
from modelgo_lint.reporters import markdown, sarif

COMMENT_MODES = ("always", "on-findings", "never")
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1, or SHA-256 repositories
_ZERO = re.compile(r"0{40}(?:0{24})?")
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}")
PR_EVENTS = ("pull_request", "pull_request_target")


@dataclass(frozen=True)
class Event:
    name: str
    repository: str
    pr_number: int | None
    base_sha: str | None
    head_sha: str | None
    #: why notices are not compared with a base (None when the event has one)
    no_base: str | None = None


def _field(payload: Any, dotted: str, kind: type, name: str) -> Any:
    value = payload
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            raise UsageError(f"the {name} event payload has no {dotted}")
        value = value[part]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise UsageError(f"the {name} event payload's {dotted} is not a {kind.__name__}")
    return value


def _sha(payload: Any, dotted: str, name: str) -> str:
    value: str = _field(payload, dotted, str, name)
    if not _SHA.fullmatch(value):
        raise UsageError(f"the {name} event payload's {dotted} is not a commit SHA")
    return value


#: GitHub caps webhook payloads at 25 MB; the event file is read up to one byte more
MAX_EVENT_BYTES = 25 * 1024 * 1024


def _read_payload(path: str) -> Any:
    """The JSON object at ``GITHUB_EVENT_PATH``: a regular file (a FIFO is not waited on), read up
    to :data:`MAX_EVENT_BYTES`; anything else is a usage error naming the variable."""
    where = "GITHUB_EVENT_PATH"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise UsageError(f"{where}: cannot open the event payload ({type(error).__name__})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UsageError(f"{where}: the event payload is not a regular file")
        chunks, size = [], 0
        while size <= MAX_EVENT_BYTES:
            chunk = os.read(fd, min(1024 * 1024, MAX_EVENT_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise UsageError(f"{where}: cannot read the event payload ({type(error).__name__})") from None
    finally:
        os.close(fd)
    if size > MAX_EVENT_BYTES:
        raise UsageError(f"{where}: the event payload is larger than {MAX_EVENT_BYTES // (1024 * 1024)} MB")
    try:
        payload = json.loads(b"".join(chunks))
    except (ValueError, RecursionError) as error:  # invalid UTF-8 or JSON, too deep, a huge number
        raise UsageError(f"{where}: the event payload is not valid JSON ({type(error).__name__})") from None
    if not isinstance(payload, dict):
        raise UsageError(f"{where}: the event payload is not a JSON object")
    return payload


def read_event(env: dict[str, str]) -> Event:
    """The event, from ``GITHUB_EVENT_NAME`` and the payload at ``GITHUB_EVENT_PATH``. A payload
    that lacks a field we use, or has it of the wrong type, is a usage error naming the field; so
    is a runner variable we use that is missing or malformed (GITHUB_REPOSITORY, GITHUB_SHA,
    GITHUB_EVENT_PATH)."""
    name = env.get("GITHUB_EVENT_NAME", "")
    repository = env.get("GITHUB_REPOSITORY", "")
    if not repository:
        raise UsageError("GITHUB_REPOSITORY is not set (the runner sets it to owner/name)")
    if not _REPOSITORY.fullmatch(repository):
        raise UsageError("GITHUB_REPOSITORY is not of the form owner/name")
    head = env.get("GITHUB_SHA") or None
    if head is not None and not _SHA.fullmatch(head):
        raise UsageError("GITHUB_SHA is not a commit SHA")
    payload: Any = {}
    path = env.get("GITHUB_EVENT_PATH")
    if path:
        payload = _read_payload(path)
    elif name in (*PR_EVENTS, "merge_group", "push"):
        raise UsageError(f"GITHUB_EVENT_PATH is not set (a {name} event needs its payload)")
    if name in PR_EVENTS:
        number: int = _field(payload, "pull_request.number", int, name)
        if number <= 0:
            raise UsageError(f"the {name} event payload's pull_request.number is not a positive number")
        base = _sha(payload, "pull_request.base.sha", name)
        if _ZERO.fullmatch(base):
            raise UsageError(f"the {name} event payload's pull_request.base.sha is not a usable base")
        head_sha = _sha(payload, "pull_request.head.sha", name)
        return Event(name, repository, number, base, head_sha)
    if name == "merge_group":
        base = _sha(payload, "merge_group.base_sha", name)
        return Event(name, repository, None, base, _sha(payload, "merge_group.head_sha", name))
    if name == "push":
        before = _field(payload, "before", str, name)
        after = _field(payload, "after", str, name)
        pushed = after if _SHA.fullmatch(after) else head
        if _ZERO.fullmatch(before) or payload.get("created") is True:
            return Event(name, repository, None, None, pushed, "a push that creates a branch has no base")
        return Event(name, repository, None, _sha(payload, "before", name), pushed)
    return Event(name, repository, None, None, head, f"{name or 'this'} events have no base revision")


def _write_output(path: str | None, values: dict[str, str]) -> None:
    if not path:
        return
    with open(path, "a", encoding="utf-8", errors="backslashreplace") as handle:
        for key, value in values.items():
            delimiter = f"EOF_{secrets.token_hex(8)}"
            handle.write(f"{key}<<{delimiter}\n{value}\n{delimiter}\n")


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)


def _command(kind: str, message: str) -> str:
    return f"::{kind} title=modelgo-lint::{annotation_reporter.escape_data(message)}\n"


def _base_revision(top: Path, rev: str | None, out: Callable[[str], None]) -> str | None:
    """``rev`` when the checkout has it or it can be fetched (one commit); else None, with a warning."""
    if rev is None:
        return None
    from modelgo_lint.repo import gitio

    if gitio.has_commit(top, rev):
        return rev
    try:
        gitio.fetch_commit(top, rev)
    except gitio.GitError as error:
        out(_command(
            "warning",
            f"the base commit {rev} is not in the checkout and could not be fetched ({error}): notices "
            "were not compared with it (MG301/MG302). Check out with fetch-depth: 0 (actions/checkout).",
        ))
        return None
    return rev


def _rooted(report: Report, rel: str) -> Report:
    """The report with every path relative to the repository root (``rel``: the checked folder)."""
    if not rel:
        return report
    findings = tuple(
        f._replace(path=posixpath.normpath(posixpath.join(rel, f.path))) for f in report.findings
    )
    return report._replace(findings=findings)


def _linker(
    server: str, event: Event, top: Path, base: str | None
) -> Callable[[Finding], str | None] | None:
    """Links to the file at the head commit; a file deleted at head links to the base commit."""
    if not event.repository or not event.head_sha:
        return None
    repo_url = f"{server}/{event.repository}"

    def link(finding: Finding) -> str | None:
        sha = event.head_sha
        if base and not os.path.lexists(top / finding.path):
            sha = base
        return markdown.file_link(f"{repo_url}/blob/{sha}", finding.path, finding.line)

    return link


def _run_url(server: str, env: dict[str, str]) -> str | None:
    repository, run_id = env.get("GITHUB_REPOSITORY", ""), env.get("GITHUB_RUN_ID", "")
    if not repository or not run_id.isdigit():
        return None
    attempt = env.get("GITHUB_RUN_ATTEMPT", "")
    return f"{server}/{repository}/actions/runs/{run_id}" + (
        f"/attempts/{attempt}" if attempt.isdigit() and attempt != "1" else ""
    )


@dataclass(frozen=True)
class Inputs:
    """The Action's inputs (``action.yml``), as ``modelgo-lint github`` receives them."""

    path: Path = Path(".")
    fail_on: str | None = None  # None: the configuration's fail-on, else error
    comment: str = "on-findings"
    sarif_file: str | None = None
    base: str | None = None  # None: the event's base
    comment_key: str | None = None  # None: the checked path
    hub: bool = False  # upstreams looked up on the Hugging Face Hub; the lineage in the summary


def run(inputs: Inputs, env: dict[str, str], out: Callable[[str], None]) -> int:
    """The Action's job; returns the exit code. The outputs are written even when it stops early."""
    outputs = {"errors": "", "warnings": "", "comment-url": "", "sarif-file": ""}
    try:
        return _job(inputs, env, out, outputs)
    except UsageError as error:  # the CLI prints it and exits 2; the job's summary says so too
        out(_command("error", f"stopped: {error}"))
        reason = markdown.neutral(str(error), 500)
        with contextlib.suppress(OSError):  # the summary file itself is the problem: stderr has it
            _append(env.get("GITHUB_STEP_SUMMARY"), f"\n**modelgo-lint stopped:** {reason} (exit 2)\n")
        raise
    finally:
        try:
            _write_output(env.get("GITHUB_OUTPUT"), outputs)
        except OSError as error:
            out(_command("warning", f"cannot write the step outputs to GITHUB_OUTPUT "
                                    f"({type(error).__name__})"))


def _job(inputs: Inputs, env: dict[str, str], out: Callable[[str], None], outputs: dict[str, str]) -> int:
    from modelgo_lint.repo import gitio

    event = read_event(env)
    max_wait = _seconds(env, "MODELGO_LINT_MAX_WAIT", 60.0)
    write_spacing = _seconds(env, "MODELGO_LINT_WRITE_SPACING", 1.0)
    deadline = _seconds(env, "MODELGO_LINT_API_DEADLINE", 60.0)
    workspace = Path(env.get("GITHUB_WORKSPACE") or ".")
    if not workspace.is_dir():
        raise UsageError("GITHUB_WORKSPACE is not a directory")
    target = inputs.path if inputs.path.is_absolute() else workspace / inputs.path
    if not target.is_dir():
        raise UsageError(f"path {one_line(str(inputs.path))}: not a directory of the workspace")
    top = gitio.toplevel(target) or workspace
    rel = _rel(target, top)
    config = resolve(target, None, (), inputs.fail_on)
    token = env.get("GITHUB_TOKEN") or env.get("INPUT_GITHUB_TOKEN") or ""
    publisher = None
    if inputs.comment != "never" and event.pr_number is not None and token:
        from modelgo_lint.github.comment import Publisher

        publisher = Publisher()  # its child imports PyGithub while this process lints
    try:
        base_rev = _base_revision(top, inputs.base or event.base_sha, out)
        if base_rev is None and not inputs.base and event.no_base:
            out(_command("notice", f"{event.no_base}: attribution retention (MG301/MG302) was not checked; "
                                   "every other check ran"))
        report = _rooted(lint([target], config, base=base_rev, hub=inputs.hub), rel)

        out(annotation_reporter.render(report))
        server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        link = _linker(server, event, top, base_rev)
        run_url = _run_url(server, env)
        summary = markdown.render(
            report, link=link, limit=markdown.SUMMARY_BUDGET,
            elsewhere="the SARIF report (the sarif-file input) and `modelgo-lint check` list every finding",
        )
        if inputs.hub:
            from modelgo_lint.reporters.lineage import render_markdown

            summary += "\n" + render_markdown(report.lineage)
        _append(env.get("GITHUB_STEP_SUMMARY"), summary + "\n")
        outputs["errors"] = str(report.count(Severity.ERROR))
        outputs["warnings"] = str(report.count(Severity.WARNING))
        sarif_file = inputs.sarif_file
        if sarif_file:
            sarif_path = Path(sarif_file) if Path(sarif_file).is_absolute() else workspace / sarif_file
            sarif_path.write_text(sarif.render(report), encoding="utf-8", errors="backslashreplace")
            outputs["sarif-file"] = sarif_file

        if inputs.comment != "never" and event.pr_number is not None:
            if publisher is None:
                out(_command("warning", "no token: the pull-request comment is skipped"))
            else:
                where = f"the [job summary]({run_url})" if run_url else "the job summary"
                body = markdown.render(report, link=link, elsewhere=f"{where} has the full report")
                if run_url and report.findings:
                    body += f"\nFull report: [job summary]({run_url}).\n"
                outcome = publisher.publish(
                    deadline,
                    token=token,
                    api_url=env.get("GITHUB_API_URL", "https://api.github.com"),
                    repository=event.repository,
                    number=event.pr_number,
                    body=body,
                    key=inputs.comment_key or rel,
                    mode=inputs.comment,
                    has_findings=bool(report.findings),
                    max_wait=min(max_wait, deadline),
                    write_spacing=write_spacing,
                )
                outputs["comment-url"] = outcome.url or ""
                if outcome.warning:
                    out(_command("warning", f"{outcome.warning}; the annotations and the job summary carry "
                                            "the report"))
        return 1 if config.fails(report.findings) else 0
    finally:
        if publisher is not None:
            publisher.close()  # not needed after all (or an error): ended, never left behind


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    try:
        value = float(env.get(name, default))
    except ValueError:
        raise UsageError(f"{name} is not a number of seconds") from None
    if not 0 <= value <= 3600:
        raise UsageError(f"{name} must be between 0 and 3600 seconds")
    return value


def _rel(target: Path, top: Path) -> str:
    try:
        rel = target.resolve().relative_to(top.resolve()).as_posix()
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
    inputs = Inputs(
        args.path, args.fail_on or None, args.comment, args.sarif_file or None, args.base or None,
        getattr(args, "comment_key", None) or None, getattr(args, "hub", "") == "true",
    )
    return run(inputs, env, out)
