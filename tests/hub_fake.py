"""A loopback fake of the Hugging Face Hub endpoints ``huggingface_hub`` requests for a model's
card: GET /api/models/{repo} (``id``, ``sha``, ``gated``, ``private``, ``cardData``, ``siblings``),
HEAD and GET /{repo}/resolve/{revision}/README.md (``X-Repo-Commit``, ``ETag``, ``Content-Length``),
and the Hub's errors (404 with ``X-Error-Code: RepoNotFound``, 401/403 with ``X-Error-Code:
GatedRepo`` on a gated repository's files). A thread on 127.0.0.1, ephemeral port; every request
is logged."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the client stopped reading (a HEAD answered, a deadline): not the fake's error
        super().handle_error(request, client_address)


@dataclass
class Repo:
    card: dict[str, Any] = field(default_factory=dict)  # the README's front matter
    gated: str | bool = False  # "auto" / "manual": files need a token with access
    gate_status: int = 401  # 401 without a token, 403 with one that has no access
    card_in_api: bool = True  # the API answer carries cardData (the Hub does when the card has metadata)
    delay: float = 0.0  # seconds before answering

    @property
    def sha(self) -> str:
        return hashlib.sha1(json.dumps(self.card, sort_keys=True).encode()).hexdigest()

    def readme(self) -> bytes:
        return ("---\n" + json.dumps(self.card) + "\n---\n\n# Model card\n").encode()


class FakeHub:
    def __init__(self) -> None:
        self.repos: dict[str, Repo] = {}
        self.requests: list[tuple[str, str]] = []
        self.authorizations: list[str | None] = []  # the Authorization header of each request
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                hub._answer(self, body=True)

            def do_HEAD(self) -> None:
                hub._answer(self, body=False)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _send(self, h: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict[str, str],
              body: bool) -> None:
        h.send_response(status)
        for name, value in headers.items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        if body:
            h.wfile.write(data)

    def _answer(self, h: BaseHTTPRequestHandler, body: bool) -> None:
        path = unquote(urlsplit(h.path).path)
        self.requests.append((h.command, path))
        self.authorizations.append(h.headers.get("Authorization"))
        parts = path.strip("/").split("/")
        api = parts[:2] == ["api", "models"]
        repo_id = "/".join(parts[2:4] if api else parts[:2])
        repo = self.repos.get(repo_id)
        if repo is not None and repo.delay:
            time.sleep(repo.delay)
        if repo is None:
            self._send(h, 404, b'{"error":"Repository not found"}',
                       {"Content-Type": "application/json", "X-Error-Code": "RepoNotFound",
                        "X-Error-Message": "Repository not found"}, body)
        elif api and len(parts) == 4:
            info: dict[str, Any] = {
                "_id": repo.sha[:24], "id": repo_id, "modelId": repo_id, "author": repo_id.split("/")[0],
                "sha": repo.sha, "lastModified": "2025-01-01T00:00:00.000Z", "private": False,
                "disabled": False, "gated": repo.gated, "downloads": 0, "likes": 0, "tags": [],
                "siblings": [{"rfilename": "README.md"}, {"rfilename": "config.json"}],
            }
            if repo.card_in_api and repo.card:
                info["cardData"] = repo.card
            self._send(h, 200, json.dumps(info).encode(), {"Content-Type": "application/json"}, body)
        elif len(parts) == 5 and parts[2] == "resolve" and parts[4] == "README.md":
            if repo.gated:
                self._send(h, repo.gate_status, b'{"error":"Access to model is restricted"}',
                           {"Content-Type": "application/json", "X-Error-Code": "GatedRepo",
                            "X-Error-Message": "Access to model is restricted"}, body)
                return
            data = repo.readme()
            etag = hashlib.sha1(data).hexdigest()
            self._send(h, 200, data, {"Content-Type": "text/plain; charset=utf-8", "X-Repo-Commit": repo.sha,
                                      "ETag": f'"{etag}"'}, body)
        else:
            self._send(h, 404, b'{"error":"Entry not found"}',
                       {"Content-Type": "application/json", "X-Error-Code": "EntryNotFound"}, body)
