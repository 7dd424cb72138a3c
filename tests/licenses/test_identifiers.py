"""ModelGo identifiers as users write them (modelgo_lint.licenses.identifiers), over every
identifier the registry knows."""

from __future__ import annotations

import pytest

from modelgo_lint.licenses import registry
from modelgo_lint.licenses.identifiers import find_identifiers, suggest

KNOWN = registry.load().identifiers


@pytest.mark.parametrize("identifier", KNOWN)
def test_every_known_identifier_is_found_in_any_case(identifier: str) -> None:
    for written in (identifier, identifier.lower(), identifier.title()):
        text = f"intro\nLicensed under {written}, see LICENSE.\n"
        assert find_identifiers(text) == [(2, identifier)]


@pytest.mark.parametrize("text", [
    "xMG-BY-2.0", "MG-BY-2.0x", "MG-BY-2.0.1", "foo-MG-BY-2.0", "MG-BY", "MG--2.0", "MG-BY-2",
])
def test_parts_of_other_words_are_not_identifiers(text: str) -> None:
    assert find_identifiers(text) == []


@pytest.mark.parametrize("lookalike", ["\u212a", "\u017f", "\u0131"])  # Kelvin sign, long s, dotless i
def test_letters_that_only_case_folding_makes_ascii_are_not_identifier_letters(lookalike: str) -> None:
    """An identifier is ASCII: a letter that folds to k, s or i makes another word (as a
    look-alike in a license text makes it modified), not a ModelGo identifier."""
    assert find_identifiers(f"MG-BY-{lookalike}A-2.0") == []
    assert find_identifiers("MG-BY-SA-2.0") == [(1, "MG-BY-SA-2.0")]


def test_wrong_identifiers_are_found_and_get_a_suggestion() -> None:
    assert find_identifiers("under MG-NC-RAI-2.0") == [(1, "MG-NC-RAI-2.0")]
    assert suggest("MG-NC-RAI-2.0", KNOWN) == "MG-BY-NC-RAI-2.0"
