"""Where a model root says which license it is under (design §3 "Consistency").

A declaration is an identifier written in the Model Sheet (``license.id``), in the README's
license notice (an identifier, or a ModelGo license's full title, in a notice sentence that is not
about an upstream model's license), or in the Hugging Face front matter (``license_name``, or
``license`` itself when it names a ModelGo license). License files are not declarations: their
verdict is what the declarations are compared with (docs/declarations.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from modelgo_lint.analysis import parsed
from modelgo_lint.licenses.identifiers import IDENTIFIER, looks_like_modelgo
from modelgo_lint.licenses.registry import Registry
from modelgo_lint.records import Record
from modelgo_lint.repo.documents import RootFiles, TextFile
from modelgo_lint.repo.prose import remembered
from modelgo_lint.sheets.loader import Document


class Declaration(Record):
    path: str
    line: int
    column: int
    identifier: str  # upper-cased, as written
    written: str  # as written
    source: str  # "Model Sheet", "README license notice", "front matter license_name" ...
    pointer: str | None = None


def sheet_documents(files: RootFiles) -> list[tuple[TextFile, Document]]:
    """The sheets of the root that loaded (syntax errors are the sheet check's business)."""
    out = []
    for text_file in files.sheets:
        loaded = parsed.sheet(text_file)
        if isinstance(loaded, Document):
            out.append((text_file, loaded))
    return out


def _value(document: Document, *keys: str) -> tuple[str, str] | None:
    """(string value, pointer) at ``keys`` in the document, or None."""
    data = document.data
    pointer = ""
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
        pointer += "/" + key
    return (data, pointer) if isinstance(data, str) else None


@cache
def _titles(registry: Registry) -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    """For every title of the registry (longest first): a pattern of it as people write it (any
    spacing or hyphen between its words, an optional ", Version X.Y"), and its identifiers by
    version."""
    by_title: dict[tuple[str, ...], dict[str, str]] = {}
    for revision in registry.revisions:
        words = tuple(re.findall(r"[A-Za-z0-9]+", revision.title.replace("ResponsibleAI", "Responsible AI")))
        version = revision.id.rsplit("-", 1)[-1]
        by_title.setdefault(words, {})[version] = revision.id
    out = []
    for words, ids in sorted(by_title.items(), key=lambda item: -len(item[0])):
        body = r"[\s-]*".join(re.escape(w) for w in words)
        pattern = re.compile(r"\b" + body + r"\b(?:\s*,?\s*(?:version|v\.?)?\s*(\d+\.\d+))?", re.IGNORECASE)
        out.append((pattern, ids))
    return tuple(out)


def _newest(ids: dict[str, str], shipped: Iterable[str]) -> str:
    """The identifier a title without a version names: the shipped one if any, else the newest."""
    shipped = set(shipped)
    for identifier in ids.values():
        if identifier in shipped:
            return identifier
    return ids[max(ids, key=lambda v: tuple(int(x) for x in v.split(".")))]


def _title_declarations(text: str, registry: Registry, shipped: Iterable[str]) -> list[tuple[int, str, str]]:
    """(index in text, identifier, as written) of every full title in ``text`` not followed by an
    identifier in the same sentence (then the identifier is the declaration)."""
    out: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, ids in _titles(registry):
        for match in pattern.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            taken.append((match.start(), match.end()))
            version = match.group(1)
            identifier = ids.get(version, f"{next(iter(ids.values())).rsplit('-', 1)[0]}-{version}") \
                if version else _newest(ids, shipped)
            out.append((match.start(), identifier, match.group(0)))
    return out


@remembered
def identifiers_in(text: str) -> tuple[tuple[int, str, str], ...]:
    """(index in text, identifier in upper case, as written) of every identifier in ``text``."""
    return tuple((m.start(), m.group(0).upper(), m.group(0)) for m in IDENTIFIER.finditer(text))


def collect(files: RootFiles, registry: Registry | None = None,
            shipped: Iterable[str] = ()) -> list[Declaration]:
    out: list[Declaration] = []
    for text_file, document in sheet_documents(files):
        found = _value(document, "license", "id")
        if found is not None:
            value, pointer = found
            out.append(Declaration(text_file.rel, *document.position(pointer), value.strip().upper(), value,
                                   "Model Sheet license.id", pointer))
    if files.readme is not None and (readme := parsed.readme(files.readme)) is not None:
        front = readme.front_matter
        if front is not None:
            for key in ("license_name", "license"):
                found = _value(front, key)
                if found is not None and looks_like_modelgo(found[0]):
                    value, pointer = found
                    out.append(Declaration(files.readme.rel, *front.position(pointer), value.strip().upper(),
                                           value, f"front matter {key}", pointer))
        source = files.readme.text or ""
        for sentence in readme.notices:
            found_ids: Iterable[tuple[int, str, str]] = identifiers_in(sentence.text)
            if not found_ids and registry is not None:
                found_ids = _title_declarations(sentence.text, registry, shipped)
            for index, identifier, written in found_ids:
                out.append(Declaration(files.readme.rel, *sentence.position(index, source), identifier,
                                       written, "README license notice"))
    return out
