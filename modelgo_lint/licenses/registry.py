"""The registry of published ModelGo revisions, shipped as package data (design §2).

Computed by ``scripts/build_registry.py`` from ``../shared/modelgo-licenses``; read here through
``importlib.resources`` so that it works from a wheel. It holds facts only: hashes, counts,
titles, version lines, dates, section labels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from modelgo_lint.licenses import normalize
from modelgo_lint.licenses.ascii_table import slug


@dataclass(frozen=True)
class BlockFact:
    label: str
    fingerprint: str
    words: int


@dataclass(frozen=True)
class SheetRow:
    key: str
    label: str
    group: str
    value: bool


@dataclass(frozen=True)
class Sheet:
    """An official Model Sheet: the rows of one published table of one license."""

    key: str
    id: str
    editions: tuple[str, ...]
    sources: tuple[str, ...]
    rows: tuple[SheetRow, ...]

    def values(self) -> dict[str, bool]:
        return {row.key: row.value for row in self.rows}


@dataclass(frozen=True)
class Revision:
    """One published text (all files equal after normalization) of one license identifier."""

    id: str
    title: str
    version_line: str
    first_seen: str
    last_seen: str
    sha256: str
    words: int
    canonical: bool
    files: tuple[str, ...]
    blocks: tuple[BlockFact, ...]
    sheet: str | None  # key of its official Model Sheet in Registry.sheets
    #: what the text's definitions make of a distilled model: "derivative" (a Derivative Material),
    #: "extracted" (an Extracted Model, with its own duties) or "excluded" (neither)
    distilled: str = "derivative"


@dataclass(frozen=True, eq=False)  # hashed by identity: results may be cached per registry
class Registry:
    revisions: tuple[Revision, ...]
    by_hash: dict[str, Revision]
    newest: dict[str, Revision]
    titles: tuple[tuple[str, ...], ...]  # tokens of every known title, longest first
    sheet_tails: dict[str, frozenset[str]]
    sheets: dict[str, Sheet]
    source: dict[str, str]

    @property
    def identifiers(self) -> tuple[str, ...]:
        return tuple(sorted(self.newest))

    def sheet_of(self, revision: Revision) -> Sheet | None:
        return self.sheets.get(revision.sheet) if revision.sheet else None


def _revision(raw: dict[str, Any]) -> Revision:
    return Revision(
        id=raw["id"],
        title=raw["title"],
        version_line=raw["version_line"],
        first_seen=raw["first_seen"],
        last_seen=raw["last_seen"],
        sha256=raw["sha256"],
        words=raw["words"],
        canonical=raw["status"] == "canonical",
        files=tuple(f["file"] for f in raw["files"]),
        blocks=tuple(BlockFact(*block) for block in raw["blocks"]),
        sheet=raw["sheet"],
        distilled=raw.get("distilled", "derivative"),
    )


def from_json(data: dict[str, Any]) -> Registry:
    if data.get("normalizer") != normalize.NORMALIZER_VERSION:
        raise ValueError("registry was computed with another normalizer version")
    revisions = tuple(_revision(raw) for raw in data["revisions"])
    titles = {tuple(normalize.tokenize(title)) for title in data["titles"]}
    return Registry(
        revisions=revisions,
        by_hash={r.sha256: r for r in revisions},
        newest={r.id: r for r in revisions if r.canonical},
        titles=tuple(sorted(titles, key=len, reverse=True)),
        sheet_tails={k: frozenset(v) for k, v in data["sheet_tails"].items()},
        sheets={
            key: Sheet(key, raw["id"], tuple(raw["editions"]), tuple(raw["sources"]),
                       tuple(SheetRow(slug(label), label, group, value)
                             for label, group, value in raw["rows"]))
            for key, raw in data["sheets"].items()
        },
        source=dict(data["source"]),
    )


@cache
def load() -> Registry:
    """The registry shipped with the package (read once per process)."""
    raw = resources.files("modelgo_lint.licenses").joinpath("data/registry.json").read_text("utf-8")
    return from_json(json.loads(raw))
