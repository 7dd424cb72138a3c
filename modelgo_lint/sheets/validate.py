"""JSON Schema validation with positions: each error at the line and column of what it is about.

jsonschema is imported here only, and only when the cheap pre-validation of
:mod:`modelgo_lint.sheets.quick` finds a problem (or meets a keyword it does not interpret), so
a valid sheet never pays for it and the messages of an invalid one are jsonschema's as before
(design §8).
"""

from __future__ import annotations

import os
from functools import cache

from modelgo_lint.records import Record
from modelgo_lint.sheets.loader import Document, escape_token, pointer_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import Any

SHEET_SCHEMA = "model-sheet.schema.json"
CONFIG_SCHEMA = "config.schema.json"
_MAX_SHOWN = 60  # characters of a user's value quoted in a message

_TYPE_NAMES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "list",
               dict: "mapping", type(None): "null"}


class Problem(Record):
    line: int
    column: int
    pointer: str
    message: str


@cache
def schema_text(name: str) -> str:
    """A published schema. The wheel holds ``schemas/`` as ``modelgo_lint/schemas/`` (the build maps
    the top-level folder there); a source checkout or an editable install reads the top-level
    folder beside the package, the one copy there is."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    packaged = os.path.join(package, "schemas", name)  # next to the code: no importlib.resources
    if not os.path.isfile(packaged):
        packaged = os.path.join(os.path.dirname(os.path.realpath(package)), "schemas", name)
    with open(packaged, encoding="utf-8") as handle:
        return handle.read()


def _schema(name: str) -> dict[str, Any]:
    """A published schema as data: the literal ``scripts/build_schema.py`` writes beside this module
    from ``schemas/`` (imported from bytecode: no json, no file read; tests/sheets/test_schema.py
    checks it equals the file)."""
    from modelgo_lint.sheets.schemas import DATA

    data: dict[str, Any] = DATA[name]
    return data


@cache
def _validator(name: str) -> Any:
    import jsonschema

    cls = jsonschema.Draft202012Validator
    return cls(_schema(name), format_checker=cls.FORMAT_CHECKER)


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return _TYPE_NAMES[type(value)]
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."


def _where(pointer: str) -> str:
    return pointer or "the document"


def _problems(error: Any, document: Document) -> list[Problem]:
    pointer = pointer_of(error.absolute_path)
    validator = error.validator
    instance = error.instance
    line, column = document.position(pointer)
    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = set(error.schema.get("properties", {}))
        out = []
        for key in instance:
            if key not in allowed:
                member = f"{pointer}/{escape_token(key)}"
                key_line, key_column = document.position(member, key=True)
                import difflib

                close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.5)
                if close:
                    known = f"did you mean {close[0]}?"
                else:
                    listed = ", ".join(sorted(allowed)) if len(allowed) <= 12 else "see the schema"
                    known = f"allowed: {listed}"
                out.append(Problem(key_line, key_column, member,
                                   f"unknown key {_shown(key)} in {_where(pointer)} ({known})"))
        if out:
            return out
    if validator == "required" and isinstance(instance, dict):
        missing = [key for key in error.validator_value if key not in instance]
        line, column = document.position(pointer, key=True)  # "license:" rather than its first member
        return [Problem(line, column, pointer, f"{_where(pointer)} is missing the required key {_shown(key)}")
                for key in missing]
    if validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        got = _TYPE_NAMES.get(type(instance), type(instance).__name__)
        message = f"{_where(pointer)}: expected {expected}, found {got} {_shown(instance)}"
        if pointer in document.yaml11_booleans:
            message += " (YAML reads yes/no/on/off as booleans: quote the value)"
        return [Problem(line, column, pointer, message)]
    if validator == "enum":
        options = ", ".join(str(option) for option in error.validator_value)
        message = f"{_where(pointer)}: {_shown(instance)} is not one of: {options}"
        return [Problem(line, column, pointer, message)]
    if validator == "const":
        message = f"{_where(pointer)}: expected {_shown(error.validator_value)}, found {_shown(instance)}"
        return [Problem(line, column, pointer, message)]
    if validator == "format":
        return [Problem(line, column, pointer,
                        f"{_where(pointer)}: {_shown(instance)} is not a valid {error.validator_value} "
                        "(expected YYYY-MM-DD)" if error.validator_value == "date" else
                        f"{_where(pointer)}: {_shown(instance)} is not a valid {error.validator_value}")]
    if validator == "pattern":
        what = error.schema.get("title", "value")
        examples = error.schema.get("examples")
        message = f"{_where(pointer)}: {_shown(instance)} is not a well-formed {what}"
        if examples:
            message += f" (for example {examples[0]})"
        return [Problem(line, column, pointer, message)]
    if validator == "minLength":
        return [Problem(line, column, pointer, f"{_where(pointer)}: must not be empty")]
    if validator == "anyOf" and isinstance(instance, str):  # license.id: a ModelGo or another license id
        titles = [str(e.schema.get("title", "value")) for e in error.context or ()
                  if e.validator == "pattern"]
        examples = [str(e.schema["examples"][0]) for e in error.context or ()
                    if e.validator == "pattern" and e.schema.get("examples")]
        if titles:
            message = f"{_where(pointer)}: {_shown(instance)} is not a well-formed " + " or ".join(
                dict.fromkeys(t[0].lower() + t[1:] if i else t for i, t in enumerate(titles)))
            if examples:
                message += f" (for example {' or '.join(examples)})"
            return [Problem(line, column, pointer, message)]
    message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return [Problem(line, column, pointer, f"{_where(pointer)}: {message}")]


def validate(document: Document, schema: str = SHEET_SCHEMA) -> list[Problem]:
    """Every schema error of ``document``, the most relevant first (jsonschema's ``relevance``)."""
    from modelgo_lint.sheets.quick import is_valid

    if is_valid(_schema(schema), document.data):
        return []  # certainly valid: jsonschema is not imported
    from jsonschema.exceptions import relevance

    errors = sorted(_validator(schema).iter_errors(document.data), key=relevance, reverse=True)
    out: list[Problem] = []
    seen: set[Problem] = set()
    for error in errors:
        for problem in _problems(error, document):
            if problem not in seen:
                seen.add(problem)
                out.append(problem)
    return out
