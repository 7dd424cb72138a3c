"""The text report at a glance (issue 15, item 6): the offending line with a caret under the
column, escaped; colour on a terminal only (NO_COLOR, FORCE_COLOR, --color); the summary line."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity
from modelgo_lint.reporters.text import MAX_SNIPPET, render, wants_color
from modelgo_lint.ruledef import Sheet, Text, model, readme
from support import cli, golden, materialise

_SGR = "\x1b["
_PLAIN_ENV = {"NO_COLOR": "", "FORCE_COLOR": "", "TERM": "xterm-256color"}
_COMMERCIAL = "commercial_use_of_licensed_materials_derivative_materials_and_extracted_models"


def _notice(body: str) -> dict[str, object]:
    return model("MG-BY-NC-RAI-2.0", {"README.md": readme("MG-BY-NC-RAI-2.0", notice=False, body=body)})


def _fixture(root: Path) -> Path:
    """Findings whose lines are README and sheet lines (never license text)."""
    folders = {
        "notice-tab": _notice("This model is licensed under\tMG-NC-RAI-2.0.\n"),
        "notice-control": _notice("This model\x1b[31m is licensed under MG-NC-RAI-2.0.\n"),
        "notice-wide": _notice("模型: This model is licensed under MG-NC-RAI-2.0.\n"),
        "sheet-date": model("MG-BY-2.0", {"MODEL_SHEET.yaml": Sheet("MG-BY-2.0", (
            ("modifications: []", "modifications:\n  - date: 30/06/2025\n    description: Pruned."),))}),
        "sheet-row": model("MG-BY-NC-2.0", {"MODEL_SHEET.yaml": Sheet("MG-BY-NC-2.0", (
            (f"{_COMMERCIAL}: false", f"{_COMMERCIAL}: true"),))}),
    }
    for name, files in folders.items():
        materialise(root / name, files)
    return root


def test_snippet_and_caret_golden(tmp_path: Path) -> None:
    run = cli("check", _fixture(tmp_path), cwd=tmp_path, env=_PLAIN_ENV)
    assert run.code == 1, run.err
    assert _SGR not in run.out
    golden("check-snippet.txt", run.out.replace(str(tmp_path), "<tmp>"))


def test_the_report_holds_the_lines_of_sheets_and_readmes_not_of_license_texts(tmp_path: Path) -> None:
    from modelgo_lint.config import Config
    from modelgo_lint.engine import lint

    changed = Text("MG-BY-NC-2.0", delete="NonCommercial purposes only")
    sheet = Sheet("MG-BY-NC-2.0")
    materialise(tmp_path, model("MG-BY-NC-2.0", {"LICENSE": changed, "MODEL_SHEET.yaml": sheet}))
    report = lint([tmp_path], Config())
    assert [f.code for f in report.findings] == ["MG102"] and report.findings[0].line
    assert sorted(report.sources) == ["MODEL_SHEET.yaml", "README.md"]
    assert "|" not in render(report).split("\n")[1]  # no snippet: the changed words are the details' job


def _under_pty(args: list[str], env: dict[str, str]) -> str:
    """Run the CLI with stdout (and stderr) on a pseudo-terminal; return what it wrote."""
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "modelgo_lint", *args], stdout=secondary, stderr=secondary,
                            stdin=subprocess.DEVNULL, env={**os.environ, **env})
    os.close(secondary)
    chunks = []
    while True:
        ready, _, _ = select.select([primary], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(primary, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=30)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


def test_colour_on_a_terminal_not_in_a_pipe_and_no_color_removes_it(tmp_path: Path) -> None:
    root = _fixture(tmp_path)
    args = ["check", str(root / "sheet-date")]
    tty = _under_pty(args, _PLAIN_ENV)
    assert f"{_SGR}1;31merror{_SGR}0m" in tty and "MG203" in tty
    assert _SGR not in cli(*args, env=_PLAIN_ENV).out  # a pipe
    assert _SGR not in _under_pty(args, {**_PLAIN_ENV, "NO_COLOR": "1"})
    _under_pty([*args, "--output", str(tmp_path / "report.txt")], _PLAIN_ENV)  # a file is no terminal
    assert "MG203" in (tmp_path / "report.txt").read_text("utf-8")
    assert _SGR not in (tmp_path / "report.txt").read_text("utf-8")
    sheet = str(root / "sheet-date" / "MODEL_SHEET.yaml")
    assert f"{_SGR}1;31merror" in _under_pty(["check-sheet", sheet], _PLAIN_ENV)  # check-sheet too
    assert _SGR in cli(*args, "--color", "always", env={**_PLAIN_ENV, "NO_COLOR": "1"}).out  # the option wins
    # the rest of the decision (FORCE_COLOR, TERM=dumb, --color never): test_wants_color


@pytest.mark.parametrize(
    "choice,tty,env,expected",
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),  # set but empty: not set (no-color.org)
        ("auto", False, {"FORCE_COLOR": "1"}, True),
        ("auto", False, {"FORCE_COLOR": ""}, False),
        ("auto", True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True),  # force-color.org: after NO_COLOR
        ("auto", True, {"TERM": "dumb"}, False),
        ("never", True, {"FORCE_COLOR": "1"}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
    ],
)
def test_wants_color(choice: str, tty: bool, env: dict[str, str], expected: bool) -> None:
    assert wants_color(choice, tty, env) is expected


def test_a_long_line_is_a_window_around_the_column() -> None:
    line = "a" * 300 + "X" + "b" * 300
    finding = Finding("README.md", 2, 301, "MG204", "m", Severity.ERROR)
    out = render(Report((finding,), 1, 1, {"README.md": f"first\n{line}\n"}))
    shown, caret = out.split("\n")[2], out.split("\n")[3]
    assert "…" in shown and len(shown) < MAX_SNIPPET + 20
    assert shown[caret.index("^")] == "X"


def test_summary_counts_and_the_fix_hint_only_when_given(tmp_path: Path) -> None:
    finding = Finding("README.md", 0, 0, "MG207", "m", Severity.WARNING)
    out = render(Report((finding,), 1, 2))
    assert out.endswith("Found 0 errors, 1 warning, 0 infos (1 model, 2 files read).\n")
    assert "modelgo-lint fix" in render(Report((finding,), 1, 2), fix_command="modelgo-lint fix models")
    assert "modelgo-lint fix" not in render(Report((), 1, 2), fix_command="modelgo-lint fix")
    from modelgo_lint.cli import _parser

    assert "fix" in _parser(["rules"]).parse_args(["rules"]).commands
    # the hint only when `fix` can repair a finding: a schema error it cannot, a misspelled
    # identifier in a README notice it can (MG204, see modelgo_lint.rules.can_fix)
    run = cli("check", _fixture(tmp_path) / "sheet-date", env=_PLAIN_ENV)
    assert run.code == 1 and "MG203" in run.out and "modelgo-lint fix" not in run.out
    fixable = cli("check", _fixture(tmp_path / "again") / "notice-control", env=_PLAIN_ENV)
    assert "MG204" in fixable.out and "modelgo-lint fix" in fixable.out
