"""Fuzzing the sheet loader (issue 13): any text, as YAML or JSON, loads or raises LoadError; a
loaded document validates (problems, never an exception)."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint.sheets.loader import LoadError, load
from modelgo_lint.sheets.validate import CONFIG_SCHEMA, SHEET_SCHEMA, validate

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)
YAML_BITS = st.sampled_from([
    "---\n", "...\n", "&a ", "*a ", "!!python/object ", "!tag ", "<<: *a\n", "? ", ": ", "- ", "{", "}",
    "[", "]", "'", '"', "|\n  ", ">-\n", "#", "\t", "\n", "  ", "yes", "0x1F", "1e400", "~", "%YAML 1.1\n",
])
TEXTS = st.text(max_size=500) | st.lists(YAML_BITS | st.text(max_size=8), max_size=60).map("".join)


def _load(text: str, name: str) -> None:
    try:
        document = load(text, name)
    except LoadError as error:
        assert isinstance(error.message, str) and error.line >= 0 and error.column >= 0
        return
    for schema in (SHEET_SCHEMA, CONFIG_SCHEMA):
        for problem in validate(document, schema):
            assert isinstance(problem.message, str)


@given(TEXTS, st.sampled_from(["MODEL_SHEET.yaml", "model_sheet.json"]))
def test_any_text_loads_or_is_a_load_error(text: str, name: str) -> None:
    _load(text, name)


@given(VALUES, st.data())
def test_any_value_as_yaml_or_json_and_mutated(value: Any, data: st.DataObject) -> None:
    for text, name in ((yaml.safe_dump(value, allow_unicode=True), "MODEL_SHEET.yaml"),
                       (json.dumps(value, ensure_ascii=False), "model_sheet.json")):
        _load(text, name)
        at = data.draw(st.integers(0, len(text)))
        _load(text[:at] + data.draw(YAML_BITS) + text[at:], name)


def test_an_escape_past_the_last_code_point_is_a_load_error() -> None:
    """Found by the long fuzz run: PyYAML's pure-Python scanner raised ValueError from chr()."""
    for text in ('key: "\\U7fffffff"\n', '[{"0": "\\U1e400000"\n'):
        _load(text, "MODEL_SHEET.yaml")
