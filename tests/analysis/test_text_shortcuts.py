"""The shortcuts the analysis takes on a monorepo's many small texts give what the plain
computation gives: the README prose a run of text at a time, blank lines without the block
patterns, word tests without a case-insensitive scan of ASCII text, remembered notice keys,
decoded texts and identifications. (Each is checked against the straightforward version it
replaced, including the non-ASCII text where Unicode case folding matches more.)"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint.analysis import declarations, notices, record
from modelgo_lint.licenses import matcher
from modelgo_lint.licenses import registry as registry_module
from modelgo_lint.licenses.identifiers import IDENTIFIER
from modelgo_lint.licenses.matcher import identify_cached
from modelgo_lint.repo import prose, reader
from support import raw_bytes

MARKDOWN = st.lists(st.sampled_from([
    "", "  ", "\t", "# Title", "## License", "```", "~~~", "> quoted", "- item", "* item", "1. item", "2) x",
    "| License | MG-BY-2.0 |", "|---|---|", "| Weights | MG-BY-NC-2.0 |", "| Component | License |",
    "This model is licensed under the ModelGo license (MG-BY-2.0).", "[link](https://example.com)",
    "![MG](https://img.shields.io/badge/license-MG--BY--2.0-blue)", "**bold** _em_ `code`", "<b>x</b>",
    "Copyright 2025 Lab", "\u00a0", "\u2003text", "\x1c", "caf\u00e9 \u017fome", "[a][b]", "End. Next one",
    "Is it? Yes! No; \"Quoted\" (B", "  3. third", "\u0663. arabic digit", "\u01c5 titlecase",
    "\u2167. roman", "\u3000\u00e9t\u00e9", " a > b", "text | cell", "x-y", "A_b*c",
]) | st.text(max_size=10), max_size=30).map("\n".join)


def _plain_by_character(source: str, start: int, end: int) -> tuple[str, list[int]]:
    """prose._plain as it was: a character at a time."""
    chars: list[str] = []
    origins: list[int] = []
    pos = start
    for match in prose._MARKUP.finditer(source, start, end):
        for index in range(pos, match.start()):
            chars.append(" " if source[index] == "\n" else source[index])
            origins.append(index)
        image = match.group(0).startswith(("!", "[!"))
        group = next((g for g in (1, 3, 5) if match.group(g) is not None), None)
        badge = prose._SHIELDS.search(match.group(group + 1) or "") if image and group in (1, 3) else None
        if badge is not None:
            label, message = (prose._shields_text(badge.group(g)) for g in (1, 2))
            chars.append(f"{label}: {message}")
            origins.extend([match.start()] * (len(label) + 2 + len(message)))
        elif group is not None:
            for index in range(match.start(group), match.end(group)):
                chars.append(source[index])
                origins.append(index)
        pos = match.end()
    for index in range(pos, end):
        chars.append(" " if source[index] == "\n" else source[index])
        origins.append(index)
    return "".join(chars), origins


def _paragraphs_with_every_pattern(source: str, start_line: int = 1) -> list[prose.Sentence]:
    """prose.paragraphs as it was: every line through the block patterns."""
    table_row = re.compile(r"^\s*\|")
    out: list[prose.Sentence] = []
    lines = source.split("\n")
    offset = sum(len(line) + 1 for line in lines[: start_line - 1])
    current: tuple[int, int] | None = None
    fenced = previous_row = False
    header: list[str] = []
    for line in lines[start_line - 1:]:
        end = offset + len(line)
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
        item = prose._LIST_ITEM.match(line)
        if fenced or prose._BLOCK_BREAK.match(line) or stripped.startswith(("```", "~~~")) or item:
            if current is not None:
                out.append(prose.Sentence(*prose._sentence(source, *current)))
                current = None
            if stripped.startswith("#") and not fenced:
                out.append(prose.Sentence(*prose._sentence(source, offset, end)))
            elif table_row.match(line) and not fenced and not prose._TABLE_RULE.match(line):
                header = header if previous_row else prose._cells(line)
                out.append(prose._row(source, offset, end, header))
            elif item and not fenced:
                current = (offset, end)
        elif current is None:
            current = (offset, end)
        else:
            current = (current[0], end)
        previous_row = bool(table_row.match(line)) and not fenced
        offset = end + 1
    if current is not None:
        out.append(prose.Sentence(*prose._sentence(source, *current)))
    return out


@given(MARKDOWN, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_plain_text_is_traced_as_a_character_at_a_time(source: str, start: int, length: int) -> None:
    start = min(start, len(source))
    end = min(len(source), start + length)
    assert prose._plain(source, start, end) == _plain_by_character(source, start, end)


@given(MARKDOWN, st.integers(min_value=1, max_value=5))
def test_paragraphs_are_those_of_every_pattern(source: str, start_line: int) -> None:
    assert prose.paragraphs(source, start_line) == _paragraphs_with_every_pattern(source, start_line)


def _sentences_by_pattern(paragraph: prose.Sentence) -> list[prose.Sentence]:
    """prose.sentences as it was: every paragraph through the sentence end pattern."""
    out = []
    pos = 0
    for match in prose._SENTENCE_END.finditer(paragraph.text):
        out.append(prose.Sentence(paragraph.text[pos:match.start()], paragraph.origins[pos:match.start()]))
        pos = match.end()
    out.append(prose.Sentence(paragraph.text[pos:], paragraph.origins[pos:]))
    return [s for s in out if s.text.strip()]


@given(MARKDOWN)
def test_sentences_are_those_of_the_pattern(source: str) -> None:
    for paragraph in prose.paragraphs(source):
        assert prose.sentences(paragraph) == _sentences_by_pattern(paragraph)


WORDY = ["", "No changes here", "ModIFied", "unchanged", "x\nchanges", "\u017fome chanGe\u017f", "CHANGED",
         "modification", "## Unchanges", "\u0130 mod\u0130f", "mod\u0131fication", "chang\u017fs",
         "Distilled from", "EXTRACTED", "e\u0445tracted", "dist\u0130ll", "caf\u00e9 distill"]


@given(st.sampled_from(WORDY)
       | st.text(alphabet="modifchangesdtlrxX \n#\u017f\u0130\u0131\u212aMODIFCHANGES-", max_size=16))
def test_word_tests_are_the_case_insensitive_search(text: str) -> None:
    noted = re.compile(r"\b(modif|changed|changes)", re.IGNORECASE)
    heading_word = re.compile(r"modification|changes", re.IGNORECASE)
    assert record._names(text, ("modif", "changed", "changes"), record._MODIFICATION_WORD) == bool(
        noted.search(text) or heading_word.search(text))
    assert record._names(text, ("distill", "extracted"), record._EXTRACTED) == bool(
        re.search(r"distill|extracted", text, re.IGNORECASE))


def test_non_ascii_case_folding_still_counts() -> None:
    """"\u017f" (long s) is an "s" to re.IGNORECASE: such a text is searched, not compared in lower case."""
    assert record._names("change\u017f", ("modif", "changed", "changes"), record._MODIFICATION_WORD)
    assert not record._names("change\u017f".encode("ascii", "replace").decode(),
                             ("modif", "changed", "changes"), record._MODIFICATION_WORD)


@given(st.text(max_size=40) | st.sampled_from(["  **Copyright** 2025  Lab ", "# x", "-", "_-", "| a |"]))
def test_notice_keys_are_computed_alike_when_remembered(line: str) -> None:
    expected = notices._SPACE.sub(" ", notices._DECORATION.sub("", line)).strip().casefold()
    assert notices.key(line) == expected
    assert notices.key(line) == expected  # remembered


def test_notice_keys_are_bounded() -> None:
    for index in range(notices._KEYS_MAX + 10):
        notices.key(f"Copyright {index} Lab")
    before = notices.key.cache_info()  # type: ignore[attr-defined]
    notices.key("x" * (notices._KEY_LINE + 1))
    assert before.currsize <= notices._KEYS_MAX
    assert notices.key.cache_info() == before  # type: ignore[attr-defined]  # the long line: not kept


def test_the_same_bytes_decode_to_one_text_and_bad_bytes_fail_every_time() -> None:
    data = raw_bytes("MG-BY-2.0")
    first = reader.decode(data)
    assert reader.decode(bytes(bytearray(data))) is first
    bad = data + b"\xff"
    for _ in range(2):
        try:
            reader.decode(bad)
        except reader.Unreadable as error:
            assert "not valid UTF-8" in error.reason
        else:
            raise AssertionError("invalid UTF-8 decoded")
    assert reader._decode_memo.cache_info().maxsize == 16


def test_identifications_remembered_by_text_are_the_matchers() -> None:
    registry = registry_module.load()
    text = reader.decode(raw_bytes("MG-BY-NC-2.0"))
    assert identify_cached(text, registry) == matcher.identify(text, registry)
    assert identify_cached(text, registry) is identify_cached(text[:-1] + text[-1], registry)
    for index in range(matcher.TEXT_MEMO[0] + 3):
        identify_cached(text + "\n" * (index + 1), registry)
    assert matcher._by_text.cache_info().currsize <= matcher.TEXT_MEMO[0]


def _may_have_markup_by_line(source: str, start: int, end: int) -> bool:
    """prose._may_have_markup as it was: each character tested, then each line start matched."""
    if any(char in source[start:end] for char in ">[<*`_"):
        return True
    marker = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
    line = start
    while True:
        if (line == 0 or source[line - 1] == "\n") and marker.match(source, line, end):
            return True
        newline = source.find("\n", line, end)
        if newline < 0:
            return False
        line = newline + 1


@given(MARKDOWN, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_markup_is_suspected_as_line_by_line(source: str, start: int, length: int) -> None:
    start = min(start, len(source))
    end = min(len(source), start + length)
    assert prose._may_have_markup(source, start, end) == _may_have_markup_by_line(source, start, end)
    # markup found by the full scan is always suspected
    if prose._MARKUP.search(source, start, end):
        assert prose._may_have_markup(source, start, end)


DATED = st.text(st.sampled_from("0123456789-_ a\u0663\u0660\u00e9\n"), max_size=24) | st.sampled_from([
    "2025-01-02", "x2025-01-02", "2025-01-02x", "\u0662\u0660\u0662\u0665-01-02", "\u00e92025-01-02",
    "_2025-01-02"])


@given(DATED)
def test_dates_of_ascii_text_are_those_of_the_unicode_pattern(text: str) -> None:
    assert record._has_date(text) == bool(record._DATE.search(text))


SENTENCE_TESTS = [prose.is_notice, prose.about_upstream, prose.about_licenses, declarations.identifiers_in]


@given(MARKDOWN)
def test_sentence_tests_remembered_by_text_are_the_computed_ones(source: str) -> None:
    texts = [s.text for p in prose.paragraphs(source) for s in prose.sentences(p)] + [source]
    for text in texts:
        for test in SENTENCE_TESTS:
            plain = test.__wrapped__(text)  # type: ignore[attr-defined]
            assert test(text) == plain
            assert test(text) == plain  # asked again: the remembered answer


def test_identifiers_in_a_sentence_are_the_patterns_matches() -> None:
    text = "This model is licensed under the ModelGo license (MG-BY-NC-2.0), not mg-by-2.0."
    assert declarations.identifiers_in(text) == tuple(
        (m.start(), m.group(0).upper(), m.group(0)) for m in IDENTIFIER.finditer(text))


def test_remembered_texts_are_bounded() -> None:
    for number in range(prose.MEMO_ENTRIES + 10):
        prose.is_notice(f"Sentence {number} under the ModelGo license.")
    before = prose.is_notice.cache_info()  # type: ignore[attr-defined]
    assert before.currsize <= prose.MEMO_ENTRIES
    long_text = "licensed under ModelGo " * (prose.MEMO_CHARS // 10)
    assert prose.is_notice(long_text) == prose.is_notice.__wrapped__(long_text)  # type: ignore[attr-defined]
    assert prose.is_notice.cache_info() == before  # type: ignore[attr-defined]  # the long text: not kept


@given(MARKDOWN)
def test_a_line_without_a_hash_is_no_notice_heading(source: str) -> None:
    for line in source.split("\n"):
        if "#" not in line:
            assert notices._HEADING.match(line) is None
