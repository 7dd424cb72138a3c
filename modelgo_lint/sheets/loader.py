"""A safe YAML/JSON loader that keeps positions (design §3, style "Bad input").

The document is built from PyYAML's event stream, without its composer or constructor, so that:

- every value and every mapping key keeps its 1-based line and column, by JSON pointer;
- duplicate keys are an error (PyYAML silently keeps the last one);
- nesting depth, node count and alias expansion are bounded (a billion-laughs document stops at
  the first alias that would exceed the budget, in milliseconds);
- only the standard tags are accepted (no ``!!python/object``); dates stay strings; mapping keys
  are always strings (``on:`` stays ``"on"``);
- YAML 1.1 booleans other than true/false (``yes``, ``NO``, ``on`` ...) are noted, so that a
  schema error on them can say "quote it".

:func:`load` never raises anything but :class:`LoadError`.
"""

from __future__ import annotations

from modelgo_lint import lazyre

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import Any

MAX_CHARS = 512 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary", "omap")
}
_YAML11_BOOL = lazyre.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$")


class LoadError(Exception):
    """A syntax or limit error at a 1-based position (0 when not known)."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class Document:
    """Loaded data, and where each part of it was written (the loader fills it in as it reads).

    ``positions``: JSON pointer -> (line, column) of the value; ``keys``: JSON pointer of a mapping
    member -> (line, column) of its key; ``yaml11_booleans``: pointers of plain scalars read as
    booleans only by YAML 1.1 (``yes``, ``off`` ...)."""

    __slots__ = ("data", "keys", "positions", "yaml11_booleans")

    def __init__(
        self,
        data: Any,
        positions: dict[str, tuple[int, int]] | None = None,
        keys: dict[str, tuple[int, int]] | None = None,
        yaml11_booleans: set[str] | None = None,
    ) -> None:
        self.data = data
        self.positions: dict[str, tuple[int, int]] = {} if positions is None else positions
        self.keys: dict[str, tuple[int, int]] = {} if keys is None else keys
        self.yaml11_booleans: set[str] = set() if yaml11_booleans is None else yaml11_booleans

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return (self.data, self.positions, self.keys, self.yaml11_booleans) == (
            other.data, other.positions, other.keys, other.yaml11_booleans)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return (f"Document(data={self.data!r}, positions={self.positions!r}, keys={self.keys!r}, "
                f"yaml11_booleans={self.yaml11_booleans!r})")

    def position(self, pointer: str, key: bool = False) -> tuple[int, int]:
        """Where ``pointer`` (or its nearest located ancestor) was written."""
        if key and pointer in self.keys:
            return self.keys[pointer]
        while True:
            if pointer in self.positions:
                return self.positions[pointer]
            if not pointer:
                return (1, 1)
            pointer = pointer.rsplit("/", 1)[0]


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_of(path: Any) -> str:
    return "".join("/" + escape_token(part) for part in path)


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _loader_class() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _scalar(event: Any, resolver: Any, constructor: Any) -> tuple[Any, bool]:
    """The value of a scalar event (its tag already checked), and whether it is a YAML 1.1-only boolean."""
    import yaml

    value = event.value
    implicit = event.tag in (None, "!")
    tag = resolver.resolve(yaml.ScalarNode, value, event.implicit) if implicit else event.tag
    if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"):
        return value, False
    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
    try:
        result = constructor.construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError) as error:
        kind = tag.rsplit(":", 1)[-1]
        raise LoadError(f"cannot read {value!r} as {kind}: {error}", *_mark(event)) from None
    ambiguous = isinstance(result, bool) and not event.style and bool(_YAML11_BOOL.match(value))
    return result, ambiguous


class _Frame:
    """An open mapping or sequence while the builder reads its members."""

    __slots__ = ("anchor", "container", "event", "key", "key_at", "pointer", "start_nodes")

    def __init__(self, container: dict[str, Any] | list[Any], pointer: str, start_nodes: int,
                 anchor: str | None, event: Any) -> None:
        self.container = container
        self.pointer = pointer
        self.start_nodes = start_nodes
        self.anchor = anchor
        self.event = event
        self.key: str | None = None
        self.key_at: tuple[int, int] = (0, 0)

    def expects_key(self) -> bool:
        return isinstance(self.container, dict) and self.key is None


class _Builder:
    """Turns PyYAML events into a :class:`Document`, enforcing the limits."""

    def __init__(self) -> None:
        import yaml

        self.document = Document(None)
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, node count)
        self.nodes = 0
        self.stack: list[_Frame] = []
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()

    def count(self, nodes: int, event: Any) -> None:
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            raise LoadError(
                f"document too large: more than {MAX_NODES:,} nodes (after expanding aliases)",
                *_mark(event))

    def child_pointer(self) -> str:
        if not self.stack:
            return ""
        top = self.stack[-1]
        if isinstance(top.container, dict):
            return top.pointer + "/" + escape_token(top.key or "")
        return top.pointer + "/" + str(len(top.container))

    def key(self, event: Any) -> None:
        top = self.stack[-1]
        assert isinstance(top.container, dict)
        key = event.value
        pointer = top.pointer + "/" + escape_token(key)
        if key in top.container:
            first = self.document.keys.get(pointer, (0, 0))[0]
            raise LoadError(f"duplicate key {key!r} (first defined on line {first})", *_mark(event))
        top.key, top.key_at = key, _mark(event)

    def place(self, value: Any, event: Any, nodes: int, anchor: str | None, ambiguous: bool = False) -> None:
        pointer = self.child_pointer()
        doc = self.document
        if not self.stack:
            doc.data = value
        else:
            top = self.stack[-1]
            if isinstance(top.container, dict):
                assert top.key is not None
                top.container[top.key] = value
                doc.keys[pointer] = top.key_at
                top.key = None
            else:
                top.container.append(value)
        doc.positions.setdefault(pointer, _mark(event))
        if ambiguous:
            doc.yaml11_booleans.add(pointer)
        if anchor:
            self.anchors[anchor] = (value, nodes)

    def feed(self, event: Any) -> None:
        kind = type(event).__name__
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _STANDARD_TAGS:
            raise LoadError(f"tag {tag!r} is not allowed", *_mark(event))
        expects_key = bool(self.stack) and self.stack[-1].expects_key()
        if kind == "ScalarEvent":
            self.count(1, event)
            if expects_key:
                self.key(event)
                if event.anchor:
                    self.anchors[event.anchor] = (event.value, 1)
            else:
                value, ambiguous = _scalar(event, self.resolver, self.constructor)
                self.place(value, event, 1, event.anchor, ambiguous)
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            if expects_key:
                raise LoadError("mapping keys must be plain values, not mappings or lists", *_mark(event))
            if len(self.stack) >= MAX_DEPTH:
                raise LoadError(f"nesting deeper than {MAX_DEPTH} levels", *_mark(event))
            self.count(1, event)
            container: dict[str, Any] | list[Any] = {} if kind == "MappingStartEvent" else []
            self.stack.append(_Frame(container, self.child_pointer(), self.nodes, event.anchor, event))
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            frame = self.stack.pop()
            self.place(frame.container, frame.event, self.nodes - frame.start_nodes + 1, frame.anchor)
        elif kind == "AliasEvent":
            if event.anchor not in self.anchors:
                raise LoadError(f"unknown alias *{event.anchor}", *_mark(event))
            value, nodes = self.anchors[event.anchor]
            self.count(nodes, event)
            if expects_key:
                if not isinstance(value, str):
                    raise LoadError("mapping keys must be plain values, not mappings or lists", *_mark(event))
                event.value = value
                self.key(event)
            else:
                self.place(value, event, nodes, None)


def _events(loader: Any, builder: _Builder) -> None:
    documents = 0
    while True:
        event = loader.get_event()
        if event is None:
            return
        if type(event).__name__ == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                raise LoadError("expected one YAML document, found several", *_mark(event))
        builder.feed(event)


def _pure_python_verdict(text: str) -> Document | None:
    """The document as the pure-Python parser builds it, our own limits first; None when it too
    finds a syntax error (the libyaml error is then the one reported)."""
    import yaml

    loader = yaml.SafeLoader(text)
    builder = _Builder()
    try:
        _events(loader, builder)
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError):
        # ValueError: the pure-Python scanner's chr() on an escape past U+10FFFF ("\U7fffffff"),
        # found by tests/sheets/test_fuzz_loader.py
        return None
    finally:
        loader.dispose()
    return builder.document


def _build(text: str) -> Document:
    """The document of ``text``, read with libyaml when it is there. On a libyaml syntax error the
    pure-Python parser reads the text again, so that our own limits (depth, nodes, tags) are
    reported whatever limits the installed libyaml build has (libyaml >= 0.2.6 stops at 1,000 flow
    levels while it scans ahead, before our builder has seen one event)."""
    import yaml

    loader_class = _loader_class()
    loader = loader_class(text)
    builder = _Builder()
    try:
        _events(loader, builder)
    except yaml.MarkedYAMLError as error:
        if loader_class is not yaml.SafeLoader:
            document = _pure_python_verdict(text)  # raises LoadError for our own limits
            if document is not None:
                return document
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = error.problem or error.context or "invalid YAML"
        raise LoadError(f"invalid YAML: {problem}", line, column) from None
    except yaml.YAMLError as error:
        raise LoadError(f"invalid YAML: {error}") from None
    except RecursionError:
        raise LoadError(f"nesting deeper than {MAX_DEPTH} levels") from None
    except (ValueError, OverflowError):  # the pure-Python scanner on an escape past U+10FFFF
        raise LoadError("invalid YAML: an escape sequence names no Unicode character") from None
    finally:
        loader.dispose()
    return builder.document


def _check_size(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise LoadError(f"file too large for a Model Sheet ({len(text):,} characters; the limit is "
                        f"{MAX_CHARS:,})", 1, 1)


def load_yaml(text: str) -> Document:
    from modelgo_lint.sheets import plain  # the plain subset without PyYAML (no import cost)

    _check_size(text)
    parts = plain.read(text)
    if parts is None:
        return _build(text)
    return Document(parts.data, parts.positions, parts.keys, parts.yaml11_booleans)


def load_json(text: str) -> Document:
    """JSON with positions: syntax and values from :mod:`json`, positions from the YAML events."""
    _check_size(text)
    seen_keys: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                seen_keys.append(key)
            out[key] = value
        return out

    depth, line, column = 0, 1, 0
    in_string = escaped = False
    for char in text:  # bound the depth before json's recursive parser sees it
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        elif in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise LoadError(f"nesting deeper than {MAX_DEPTH} levels", line, column)
        elif char in "]}":
            depth -= 1
    import json  # a JSON sheet only: the clean path reads none (issue 14)

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        raise LoadError(f"invalid JSON: {error.msg}", error.lineno, error.colno) from None
    except (RecursionError, ValueError) as error:
        raise LoadError(f"invalid JSON: {error}") from None
    try:
        located = _build(text)
    except LoadError as error:
        if seen_keys:
            raise
        del error
        return Document(data)  # valid JSON that the YAML reader cannot place: pointers only
    located.data = data
    located.yaml11_booleans.clear()
    return located


def load(text: str, name: str) -> Document:
    """Load a sheet's text; ``name`` decides the syntax (``.json`` or YAML)."""
    if name.lower().endswith(".json"):
        return load_json(text)
    return load_yaml(text)
