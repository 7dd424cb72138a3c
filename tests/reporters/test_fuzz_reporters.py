"""Fuzzing every reporter (issue 13): findings with any path, message, hint and details (control
characters, undecodable bytes of a name as surrogate escapes, other lone surrogates, bidi
controls) give output that is UTF-8 and parses as its format: JSON loads, SARIF validates against
the 2.1.0 schema, workflow commands are one line each, Markdown has no raw ``<`` of ours to open
HTML, text has no raw control character."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint.engine import Report
from modelgo_lint.findings import Finding, Severity, WordDiff
from modelgo_lint.reporters import REPORTER_BY_NAME, markdown
from modelgo_lint.reporters.identify import IDENTIFY_REPORTERS, Result
from modelgo_lint.rules import RULES
from support import SHARED

HOSTILE = st.sampled_from([
    "\n", "\r", "\r\n", "\x1b[2J", "\x00", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\u202e", "\u2066",
    "\udcff", "\udc80", "\ud800", "\udfff", "%0A", "::error::x", "<img src=x>", "@team", "|", "`", "[a](b)",
    "&amp;", "\\", '"', "%", ":", ",", "\ufeff", "é", "漢", "😀", "</details>",
])
ANY_CHARACTER = st.characters(blacklist_categories=())  # surrogates included
TEXT = st.lists(HOSTILE | st.text(ANY_CHARACTER, max_size=10), max_size=12).map("".join)
FINDING = st.builds(
    Finding,
    path=TEXT, line=st.integers(0, 10**6), column=st.integers(0, 10**4),
    code=st.sampled_from(sorted(RULES)), message=TEXT,
    severity=st.sampled_from(list(Severity)),
    pointer=st.none() | TEXT, hint=st.none() | TEXT, details=st.lists(TEXT, max_size=3).map(tuple),
    diff=st.just(()),
)
#: a word diff as the matcher makes it: words are normalize's tokens (\w, ✓, ✗), sections its labels
WORDS = st.from_regex(r"[\w✓✗]+( [\w✓✗]+){0,5}", fullmatch=True)
WORD_DIFF = st.builds(
    WordDiff, section=st.from_regex(r"[\w.() ]{0,12}", fullmatch=True),
    kind=st.sampled_from(["changed", "added", "removed"]), line=st.integers(0, 10**5),
    end_line=st.integers(0, 10**5),
    ops=st.lists(st.tuples(st.sampled_from("=-+"), WORDS), max_size=6).map(tuple),
)
FINDING_WITH_DIFF = st.builds(
    Finding, path=TEXT, line=st.integers(0, 10**6), column=st.integers(0, 10**4), code=st.just("MG101"),
    message=TEXT, diff=st.lists(WORD_DIFF, min_size=1, max_size=3).map(tuple),
)
FINDINGS = st.lists(FINDING | FINDING_WITH_DIFF, max_size=6).map(tuple)
REPORT = st.builds(Report, FINDINGS, st.integers(0, 50), st.integers(0, 50))
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
OUR_TAGS = re.compile(r"</?(?:details|summary)>")


@cache
def _sarif_validator() -> Any:
    schema = json.loads((SHARED / "external-schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def _utf8(text: str) -> str:
    text.encode("utf-8")  # raises on a lone surrogate: outputs must be UTF-8
    return text


@given(REPORT)
def test_json(report: Report) -> None:
    document = json.loads(_utf8(REPORTER_BY_NAME["json"](report)))
    assert len(document["findings"]) == len(report.findings)
    for finding in document["findings"]:
        _utf8(json.dumps(finding, ensure_ascii=False))


@given(REPORT)
def test_sarif(report: Report) -> None:
    document = json.loads(_utf8(REPORTER_BY_NAME["sarif"](report)))
    _sarif_validator().validate(document)
    for result in document["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert re.fullmatch(r"[A-Za-z0-9\-._~/%]*", uri), uri  # RFC 3986 unreserved, "/" and %XX


@given(REPORT)
def test_workflow_commands(report: Report) -> None:
    output = _utf8(REPORTER_BY_NAME["github"](report))
    assert "\r" not in output
    lines = output.split("\n")
    assert lines[-1] == "" and len(lines) - 1 == len(report.findings)
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:-1])
    assert not RAW_CONTROL.search(output.replace("\n", ""))


@given(REPORT, st.none() | st.just("https://github.example/o/r/blob/" + "a" * 40))
def test_markdown(report: Report, link_base: str | None) -> None:
    output = _utf8(markdown.render(report, link_base))
    assert "<" not in OUR_TAGS.sub("", output)
    assert not RAW_CONTROL.search(output.replace("\n", ""))
    table = [line for line in output.split("\n") if line.startswith("| :")]
    assert all(line.count("|") - line.count("\\|") == 5 for line in table)


@given(REPORT)
def test_text(report: Report) -> None:
    output = _utf8(REPORTER_BY_NAME["text"](report))
    assert not RAW_CONTROL.search(output.replace("\n", ""))
    expected = sum(1 + len(f.details) + (1 if f.hint else 0) for f in report.findings) + 1
    assert output.count("\n") == expected


@given(st.lists(st.builds(Result, TEXT, st.none(), TEXT), max_size=5))
def test_identify_reporters(results: list[Result]) -> None:
    assert len(json.loads(_utf8(IDENTIFY_REPORTERS["json"](results)))) == len(results)
    text = _utf8(IDENTIFY_REPORTERS["text"](results))
    assert not RAW_CONTROL.search(text.replace("\n", "")) and text.count("\n") == len(results)
