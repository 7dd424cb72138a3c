"""Where a model root says which license it is under (design §3 "Consistency").

A declaration is an identifier written in the Model Sheet (``license.id``), in the README's
license notice, or in the Hugging Face front matter (``license_name``, or ``license`` itself when
it names a ModelGo license). License files are not declarations: their verdict is what the
declarations are compared with.
"""

from __future__ import annotations

from dataclasses import dataclass

from modelgo_lint.analysis import parsed
from modelgo_lint.licenses.identifiers import IDENTIFIER, looks_like_modelgo
from modelgo_lint.repo.documents import RootFiles, TextFile
from modelgo_lint.sheets.loader import Document


@dataclass(frozen=True)
class Declaration:
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


def collect(files: RootFiles) -> list[Declaration]:
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
        for line, text in readme.notices:
            for match in IDENTIFIER.finditer(text):
                out.append(Declaration(files.readme.rel, line, match.start() + 1, match.group(0).upper(),
                                       match.group(0), "README license notice"))
    return out
