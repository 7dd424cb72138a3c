"""Fuzzing the normalizer and the matcher (issue 13): any text, or a published text with any
insertion, gives tokens, lines, blocks and a verdict, never an exception. The number of inputs
comes from the hypothesis profile (tests/conftest.py; MODELGO_LINT_FUZZ=1 for the long run)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint.licenses import normalize, registry
from modelgo_lint.licenses.matcher import Verdict, identify
from support import CURRENT, newest_text

REGISTRY = registry.load()
LICENSE_WORDS = st.sampled_from(["ModelGo", "MG-BY-2.0", "License", "1.", "(a)", "Section", "```", "~~~",
                                 "_", "—", "\r\n", "\u2028", "\ufeff", "Version 2.0", "ﬁ", "Ⅳ."])
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=2000) | st.lists(
    LICENSE_WORDS | st.text(max_size=20), max_size=200).map(" ".join)


@given(TEXT)
def test_normalizer_never_raises(text: str) -> None:
    tokens = normalize.tokenize(text)
    assert all(isinstance(token, str) and token for token in tokens)
    lines = normalize.split_lines(text)
    blocks = normalize.segment(lines)
    assert all(block.fingerprint for block in blocks)
    assert len(normalize.fingerprint(tokens)) == 16


@given(TEXT)
def test_matcher_never_raises(text: str) -> None:
    assert identify(text, REGISTRY).verdict in Verdict


@given(st.sampled_from(CURRENT), st.data())
def test_matcher_on_a_published_text_with_any_insertion(license_id: str, data: st.DataObject) -> None:
    text = newest_text(license_id)
    at = data.draw(st.integers(0, len(text)))
    inserted = data.draw(TEXT)
    result = identify(text[:at] + inserted + text[at:], REGISTRY)
    assert result.verdict in Verdict
