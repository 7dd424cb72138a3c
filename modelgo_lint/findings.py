"""The one record every check produces and every reporter consumes. Imports nothing of the package:
a finding's rule name is looked up in the registry (:func:`modelgo_lint.rules.name_of`)."""

from __future__ import annotations

import enum
import re

from modelgo_lint import lazyre
from modelgo_lint.records import Record

# Names are bytes until shown (issue 13). A path that is not valid UTF-8 lives in the program as
# Python's ``os.fsdecode`` gives it (each undecodable byte a lone surrogate U+DC80..U+DCFF, so the
# bytes come back exactly with ``encode("utf-8", "surrogateescape")``); outputs show it one way.
_SURROGATE = lazyre.compile(r"[\ud800-\udfff]")
_TERMINAL_CONTROL = lazyre.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _byte_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def shown(text: str) -> str:
    """``text`` encodable as UTF-8: an undecodable byte of a name (a surrogate escape) becomes
    ``\\xNN``, as Python's ``backslashreplace`` shows bytes; any other lone surrogate ``\\uXXXX``."""
    return _SURROGATE.sub(_byte_escape, text)


def name_bytes(text: str) -> bytes:
    """The bytes of a name: surrogate escapes back to the bytes they stand for (exactly what git or
    the file system holds); a text that cannot be such a name (another lone surrogate) as shown."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return shown(text).encode("utf-8")


def one_line(text: str) -> str:
    """``text`` safe on one terminal or log line: undecodable bytes as ``\\xNN``, newline as ``\\n``,
    other control, line-separator and bidi characters as ``\\uXXXX``."""
    return _TERMINAL_CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", shown(text).replace("\n", "\\n"))


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` gives the most severe."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (expected error, warning or info)") from None


class WordDiff(Record):
    """One changed paragraph of a license file against the official text, word by word: ``ops`` is
    a sequence of ``("=", words)`` (the same), ``("-", words)`` (official words not in the file)
    and ``("+", words)`` (the file's words not in the official text); ``line``..``end_line`` are the
    file's lines (for a removed paragraph, where it is missing)."""

    section: str
    kind: str  # "changed", "added" or "removed"
    line: int
    end_line: int
    ops: tuple[tuple[str, str], ...]

    @property
    def official(self) -> str:
        return " ".join(words for op, words in self.ops if op != "+")

    @property
    def file(self) -> str:
        return " ".join(words for op, words in self.ops if op != "-")

    def lines(self) -> list[str]:
        """Two lines: the official words with the removed ones marked ``[-…-]``, the file's words
        with the added ones marked ``{+…+}`` (as ``git diff --word-diff`` does)."""
        official = " ".join(f"[-{w}-]" if op == "-" else w for op, w in self.ops if op != "+")
        mine = " ".join(f"{{+{w}+}}" if op == "+" else w for op, w in self.ops if op != "-")
        return [f"- {official}" if official else "- (nothing)", f"+ {mine}" if mine else "+ (nothing)"]


class Finding(Record):
    """One problem at one place. Sorting orders by path, then position, then code; equality and
    hashing compare those four fields only (the message and the rest are what is said about it).

    ``path`` is relative to the checked directory and uses ``/`` separators.
    ``line`` and ``column`` are 1-based; 0 means "not known" (the whole file).
    ``details`` carries extra lines (for example the changed paragraphs of a license).
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    pointer: str | None = None
    hint: str | None = None
    details: tuple[str, ...] = ()
    #: for a modified license read with the official text at hand: the changed paragraphs, word by word
    diff: tuple[WordDiff, ...] = ()
    #: what ``fix`` needs for the finding's one safe repair, by rule (not shown in any report):
    #: MG204 ``(written, meant)``, MG207 ``(license_id,)``, MG208 ``("license_name", value)``
    repair: tuple[str, ...] = ()

    def with_severity(self, severity: Severity) -> Finding:
        return self._replace(severity=severity)

    @property
    def _key(self) -> tuple[str, int, int, str]:
        """What a finding is compared, sorted and hashed by: where it is and which rule."""
        return (self.path, self.line, self.column, self.code)

    # only another Finding compares: a plain tuple of the same values is not a finding (tuple's
    # own comparison would otherwise answer for it), and ordering against anything else is an error
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Finding) and self._key == other._key

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._key)

    def _other_key(self, other: object) -> tuple[str, int, int, str]:
        if not isinstance(other, Finding):
            raise TypeError(f"a Finding is ordered only among findings, not with {type(other).__name__}")
        return other._key

    def __lt__(self, other: tuple[object, ...]) -> bool:
        return self._key < self._other_key(other)

    def __le__(self, other: tuple[object, ...]) -> bool:
        return self._key <= self._other_key(other)

    def __gt__(self, other: tuple[object, ...]) -> bool:
        return self._key > self._other_key(other)

    def __ge__(self, other: tuple[object, ...]) -> bool:
        return self._key >= self._other_key(other)
