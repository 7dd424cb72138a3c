"""What `modelgo-lint check` imports on a clean repository, without a sheet and with one, against
an allow-list: a new import on the clean path is a red test, not a slow release (issue 14)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import sheet_yaml, write_model

_OURS = {
    "modelgo_lint", "modelgo_lint.analysis", "modelgo_lint.analysis.declarations",
    "modelgo_lint.analysis.notices", "modelgo_lint.analysis.parsed", "modelgo_lint.analysis.readme",
    "modelgo_lint.analysis.record", "modelgo_lint.checks", "modelgo_lint.checks.consistency",
    "modelgo_lint.checks.derivatives", "modelgo_lint.checks.files", "modelgo_lint.checks.license",
    "modelgo_lint.checks.sheet", "modelgo_lint.cli", "modelgo_lint.config",
    "modelgo_lint.engine", "modelgo_lint.findings", "modelgo_lint.licenses",
    "modelgo_lint.licenses.identifiers", "modelgo_lint.licenses.matcher",
    "modelgo_lint.licenses.registry", "modelgo_lint.licenses.terms", "modelgo_lint.repo",
    "modelgo_lint.repo.discover", "modelgo_lint.repo.documents", "modelgo_lint.repo.read",
    "modelgo_lint.repo.reader", "modelgo_lint.reporters",
    "modelgo_lint.reporters.text", "modelgo_lint.ruledef", "modelgo_lint.sheets",
    "modelgo_lint.sheets.loader", "modelgo_lint.sheets.plain",
    # the declaration model (issue 12): own vs upstream license files, Hub ids, README sentences
    "modelgo_lint.analysis.ownership", "modelgo_lint.licenses.hub", "modelgo_lint.repo.prose",
    "modelgo_lint.lazyre",  # regular expressions compiled on first use (issue 14 item 3)
    "modelgo_lint.digest",  # SHA-256 without OpenSSL (issue 14)
    "modelgo_lint.options",  # the hot commands' options as data, read without argparse (issue 14)
    "modelgo_lint.records",  # typed records without NamedTuple's class-creation cost (issue 14)
    # the registry's index, the official sheets and other licenses' facts as literals (issue 14)
    "modelgo_lint.licenses.data", "modelgo_lint.licenses.data.index",
}
_WITH_SHEET = {"modelgo_lint.sheets.quick", "modelgo_lint.sheets.validate", "modelgo_lint.sheets.schemas",
               # the official Model Sheets, with their rows' slugs: only for a repository with a
               # sheet (the terms of a license file are in the registry's index; issue 14 item 2)
               "modelgo_lint.licenses.data.sheets", "modelgo_lint.licenses.ascii_table"}
# standard-library top-level names the clean path may load (beyond `python -c pass`); no longer
# (issue 14 item 3): tempfile, threading, zipfile (importlib.resources), shutil, bz2, lzma (argparse's
# terminal width), difflib, heapq (only for modified texts and suggestions), random, bisect; nor,
# since the records are not dataclasses, dataclasses with inspect, ast, dis, tokenize, linecache and copy;
# nor textwrap (rule help only); nor hashlib with OpenSSL (modelgo_lint.digest); nor typing
# (records are modelgo_lint.records, TYPE_CHECKING a module constant); nor argparse with gettext and
# locale (modelgo_lint.options.quick_parse reads a plain command line); nor json (the data a clean run
# reads is Python literals); nor pathlib with urllib.parse and ipaddress (the stages pass path strings)
_STDLIB = {
    "atexit",  # built in: lazyre writes the patterns a run compiled (a cold cache)
    "__future__", "_abc", "_codecs", "_collections", "_distutils_hack",
    "_frozen_importlib", "_frozen_importlib_external", "_functools", "_imp", "_io",
    "_operator", "_sha2", "_sha256", "_signal",
    "_sitebuiltins", "_sre", "_stat", "_string", "_thread", "_warnings", "_weakref",
    "_weakrefset", "abc", "builtins", "codecs", "collections",
    "copyreg", "encodings", "enum", "errno", "fnmatch",
    "functools", "genericpath", "importlib", "io",
    "itertools", "keyword", "marshal", "math", "operator", "os",
    "posix", "posixpath", "re", "reprlib", "site", "sre_compile",
    "sre_constants", "sre_parse", "stat", "string", "sys", "time",
    "types", "warnings", "weakref", "zipimport",
}
_NEVER = ("yaml", "_yaml", "jsonschema", "referencing", "attrs", "rpds", "github", "requests", "subprocess",
          "pathlib", "urllib", "unicodedata", "contextlib",
          # the registry of every rule with its docs, the escaping and the other licenses' facts: only
          # with findings, a non-ModelGo license or a base (issue 14)
          "modelgo_lint.rules", "modelgo_lint.checks.retention", "modelgo_lint.reporters._escape",
          "modelgo_lint.licenses.data.other_licenses",
          # the normalizer: a published text is identified by its digest
          "modelgo_lint.licenses.normalize",
          "modelgo_lint.repo.gitio", "modelgo_lint.reporters.sarif", "modelgo_lint.reporters.json_format",
          "modelgo_lint.reporters.markdown", "modelgo_lint.reporters.github", "modelgo_lint.github")

_PROBE = """
import json, subprocess, sys
before = set(sys.modules)
from modelgo_lint.cli import main
code = main(["check", sys.argv[1]])
print(json.dumps({"code": code, "new": sorted(set(sys.modules) - before), "total": len(sys.modules)}))
"""


def _imports(repo: Path) -> tuple[set[str], int]:
    # subprocess is imported by the probe itself before `before`, so it is not counted; the
    # probe's own `import subprocess` must not hide a new one: run a second probe without it
    probe = _PROBE.replace("import json, subprocess, sys", "import json, sys")
    proc = subprocess.run([sys.executable, "-c", probe, str(repo)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["code"] == 0
    return set(result["new"]), result["total"]


@pytest.mark.parametrize("with_sheet", [False, True], ids=["no-sheet", "sheet"])
def test_clean_check_imports_only_the_allow_list(tmp_path: Path, with_sheet: bool) -> None:
    write_model(tmp_path, "MG-BY-NC-2.0")
    if with_sheet:
        (tmp_path / "MODEL_SHEET.yaml").write_text(sheet_yaml("MG-BY-NC-2.0"), encoding="utf-8")
    modules, total = _imports(tmp_path)
    ours = {m for m in modules if m.split(".")[0] == "modelgo_lint"}
    others = {m.split(".")[0] for m in modules} - {"modelgo_lint"}
    allowed = _OURS | (_WITH_SHEET if with_sheet else set())
    assert ours - allowed == set(), "modelgo_lint modules new on the clean path"
    assert others - _STDLIB == set(), "top-level modules new on the clean path"
    assert not [m for m in modules if m in _NEVER or m.split(".")[0] in _NEVER]
    # 245 before issue 14, 171 after its first part, 140/141 (wheel) after item 3, 133/134 with
    # NamedTuple records; 114/120 with Record, no typing, argparse, json or OpenSSL (this probe itself
    # adds json's five); 106/112 without pathlib; 105/109 without contextlib, unicodedata, the rule
    # registry, the escaping and the other licenses' facts (atexit when the pattern cache is cold)
    assert total <= 111
