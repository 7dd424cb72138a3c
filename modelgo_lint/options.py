"""The options of the commands a hook or a CI job runs most (``check``, ``hook``, ``check-sheet``),
as data: :mod:`modelgo_lint.cli` builds their argparse parsers from it, and :func:`quick_parse` reads
the plain command lines with it, without argparse (issue 14).

Importing and building argparse costs about 5 ms a start (argparse, gettext and locale for its
messages, a formatter per argument): more than the check of a clean model takes. :func:`quick_parse`
takes only the plain forms: the command, its options spelled in full (``--format json`` or
``--format=json``), values that are among the choices and do not start with ``-``, and the
positional arguments in one run. Anything else (``-h``, an abbreviation, ``--``, an unknown option,
a bad value, a missing one) returns None, and argparse parses the line, so help and errors are
argparse's. tests/cli/test_quick_parse.py checks that both give the same namespace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from modelgo_lint.records import Record
from modelgo_lint.repo.documents import posix

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    import argparse
    from typing import Any

#: the choices of --fail-on (modelgo_lint.config.FAIL_LEVELS; tests/cli keep them equal): building
#: the parser imports neither the configuration nor the rules, the engine or a reporter
FAIL_LEVELS = ("error", "warning", "info", "never")


def _formats() -> tuple[str, ...]:
    from modelgo_lint.reporters import FORMATS

    return tuple(sorted(FORMATS))


class Option(Record):
    """One option: ``kind`` is "value" (takes one), "append" (repeatable), "flag" (store_true) or
    "bool" (``--name``/``--no-name``); ``choices`` a tuple, or a function giving it when needed."""

    flag: str
    kind: str = "value"
    default: object = None
    choices: tuple[str, ...] | Callable[[], tuple[str, ...]] | None = None
    path: bool = False  # the value is a path: the string pathlib makes of it (posix; no pathlib: issue 14)
    metavar: str | None = None
    help: str | None = None
    integer: bool = False  # the value is a whole number, 0 or more (digits only)
    short: str | None = None  # a one-letter spelling ("-j"), taken as a separate word

    @property
    def dest(self) -> str:
        return self.flag[2:].replace("-", "_")

    def allowed(self) -> tuple[str, ...] | None:
        return self.choices() if callable(self.choices) else self.choices


class Positional(Record):
    dest: str
    nargs: str  # "*" or "+"
    default: object = None
    path: bool = False
    metavar: str | None = None
    help: str | None = None


class Command(Record):
    positional: Positional
    options: tuple[Option, ...]


def _color() -> Option:
    return Option("--color", choices=("auto", "always", "never"), default="auto",
                  help="colour the text report (auto: on a terminal, unless NO_COLOR; FORCE_COLOR forces it)")


def texts_options(download_default: bool) -> tuple[Option, ...]:
    return (
        Option("--texts", path=True, metavar="DIR",
               help="official texts laid out like shared/modelgo-licenses (or MODELGO_LINT_TEXTS)"),
        Option("--download", kind="bool", default=download_default,
               help="download a text missing from the mirror and the cache from the official repository, "
                    f"verified (default: {'yes' if download_default else 'no'})"),
    )


def check() -> Command:
    return Command(
        Positional("paths", "*", default=["."], path=True, metavar="PATH"),
        (
            Option("--format", choices=_formats, default="text"),
            Option("--fail-on", choices=FAIL_LEVELS,
                   help="lowest severity that makes the exit code 1 (default: error)"),
            Option("--severity", kind="append", default=[], metavar="CODE=LEVEL",
                   help="set a rule's severity (error, warning, info, off); repeatable"),
            Option("--output", path=True, help="write the report to this file instead of stdout"),
            _color(),
            Option("--base", metavar="REV",
                   help="git revision to compare notices with (attribution retention, MG301/MG302)"),
            Option("--staged", kind="flag", default=False,
                   help="compare notices with HEAD, and return at once when the index changes no licensing "
                        "file (nothing to compare on a first commit)"),
            Option("--config", path=True, metavar="FILE",
                   help="configuration file (default: .modelgo-lint.yaml or [tool.modelgo-lint] in "
                        "pyproject.toml of the first PATH)"),
            *texts_options(download_default=False),
            Option("--jobs", short="-j", integer=True, default=0, metavar="N",
                   help="check the model folders of a monorepo in up to N processes (default 0: one "
                        "per CPU; 1: in this one); not with --base, --staged or --hub"),
            Option("--hub", kind="flag", default=False,
                   help="look the upstream models up on the Hugging Face Hub, transitively (needs "
                        "modelgo-lint[hub]; HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE)"),
        ),
    )


def hook() -> Command:
    return Command(
        Positional("files", "*", metavar="FILE", help="the files pre-commit passes (may be none)"),
        (Option("--format", choices=_formats, default="text"),),
    )


def check_sheet() -> Command:
    return Command(
        Positional("files", "+", path=True, metavar="FILE"),
        (Option("--format", choices=_formats, default="text"),
         Option("--fail-on", choices=FAIL_LEVELS, default="error"),
         _color()),
    )


#: the commands :func:`quick_parse` reads
COMMANDS: dict[str, Callable[[], Command]] = {"check": check, "hook": hook, "check-sheet": check_sheet}


def add_to(parser: argparse.ArgumentParser, command: Command) -> None:
    """The arguments of ``command`` added to its argparse parser."""
    import argparse

    positional = command.positional
    more: dict[str, Any] = {"type": posix} if positional.path else {}
    if positional.default is not None:
        more["default"] = positional.default
    parser.add_argument(positional.dest, nargs=positional.nargs, metavar=positional.metavar,
                        help=positional.help, **more)
    for option in command.options:
        add_option(parser, option, argparse.BooleanOptionalAction)


def add_option(parser: argparse.ArgumentParser, option: Option, boolean: type[argparse.Action]) -> None:
    if option.kind == "flag":
        parser.add_argument(option.flag, action="store_true", help=option.help)
    elif option.kind == "bool":
        parser.add_argument(option.flag, action=boolean, default=option.default, help=option.help)
    else:
        more: dict[str, Any] = {}
        if option.path or option.integer:
            more["type"] = posix if option.path else whole_number
        if option.metavar is not None:
            more["metavar"] = option.metavar
        if option.choices is not None:
            more["choices"] = option.allowed()
        flags = (option.flag,) if option.short is None else (option.short, option.flag)
        parser.add_argument(*flags, action="append" if option.kind == "append" else "store",
                            default=option.default, help=option.help, **more)


def is_whole_number(value: str) -> bool:
    return value.isascii() and value.isdigit()


def whole_number(value: str) -> int:
    """argparse's type of an :attr:`Option.integer` option."""
    if not is_whole_number(value):
        import argparse

        raise argparse.ArgumentTypeError(f"expected a whole number (0 or more), not {value!r}")
    return int(value)


def quick_parse(argv: Sequence[str], commands: frozenset[str]) -> dict[str, Any] | None:
    """The attributes argparse would give a plain command line of a command of :data:`COMMANDS`
    (``commands``: the top-level default of the same name); None for anything else."""
    if not argv or argv[0] not in COMMANDS:
        return None
    command = COMMANDS[argv[0]]()
    by_flag = {option.flag: option for option in command.options}
    by_flag.update((option.short, option) for option in command.options if option.short is not None)
    values: dict[str, Any] = {"command": argv[0], "commands": commands}
    for each in command.options:
        values[each.dest] = [] if each.kind == "append" else each.default
    positionals: list[str] = []
    run_ended = False  # the positional arguments must be one run, as argparse reads "*" and "+"
    words = iter(argv[1:])
    for word in words:
        if not word.startswith("-"):
            if run_ended:
                return None
            positionals.append(word)
            continue
        if positionals:
            run_ended = True
        flag, equals, inline = word.partition("=")
        option = by_flag.get(flag)
        if option is None:
            return None
        if option.kind in ("flag", "bool"):
            if equals:
                return None
            values[option.dest] = True
            continue
        value = inline if equals else next(words, None)
        if value is None or value.startswith("-"):
            return None
        allowed = option.allowed()
        if allowed is not None and value not in allowed:
            return None
        if option.integer and not is_whole_number(value):
            return None
        if equals and flag == option.short:
            return None  # "-j=4": argparse's reading of it is its own
        converted: Any = posix(value) if option.path else int(value) if option.integer else value
        if option.kind == "append":
            values[option.dest].append(converted)
        else:
            values[option.dest] = converted
    positional = command.positional
    if positional.nargs == "+" and not positionals:
        return None
    if positionals:
        values[positional.dest] = [posix(word) if positional.path else word for word in positionals]
    else:  # argparse's value of an absent "*" positional: its default, else an empty list
        values[positional.dest] = positional.default if positional.default is not None else []
    return values
