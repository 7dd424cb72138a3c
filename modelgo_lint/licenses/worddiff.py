"""Word diffs of a modified license against the official text (issue 15). Pure: text in, values out.

The matcher aligned the file's paragraphs with the closest revision's blocks (:class:`Change`
carries the block range); with the official text at hand, each changed paragraph becomes the
official words and the file's words, compared as the normalizer compares them (case-folded,
punctuation dropped) and shown as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher

from modelgo_lint.findings import WordDiff
from modelgo_lint.licenses import normalize
from modelgo_lint.licenses.matcher import Change
from modelgo_lint.licenses.registry import Revision

_WORD = re.compile(r"[\w✓✗]+")
#: equal words kept on each side of a difference; longer equal runs are cut to "…"
CONTEXT = 6


def _words(lines: Sequence[str]) -> list[str]:
    words: list[str] = []
    for line in lines:
        for word in _WORD.findall(unicodedata.normalize("NFKC", line)):
            words.extend(part for part in word.split("_") if part)
    return words


def _official_blocks(official_text: str, revision: Revision
                     ) -> tuple[list[str], list[normalize.Block]] | None:
    lines = normalize.split_lines(official_text)
    blocks = normalize.segment(lines)
    if [b.fingerprint for b in blocks] != [b.fingerprint for b in revision.blocks]:
        return None  # not the text the registry's fingerprints were computed from
    return lines, blocks


def _ops(official: list[str], mine: list[str]) -> tuple[tuple[str, str], ...]:
    keys_a = [w.casefold() for w in official]
    keys_b = [w.casefold() for w in mine]
    ops: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if tag == "equal":
            same = official[i1:i2]
            if len(same) > 2 * CONTEXT + 1:
                head = same[:CONTEXT] if ops else []
                tail = same[-CONTEXT:] if i2 < len(official) or j2 < len(mine) else []
                text = " ".join([*head, "…", *tail]).strip()
            else:
                text = " ".join(same)
            ops.append(("=", text))
            continue
        if i1 < i2:
            ops.append(("-", " ".join(official[i1:i2])))
        if j1 < j2:
            ops.append(("+", " ".join(mine[j1:j2])))
    return tuple(op for op in ops if op[1])


def word_diffs(changes: Sequence[Change], text: str, official_text: str, revision: Revision
               ) -> tuple[WordDiff, ...]:
    """The word diff of each change of ``text`` (a file identified as a modified ``revision``)."""
    found = _official_blocks(official_text, revision)
    if found is None:
        return ()
    official_lines, blocks = found
    lines = normalize.split_lines(text)
    out = []
    for change in changes:
        j1, j2 = change.official
        theirs: list[str] = []
        if change.kind != "added" and j1 < j2:
            theirs = _words(official_lines[blocks[j1].start_line - 1: blocks[j2 - 1].end_line])
        mine = [] if change.kind == "removed" else _words(lines[change.line - 1: change.end_line])
        out.append(WordDiff(change.section, change.kind, change.line, change.end_line, _ops(theirs, mine)))
    return tuple(out)

