"""The parts of a model README that carry licensing: Hugging Face front matter and the notice.

Front matter is the YAML block between ``---`` lines at the very top (as on the Hugging Face
Hub), loaded with the same safe, bounded loader as Model Sheets. The license notice is a
*sentence* of the body (a paragraph wrapped over several lines, with Markdown links and emphasis
taken out: :mod:`modelgo_lint.repo.prose`) that mentions a license (``licensed``, ``license:``)
together with ModelGo or a ModelGo identifier, as in "This model is licensed under the ModelGo ...
License (MG-BY-2.0)".
"""

from __future__ import annotations

import re
from functools import lru_cache

from modelgo_lint import lazyre
from modelgo_lint.records import Record
from modelgo_lint.repo.prose import Sentence, about_licenses, about_upstream, notice_sentences
from modelgo_lint.sheets.loader import Document, LoadError, load_yaml

_FENCE = lazyre.compile(r"^(?:---|\.\.\.)\s*$")
_LICENSE_HEADING = lazyre.compile(r"^\s{0,3}#{1,6}\s+.*licen[cs]", re.IGNORECASE)


class Readme(Record):
    #: the front matter, with positions shifted to README lines (None when there is none)
    front_matter: Document | None = None
    front_error: LoadError | None = None
    #: every license notice sentence of the body about this model (plain text, traced to its place)
    notices: tuple[Sentence, ...] = ()
    #: 1-based line where the body (after the front matter) starts
    body_line: int = 1
    #: 1-based line of the first heading that names a license ("## License"), None when none does
    license_section: int | None = None
    #: notice sentences about an upstream model's license ("the base model X is licensed under ...")
    upstream_notices: tuple[Sentence, ...] = ()


def _front_matter(lines: list[str]) -> tuple[int, int] | None:
    """1-based first and last line of the YAML between the fences, or None."""
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            return 2, index  # YAML is on lines 2..index (1-based)
    return None


def _shifted(document: Document, offset: int) -> Document:
    def shift(positions: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
        return {k: (line + offset, column) for k, (line, column) in positions.items()}

    return Document(document.data, shift(document.positions), shift(document.keys), document.yaml11_booleans)


@lru_cache(maxsize=64)
def _front_matter_document(yaml: str, first: int) -> tuple[Document | None, LoadError | None]:
    """The front matter written on lines ``first``... loaded, or why not. Remembered by text: the
    READMEs of a monorepo's models often share theirs, and a loaded document is never changed."""
    try:
        front = _shifted(load_yaml(yaml), first - 1)
    except LoadError as problem:
        return None, LoadError(problem.message, problem.line + first - 1 if problem.line else first,
                               problem.column)
    if front.data is not None and not isinstance(front.data, dict):
        return None, LoadError("front matter must be a mapping of keys to values", first, 1)
    return front, None


def parse(text: str) -> Readme:
    lines = text.split("\n")
    span = _front_matter(lines)
    front: Document | None = None
    error: LoadError | None = None
    body_start = 0
    if span is not None:
        first, last = span
        body_start = last + 1
        front, error = _front_matter_document("\n".join(lines[first - 1:last]), first)
    # a sentence about an upstream's license ("the base model X is licensed under ...") is not this
    # model's notice
    found = notice_sentences(text, body_start + 1)
    asked = [(s, about_upstream(s.text)) for s in found]
    notices = tuple(s for s, upstream in asked if not upstream and not about_licenses(s.text))
    section = next((number for number, line in enumerate(lines[body_start:], start=body_start + 1)
                    if "#" in line and _LICENSE_HEADING.match(line)), None)  # a heading has a "#"
    return Readme(front, error, notices, body_start + 1, section,
                  tuple(s for s, upstream in asked if upstream))
