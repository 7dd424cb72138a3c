"""A file's text parsed once: as a Model Sheet, as a README, for the identifiers it names
(cached by text, so a root's files are parsed once however many parts of the analysis ask)."""

from __future__ import annotations

from functools import lru_cache

from modelgo_lint.licenses.identifiers import find_identifiers
from modelgo_lint.repo.documents import TextFile

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)

if TYPE_CHECKING:
    from modelgo_lint.analysis.readme import Readme
    from modelgo_lint.sheets.loader import Document, LoadError


def identifiers(text_file: TextFile) -> list[tuple[int, str]]:
    """(line, upper-cased identifier) for every versioned ModelGo identifier the file names."""
    return [] if text_file.text is None else find_identifiers(text_file.text)


def sheet(text_file: TextFile) -> Document | LoadError | None:
    """The file loaded as a Model Sheet (None when it could not be read)."""
    if text_file.text is None:
        return None
    return _load_sheet(text_file.text, text_file.name.lower().endswith(".json"))


def readme(text_file: TextFile) -> Readme | None:
    """The file parsed as a README (None when it could not be read)."""
    return None if text_file.text is None else _parse_readme(text_file.text)


@lru_cache(maxsize=64)
def _load_sheet(text: str, is_json: bool) -> Document | LoadError:
    from modelgo_lint.sheets.loader import LoadError, load_json, load_yaml

    try:
        return load_json(text) if is_json else load_yaml(text)
    except LoadError as error:
        return error


@lru_cache(maxsize=64)
def _parse_readme(text: str) -> Readme:
    from modelgo_lint.analysis.readme import parse

    return parse(text)
