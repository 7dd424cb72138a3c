"""The registry of facts: fresh, complete, and identifying every published file correctly."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from modelgo_lint.licenses import registry
from modelgo_lint.licenses.matcher import Verdict, identify
from modelgo_lint.repo.reader import decode
from support import LICENSES, PROJECT, license_entries, newest_entry


def test_committed_registry_is_fresh() -> None:
    proc = subprocess.run(
        [sys.executable, str(PROJECT / "scripts" / "build_registry.py"), "--check",
         "--shared", str(LICENSES.parent)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def test_every_published_license_file_is_listed() -> None:
    assert len(license_entries()) == 85
    files = {f for revision in registry.load().revisions for f in revision.files}
    assert files == {entry["file"] for entry in license_entries()}


def _whitespace_folded(path: str) -> str:
    return re.sub(r"\s+", " ", decode((LICENSES / path).read_bytes())).strip()


@pytest.mark.parametrize("entry", license_entries(), ids=lambda e: e["file"])
def test_published_file_is_identified(entry: dict[str, str]) -> None:
    result = identify(decode((LICENSES / entry["file"]).read_bytes()), registry.load())
    assert result.license == entry["id"]
    assert result.version_line == entry["version_line"]
    # oracle independent of the normalizer: same words and spacing-insensitive text as the newest file
    newest = newest_entry(entry["id"])["file"]
    same_as_newest = _whitespace_folded(entry["file"]) == _whitespace_folded(newest)
    assert result.verdict is (Verdict.CANONICAL if same_as_newest else Verdict.OUTDATED)
    assert result.similarity == 1.0 and result.changes == ()


def test_registry_holds_no_license_prose() -> None:
    """Only facts ship: hashes, titles, version lines, section labels and Model Sheet row labels."""
    data = " ".join((PROJECT / "modelgo_lint" / "licenses" / "data" / name).read_text("utf-8").lower()
                    for name in ("index.py", "blocks.json", "sheets.py"))  # every layer
    runs = set()
    for entry in license_entries():
        words = re.findall(r"[a-z0-9]+", decode((LICENSES / entry["file"]).read_bytes()).lower())
        runs.update(" ".join(words[i:i + 14]) for i in range(len(words) - 14))  # as the project's guard
    shipped_text = " ".join(re.findall(r"[a-z0-9]+", data))
    assert runs and not [run for run in runs if run in shipped_text]


def test_official_sheets_are_built_one_at_a_time_and_alike() -> None:
    """registry.Registry.sheets builds a sheet when it is looked up (issue 14): the one asked for,
    not the others, and each the same Sheet as building them all at once gives."""
    from modelgo_lint.licenses.ascii_table import slug
    from modelgo_lint.licenses.data import index, sheets

    fresh = registry.from_json(index.DATA, sheets=lambda: sheets.DATA)
    first = next(iter(sheets.DATA))
    looked_up = fresh.sheets[first]
    assert list(fresh.sheets._built) == [first]  # type: ignore[attr-defined]
    assert fresh.sheets[first] is looked_up  # built once
    assert list(fresh.sheets) == list(sheets.DATA) and len(fresh.sheets) == len(sheets.DATA)
    for key, raw in sheets.DATA.items():
        built = fresh.sheets[key]
        assert (built.key, built.id, built.editions, built.sources) == (
            key, raw["id"], tuple(raw["editions"]), tuple(raw["sources"]))
        assert [(r.key, r.label, r.group, r.value) for r in built.rows] == [
            (slug(label), label, group, value) for label, group, value in raw["rows"]]
    assert fresh.sheet_of(fresh.newest["MG-BY-2.0"]) is fresh.sheets[fresh.newest["MG-BY-2.0"].sheet]


@pytest.mark.parametrize("entry", license_entries(), ids=lambda e: e["file"])
def test_a_published_text_is_identified_by_its_digest_as_by_its_tokens(entry: dict[str, str]) -> None:
    """The exact-text index (issue 14) gives what tokenizing the text gives, for every published file."""
    loaded = registry.load()
    text = decode((LICENSES / entry["file"]).read_bytes())
    without_index = loaded._replace(exact_texts={})
    assert len(loaded.exact_texts) == len(license_entries())
    assert identify(text, loaded) == identify(text, without_index)
    assert identify(text + " ", loaded) == identify(text + " ", without_index)  # not the same text: tokenized


def test_the_title_tokens_in_the_index_are_the_titles_tokenized() -> None:
    from modelgo_lint.licenses import normalize
    from modelgo_lint.licenses.data import index

    loaded = registry.load()
    without = registry.from_json({k: v for k, v in index.DATA.items() if k != "title_tokens"})
    assert loaded.titles == without.titles
    assert set(loaded.titles) == {tuple(normalize.tokenize(title)) for title in index.DATA["titles"]}


def test_the_terms_in_the_index_are_those_of_the_official_sheets() -> None:
    """Each revision's terms, precomputed by the registry script (issue 14: no official sheet read
    for a repository without one), equal what terms.of_sheet makes of its official sheet."""
    from modelgo_lint.licenses import terms

    loaded = registry.load()
    with_sheet = [r for r in loaded.revisions if r.sheet]
    assert with_sheet and len(loaded.terms) == len(with_sheet)
    for revision in loaded.revisions:
        official = loaded.sheet_of(revision)
        expected = terms.of_sheet(revision.id, official, revision) if official is not None else None
        assert terms.of_revision(revision, loaded) == expected, revision.id
        assert terms.of_revision(revision, loaded._replace(terms={})) == expected, revision.id
