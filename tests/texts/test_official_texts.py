"""Verified official texts (issue 15): mirror, cache, download from a loopback server; word diffs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelgo_lint.cli import main
from modelgo_lint.licenses import registry
from modelgo_lint.texts import TextError, Texts
from support import LICENSES, TextServer, newest_entry, one_word_removed, raw_bytes, write_model

NEWEST = registry.load().newest["MG-BY-NC-2.0"]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MODELGO_LINT_TEXTS", raising=False)
    monkeypatch.delenv("MODELGO_LINT_TEXTS_URL", raising=False)


def test_every_revision_has_a_verifiable_source_in_the_mirror() -> None:
    texts = Texts(mirror=LICENSES, cache=None)
    for revision in registry.load().revisions:
        assert revision.sources and all(s.paths and s.commits for s in revision.sources), revision.id
        assert texts.raw(revision) == (LICENSES / revision.sources[-1].file).read_bytes()


def test_a_tampered_mirror_is_refused(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    target = mirror / NEWEST.sources[-1].file
    target.parent.mkdir(parents=True)
    data = raw_bytes("MG-BY-NC-2.0")
    target.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(TextError, match="refused"):
        Texts(mirror=mirror, cache=None).raw(NEWEST)


def test_download_at_the_recorded_commit_is_verified_and_cached(tmp_path: Path) -> None:
    cache = tmp_path / "c"
    with TextServer() as server:
        got = Texts(cache=cache, download=True, base_url=server.url).raw(NEWEST)
    assert got == raw_bytes("MG-BY-NC-2.0")
    entry = newest_entry("MG-BY-NC-2.0")
    assert server.requests[0].endswith(f"/{entry['source']['last_commit']}/{entry['source']['paths'][0]}")
    assert [p.name for p in cache.iterdir()] == [f"{entry['sha256_raw']}.txt"]
    assert Texts(cache=cache).raw(NEWEST) == got  # the cache alone, no download


def test_a_tampered_download_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    cache = tmp_path / "c"
    with TextServer(tamper=True) as server, pytest.raises(TextError, match="refused"):
        Texts(cache=cache, download=True, base_url=server.url).raw(NEWEST)
    assert not cache.exists() or not any(cache.iterdir())


def test_plain_http_is_refused_off_loopback() -> None:
    with pytest.raises(TextError, match="HTTPS"):
        Texts(cache=None, download=True, base_url="http://example.invalid").raw(NEWEST)


def test_without_a_source_the_error_says_what_to_do() -> None:
    with pytest.raises(TextError, match="--texts"):
        Texts(cache=None).raw(NEWEST)


def _modified(tmp_path: Path) -> Path:
    data, _ = one_word_removed()
    return write_model(tmp_path / "m", license_bytes=data)


def test_word_diff_in_text_json_and_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _modified(tmp_path)
    assert main(["check", str(root), "--texts", str(LICENSES)]) == 1
    text = capsys.readouterr().out
    assert "[-not-]" in text and "\n      - " in text and "\n      + " in text
    assert main(["check", str(root), "--texts", str(LICENSES), "--format", "json"]) == 1
    (finding,) = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["code"] == "MG102"]
    (diff,) = finding["diff"]
    assert ["-", "not"] in diff["ops"] and diff["kind"] == "changed"
    assert diff["official"].split().count("not") == diff["file"].split().count("not") + 1
    assert main(["check", str(root), "--texts", str(LICENSES), "--format", "markdown"]) == 1
    markdown = capsys.readouterr().out
    assert "```diff\n@@ " in markdown and "[-not-]" in markdown
    assert main(["check", str(root), "--format", "sarif", "--texts", str(LICENSES)]) == 1
    assert "[-not-]" in capsys.readouterr().out


def test_without_the_official_text_the_section_report_stays(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = _modified(tmp_path)
    assert main(["check", str(root)]) == 1
    text = capsys.readouterr().out
    assert "changed (line" in text and "[-" not in text


def test_word_diff_from_a_loopback_download_and_a_tampered_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    root = _modified(tmp_path)
    with TextServer() as server:
        monkeypatch.setenv("MODELGO_LINT_TEXTS_URL", server.url)
        assert main(["check", str(root), "--download"]) == 1
    assert "[-not-]" in capsys.readouterr().out
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-cache"))
    with TextServer(tamper=True) as server:
        monkeypatch.setenv("MODELGO_LINT_TEXTS_URL", server.url)
        assert main(["init", "MG-BY-NC-2.0", str(tmp_path / "new")]) == 2
    assert "refused" in capsys.readouterr().err
    assert not (tmp_path / "new").exists() and not (tmp_path / "other-cache").exists()


def test_the_texts_are_cached_beside_the_hubs_answers(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from modelgo_lint.hub.resolve import cache_dir
    from modelgo_lint.texts import default_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("MODELGO_LINT_CACHE_DIR", raising=False)
    assert default_cache() == cache_dir() / "texts" == tmp_path / "xdg" / "modelgo-lint" / "texts"
    monkeypatch.setenv("MODELGO_LINT_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache() == cache_dir() / "texts" == tmp_path / "mine" / "texts"
