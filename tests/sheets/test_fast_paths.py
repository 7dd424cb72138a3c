"""The fast paths agree with the full ones: the plain-YAML reader with the PyYAML event builder,
the schema pre-validation with jsonschema (modelgo_lint.sheets.plain, modelgo_lint.sheets.quick).

"Every sheet in the suite": the sheet of every license with an official one, and every string
literal of the test files that the full loader reads as a mapping (sheets, front matters,
configurations written inline by the tests), plus generated documents.
"""

from __future__ import annotations

import ast
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelgo_lint.licenses import registry
from modelgo_lint.sheets import plain, quick
from modelgo_lint.sheets.loader import LoadError, _build
from modelgo_lint.sheets.validate import CONFIG_SCHEMA, SHEET_SCHEMA, _schema, _validator
from support import PROJECT, sheet_yaml


@cache
def suite_texts() -> tuple[str, ...]:
    texts = [sheet_yaml(license_id) for license_id in registry.load().identifiers
             if registry.load().sheet_of(registry.load().newest[license_id]) is not None]
    for path in sorted((PROJECT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ":" in node.value:
                try:
                    if isinstance(_build(node.value).data, dict):
                        texts.append(node.value)
                except LoadError:
                    pass
    return tuple(dict.fromkeys(texts))


def _same(text: str) -> bool:
    """True when the plain reader took ``text``; fails when it disagrees with the full loader."""
    parts = plain.read(text)
    if parts is None:
        return False
    full = _build(text)
    assert (parts.data, parts.positions, parts.keys, parts.yaml11_booleans) == (
        full.data, full.positions, full.keys, full.yaml11_booleans), text
    assert [type(v) for v in _leaves(parts.data)] == [type(v) for v in _leaves(full.data)], text
    return True


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def _agrees(data: Any, schema: str) -> bool:
    fast = quick.is_valid(_schema(schema), data)
    full = not list(_validator(schema).iter_errors(data))
    assert not fast or full, data  # the fast path never calls an invalid document valid
    if schema == SHEET_SCHEMA:
        assert fast == full, data  # and knows every keyword of the sheet schema (the configuration
    return fast  # schema uses others: there it defers to jsonschema, which is still correct


def test_suite_has_sheets_to_compare() -> None:
    assert len(suite_texts()) >= 40


def test_plain_reader_agrees_on_every_sheet_of_the_suite() -> None:
    taken = [text for text in suite_texts() if _same(text)]
    generated = [sheet_yaml(i) for i in registry.load().identifiers
                 if registry.load().sheet_of(registry.load().newest[i]) is not None]
    assert all(text in taken for text in generated)  # the generated sheets take the fast path
    assert "license: other\nlicense_name: mg-by-2.0\nlicense_link: LICENSE" in taken or len(taken) > 20


@pytest.mark.parametrize("schema", [SHEET_SCHEMA, CONFIG_SCHEMA])
def test_prevalidation_agrees_with_jsonschema_on_every_sheet_of_the_suite(schema: str) -> None:
    results = [_agrees(_build(text).data, schema) for text in suite_texts()]
    assert True in results and (False in results or schema == CONFIG_SCHEMA)


_KEY = st.sampled_from(["model", "id", "file", "licensor", "date", "on", "$schema", "a-b", "x_1",
                        "rights", "format_version", "license", "attribution", "derived_from",
                        "modifications"])
_SCALAR_TEXT = st.sampled_from([
    "true", "false", "yes", "No", "OFF", "null", "~", "0", "1", "-3", "012", "1.5", "1e3", "0x1f",
    "2025-06-30", "2025-13-45", "2024-02-29", "2023-02-29", "MG-BY-2.0", "mg-by-nc-2.0", "Example Lab",
    "LICENSE",
    "a: b", "a #b", "'quoted'", '"double"', "'it''s'", '"esc\\n"', "[]", "{}", "[a]", ".inf", "-", "",
    "Copyright 2025 Lab", "x,y", "a=b", "1:30", "+1", "@x", "é", "ünï", "1_000",
])


def _yaml(value: Any, indent: int, sequence_style: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                lines.append(f"{pad}{key}: {item}".rstrip())
            else:
                lines.append(f"{pad}{key}:")
                lines += _yaml(item, indent + (0 if isinstance(item, list) and sequence_style else 2),
                               sequence_style)
    else:
        for item in value:
            if isinstance(item, str):
                lines.append(f"{pad}- {item}".rstrip())
            elif isinstance(item, dict) and item:
                inner = _yaml(item, indent + 2, sequence_style)
                lines.append(pad + "- " + inner[0].lstrip())
                lines += inner[1:]
            else:
                lines.append(f"{pad}-")
                lines += _yaml(item, indent + 2, sequence_style)
    return lines


_TREE = st.recursive(
    _SCALAR_TEXT,
    lambda children: st.one_of(st.dictionaries(_KEY, children, min_size=1, max_size=4),
                               st.lists(children, min_size=1, max_size=3)),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_KEY, _TREE, min_size=1, max_size=5), st.integers(0, 1),
       st.sampled_from(["", "# a comment\n", "\n"]))
def test_plain_reader_agrees_on_generated_documents(data: dict[str, Any], style: int, prefix: str) -> None:
    text = prefix + "\n".join(_yaml(data, 0, style)) + "\n"
    try:
        _build(text)
    except LoadError:
        assert plain.read(text) is None  # the full loader's errors are never bypassed
        return
    _same(text)


_SHEET_VALUES = st.sampled_from([
    None, True, False, 0, 1, 1.0, 2, -1, "", "x", "MG-BY-2.0", "mg-by-nc-2.0", "MG-XX", "LICENSE", "/abs",
    "../up", "a\\b", "2025-06-30", "2025-02-30", "2025-6-30",
    "２０２５-06-30", "finetune", "merge", [], {}, ["a"],
    [""], [{"date": "2025-01-01", "description": "d"}], [{"date": "bad", "description": ""}],
    {"id": "MG-BY-2.0", "file": "LICENSE"}, {"id": "MG-BY-2.0"}, {"id": "MG-BY-2.0", "file": "L", "x": 1},
    [{"name": "up", "relation": "finetune", "license": "MG-BY-2.0"}], [{"name": "up"}],
])


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEY, _SHEET_VALUES, max_size=6), st.sampled_from(suite_texts()[:8]))
def test_prevalidation_agrees_on_generated_documents(changes: dict[str, Any], base_text: str) -> None:
    base = _build(base_text).data
    for schema in (SHEET_SCHEMA, CONFIG_SCHEMA):
        _agrees(changes, schema)
        _agrees({**base, **changes}, schema)
