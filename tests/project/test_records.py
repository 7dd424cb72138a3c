"""modelgo_lint.records: a Record behaves as the NamedTuple it replaces, at a fraction of the
definition cost (issue 14 item 3)."""

from __future__ import annotations

import ast
import copy
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint.records import Record
from support import sheet_yaml, write_model


class Point(Record):
    """A record of this module (picklable: its class is found by name)."""

    x: int
    y: int
    label: str = ""
    tags: tuple[str, ...] = ()

    @property
    def norm(self) -> int:
        return abs(self.x) + abs(self.y)


class PointNT(NamedTuple):
    x: int
    y: int
    label: str = ""
    tags: tuple[str, ...] = ()


_CALLS = st.one_of(
    st.tuples(st.lists(st.integers(), max_size=5), st.dictionaries(
        st.sampled_from(["x", "y", "label", "tags", "z"]), st.integers(), max_size=3)),
)


@given(_CALLS)
def test_construction_agrees_with_namedtuple(call: tuple[list[int], dict[str, int]]) -> None:
    args, kwargs = call
    outcome: list[Any] = []
    for kind in (Point, PointNT):
        try:
            outcome.append(tuple(kind(*args, **kwargs)))
        except TypeError:
            outcome.append(TypeError)
    assert outcome[0] == outcome[1]


def test_fields_defaults_and_methods() -> None:
    point = Point(1, -2)
    assert (point.x, point.y, point.label, point.tags) == (1, -2, "", ())
    assert point.norm == 3
    assert Point(y=2, x=1, label="a") == Point(1, 2, "a")
    assert Point._fields == ("x", "y", "label", "tags")
    assert repr(Point(1, 2, "a")) == "Point(x=1, y=2, label='a', tags=())"


def test_immutable_hashable_and_ordered_as_a_tuple() -> None:
    point = Point(1, 2)
    with pytest.raises(AttributeError):
        point.x = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        point.other = 5  # type: ignore[attr-defined]
    assert hash(point) == hash(Point(1, 2)) and {point, Point(1, 2)} == {point}
    assert sorted([Point(2, 0), Point(1, 5), Point(1, 2)]) == [Point(1, 2), Point(1, 5), Point(2, 0)]


def test_replace_copy_and_pickle() -> None:
    point = Point(1, 2, "a", ("t",))
    assert point._replace(y=7) == Point(1, 7, "a", ("t",)) and point.y == 2
    assert type(point._replace(y=7)) is Point
    with pytest.raises(TypeError):
        point._replace(z=1)
    assert point._asdict() == {"x": 1, "y": 2, "label": "a", "tags": ("t",)}
    if sys.version_info >= (3, 13):
        assert copy.replace(point, x=5) == Point(5, 2, "a", ("t",))  # type: ignore[attr-defined]
    assert copy.copy(point) == point and copy.deepcopy(point) == point
    restored = pickle.loads(pickle.dumps(point))
    assert restored == point and type(restored) is Point


@pytest.mark.parametrize("args, kwargs", [((1,), {}), ((1, 2, "a", (), 9), {}), ((1, 2), {"z": 1}),
                                          ((1, 2), {"x": 1})],
                         ids=["missing", "too-many", "unknown", "twice"])
def test_bad_construction_is_a_type_error(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        Point(*args, **kwargs)


def test_bad_definitions_are_refused() -> None:
    with pytest.raises(TypeError, match="follows"):
        type("Bad", (Record,), {"__annotations__": {"a": "int", "b": "int"}, "a": 1})
    with pytest.raises(TypeError, match="cannot be a record field"):
        type("Bad", (Record,), {"__annotations__": {"_a": "int"}})
    with pytest.raises(TypeError, match="cannot extend"):
        type("Bad", (Point,), {"__annotations__": {"z": "int"}})
    with pytest.raises(TypeError, match="__future__"):
        type("Bad", (Record,), {})


@pytest.mark.parametrize("arity", [1, 2, 20])
def test_each_arity_builds_by_position_and_keyword(arity: int) -> None:
    names = [f"f{index}" for index in range(arity)]
    kind = type(f"R{arity}", (Record,), {"__annotations__": dict.fromkeys(names, "int"), names[-1]: -1})
    by_position = kind(*range(arity))
    assert tuple(by_position) == tuple(range(arity))
    assert kind(**{name: index for index, name in enumerate(names)}) == by_position
    assert kind(*range(arity - 1))[-1] == -1  # the default
    named = f"R{arity}" if sys.version_info >= (3, 11) else None  # 3.11+ errors name the type
    with pytest.raises(TypeError, match=named):
        kind(*range(arity + 1))


def test_first_constructions_in_many_threads_agree() -> None:
    # the first construction of a type replaces its __new__; threads racing to it all get records
    import threading

    kind = type("Raced", (Record,), {"__annotations__": {"a": "int", "b": "str"}, "b": "-"})
    results: list[object] = []
    barrier = threading.Barrier(16)

    def build(index: int) -> None:
        barrier.wait()
        results.append(kind(index) if index % 2 else kind(a=index, b="x"))

    threads = [threading.Thread(target=build, args=(index,)) for index in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == sorted(kind(i) if i % 2 else kind(i, "x") for i in range(16))  # type: ignore[type-var]


def test_the_written_out_templates_are_the_compiled_ones() -> None:
    from modelgo_lint import records

    for arity in range(25):
        namespace: dict[str, object] = {"_tuple_new": tuple.__new__}
        exec(compile(records._source(arity), "<record>", "exec"), namespace)
        compiled = namespace["__new__"].__code__  # type: ignore[attr-defined]
        written = records._template(arity).__code__
        assert written.co_code == compiled.co_code, arity
        assert (written.co_argcount, written.co_varnames, written.co_names, written.co_consts) == (
            compiled.co_argcount, compiled.co_varnames, compiled.co_names, compiled.co_consts), arity
    assert records._template(30)(tuple, *range(30)) == tuple(range(30))  # more fields: compiled


def test_a_clean_check_compiles_nothing(tmp_path: Path) -> None:
    """No ``compile`` of source at start-up: record types use the written templates."""
    script = (
        "import builtins, io, contextlib, sys\n"
        "calls = []\n"
        "real = builtins.compile\n"
        "builtins.compile = lambda *a, **k: calls.append(a[1] if len(a) > 1 else '?') or real(*a, **k)\n"
        "from modelgo_lint.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['check', sys.argv[1]])\n"
        "print(calls)\n"
    )
    model = write_model(tmp_path / "model", "MG-BY-2.0")
    (model / "MODEL_SHEET.yaml").write_text(sheet_yaml("MG-BY-2.0"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", script, str(model)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    # (a module compiled from its source for want of bytecode is the import system's, not ours)
    assert [name for name in ast.literal_eval(proc.stdout) if not str(name).endswith(".py")] == []
