"""Attribution and copyright notices of a model root (issue 4 "What a notice is").

- every non-blank line of a NOTICE file (``NOTICE``, ``NOTICE.txt``, ``NOTICE.md``);
- copyright lines (``Copyright ...``, ``©``, ``(c) 2024``) of the README, and the lines of its
  "Attribution" section;
- the copyright / attribution preamble of a license file (before the license title);
- the items of the sheet's ``attribution`` list.

Notices are compared by :attr:`Notice.key`: case, white space and Markdown emphasis do not count.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from modelgo_lint import lazyre
from modelgo_lint.analysis import parsed
from modelgo_lint.records import Record
from modelgo_lint.repo.documents import RootFiles, TextFile
from modelgo_lint.repo.prose import remembered
from modelgo_lint.sheets.loader import Document

_COPYRIGHT = lazyre.compile(r"copyright\b|©|\(c\)\s*\d{4}", re.IGNORECASE)
_HEADING = lazyre.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.*?)\s*#*\s*$")
_DECORATION = lazyre.compile(r"^[\s>*+\-#|]+|[*_`|]+")
_SPACE = lazyre.compile(r"\s+")
_RULE = lazyre.compile(r"[=\-_*#\s]+")  # a line of rule characters only


class Notice(Record):
    path: str
    line: int
    text: str  # as written (stripped)
    kind: str  # "NOTICE", "README", "license preamble", "Model Sheet attribution"

    @property
    def key(self) -> str:
        return key(self.text)


#: line -> its key, remembered: the lines of a monorepo's NOTICE files and READMEs repeat
#: ("Copyright 2025 ..."); bounded in entries, and only lines up to ``_KEY_LINE`` characters are kept
_KEYS_MAX = 4096
_KEY_LINE = 512


def _key(text: str) -> str:
    return _SPACE.sub(" ", _DECORATION.sub("", text)).strip().casefold()


key = remembered(_key, entries=_KEYS_MAX, chars=_KEY_LINE)


def _notice_file(text_file: TextFile) -> list[Notice]:
    if text_file.text is None:
        return []
    out = []
    for number, line in enumerate(text_file.text.split("\n"), start=1):
        if key(line) and not _RULE.fullmatch(line):
            out.append(Notice(text_file.rel, number, line.strip(), "NOTICE"))
    return out


def _readme(text_file: TextFile) -> list[Notice]:
    readme = parsed.readme(text_file)
    if text_file.text is None or readme is None:
        return []
    out = []
    in_attribution = False
    lines = text_file.text.split("\n")
    for number, line in enumerate(lines[readme.body_line - 1 :], start=readme.body_line):
        heading = _HEADING.match(line) if "#" in line else None  # a heading has a "#"
        if heading:
            in_attribution = "attribution" in heading.group("title").lower()
            continue
        if (in_attribution or _COPYRIGHT.search(line)) and key(line):
            out.append(Notice(text_file.rel, number, line.strip(), "README"))
    return out


def _preamble(text_file: TextFile, preamble: tuple[int, int] | None) -> list[Notice]:
    if text_file.text is None or preamble is None:
        return []
    first, last = preamble
    lines = text_file.text.split("\n")
    return [
        Notice(text_file.rel, n, lines[n - 1].strip(), "license preamble")
        for n in range(first, last + 1)
        if _COPYRIGHT.search(lines[n - 1]) and key(lines[n - 1])
    ]


def sheet_attribution(text_file: TextFile) -> list[Notice]:
    loaded = parsed.sheet(text_file)
    if not isinstance(loaded, Document) or not isinstance(loaded.data, dict):
        return []
    items = loaded.data.get("attribution")
    if not isinstance(items, list):
        return []
    return [
        Notice(
            text_file.rel, loaded.position(f"/attribution/{i}")[0], item.strip(), "Model Sheet attribution"
        )
        for i, item in enumerate(items)
        if isinstance(item, str) and key(item)
    ]


def collect(files: RootFiles, preambles: Mapping[str, tuple[int, int] | None]) -> list[Notice]:
    """Every notice of the root; ``preambles`` gives the lines before the title of each license
    file (by display path), as its identification found them."""
    out: list[Notice] = []
    for notice_file in files.notices:
        out.extend(_notice_file(notice_file))
    if files.readme is not None:
        out.extend(_readme(files.readme))
    for license_file in files.licenses:
        out.extend(_preamble(license_file, preambles.get(license_file.rel)))
    for sheet in files.sheets:
        out.extend(sheet_attribution(sheet))
    return out
