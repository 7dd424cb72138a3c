"""The registry of published ModelGo revisions, shipped as package data (design §2).

Computed by ``scripts/build_registry.py`` from ``../shared/modelgo-licenses``, in layers read
from beside this module (in a checkout as from a wheel, without ``importlib.resources``): the
index ``data/index.py`` (digests, identifiers, revisions, canonical status, sheet keys) on
every run, with the digests of the published texts, their title tokens and each revision's
terms; ``data/blocks.json`` (per-block fingerprints) only when a text does not match exactly;
``data/sheets.py`` (official Model Sheets) only for a repository with a sheet. The index and the
sheets are Python literals, imported from their bytecode: json's import and parse cost about 4 ms,
the imports a fraction of one (issue 14). It holds facts only: hashes, counts, titles, version
lines, dates, section labels, and the terms computed from the official sheets' rows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from types import MappingProxyType

from modelgo_lint.licenses import NORMALIZER_VERSION
from modelgo_lint.records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import Any


class BlockFact(Record):
    label: str
    fingerprint: str
    words: int


class SheetRow(Record):
    key: str
    label: str
    group: str
    value: bool


class Sheet(Record):
    """An official Model Sheet: the rows of one published table of one license."""

    key: str
    id: str
    editions: tuple[str, ...]
    sources: tuple[str, ...]
    rows: tuple[SheetRow, ...]

    def values(self) -> dict[str, bool]:
        return {row.key: row.value for row in self.rows}


class TextFile(Record):
    """One published file of a revision: where it is in ``../shared`` (``file``) and in the official
    repository (``paths`` at each of ``commits``), with the SHA-256 of its exact bytes."""

    file: str
    sha256_raw: str
    git_blob: str
    commits: tuple[str, ...]
    paths: tuple[str, ...]


class Revision(Record):
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
    blocks_of: Callable[[str], tuple[BlockFact, ...]]
    sheet: str | None = None  # key of its official Model Sheet in Registry.sheets
    #: what the text's definitions make of a distilled model: "derivative" (a Derivative Material),
    #: "extracted" (an Extracted Model, with its own duties) or "excluded" (neither)
    distilled: str = "derivative"
    #: its published files, newest last (the sources of a verified text: modelgo_lint.texts)
    sources: tuple[TextFile, ...] = ()

    @property
    def blocks(self) -> tuple[BlockFact, ...]:
        """Its per-block fingerprints (the registry's second layer, read on first use)."""
        return self.blocks_of(self.sha256)


class Registry(Record):
    """Compared and hashed by identity: results may be cached per registry."""

    revisions: tuple[Revision, ...]
    by_hash: dict[str, Revision]
    newest: dict[str, Revision]
    titles: tuple[tuple[str, ...], ...]  # tokens of every known title, longest first
    sheet_tails: dict[str, frozenset[str]]
    sheets_of: Callable[[], Mapping[str, Sheet]]
    source: Mapping[str, str] = MappingProxyType({})
    #: SHA-256 (hex) of a published text as the reader decodes it -> its revision and the line of
    #: its title: an identical file needs no tokenizing (issue 14)
    exact_texts: Mapping[str, tuple[Revision, int]] = MappingProxyType({})
    #: ``terms.revision_key`` -> the fields of the revision's terms, as computed from its official
    #: sheet by the registry script (a repository without a sheet reads no official sheet)
    terms: Mapping[str, Mapping[str, Any]] = MappingProxyType({})

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    def __hash__(self) -> int:
        return id(self)

    @property
    def identifiers(self) -> tuple[str, ...]:
        return tuple(sorted(self.newest))

    @property
    def sheets(self) -> Mapping[str, Sheet]:
        """The official Model Sheets by key (the registry's third layer, read on first use)."""
        return self.sheets_of()

    def sheet_of(self, revision: Revision) -> Sheet | None:
        return self.sheets.get(revision.sheet) if revision.sheet else None


def _blocks(raw: dict[str, list[list[Any]]]) -> Callable[[str], tuple[BlockFact, ...]]:
    built: dict[str, tuple[BlockFact, ...]] = {}

    def blocks_of(digest: str) -> tuple[BlockFact, ...]:
        if digest not in built:
            built[digest] = tuple(BlockFact(*block) for block in raw.get(digest, ()))
        return built[digest]

    return blocks_of


class _Sheets(Mapping[str, Sheet]):
    """The official sheets by key, each built when first looked up: a run with one license builds
    one sheet's rows, not every sheet's."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw
        self._built: dict[str, Sheet] = {}

    def __getitem__(self, key: str) -> Sheet:
        sheet = self._built.get(key)
        if sheet is None:
            item = self._raw[key]
            from modelgo_lint.licenses.ascii_table import slug  # with a sheet only (issue 14)

            rows = tuple(SheetRow(slug(label), label, group, value) for label, group, value in item["rows"])
            sheet = Sheet(key, item["id"], tuple(item["editions"]), tuple(item["sources"]), rows)
            self._built[key] = sheet
        return sheet

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _lazy(read: Callable[[], Any], build: Callable[[Any], Any]) -> Callable[[], Any]:
    done: list[Any] = []

    def get() -> Any:
        if not done:
            done.append(build(read()))
        return done[0]

    return get


def _revision(raw: dict[str, Any], blocks_of: Callable[[str], tuple[BlockFact, ...]]) -> Revision:
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
        blocks_of=blocks_of,
        sheet=raw["sheet"],
        distilled=raw.get("distilled", "derivative"),
        sources=tuple(TextFile(f["file"], f["sha256_raw"], f["git_blob"], tuple(f["commits"]),
                               tuple(f.get("paths", ()))) for f in raw["files"]),
    )


def from_json(data: dict[str, Any], blocks: Callable[[], dict[str, Any]] | None = None,
              sheets: Callable[[], dict[str, Any]] | None = None) -> Registry:
    """A registry from its index ``data``; ``blocks`` and ``sheets`` read the other two layers
    when first needed (by default from ``data`` itself, the one-file form)."""
    if data.get("normalizer") != NORMALIZER_VERSION:
        raise ValueError("registry was computed with another normalizer version")
    read_blocks = blocks or (lambda: {r["sha256"]: r["blocks"] for r in data["revisions"]})
    blocks_get = _lazy(read_blocks, _blocks)
    revisions = tuple(_revision(raw, lambda digest: blocks_get()(digest)) for raw in data["revisions"])
    if "title_tokens" in data:  # computed by the registry script
        titles = tuple(tuple(tokens) for tokens in data["title_tokens"])
    else:
        from modelgo_lint.licenses import normalize

        found = {tuple(normalize.tokenize(title)) for title in data["titles"]}
        titles = tuple(sorted(found, key=lambda tokens: (-len(tokens), tokens)))
    by_hash = {r.sha256: r for r in revisions}
    return Registry(
        revisions=revisions,
        by_hash=by_hash,
        newest={r.id: r for r in revisions if r.canonical},
        titles=titles,
        sheet_tails={k: frozenset(v) for k, v in data["sheet_tails"].items()},
        sheets_of=_lazy(sheets or (lambda: data["sheets"]), _Sheets),
        source=dict(data["source"]),
        exact_texts={text: (by_hash[digest], line)
                     for text, (digest, line) in data.get("exact_texts", {}).items()},
        terms=data.get("terms", {}),
    )


_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def _read(name: str) -> Any:
    import json

    with open(os.path.join(_DATA, name), encoding="utf-8") as handle:
        return json.load(handle)


@cache
def load() -> Registry:
    """The registry shipped with the package (the index read once per process, the other layers
    when first needed)."""
    from modelgo_lint.licenses.data import index

    return from_json(index.DATA, lambda: _read("blocks.json"), _official_sheets)


def _official_sheets() -> Any:
    from modelgo_lint.licenses.data import sheets

    return sheets.DATA
