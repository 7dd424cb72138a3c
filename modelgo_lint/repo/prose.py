"""README prose as people write it: paragraphs joined across wrapped lines, Markdown links and
emphasis taken out, cut into sentences, each character traced back to its place in the file.

Plain text functions (no I/O). They live at the repository edge because discovery uses them to
decide, from a bounded read of a README, whether a folder declares a ModelGo license; the analysis
uses the same sentences for the README's license notice.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from modelgo_lint import lazyre
from modelgo_lint.records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import TypeVar

#: a versioned ModelGo identifier as written (known and mistyped ones alike)
MG_ID = r"(?<![\w-])mg(?:0|-[a-z]+(?:-[a-z]+)*)-\d+\.\d+(?![\w.-]*\w)"
_MARKUP = lazyre.compile(
    r"(?m:^[ \t]*(?:>[ \t]*)+|^[ \t]*(?:[-*+]|\d+[.)])[ \t]+)"  # block quote and list item markers
    r"|\[!\[([^\]\n]*)\]\(([^)\n]*)\)\]\([^)\n]*\)"  # a linked image (a badge): its alt text, its URL
    r"|!?\[([^\]\n]*)\]\(([^)\n]*)\)|\[([^\]\n]*)\]\[[^\]\n]*\]|<[^>\n]*>|[*`]+|(?<!\w)_+|_+(?!\w)"
)
_BLOCK_BREAK = lazyre.compile(r"^\s*(?:>\s*)*(?:$|#{1,6}\s|```|~~~|[-*_]{3,}\s*$|\|)")
#: a list item starts a paragraph of its own ("- **License:** MG-BY-2.0" then "- Base model: ...")
_LIST_ITEM = lazyre.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\S")
_TABLE_RULE = lazyre.compile(r"^[\s|:-]*$")
_COMPONENT = lazyre.compile(r"^(?:the\s+)?(?:model\s+)?(?:weights|model|checkpoints?|parameters)$")
_SENTENCE_END = lazyre.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z])")
_LICENSE_WORD = lazyre.compile(r"licen[cs]", re.IGNORECASE)
_MODELGO = lazyre.compile(r"modelgo", re.IGNORECASE)
_IDENTIFIER = lazyre.compile(MG_ID, re.IGNORECASE)
#: "licensed under ... MG-BY-2.0", "released under the ModelGo Zero License", "License: MG0-2.0"
_DECLARES = lazyre.compile(
    r"(?:\bunder|\blicen[cs]e\s*:)\s+(?:the\s+)?(?:terms\s+(?:and\s+conditions\s+)?of\s+(?:the\s+)?)?(?:"
    + MG_ID + r"|modelgo\b[\w\s,.-]{0,80}?\blicen[cs]e\b)",
    re.IGNORECASE,
)
#: what says a sentence is about an upstream model's license, not this model's
_UPSTREAM = lazyre.compile(
    r"\b(?:base|upstream|parent|original|teacher|foundation)\s+models?\b|\bbased\s+on\b|\bderived\s+from\b"
    r"|\bfine-?tuned?\s+(?:from|on|version\s+of)\b|\bdistilled\s+from\b|\bbuilt\s+(?:on|upon)\b"
    r"|\bwhich\b|\bwhose\b",
    re.IGNORECASE,
)
_OWN_SUBJECT = lazyre.compile(
    r"\b(?:this|our|these|the)\s+(?:model|weights|checkpoints?|repository|repo|adapter|release)s?\b"
    r"|\bwe\s+release\b|\bit\s+is\b",
    re.IGNORECASE,
)
#: a subject that is not this model: licenses in general ("Many models released under ...", "Models
#: released under ... must", "You can release your model under ...")
_HYPOTHETICAL = lazyre.compile(r"\b(?:your|you|if|whether|when|can|could|may|might|should|must|would)\b",
                           re.IGNORECASE)
_GENERIC_SUBJECT = lazyre.compile(
    r"\b(?:many|some|any|all|most|other|several|such|every|each)\b"
    r"|(?<!\bthese\s)(?<!\bour\s)(?<!\bthe\s)(?<!\bmy\s)\b(?:models|works|materials|projects|licensees)\b",
    re.IGNORECASE,
)
#: "All models are released under ...": a statement about the models here, not a participle phrase
_STATED = lazyre.compile(r"\b(?:is|are|was|were|been)\s*$", re.IGNORECASE)
_IT = lazyre.compile(r"^\W*(?:it|they)\b", re.IGNORECASE)
_LICENSE_VERB = lazyre.compile(r"licen[cs]ed|released|distributed|available|provided|licen[cs]e\s*:",
                           re.IGNORECASE)


class Sentence(Record):
    text: str  # plain text: markup out, line breaks as spaces
    origins: tuple[int, ...]  # for each character of ``text``, its offset in the file's text

    def position(self, index: int, source: str) -> tuple[int, int]:
        """1-based line and column in ``source`` of character ``index`` of the sentence."""
        offset = self.origins[min(index, len(self.origins) - 1)] if self.origins else 0
        line_start = source.rfind("\n", 0, offset) + 1
        return source.count("\n", 0, offset) + 1, offset - line_start + 1


_SHIELDS = lazyre.compile(r"img\.shields\.io/badge/((?:[^-/?]|--)+)-((?:[^-/?]|--)+)-[^/?]*")


def _shields_text(part: str) -> str:
    """shields.io's static badge escapes: ``--`` is a dash, ``__`` an underscore, ``_`` a space."""
    from urllib.parse import unquote

    return unquote(part.replace("--", "\0").replace("__", "\1").replace("_", " ")
                   .replace("\0", "-").replace("\1", "_"))


#: what ``_MARKUP`` can match holds one of these characters, or is a list item marker at a line's start
_MARKUP_CHAR = lazyre.compile(r"[>\[<*`_]")
#: one of the characters ``_SENTENCE_END`` follows
_SENTENCE_MARK = lazyre.compile(r"[.!?;]")
#: ``_MARKUP``'s list item marker at a line's start (``^`` after a newline, or at the text's start)
_LIST_MARKER = lazyre.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.MULTILINE)


def _may_have_markup(source: str, start: int, end: int) -> bool:
    """False when ``_MARKUP`` has no match in ``source[start:end]`` (most prose: no scan of it)."""
    return bool(_MARKUP_CHAR.search(source, start, end) or _LIST_MARKER.search(source, start, end))


def _plain(source: str, start: int, end: int) -> tuple[str, list[int]]:
    if not _may_have_markup(source, start, end):
        return source[start:end].replace("\n", " "), list(range(start, end))
    chars: list[str] = []
    origins: list[int] = []
    pos = start
    for match in _MARKUP.finditer(source, start, end):
        # a run of text at a time, each character traced (a line break is a space)
        chars.append(source[pos:match.start()].replace("\n", " "))
        origins.extend(range(pos, match.start()))
        # an image's alt text is what a reader without the image gets; a shields.io badge says
        # "<label>-<message>-<color>" in its URL
        image = match.group(0).startswith(("!", "[!"))
        group = next((g for g in (1, 3, 5) if match.group(g) is not None), None)
        badge = _SHIELDS.search(match.group(group + 1) or "") if image and group in (1, 3) else None
        if badge is not None:
            label, message = (_shields_text(badge.group(g)) for g in (1, 2))
            chars.append(f"{label}: {message}")
            origins.extend([match.start()] * (len(label) + 2 + len(message)))
        elif group is not None:
            chars.append(source[match.start(group):match.end(group)])
            origins.extend(range(match.start(group), match.end(group)))
        pos = match.end()
    chars.append(source[pos:end].replace("\n", " "))
    origins.extend(range(pos, end))
    return "".join(chars), origins


def paragraphs(source: str, start_line: int = 1) -> list[Sentence]:
    """The paragraphs of ``source`` from ``start_line`` on (blank lines, headings, fences and table
    rows end one; fenced code is skipped), as plain text."""
    out: list[Sentence] = []
    lines = source.split("\n")
    before = lines[: start_line - 1]
    offset = sum(map(len, before)) + len(before)  # each line and its "\n"
    current: tuple[int, int] | None = None
    fenced = previous_row = False
    header: list[str] = []
    for line in lines[start_line - 1:]:
        end = offset + len(line)
        stripped = line.strip()
        if not stripped:  # a blank line ends a paragraph, and is nothing else
            if current is not None:
                out.append(Sentence(*_sentence(source, *current)))
                current = None
            previous_row = False
            offset = end + 1
            continue
        if not fenced and stripped[0].isalpha():
            # a line of text (a letter after white space: no fence, table row, list item or other
            # block break, whose patterns all start with white space then a mark or a digit)
            current = (offset, end) if current is None else (current[0], end)
            previous_row = False
            offset = end + 1
            continue
        fence = stripped.startswith(("```", "~~~"))
        if fence:
            fenced = not fenced
        row = stripped.startswith("|")  # a table row: "|" after white space (str.strip's is re's \s)
        item = _LIST_ITEM.match(line)
        if fenced or fence or item or _BLOCK_BREAK.match(line):
            if current is not None:
                out.append(Sentence(*_sentence(source, *current)))
                current = None
            if stripped.startswith("#") and not fenced:  # a heading is a paragraph of its own
                out.append(Sentence(*_sentence(source, offset, end)))
            elif row and not fenced and not _TABLE_RULE.match(line):
                # "| License | MG-BY-2.0 |": "License: MG-BY-2.0"; under a "| Component | License |"
                # header, "| Weights | MG-BY-NC-2.0 |": "Weights: License: MG-BY-NC-2.0"
                header = header if previous_row else _cells(line)
                out.append(_row(source, offset, end, header))
            elif item and not fenced:
                current = (offset, end)
        elif current is None:
            current = (offset, end)
        else:
            current = (current[0], end)
        previous_row = row and not fenced
        offset = end + 1
    if current is not None:
        out.append(Sentence(*_sentence(source, *current)))
    return out


def _cells(line: str) -> list[str]:
    return [cell.strip().lower() for cell in line.strip().strip("|").split("|")]


def _row(source: str, start: int, end: int, header: list[str]) -> Sentence:
    """A table row as one sentence, its cells joined by ": " (a label cell then its value). A row of
    this model's weights under a header with a License column names its license."""
    text, origins = "", list[int]()
    row = source[start:end]
    skip = len(row) - len(row.lstrip().lstrip("|"))
    cells = list(re.finditer(r"[^|]+", row[skip:]))
    own = bool(cells) and _COMPONENT.match(cells[0].group(0).strip().lower()) is not None
    for column, cell in enumerate(cells):
        plain, where = _plain(source, start + skip + cell.start(), start + skip + cell.end())
        if plain.strip():
            if text:
                text, origins = text + ": ", [*origins, where[0], where[0]]
            if own and 0 < column < len(header) and _LICENSE_WORD.search(header[column]):
                text, origins = text + "License: ", [*origins, *[where[0]] * 9]
            lead = len(plain) - len(plain.lstrip())
            text += plain.strip()
            origins += where[lead:lead + len(plain.strip())]
    return Sentence(text, tuple(origins))


def _sentence(source: str, start: int, end: int) -> tuple[str, tuple[int, ...]]:
    text, origins = _plain(source, start, end)
    return text, tuple(origins)


def sentences(paragraph: Sentence) -> list[Sentence]:
    if not _SENTENCE_MARK.search(paragraph.text):  # _SENTENCE_END follows one of them
        return [paragraph] if paragraph.text.strip() else []
    out = []
    pos = 0
    for match in _SENTENCE_END.finditer(paragraph.text):
        out.append(Sentence(paragraph.text[pos:match.start()], paragraph.origins[pos:match.start()]))
        pos = match.end()
    out.append(Sentence(paragraph.text[pos:], paragraph.origins[pos:]))
    return [s for s in out if s.text.strip()]


if TYPE_CHECKING:
    _T = TypeVar("_T")

#: how many texts a remembered test keeps, and the longest text it keeps (a few MB at most)
MEMO_ENTRIES = 1024
MEMO_CHARS = 1024


def remembered(
    function: Callable[[str], _T], *, entries: int = MEMO_ENTRIES, chars: int = MEMO_CHARS
) -> Callable[[str], _T]:
    """``function`` (pure, of one text, with an immutable result) remembered by text: a
    monorepo's READMEs and NOTICE files repeat their sentences and lines. ``functools.lru_cache``
    of ``entries`` texts, each of up to ``chars`` characters; a longer text is computed every time
    (so the memory stays bounded whatever the files hold). ``cache_info`` is the cache's."""
    cached = functools.lru_cache(maxsize=entries)(function)

    def wrapper(text: str) -> _T:
        return cached(text) if len(text) <= chars else function(text)

    functools.update_wrapper(wrapper, function)  # __wrapped__, the name and the docstring
    wrapper.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return wrapper


@remembered
def is_notice(text: str) -> bool:
    """A sentence that speaks of a license and names ModelGo or a ModelGo identifier, or puts the
    model under a ModelGo identifier ("released under MG-BY-NC-2.0")."""
    return bool((_LICENSE_WORD.search(text) and (_MODELGO.search(text) or _IDENTIFIER.search(text)))
                or _DECLARES.search(text))  # "released under MG-BY-NC-2.0" names no "license"


@remembered
def about_upstream(text: str) -> bool:
    """The sentence states the license of another model (the base model X is licensed under ...)."""
    verb = _LICENSE_VERB.search(text)
    before = text[: verb.start()] if verb else text
    markers = list(_UPSTREAM.finditer(before))
    if not markers:
        return False
    return not _OWN_SUBJECT.search(before, markers[-1].end())


@remembered
def about_licenses(text: str) -> bool:
    """The sentence speaks of ModelGo licenses in general, not of this model: the part before the
    license verb has no own subject ("this model", "our weights", "we", "it") and is hypothetical
    (you/your, a modal, a condition) or has a generic subject (many/any/all ..., a bare plural
    "models") in a participle phrase ("Many models released under ..."; "All models are released
    under ..." states this repository's license)."""
    verb = _LICENSE_VERB.search(text)
    before = text[: verb.start()] if verb else text
    if _OWN_SUBJECT.search(before) or _IT.match(before):
        return False
    if _HYPOTHETICAL.search(before):
        return True
    return bool(_GENERIC_SUBJECT.search(before)) and not _STATED.search(before)


def declares(text: str) -> bool:
    """The sentence declares a ModelGo license for this model ("licensed under MG-BY-2.0")."""
    return bool(_DECLARES.search(text)) and not about_upstream(text) and not about_licenses(text)


def notice_sentences(source: str, start_line: int = 1) -> list[Sentence]:
    return [s for p in paragraphs(source, start_line) for s in sentences(p) if is_notice(s.text)]


def declares_license(source: str) -> bool:
    """Whether README text declares a ModelGo license in a sentence (discovery's cheap test)."""
    if not (_MODELGO.search(source) or _IDENTIFIER.search(source) or "shields.io/badge/" in source):
        return False
    return any(declares(s.text) for s in notice_sentences(source))
