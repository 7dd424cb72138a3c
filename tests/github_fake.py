"""A loopback fake of the GitHub REST endpoints the Action uses, with GitHub's response shapes,
Link-header pagination and fault injection. A thread on 127.0.0.1, ephemeral port.

Tokens map to identities as on GitHub: a ``ghs_`` token is a GitHub App installation token (the
workflow's GITHUB_TOKEN is the ``github-actions`` app's): ``GET /user`` answers 403 "Resource not
accessible by integration", and its comments are by ``<slug>[bot]`` (type Bot). Any other known
token is a personal access token of a User (``GET /user`` 200). Comments carry their author in
``user``; editing or deleting a comment of someone else is refused with 403 (a token without
rights over it)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Fault:
    method: str
    path: str  # regular expression matched against the path
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=lambda: {"message": "fault"})
    times: int = 1
    after: bool = False  # perform the request first, then answer with the fault (created, then 502)


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: Any


SECONDARY_RATE_LIMIT = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID."
)


def user(login: str, user_id: int, kind: str = "User") -> dict[str, Any]:
    """A simple-user object as GitHub returns it inside a comment (``kind``: User or Bot)."""
    return {
        "login": login,
        "id": user_id,
        "node_id": f"U_{user_id}",
        "avatar_url": f"https://avatars.example/u/{user_id}?v=4",
        "url": f"https://api.github.example/users/{login}",
        "html_url": f"https://github.example/{login}" if kind == "User" else f"https://github.example/apps/{login}",
        "type": kind,
        "site_admin": False,
    }


WORKFLOW_BOT = user("github-actions[bot]", 41898282, "Bot")  # the author of GITHUB_TOKEN's comments


class FakeGitHub:
    def __init__(self, owner: str = "octo", repo: str = "models", prs: tuple[int, ...] = (7,)) -> None:
        self.owner, self.repo = owner, repo
        self.prs = set(prs)
        self.comments: dict[int, list[dict[str, Any]]] = {n: [] for n in prs}
        self.faults: list[Fault] = []
        self.requests: list[Request] = []
        # token -> author of what the token writes; a ghs_ token not listed is the workflow token
        self.identities: dict[str, dict[str, Any]] = {}
        # called (under the lock) after each answer: another client acting between our requests
        self.after_answer: list[Callable[[Request], None]] = []
        #: a slow server: every response (status line, headers, body) one byte every ``drip`` seconds
        self.drip: float | None = None
        #: a comment list without end: every page is full and links to a next one
        self.endless = False
        self._next_id = 1000
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                split = urlsplit(self.path)
                body = json.loads(raw) if raw else None
                request = Request(method, split.path, split.query, dict(self.headers), body)
                with fake._lock:
                    fake.requests.append(request)
                    status, headers, payload = fake.answer(
                        method, split.path, parse_qs(split.query), body, self.headers.get("Authorization")
                    )
                    for hook in fake.after_answer:
                        hook(request)
                data = b"" if status == 204 else json.dumps(payload).encode()
                if fake.drip is not None:
                    self._drip(status, headers, data, fake.drip)
                    return
                self.send_response(status)
                if status != 204:
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _drip(self, status: int, headers: dict[str, str], data: bytes, interval: float) -> None:
                head = [f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}",
                        "Content-Type: application/json; charset=utf-8", f"Content-Length: {len(data)}",
                        *(f"{k}: {v}" for k, v in headers.items())]
                raw = ("\r\n".join(head) + "\r\n\r\n").encode() + data
                self.close_connection = True
                try:
                    for index in range(len(raw)):
                        self.wfile.write(raw[index : index + 1])
                        self.wfile.flush()
                        time.sleep(interval)
                except OSError:  # the client gave up
                    pass

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def do_PATCH(self) -> None:
                self._handle("PATCH")

            def do_DELETE(self) -> None:
                self._handle("DELETE")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeGitHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    # GitHub's shapes -----------------------------------------------------------------------
    def _comment(
        self, number: int, comment_id: int, body: str, author: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return {
            "id": comment_id,
            "node_id": f"IC_{comment_id}",
            "url": f"{self.url}/repos/{self.owner}/{self.repo}/issues/comments/{comment_id}",
            "html_url": f"https://github.example/{self.owner}/{self.repo}/pull/{number}#issuecomment-{comment_id}",
            "issue_url": f"{self.url}/repos/{self.owner}/{self.repo}/issues/{number}",
            "body": body,
            "user": author or dict(WORKFLOW_BOT),
            "created_at": "2026-11-21T10:00:00Z",
            "updated_at": "2026-11-21T10:00:00Z",
            "author_association": "NONE",
        }

    def _issue(self, number: int) -> dict[str, Any]:
        base = f"{self.url}/repos/{self.owner}/{self.repo}"
        return {
            "id": 500 + number,
            "node_id": f"PR_{number}",
            "number": number,
            "title": "A pull request",
            "state": "open",
            "url": f"{base}/issues/{number}",
            "comments_url": f"{base}/issues/{number}/comments",
            "html_url": f"https://github.example/{self.owner}/{self.repo}/pull/{number}",
            "user": {"login": "contributor", "id": 2, "type": "User"},
            "comments": len(self.comments[number]),
            "pull_request": {"url": f"{base}/pulls/{number}"},
            "labels": [],
            "locked": False,
            "created_at": "2026-11-21T09:00:00Z",
            "updated_at": "2026-11-21T09:00:00Z",
        }

    def add_comments(self, number: int, count: int, body: str = "a human comment") -> None:
        for _ in range(count):
            self._next_id += 1
            self.comments[number].append(self._comment(number, self._next_id, body))

    def post_as(self, author: dict[str, Any], body: str, number: int = 7) -> dict[str, Any]:
        """Another client (a user, another app, a racing run) comments on pull request ``number``."""
        self._next_id += 1
        comment = self._comment(number, self._next_id, body, author)
        self.comments[number].append(comment)
        return comment

    # identities ------------------------------------------------------------------------------
    def add_pat(self, token: str, login: str, user_id: int) -> dict[str, Any]:
        """A personal access token of the User ``login``."""
        self.identities[token] = user(login, user_id)
        return self.identities[token]

    def add_app_token(self, token: str, slug: str, bot_id: int) -> dict[str, Any]:
        """An installation token (``ghs_...``) of another GitHub App; it writes as ``<slug>[bot]``."""
        assert token.startswith("ghs_")
        self.identities[token] = user(f"{slug}[bot]", bot_id, "Bot")
        return self.identities[token]

    def _identity(self, authorization: str | None) -> dict[str, Any] | None:
        token = (authorization or "").partition(" ")[2]
        if token in self.identities:
            return self.identities[token]
        return dict(WORKFLOW_BOT) if token.startswith("ghs_") else None

    def answer(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, authorization: str | None = None
    ) -> tuple[int, dict[str, str], Any]:
        for fault in self.faults:
            if fault.times > 0 and fault.method == method and re.search(fault.path, path):
                fault.times -= 1
                if fault.after:
                    self._answer(method, path, query, body, authorization)
                return fault.status, fault.headers, fault.body
        return self._answer(method, path, query, body, authorization)

    def _answer(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, authorization: str | None
    ) -> tuple[int, dict[str, str], Any]:
        prefix = f"/repos/{self.owner}/{self.repo}"
        not_found = (404, {}, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})
        me = self._identity(authorization)
        if me is None:
            return 401, {}, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}
        if path == "/user" and method == "GET":
            if me["type"] == "Bot":  # an installation token is not a user
                return 403, {}, {
                    "message": "Resource not accessible by integration",
                    "documentation_url": "https://docs.github.com/rest/users/users#get-the-authenticated-user",
                    "status": "403",
                }
            return 200, {}, {**me, "name": me["login"].title(), "public_repos": 1, "followers": 0}
        refused = (
            403,
            {},
            {
                "message": "Resource not accessible by integration" if me["type"] == "Bot" else "Forbidden",
                "documentation_url": "https://docs.github.com/rest/issues/comments",
                "status": "403",
            },
        )
        if m := re.fullmatch(prefix + r"/issues/(\d+)", path):
            number = int(m.group(1))
            return (200, {}, self._issue(number)) if number in self.prs and method == "GET" else not_found
        if m := re.fullmatch(prefix + r"/issues/(\d+)/comments", path):
            number = int(m.group(1))
            if number not in self.prs:
                return not_found
            if method == "POST":
                self._next_id += 1
                comment = self._comment(number, self._next_id, body["body"], me)
                self.comments[number].append(comment)
                return 201, {}, comment
            per_page = int(query.get("per_page", ["30"])[0])
            page = int(query.get("page", ["1"])[0])
            if self.endless:
                items = [self._comment(number, page * 1000 + i, "a human comment") for i in range(per_page)]
                following = f'<{self.url}{path}?per_page={per_page}&page={page + 1}>; rel="next"'
                return 200, {"Link": following}, items
            items = self.comments[number]
            last = max(1, -(-len(items) // per_page))
            link_base = f"{self.url}{path}?per_page={per_page}&page="
            links = []
            if page < last:
                links += [f'<{link_base}{page + 1}>; rel="next"', f'<{link_base}{last}>; rel="last"']
            if page > 1:
                links += [f'<{link_base}1>; rel="first"', f'<{link_base}{page - 1}>; rel="prev"']
            headers = {"Link": ", ".join(links)} if links else {}
            return 200, headers, items[(page - 1) * per_page : page * per_page]
        if (m := re.fullmatch(prefix + r"/issues/comments/(\d+)", path)) and method in ("PATCH", "DELETE"):
            for number, items in self.comments.items():
                for index, comment in enumerate(items):
                    if comment["id"] == int(m.group(1)):
                        if comment["user"]["id"] != me["id"]:
                            return refused
                        if method == "DELETE":
                            del items[index]
                            return 204, {}, None
                        items[index] = {
                            **self._comment(number, comment["id"], body["body"], comment["user"]),
                            "updated_at": "2026-11-21T11:00:00Z",
                        }
                        return 200, {}, items[index]
            return not_found
        return not_found

    def sticky(self, number: int = 7) -> list[dict[str, Any]]:
        return [c for c in self.comments[number] if "modelgo-lint:sticky-comment" in c["body"]]
