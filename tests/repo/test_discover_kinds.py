"""Discovery's name classification, remembered by name, against the pattern chain tried in order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint.repo import discover

_PATTERNS = (discover.LICENSES_DIR, discover.LICENSE_NAME, discover.SHEET_NAME, discover.NOTICE_NAME,
             discover.README_NAME)
_KNOWN = ["LICENSE", "LICENCE.md", "licenses", "LICENCES", "COPYING", "license_utils.py", "MG-BY-2.0.txt",
          "mg0-1.0", "model_sheet.yaml", "MODEL_SHEET.JSON", "NOTICE", "notice.txt", "README.md",
          "readme.MD", "config.json", "model.safetensors", "LICENSE.json", "license-model.txt"]
_LETTERS = st.sampled_from("licenseLICENSEcopying-._mgbyn0123.txtmdreadmeNOTICE\u017f\u212a\u0130\u0131")
NAMES = st.sampled_from(_KNOWN) | st.text(_LETTERS, max_size=16) | st.text(max_size=8)


def _plain(name: str) -> int:
    return next((kind for kind, pattern in enumerate(_PATTERNS) if pattern.match(name)), len(_PATTERNS))


@given(NAMES)
def test_remembered_kind_is_the_first_matching_pattern(name: str) -> None:
    assert discover._kind(name) == discover._kind_of(name) == _plain(name)
    assert discover._kind(name) == _plain(name)  # asked again: the remembered answer


def test_common_names_have_the_kind_the_patterns_give() -> None:
    for name, kind in discover._COMMON.items():
        for spelling in (name, name.upper(), name.title()):
            assert _plain(spelling) == kind == discover._kind_of(spelling), spelling


@given(st.sampled_from(_KNOWN), st.integers(0, 12), st.characters())
def test_any_name_near_a_known_one_gets_the_patterns_kind(name: str, at: int, letter: str) -> None:
    # the prefix filter skips the patterns only for a name none of them can match
    renamed = name[:at] + letter + name[at + 1:]
    assert discover._kind_of(renamed) == _plain(renamed)


def test_a_licenses_name_matches_no_later_pattern() -> None:
    # scan_folder's chain falls through for a LICENSES *file*; none of the later patterns takes it
    for name in ("licenses", "LICENCES", "Licenses", "licences", "LiCeNsEs"):
        assert not any(p.match(name) for p in _PATTERNS[1:])
