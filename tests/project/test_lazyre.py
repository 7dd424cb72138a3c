"""Regular expressions compiled on first use (issue 14 item 3): the stand-in behaves as the pattern."""

from __future__ import annotations

import re

from modelgo_lint import lazyre


def test_the_pattern_is_compiled_on_first_use_and_behaves_as_re_compile() -> None:
    lazy = lazyre.compile(r"licen[cs]e\s+(\w+)", re.IGNORECASE)
    real = re.compile(r"licen[cs]e\s+(\w+)", re.IGNORECASE)
    assert "search" not in vars(lazy)  # nothing compiled yet
    text = "The LICENSE  mg-by\nlicence x"
    match = lazy.search(text)
    assert match is not None and match.group(1) == real.search(text).group(1)  # type: ignore[union-attr]
    assert "search" in vars(lazy)  # kept: the next call skips the stand-in's look-up
    assert lazy.sub("-", text) == real.sub("-", text)
    assert lazy.findall(text) == real.findall(text)
    assert lazy.pattern == real.pattern and lazy.flags == real.flags
    assert lazy.fullmatch("license x") is not None and lazy.match("a license x") is None
