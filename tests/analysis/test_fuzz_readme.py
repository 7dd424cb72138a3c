"""Fuzzing the README and front-matter parser (issue 13): any text gives a Readme (front matter,
an error at a position inside the file, notices), never an exception."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint.analysis.readme import Readme, parse

PIECES = st.sampled_from([
    "---", "...", "license: other", "license_name: mg-by-2.0", "license: [a, b", "&a x", "*a",
    "- item", "ModelGo MG-BY-NC-2.0 license", "{", "'", "\t", "", "\ufeff---", "  key: value",
])
TEXTS = st.text(max_size=800) | st.lists(PIECES | st.text(max_size=12), max_size=40).map("\n".join) | (
    st.lists(PIECES | st.text(max_size=12), max_size=20).map(lambda lines: "---\n" + "\n".join(lines))
)


@given(TEXTS)
def test_any_readme_parses(text: str) -> None:
    readme = parse(text)
    assert isinstance(readme, Readme)
    lines = text.count("\n") + 1
    if readme.front_error is not None:
        assert 0 <= readme.front_error.line <= lines
    assert 1 <= readme.body_line <= lines + 1
    # every notice sentence (a prose.Sentence since notices are read at sentence level) maps back
    # to a position inside the text
    assert all(1 <= sentence.position(0, text)[0] <= lines for sentence in readme.notices)
    assert all(all(0 <= offset <= len(text) for offset in sentence.origins) for sentence in readme.notices)
