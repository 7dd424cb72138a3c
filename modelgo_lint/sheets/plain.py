"""A reader for the plain subset of YAML that front matter and generated sheets are written in.

``import yaml`` alone costs about three times Python's start-up; a three-line front matter or a
sheet written by ``modelgo-lint sheet`` needs none of it. :func:`read` returns the same
parts of a :class:`~modelgo_lint.sheets.loader.Document` as the PyYAML event builder (data, value
and key positions, YAML 1.1 booleans) for texts made only of:

- block mappings with plain keys (letters, digits, ``_``, ``-``, ``$``), block sequences
  (indented or not), ``[]`` and ``{}``;
- single-line scalars: quoted without escapes, or plain ones whose type is certain (words,
  ``true``/``false``/``yes``/``no``..., decimal integers, ``YYYY-MM-DD`` dates kept as strings,
  ``null``/``~``);
- full-line comments and blank lines.

Anything else (flow collections with members, anchors, tags, multi-line scalars, floats, odd
integers, duplicate keys, tabs, deep nesting, ``---`` but a first one) gives ``None``: the caller
then uses the full loader, which reports errors and limits as before. tests/sheets/test_fast_paths.py
checks that both agree on every sheet of the suite and on generated documents.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import Any


_MAX_DEPTH = 16
_MAX_LINES = 5_000
_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-$")
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_YAML11_TRUE = frozenset(("yes", "Yes", "YES", "on", "On", "ON"))
_YAML11_FALSE = frozenset(("no", "No", "NO", "off", "Off", "OFF"))
_NULL = frozenset(("null", "Null", "NULL", "~"))
# a plain scalar may hold these; it must start with a letter (no indicator, no number)
_PLAIN_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-./()+=,;@"
)
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")
_QUOTED_BAN = frozenset("\\\t\"'")


class Parts:
    """What :class:`~modelgo_lint.sheets.loader.Document` holds (the loader builds it)."""

    __slots__ = ("data", "keys", "positions", "yaml11_booleans")

    def __init__(self) -> None:
        self.data: Any = None
        self.positions: dict[str, tuple[int, int]] = {}
        self.keys: dict[str, tuple[int, int]] = {}
        self.yaml11_booleans: set[str] = set()


class _NotPlain(Exception):
    """The text is outside the subset: use the full loader."""


def _scalar(text: str) -> tuple[Any, bool]:
    """The value of a scalar written on one line (already stripped), and whether it is a YAML
    1.1-only boolean."""
    first = text[0]
    if first in "\"'":
        if len(text) < 2 or text[-1] != first or _QUOTED_BAN & set(text[1:-1]):
            raise _NotPlain
        return text[1:-1], False
    if text in _TRUE:
        return True, False
    if text in _FALSE:
        return False, False
    if text in _YAML11_TRUE:
        return True, True
    if text in _YAML11_FALSE:
        return False, True
    if text in _NULL:
        return None, False
    if first in _DIGITS or first == "-":
        digits = text[1:] if first == "-" else text
        if digits and set(digits) <= _DIGITS and (digits == "0" or digits[0] != "0"):
            return int(text), False
        if (len(text) == 10 and text[4] == "-" and text[7] == "-"
                and set(text[:4] + text[5:7] + text[8:]) <= _DIGITS):
            return text, False  # a date: the loader keeps timestamps as strings
        raise _NotPlain
    if first not in _LETTERS or not set(text) <= _PLAIN_CHARS or text[-1] in " :":
        raise _NotPlain
    if text.lower() in (".inf", ".nan") or "  " in text:
        raise _NotPlain
    return text, False


class _Reader:
    def __init__(self, text: str) -> None:
        # lines as (1-based number, indent, content); blanks and full-line comments dropped
        self.lines: list[tuple[int, int, str]] = []
        started = False
        for number, raw in enumerate(text.split("\n"), start=1):
            stripped = raw.strip(" ")
            if not stripped or stripped.startswith("#"):
                if not raw.isprintable():
                    raise _NotPlain
                continue
            if raw == "---" and not self.lines and not started:
                started = True  # the document start marker, once, before any content
                continue
            if not raw.isprintable() or " #" in stripped or stripped.startswith(("---", "...")):
                raise _NotPlain  # tabs, CR, controls; trailing comments; other document markers
            self.lines.append((number, len(raw) - len(raw.lstrip(" ")), stripped))
        if len(self.lines) > _MAX_LINES:
            raise _NotPlain  # the full loader counts nodes against its limit
        self.index = 0
        self.document = Parts()

    def place(self, pointer: str, value: Any, at: tuple[int, int], ambiguous: bool = False) -> None:
        self.document.positions.setdefault(pointer, at)
        if ambiguous:
            self.document.yaml11_booleans.add(pointer)

    def value(self, pointer: str, content: str, at: tuple[int, int], parent_indent: int,
              in_sequence: bool, depth: int) -> Any:
        """The value after ``key:`` (``content`` the rest of the line, empty when it is below)."""
        if content:
            if content in ("[]", "{}"):
                result: Any = [] if content == "[]" else {}
                self.place(pointer, result, at)
                return result
            if content[0] in "[{&*!|>%@`?":
                raise _NotPlain
            result, ambiguous = _scalar(content)
            self.place(pointer, result, at, ambiguous)
            return result
        if self.index >= len(self.lines):
            raise _NotPlain  # an empty value (null): leave it to the full loader
        _, indent, text = self.lines[self.index]
        if indent > parent_indent:
            return self.block(pointer, indent, depth + 1)
        if indent == parent_indent and not in_sequence and (text == "-" or text.startswith("- ")):
            return self.block(pointer, indent, depth + 1)  # an indentless sequence
        raise _NotPlain

    def block(self, pointer: str, indent: int, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise _NotPlain
        number, _, text = self.lines[self.index]
        if text == "-" or text.startswith("- "):
            return self.sequence(pointer, indent, depth)
        return self.mapping(pointer, indent, depth, (number, indent + 1))

    def mapping(self, pointer: str, indent: int, depth: int, start: tuple[int, int],
                first: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.place(pointer, out, start)
        while self.index < len(self.lines):
            number, line_indent, text = self.lines[self.index]
            column = line_indent + 1
            if first is not None:
                text, column, first = first, start[1], None
            elif line_indent != indent:
                if line_indent > indent:
                    raise _NotPlain
                break
            elif text == "-" or text.startswith("- "):
                break  # an indentless sequence's next item, or the end of a mapping in one
            key, colon, rest = text.partition(":")
            if not colon or not key or not set(key) <= _KEY_CHARS or key[0] in "-0123456789":
                raise _NotPlain
            if rest and rest[0] != " ":
                raise _NotPlain
            if key in out or key in _TRUE | _FALSE | _YAML11_TRUE | _YAML11_FALSE | _NULL:
                raise _NotPlain
            member = pointer + "/" + key.replace("~", "~0")
            self.document.keys[member] = (number, column)
            rest = rest.strip(" ")
            self.index += 1
            value_at = (number, column + len(text) - len(rest)) if rest else (0, 0)
            out[key] = self.value(member, rest, value_at, column - 1, False, depth)
        return out

    def sequence(self, pointer: str, indent: int, depth: int) -> list[Any]:
        out: list[Any] = []
        number = self.lines[self.index][0]
        self.place(pointer, out, (number, indent + 1))
        while self.index < len(self.lines):
            number, line_indent, text = self.lines[self.index]
            if line_indent != indent or not (text == "-" or text.startswith("- ")):
                if line_indent > indent:
                    raise _NotPlain
                break
            item = text[1:].lstrip(" ")
            if not item:
                raise _NotPlain  # a nested block after "-": leave it to the full loader
            column = indent + 1 + len(text) - len(item)
            member = f"{pointer}/{len(out)}"
            _, colon, rest = item.partition(":")
            if colon and (not rest or rest[0] == " ") and item[0] not in "\"'":
                if depth + 1 > _MAX_DEPTH:
                    raise _NotPlain
                out.append(self.mapping(member, column - 1, depth + 1, (number, column), first=item))
                continue
            self.index += 1
            out.append(self.value(member, item, (number, column), indent, True, depth))
        return out


def read(text: str) -> Parts | None:
    """The document of ``text`` when it is plain (see the module), else None."""
    try:
        reader = _Reader(text)
        if not reader.lines:
            return None
        number, indent, first = reader.lines[0]
        if indent or first == "-" or first.startswith("- "):
            return None
        reader.document.data = reader.mapping("", 0, 1, (number, 1))
        if reader.index != len(reader.lines):
            return None
        return reader.document
    except _NotPlain:
        return None
