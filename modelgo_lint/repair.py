"""``init`` and ``fix``: write what a ModelGo model repository needs, from verified texts (issue 15).

An edge module: it reads and writes files. Every license text written is the exact published
bytes, verified against the registry's SHA-256 (modelgo_lint.texts). ``fix`` repairs only the
findings with one safe repair and never writes through a symbolic link or outside the folder.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from modelgo_lint.config import Config
from modelgo_lint.engine import UsageError, lint
from modelgo_lint.findings import Finding, one_line
from modelgo_lint.licenses import registry as registry_module
from modelgo_lint.licenses.identifiers import suggest
from modelgo_lint.licenses.matcher import Verdict, identify
from modelgo_lint.licenses.registry import Registry, Revision
from modelgo_lint.rules import can_fix
from modelgo_lint.texts import TextError, Texts

MAX_FILE = 1024 * 1024
_FRONT = re.compile(r"\A---[ \t]*\r?\n")
_LICENSE_HEADING = re.compile(r"^#{1,6}\s+licen[cs]e\b.*$", re.IGNORECASE)


def notice(license_id: str, link: str = "LICENSE") -> str:
    return f"This model is licensed under the ModelGo license {license_id}; see {link}."


def front_matter(license_id: str, link: str = "LICENSE") -> str:
    return f"---\nlicense: other\nlicense_name: {license_id.lower()}\nlicense_link: {link}\n---\n"


def _known(license_id: str, registry: Registry) -> Revision:
    wanted = license_id.strip().upper()
    if wanted not in registry.newest:
        guess = suggest(wanted, registry.identifiers)
        meant = f"; did you mean {guess}?" if guess else f" (known: {', '.join(registry.identifiers)})"
        raise UsageError(f"{one_line(license_id)!r} is not a ModelGo license{meant}")
    return registry.newest[wanted]


def _verified(texts: Texts, revision: Revision) -> bytes:
    try:
        return texts.raw(revision)
    except TextError as error:
        raise UsageError(str(error)) from None


def _with_notice(text: str, license_id: str, license_section: int | None = None) -> str:
    """``text`` (a README) with the notice in its License section, or in a new one at the end."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    for index, line in enumerate(lines):
        heading = _LICENSE_HEADING.match(line.rstrip("\r\n"))
        if heading and (license_section is None or index + 1 >= license_section):
            lines[index + 1:index + 1] = [newline, notice(license_id) + newline]
            return "".join(lines)
    tail = "" if not text or text.endswith(("\n", "\r")) else newline
    return text + tail + f"{newline}## License{newline}{newline}{notice(license_id)}{newline}"


def init(license_id: str, path: Path, texts: Texts, force: bool = False) -> str:
    """Write LICENSE, README.md (notice, front matter) and MODEL_SHEET.yaml for ``license_id``."""
    from modelgo_lint.sheets.template import MODEL, render_yaml

    registry = registry_module.load()
    revision = _known(license_id, registry)
    target = path
    if target.exists() and not target.is_dir():
        raise UsageError(f"{one_line(str(path))}: not a directory")
    files: dict[str, bytes] = {}
    files["LICENSE"] = _verified(texts, revision)
    name = target.resolve().name or "model"
    try:
        sheet = render_yaml(revision.id, registry).replace(MODEL, name, 1)
    except KeyError:
        sheet = None
    readme = target / "README.md"
    readme_note = "wrote"
    if readme.exists() and not force:
        if readme.is_symlink() or not readme.is_file():
            raise UsageError(f"{one_line(str(readme))}: not a regular file")
        old = readme.read_bytes()[:MAX_FILE].decode("utf-8")
        new = old if _FRONT.match(old) else front_matter(revision.id) + "\n" + old
        files["README.md"] = _with_notice(new, revision.id).encode("utf-8")
        readme_note = "updated"
    else:
        files["README.md"] = (front_matter(revision.id) + f"\n# {name}\n\n## License\n\n"
                              + notice(revision.id) + "\n").encode("utf-8")
    if sheet is not None:
        files["MODEL_SHEET.yaml"] = sheet.encode("utf-8")
    existing = [n for n in files if n != "README.md" and (target / n).exists()]
    if existing and not force:
        raise UsageError(f"{', '.join(existing)} exist in {one_line(str(path))}: not overwritten "
                         "(--force to overwrite)")
    target.mkdir(parents=True, exist_ok=True)
    out = []
    for file_name, data in files.items():
        (target / file_name).write_bytes(data)
        verb = readme_note if file_name == "README.md" else "wrote"
        what = {"LICENSE": f"{revision.id} \"{revision.version_line}\", verified (SHA-256 "
                           f"{revision.sources[-1].sha256_raw[:12]}…)",
                "README.md": "license notice and Hub front matter",
                "MODEL_SHEET.yaml": "the official rights rows"}[file_name]
        out.append(f"{verb} {one_line(str(target / file_name))}: {what}\n")
    return "".join(out)


@dataclass
class _File:
    path: Path
    rel: str
    old: bytes
    new: bytes


def _inside(root: Path, rel: str) -> Path | None:
    """The file ``rel`` of ``root`` when it is a regular file reached through no symbolic link."""
    path = root / rel
    current = root
    for part in Path(rel).parts:
        current = current / part
        if current.is_symlink():
            return None
    if not path.is_file() or not path.resolve().is_relative_to(root.resolve()):
        return None
    return path


def _license_repair(path: Path, texts: Texts, registry: Registry) -> bytes | None:
    from modelgo_lint.repo.reader import decode

    data = path.read_bytes()[:MAX_FILE + 1]
    if len(data) > MAX_FILE:
        return None
    ident = identify(decode(data), registry)
    if ident.verdict not in (Verdict.MODIFIED, Verdict.OUTDATED) or ident.revision is None or ident.preamble:
        return None
    newest = registry.newest.get(ident.revision.id)
    return None if newest is None else _verified(texts, newest)


def _readme_repairs(text: str, findings: list[Finding]) -> str:
    lines = text.splitlines(keepends=True)
    # each check says what its one safe repair needs (Finding.repair), so fix does not read wording
    for finding in findings:  # replacements first: they keep the line numbers
        if finding.code == "MG204" and len(finding.repair) == 2 and 0 < finding.line <= len(lines):
            written, guess = finding.repair
            line = lines[finding.line - 1]
            if line.count(written) == 1:
                lines[finding.line - 1] = line.replace(written, guess.lower() if written.islower() else guess)
    text = "".join(lines)
    for finding in findings:
        if finding.code == "MG207" and len(finding.repair) == 1:
            text = _with_notice(text, finding.repair[0])
    for finding in findings:
        if finding.code == "MG208" and finding.repair[:1] == ("license_name",) and len(finding.repair) == 2:
            lines = text.splitlines(keepends=True)
            newline = "\r\n" if "\r\n" in text else "\n"
            at = next((i for i, line in enumerate(lines) if line.startswith("license:")), None)
            if at is not None:
                lines.insert(at + 1, f"license_name: {finding.repair[1]}{newline}")
                text = "".join(lines)
    return text


_README_CODES = ("MG204", "MG207", "MG208")


def fix(path: Path, texts: Texts, write: bool = False) -> tuple[str, int]:
    """The unified diff of every safe repair (written with ``write``) and how many files it changes."""
    if not path.is_dir():
        raise UsageError(f"{one_line(str(path))}: not a directory")
    registry = registry_module.load()
    report = lint([path], Config())
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if can_fix(finding):
            by_file.setdefault(finding.path, []).append(finding)
    changes: list[_File] = []
    skipped: list[str] = []
    for rel, findings in sorted(by_file.items()):
        target = _inside(path, rel)
        if target is None:
            skipped.append(f"{one_line(rel)}: not repaired (a symbolic link, or not a regular file)")
            continue
        old = target.read_bytes()
        new: bytes | None
        if any(f.code in ("MG102", "MG103") for f in findings):
            new = _license_repair(target, texts, registry)
        else:
            try:
                text = old.decode("utf-8")
            except UnicodeDecodeError:
                new = None
            else:
                new = _readme_repairs(text, findings).encode("utf-8")
        if new is None or new == old:
            codes = ", ".join(sorted({f.code for f in findings}))
            skipped.append(f"{one_line(rel)}: {codes} has no single safe repair")
            continue
        changes.append(_File(target, rel, old, new))
    out = []
    for change in changes:
        before = change.old.decode("utf-8-sig", "replace").splitlines(keepends=True)
        after = change.new.decode("utf-8-sig", "replace").splitlines(keepends=True)
        diff = difflib.unified_diff(before, after, f"a/{change.rel}", f"b/{change.rel}")
        out.append("".join(line if line.endswith("\n") else line + "\n" for line in diff))
        if write:
            change.path.write_bytes(change.new)
    out.extend(f"# {note}\n" for note in skipped)
    done = "repaired" if write else "would repair (run with --write)"
    out.append(f"# {done}: {len(changes)} file{'s' if len(changes) != 1 else ''}\n")
    return "".join(out), len(changes)
