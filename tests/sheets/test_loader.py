"""The safe, position-keeping loader: YAML traps, limits, positions (modelgo_lint.sheets.loader)."""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelgo_lint.sheets.loader import MAX_CHARS, Document, LoadError, load, load_json, load_yaml


def _error(text: str, name: str = "MODEL_SHEET.yaml") -> LoadError:
    with pytest.raises(LoadError) as caught:
        load(text, name)
    return caught.value


def test_positions_of_values_and_keys() -> None:
    doc = load_yaml("model: m\nlicense:\n  id: MG-BY-2.0\n  file: LICENSE\nattribution:\n  - a\n  - b\n")
    assert doc.data == {"model": "m", "license": {"id": "MG-BY-2.0", "file": "LICENSE"},
                        "attribution": ["a", "b"]}
    assert doc.position("/license/id") == (3, 7)
    assert doc.position("/license/id", key=True) == (3, 3)
    assert doc.position("/attribution/1") == (7, 5)
    assert doc.position("/license/nothing/below") == doc.position("/license")


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    error = _error("model: a\nlicensor: x\nlicensor: y\n")
    assert (error.line, error.column) == (3, 1)
    assert "duplicate key 'licensor'" in error.message and "line 2" in error.message


def test_duplicate_key_in_json() -> None:
    error = _error('{"model": "a",\n "model": "b"}', "MODEL_SHEET.json")
    assert error.line == 2 and "duplicate key 'model'" in error.message


def test_dates_stay_strings_and_keys_stay_strings() -> None:
    doc = load_yaml("date: 2025-06-30\non: 1\n2: x\nnull: y\n")
    assert doc.data == {"date": "2025-06-30", "on": 1, "2": "x", "null": "y"}


@pytest.mark.parametrize("word", ["yes", "No", "NO", "on", "Off"])
def test_yaml11_booleans_are_marked(word: str) -> None:
    doc = load_yaml(f"licensor: {word}\n")
    assert isinstance(doc.data["licensor"], bool)
    assert "/licensor" in doc.yaml11_booleans


def test_quoted_and_true_false_are_not_marked() -> None:
    doc = load_yaml('licensor: "NO"\nflag: true\n')
    assert doc.data == {"licensor": "NO", "flag": True}
    assert not doc.yaml11_booleans


@pytest.mark.parametrize("text", [
    "!!python/object/apply:os.system ['true']\n",
    "a: !!python/name:os.system\n",
    "a: !custom x\n",
])
def test_unsafe_tags_are_refused(text: str) -> None:
    assert "is not allowed" in _error(text).message


def test_several_documents_are_refused() -> None:
    assert _error("a: 1\n---\nb: 2\n").line == 2


def test_syntax_error_has_a_position() -> None:
    error = _error("model: m\nlicense: [a, b\nlicensor: x\n")
    assert error.line >= 2 and error.column >= 1 and error.message.startswith("invalid YAML")


def test_json_syntax_error_has_a_position() -> None:
    error = _error('{"model": "m",\n  "license": }\n', "model_sheet.json")
    assert (error.line, error.column) == (2, 14)


def test_json_values_come_from_json() -> None:
    doc = load_json('{"a": 1e5, "b": "yes", "c": [true, null]}')
    assert doc.data == {"a": 100000.0, "b": "yes", "c": [True, None]}
    assert doc.position("/c/1")[0] == 1


def _bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for index in range(1, levels):
        name, previous = chr(ord("a") + index), chr(ord("a") + index - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _timed(text: str, name: str = "MODEL_SHEET.yaml") -> tuple[LoadError, float]:
    start = time.perf_counter()
    with pytest.raises(LoadError) as caught:
        load(text, name)
    return caught.value, time.perf_counter() - start


# The fast tests check what each hostile text gives; how long it takes is checked in the slow set
# (one process): under pytest-xdist every core runs a test, and a second's bound missed by a loaded
# machine is no defect.
@pytest.mark.slow
@pytest.mark.parametrize("text", [_bomb(), "[" * 10_000 + "]" * 10_000,
                                  "".join(" " * depth + "a:\n" for depth in range(200)),
                                  "a: b\n" * (MAX_CHARS // 5 + 1)], ids=["bomb", "deep", "block", "large"])
def test_hostile_texts_end_within_a_second(text: str) -> None:
    for name in ("MODEL_SHEET.yaml", "MODEL_SHEET.json"):
        _, elapsed = _timed(text, name)
        assert elapsed < 1.0


@pytest.mark.slow
def test_hostile_sheets_are_linted_within_a_second(tmp_path: Path) -> None:
    from modelgo_lint.config import Config
    from modelgo_lint.engine import lint

    for case, text in {"bomb": _bomb(), "deep": "[" * 10_000 + "]" * 10_000}.items():
        (tmp_path / case).mkdir()
        (tmp_path / case / "MODEL_SHEET.yaml").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        lint([tmp_path / case], Config())  # the work itself, without interpreter start-up
        assert time.perf_counter() - start < 1.0, case


def test_billion_laughs_ends_fast() -> None:
    error, _ = _timed(_bomb())
    assert "after expanding aliases" in error.message and error.line > 1


@pytest.mark.parametrize("name", ["MODEL_SHEET.yaml", "MODEL_SHEET.json"])
def test_deep_nesting_ends_fast(name: str) -> None:
    error, _ = _timed("[" * 10_000 + "]" * 10_000, name)
    assert "nesting deeper than" in error.message and (error.line, error.column) == (1, 65)


def test_deep_block_nesting() -> None:
    text = "".join(" " * depth + "a:\n" for depth in range(200))
    error, _ = _timed(text)
    assert "nesting deeper than" in error.message and error.line == 65


def test_too_large_text_is_refused_before_parsing() -> None:
    error, _ = _timed("a: b\n" * (MAX_CHARS // 5 + 1))
    assert "too large" in error.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_loader_never_raises_anything_else(text: str) -> None:
    for name in ("MODEL_SHEET.yaml", "MODEL_SHEET.json"):
        try:
            doc = load(text, name)
        except LoadError as error:
            assert error.line >= 0 and error.column >= 0
        else:
            assert isinstance(doc, Document)


yaml_chars = st.sampled_from(list("ab:-[]{}&*!|>'\"#,? \n\t%@`0yN"))


@settings(max_examples=300, deadline=None)
@given(st.lists(yaml_chars, max_size=120).map("".join))
def test_loader_never_raises_on_yaml_like_text(text: str) -> None:
    with contextlib.suppress(LoadError):
        load_yaml(text)


# Through the real CLI: each hostile sheet ends with a finding, fast, in bounded memory.

def _limit_memory() -> None:
    limit = 400 * 1024 * 1024  # far below what expanding the bomb or reading 50 MB as objects takes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("case", ["bomb", "deep", "huge", "invalid-utf8"])
def test_hostile_sheets_through_the_cli(tmp_path: Path, case: str) -> None:
    sheet = tmp_path / "MODEL_SHEET.yaml"
    if case == "bomb":
        sheet.write_text(_bomb(), encoding="utf-8")
        code, line = "MG202", 6
    elif case == "deep":
        sheet.write_text("[" * 10_000 + "]" * 10_000, encoding="utf-8")
        code, line = "MG202", 1
    elif case == "huge":
        with sheet.open("wb") as handle:
            handle.write(b"a: b\n" * (50 * 1024 * 1024 // 5))
        code, line = "MG901", None
    else:
        sheet.write_bytes(b"model: m\nlicensor: \xff\xfe caf\xe9\n")
        code, line = "MG901", 2
    from modelgo_lint.config import Config
    from modelgo_lint.engine import lint

    in_process = lint([tmp_path], Config())
    assert [(f.code, f.line or None) for f in in_process.findings] == [(code, line)]
    proc = subprocess.run([sys.executable, "-m", "modelgo_lint", "check", "--format", "json", str(tmp_path)],
                          capture_output=True, text=True, timeout=20, preexec_fn=_limit_memory)
    assert proc.returncode == 1, proc.stderr
    (finding,) = json.loads(proc.stdout)["findings"]
    assert (finding["code"], finding["line"]) == (code, line), finding
    assert finding["path"] == "MODEL_SHEET.yaml"
    assert "Traceback" not in proc.stderr
