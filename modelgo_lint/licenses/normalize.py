"""Normalization of license texts: presentation out, wording kept (design §2).

Pure functions over ``str``. A text becomes a sequence of *tokens* (words and numbers,
case-folded, NFKC-normalized; check marks kept as ``✓``/``✗`` because the Model Sheet tables carry
meaning in them) and a sequence of *blocks* (paragraphs, list items, headings, table rows), each
with its first and last line in the file and the section label it falls under (``2.2(a)(iii)``).

What this removes, following the SPDX License List Matching Guidelines: encoding details,
line endings, every run of white space (tabs, no-break spaces), wrapping and indentation (a word
split at its hyphen across lines too), letter case, punctuation (so quote, dash and hyphen
variants, list-marker forms such as ``(a)``/``a)``/``a.``, Markdown heading and emphasis markers,
code fences, comment prefixes and separator lines all vanish). What it keeps: every word and
every number, in order. It never substitutes one word for another.

The hash of a text is the SHA-256 of its tokens joined by single spaces; block fingerprints are
the first 16 hex digits of the same hash over one block. The registry of published revisions is
computed with exactly these functions (``scripts/build_registry.py``), so a change here is a change
of ``NORMALIZER_VERSION`` (kept in :mod:`modelgo_lint.licenses`) and of the registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from modelgo_lint import lazyre
from modelgo_lint.digest import sha256
from modelgo_lint.licenses import NORMALIZER_VERSION as NORMALIZER_VERSION  # defined there (issue 14)
from modelgo_lint.records import Record

#: Invisible format characters that text copied from rendered pages carries inside words: soft
#: hyphen, zero-width space / non-joiner / joiner, word joiner, zero-width no-break space, and the
#: bidirectional controls. A reader sees the same word, so they are removed before tokenizing
#: (version 2; no published text holds any of them, so the registry's hashes did not change).
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, *range(0x202A, 0x202F),
     *range(0x2066, 0x206A)]
)
_INVISIBLE_CHARS = tuple(map(chr, _INVISIBLE))
_INVISIBLE_RE = lazyre.compile("[" + "".join(_INVISIBLE_CHARS) + "]")
#: texts longer than this are scanned per character; shorter ones matched by the patterns
_SCAN_ABOVE = 4096
#: Scripts whose letters can pass for Latin ones (look-alikes such as Cyrillic о, Greek Α).
_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC")

_CHECK = "✓"
_CROSS = "✗"
# Symbol variants folded before tokenizing. © stands for "(c)", whose token is "c".
_SYMBOLS = {"✔": _CHECK, "☑": _CHECK, "✅": _CHECK, "✘": _CROSS, "☒": _CROSS, "❌": _CROSS, "©": " c "}
_SYMBOL = lazyre.compile("[" + "".join(_SYMBOLS) + "]")
_TOKEN = lazyre.compile(r"[\w✓✗]+")
_LINE_BREAK = lazyre.compile(r"\r\n|\r|\n")
# A Markdown code fence with its info string ("```text") is presentation, like any separator line.
_FENCE = lazyre.compile(r"^[ \t>]*(?:`{3,}|~{3,})[^\r\n`]*$", re.MULTILINE)

# A line that starts a new block: a list item or section marker, a Markdown heading, an annex.
_DECORATION = lazyre.compile(r"^[\s>#*_`|]*")
_MARKER = lazyre.compile(
    r"""^(?:
        (?P<bullet>[-+•·▪◦‣])\s
      | \((?P<pm>\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,6})\)
      | (?P<cm>\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,6})\)
      | (?P<dm>\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.|[a-z]\.|[ivx]{1,6}\.)(?=\s|$)
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_HEADING = lazyre.compile(r"^\s{0,3}#{1,6}\s")
_ANNEX = lazyre.compile(r"^\s*(?:#+\s*)?(annex|attachment|appendix)\s+([a-z0-9])\b", re.IGNORECASE)


def tokenize(text: str) -> list[str]:
    """Words and numbers of ``text``, normalized; punctuation, white space and invisible format
    characters dropped."""
    ascii = text.isascii()  # every invisible character and folded symbol is outside ASCII
    # a whole text: a scan per character, cheaper than compiling a pattern of them (the clean path
    # tokenizes one license text); the short lines and blocks of a modified text: the patterns
    scans = not ascii and len(text) > _SCAN_ABOVE
    if scans:
        for char in _INVISIBLE_CHARS:
            if char in text:
                text = text.replace(char, "")
    elif not ascii and _INVISIBLE_RE.search(text):
        text = text.translate(_INVISIBLE)
    if "`" in text or "~" in text:
        text = _FENCE.sub("", text)
    if scans:  # no replacement holds another symbol: one at a time is the same as all at once
        for symbol, replacement in _SYMBOLS.items():
            if symbol in text:
                text = text.replace(symbol, replacement)
    elif not ascii and _SYMBOL.search(text):
        text = _SYMBOL.sub(lambda m: _SYMBOLS[m.group(0)], text)
    if text.isascii():  # NFKC leaves ASCII as it is, and its case folding is lower()
        folded = text.lower()
    else:
        import unicodedata  # a C module to load: not for the ASCII texts of a clean run

        folded = unicodedata.normalize("NFKC", text).casefold()
    tokens = _TOKEN.findall(folded)
    if "_" in text:  # "_" is a word character for \w, but Markdown emphasis for us
        tokens = [part for token in tokens for part in token.split("_") if part]
    return tokens


def lookalikes(text: str) -> list[tuple[int, str, str]]:
    """Letters of a script that can pass for Latin (Cyrillic, Greek, ...) inside a word that also
    holds Latin letters, or standing alone between Latin words: ``(line, character, word)``. They
    make another word (no folding), so a text holding one is ``modified``; this says which."""
    out: list[tuple[int, str, str]] = []
    for number, line in enumerate(split_lines(text), start=1):
        if line.isascii():
            continue
        for word in _TOKEN.findall(line.translate(_INVISIBLE)):
            if word.isascii():
                continue
            import unicodedata

            names = [unicodedata.name(ch, "") for ch in word]
            foreign = [ch for ch, name in zip(word, names, strict=True)
                       if name.startswith(_LOOKALIKE_SCRIPTS)]
            latin = any(name.startswith("LATIN") for name in names)
            if foreign and (latin or len(word) <= 2):
                out.extend((number, ch, word) for ch in dict.fromkeys(foreign))
    return out


def describe_char(ch: str) -> str:
    """``U+043E CYRILLIC SMALL LETTER O``."""
    import unicodedata

    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}"


def split_lines(text: str) -> list[str]:
    """Lines as editors and GitHub number them (``\\r\\n``, ``\\r`` or ``\\n``)."""
    return _LINE_BREAK.split(text)


def text_hash(tokens: Iterable[str]) -> str:
    return sha256(" ".join(tokens).encode("utf-8")).hexdigest()


def fingerprint(tokens: Iterable[str]) -> str:
    return text_hash(tokens)[:16]


class Block(Record):
    """A paragraph-like unit: first and last line (1-based), tokens and section label."""

    start_line: int
    end_line: int
    tokens: tuple[str, ...]
    label: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.tokens)


class _Labeler:
    """Tracks section numbers through list markers: ``2.2`` → ``(a)`` → ``(iii)``."""

    __slots__ = ("letter", "roman", "section")

    def __init__(self) -> None:
        self.section = self.letter = self.roman = ""

    def label(self) -> str:
        out = self.section
        if self.letter:
            out += f"({self.letter})"
        if self.roman:
            out += f"({self.roman})"
        return out or "intro"

    def feed(self, line: str) -> None:
        annex = _ANNEX.match(line)
        if annex:
            self.section = f"{annex.group(1).capitalize()} {annex.group(2).upper()}"
            self.letter = self.roman = ""
            return
        stripped = _DECORATION.sub("", line)
        match = _MARKER.match(stripped)
        if not match or match.group("bullet"):
            return
        raw = (match.group("pm") or match.group("cm") or match.group("dm") or "").rstrip(".")
        marker = raw.lower()
        if marker[0].isdigit():
            self.section = marker
            self.letter = self.roman = ""
        elif self._is_roman(marker):
            self.roman = marker
        else:
            self.letter = marker
            self.roman = ""

    def _is_roman(self, marker: str) -> bool:
        if not re.fullmatch(r"[ivx]+", marker):
            return False
        if not self.letter:
            return len(marker) > 1
        # "(i)" right after "(h)" is a letter; after "(a)" it is a roman numeral.
        return not (len(marker) == 1 and ord(marker) == ord(self.letter[-1]) + 1)


def starts_block(line: str) -> bool:
    """True when ``line`` opens a new block even without a blank line before it."""
    if _HEADING.match(line) or _ANNEX.match(line):
        return True
    return _MARKER.match(_DECORATION.sub("", line)) is not None


def segment(lines: Sequence[str], line_tokens: Sequence[list[str]] | None = None) -> list[Block]:
    """Cut ``lines`` into blocks: at lines without tokens (blank, separators, fences) and before
    lines that start a block. The first block is labelled ``title``; later ones by section markers.
    ``line_tokens`` are the lines' tokens when the caller has them already."""
    blocks: list[Block] = []
    labeler = _Labeler()
    current: list[str] = []
    start = 0
    end = 0

    def flush() -> None:
        if current:
            label = "title" if not blocks else labeler.label()
            blocks.append(Block(start + 1, end + 1, tuple(current), label))
            current.clear()

    for index, line in enumerate(lines):
        words = line_tokens[index] if line_tokens is not None else tokenize(line)
        if not words:
            flush()
            continue
        if current and starts_block(line):
            flush()
        if not current:
            start = index
            labeler.feed(line)
        current.extend(words)
        end = index
    flush()
    return blocks
