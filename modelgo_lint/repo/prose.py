"""README prose as people write it: paragraphs joined across wrapped lines, Markdown links and
emphasis taken out, cut into sentences, each character traced back to its place in the file.

Plain text functions (no I/O). They live at the repository edge because discovery uses them to
decide, from a bounded read of a README, whether a folder declares a ModelGo license; the analysis
uses the same sentences for the README's license notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from modelgo_lint import lazyre

#: a versioned ModelGo identifier as written (known and mistyped ones alike)
MG_ID = r"(?<![\w-])mg(?:0|-[a-z]+(?:-[a-z]+)*)-\d+\.\d+(?![\w.-]*\w)"
_MARKUP = re.compile(
    r"!?\[([^\]\n]*)\]\([^)\n]*\)|\[([^\]\n]*)\]\[[^\]\n]*\]|<[^>\n]*>|[*`]+|(?<!\w)_+|_+(?!\w)"
)
_BLOCK_BREAK = re.compile(r"^\s*(?:$|#{1,6}\s|```|~~~|[-*_]{3,}\s*$|\|)")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z])")
_LICENSE_WORD = re.compile(r"licen[cs]", re.IGNORECASE)
_MODELGO = re.compile(r"modelgo", re.IGNORECASE)
_IDENTIFIER = lazyre.compile(MG_ID, re.IGNORECASE)
#: "licensed under ... MG-BY-2.0", "released under the ModelGo Zero License", "License: MG0-2.0"
_DECLARES = lazyre.compile(
    r"(?:\bunder|\blicen[cs]e\s*:)\s+(?:the\s+)?(?:" + MG_ID + r"|modelgo\b[\w\s,.-]{0,80}?\blicen[cs]e\b)",
    re.IGNORECASE,
)
#: what says a sentence is about an upstream model's license, not this model's
_UPSTREAM = re.compile(
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
_LICENSE_VERB = re.compile(r"licen[cs]ed|released|distributed|available|provided|licen[cs]e\s*:",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    text: str  # plain text: markup out, line breaks as spaces
    origins: tuple[int, ...]  # for each character of ``text``, its offset in the file's text

    def position(self, index: int, source: str) -> tuple[int, int]:
        """1-based line and column in ``source`` of character ``index`` of the sentence."""
        offset = self.origins[min(index, len(self.origins) - 1)] if self.origins else 0
        line_start = source.rfind("\n", 0, offset) + 1
        return source.count("\n", 0, offset) + 1, offset - line_start + 1


def _plain(source: str, start: int, end: int) -> tuple[str, list[int]]:
    chars: list[str] = []
    origins: list[int] = []
    pos = start
    for match in _MARKUP.finditer(source, start, end):
        for index in range(pos, match.start()):
            chars.append(" " if source[index] == "\n" else source[index])
            origins.append(index)
        kept = match.group(1) if match.group(1) is not None else match.group(2)
        if kept is not None and not match.group(0).startswith("!"):
            group = 1 if match.group(1) is not None else 2
            for index in range(match.start(group), match.end(group)):
                chars.append(source[index])
                origins.append(index)
        pos = match.end()
    for index in range(pos, end):
        chars.append(" " if source[index] == "\n" else source[index])
        origins.append(index)
    return "".join(chars), origins


def paragraphs(source: str, start_line: int = 1) -> list[Sentence]:
    """The paragraphs of ``source`` from ``start_line`` on (blank lines, headings, fences and table
    rows end one; fenced code is skipped), as plain text."""
    out: list[Sentence] = []
    lines = source.split("\n")
    offset = sum(len(line) + 1 for line in lines[: start_line - 1])
    current: tuple[int, int] | None = None
    fenced = False
    for line in lines[start_line - 1:]:
        end = offset + len(line)
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or _BLOCK_BREAK.match(line) or stripped.startswith(("```", "~~~")):
            if current is not None:
                out.append(Sentence(*_sentence(source, *current)))
                current = None
            if stripped.startswith("#") and not fenced:  # a heading is a paragraph of its own
                out.append(Sentence(*_sentence(source, offset, end)))
        elif current is None:
            current = (offset, end)
        else:
            current = (current[0], end)
        offset = end + 1
    if current is not None:
        out.append(Sentence(*_sentence(source, *current)))
    return out


def _sentence(source: str, start: int, end: int) -> tuple[str, tuple[int, ...]]:
    text, origins = _plain(source, start, end)
    return text, tuple(origins)


def sentences(paragraph: Sentence) -> list[Sentence]:
    out = []
    pos = 0
    for match in _SENTENCE_END.finditer(paragraph.text):
        out.append(Sentence(paragraph.text[pos:match.start()], paragraph.origins[pos:match.start()]))
        pos = match.end()
    out.append(Sentence(paragraph.text[pos:], paragraph.origins[pos:]))
    return [s for s in out if s.text.strip()]


def is_notice(text: str) -> bool:
    """A sentence that speaks of a license and names ModelGo or a ModelGo identifier."""
    return bool(_LICENSE_WORD.search(text) and (_MODELGO.search(text) or _IDENTIFIER.search(text)))


def about_upstream(text: str) -> bool:
    """The sentence states the license of another model (the base model X is licensed under ...)."""
    verb = _LICENSE_VERB.search(text)
    before = text[: verb.start()] if verb else text
    markers = list(_UPSTREAM.finditer(before))
    if not markers:
        return False
    return not _OWN_SUBJECT.search(before, markers[-1].end())


def declares(text: str) -> bool:
    """The sentence declares a ModelGo license for this model ("licensed under MG-BY-2.0")."""
    return bool(_DECLARES.search(text)) and not about_upstream(text)


def notice_sentences(source: str, start_line: int = 1) -> list[Sentence]:
    return [s for p in paragraphs(source, start_line) for s in sentences(p) if is_notice(s.text)]


def declares_license(source: str) -> bool:
    """Whether README text declares a ModelGo license in a sentence (discovery's cheap test)."""
    if not (_MODELGO.search(source) or _IDENTIFIER.search(source)):
        return False
    return any(declares(s.text) for s in notice_sentences(source))
