"""The lineage report (``modelgo-lint lineage``; the Action's summary with ``hub``): each model
root, its license, and the chain of upstream models with each one's license, relation, the duties
it passes down and what the Hub said of it. Text, JSON and Markdown."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from modelgo_lint.analysis.record import RootAnalysis
from modelgo_lint.licenses.terms import Terms
from modelgo_lint.reporters._escape import plain


def duties(terms: Terms | None) -> list[str]:
    """What a license passes down to the models derived from it (terms.Terms), short labels."""
    if terms is None:
        return []
    found = [
        (not terms.distribute_derivatives, "no derivatives (ND)"),
        (not terms.commercial, "non-commercial (NC)"),
        (terms.share_alike, f"share-alike: same license ({terms.license})"),
        (terms.use_restrictions, "use restrictions (RAI)"),
        (terms.notices, "retain attribution notices"),
        (terms.license_copy, "include a copy of the license"),
        (terms.modification_notice, "state modifications"),
    ]
    return [label for on, label in found if on]


def nodes(root: RootAnalysis) -> list[dict[str, Any]]:
    """The chain as rows: depth 1 is a direct upstream (as recorded, completed by the Hub)."""
    rows = []
    for up in root.upstreams:
        rows.append({"path": [up.name], "depth": 1, "relation": up.relation, "license": up.license,
                     "status": up.hub_status or "recorded", "duties": duties(up.terms), "cycle": False,
                     "terms": up.terms})
        for ancestor in root.lineage:
            if ancestor.path[0] == up.name:
                rows.append({"path": list(ancestor.path), "depth": len(ancestor.path),
                             "relation": ancestor.relation, "license": ancestor.license,
                             "status": ancestor.status, "duties": duties(ancestor.terms),
                             "terms": ancestor.terms,
                             "cycle": ancestor.cycle})
    for row in rows:  # the license as known (MG-BY-NC-2.0) when its terms are, else as written
        terms = row.pop("terms")
        row["license"] = terms.license if isinstance(terms, Terms) else row["license"]
    return rows


def _own(root: RootAnalysis) -> str | None:
    return root.terms.license if root.terms is not None else None


def render_json(roots: Sequence[RootAnalysis]) -> str:
    data = [{"root": root.rel or ".", "license": _own(root), "duties": duties(root.terms),
             "upstreams": nodes(root)} for root in roots]
    return json.dumps({"lineage": data}, indent=2, ensure_ascii=False) + "\n"


def _line(row: dict[str, Any]) -> str:
    said = "" if row["status"] in ("resolved", "recorded") else f" [{row['status']}]"
    cycle = " [cycle: not followed]" if row["cycle"] else ""
    dues = "; ".join(row["duties"]) or "none known"
    return (f"{'  ' * row['depth']}← {plain(row['path'][-1])} ({plain(row['license'] or 'license unknown')}, "
            f"{plain(row['relation'])}){said}{cycle}: {dues}")


def render_text(roots: Sequence[RootAnalysis]) -> str:
    out = []
    for root in roots:
        out.append(f"{plain(root.rel or '.')} ({plain(_own(root) or 'license unknown')})")
        rows = nodes(root)
        out.extend(_line(row) for row in rows)
        if not rows:
            out.append("  no upstream models recorded")
    return "\n".join(out) + "\n"


def render_markdown(roots: Sequence[RootAnalysis]) -> str:
    from modelgo_lint.reporters.markdown import neutral

    out = ["### Model lineage", "", "| Model | License | Relation | Duties passed down |",
           "|---|---|---|---|"]
    for root in roots:
        out.append(f"| {neutral(root.rel or '.')} | {neutral(_own(root) or 'unknown')} | | |")
        for row in nodes(root):
            said = "" if row["status"] in ("resolved", "recorded") else f" ({row['status']})"
            name = " → ".join(neutral(p) for p in row["path"])
            indent = "&nbsp;" * 2 * row["depth"]
            out.append(f"| {indent}{name}{said} | {neutral(row['license'] or 'unknown')} "
                       f"| {neutral(row['relation'])} | {neutral('; '.join(row['duties']) or '-')} |")
    return "\n".join(out) + "\n"


RENDER = {"text": render_text, "json": render_json, "markdown": render_markdown}
