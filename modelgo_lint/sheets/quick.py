"""A cheap pre-validation against the shipped schemas: is this document valid, yes or no?

Importing jsonschema costs several times Python's start-up (referencing, attrs, rpds and its
metaschemas); a valid sheet needs none of it. :func:`is_valid` interprets the keywords the
shipped schemas use (``type``, ``properties``, ``required``, ``additionalProperties``, ``items``,
``const``, ``enum``, ``minLength``, ``pattern``, ``format: date``, ``anyOf``/``allOf``/``oneOf``,
local ``$ref``) with
jsonschema's semantics (``True`` is not ``1``, ``1.0`` is an integer, lengths in code points,
``re.search``). It says ``False`` for any schema keyword it does not know, so the caller then
runs jsonschema, which gives the positioned messages exactly as before. The differential test
(tests/sheets/test_fast_paths.py) checks that both agree on every sheet of the suite and on
generated documents.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import Any


_ANNOTATIONS = frozenset(("$schema", "$id", "title", "description", "examples", "default", "$comment",
                          "$defs"))
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and v.is_integer()),
}
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ASCII_DIGITS = frozenset("0123456789")


class _Unknown(Exception):
    """A keyword this interpreter does not know: let jsonschema decide."""


def _equal(one: Any, two: Any) -> bool:
    """JSON equality (jsonschema's ``equal``): booleans are not numbers."""
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    return bool(one == two)


def _is_date(text: str) -> bool:
    """``YYYY-MM-DD`` with ASCII digits, a real calendar day (jsonschema's ``date`` format)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    digits = text[:4] + text[5:7] + text[8:]
    if not set(digits) <= _ASCII_DIGITS:
        return False
    year, month, day = int(text[:4]), int(text[5:7]), int(text[8:])
    if year < 1 or not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 1 <= day <= _DAYS[month - 1] + (1 if month == 2 and leap else 0)


class _Checker:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.patterns: dict[str, Any] = {}

    def resolve(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise _Unknown
        node: Any = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise _Unknown
            node = node[part]
        return node

    def valid(self, schema: Any, value: Any) -> bool:
        if schema is True:
            return True
        if schema is False:
            return False
        if not isinstance(schema, dict):
            raise _Unknown
        for keyword, rule in schema.items():
            if keyword in _ANNOTATIONS:
                continue
            if not self.keyword(keyword, rule, schema, value):
                return False
        return True

    def keyword(self, keyword: str, rule: Any, schema: dict[str, Any], value: Any) -> bool:
        if keyword == "type":
            names = rule if isinstance(rule, list) else [rule]
            if any(name not in _TYPES for name in names):
                raise _Unknown
            return any(_TYPES[name](value) for name in names)
        if keyword == "$ref":
            return self.valid(self.resolve(rule), value)
        if keyword == "properties":
            return not isinstance(value, dict) or all(
                self.valid(sub, value[name]) for name, sub in rule.items() if name in value)
        if keyword == "required":
            return not isinstance(value, dict) or all(name in value for name in rule)
        if keyword == "additionalProperties":
            if not isinstance(value, dict):
                return True
            if "patternProperties" in schema:
                raise _Unknown
            known = schema.get("properties", {})
            return all(self.valid(rule, item) for name, item in value.items() if name not in known)
        if keyword == "items":
            if not isinstance(rule, (dict, bool)):
                raise _Unknown
            return not isinstance(value, list) or all(self.valid(rule, item) for item in value)
        if keyword == "const":
            return _equal(rule, value)
        if keyword == "enum":
            return any(_equal(option, value) for option in rule)
        if keyword == "minLength":
            return not isinstance(value, str) or len(value) >= rule
        if keyword == "pattern":
            if not isinstance(value, str):
                return True
            compiled = self.patterns.get(rule)
            if compiled is None:  # the shipped schema's patterns: their programs are cached (lazyre)
                from modelgo_lint import lazyre

                compiled = self.patterns[rule] = lazyre.compiled(rule)
            return compiled.search(value) is not None
        if keyword == "format":
            if rule != "date":
                raise _Unknown
            return not isinstance(value, str) or _is_date(value)
        if keyword in ("anyOf", "allOf", "oneOf"):
            if not isinstance(rule, list) or not rule:
                raise _Unknown
            if keyword == "anyOf":  # a branch with an unknown keyword is reached only when needed
                return any(self.valid(sub, value) for sub in rule)
            if keyword == "allOf":
                return all(self.valid(sub, value) for sub in rule)
            return sum(self.valid(sub, value) for sub in rule) == 1
        raise _Unknown


def is_valid(schema: dict[str, Any], data: Any) -> bool:
    """True only when ``data`` is certainly valid against ``schema``; False when it is not or
    when the schema uses a keyword this module does not interpret."""
    try:
        return _Checker(schema).valid(schema, data)
    except (_Unknown, RecursionError):
        return False
