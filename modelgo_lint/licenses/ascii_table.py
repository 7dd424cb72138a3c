"""Parse the published ASCII Model Sheet tables into rows (label, group, value).

Two layouts are published: three columns (group | right or duty | ✓/✗), in Annex A of the
2.0 texts of Nov 2024 and in the 2026 ModelSheet file, with labels wrapped over several lines and
groups spanning rows; and two pairs of columns (right | ✓/✗ | right | ✓/✗) in Attachment A of
the 1.0 texts. Pure functions; used by ``scripts/build_registry.py``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from modelgo_lint import lazyre
from modelgo_lint.records import Record

MARKS = {"✓": True, "✔": True, "✗": False, "✘": False}


class TableError(ValueError):
    pass


class Row(Record):
    key: str
    label: str
    group: str
    value: bool


_PARENTHESES = lazyre.compile(r"\([^)]*\)")
_NOT_ALNUM = lazyre.compile(r"[^a-z0-9]+")


def slug(label: str) -> str:
    """A stable snake_case key for a row label: 'Use & Modify' -> 'use_and_modify'."""
    text = _PARENTHESES.sub(" ", label.lower()).replace("&", " and ")
    return _NOT_ALNUM.sub("_", text).strip("_")


def _cell(line: str, start: int, end: int) -> str:
    return line[start + 1: end].strip() if len(line) > start else ""


def _mark(text: str, where: str) -> bool | None:
    if not text:
        return None
    if text not in MARKS:
        raise TableError(f"unexpected mark {text!r} in {where}")
    return MARKS[text]


def _three_columns(lines: Sequence[str], spans: list[tuple[int, int]]) -> list[Row]:
    rows: list[Row] = []
    group_rows: list[tuple[str, bool]] = []
    group_text: list[str] = []
    label: list[str] = []
    value: bool | None = None

    def end_row() -> None:
        nonlocal value
        if label:
            if value is None:
                raise TableError(f"row {' '.join(label)!r} has no mark")
            group_rows.append((" ".join(label), value))
        label.clear()
        value = None

    def end_group() -> None:
        group = " ".join(" ".join(group_text).split())
        rows.extend(Row(slug(text), text, group, val) for text, val in group_rows)
        group_rows.clear()
        group_text.clear()

    (g0, g1), (l0, l1), (m0, m1) = spans
    for line in lines[1:]:
        if line.startswith("+"):
            end_row()
            end_group()
            continue
        group_text.append(_cell(line, g0, g1))
        if line[l0: l0 + 1] == "+":
            end_row()
            continue
        text = _cell(line, l0, l1)
        if text:
            label.append(text)
        mark = _mark(_cell(line, m0, m1), " ".join(label))
        if mark is not None:
            value = mark
    end_row()
    end_group()
    return rows


def _paired_columns(lines: Sequence[str], spans: list[tuple[int, int]]) -> list[Row]:
    columns: list[list[Row]] = [[], []]
    pending: list[tuple[list[str], list[bool]]] = [([], []), ([], [])]

    def flush() -> None:
        for side, (label, marks) in enumerate(pending):
            if label:
                if not marks:
                    raise TableError(f"row {' '.join(label)!r} has no mark")
                text = " ".join(label)
                columns[side].append(Row(slug(text), text, "", marks[-1]))
            label.clear()
            marks.clear()

    for line in lines[1:]:
        if line.startswith("+"):
            flush()
            continue
        for side in (0, 1):
            (a0, a1), (b0, b1) = spans[2 * side], spans[2 * side + 1]
            text = _cell(line, a0, a1)
            if text:
                pending[side][0].append(text)
            mark = _mark(_cell(line, b0, b1), text)
            if mark is not None:
                pending[side][1].append(mark)
    flush()
    return columns[0] + columns[1]


def parse(lines: Sequence[str]) -> list[Row]:
    """Rows of the table whose first line is its top border (``+---+``)."""
    table = [line.rstrip() for line in lines if line.lstrip().startswith(("+", "|"))]
    if not table or not table[0].startswith("+"):
        raise TableError("no table border")
    border = table[0]
    cuts = [index for index, char in enumerate(border) if char == "+"]
    spans = list(itertools.pairwise(cuts))
    if len(spans) == 3:
        rows = _three_columns(table, spans)
    elif len(spans) == 4:
        rows = _paired_columns(table, spans)
    else:
        raise TableError(f"unexpected table of {len(spans)} columns")
    unique: dict[str, Row] = {}
    for row in rows:  # early MG-BY-1.0 tables list one row twice, with the same mark
        if row.key in unique and unique[row.key].value != row.value:
            raise TableError(f"row {row.label!r} appears twice with different marks")
        unique.setdefault(row.key, row)
    return list(unique.values())


def tables_after(text_lines: Sequence[str], heading: re.Pattern[str]) -> list[tuple[int, list[str]]]:
    """(line index, table lines) for every table that follows a line matching ``heading``."""
    found = []
    for index, line in enumerate(text_lines):
        if heading.match(line):
            start = next((i for i in range(index + 1, min(index + 6, len(text_lines)))
                          if text_lines[i].startswith("+")), None)
            if start is None:
                continue
            end = start
            while end < len(text_lines) and text_lines[end].lstrip().startswith(("+", "|")):
                end += 1
            found.append((start, list(text_lines[start:end])))
    return found
