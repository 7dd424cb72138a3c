#!/usr/bin/env python3
"""Complete the JSON Schemas in ``schemas/`` from the registry.

``schemas/model-sheet.schema.json`` is written by hand except for what comes from the official
Model Sheets: the ``rights`` properties (one stable snake_case key per row of every published
sheet, titled with the row label), the known identifiers offered as examples, and a complete
example document. This script fills those in from the registry in ``modelgo_lint/licenses/data/``
(itself computed from ../shared). ``schemas/`` exists once: the build maps it into the wheel as
``modelgo_lint/schemas/`` (pyproject.toml), no copy is kept in the checkout.

    python scripts/build_schema.py            # rewrite
    python scripts/build_schema.py --check    # exit 1 when a schema is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from literal import python_literal  # noqa: E402  (scripts/literal.py)
from modelgo_lint.licenses import registry as registry_module  # noqa: E402
from modelgo_lint.sheets import template  # noqa: E402

SCHEMAS = ROOT / "schemas"
SHEET_SCHEMA = "model-sheet.schema.json"
EXAMPLE_LICENSE = "MG-BY-NC-2.0"


def rights_properties(registry: registry_module.Registry) -> dict[str, Any]:
    """Every row key of every official sheet; rows of the current sheets first."""
    current = [registry.sheet_of(registry.newest[i]) for i in registry.identifiers]
    ordered = [s for s in current if s is not None]
    ordered += [s for s in registry.sheets.values() if s not in ordered]
    properties: dict[str, Any] = {}
    for sheet in ordered:
        for row in sheet.rows:
            if row.key not in properties:
                properties[row.key] = {"title": row.label, "description": row.group or "Model Sheet row",
                                       "type": "boolean"}
    return properties


def complete(schema: dict[str, Any], registry: registry_module.Registry) -> dict[str, Any]:
    schema["$defs"]["rights"]["properties"] = rights_properties(registry)
    newest_first = sorted(registry.identifiers, key=lambda i: (-float(i.rsplit("-", 1)[1]), len(i), i))
    schema["$defs"]["modelgo_id"]["examples"] = newest_first
    schema["examples"] = [template.example(EXAMPLE_LICENSE, registry)]
    return schema


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def outputs() -> dict[Path, str]:
    # the layers as committed: ROOT comes first on sys.path, so this is the checkout's package
    if not Path(registry_module.__file__).resolve().is_relative_to(ROOT):
        raise SystemExit(f"{registry_module.__file__}: not the checkout's registry")
    registry = registry_module.load()
    out: dict[Path, str] = {}
    for source in sorted(SCHEMAS.glob("*.schema.json")):
        schema = json.loads(source.read_text("utf-8"))
        if source.name == SHEET_SCHEMA:
            schema = complete(schema, registry)
        text = render(schema)
        out[source] = text
    # the same schemas as a Python literal in the package: validating a sheet then needs neither
    # json nor a file read on every run (issue 14); tests/sheets/test_schema.py checks they agree
    literal = {path.name: json.loads(text) for path, text in out.items()}
    out[ROOT / "modelgo_lint" / "sheets" / "schemas.py"] = python_literal(
        literal, generator="scripts/build_schema.py", source="schemas/", what="The shipped JSON Schemas")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail when a committed schema is stale")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        current = path.read_text("utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(path.relative_to(ROOT).as_posix())
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT).as_posix()}")
    if stale:
        print("stale (run scripts/build_schema.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
