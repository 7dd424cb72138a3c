"""The published JSON Schemas: valid, complete, in sync with the registry, shipped, documented."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from modelgo_lint.licenses import registry as registry_module
from modelgo_lint.sheets.loader import load_yaml
from modelgo_lint.sheets.validate import CONFIG_SCHEMA, SHEET_SCHEMA, schema_text, validate
from support import CURRENT, PROJECT, cli, golden, line_of, sheet_yaml

SCHEMAS = PROJECT / "schemas"
VALIDATOR = jsonschema.Draft202012Validator


@pytest.mark.parametrize("name", [SHEET_SCHEMA, CONFIG_SCHEMA])
def test_schema_is_valid_2020_12_with_id_and_titles(name: str) -> None:
    schema = json.loads((SCHEMAS / name).read_text("utf-8"))
    VALIDATOR.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/" + name)
    assert schema["title"] and schema["description"]


@pytest.mark.parametrize("name", [SHEET_SCHEMA, CONFIG_SCHEMA])
def test_packaged_schema_is_the_published_one(name: str) -> None:
    assert schema_text(name) == (SCHEMAS / name).read_text("utf-8")


@pytest.mark.parametrize("name", [SHEET_SCHEMA, CONFIG_SCHEMA])
def test_validated_schema_is_the_published_one(name: str) -> None:
    # the validator reads the generated literal (modelgo_lint/sheets/schemas.py), not the file
    from modelgo_lint.sheets import schemas

    assert schemas.DATA[name] == json.loads((SCHEMAS / name).read_text("utf-8"))
    assert set(schemas.DATA) == {path.name for path in SCHEMAS.glob("*.schema.json")}


def test_schemas_are_fresh() -> None:
    proc = subprocess.run([sys.executable, str(PROJECT / "scripts" / "build_schema.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_rights_keys_are_every_row_of_every_official_sheet() -> None:
    schema = json.loads((SCHEMAS / SHEET_SCHEMA).read_text("utf-8"))
    properties = schema["$defs"]["rights"]["properties"]
    registry = registry_module.load()
    rows = {row.key: row.label for sheet in registry.sheets.values() for row in sheet.rows}
    assert set(properties) == set(rows)
    assert all(re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", key) for key in properties)
    assert {key: p["title"] for key, p in properties.items()} == rows
    assert all(p["type"] == "boolean" for p in properties.values())


def test_schema_examples_validate() -> None:
    for name in (SHEET_SCHEMA, CONFIG_SCHEMA):
        schema = json.loads((SCHEMAS / name).read_text("utf-8"))
        assert schema["examples"]
        validator = VALIDATOR(schema, format_checker=VALIDATOR.FORMAT_CHECKER)
        for example in schema["examples"]:
            assert not list(validator.iter_errors(example))


def _doc_examples() -> list[tuple[str, int, str]]:
    """Every ```yaml block of the docs that starts with a Model Sheet or configuration marker."""
    out = []
    for doc in [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]:
        text = doc.read_text("utf-8")
        for match in re.finditer(r"```ya?ml\n(.*?)```", text, re.DOTALL):
            block = match.group(1)
            line = text.count("\n", 0, match.start()) + 1
            if "format_version:" in block:
                out.append((f"{doc.name}:{line}", SHEET_SCHEMA, block))
            elif block.startswith("# .modelgo-lint.yaml"):
                out.append((f"{doc.name}:{line}", CONFIG_SCHEMA, block))
    return out


def test_docs_have_examples() -> None:
    kinds = {schema for _, schema, _ in _doc_examples()}
    assert kinds == {SHEET_SCHEMA, CONFIG_SCHEMA}


@pytest.mark.parametrize("where,schema,block", _doc_examples(), ids=[w for w, _, _ in _doc_examples()])
def test_doc_examples_validate(where: str, schema: str, block: str) -> None:
    assert validate(load_yaml(block), schema) == []
    assert yaml.safe_load(block)  # and plain YAML agrees it is a document


@pytest.mark.parametrize("license_id", CURRENT)
def test_sheet_command_prints_a_valid_sheet_with_the_official_rows(license_id: str) -> None:
    run = cli("sheet", license_id.lower())
    assert run.code == 0, run.err
    document = load_yaml(run.out)
    assert validate(document) == []
    registry = registry_module.load()
    official = registry.sheet_of(registry.newest[license_id])
    assert official is not None
    assert document.data["rights"] == official.values()
    assert document.data["license"] == {"id": license_id, "file": "LICENSE"}


def test_sheet_command_suggests_for_unknown_ids() -> None:
    run = cli("sheet", "MG-NC-RAI-2.0")
    assert run.code == 2 and "did you mean MG-BY-NC-RAI-2.0?" in run.err


def test_schema_command_prints_the_schemas() -> None:
    assert cli("schema").out == (SCHEMAS / SHEET_SCHEMA).read_text("utf-8")
    assert cli("schema", "--config").out == (SCHEMAS / CONFIG_SCHEMA).read_text("utf-8")


# Invalid sheets: each gives MG203 at the line and column of the problem (golden + explicit).

_BASE = sheet_yaml("MG-BY-NC-2.0")
INVALID = {
    "wrong-type": (_BASE.replace('licensor: "Example Lab"', "licensor: 42"),
                   ("/licensor", "licensor: 42", 11)),
    "yaml11-boolean": (_BASE.replace('licensor: "Example Lab"', "licensor: NO"),
                       ("/licensor", "licensor: NO", 11)),
    "missing-required": (_BASE.replace("  file: LICENSE\n", ""), ("/license", "license:", None)),
    "unknown-key": (_BASE.replace("format_version: 1\n", "format_version: 1\nversion: 2\n"),
                    ("/version", "version: 2", 1)),
    "unknown-row": (_BASE.replace("rights:\n", "rights:\n  commercial_use: true\n"),
                    ("/rights/commercial_use", "commercial_use: true", 3)),
    "bad-date": (_BASE.replace("modifications: []",
                               "modifications:\n  - date: 30/06/2025\n    description: Fine-tuned"),
                 ("/modifications/0/date", "date: 30/06/2025", 11)),
    "bad-relation": (_BASE.replace("derived_from: []", "derived_from:\n  - name: org/base\n"
                                   "    relation: lora\n    license: MG-BY-2.0"),
                     ("/derived_from/0/relation", "relation: lora", 15)),
    "bad-identifier": (_BASE.replace("  id: MG-BY-NC-2.0", "  id: Apache 2.0"),
                       ("/license/id", "id: Apache", 7)),
    "wrong-format-version": (_BASE.replace("format_version: 1", "format_version: 2"),
                             ("/format_version", "format_version: 2", 17)),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_sheet_gives_mg203_at_its_position(tmp_path: Path, case: str) -> None:
    text, (pointer, needle, column) = INVALID[case]
    (tmp_path / "MODEL_SHEET.yaml").write_text(text, encoding="utf-8")
    run = cli("check-sheet", "--format", "json", "MODEL_SHEET.yaml", cwd=tmp_path)
    assert run.code == 1, run.err
    findings = json.loads(run.out)["findings"]
    assert [f["code"] for f in findings] == ["MG203"], findings
    (finding,) = findings
    line = line_of(text, needle)
    assert finding["pointer"] == pointer
    assert finding["line"] == line
    if column is not None:
        assert finding["column"] == column


def test_invalid_sheets_golden(tmp_path: Path) -> None:
    for case, (text, _) in sorted(INVALID.items()):
        (tmp_path / case).mkdir()
        (tmp_path / case / "MODEL_SHEET.yaml").write_text(text, encoding="utf-8")
    names = [f"{case}/MODEL_SHEET.yaml" for case in sorted(INVALID)]
    run = cli("check-sheet", *names, cwd=tmp_path)
    assert run.code == 1
    golden("sheet-invalid.txt", run.out)
