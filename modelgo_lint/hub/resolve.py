"""Upstream model cards from the Hugging Face Hub, transitively, within a deadline, cached.

For each repository: ``model_info`` (GET /api/models/{repo}: ``sha``, ``gated``, ``cardData``);
when the answer carries no card metadata, the README at that ``sha`` (``hf_hub_download``: HEAD
and GET /{repo}/resolve/{sha}/README.md) and its front matter. Answers are kept for the run and
on disk, keyed by repository and the ``sha`` the Hub returned (``MODELGO_LINT_CACHE_DIR``, else
the user's cache folder); offline (``HF_HUB_OFFLINE``) the newest cached answer is used and
nothing is requested. ``HF_ENDPOINT`` and ``HF_TOKEN`` are honoured. Every failure is a card
status (gated, missing, unresolved), never an exception: a timeout is "unresolved" like any
other unreachable upstream. The total time is bounded (``MODELGO_LINT_HUB_TIMEOUT`` seconds).
"""

from __future__ import annotations

import json
import os
import time
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from modelgo_lint.repo.hubcards import (
    GATED,
    MAX_DEPTH,
    MISSING,
    RESOLVED,
    UNRESOLVED,
    HubCard,
    card_from_metadata,
    is_hub_repo,
)

DEFAULT_DEADLINE = 30.0  # seconds for the whole run's lookups
_REQUEST_CAP = 10.0  # seconds for one request
_TRUE = {"1", "on", "yes", "true"}


class MissingExtra(Exception):
    """``huggingface_hub`` is not installed."""


def cache_dir(env: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    if env.get("MODELGO_LINT_CACHE_DIR"):
        return Path(env["MODELGO_LINT_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "modelgo-lint"


def offline(env: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    return any(env.get(name, "").strip().lower() in _TRUE
               for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def _deadline(env: dict[str, str] | os._Environ[str]) -> float:
    try:
        value = float(env.get("MODELGO_LINT_HUB_TIMEOUT", "") or DEFAULT_DEADLINE)
    except ValueError:
        value = DEFAULT_DEADLINE
    return max(value, 0.0)


class Resolver:
    """One run's lookups: every answer is asked for once (per-run cache)."""

    def __init__(self, env: dict[str, str] | os._Environ[str] = os.environ) -> None:
        try:
            import huggingface_hub  # noqa: F401
        except ImportError:
            raise MissingExtra("--hub needs huggingface_hub: pip install 'modelgo-lint[hub]'") from None
        self.endpoint = (env.get("HF_ENDPOINT") or "").rstrip("/") or None
        self.token = env.get("HF_TOKEN") or None
        self.offline = offline(env)
        self.folder = cache_dir(env) / "hub"
        self.ends = time.monotonic() + _deadline(env)
        self.cards: dict[str, HubCard] = {}
        self.requests = 0

    def resolve(self, names: Iterable[str], depth: int = MAX_DEPTH) -> dict[str, HubCard]:
        """The cards of ``names`` and of their base models, breadth first, up to ``depth`` steps."""
        queue = deque((n, 1) for n in names if is_hub_repo(n))
        while queue:
            name, level = queue.popleft()
            if name not in self.cards:
                self.cards[name] = self._card(name)
            if level < depth:
                queue.extend((b, level + 1) for b in self.cards[name].base_models
                             if is_hub_repo(b) and b not in self.cards)
        return self.cards

    # the disk cache: <folder>/<owner>/<name>/<sha>.json, and "latest" naming the newest sha
    def _place(self, repo: str) -> Path:
        return self.folder.joinpath(*repo.split("/"))

    def _cached(self, repo: str, sha: str | None) -> HubCard | None:
        place = self._place(repo)
        try:
            if sha is None:
                sha = (place / "latest").read_text("utf-8").strip()
            data = json.loads((place / f"{sha}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("metadata"), dict):
            return None
        return card_from_metadata(repo, sha, data["metadata"])

    def _store(self, repo: str, sha: str, metadata: dict[str, Any]) -> None:
        place = self._place(repo)
        try:
            place.mkdir(parents=True, exist_ok=True)
            for name, text in ((f"{sha}.json", json.dumps({"repo": repo, "sha": sha, "metadata": metadata})),
                               ("latest", sha)):
                temporary = place / f".{name}.{os.getpid()}"
                temporary.write_text(text, encoding="utf-8")
                temporary.replace(place / name)
        except (OSError, TypeError, ValueError):
            pass  # a cache that cannot be written only costs a request next time

    def _card(self, repo: str) -> HubCard:
        if self.offline:
            return self._cached(repo, None) or HubCard(repo, UNRESOLVED)
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            return HubCard(repo, UNRESOLVED)
        from huggingface_hub import HfApi, hf_hub_download
        from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError

        timeout = min(remaining, _REQUEST_CAP)
        try:
            self.requests += 1
            info = HfApi(endpoint=self.endpoint, token=self.token).model_info(repo, timeout=timeout)
            sha = info.sha if isinstance(info.sha, str) and info.sha else None
            if sha is not None and (cached := self._cached(repo, sha)) is not None:
                return cached
            metadata: dict[str, Any] | None = (info.card_data.to_dict()  # type: ignore[no-untyped-call]
                                               if info.card_data is not None else None)
            if metadata is None:
                left = min(self.ends - time.monotonic(), timeout)
                metadata = self._readme(hf_hub_download, repo, sha, left)
        except GatedRepoError:
            return HubCard(repo, GATED)
        except RepositoryNotFoundError:
            return HubCard(repo, MISSING)
        except HfHubHTTPError as error:
            status = getattr(getattr(error, "response", None), "status_code", None)
            return HubCard(repo, GATED if status == 403 else UNRESOLVED)
        except Exception:  # timeouts, refused connections, offline mode, malformed answers
            return HubCard(repo, UNRESOLVED)
        if sha is not None:
            self._store(repo, sha, metadata)
        return card_from_metadata(repo, sha, metadata)

    def _readme(self, download: Any, repo: str, sha: str | None, timeout: float) -> dict[str, Any]:
        from huggingface_hub.errors import EntryNotFoundError
        from huggingface_hub.repocard import metadata_load

        if timeout <= 0:
            raise TimeoutError(repo)
        try:
            path = download(repo, "README.md", revision=sha or "main", cache_dir=str(self.folder / "files"),
                            token=self.token, endpoint=self.endpoint, etag_timeout=timeout)
        except EntryNotFoundError:
            return {}  # a repository without a card: resolved, with no license
        loaded = metadata_load(path)
        return loaded if isinstance(loaded, dict) else {}


__all__ = ["GATED", "MISSING", "RESOLVED", "UNRESOLVED", "MissingExtra", "Resolver"]
