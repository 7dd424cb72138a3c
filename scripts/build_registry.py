#!/usr/bin/env python3
"""Compute the registry of license facts from ../shared/modelgo-licenses.

Writes ``modelgo_lint/licenses/data/`` in three layers (``index.py``, the index read on every run;
``blocks.json``, the per-block fingerprints; ``sheets.py``, the official sheets; the two read on a
clean run are Python literals, imported from bytecode without json, issue 14):
for every published revision of every ModelGo
license (files that differ only in presentation are one revision), its identifier, title, version
line, dates, source commits and blobs, normalized SHA-256, word count, per-block fingerprints
with section labels and its official Model Sheet; the Model Sheets themselves, parsed from the
published ASCII tables (Annex A / Attachment A of the texts, and the ModelSheet file) into rows of
key, label, group and value; and the fingerprints of the ModelSheet tables that may follow a
license text. No license prose is written: only hashes, counts, titles, version lines, row labels.

    python scripts/build_registry.py            # rebuild
    python scripts/build_registry.py --check    # exit 1 when the committed registry is stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from literal import python_literal  # noqa: E402  (scripts/literal.py)
from modelgo_lint.licenses import ascii_table, normalize  # noqa: E402
from modelgo_lint.repo.reader import decode  # noqa: E402

OUTPUT = ROOT / "modelgo_lint" / "licenses" / "data" / "index.py"
DEFAULT_SHARED = ROOT.parent / "shared"
REGISTRY_FORMAT = 1
_SHEET_HEADING = re.compile(r"^#+\s*Model Sheet\s+(?P<id>MG[-\w.]+)\s*$", re.MULTILINE)
_ANNEX_HEADING = re.compile(r"^\s*(?:Annex|Attachment) A\s*$")


def _sheet_entry(sheets: dict[str, dict[str, Any]], license_id: str, source: str, edition: str,
                 table: list[str]) -> str:
    """Parse one official table into ``sheets`` (keyed by a hash of its rows); return the key."""
    rows = [[row.label, row.group, row.value] for row in ascii_table.parse(table)]  # key = slug(label)
    key = hashlib.sha256(json.dumps([license_id, rows]).encode()).hexdigest()[:12]
    entry = sheets.setdefault(key, {"id": license_id, "editions": [], "sources": [], "rows": rows})
    if edition not in entry["editions"]:
        entry["editions"].append(edition)
    entry["sources"].append(source)
    return key


def _text(licenses: Path, entry: dict[str, Any]) -> str:
    return decode((licenses / entry["file"]).read_bytes())


def _check_raw(licenses: Path, entry: dict[str, Any]) -> None:
    digest = hashlib.sha256((licenses / entry["file"]).read_bytes()).hexdigest()
    if digest != entry["sha256_raw"]:
        raise SystemExit(f"{entry['file']}: sha256 differs from manifest.json")


def _sheet_sections(text: str) -> Iterator[tuple[str, list[str]]]:
    """(license id, table lines) for every ``### Model Sheet <ID>`` section of a ModelSheet file."""
    matches = list(_SHEET_HEADING.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        body = text[match.end():end]
        table = [line for line in normalize.split_lines(body) if line.lstrip().startswith(("|", "+"))]
        yield match.group("id"), table


def _distilled(tokens: list[str]) -> str:
    """What the text's definitions (section 1) make of a model distilled from the licensed model:
    ``extracted`` (it defines "Extracted Models"), ``excluded`` (its "Derivative Materials" do not
    include models developed from Output), else ``derivative`` (a Derivative Material /
    Derivative of the Model, which names distillation in 1.0 and the 2.0 texts of Nov 2024 and
    May 2025)."""
    text = " ".join(tokens)
    if "extracted models means" in text:
        return "extracted"
    if "derivative materials do not include" in text:
        return "excluded"
    return "derivative"


def build(shared: Path) -> dict[str, Any]:
    licenses = shared / "modelgo-licenses"
    manifest_bytes = (licenses / "manifest.json").read_bytes()
    manifest = json.loads(manifest_bytes)
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    sheet_tails: dict[str, set[str]] = {}
    exact_texts: dict[str, list[Any]] = {}
    sheets: dict[str, dict[str, Any]] = {}
    model_sheet: dict[str, str] = {}  # id -> the newest ModelSheet file's table
    sheet_files = sorted((e for e in manifest["revisions"] if e["kind"] == "model-sheet"),
                         key=lambda e: (e["last_seen"], e["first_seen"], e["file"]))
    for entry in sheet_files:
        _check_raw(licenses, entry)
        edition = f"ModelSheet, {entry['version_line'].lstrip('# ')} (blob {entry['git_blob'][:7]})"
        for license_id, table in _sheet_sections(_text(licenses, entry)):
            tokens = normalize.tokenize("\n".join(table))
            sheet_tails.setdefault(license_id, set()).add(normalize.text_hash(tokens))
            model_sheet[license_id] = _sheet_entry(sheets, license_id, entry["file"], edition, table)
    for entry in manifest["revisions"]:
        if entry["kind"] != "license":
            continue
        _check_raw(licenses, entry)
        text = _text(licenses, entry)
        lines = normalize.split_lines(text)
        tokens = normalize.tokenize(text)
        title = normalize.tokenize(entry["title"])
        if tokens[: len(title)] != title:
            raise SystemExit(f"{entry['file']}: does not start with its title {entry['title']!r}")
        digest = normalize.text_hash(tokens)
        group = groups.get((entry["id"], digest))
        # the published text as the reader gives it: an identical file is identified by this
        # digest alone, as the exact-from-start path would (matcher.identify)
        first_line = next((i for i, line in enumerate(lines) if line.strip("\ufeff \t#*`")), 0) + 1
        exact_texts[hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()] = [digest, first_line]
        source = {
            "file": entry["file"],
            "sha256_raw": entry["sha256_raw"],
            "git_blob": entry["git_blob"],
            "first_seen": entry["first_seen"],
            "last_seen": entry["last_seen"],
            "commits": sorted({entry["source"]["first_commit"], entry["source"]["last_commit"]}),
            # where the file is in the official repository at those commits (for a verified download)
            "paths": list(entry["source"]["paths"]),
        }
        annexes = ascii_table.tables_after(lines, _ANNEX_HEADING)
        annex = (_sheet_entry(sheets, entry["id"], entry["file"], entry["version_line"], annexes[0][1])
                 if annexes else None)
        if group is None:
            blocks = normalize.segment(lines)
            groups[(entry["id"], digest)] = {
                "id": entry["id"],
                "title": entry["title"],
                "version_line": entry["version_line"],
                "first_seen": entry["first_seen"],
                "last_seen": entry["last_seen"],
                "sha256": digest,
                "words": len(tokens),
                "files": [source],
                "sheet": annex or model_sheet.get(entry["id"]),
                "distilled": _distilled(tokens),
                "blocks": [[b.label, b.fingerprint, len(b.tokens)] for b in blocks],
            }
        else:
            if group["version_line"] != entry["version_line"]:
                raise SystemExit(f"{entry['file']}: same text, different version line")
            group["first_seen"] = min(group["first_seen"], entry["first_seen"])
            group["last_seen"] = max(group["last_seen"], entry["last_seen"])
            group["files"].append(source)
            if annex and group["sheet"] != annex:
                raise SystemExit(f"{entry['file']}: same text, different Model Sheet")

    revisions = sorted(groups.values(), key=lambda g: (g["id"], g["first_seen"], g["last_seen"]))
    newest: dict[str, dict[str, Any]] = {}
    for revision in revisions:  # sorted oldest first: the last one seen per id is the newest
        newest[revision["id"]] = revision
    for revision in revisions:
        revision["status"] = "canonical" if newest[revision["id"]] is revision else "outdated"
    built = {
        "format": REGISTRY_FORMAT,
        "normalizer": normalize.NORMALIZER_VERSION,
        "source": {
            "repository": "Xtra-Computing/ModelGo",
            "snapshot_commit": manifest["snapshot_commit"],
            "manifest_sha256": hashlib.sha256(manifest_bytes).hexdigest(),
            "generator": "scripts/build_registry.py",
        },
        "titles": sorted({r["title"] for r in revisions}),
        # their tokens, longest first (what from_json would compute: not start-up work, issue 14)
        "title_tokens": sorted({tuple(normalize.tokenize(r["title"])) for r in revisions},
                               key=lambda tokens: (-len(tokens), tokens)),
        "revisions": revisions,
        "sheet_tails": {k: sorted(v) for k, v in sorted(sheet_tails.items())},
        "exact_texts": dict(sorted(exact_texts.items())),
        "sheets": dict(sorted(sheets.items(), key=lambda item: (item[1]["id"], item[1]["editions"]))),
    }
    built["terms"] = _terms(built)
    return built


def _terms(built: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each revision's terms as ``terms.of_sheet`` computes them from its official sheet, by
    ``terms.revision_key``: a repository without a sheet reads no official sheet (issue 14)."""
    from modelgo_lint.licenses import registry, terms

    loaded = registry.from_json(built)
    return {terms.revision_key(revision): dict(terms._of_sheet(revision.id, sheet, revision)._asdict())
            for revision in loaded.revisions if (sheet := loaded.sheet_of(revision)) is not None}


def render(registry: dict[str, Any]) -> str:
    return json.dumps(registry, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def render_module(data: Any, what: str) -> str:
    return python_literal(data, generator="scripts/build_registry.py", source="../shared/modelgo-licenses",
                          what=what)


def layers(registry: dict[str, Any]) -> dict[str, str]:
    """The registry in layers, file name -> text: the index (``index.py``: digests,
    identifiers, revisions, canonical status, sheet keys) read on every run; ``blocks.json`` (the
    per-block fingerprints by text digest) read only for a text that does not match exactly;
    ``sheets.py`` (the official Model Sheets) read for the license files found."""
    index = {key: value for key, value in registry.items() if key != "sheets"}
    index["revisions"] = [{k: v for k, v in r.items() if k != "blocks"} for r in registry["revisions"]]
    blocks = {r["sha256"]: r["blocks"] for r in registry["revisions"]}
    return {"index.py": render_module(index, "The registry's index"), "blocks.json": render(blocks),
            "sheets.py": render_module(registry["sheets"], "The official Model Sheets")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    parser.add_argument("--check", action="store_true", help="fail when the committed data is stale")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    files = {args.output.with_name(name): text for name, text in layers(build(args.shared)).items()}
    if args.check:
        stale = [path for path, fresh in files.items()
                 if (path.read_text(encoding="utf-8") if path.exists() else "") != fresh]
        for path in stale:
            print(f"{path} is stale: run python scripts/build_registry.py", file=sys.stderr)
        if stale:
            return 1
        print(f"{', '.join(str(path) for path in files)} are up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    for path, fresh in files.items():
        path.write_text(fresh, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
