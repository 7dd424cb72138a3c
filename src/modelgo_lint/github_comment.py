"""The sticky pull-request comment, at the network edge (PyGithub is imported here only, lazily).

One comment per invocation *key*, found by a hidden marker that carries the key. ``publish`` never
raises for an API failure: it returns a :class:`CommentOutcome` whose ``warning`` the caller shows,
because the exit code depends on the findings alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
MARKER_PREFIX = "<!-- modelgo-lint:sticky-comment"


def marker(key: str) -> str:
    """The hidden marker of the comment of one invocation (``key``: e.g. the checked path)."""
    return f"{MARKER_PREFIX} -->" if key in ("", ".") else f"{MARKER_PREFIX} key={_safe_key(key)} -->"


def _safe_key(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_./" else "_" for c in key)[:200]


@dataclass(frozen=True)
class CommentOutcome:
    url: str | None  # the comment's html_url, None when no comment exists (or could be written)
    warning: str | None = None  # one line for a ::warning, when the comment could not be written


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


def publish(
    *,
    token: str,
    api_url: str,
    repository: str,
    number: int,
    body: str,
    key: str,
    mode: str,
    has_findings: bool,
    max_wait: float,
) -> CommentOutcome:
    """Create or update the one comment of ``key`` on pull request ``number``.

    ``body`` is the Markdown report (without the marker). ``mode``: ``always`` or ``on-findings``
    (no new comment on a clean pull request, but an existing one becomes the passing note).
    """
    from github import Auth, Github, GithubException

    tag = marker(key)
    text = f"{tag}\n{body}"
    client = Github(auth=Auth.Token(token), base_url=api_url, retry=None, per_page=100, timeout=20)
    try:
        issue = client.get_repo(repository, lazy=True).get_issue(number)
        existing = with_retries(
            lambda: next((c for c in issue.get_comments() if tag in (c.body or "")), None),
            max_wait=max_wait,
        )
        if existing is not None:
            with_retries(lambda: existing.edit(text), max_wait=max_wait)
            return CommentOutcome(str(existing.html_url))
        if mode == "on-findings" and not has_findings:
            return CommentOutcome(None)
        created = with_retries(lambda: issue.create_comment(text), max_wait=max_wait)
        return CommentOutcome(str(created.html_url))
    except GithubException as error:
        return CommentOutcome(None, f"could not write the pull-request comment (HTTP {error.status})")
    except Exception as error:  # the network (refused, reset, timeout): degrade, never fail
        return CommentOutcome(None, f"could not write the pull-request comment ({type(error).__name__})")
    finally:
        client.close()
