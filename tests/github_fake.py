"""A loopback fake of the GitHub REST endpoints the Action uses, with GitHub's response shapes,
Link-header pagination and fault injection. A thread on 127.0.0.1, ephemeral port."""

from __future__ import annotations

import json
import re
import threading
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


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: Any


class FakeGitHub:
    def __init__(self, owner: str = "octo", repo: str = "models", prs: tuple[int, ...] = (7,)) -> None:
        self.owner, self.repo = owner, repo
        self.prs = set(prs)
        self.comments: dict[int, list[dict[str, Any]]] = {n: [] for n in prs}
        self.faults: list[Fault] = []
        self.requests: list[Request] = []
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
                with fake._lock:
                    fake.requests.append(Request(method, split.path, split.query, dict(self.headers), body))
                    status, headers, payload = fake.answer(method, split.path, parse_qs(split.query), body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def do_PATCH(self) -> None:
                self._handle("PATCH")

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
    def _comment(self, number: int, comment_id: int, body: str) -> dict[str, Any]:
        return {
            "id": comment_id,
            "node_id": f"IC_{comment_id}",
            "url": f"{self.url}/repos/{self.owner}/{self.repo}/issues/comments/{comment_id}",
            "html_url": f"https://github.example/{self.owner}/{self.repo}/pull/{number}#issuecomment-{comment_id}",
            "issue_url": f"{self.url}/repos/{self.owner}/{self.repo}/issues/{number}",
            "body": body,
            "user": {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"},
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

    def answer(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, dict[str, str], Any]:
        for fault in self.faults:
            if fault.times > 0 and fault.method == method and re.search(fault.path, path):
                fault.times -= 1
                return fault.status, fault.headers, fault.body
        prefix = f"/repos/{self.owner}/{self.repo}"
        not_found = (404, {}, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})
        if m := re.fullmatch(prefix + r"/issues/(\d+)", path):
            number = int(m.group(1))
            return (200, {}, self._issue(number)) if number in self.prs and method == "GET" else not_found
        if m := re.fullmatch(prefix + r"/issues/(\d+)/comments", path):
            number = int(m.group(1))
            if number not in self.prs:
                return not_found
            if method == "POST":
                self._next_id += 1
                comment = self._comment(number, self._next_id, body["body"])
                self.comments[number].append(comment)
                return 201, {}, comment
            per_page = int(query.get("per_page", ["30"])[0])
            page = int(query.get("page", ["1"])[0])
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
        if (m := re.fullmatch(prefix + r"/issues/comments/(\d+)", path)) and method == "PATCH":
            for number, items in self.comments.items():
                for index, comment in enumerate(items):
                    if comment["id"] == int(m.group(1)):
                        items[index] = {
                            **self._comment(number, comment["id"], body["body"]),
                            "updated_at": "2026-11-21T11:00:00Z",
                        }
                        return 200, {}, items[index]
            return not_found
        return not_found

    def sticky(self, number: int = 7) -> list[dict[str, Any]]:
        return [c for c in self.comments[number] if "modelgo-lint:sticky-comment" in c["body"]]
