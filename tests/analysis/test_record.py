"""Checks are pure functions of a model root's analysis: records built by hand, no files, no registry."""

from __future__ import annotations

import ast
from pathlib import Path

from modelgo_lint.analysis.declarations import Declaration
from modelgo_lint.analysis.notices import Notice
from modelgo_lint.analysis.record import LicenseFile, RootAnalysis
from modelgo_lint.checks import consistency, license, retention
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.licenses.matcher import Change, Identification, Verdict
from modelgo_lint.licenses.registry import Revision
from modelgo_lint.licenses.terms import Terms
from modelgo_lint.repo.documents import RootFiles, TextFile
from support import PROJECT

PACKAGE = PROJECT / "modelgo_lint"


def _revision(license_id: str) -> Revision:
    return Revision(license_id, f"ModelGo License {license_id}", "Version 2.0, Dec 2025", "2025-12-01",
                    "2025-12-01", "0" * 64, 3000, True, (f"{license_id}.md",), lambda _: (), None)


def _root(identification: Identification, *declared: Declaration, **fields: object) -> RootAnalysis:
    license_file = TextFile("LICENSE", "the text")
    files = RootFiles(".", (license_file,), (TextFile("MODEL_SHEET.yaml", "..."),), None)
    return RootAnalysis(files, (LicenseFile(license_file, identification),), declarations=declared,
                        identifiers=("MG-BY-2.0", "MG-BY-NC-2.0"), **fields)  # type: ignore[arg-type]


def _terms(license_id: str, retain: bool) -> Terms:
    flags = dict.fromkeys(("distribute_derivatives", "distribute_extracted", "commercial", "use_restrictions",
                           "notices", "license_copy", "license_copy_extracted", "modification_notice",
                           "share_alike", "share_alike_extracted", "extracted_notice"), False)
    return Terms(license_id, True, "by hand", retain_notices=retain, **flags)


def test_a_modified_license_file_is_mg102() -> None:
    change = Change("changed", "2.1(a)", 12, 14, 40)
    ident = Identification(Verdict.MODIFIED, _revision("MG-BY-NC-2.0"), 0.981, (change,), title_line=1)
    assert list(license.check(_root(ident))) == [
        Finding("LICENSE", 12, 1, "MG102",
                'LICENSE is a modified copy of MG-BY-NC-2.0 "Version 2.0, Dec 2025": 1 paragraph differs '
                "from the published text (98.1% similar)",
                Severity.ERROR, details=("2.1(a): changed (lines 12-14)",),
                hint=license._RESTORE),
    ]


def test_a_sheet_declaring_another_license_is_mg205() -> None:
    ident = Identification(Verdict.CANONICAL, _revision("MG-BY-NC-2.0"), 1.0, title_line=1)
    sheet = Declaration("MODEL_SHEET.yaml", 3, 7, "MG-BY-2.0", "MG-BY-2.0", "Model Sheet license.id",
                        "/license/id")
    found = list(consistency.check(_root(ident, sheet)))
    assert [(f.path, f.line, f.column, f.code, f.pointer) for f in found] == [
        ("MODEL_SHEET.yaml", 3, 7, "MG205", "/license/id")
    ]
    assert found[0].message == "Model Sheet license.id declares MG-BY-2.0, but LICENSE is MG-BY-NC-2.0"
    assert list(license.check(_root(ident, sheet))) == []


def test_a_removed_notice_is_mg301() -> None:
    kept = Notice("NOTICE", 1, "Copyright 2025 Upstream Lab", "NOTICE")
    lost = Notice("NOTICE", 2, "Base model by Example Org", "NOTICE")
    files = RootFiles(".", (), (), None, (TextFile("NOTICE", "..."),))
    terms = _terms("MG-BY-2.0", retain=True)
    head = RootAnalysis(files, notices=(kept,), license_file_terms=terms)
    base = RootAnalysis(files, notices=(kept, lost), license_file_terms=terms)
    found = list(retention.check(head, base, "main", {}))
    assert [(f.path, f.code) for f in found] == [("NOTICE", "MG301")]
    assert "'Base model by Example Org'" in found[0].message
    mg0 = _terms("MG0-2.0", retain=False)  # MG0 is exempt: nothing to retain
    exempt = (RootAnalysis(files, notices=(kept,), license_file_terms=mg0),
              RootAnalysis(files, notices=(kept, lost), license_file_terms=mg0))
    assert list(retention.check(*exempt, "main", {})) == []


def _imports(path: Path, module: str) -> set[str]:
    """Every package module that ``module`` imports, at any level of its code (lazy imports included)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            out.add(base)
            out |= {f"{base}.{alias.name}" for alias in node.names}
    return {name for name in out if name.startswith("modelgo_lint")}


def _graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return {name: {m for m in _imports(path, name) if m in modules and m != name}
            for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_the_package_has_no_import_cycle() -> None:
    graph = _graph()
    assert len(graph) >= 40 and "modelgo_lint.checks.license" in graph  # the walk saw the package
    assert _cycles(graph) == []


def test_checks_import_neither_reader_gitio_cli_nor_reporters() -> None:
    graph = _graph()
    assert sum(name.startswith("modelgo_lint.checks.") for name in graph) >= 6
    forbidden = ("modelgo_lint.repo.reader", "modelgo_lint.repo.gitio", "modelgo_lint.cli",
                 "modelgo_lint.reporters",
                 "modelgo_lint.licenses.registry", "modelgo_lint.rules", "modelgo_lint.engine")
    for name, imported in graph.items():
        if name.startswith("modelgo_lint.checks"):
            assert not {m for m in imported if m.startswith(forbidden)}, name
