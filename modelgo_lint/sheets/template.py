"""A ready-to-edit Model Sheet for a license, with the official rows (``modelgo-lint sheet``)."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from modelgo_lint.licenses.registry import Registry, Sheet

SCHEMA_ID = "https://modelgo-lint.github.io/schemas/model-sheet.schema.json"
MODEL = "example-org/example-model"
LICENSOR = "Example Lab"


def official_sheet(license_id: str, registry: Registry) -> Sheet:
    """The official sheet of the newest revision of ``license_id``; KeyError when it has none."""
    sheet = registry.sheet_of(registry.newest[license_id])
    if sheet is None:
        raise KeyError(license_id)
    return sheet


def example(license_id: str, registry: Registry) -> dict[str, Any]:
    """A complete, valid sheet document for ``license_id`` (placeholders for the model's facts)."""
    return {
        "format_version": 1,
        "model": MODEL,
        "license": {"id": license_id, "file": "LICENSE"},
        "licensor": LICENSOR,
        "attribution": [f"Copyright 2026 {LICENSOR}"],
        "rights": official_sheet(license_id, registry).values(),
    }


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _comment(text: str, indent: str = "") -> list[str]:
    """``text`` as comment lines within yamllint's default 80 columns."""
    return [f"{indent}# {line}" for line in textwrap.wrap(text, 78 - len(indent), break_on_hyphens=False)]


def render_yaml(license_id: str, registry: Registry) -> str:
    """``MODEL_SHEET.yaml`` for ``license_id``: edit model, licensor and attribution, keep the rows.

    It passes yamllint's default rules: a document start, comments within 80 columns; the schema
    modeline and the official row names are longer, so line-length is disabled for those lines
    only (yamllint directives)."""
    sheet = official_sheet(license_id, registry)
    revision = registry.newest[license_id]
    lines = [
        "# yamllint disable-line rule:line-length",
        f"# yaml-language-server: $schema={SCHEMA_ID}",
        *_comment(f"Model Sheet for a model under {license_id} ({revision.version_line})."),
        *_comment("Replace the example model, licensor and attribution; keep the rights rows as they are "
                  f"(official Model Sheet: {sheet.editions[-1]}). Check it with: modelgo-lint check"),
        "---",
        "format_version: 1",
        f"model: {_q(MODEL)}",
        "license:",
        f"  id: {license_id}",
        "  file: LICENSE",
        f"licensor: {_q(LICENSOR)}",
        "attribution:",
        f"  - {_q(f'Copyright 2026 {LICENSOR}')}",
        "rights:",
        "  # the official row names are longer than 80 columns:",
        "  # yamllint disable rule:line-length",
    ]
    group = None
    for row in sheet.rows:
        if row.group and row.group != group:
            group = row.group
            lines.append(f"  # {group}")
        lines.append(f"  {row.key}: {'true' if row.value else 'false'}")
    lines += [
        "  # yamllint enable rule:line-length",
        *_comment("Upstream models, for a derivative (relation: finetune, adapter, quantized, merge, "
                  "distillation):"),
        "derived_from: []",
        "# What you changed, with ISO dates (YYYY-MM-DD):",
        "modifications: []",
    ]
    return "\n".join(lines) + "\n"
