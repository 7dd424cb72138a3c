"""Property-based tests: presentation never changes a verdict, and no text makes identify raise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from modelgo_lint.licenses import registry
from modelgo_lint.licenses.matcher import Verdict, identify
from modelgo_lint.repo.reader import Unreadable, decode
from support import CURRENT, newest_text
from variants import rewrap

REGISTRY = registry.load()


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CURRENT), st.integers(min_value=20, max_value=200), st.sampled_from(["\n", "\r\n"]))
def test_any_wrap_width_is_canonical(license_id: str, width: int, newline: str) -> None:
    text = rewrap(width)(newest_text(license_id)).replace("\n", newline)
    result = identify(text, REGISTRY)
    assert (result.verdict, result.license) == (Verdict.CANONICAL, license_id)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CURRENT), st.data())
def test_inserting_a_word_anywhere_is_modified(license_id: str, data: st.DataObject) -> None:
    text = newest_text(license_id)
    spaces = [i for i, char in enumerate(text) if char == " "]
    at = data.draw(st.sampled_from(spaces))
    result = identify(text[:at] + " not" + text[at:], REGISTRY)
    assert (result.verdict, result.license) == (Verdict.MODIFIED, license_id)
    assert result.changes


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=3000))
def test_identify_never_raises(text: str) -> None:
    assert identify(text, REGISTRY).verdict in Verdict


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_decode_raises_only_unreadable(data: bytes) -> None:
    try:
        decode(data)
    except Unreadable as error:
        assert error.reason
