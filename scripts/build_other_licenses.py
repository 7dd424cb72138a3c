#!/usr/bin/env python3
"""Compute the properties of common non-ModelGo licenses from ../shared/other-licenses.

Writes ``modelgo_lint/licenses/data/other_licenses.json``: for each Hugging Face Hub license id that
upstream models commonly carry, the knowledge-base entry it maps to and the properties the
compatibility rules need, each derived from the entry's fields (never typed by hand):

- ``commercial``: ``commercial_use`` in ``rights``;
- ``distribute_derivatives``: ``redistribute`` and ``modify`` in ``rights`` (the ND licenses of the
  knowledge base reserve ``redistribute``);
- ``share_alike``: ``copyleft`` in ``categories``;
- ``use_restrictions``: a term restricted by ``include_use_restriction``;
- ``notices``: ``include_notice`` among the redistribution requirements or term restrictions;
- ``license_copy``: ``include_license`` among the redistribution requirements;
- ``modification_notice``: a term restricted by ``state_changes``.

The source file's sha256 and the entry's ``short_id`` are kept with each record.

    python scripts/build_other_licenses.py            # rebuild
    python scripts/build_other_licenses.py --check    # exit 1 when the committed data is stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "modelgo_lint" / "licenses" / "data" / "other_licenses.json"
SOURCE = ROOT.parent / "shared" / "other-licenses" / "licenses_description.yml"

#: Hub license id -> knowledge-base short_id (names only), and why when it is not the same license.
HUB_IDS: dict[str, tuple[str, str | None]] = {
    "apache-2.0": ("Apache-2.0", None),
    "mit": ("MIT", None),
    "bsd-3-clause": ("BSD-3-Clause", None),
    "bsd-2-clause": ("BSD-2-Clause", None),
    "unlicense": ("Unlicense", None),
    "cc0-1.0": ("CC0-1.0", None),
    "gpl-3.0": ("GPL-3.0", None),
    "agpl-3.0": ("AGPL-3.0", None),
    "cc-by-4.0": ("CC-BY-4.0", None),
    "cc-by-sa-4.0": ("CC-BY-SA-4.0", None),
    "cc-by-nc-4.0": ("CC-BY-NC-4.0", None),
    "cc-by-nd-4.0": ("CC-BY-ND-4.0", None),
    "cc-by-nc-nd-4.0": ("CC-BY-NC-ND-4.0", None),
    "cc-by-nc-sa-4.0": ("CC-BY-NC-SA-4.0", None),
    "openrail": ("BigScience-BLOOM-OpenRAIL-M",
                 "the Hub's generic OpenRAIL id; properties of the OpenRAIL-M entry"),
    "bigscience-openrail-m": ("BigScience-BLOOM-OpenRAIL-M", None),
    "openrail++": ("OpenRAIL++", None),
    "creativeml-openrail-m": ("CreativeML-OpenRAIL-M", None),
    "bigscience-bloom-rail-1.0": ("BigScience-BLOOM-RAIL-1.0", None),
    "llama2": ("Llama2", None),
    "llama3": ("Llama2", "not in the knowledge base; the Llama 3 community license keeps the Llama 2 "
                         "structure (commercial use, use restrictions, license copy), so the Llama2 entry"),
}


def _restrictions(entry: dict[str, Any]) -> set[str]:
    return {r for term in entry.get("terms") or [] for r in term.get("restrictions") or []}


def properties(entry: dict[str, Any]) -> dict[str, bool]:
    rights = set(entry.get("rights") or [])
    redistribute = set(entry.get("redistribute") or [])
    restrictions = _restrictions(entry)
    return {
        "commercial": "commercial_use" in rights,
        "distribute_derivatives": {"redistribute", "modify"} <= rights,
        "share_alike": "copyleft" in (entry.get("categories") or []),
        "use_restrictions": "include_use_restriction" in restrictions,
        "notices": "include_notice" in redistribute | restrictions,
        "license_copy": "include_license" in redistribute,
        "modification_notice": "state_changes" in restrictions,
    }


def build(source: Path) -> dict[str, Any]:
    raw = source.read_bytes()
    entries = {e["short_id"]: e for e in yaml.safe_load(raw)[1:] if isinstance(e, dict) and "short_id" in e}
    licenses = {}
    for hub_id, (short_id, note) in HUB_IDS.items():
        entry = entries[short_id]
        licenses[hub_id] = {"short_id": short_id, "name": entry["full_name"], "url": entry.get("url"),
                            "note": note, **properties(entry)}
    return {"source": {"file": "other-licenses/licenses_description.yml",
                       "sha256": hashlib.sha256(raw).hexdigest()},
            "licenses": licenses}


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    text = render(build(args.source))
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text("utf-8") != text:
            print(f"stale: {OUTPUT.relative_to(ROOT)} (run scripts/build_other_licenses.py)", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
