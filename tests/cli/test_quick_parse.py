"""options.quick_parse reads the plain command lines of check, hook and check-sheet without argparse
(issue 14): wherever it answers, argparse gives the same namespace; where it does not, argparse runs
(help, abbreviations, errors are argparse's)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelgo_lint import cli, options

_COMMANDS = frozenset(cli._COMMANDS)
_WORDS = st.sampled_from([
    "check", "hook", "check-sheet", "identify", ".", "a", "b/c", "", "-", "--", "-x", "-h", "--help",
    "--format", "--form", "--format=json", "--format=", "json", "sarif", "text", "github", "markdown",
    "bogus", "--fail-on", "--fail-on=warning", "warning", "never", "--severity", "MG101=off", "--output",
    "out.txt", "--color", "always", "--base", "HEAD~1", "--base=-1", "--staged", "--staged=1", "--config",
    "--texts", "--download", "--no-download", "--hub", "--version", "MODEL_SHEET.yaml", "-1", "x y",
    "--jobs", "-j", "--jobs=2", "-j=2", "-j2", "0", "4", "007", "²", "+3", " 3", "3_0", "--jobs=",
])


def _argparse(argv: list[str]) -> dict[str, object] | None:
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return vars(cli._parser(argv).parse_args(argv))
        except SystemExit:
            return None


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["check", "hook", "check-sheet", "rules"]), st.lists(_WORDS, max_size=7))
def test_quick_parse_agrees_with_argparse(command: str, words: list[str]) -> None:
    argv = [command, *words]
    quick = options.quick_parse(argv, _COMMANDS)
    if quick is not None:
        assert quick == _argparse(argv)


@pytest.mark.parametrize("argv", [
    ["check"], ["check", "."], ["check", "a", "b", "--format", "json"], ["check", "--format=sarif", "a"],
    ["check", "--base", "HEAD~1", "--staged", "--severity", "MG101=off", "--severity", "MG102=info", "."],
    ["check", "--output", "r.txt", "--config", "c.yaml", "--fail-on", "warning", "--color", "never"],
    ["check", "--texts", "mirror", "--download", "--hub", "."],
    ["check", "--jobs", "4", "."], ["check", "-j", "1"], ["check", "--jobs=0", "a", "b"],
    ["hook"], ["hook", "--format", "github", "LICENSE", "README.md"],
    ["check-sheet", "MODEL_SHEET.yaml"], ["check-sheet", "--fail-on", "never", "a.yaml", "b.json"],
], ids=lambda argv: " ".join(argv) or "empty")
def test_the_plain_command_lines_are_read_quickly_and_alike(argv: list[str]) -> None:
    quick = options.quick_parse(argv, _COMMANDS)
    assert quick is not None
    assert quick == _argparse(argv)


@pytest.mark.parametrize("argv", [
    ["check", "--form", "json"], ["check", "--format", "bogus"], ["check", "-h"], ["check", "--", "-x"],
    ["check", "a", "--staged", "b"], ["check", "--no-download"], ["check-sheet"], ["check", "--base"],
    ["identify", "LICENSE"], ["--version"], [],
    ["check", "--jobs", "-1"], ["check", "-j", "x"], ["check", "--jobs", "²"], ["check", "-j=2"],
], ids=lambda argv: " ".join(argv) or "empty")
def test_other_command_lines_are_left_to_argparse(argv: list[str]) -> None:
    assert options.quick_parse(argv, _COMMANDS) is None


def test_a_plain_check_does_not_import_argparse(tmp_path: Path) -> None:
    probe = ("import sys\nfrom modelgo_lint.cli import main\nmain(['check', sys.argv[1]])\n"
             "print('argparse' in sys.modules, 'gettext' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True,
                          timeout=60)
    assert proc.stdout.splitlines()[-1] == "False False", proc.stderr
    # and a bad line still gets argparse's usage error (exit 2, the option named)
    bad = subprocess.run([sys.executable, "-m", "modelgo_lint", "check", "--format", "bogus", str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "--format" in bad.stderr


def test_version_is_what_argparse_prints() -> None:
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown), pytest.raises(SystemExit) as exited:
        cli._parser(["--version"]).parse_args(["--version"])
    assert exited.value.code == 0
    proc = subprocess.run([sys.executable, "-m", "modelgo_lint", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, shown.getvalue(), "")
