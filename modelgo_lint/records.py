"""Typed immutable records that cost next to nothing to define (issue 14, item 3).

A clean run defines about forty record types. ``typing.NamedTuple`` spends about 0.25 ms on each
(``collections.namedtuple`` compiles a ``__new__`` with ``exec``, then every annotation is checked),
and ``dataclasses`` about 0.85 ms (six ``exec`` calls, and ``inspect`` to import): together most of
the package's import time. A ``Record`` is a tuple subclass built by a small metaclass: its fields
are the class annotations, in order, with the class attributes of the same name as defaults; each
field is read by the same C accessor ``namedtuple`` uses. Nothing is compiled at definition time.

For the type checker a ``Record`` is a frozen dataclass (``dataclass_transform``): mypy checks every
construction against the annotations, and assignment to a field is an error. At run time it is an
immutable tuple: equal, hashed and ordered as the tuple of its values (as a NamedTuple is), unless
the class defines those itself, as ``Finding`` does. ``_replace`` returns a copy with some fields
changed. Subclassing a record type to add fields is not supported (as with NamedTuple).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar

    from typing_extensions import Self, dataclass_transform

    def _tuplegetter(index: int, doc: str) -> Any: ...
else:
    def dataclass_transform(**_options):
        return lambda cls: cls

    try:
        from _collections import _tuplegetter  # what namedtuple's fields are
    except ImportError:  # pragma: no cover - not CPython
        from operator import itemgetter

        def _tuplegetter(index, doc):
            return property(itemgetter(index), doc=doc)


_MISSING = object()


_tuple_new = tuple.__new__


def _source(arity: int) -> str:
    names = "".join(f"_{index}, " for index in range(arity))
    return f"def __new__(_cls, {names}):\n    return _tuple_new(_cls, ({names}))\n"


# The templates of up to 24 fields, written out: the functions _source compiles, without compiling
# at start-up (12 compiles, about 2.5 ms of a clean check; tests/project/test_records.py checks
# that each has the bytecode of the compiled one).
if not TYPE_CHECKING:  # untyped, as the compiled ones: the checker sees _template's Any
    def _new_0(_cls):
        return _tuple_new(_cls, ())

    def _new_1(_cls, _0):
        return _tuple_new(_cls, (_0,))

    def _new_2(_cls, _0, _1):
        return _tuple_new(_cls, (_0, _1))

    def _new_3(_cls, _0, _1, _2):
        return _tuple_new(_cls, (_0, _1, _2))

    def _new_4(_cls, _0, _1, _2, _3):
        return _tuple_new(_cls, (_0, _1, _2, _3))

    def _new_5(_cls, _0, _1, _2, _3, _4):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4))

    def _new_6(_cls, _0, _1, _2, _3, _4, _5):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5))

    def _new_7(_cls, _0, _1, _2, _3, _4, _5, _6):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6))

    def _new_8(_cls, _0, _1, _2, _3, _4, _5, _6, _7):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7))

    def _new_9(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8))

    def _new_10(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9))

    def _new_11(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10))

    def _new_12(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11))

    def _new_13(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12))

    def _new_14(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13))

    def _new_15(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14))

    def _new_16(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15))

    def _new_17(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15,
                                 _16))

    def _new_18(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15,
                                 _16, _17))

    def _new_19(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17,
                _18):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15,
                                 _16, _17, _18))

    def _new_20(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17,
                _18, _19):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15,
                                 _16, _17, _18, _19))

    def _new_21(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17,
                _18, _19, _20):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15,
                                 _16, _17, _18, _19, _20))

    def _new_22(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17,
                _18, _19, _20, _21):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15,
                                 _16, _17, _18, _19, _20, _21))

    def _new_23(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17,
                _18, _19, _20, _21, _22):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15,
                                 _16, _17, _18, _19, _20, _21, _22))

    def _new_24(_cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17,
                _18, _19, _20, _21, _22, _23):
        return _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15,
                                 _16, _17, _18, _19, _20, _21, _22, _23))


_TEMPLATES: dict[int, Any] = {arity: globals()[f"_new_{arity}"] for arity in range(25)}


def _template(arity: int) -> Any:
    """``def __new__(_cls, _0, _1, ...): return tuple.__new__(_cls, (_0, _1, ...))``, one per number
    of fields (written out above up to 24, compiled once for more): each record type renames its
    parameters."""
    template = _TEMPLATES.get(arity)
    if template is None:
        namespace: dict[str, Any] = {"_tuple_new": _tuple_new}
        exec(compile(_source(arity), "<record>", "exec"), namespace)
        template = _TEMPLATES[arity] = namespace["__new__"]
    return template


def _compiled_new(cls: type) -> Any:
    """The ``__new__`` of a record type: the template of its arity, with its field names as the
    parameter names (so keywords work as for a NamedTuple) and its defaults."""
    fields: tuple[str, ...] = cls._fields  # type: ignore[attr-defined]
    defaults: tuple[object, ...] = cls._defaults  # type: ignore[attr-defined]
    template = _template(len(fields))
    names: dict[str, Any] = {"co_varnames": ("_cls", *fields), "co_name": "__new__"}
    if hasattr(template.__code__, "co_qualname"):  # 3.11+: the name errors give
        names["co_qualname"] = f"{cls.__qualname__}.__new__"
    function = type(template)(template.__code__.replace(**names), template.__globals__, "__new__",
                              tuple(default for default in defaults if default is not _MISSING) or None)
    function.__qualname__ = f"{cls.__qualname__}.__new__"
    return function


class _RecordType(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _RecordType:
        if not any(isinstance(base, _RecordType) for base in bases):  # Record itself
            return super().__new__(mcs, name, bases, namespace)
        if any(getattr(base, "_fields", ()) for base in bases):
            raise TypeError(f"{name}: a record type cannot extend another one")
        if "__annotations__" not in namespace:  # PEP 649 (3.14) without the future import
            raise TypeError(f"{name}: a record type's module needs `from __future__ import annotations`")
        fields = tuple(namespace["__annotations__"])
        defaults = tuple(namespace.pop(field, _MISSING) for field in fields)
        seen_default = False
        for field, default in zip(fields, defaults, strict=True):
            if not field.isidentifier() or field.startswith("_"):
                raise TypeError(f"{name}: {field!r} cannot be a record field")
            if default is _MISSING and seen_default:
                raise TypeError(f"{name}: field {field!r} without a default follows one with a default")
            seen_default = seen_default or default is not _MISSING
        namespace["__slots__"] = ()
        namespace["_fields"] = fields
        namespace["_defaults"] = defaults
        namespace["__match_args__"] = fields
        for index, field in enumerate(fields):
            namespace[field] = _tuplegetter(index, f"field {index} of {name}")
        return super().__new__(mcs, name, bases, namespace)


@dataclass_transform(frozen_default=True)
class Record(tuple, metaclass=_RecordType):  # type: ignore[type-arg]  # fields are typed per class
    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[tuple[object, ...]] = ()

    if not TYPE_CHECKING:  # the checker sees the __init__ dataclass_transform makes of the fields
        def __new__(cls, *args, **kwargs):
            # the first construction of each record type makes its own ``__new__`` from the template
            # of its arity, so a type a run never builds costs nothing
            cls.__new__ = staticmethod(_compiled_new(cls))
            return cls.__new__(cls, *args, **kwargs)

    def _replace(self, **changes: Any) -> Self:
        """A copy with the fields named in ``changes`` changed."""
        values = [changes.pop(field, value) for field, value in zip(self._fields, self, strict=True)]
        if changes:
            raise TypeError(f"{type(self).__name__}: unknown field {next(iter(changes))!r}")
        return tuple.__new__(type(self), values)

    __replace__ = _replace  # copy.replace (Python 3.13)

    def _asdict(self) -> dict[str, Any]:
        """The fields and their values, in order (as NamedTuple's)."""
        return dict(zip(self._fields, self, strict=True))

    def __repr__(self) -> str:
        shown = ", ".join(f"{field}={value!r}" for field, value in zip(self._fields, self, strict=True))
        return f"{type(self).__name__}({shown})"

    def __getnewargs__(self) -> tuple[object, ...]:
        return tuple(self)
