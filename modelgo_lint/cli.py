"""The ``modelgo-lint`` command: parses arguments, runs the core, picks a reporter and an exit code.

Exit codes (design §5): 0 nothing reaches the fail level, 1 something does, 2 usage or
configuration error, 3 internal error.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence

from modelgo_lint import __version__, options
from modelgo_lint.options import FAIL_LEVELS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    import argparse
    from typing import Any, NoReturn

if TYPE_CHECKING:
    from modelgo_lint.config import Config
    from modelgo_lint.engine import Report
    from modelgo_lint.texts import Texts

__all__ = ["FAIL_LEVELS", "main"]

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


@functools.cache
def _parser_class() -> type[argparse.ArgumentParser]:
    """argparse's parser, imported when a command line needs it (not options.quick_parse's)."""
    import argparse

    class _Formatter(argparse.HelpFormatter):
        def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                     width: int | None = None, **more: bool) -> None:
            width = _columns() - 2 if width is None else width  # argparse's default: the terminal's less 2
            super().__init__(prog, indent_increment, max_help_position, width, **more)

    class _Parser(argparse.ArgumentParser):
        """argparse's usage errors echo what was typed: shown on one line, controls escaped."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("formatter_class", _Formatter)
            super().__init__(*args, **kwargs)

        def error(self, message: str) -> NoReturn:
            from modelgo_lint.findings import one_line

            super().error(one_line(message))

    return _Parser


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line: only the command being run (the first word of ``argv``, else of
    ``sys.argv``), or every command when none is named or the word is none of them (``--help``,
    a typo: argparse lists the choices). argparse spends about half a millisecond per command."""
    parser = _parser_class()(
        prog="modelgo-lint",
        description="Check ModelGo license integrity, Model Sheets and attribution in model repositories.",
    )
    parser.add_argument("--version", action="version", version=f"modelgo-lint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = _command_word(sys.argv[1:] if argv is None else argv)
    for name, (summary, add_options) in _COMMANDS.items():
        if chosen not in _COMMANDS or name == chosen:
            add_options(commands.add_parser(name, help=summary))
    parser.set_defaults(commands=frozenset(_COMMANDS))  # the fix hint only when `fix` exists
    return parser


def _command_word(argv: Sequence[str]) -> str | None:
    """The word argparse reads as the command: the first one after the top-level options
    (``-h``, ``--version`` and their abbreviations). None when another word comes first (``--``,
    ``-``, an unknown option): every command is built, so an error names every choice."""
    for word in argv:
        if word == "-h" or (len(word) > 2 and ("--help".startswith(word) or "--version".startswith(word))):
            continue
        return None if word.startswith("-") else word
    return None


def _check_options(check: argparse.ArgumentParser) -> None:
    options.add_to(check, options.check())


def _lineage_options(lineage: argparse.ArgumentParser) -> None:

    from pathlib import Path

    lineage.add_argument("paths", nargs="?", type=Path, metavar="PATH", default=Path("."))
    lineage.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def _hook_options(hook: argparse.ArgumentParser) -> None:
    options.add_to(hook, options.hook())


def _check_sheet_options(check_sheet: argparse.ArgumentParser) -> None:
    options.add_to(check_sheet, options.check_sheet())


def _github_options(gh: argparse.ArgumentParser) -> None:

    from pathlib import Path

    gh.add_argument("--path", type=Path, default=Path("."), help="folder to check, relative to the workspace")
    gh.add_argument("--fail-on", choices=(*FAIL_LEVELS, ""), default="",
                    help="lowest severity that fails the step (default: the configuration's, else error)")
    gh.add_argument("--comment", choices=("always", "on-findings", "never"), default="on-findings")
    gh.add_argument("--comment-key", default="",
                    help="keeps one sticky comment per key (default: the checked path)")
    gh.add_argument("--sarif-file", default="", help="also write a SARIF report to this file")
    gh.add_argument("--base", default="", help="git revision to compare notices with (default: the PR base)")
    gh.add_argument("--hub", choices=("true", "false", ""), default="",
                    help="look the upstream models up on the Hugging Face Hub (check --hub)")


def _sheet_options(sheet: argparse.ArgumentParser) -> None:
    sheet.add_argument("license", metavar="LICENSE-ID", help="for example MG-BY-NC-2.0")


def _schema_options(schema: argparse.ArgumentParser) -> None:
    schema.add_argument("--config", action="store_true", help="print the configuration schema instead")


def _identify_options(identify: argparse.ArgumentParser) -> None:
    from pathlib import Path

    from modelgo_lint.reporters import IDENTIFY_FORMATS

    identify.add_argument("files", nargs="+", type=Path, metavar="FILE")
    identify.add_argument("--format", choices=sorted(IDENTIFY_FORMATS), default="text")


def _rules_options(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("codes", nargs="*", metavar="CODE", help="a rule's code or name, for example MG102")
    rules.add_argument("--format", choices=("text", "markdown"), default="text")


def _render(args: argparse.Namespace, report: Report, output: str | None = None) -> str:
    """The report in ``--format``; the text one coloured per ``--color``, with the fix hint."""
    from modelgo_lint.reporters import reporter

    if args.format != "text":
        return reporter(args.format)(report)
    from modelgo_lint.reporters.text import render, wants_color

    color = wants_color(args.color, output is None and sys.stdout.isatty(), os.environ)
    return render(report, color=color, fix_command=_fix_command(args, report))


def _fix_command(args: argparse.Namespace, report: Report) -> str | None:
    """``modelgo-lint fix [PATH]`` for the summary line, when ``fix`` can repair a finding."""
    if "fix" not in args.commands or not report.findings:
        return None
    from modelgo_lint.rules import can_fix  # with findings only (issue 14)

    if not any(can_fix(f) for f in report.findings):
        return None
    import shlex

    from modelgo_lint.findings import one_line

    paths = getattr(args, "paths", [])
    where = f" {shlex.quote(one_line(str(paths[0])))}" if len(paths) == 1 and str(paths[0]) != "." else ""
    return f"modelgo-lint fix{where}"


def _write(text: str, output: str | os.PathLike[str] | None = None) -> None:
    if output is not None:
        # reporters show undecodable bytes as \xNN already; this is the last guard
        with open(output, "w", encoding="utf-8", errors="backslashreplace") as file:
            file.write(text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _config(args: argparse.Namespace) -> Config:
    from modelgo_lint.config import resolve

    return resolve(args.paths[0], args.config, args.severity, args.fail_on)


def _check(args: argparse.Namespace) -> int:
    from modelgo_lint.engine import Report, lint

    config = _config(args)
    if args.staged and args.base is None and len(args.paths) == 1:
        from pathlib import Path

        from modelgo_lint.repo.gitio import is_licensing_file, staged_names

        names = staged_names(Path(args.paths[0]))
        if names is not None and not any(is_licensing_file(name) for name in names):
            # the commit touches no license, notice, readme or sheet (deletions included)
            _write(_render(args, Report((), 0, 0), args.output), args.output)
            return EXIT_OK
    texts = _texts(args)
    report = lint(args.paths, config, base=args.base, staged=args.staged,
                  texts=None if texts is None else texts.text, hub=args.hub, jobs=args.jobs)
    _write(_render(args, report, args.output), args.output)
    return EXIT_FINDINGS if config.fails(report.findings) else EXIT_OK


def _lineage(args: argparse.Namespace) -> int:
    from modelgo_lint.config import resolve
    from modelgo_lint.engine import lint
    from modelgo_lint.reporters.lineage import RENDER

    report = lint([args.paths], resolve(args.paths, None), hub=True)
    _write(RENDER[args.format](report.lineage))
    return EXIT_OK


NO_RETENTION_BASE = "modelgo-lint: no retention base (first push): notices not compared\n"


def _hook(args: argparse.Namespace) -> int:
    """The ``modelgo-lint`` pre-commit hook (run at the top of the repository).

    pre-push and ``run --from-ref/--to-ref``: the to-ref's tree, from git objects, against the
    from-ref; a first push (pre-commit gives no from-ref, only the pushed branch): the pushed tree,
    without a retention base; otherwise (commit, merge, ``run``, manual): the working tree, which
    pre-commit's stash makes the staged tree on a commit, against HEAD; a commit that touches no
    licensing file returns at once."""
    from pathlib import Path

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

    config = Config(fail_on=args.fail_on)
    report = lint_sheets(args.files, config, os.getcwd())
    _write(_render(args, report))
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
    from modelgo_lint.engine import UsageError
    from modelgo_lint.licenses import registry
    from modelgo_lint.licenses.matcher import Verdict, identify
    from modelgo_lint.repo.reader import Unreadable, read_text
    from modelgo_lint.reporters.identify import IDENTIFY_REPORTERS, Result

    for path in args.files:
        if not path.exists() and not path.is_symlink():
            raise UsageError(f"{_lines(str(path))}: no such file")
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
    from modelgo_lint.engine import UsageError
    from modelgo_lint.rules import RULES, doc_page, help_text, lookup, markdown_table

    if args.codes:
        try:
            chosen = [lookup(code) for code in args.codes]
        except KeyError as error:
            shown = _lines(str(error.args[0]))
            raise UsageError(f"unknown rule {shown!r} (modelgo-lint rules lists them)") from None
        _write("\n".join(doc_page(r) if args.format == "markdown" else help_text(r) for r in chosen))
    elif args.format == "markdown":
        _write(markdown_table())
    else:
        _write("".join(f"{r.code} {r.name} [{r.default_label}]: {r.summary}\n" for r in RULES.values()))
    return EXIT_OK


# --- issue 15: verified texts, init and fix (kept in one block) ---------------------------------

def _texts_options(parser: argparse.ArgumentParser, download_default: bool) -> None:
    import argparse

    for option in options.texts_options(download_default):
        options.add_option(parser, option, argparse.BooleanOptionalAction)


def _texts(args: argparse.Namespace) -> Texts | None:
    """The text source of ``check`` (None: no mirror, no download: nothing to read)."""
    if args.texts is None and not os.environ.get("MODELGO_LINT_TEXTS") and not args.download:
        return None  # the check path stays without texts unless asked (modelgo_lint.texts.MIRROR_ENV)

    from modelgo_lint.texts import Texts

    if args.texts is not None and not os.path.isdir(args.texts):
        from modelgo_lint.engine import UsageError

        raise UsageError(f"--texts {args.texts}: not a directory")
    return Texts.from_env(args.texts, download=args.download)


def _init_options(init: argparse.ArgumentParser) -> None:
    from pathlib import Path

    init.add_argument("license", metavar="LICENSE-ID", help="for example MG-BY-NC-2.0")
    init.add_argument("path", nargs="?", type=Path, default=Path("."), metavar="PATH")
    init.add_argument("--force", action="store_true", help="overwrite files that exist")
    _texts_options(init, download_default=True)


def _fix_options(fix: argparse.ArgumentParser) -> None:

    from pathlib import Path

    fix.add_argument("path", nargs="?", type=Path, default=Path("."), metavar="PATH")
    fix.add_argument("--write", action="store_true", help="write the repairs (default: show the diff)")
    _texts_options(fix, download_default=True)


def _init(args: argparse.Namespace) -> int:
    from modelgo_lint.repair import init
    from modelgo_lint.texts import Texts

    _write(init(args.license, args.path, Texts.from_env(args.texts, args.download), force=args.force))
    return EXIT_OK


def _fix(args: argparse.Namespace) -> int:
    from modelgo_lint.repair import fix
    from modelgo_lint.texts import Texts

    out, pending = fix(args.path, Texts.from_env(args.texts, args.download), write=args.write)
    _write(out)
    return EXIT_FINDINGS if pending and not args.write else EXIT_OK


def _lines(message: str) -> str:
    """An error message for the terminal: each of its lines with controls escaped (the paths in
    it are escaped where they are quoted, so a newline in a name cannot start a line)."""
    from modelgo_lint.findings import one_line

    return "\n".join(one_line(line) for line in message.split("\n"))


#: command -> (its line in ``--help``, the function that adds its options), in ``--help``'s order
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": ("lint model repositories (default: .)", _check_options),
    "lineage": ("the upstream chain from the Hub: licenses, relations, duties", _lineage_options),
    "hook": ("the pre-commit hook's entry (pre-commit tells what to check)", _hook_options),
    "check-sheet": ("check Model Sheet files (the modelgo-sheet hook)", _check_sheet_options),
    "github": ("the GitHub Action's entry (annotations, summary, PR comment)", _github_options),
    "sheet": ("print a ready-to-edit MODEL_SHEET.yaml for a license", _sheet_options),
    "schema": ("print the JSON Schema of Model Sheets (or of the configuration)", _schema_options),
    "identify": ("the integrity verdict for each license file", _identify_options),
    "init": ("start a model repository: verified LICENSE, README notice, front matter and MODEL_SHEET.yaml",
             _init_options),
    "fix": ("repair the findings that have one safe repair (diff; --write)", _fix_options),
    "rules": ("list the rules, or explain those named (docs, examples, fix)", _rules_options),
}


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    words = sys.argv[1:] if argv is None else list(argv)
    if words == ["--version"]:  # what argparse's version action prints, without argparse
        _write(f"modelgo-lint {__version__}\n")
        return EXIT_OK
    quick = options.quick_parse(words, frozenset(_COMMANDS))
    if quick is not None:  # a plain command line, read without argparse
        from types import SimpleNamespace

        args: Any = SimpleNamespace(**quick)
    else:
        args = _parser(argv).parse_args(argv)
    from modelgo_lint.config import ConfigError
    from modelgo_lint.engine import UsageError

    try:
        handler = {"check": _check, "hook": _hook, "check-sheet": _check_sheet, "identify": _identify,
                   "rules": _rules, "sheet": _sheet, "schema": _schema, "github": _github,
                   "init": _init, "fix": _fix, "lineage": _lineage}[args.command]
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
