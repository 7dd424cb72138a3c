"""normalize.tokenize drops invisible format characters and folds symbol variants with plain
string scans (issue 14): the same tokens as the pattern-based pass it replaced, for any text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint.licenses import normalize

_INVISIBLE = re.compile("[" + "".join(normalize._INVISIBLE_CHARS) + "]")
_SYMBOL = re.compile("[" + "".join(normalize._SYMBOLS) + "]")
_FENCE = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})[^\r\n`]*$", re.MULTILINE)


def _reference(text: str) -> list[str]:
    """The pass before issue 14: one pattern of every invisible character, one of every symbol."""
    text = _INVISIBLE.sub("", text)
    text = _FENCE.sub("", text)
    text = _SYMBOL.sub(lambda m: normalize._SYMBOLS[m.group(0)], text)
    tokens = re.findall(r"[\w✓✗]+", unicodedata.normalize("NFKC", text).casefold())
    return [part for token in tokens for part in token.split("_") if part]


_ALPHABET = st.sampled_from([*normalize._INVISIBLE_CHARS, *normalize._SYMBOLS, "a", "B", "é", "1", " ",
                             "\n", "\r", "`", "~", ">", "_", "✓", "(", "c", ")"])


@given(st.text(_ALPHABET, max_size=60) | st.text(max_size=30), st.sampled_from([0, 1, 5000]))
def test_tokens_are_those_of_the_pattern_pass(text: str, repeat: int) -> None:
    # short texts take the patterns, long ones (a whole license) the per-character scans
    long_text = text * repeat if repeat else text
    assert normalize.tokenize(long_text) == _reference(long_text)


def test_a_word_split_by_invisible_characters_is_one_word() -> None:
    assert normalize.tokenize("Li\u00adcen\u200bsed \u2714 \u00a9 2024") == ["licensed", "✓", "c", "2024"]
