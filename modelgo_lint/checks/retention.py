"""MG301, MG302: notices present at the base revision and gone at the head (issue 4).

Not one of the per-root CHECKS: it compares two snapshots of a model root, the head (working
tree) and the base (a git revision), and runs only with ``check --base REV`` / ``--staged``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from modelgo_lint.analysis.record import RootAnalysis
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.ruledef import Example, Rule, model, rule

_SIMILAR = 0.6


#: the rules this check emits (collected by modelgo_lint.rules)
RULES: tuple[Rule, ...] = (
    rule(
        "MG301", "attribution-removed", Severity.ERROR,
        "A notice present at the base revision is missing or altered at the head.",
        """
With `check --base REV` (the Action: the PR base; the hook: HEAD), every notice of the base
(NOTICE lines, README copyright lines and Attribution section, license preamble, the sheet's
`attribution`) must still be in the same file (renames followed). Only licenses whose official
sheet requires retaining notices are checked: MG0 is exempt.
""",
        why="Section 2.2(a)(iv) (Conditions) of the BY licenses: existing copyright and attribution "
            "notices are retained in every Distribution.",
        fix="Restore the notice as it was at the base revision; add new notices beside it.",
        failing=Example("the base's NOTICE line changed at the head",
                        model("MG-BY-2.0", {"NOTICE": "Copyright 2025 B Lab\n"}),
                        base=model("MG-BY-2.0", {"NOTICE": "Copyright 2024 A Lab\n"})),
        passing=Example("a line added to NOTICE",
                        model("MG-BY-2.0", {"NOTICE": "Copyright 2024 A Lab\nCopyright 2025 B Lab\n"}),
                        base=model("MG-BY-2.0", {"NOTICE": "Copyright 2024 A Lab\n"})),
    ),
    rule(
        "MG302", "notice-file-removed", Severity.ERROR,
        "A NOTICE file present at the base revision was deleted.",
        """
Renaming NOTICE to NOTICE.md with its content kept is fine; deleting it is not, for licenses that
require retaining notices.
""",
        why="Section 2.2(a)(iv) (Conditions) of the BY licenses: existing notices are retained in every "
            "Distribution.",
        fix="Restore the NOTICE file of the base revision.",
        failing=Example("NOTICE deleted", model("MG-BY-2.0"),
                        base=model("MG-BY-2.0", {"NOTICE": "Copyright 2024 A Lab\n"})),
        passing=Example("NOTICE renamed NOTICE.md",
                        model("MG-BY-2.0", {"NOTICE.md": "Copyright 2024 A Lab\n"}),
                        base=model("MG-BY-2.0", {"NOTICE": "Copyright 2024 A Lab\n"})),
    ),
)


def _similarity(a: str, b: str) -> float:
    import difflib  # only when notices changed: not on the clean path

    return difflib.SequenceMatcher(None, a, b).ratio()


def check(
    head: RootAnalysis, base: RootAnalysis, rev: str, renamed_from: dict[str, str]
) -> Iterator[Finding]:
    """``head`` and ``base`` are the analyses of the model root at the head and at ``rev``."""
    # the license files decide (head, else base): a declaration alone does not make notices binding
    terms = head.license_file_terms or base.license_file_terms
    #: a license that wants its notices in a NOTICE text file (Llama 2 §1(b)(iii)); ModelGo
    #: 2.2(a)(iii) and Apache-2.0 §4(d) also accept the documentation (the README)
    file_required = [u.terms.license for u in head.upstreams if u.terms is not None and u.terms.notice_file]
    if (terms is None or not terms.retain_notices) and not file_required:
        return  # MG0 and non-ModelGo models: nothing to retain
    renamed_to = {old: new for new, old in renamed_from.items()}
    head_paths = {f.rel for f in head.files.all()}
    head_notices = head.notices
    head_keys: dict[str, set[str]] = {}
    for notice in head_notices:
        head_keys.setdefault(notice.path, set()).add(notice.key)
    own = head.own_notices | base.own_notices

    def retained(key: str) -> bool:
        """Anywhere in a licensing text file of the head root (README, NOTICE, LICENSE, sheet)."""
        return any(key in text for text in head.retained_text)

    binding = terms is not None and terms.retain_notices
    why = (f"{terms.license} requires retaining attribution notices" if terms is not None and binding
           else f"{', '.join(file_required)} requires a NOTICE file")

    deleted: set[str] = set()
    for notice_file in base.files.notices:
        if renamed_to.get(notice_file.rel, notice_file.rel) in head_paths or head.files.notices:
            continue  # kept, renamed, or replaced by another NOTICE file: its lines are compared below
        deleted.add(notice_file.rel)
        lines = [n for n in base.notices if n.path == notice_file.rel and n.kind == "NOTICE"]
        lost = [n for n in lines if not retained(n.key) and n.key not in own]
        if not lost and not file_required:
            continue  # every notice moved into the README or another licensing file: retained
        yield Finding(
            notice_file.rel,
            0,
            0,
            "MG302",
            f"{notice_file.rel} was deleted (it existed at {rev}); {why}"
            + ("" if lost else " (its notices are elsewhere, but not in a NOTICE file)"),
            Severity.ERROR,
            hint=f"Restore it: git checkout {rev} -- {notice_file.rel}",
            details=tuple(f"{n.path}:{n.line} at {rev}: {n.text}" for n in (lost or lines)[:20]),
        )
    if terms is None or not terms.retain_notices:
        return

    base_notices = base.notices
    base_keys = {n.key for n in base_notices}

    def now(path: str) -> str:
        """Where a base file is at the head: renamed, or the same name in the moved folder."""
        if path in renamed_to:
            return renamed_to[path]
        if path not in head_paths and base.rel != head.rel:
            moved = posixpath.join("" if head.rel == "." else head.rel, posixpath.basename(path))
            if moved in head_paths:
                return moved
        return path

    for notice in base_notices:
        path = now(notice.path)
        kept = notice.key in head_keys.get(path, set()) or retained(notice.key)
        if kept or notice.path in deleted or notice.key in own:
            continue
        candidates = [n for n in head_notices if n.path == path] or head_notices
        best = max(candidates, key=lambda n: _similarity(n.key, notice.key), default=None)
        origin = f"{notice.path}:{notice.line} at {rev}"
        if best is not None and _similarity(best.key, notice.key) >= _SIMILAR and best.key not in base_keys:
            if best.key in own:
                continue  # the licensor updated its own notice (its year, its name): sheet licensor_notices
            yield Finding(
                best.path,
                best.line,
                1,
                "MG301",
                f"attribution notice altered: {notice.text!r} ({origin}) became {best.text!r}; {why}",
                Severity.ERROR,
                hint="Keep the original notice as it was; add your own notice beside it.",
            )
        else:
            where = path if path in head_paths else (head.rel if head.rel not in ("", ".") else path)
            yield Finding(
                where,
                0,
                0,
                "MG301",
                f"attribution notice removed: {notice.text!r} ({notice.kind}, {origin}); {why}",
                Severity.ERROR,
                hint=f"Restore the line in {path}.",
            )
