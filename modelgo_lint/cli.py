"""The ``modelgo-lint`` command: parses arguments, runs the core, picks a reporter and an exit code.

Exit codes (design §5): 0 nothing reaches the fail level, 1 something does, 2 usage or
configuration error, 3 internal error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from modelgo_lint import __version__

if TYPE_CHECKING:
    from modelgo_lint.config import Config

# the choices of --fail-on (modelgo_lint.config.FAIL_LEVELS; tests/cli keep them equal): building
# the parser imports neither the configuration nor the rules, the engine or a reporter
FAIL_LEVELS = ("error", "warning", "info", "never")

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil (and with it bz2 and lzma)
    on every start-up: argparse builds a formatter for each argument it adds."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None, **more: bool) -> None:
        width = _columns() - 2 if width is None else width  # argparse's own default: the terminal's less 2
        super().__init__(prog, indent_increment, max_help_position, width, **more)


class _Parser(argparse.ArgumentParser):
    """argparse's usage errors echo what was typed: shown on one line, controls escaped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        from modelgo_lint.findings import one_line

        super().error(one_line(message))


def _parser() -> argparse.ArgumentParser:
    from modelgo_lint.reporters import FORMATS, IDENTIFY_FORMATS

    parser = _Parser(
        prog="modelgo-lint",
        description="Check ModelGo license integrity, Model Sheets and attribution in model repositories.",
    )
    parser.add_argument("--version", action="version", version=f"modelgo-lint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser("check", help="lint model repositories (default: .)")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", default=[Path(".")])
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument("--fail-on", choices=FAIL_LEVELS, default=None,
                       help="lowest severity that makes the exit code 1 (default: error)")
    check.add_argument("--severity", action="append", default=[], metavar="CODE=LEVEL",
                       help="set a rule's severity (error, warning, info, off); repeatable")
    check.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    check.add_argument("--base", metavar="REV",
                       help="git revision to compare notices with (attribution retention, MG301/MG302)")
    check.add_argument("--staged", action="store_true",
                       help="compare notices with HEAD, and return at once when the index changes no "
                            "licensing file (nothing to compare on a first commit)")
    check.add_argument("--config", type=Path, metavar="FILE",
                       help="configuration file (default: .modelgo-lint.yaml or [tool.modelgo-lint] in "
                            "pyproject.toml of the first PATH)")

    hook = commands.add_parser("hook", help="the pre-commit hook's entry (pre-commit tells what to check)")
    hook.add_argument("files", nargs="*", metavar="FILE", help="the files pre-commit passes (may be none)")
    hook.add_argument("--format", choices=sorted(FORMATS), default="text")

    check_sheet = commands.add_parser("check-sheet", help="check Model Sheet files (the modelgo-sheet hook)")
    check_sheet.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check_sheet.add_argument("--format", choices=sorted(FORMATS), default="text")
    check_sheet.add_argument("--fail-on", choices=FAIL_LEVELS, default="error")

    gh = commands.add_parser("github", help="the GitHub Action's entry (annotations, summary, PR comment)")
    gh.add_argument("--path", type=Path, default=Path("."), help="folder to check, relative to the workspace")
    gh.add_argument("--fail-on", choices=(*FAIL_LEVELS, ""), default="",
                    help="lowest severity that fails the step (default: the configuration's, else error)")
    gh.add_argument("--comment", choices=("always", "on-findings", "never"), default="on-findings")
    gh.add_argument("--comment-key", default="",
                    help="keeps one sticky comment per key (default: the checked path)")
    gh.add_argument("--sarif-file", default="", help="also write a SARIF report to this file")
    gh.add_argument("--base", default="", help="git revision to compare notices with (default: the PR base)")

    sheet = commands.add_parser("sheet", help="print a ready-to-edit MODEL_SHEET.yaml for a license")
    sheet.add_argument("license", metavar="LICENSE-ID", help="for example MG-BY-NC-2.0")

    schema = commands.add_parser("schema",
                                 help="print the JSON Schema of Model Sheets (or of the configuration)")
    schema.add_argument("--config", action="store_true", help="print the configuration schema instead")

    identify = commands.add_parser("identify", help="the integrity verdict for each license file")
    identify.add_argument("files", nargs="+", type=Path, metavar="FILE")
    identify.add_argument("--format", choices=sorted(IDENTIFY_FORMATS), default="text")

    rules = commands.add_parser("rules", help="list the rules with their codes and docs")
    rules.add_argument("--format", choices=("text", "markdown"), default="text")
    return parser


def _write(text: str, output: Path | None = None) -> None:
    if output is not None:
        # reporters show undecodable bytes as \xNN already; this is the last guard
        output.write_text(text, encoding="utf-8", errors="backslashreplace")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _config(args: argparse.Namespace) -> Config:
    from modelgo_lint.config import resolve

    return resolve(args.paths[0], args.config, args.severity, args.fail_on)


def _check(args: argparse.Namespace) -> int:
    from modelgo_lint.engine import Report, lint
    from modelgo_lint.reporters import reporter

    config = _config(args)
    if args.staged and args.base is None and len(args.paths) == 1:
        from modelgo_lint.repo.gitio import is_licensing_file, staged_names

        names = staged_names(args.paths[0])
        if names is not None and not any(is_licensing_file(name) for name in names):
            # the commit touches no license, notice, readme or sheet (deletions included)
            _write(reporter(args.format)(Report((), 0, 0)), args.output)
            return EXIT_OK
    report = lint(args.paths, config, base=args.base, staged=args.staged)
    _write(reporter(args.format)(report), args.output)
    return EXIT_FINDINGS if config.fails(report.findings) else EXIT_OK


NO_RETENTION_BASE = "modelgo-lint: no retention base (first push): notices not compared\n"


def _hook(args: argparse.Namespace) -> int:
    """The ``modelgo-lint`` pre-commit hook (run at the top of the repository).

    pre-push and ``run --from-ref/--to-ref``: the to-ref's tree, from git objects, against the
    from-ref; a first push (pre-commit gives no from-ref, only the pushed branch): the pushed tree,
    without a retention base; otherwise (commit, merge, ``run``, manual): the working tree, which
    pre-commit's stash makes the staged tree on a commit, against HEAD; a commit that touches no
    licensing file returns at once."""
    from modelgo_lint.config import Config, resolve
    from modelgo_lint.engine import Report, lint, revision_tree
    from modelgo_lint.repo.gitio import can_return_early, staged_names
    from modelgo_lint.reporters import reporter

    here, env, note = Path("."), os.environ, ""
    base = head = None
    if env.get("PRE_COMMIT_FROM_REF") and env.get("PRE_COMMIT_TO_REF"):
        base, head = env["PRE_COMMIT_FROM_REF"], env["PRE_COMMIT_TO_REF"]
    elif env.get("PRE_COMMIT_REMOTE_BRANCH") and env.get("PRE_COMMIT_LOCAL_BRANCH"):
        head, note = env["PRE_COMMIT_LOCAL_BRANCH"], NO_RETENTION_BASE  # a first push: all_files, no from-ref
    if head is not None:
        with revision_tree(here, head) as tree:
            config = resolve(tree, None)
            report = lint([tree], config, base=base, head=(here, head))
    elif can_return_early(args.files, staged_names(here)):
        config, report = Config(), Report((), 0, 0)
    else:
        config = resolve(here, None)
        report = lint([here], config, staged=True)
    _write(note + reporter(args.format)(report))
    return EXIT_FINDINGS if config.fails(report.findings) else EXIT_OK


def _check_sheet(args: argparse.Namespace) -> int:
    from modelgo_lint.config import Config
    from modelgo_lint.engine import lint_sheets
    from modelgo_lint.reporters import reporter

    config = Config(fail_on=args.fail_on)
    report = lint_sheets(args.files, config, Path.cwd())
    _write(reporter(args.format)(report))
    return EXIT_FINDINGS if config.fails(report.findings) else EXIT_OK


def _sheet(args: argparse.Namespace) -> int:
    from modelgo_lint.engine import UsageError
    from modelgo_lint.licenses import registry
    from modelgo_lint.licenses.identifiers import suggest
    from modelgo_lint.sheets.template import render_yaml

    loaded = registry.load()
    wanted = args.license.strip().upper()
    if wanted not in loaded.newest:
        guess = suggest(wanted, loaded.identifiers)
        meant = f"; did you mean {guess}?" if guess else f" (known: {', '.join(loaded.identifiers)})"
        raise UsageError(f"{args.license!r} is not a ModelGo license{meant}")
    try:
        _write(render_yaml(wanted, loaded))
    except KeyError:
        raise UsageError(f"no official Model Sheet is published for {wanted}") from None
    return EXIT_OK


def _github(args: argparse.Namespace) -> int:
    from modelgo_lint.github import action

    return action.main(args)


def _schema(args: argparse.Namespace) -> int:
    from modelgo_lint.sheets.validate import CONFIG_SCHEMA, SHEET_SCHEMA, schema_text

    _write(schema_text(CONFIG_SCHEMA if args.config else SHEET_SCHEMA))
    return EXIT_OK


def _identify(args: argparse.Namespace) -> int:
    from modelgo_lint.licenses import registry
    from modelgo_lint.licenses.matcher import Verdict, identify
    from modelgo_lint.repo.reader import Unreadable, read_text
    from modelgo_lint.reporters.identify import IDENTIFY_REPORTERS, Result

    loaded = registry.load()
    results = []
    for path in args.files:
        try:
            text = read_text(path)
        except Unreadable as error:
            results.append(Result(str(path), None, error.reason))
            continue
        results.append(Result(str(path), identify(text, loaded)))
    _write(IDENTIFY_REPORTERS[args.format](results))
    good = (Verdict.CANONICAL, Verdict.OUTDATED)
    ok = all(r.identification is not None and r.identification.verdict in good for r in results)
    return EXIT_OK if ok else EXIT_FINDINGS


def _rules(args: argparse.Namespace) -> int:
    from modelgo_lint.rules import RULES, markdown_table

    if args.format == "markdown":
        _write(markdown_table())
    else:
        _write("".join(f"{r.code} {r.name} [{r.default_label}]: {r.summary}\n" for r in RULES.values()))
    return EXIT_OK


def _lines(message: str) -> str:
    """An error message for the terminal: each of its lines with controls escaped (the paths in
    it are escaped where they are quoted, so a newline in a name cannot start a line)."""
    from modelgo_lint.findings import one_line

    return "\n".join(one_line(line) for line in message.split("\n"))


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    from modelgo_lint.config import ConfigError
    from modelgo_lint.engine import UsageError

    try:
        handler = {"check": _check, "hook": _hook, "check-sheet": _check_sheet, "identify": _identify,
                   "rules": _rules, "sheet": _sheet, "schema": _schema, "github": _github}[args.command]
        return handler(args)
    except (UsageError, ConfigError) as error:
        print(f"modelgo-lint: error: {_lines(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last line of defence: a short message, never a bare traceback
        print(f"modelgo-lint: internal error: {type(error).__name__}: {_lines(str(error))}", file=sys.stderr)
        if os.environ.get("MODELGO_LINT_DEBUG"):
            import traceback

            traceback.print_exc()
        else:
            print("Please report it; set MODELGO_LINT_DEBUG=1 to see the traceback.", file=sys.stderr)
        return EXIT_INTERNAL
