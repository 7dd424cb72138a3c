#!/usr/bin/env python3
"""Write ``docs/rules/<CODE>.md`` (one page per rule) and ``docs/rules/README.md`` from the rule
registry. The pages are the ``helpUri`` of each rule in SARIF.

    python scripts/build_rule_docs.py            # rewrite
    python scripts/build_rule_docs.py --check    # exit 1 when a page is stale or left over
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modelgo_lint.rules import RULES, doc_index, doc_page  # noqa: E402

DOCS = ROOT / "docs" / "rules"


def expected() -> dict[str, str]:
    pages = {f"{code}.md": doc_page(rule) for code, rule in RULES.items()}
    pages["README.md"] = doc_index()
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    pages = expected()
    present = {p.name for p in DOCS.glob("*.md")} if DOCS.is_dir() else set()
    stale = sorted(
        n for n, text in pages.items() if not (DOCS / n).is_file() or (DOCS / n).read_text("utf-8") != text
    )
    extra = sorted(present - set(pages))
    if args.check:
        for name in stale + extra:
            print(f"docs/rules/{name} is stale (python scripts/build_rule_docs.py)")
        return 1 if stale or extra else 0
    DOCS.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (DOCS / name).write_text(pages[name], encoding="utf-8")
    for name in extra:
        (DOCS / name).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
