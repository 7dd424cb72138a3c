"""Shared builders for the tests: the real texts from ../shared, CLI runs, git repositories.

No license prose lives in the tests: texts are read from ../shared at run time.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MODELGO_SHARED", PROJECT.parent / "shared")).resolve()
LICENSES = SHARED / "modelgo-licenses"
OTHER = SHARED / "other-licenses"
CURRENT = (
    "MG0-2.0", "MG-BY-2.0", "MG-BY-NC-2.0", "MG-BY-ND-2.0",
    "MG-BY-NC-ND-2.0", "MG-BY-SA-2.0", "MG-BY-RAI-2.0", "MG-BY-NC-RAI-2.0",
)


@cache
def manifest() -> list[dict[str, Any]]:
    revisions: list[dict[str, Any]] = json.loads((LICENSES / "manifest.json").read_text("utf-8"))["revisions"]
    return revisions


def license_entries() -> list[dict[str, Any]]:
    return [entry for entry in manifest() if entry["kind"] == "license"]


def newest_entry(license_id: str) -> dict[str, Any]:
    entries = [e for e in license_entries() if e["id"] == license_id]
    return max(entries, key=lambda e: (e["first_seen"], e["last_seen"], e["file"]))


def raw_bytes(license_id: str) -> bytes:
    return (LICENSES / newest_entry(license_id)["file"]).read_bytes()


def newest_text(license_id: str) -> str:
    """The newest published text, decoded (BOM dropped, line endings kept)."""
    return raw_bytes(license_id).decode("utf-8-sig")


@dataclass
class Run:
    code: int
    out: str
    err: str


def cli(*args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: float = 60) -> Run:
    """Run the real command line (``python -m modelgo_lint``) in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "modelgo_lint", *map(str, args)],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
}


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True,
        stdin=subprocess.DEVNULL,
    )
    return proc.stdout


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q")
    return repo


def commit_all(repo: Path, message: str = "commit") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)


def write_model(root: Path, license_id: str = "MG-BY-NC-2.0", license_bytes: bytes | None = None,
                readme: str | None = None) -> Path:
    """A small model folder: LICENSE (the published text unless given), README.md, config."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "LICENSE").write_bytes(raw_bytes(license_id) if license_bytes is None else license_bytes)
    if readme is None:
        readme = (
            "---\nlicense: other\n"
            f"license_name: {license_id.lower()}\nlicense_link: LICENSE\n---\n\n"
            f"# Example model\n\nThis model is licensed under the ModelGo license ({license_id}).\n"
        )
    (root / "README.md").write_text(readme, encoding="utf-8")
    (root / "config.json").write_text('{"hidden_size": 8}\n', encoding="utf-8")
    return root


def sheet_yaml(license_id: str = "MG-BY-NC-2.0", **replace: str) -> str:
    """``modelgo-lint sheet LICENSE_ID`` output, with rows or lines replaced (``old=new`` pairs)."""
    from modelgo_lint.licenses import registry
    from modelgo_lint.sheets.template import render_yaml

    text = render_yaml(license_id, registry.load())
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")


GOLDEN = Path(__file__).resolve().parent / "golden"


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME (``UPDATE_GOLDEN=1`` rewrites it)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path} (UPDATE_GOLDEN=1 to accept)"


# A repository whose configuration names a program at every hook point git has ------------------

def plant(repo: Path, markers: Path) -> None:
    """Every program a repository's configuration can name: each touches ``markers/<its name>``.

    Call after the commits the test needs (git itself would run them while the test sets up)."""
    markers.mkdir(exist_ok=True)
    programs = markers.parent / "programs"
    programs.mkdir(exist_ok=True)

    def program(name: str, tail: str = "exit 1") -> str:
        path = programs / name
        path.write_text(f"#!/bin/sh\ntouch '{markers / name}'\n{tail}\n", encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return str(path)

    hooks = repo / ".git" / "planted-hooks"
    hooks.mkdir()
    for hook in ("pre-commit", "post-checkout", "reference-transaction", "pre-auto-gc", "post-index-change",
                 "fsmonitor-watchman", "post-merge", "pre-push"):
        os.symlink(program(f"hook-{hook}"), hooks / hook)
    settings = {
        "core.fsmonitor": program("fsmonitor"),
        "core.hooksPath": str(hooks),
        "core.pager": program("pager", "cat"),
        "pager.diff": program("pager-diff", "cat"),
        "core.askPass": program("askpass"),
        "core.sshCommand": program("ssh"),
        "core.gitProxy": program("gitproxy"),
        "core.alternateRefsCommand": program("alternate-refs"),
        "credential.helper": program("credential"),
        "diff.external": program("diff-external"),
        "diff.x.textconv": program("textconv", "cat \"$1\""),
        "diff.x.command": program("diff-command"),
        "filter.x.clean": program("clean", "cat"),
        "filter.x.smudge": program("smudge", "cat"),
        "filter.x.process": program("filter-process"),
        "filter.x.required": "true",
        "remote.origin.uploadpack": program("upload-pack"),
        "remote.origin.receivepack": program("receive-pack"),
        "gc.auto": "1",
        "maintenance.auto": "true",
        "core.untrackedCache": "true",
    }
    for key, value in settings.items():
        git(repo, "config", key, value)
    # every file the linter reads goes through the planted filter and diff driver; a refresh of
    # the index would have to hash them again (changed stat data)
    for name in ("LICENSE", "NOTICE", "README.md"):
        if (repo / name).exists():
            os.utime(repo / name, (1, 1))


def plant_attributes(repo: Path) -> None:
    """Every file of ``repo`` through the planted filter and diff driver (commit it before :func:`plant`)."""
    (repo / ".gitattributes").write_text("* filter=x diff=x\n", encoding="utf-8")


def ran(markers: Path) -> list[str]:
    """The planted programs that ran."""
    return sorted(p.name for p in markers.iterdir())


def one_word_removed(license_id: str = "MG-BY-NC-2.0") -> tuple[bytes, str]:
    """The newest text of ``license_id`` with one word (the first "not" past its middle) removed,
    and that word: a modified copy built at run time, so no license prose lives in the tests."""
    data = raw_bytes(license_id)
    at = data.index(b" not ", len(data) // 2)
    return data[:at] + data[at + 4:], "not"


class TextServer:
    """A loopback HTTP server holding the published files at the official repository's raw URLs
    (``/<owner>/<name>/<commit>/<path>``), optionally with one byte changed (``tamper``)."""

    def __init__(self, tamper: bool = False) -> None:
        import http.server
        import threading

        files: dict[str, bytes] = {}
        for entry in license_entries():
            data = (LICENSES / entry["file"]).read_bytes()
            if tamper:
                data = data[:200] + bytes([data[200] ^ 0x01]) + data[201:]
            for commit in {entry["source"]["first_commit"], entry["source"]["last_commit"]}:
                for path in entry["source"]["paths"]:
                    files[f"/{entry['source']['repository']}/{commit}/{path}"] = data
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the http.server name
                requests.append(self.path)
                body = files.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> TextServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def tree_hash(root: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


# Rule examples (modelgo_lint.ruledef): named texts and sheets built from ../shared ----------------

def license_text(text: Any) -> bytes:
    """The bytes of a :class:`modelgo_lint.ruledef.Text`: a published text, edited as it says."""
    import textwrap

    if text.license.upper().startswith("MG"):
        entries = [e for e in license_entries() if e["id"] == text.license]
        if text.edition:
            entries = [e for e in entries if e.get("version_line") == text.edition]
        assert entries, text
        newest = max(entries, key=lambda e: (e["first_seen"], e["last_seen"], e["file"]))
        body = (LICENSES / newest["file"]).read_bytes().decode("utf-8-sig")
    else:
        body = (OTHER / f"{text.license}.txt").read_bytes().decode("utf-8-sig")
    if text.delete:
        assert text.delete in body, text
        body = body.replace(text.delete, "", 1)
    if text.wrap:
        paragraphs = body.replace("\r\n", "\n").split("\n\n")
        body = "\n\n".join(textwrap.fill(" ".join(p.split()), text.wrap) for p in paragraphs if p.strip())
        body += "\n"
    return (text.before + body).encode("utf-8")


def materialise(folder: Path, files: Any) -> None:
    """Write a rule example's files (``Example.files`` or ``.base``) into ``folder``."""
    from modelgo_lint.ruledef import Sheet, Text

    for rel, content in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, Text):
            path.write_bytes(license_text(content))
        elif isinstance(content, Sheet):
            path.write_text(sheet_yaml(content.license, **dict(content.replace)), encoding="utf-8")
        else:
            path.write_text(content, encoding="utf-8")


UPSTREAM_NOTICE = "Copyright 2024 Base Lab"


def derivative(
    root: Path,
    own: str,
    upstream: str,
    *,
    relation: str = "finetune",
    dated: bool = True,
    attribution: bool = True,
    license_copy: bool = True,
    readme_extra: str = "",
) -> Path:
    """A fine-tune (or another ``relation``) of ``org/base`` under ``upstream``, licensed ``own``:
    its sheet's derived_from, NOTICE with the upstream's attribution, dated modifications and the
    upstream's license copy in LICENSES/, each of which can be left out."""
    readme = (
        f"---\nlicense: other\nlicense_name: {own.lower()}\nlicense_link: LICENSE\n---\n\n"
        f"# Derived\n\nThis model is licensed under the ModelGo license ({own}).\n{readme_extra}"
    )
    write_model(root, own, readme=readme)
    entry = f"  - name: org/base\n    relation: {relation}\n    license: {upstream}\n"
    if attribution:
        entry += f'    attribution:\n      - "{UPSTREAM_NOTICE}"\n'
        (root / "NOTICE").write_text(f"Derived model\n{UPSTREAM_NOTICE}\n", encoding="utf-8")
    text = sheet_yaml(own, **{"derived_from: []": "derived_from:\n" + entry})
    if dated:
        text = text.replace(
            "modifications: []",
            'modifications:\n  - date: "2025-06-30"\n    description: Fine-tuned for dialogue.',
        )
    (root / "MODEL_SHEET.yaml").write_text(text, encoding="utf-8")
    if license_copy and upstream.upper() != own.upper() and upstream.upper().startswith("MG"):
        (root / "LICENSES").mkdir()
        (root / "LICENSES" / f"{upstream}.txt").write_bytes(
            (LICENSES / newest_entry(upstream.upper())["file"]).read_bytes()
        )
    return root
