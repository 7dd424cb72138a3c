"""Regular expressions compiled on first use (issue 14 item 3): the stand-in behaves as the pattern."""

from __future__ import annotations

import marshal
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelgo_lint import lazyre
from support import cli, write_model


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


# -- the compiled programs kept per interpreter (lazyre's cache) -------------------------------------

def _package_patterns() -> list[tuple[str, int]]:
    """Every lazy pattern of the package, as (pattern, flags)."""
    import importlib
    import pkgutil

    import modelgo_lint

    found: set[tuple[str, int]] = set()
    for module in pkgutil.walk_packages(modelgo_lint.__path__, "modelgo_lint."):
        if module.name == "modelgo_lint.__main__" or module.name.startswith(
                ("modelgo_lint.github", "modelgo_lint.hub")):
            continue  # a run; the modules of the optional PyGithub and huggingface_hub (no lazy pattern)
        loaded = importlib.import_module(module.name)
        found.update(v._source for v in vars(loaded).values() if isinstance(v, lazyre._Lazy))
    return sorted(found)


PATTERNS = _package_patterns()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache in ``tmp_path`` (this interpreter's file path returned), unloaded."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(lazyre, "_CACHE", lazyre._Cache())
    path = lazyre.cache_file()
    assert path is not None and path.startswith(str(tmp_path))
    return Path(path)


def _fresh(monkeypatch: pytest.MonkeyPatch) -> lazyre._Cache:
    """A new run's view of the cache: loaded from the file at the first compile."""
    fresh = lazyre._Cache()
    monkeypatch.setattr(lazyre, "_CACHE", fresh)
    return fresh


def _no_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"compiled again: {args!r}")
    monkeypatch.setattr(lazyre.re, "compile", refuse)


def test_the_package_has_its_patterns_to_cache() -> None:
    assert len(PATTERNS) >= 50  # the scan above finds the stand-ins (a scan that finds none tests nothing)


def test_every_pattern_of_the_package_is_stored_and_rebuilt_equal_to_re_compile(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {key: re.compile(*key) for key in PATTERNS}
    for key in PATTERNS:  # a cold cache: compiled by re, the program stored
        assert lazyre.compiled(*key) == expected[key]
    assert not cache.exists()  # written at exit, or by save()
    lazyre.save()
    assert cache.is_file()
    _fresh(monkeypatch)
    _no_compile(monkeypatch)  # a warm cache: every pattern is built from its stored program
    for key in PATTERNS:
        rebuilt = lazyre.compiled(*key)
        assert rebuilt == expected[key]  # Pattern.__eq__: pattern, flags and the compiled code
        assert rebuilt.groupindex == expected[key].groupindex and rebuilt.groups == expected[key].groups


_TRICKY = "aAsSſkKKıIİ mMgG-_0123456789.:#>*\n licensed"  # the characters case folding maps across scripts


@given(st.sampled_from(PATTERNS), st.text(alphabet=st.sampled_from(_TRICKY), max_size=80))
@settings(max_examples=60)
def test_a_rebuilt_pattern_matches_as_the_compiled_one(key: tuple[str, int], text: str) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("XDG_CACHE_HOME", folder)
        monkeypatch.setattr(lazyre, "_CACHE", lazyre._Cache())
        lazyre.compiled(*key)
        lazyre.save()
        _fresh(monkeypatch)
        rebuilt = lazyre.compiled(*key)
    real = re.compile(*key)
    assert [m.span() for m in rebuilt.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert rebuilt.sub("~", text) == real.sub("~", text)


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 0x40]) + data[-9:])
    elif how == "foreign":
        path.write_bytes(b"\x7fELF" + data[4:])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "not-a-dict":
        payload = marshal.dumps([1, 2, 3])
        path.write_bytes(lazyre._HEADER + lazyre._checksum(lazyre._interpreter(), payload) + payload)
    elif how == "bad-programs":  # well-formed, but the programs are refused by the engine or are none
        entries = marshal.loads(data[len(lazyre._HEADER) + 32:])
        for number, key in enumerate(entries):
            flags, code, groups, groupindex, indexgroup = entries[key]
            entries[key] = [(flags, [99999] * len(code), groups, groupindex, indexgroup), "text", 7,
                            (flags, code, groups)][number % 4]
        payload = marshal.dumps(entries)
        path.write_bytes(lazyre._HEADER + lazyre._checksum(lazyre._interpreter(), payload) + payload)
    elif how == "other-interpreter":  # whole, but written for another build (copied from elsewhere)
        payload = data[len(lazyre._HEADER) + 32:]
        path.write_bytes(lazyre._HEADER + lazyre._checksum(b"3.99.0 (another build)", payload) + payload)
    elif how in ("fifo", "directory", "link"):  # never read, never waited on (a FIFO would block)
        path.unlink()
        if how == "fifo":
            os.mkfifo(path)
        elif how == "directory":
            path.mkdir()
        else:
            (path.parent / "elsewhere").write_bytes(data)
            path.symlink_to(path.parent / "elsewhere")
    else:  # pragma: no cover
        raise AssertionError(how)


@pytest.mark.parametrize("how", ["truncated", "flipped", "foreign", "empty", "not-a-dict", "bad-programs",
                                 "other-interpreter", "fifo", "directory", "link"])
def test_a_damaged_cache_is_ignored_and_replaced(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                                 how: str) -> None:
    expected = {key: re.compile(*key) for key in PATTERNS}
    for key in PATTERNS:
        lazyre.compiled(*key)
    lazyre.save()
    _damage(cache, how)
    _fresh(monkeypatch)
    for key in PATTERNS:
        assert lazyre.compiled(*key) == expected[key]
    if how == "directory":  # it cannot be replaced: the cache is left, every run compiles
        lazyre.save()
        assert cache.is_dir()
        return
    lazyre.save()  # what was damaged is compiled again and the file written whole
    assert cache.is_file() and not cache.is_symlink()
    assert len(lazyre._read(str(cache), lazyre._interpreter())) == len(PATTERNS)
    _fresh(monkeypatch)
    _no_compile(monkeypatch)
    for key in PATTERNS:
        assert lazyre.compiled(*key) == expected[key]


def test_a_cache_that_cannot_be_written_or_placed_costs_only_the_compile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.chdir(tmp_path)
    for variable, base in (("XDG_CACHE_HOME", str(blocker)), ("XDG_CACHE_HOME", "relative"),
                           ("MODELGO_LINT_CACHE_DIR", "relative")):
        monkeypatch.setenv(variable, base)
        monkeypatch.setattr(lazyre, "_CACHE", lazyre._Cache())
        key = PATTERNS[0]
        assert lazyre.compiled(*key) == re.compile(*key)
        lazyre.save()
        assert lazyre.cache_file() is None or (variable == "XDG_CACHE_HOME" and base == str(blocker))
    assert blocker.read_text() == "a file where the cache folder would be"
    assert list(tmp_path.iterdir()) == [blocker]  # a relative folder is not made in the current one


def test_the_cache_is_in_the_folder_of_the_hub_answers(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from modelgo_lint.hub.resolve import cache_dir

    for env in ({"MODELGO_LINT_CACHE_DIR": str(tmp_path / "mine")}, {"XDG_CACHE_HOME": str(tmp_path)}):
        monkeypatch.delenv("MODELGO_LINT_CACHE_DIR", raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert Path(lazyre.cache_file() or "").parent == cache_dir() / "patterns"


def test_each_interpreter_build_has_its_own_file(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lazyre.sys, "version", lazyre.sys.version + " (another build)")
    assert lazyre.cache_file() != str(cache)


def test_a_program_re_would_not_build_is_not_stored(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # re's internals changing shape (a new _sre argument, another code layout): the stored program
    # would build another pattern, so nothing is stored and the run compiles as before
    monkeypatch.setattr(lazyre, "_program", lambda pattern, flags: (flags, [], 0, {}, ()))
    assert lazyre.compiled(*PATTERNS[0]) == re.compile(*PATTERNS[0])
    lazyre.save()
    assert not cache.exists()


def test_the_command_line_writes_the_cache_once_and_then_reads_it(tmp_path: Path) -> None:
    model = write_model(tmp_path / "model", "MG-BY-2.0")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = cli("check", model, env=env)
    files = list((tmp_path / "cache" / "modelgo-lint" / "patterns").iterdir())
    assert len(files) == 1 and files[0].suffix == ".marshal"
    stored = files[0].read_bytes()
    assert len(lazyre._read(str(files[0]), lazyre._interpreter())) >= 10  # the README's patterns
    second = cli("check", model, env=env)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert files[0].read_bytes() == stored  # nothing new compiled: not written again
    _damage(files[0], "bad-programs")
    third = cli("check", model, env=env)
    assert (third.code, third.out, third.err) == (first.code, first.out, first.err)
    assert lazyre._read(str(files[0]), lazyre._interpreter()) == lazyre._parse(stored, lazyre._interpreter())
