"""The sticky pull-request comment, at the network edge (PyGithub is imported here only, lazily).

One comment per invocation *key* and per *identity*: a comment is ours when its first line is the
marker of our key AND its author is the token's own identity, so a comment by anyone else that
copies our marker is never edited or deleted.

The identity: ``GET /user`` for a user's token (a personal access token). An installation token
(GitHub App, and the workflow's GITHUB_TOKEN) is refused there (403 "Resource not accessible by
integration"); then ``github-actions[bot]`` (type Bot, id 41898282, the author of the workflow
token's comments) is presumed ours, and the author of a comment we create is our identity for good.

After a comment is created the comments are listed again and our duplicates (two racing runs) are
deleted, keeping the lowest id, which gets our body: racing runs converge on one comment. A POST is
never retried blindly: after a failure that may have created the comment (5xx, a timeout, a reset)
or a rate limit, the comments are listed again first. ``publish`` never raises for an API failure:
it returns a :class:`CommentOutcome` whose ``warning`` the caller shows, because the exit code
depends on the findings alone.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from github.IssueComment import IssueComment

T = TypeVar("T")
MARKER_PREFIX = "<!-- modelgo-lint:sticky-comment"
WORKFLOW_BOT = ("github-actions[bot]", 41898282)  # login and id of the GITHUB_TOKEN's comments
SECONDARY_WAIT = 60.0  # GitHub: without retry-after or a reset, wait at least a minute
POSTS = 2  # at most two creations, the second only after a listing shows the first did not land
PER_PAGE = 100
#: the comment list is read up to 30 pages; a pull request with 3,000 comments or more is not searched
#: for ours (and gets none: it could be on a page not read), as a server may link to pages forever
MAX_PAGES = 30
#: per request: seconds to connect, and between two reads (a server that drips bytes is stopped by
#: :func:`publish_within`'s deadline, not by this)
REQUEST_TIMEOUT = 10


class TooManyComments(Exception):
    """The comment list fills :data:`MAX_PAGES` pages."""


def marker(key: str) -> str:
    """The hidden marker of the comment of one invocation (``key``: e.g. the checked path)."""
    return f"{MARKER_PREFIX} -->" if key in ("", ".") else f"{MARKER_PREFIX} key={_safe_key(key)} -->"


def _safe_key(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_./" else "_" for c in key)[:200]


@dataclass(frozen=True)
class CommentOutcome:
    url: str | None  # the comment's html_url, None when no comment exists (or could be written)
    warning: str | None = None  # one line for a ::warning, when the comment could not be written


@dataclass
class _Budget:
    """The total wait of one ``publish`` (every retry of every request shares it)."""

    max_wait: float
    sleep: Callable[[float], None] = time.sleep
    waited: float = field(default=0.0)

    def spend(self, wait: float) -> bool:
        wait = max(0.0, wait)
        if self.waited + wait > self.max_wait:
            return False
        self.sleep(wait)
        self.waited += wait
        return True


def _retry_wait(error: BaseException, attempt: int) -> float | None:
    """Seconds to wait before trying again, None when ``error`` is not worth a retry.

    5xx and network errors back off; 429 and 403 are retried only as rate limits (retry-after,
    x-ratelimit-remaining 0, or GitHub's rate-limit message), as GitHub's REST documentation says.
    """
    from requests import ConnectionError as RequestsConnectionError
    from requests import Timeout

    from github import GithubException

    if isinstance(error, (RequestsConnectionError, Timeout)):
        return 0.5 * 2.0**attempt
    if not isinstance(error, GithubException):
        return None
    headers = {k.lower(): v for k, v in (error.headers or {}).items()}
    message = str((error.data or {}).get("message", "") if isinstance(error.data, dict) else "").lower()
    if "retry-after" in headers and error.status in (403, 429):
        try:
            return float(headers["retry-after"])
        except ValueError:
            return SECONDARY_WAIT
    if error.status in (403, 429) and headers.get("x-ratelimit-remaining") == "0":
        try:
            return float(headers.get("x-ratelimit-reset", "")) - time.time() + 1
        except ValueError:
            return SECONDARY_WAIT
    if error.status in (403, 429) and "rate limit" in message:
        return SECONDARY_WAIT
    if error.status == 429:
        return SECONDARY_WAIT
    if error.status >= 500:
        return 0.5 * 2.0**attempt
    return None


def with_retries(
    action: Callable[[], T],
    *,
    attempts: int = 3,
    max_wait: float = 60.0,
    sleep: Callable[[float], None] = time.sleep,
    budget: _Budget | None = None,
) -> T:
    """Run an idempotent ``action`` (GET, PATCH, DELETE; never a POST), retrying 5xx, network
    errors and rate limits, within a bounded total wait (``budget``, shared, or ``max_wait``)."""
    budget = budget or _Budget(max_wait, sleep)
    for attempt in range(attempts):
        try:
            return action()
        except Exception as error:
            wait = _retry_wait(error, attempt)
            if wait is None or attempt + 1 == attempts or not budget.spend(wait):
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class _Identity:
    login: str
    id: int
    certain: bool  # False: presumed (the workflow token's bot), until a comment we create says

    def wrote(self, comment: IssueComment) -> bool:
        author = comment.user
        if author is None:
            return False
        if not self.certain:
            return bool(author.login == self.login and author.id == self.id and author.type == "Bot")
        return bool(author.id == self.id and author.login == self.login)


_NOBODY = _Identity("", -1, certain=True)  # matches no comment


def _whoami(client: Any, budget: _Budget) -> _Identity:
    from github import GithubException

    try:
        _, data = with_retries(lambda: client.requester.requestJsonAndCheck("GET", "/user"), budget=budget)
    except GithubException as error:
        if error.status not in (401, 403, 404):
            raise
        return _Identity(*WORKFLOW_BOT, certain=False)  # an installation token: not a user
    return _Identity(str(data["login"]), int(data["id"]), certain=True)


def _mine(comments: Sequence[IssueComment], tag: str, me: _Identity) -> list[IssueComment]:
    """Our comments (our key's marker as the first line, our author), lowest id first."""
    found = [c for c in comments if (c.body or "").split("\n", 1)[0].rstrip("\r") == tag and me.wrote(c)]
    return sorted(found, key=lambda c: c.id)


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
    write_spacing: float = 1.0,
) -> CommentOutcome:
    """Create or update the one comment of ``key`` on pull request ``number``.

    ``write_spacing``: seconds between two write requests (GitHub advises one second; the
    ``MODELGO_LINT_WRITE_SPACING`` variable of the Action, for servers of your own).

    ``body`` is the Markdown report (without the marker). ``mode``: ``always`` or ``on-findings``
    (no new comment on a clean pull request, but an existing one becomes the passing note).
    """
    from github import Auth, Github, GithubException

    client = Github(  # requests are serial: reads unpaced, writes spaced (GitHub's advice: 1 s)
        auth=Auth.Token(token), base_url=api_url, retry=None, per_page=PER_PAGE, timeout=REQUEST_TIMEOUT,
        seconds_between_requests=None, seconds_between_writes=max(0.0, write_spacing) or None,
    )
    try:
        tag = marker(key)
        budget = _Budget(max_wait)
        return _publish(client, repository, number, f"{tag}\n{body}", tag, mode, has_findings, budget)
    except GithubException as error:
        return CommentOutcome(None, f"could not write the pull-request comment (HTTP {error.status})")
    except TooManyComments:
        return CommentOutcome(None, "could not write the pull-request comment (the comment list has "
                                    f"{MAX_PAGES * PER_PAGE} comments or more)")
    except Exception as error:  # the network (refused, reset, timeout): degrade, never fail
        return CommentOutcome(None, f"could not write the pull-request comment ({type(error).__name__})")
    finally:
        client.close()


def _publish(
    client: Any, repository: str, number: int, text: str, tag: str, mode: str, has_findings: bool,
    budget: _Budget,
) -> CommentOutcome:
    from github import GithubException

    me = _whoami(client, budget)
    issue = with_retries(lambda: client.get_repo(repository, lazy=True).get_issue(number), budget=budget)

    def capped() -> list[IssueComment]:
        comments = list(itertools.islice(issue.get_comments(), MAX_PAGES * PER_PAGE))
        if len(comments) == MAX_PAGES * PER_PAGE:
            raise TooManyComments()
        return comments

    def listing() -> list[IssueComment]:
        return with_retries(capped, budget=budget)

    wrote = False  # a POST of ours may have landed: an identical body need not be written again
    posts = 0
    while True:
        mine = _mine(listing(), tag, me)
        if mine:
            try:
                return _settle(mine, text, budget, rewrite=not wrote)
            except GithubException as error:
                if me.certain or error.status != 403 or _retry_wait(error, 0) is not None:
                    raise
                me = _NOBODY  # refused: the token is not the workflow token; what we create will say
                continue
        if mode == "on-findings" and not has_findings:
            return CommentOutcome(None)
        try:
            created = issue.create_comment(text)  # never retried blindly: listed again first
        except Exception as error:
            wait = _retry_wait(error, posts)
            posts += 1
            if wait is None or posts == POSTS or not budget.spend(wait):
                raise
            wrote = True
            continue
        author = created.user
        me = _Identity(author.login, author.id, certain=True)  # who we are, for good
        mine = _mine(listing(), tag, me)
        if all(c.id != created.id for c in mine):
            mine = sorted([*mine, created], key=lambda c: c.id)
        return _settle(mine, text, budget, rewrite=mine[0].id != created.id, created=created)


def _settle(
    mine: list[IssueComment],
    text: str,
    budget: _Budget,
    *,
    rewrite: bool,
    created: IssueComment | None = None,
) -> CommentOutcome:
    """Keep the lowest of our comments with ``text`` as its body; delete our duplicates."""
    from github import GithubException

    keeper, duplicates = mine[0], mine[1:]
    if rewrite or keeper.body != text:
        try:
            with_retries(lambda: keeper.edit(text), budget=budget)
        except GithubException as error:
            if created is None or created.id == keeper.id:
                raise
            # the one we created carries the report: keep it, leave the rest to the next run
            refused = f"could not update the older pull-request comment (HTTP {error.status})"
            return CommentOutcome(str(created.html_url), refused)
    warning = None
    for duplicate in duplicates:
        try:
            with_retries(duplicate.delete, budget=budget)
        except GithubException as error:
            if error.status != 404:  # 404: a racing run deleted it first
                warning = f"could not delete a duplicate pull-request comment (HTTP {error.status})"
    return CommentOutcome(str(keeper.html_url), warning)


#: the folder that holds the modelgo_lint package (site-packages, or the checkout of an editable install)
_PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Publisher:
    """The child process that does :func:`publish`'s API work (this module, arguments as JSON on
    stdin), started before the work is known: it imports PyGithub (a third of a second) while
    the parent lints. :meth:`publish` hands it the arguments and waits at most the deadline;
    :meth:`close` ends a child that was not needed."""

    def __init__(self) -> None:
        command = [sys.executable, "-m", "modelgo_lint.github.comment"]
        self._proc: subprocess.Popen[bytes] | None = None
        self._error: OSError | None = None
        try:
            # ``-m`` puts the working directory first on the child's sys.path: the step's is the
            # workspace, the pull request's checkout, whose github/ or modelgo_lint/ package would
            # then run with the token. The folder that holds this package is the child's instead.
            self._proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, cwd=_PACKAGE_PARENT)
        except OSError as error:
            self._error = error

    def publish(self, deadline: float, **arguments: Any) -> CommentOutcome:
        """:func:`publish` with a wall-clock ``deadline`` (seconds) for all of its API work.

        A per-request timeout bounds the wait between two reads, not a request: a server that sends
        a byte every two seconds, or links to a next page forever, would keep the job running. So
        the work runs in the child, which is killed when the deadline passes: no thread is left
        blocked in a read, nothing holds the interpreter's exit, and the caller's process is never
        ended. Never raises; past the deadline the outcome says so.
        """
        proc = self._proc
        if proc is None:
            name = type(self._error).__name__ if self._error else "no process"
            return CommentOutcome(None, f"could not write the pull-request comment ({name})")
        # the child stays in self._proc until it has ended: an exception raised meanwhile (Ctrl-C,
        # the runner's SIGINT, arguments that are no JSON) leaves it to close(), never running on
        try:
            stdout, _ = proc.communicate(json.dumps(arguments).encode(), timeout=max(deadline, 0.001))
        except subprocess.TimeoutExpired:
            self.close()  # killed and reaped
            return CommentOutcome(None, f"the GitHub API work did not end within {deadline:g} s "
                                        "(MODELGO_LINT_API_DEADLINE): the pull-request comment was stopped")
        except OSError as error:  # the child is gone before it read its arguments
            self.close()
            return CommentOutcome(None, f"could not write the pull-request comment ({type(error).__name__})")
        self._proc = None  # communicate has reaped it
        try:
            answer = json.loads(stdout)
            return CommentOutcome(answer["url"], answer["warning"])
        except (ValueError, KeyError, TypeError):
            return CommentOutcome(None, f"could not write the pull-request comment (exit {proc.returncode})")

    def close(self) -> None:
        """End the child unless :meth:`publish` saw it end (no comment after all, or an error, also
        one raised while :meth:`publish` waited)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.communicate()


def publish_within(deadline: float, **arguments: Any) -> CommentOutcome:
    """:meth:`Publisher.publish` in a child started now."""
    return Publisher().publish(deadline, **arguments)


def _worker() -> None:
    """The child of :class:`Publisher`: PyGithub imported at once, then one :func:`publish` with
    the arguments read from stdin, its outcome as JSON on stdout."""
    with contextlib.suppress(ImportError):  # publish reports a missing PyGithub itself
        import github  # noqa: F401
    raw = sys.stdin.buffer.read()
    if not raw:  # the parent ended without work for it (Publisher.close, or the parent died)
        return
    arguments = json.loads(raw)
    outcome = publish(**arguments)
    sys.stdout.write(json.dumps({"url": outcome.url, "warning": outcome.warning}))


if __name__ == "__main__":
    _worker()
