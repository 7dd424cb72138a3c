#!/usr/bin/env python3
"""Compute the properties of common non-ModelGo licenses from ../shared/other-licenses.

Writes ``modelgo_lint/licenses/data/other_licenses.py`` (a Python literal): for each Hugging Face
Hub license id that upstream models commonly carry, the knowledge-base entry it maps to and the
properties the compatibility rules need, each derived from the entry's fields (never typed by hand):

- ``commercial``: ``commercial_use`` in ``rights``;
- ``distribute_derivatives``: ``redistribute`` and ``modify`` in ``rights`` (the ND licenses of the
  knowledge base reserve ``redistribute``);
- ``share_alike``: ``copyleft`` in ``categories``;
- ``use_restrictions``: a term restricted by ``include_use_restriction``;
- ``notices``: ``include_notice`` among the redistribution requirements or term restrictions;
- ``license_copy``: ``include_license`` among the redistribution requirements;
- ``modification_notice``: a term restricted by ``state_changes``.

The source file's sha256 and the entry's ``short_id`` are kept with each record.

Where ../shared/other-licenses holds the license's own text (``<short_id>.txt``), three duties
are read from its words (normalized as license files are), each with the text's sha256 and the
section label it was found in (``text_facts``):

- ``modification_dated``: the notice of changes must give a date (the clause "prominent notices
  stating that you ..." names a date: GPL-3.0 §5(a); not Apache-2.0 §4(b), the OpenRAIL texts);
- ``copy_by_uri``: the URI of the license is accepted instead of its text (CC BY-* §3(a)(1)(C));
- ``notice_file``: the notices must be kept in a NOTICE text file, with no other place allowed
  (Llama 2 §1(b)(iii)); Apache-2.0 §4(d) also allows the documentation, so it is not such a file.

    python scripts/build_other_licenses.py            # rebuild
    python scripts/build_other_licenses.py --check    # exit 1 when the committed data is stale
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from literal import python_literal  # scripts/literal.py

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "modelgo_lint" / "licenses" / "data" / "other_licenses.py"
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


sys.path.insert(0, str(ROOT))
from modelgo_lint.licenses import normalize  # noqa: E402

_NOTICE_CLAUSE = ("prominent", "notices", "stating", "that", "you")


def _find(blocks: list[normalize.Block], phrase: tuple[str, ...]) -> tuple[int, str] | None:
    """(index in the block's tokens, section label) of the first block holding ``phrase``."""
    for block in blocks:
        tokens = block.tokens
        for i in range(len(tokens) - len(phrase) + 1):
            if tokens[i:i + len(phrase)] == phrase:
                return i, block.label
    return None


_CC_SECTION = re.compile(r"^Section\s+(\d+)\s+--")
_CC_ITEM = re.compile(r"^(\s+)([a-z]|\d+|[ivx]+)\.\s")


def _cc_labels(lines: list[str]) -> dict[int, str]:
    """1-based line -> the label Creative Commons cites it by (``3(a)(1)(C)``), for the 4.0 texts'
    outline ("Section 3 -- ..." then indented ``a.``, ``1.``, ``a.``, ``i.``; the third level is
    cited in capitals). Empty for texts without that outline."""
    out: dict[int, str] = {}
    section = ""
    stack: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if (head := _CC_SECTION.match(line)) is not None:
            section, stack = head.group(1), []
        elif section and (item := _CC_ITEM.match(line)) is not None:
            indent = len(item.group(1))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            marker = item.group(2).upper() if len(stack) == 2 else item.group(2)
            stack.append((indent, marker))
        if section:
            out[number] = section + "".join(f"({m})" for _, m in stack)
    return out


def text_facts(text: str) -> dict[str, Any]:
    lines = normalize.split_lines(text)
    blocks = normalize.segment(lines)
    cited = _cc_labels(list(lines))
    if cited:  # the CC texts are cited by their own outline, not by the ModelGo-style block label
        blocks = [b._replace(label=cited.get(b.start_line, b.label)) for b in blocks]
    facts: dict[str, Any] = {}
    clause = _find(blocks, _NOTICE_CLAUSE)
    if clause is not None:
        block = next(b for b in blocks if b.label == clause[1] and
                     _find([b], _NOTICE_CLAUSE) is not None)
        window = block.tokens[clause[0]:clause[0] + 25]
        facts["modification_dated"] = {"value": "date" in window, "section": clause[1]}
    uri = _find(blocks, ("uri", "or", "hyperlink", "to", "this", "public", "license"))
    facts["copy_by_uri"] = {"value": uri is not None, "section": uri[1] if uri else None}
    notice = _find(blocks, ("notice", "text", "file"))
    elsewhere = _find(blocks, ("source", "form", "or", "documentation"))
    facts["notice_file"] = {"value": notice is not None and elsewhere is None,
                            "section": notice[1] if notice else None}
    return facts


def build(source: Path) -> dict[str, Any]:
    raw = source.read_bytes()
    entries = {e["short_id"]: e for e in yaml.safe_load(raw)[1:] if isinstance(e, dict) and "short_id" in e}
    licenses = {}
    for hub_id, (short_id, note) in HUB_IDS.items():
        entry = entries[short_id]
        record: dict[str, Any] = {"short_id": short_id, "name": entry["full_name"], "url": entry.get("url"),
                                  "note": note, **properties(entry),
                                  "modification_dated": False, "copy_by_uri": False, "notice_file": False}
        text_path = source.parent / f"{short_id}.txt"
        if text_path.is_file():
            raw_text = text_path.read_bytes()
            facts = text_facts(raw_text.decode("utf-8-sig"))
            record.update({name: fact["value"] for name, fact in facts.items()})
            record["text_facts"] = {"file": f"other-licenses/{text_path.name}",
                                    "sha256": hashlib.sha256(raw_text).hexdigest(),
                                    "sections": {name: fact["section"] for name, fact in facts.items()}}
        licenses[hub_id] = record
    return {"source": {"file": "other-licenses/licenses_description.yml",
                       "sha256": hashlib.sha256(raw).hexdigest()},
            "licenses": licenses}


def render(data: dict[str, Any]) -> str:
    return python_literal(data, generator="scripts/build_other_licenses.py",
                          source="../shared/other-licenses", what="Facts of common non-ModelGo licenses",
                          sort_keys=True)


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
