"""License integrity verdicts (design §2) over the real published texts."""

from __future__ import annotations

import pytest

from modelgo_lint.licenses import registry
from modelgo_lint.licenses.matcher import Verdict, identify
from modelgo_lint.repo.reader import decode
from support import CURRENT, OTHER, newest_entry, newest_text
from variants import (
    ENCODINGS,
    PRESENTATIONAL,
    cut_from,
    delete_between,
    sub_once,
)

REGISTRY = registry.load()


@pytest.mark.parametrize("variant", sorted(PRESENTATIONAL))
@pytest.mark.parametrize("license_id", CURRENT)
def test_presentation_keeps_the_verdict(license_id: str, variant: str) -> None:
    text = PRESENTATIONAL[variant](newest_text(license_id))
    assert text != newest_text(license_id)
    result = identify(text, REGISTRY)
    assert (result.verdict, result.license) == (Verdict.CANONICAL, license_id), result.changes
    assert result.version_line == newest_entry(license_id)["version_line"]
    if "preamble" in variant or variant == "everything":
        assert result.preamble == (1, 3)


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("license_id", CURRENT)
def test_encodings_keep_the_verdict(license_id: str, encoding: str) -> None:
    result = identify(decode(ENCODINGS[encoding](newest_text(license_id))), REGISTRY)
    assert (result.verdict, result.license) == (Verdict.CANONICAL, license_id)


def _last(license_id: str) -> str:
    return "5" if license_id == "MG0-2.0" else "6"


def _reservation(license_id: str) -> str:
    return "2.2" if license_id == "MG0-2.0" else "2.3"


# (name, edit, expected change kind, expected section as a function of the license)
EDITS = [
    ("word-replaced", sub_once(r"\(i\)\tmake, have made", "(i)\tcreate, have made"), "changed",
     lambda _: "2.1(a)(i)"),
    ("word-deleted", sub_once("You shall not refer", "You shall refer"), "changed", _reservation),
    ("word-added", sub_once("ACCURACY, CORRECTNESS", "ACCURACY, COMPLETENESS, CORRECTNESS"), "changed",
     lambda _: "3"),
    ("sentence-deleted",
     sub_once(r"Permission is granted\s+to\s+copy,\s+distribute,\s+or\s+communicate\s+this\s+License\s+"
              r"without\s+modification\.\s+", ""), "changed", _last),
    ("section-deleted", delete_between(r"^3\.\tDISCLAIMER", r"^4\.\tLIMITATION"), "removed", lambda _: "3"),
    ("terms-appended", lambda t: t + "\r\n\r\nThe Licensee shall also pay a monthly fee.\r\n", "added",
     lambda lid: f"after {_last(lid)}"),
    ("terms-prepended", lambda t: "Use of this model requires registration.\r\n\r\n" + t, "added",
     lambda _: "before the title"),
    ("number-changed", None, "changed", lambda lid: "intro" if lid == "MG0-2.0" else "2.1(a)"),
    ("copyright-holder", sub_once("National University of Singapore", "Example Labs Pte Ltd"), "changed",
     _last),
    ("other-title", None, "changed", lambda _: "title"),
    ("truncated", cut_from(r"^3\.\tDISCLAIMER"), "removed", lambda lid: f"3 to {_last(lid)}"),
]


def _edit(name: str, license_id: str, text: str) -> str:
    if name == "number-changed":
        if license_id == "MG0-2.0":
            return sub_once("in Section 3", "in Section 4")(text)
        return sub_once("Section 2.2 of", "Section 2.4 of")(text)
    if name == "other-title":
        other = "ModelGo Attribution License" if license_id == "MG0-2.0" else "ModelGo Zero License"
        title = newest_entry(license_id)["title"]
        return sub_once(title, other)(text)
    edit = next(e for e in EDITS if e[0] == name)[1]
    assert edit is not None
    return edit(text)


@pytest.mark.parametrize("name", [e[0] for e in EDITS])
@pytest.mark.parametrize("license_id", CURRENT)
def test_wording_changes_are_modified(license_id: str, name: str) -> None:
    original = newest_text(license_id)
    text = _edit(name, license_id, original)
    result = identify(text, REGISTRY)
    assert (result.verdict, result.license) == (Verdict.MODIFIED, license_id)
    assert result.version_line == newest_entry(license_id)["version_line"]
    _, _, kind, section = next(e for e in EDITS if e[0] == name)
    assert [(c.kind, c.section) for c in result.changes][:1] == [(kind, section(license_id))]
    assert 0.3 < result.similarity < 1.0
    # the line named is where the change is in the user's file
    lines = text.splitlines()
    change = result.changes[0]
    assert 1 <= change.line <= max(len(lines), 1)


@pytest.mark.parametrize("name", [e[0] for e in EDITS if e[0] not in {"truncated", "section-deleted"}])
def test_changes_survive_rewrapping(name: str) -> None:
    """A change is found, in the right section, in a re-wrapped Markdown copy too."""
    license_id = "MG-BY-NC-2.0"
    text = PRESENTATIONAL["markdown-headings"](PRESENTATIONAL["rewrap-72"](_edit(name, license_id,
                                                                            newest_text(license_id))))
    result = identify(text, REGISTRY)
    assert result.verdict is Verdict.MODIFIED and result.license == license_id
    _, _, kind, section = next(e for e in EDITS if e[0] == name)
    assert (result.changes[0].kind, result.changes[0].section) == (kind, section(license_id))


def test_changed_line_is_reported() -> None:
    text = newest_text("MG-BY-NC-2.0").replace("\r\n", "\n")
    lines = text.split("\n")
    target = next(i for i, line in enumerate(lines) if line.startswith("(i)\tmake"))
    lines[target] = lines[target].replace("make", "create", 1)
    result = identify("\n".join(lines), REGISTRY)
    assert [(c.kind, c.section, c.line) for c in result.changes] == [("changed", "2.1(a)(i)", target + 1)]


@pytest.mark.parametrize("path", sorted(OTHER.glob("*.txt")), ids=lambda p: p.name)
def test_other_licenses_are_not_modelgo(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    result = identify(decode(path.read_bytes()), REGISTRY)
    assert result.verdict is Verdict.NOT_MODELGO
    assert result.license is None and not result.is_reference


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\ufeff"])
def test_empty_is_not_modelgo(text: str) -> None:
    assert identify(text, REGISTRY).verdict is Verdict.NOT_MODELGO


@pytest.mark.parametrize("text,named", [
    ("This model is licensed under MG-BY-NC-2.0.\nSee https://github.com/Xtra-Computing/ModelGo\n",
     ("MG-BY-NC-2.0",)),
    ("ModelGo Attribution-NonCommercial License\nVersion 2.0, Dec 2025\n"
     "The full text is at https://modelgo.gitbook.io/licenses\n", ()),
    ("License: mg-by-2.0\n", ("MG-BY-2.0",)),
])
def test_a_file_naming_the_license_is_a_reference(text: str, named: tuple[str, ...]) -> None:
    result = identify(text, REGISTRY)
    assert result.verdict is Verdict.NOT_MODELGO
    assert result.is_reference and result.references == named


def test_official_model_sheet_may_follow_the_text() -> None:
    from support import LICENSES, manifest

    sheet_file = max((e for e in manifest() if e["kind"] == "model-sheet"), key=lambda e: e["last_seen"])
    sheet = decode((LICENSES / sheet_file["file"]).read_bytes())
    start = sheet.index("### Model Sheet MG-BY-NC-2.0")
    end = sheet.index("=====", start)
    text = newest_text("MG-BY-NC-2.0") + "\n\nAnnex A\n" + sheet[start:end]
    result = identify(text, REGISTRY)
    assert (result.verdict, result.with_sheet) == (Verdict.CANONICAL, True)
    flipped = text[: len(text) - 200] + text[len(text) - 200:].replace("✓", "✗", 1)
    assert identify(flipped, REGISTRY).verdict is Verdict.MODIFIED


def test_annex_checkmark_flip_is_modified() -> None:
    """Older texts carry their Model Sheet inside: flipping one ✓ changes the terms."""
    text = decode((__import__("support").LICENSES / newest_entry("MG-BY-NC-1.0")["file"]).read_bytes())
    flipped = text.replace("✗", "✓", 1)
    result = identify(flipped, REGISTRY)
    assert result.verdict is Verdict.MODIFIED
    assert result.changes[0].section.startswith("Attachment A")


def test_the_hub_markers_name_no_other_license() -> None:
    """``of_other`` answers "other", "unknown" and ModelGo identifiers without reading the facts
    (issue 14): none is among them."""
    from modelgo_lint.licenses import terms
    from modelgo_lint.licenses.data import other_licenses

    assert not terms._NO_LICENSE & set(other_licenses.DATA["licenses"])
    assert not [key for key in other_licenses.DATA["licenses"] if key.startswith(terms._MODELGO)]
    assert all(terms.of_other(marker) is None for marker in ("other", " Other ", "unknown", "MG-BY-2.0"))
