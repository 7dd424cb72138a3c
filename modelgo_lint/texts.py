"""Official license texts, verified: the exact published bytes of a revision (issue 15).

An edge module (it reads files, and downloads when asked). The project ships digests only; a text
comes, in this order, from a local mirror laid out like ``../shared/modelgo-licenses``
(``--texts DIR`` or ``MODELGO_LINT_TEXTS``), from the per-user cache (``texts/`` in
``MODELGO_LINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/modelgo-lint``), or, when downloading is
allowed, from the official repository at the exact commit the registry records
(``MODELGO_LINT_TEXTS_URL`` replaces the base URL, for a mirror or a test server). Whatever the
source, the bytes are accepted only when their SHA-256 equals the registry's ``sha256_raw``; a
download is bounded in time and size, honours the proxy variables (urllib does) and is written to
the cache only once verified.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from modelgo_lint import digest
from modelgo_lint.licenses.registry import Revision, TextFile

MIRROR_ENV = "MODELGO_LINT_TEXTS"
URL_ENV = "MODELGO_LINT_TEXTS_URL"
DEFAULT_BASE_URL = "https://raw.githubusercontent.com"
REPOSITORY = "Xtra-Computing/ModelGo"
MAX_BYTES = 512 * 1024  # the longest published text is under 40 KiB
TIMEOUT = 20.0
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


class TextError(Exception):
    """No verified text could be obtained (the message says why)."""


def default_cache() -> Path:
    """``texts/`` in the folder of the Hub's answers and the compiled patterns (``lazyre``)."""
    folder = os.environ.get("MODELGO_LINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "modelgo-lint")
    return Path(folder) / "texts"


def sha256(data: bytes) -> str:
    return digest.sha256(data).hexdigest()


def _read_bounded(path: Path) -> bytes:
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TextError(f"{path}: larger than any published license text ({MAX_BYTES} bytes)")
    return data


def url_of(base: str, commit: str, path: str) -> str:
    from urllib.parse import quote

    return f"{base.rstrip('/')}/{REPOSITORY}/{commit}/{quote(path)}"


@dataclass
class Texts:
    """Where official texts come from. ``text(revision)`` is the analysis' text provider."""

    mirror: Path | None = None
    cache: Path | None = field(default_factory=default_cache)
    download: bool = False
    base_url: str = DEFAULT_BASE_URL
    timeout: float = TIMEOUT
    #: what each source said, for the error message when none gave the text
    notes: list[str] = field(default_factory=list, repr=False)

    @classmethod
    def from_env(cls, mirror: str | os.PathLike[str] | None = None, download: bool = False) -> Texts:
        env_mirror = os.environ.get(MIRROR_ENV)
        folder = mirror or env_mirror
        return cls(mirror=Path(folder) if folder else None, download=download,
                   base_url=os.environ.get(URL_ENV) or DEFAULT_BASE_URL)

    def raw(self, revision: Revision) -> bytes:
        """The exact published bytes of ``revision`` (its newest file), verified; else TextError."""
        if not revision.sources:
            raise TextError(f"the registry records no published file of {revision.id}")
        source = revision.sources[-1]
        errors: list[str] = []
        for fetch in (self._from_mirror, self._from_cache, self._from_download):
            try:
                data = fetch(source)
            except TextError as error:
                errors.append(str(error))
                continue
            if data is not None:
                return data
        where = "; ".join(errors) if errors else (
            "no mirror (--texts DIR or MODELGO_LINT_TEXTS), nothing cached, downloading not allowed")
        raise TextError(f"no verified text of {revision.id} ({revision.version_line}): {where}")

    def text(self, revision: Revision) -> str | None:
        """The decoded text of ``revision`` when a verified copy is at hand, else None."""
        from modelgo_lint.repo.reader import decode

        try:
            return decode(self.raw(revision))
        except TextError as error:
            self.notes.append(str(error))
            return None

    def _verified(self, data: bytes, source: TextFile, where: str) -> bytes:
        digest = sha256(data)
        if digest != source.sha256_raw:
            raise TextError(f"{where}: SHA-256 {digest[:12]}… is not the registry's "
                            f"{source.sha256_raw[:12]}… for {source.file} (refused: not the published text)")
        return data

    def _from_mirror(self, source: TextFile) -> bytes | None:
        if self.mirror is None:
            return None
        path = self.mirror / source.file
        if not path.is_file():
            raise TextError(f"{path}: not in the mirror")
        return self._verified(_read_bounded(path), source, str(path))

    def _cache_path(self, source: TextFile) -> Path | None:
        return None if self.cache is None else self.cache / f"{source.sha256_raw}.txt"

    def _from_cache(self, source: TextFile) -> bytes | None:
        path = self._cache_path(source)
        if path is None or not path.is_file():
            return None
        try:
            return self._verified(_read_bounded(path), source, str(path))
        except TextError:
            return None  # a damaged cache entry is a miss; a verified download replaces it

    def _from_download(self, source: TextFile) -> bytes | None:
        if not self.download:
            return None
        from urllib.parse import urlsplit

        scheme, host = urlsplit(self.base_url).scheme, urlsplit(self.base_url).hostname or ""
        if scheme != "https" and not (scheme == "http" and (host in _LOOPBACK or host == "::1")):
            raise TextError(f"{self.base_url}: texts are downloaded over HTTPS only")
        last: str = "no source path recorded"
        for commit in reversed(source.commits):
            for path in source.paths:
                url = url_of(self.base_url, commit, path)
                try:
                    data = self._get(url)
                except TextError as error:
                    last = str(error)
                    continue
                data = self._verified(data, source, url)  # a wrong text is an error, not a retry
                self._store(source, data)
                return data
        raise TextError(last)

    def _get(self, url: str) -> bytes:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(url, headers={"User-Agent": "modelgo-lint"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # proxies honoured
                data: bytes = response.read(MAX_BYTES + 1)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise TextError(f"{url}: download failed ({type(error).__name__})") from None
        if len(data) > MAX_BYTES:
            raise TextError(f"{url}: larger than any published license text ({MAX_BYTES} bytes)")
        return data

    def _store(self, source: TextFile, data: bytes) -> None:
        path = self._cache_path(source)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written is no error: the text was verified and is returned
