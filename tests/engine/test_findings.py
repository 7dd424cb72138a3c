"""The one record every check produces (modelgo_lint.findings.Finding): compared, hashed and
sorted by where it is and which rule, and only among findings (it is a NamedTuple underneath)."""

from __future__ import annotations

import pytest

from modelgo_lint.findings import Finding, Severity


def test_findings_compare_by_place_and_rule_only() -> None:
    a = Finding("README.md", 3, 1, "MG207", "one wording")
    b = Finding("README.md", 3, 1, "MG207", "another wording", Severity.INFO, hint="h")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != a._replace(code="MG208") and a != a._replace(line=4)
    later, last = Finding("a", 9, 9, "MG999", "m"), Finding("b", 1, 1, "MG101", "m")
    assert sorted([last, later, b]) == [a, later, last]


def test_a_plain_tuple_of_the_same_values_is_not_a_finding() -> None:
    finding = Finding("LICENSE", 1, 1, "MG102", "m")
    assert finding != tuple(finding) and tuple(finding) != finding
    assert finding != ("LICENSE", 1, 1, "MG102")
    with pytest.raises(TypeError):
        sorted([finding, ("LICENSE", 0, 0, "MG101")])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        assert finding < ("A",)
