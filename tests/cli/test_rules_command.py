"""``modelgo-lint rules [CODE…]``: the long doc, why it matters, both examples and the fix
(issue 15, item 5); the examples themselves are linted in tests/project/test_rule_examples.py."""

from __future__ import annotations

from modelgo_lint import rule_doc_url
from modelgo_lint.rules import RULES, doc_page
from support import cli


def test_rules_mg102_prints_the_long_doc_with_both_examples() -> None:
    rule = RULES["MG102"]
    run = cli("rules", "MG102")
    assert run.code == 0, run.err
    out = run.out
    assert out.startswith("MG102 license-modified [error]\n")
    assert rule.doc in out
    assert "Why it matters: Section 6 (Modification of this License)" in out
    failing, passing = out.index("Failing example: "), out.index("Passing example: ")
    fix = out.index("Fix: ")
    assert failing < passing < fix
    assert rule.failing.summary in out[failing:passing] and '"NonCommercial purposes only" deleted' in out
    assert rule.passing.summary in out[passing:fix] and "re-wrapped at 72 columns" in out[passing:fix]
    assert "  README.md:\n    | ---\n    | license: other\n" in out  # literal files shown as they are
    assert rule_doc_url("MG102") in out


def test_rules_takes_codes_and_names_and_markdown_gives_the_pages() -> None:
    run = cli("rules", "mg301", "notice-file-removed")
    assert run.code == 0
    assert run.out.startswith("MG301 attribution-removed")
    assert "\nMG302 notice-file-removed [error]\n" in run.out
    assert "at the base revision (check --base REV):" in run.out and "    NOTICE: deleted" in run.out
    markdown = cli("rules", "--format", "markdown", "MG204")
    assert markdown.out == doc_page(RULES["MG204"])


def test_rules_without_codes_lists_one_line_each_and_unknown_is_a_usage_error() -> None:
    run = cli("rules")
    assert run.out.count("\n") == len(RULES)
    unknown = cli("rules", "MG999")
    assert unknown.code == 2 and "MG999" in unknown.err and unknown.out == ""
