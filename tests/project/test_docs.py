"""Docs that are generated from the code stay in sync with it."""

from __future__ import annotations

import re

from modelgo_lint.rules import RULES, markdown_table
from support import PROJECT


def test_readme_rule_table_matches_registry() -> None:
    readme = (PROJECT / "README.md").read_text("utf-8")
    match = re.search(r"<!-- rules-table:.*?-->\n(.*?)<!-- end rules-table -->", readme, re.DOTALL)
    assert match, "README lacks the generated rules table"
    assert match.group(1) == markdown_table()


def test_every_rule_has_why_fix_and_both_examples() -> None:
    """Filled for every rule (tests/project/test_rule_examples.py lints the examples)."""
    for rule in RULES.values():
        assert re.fullmatch(r"MG\d{3}", rule.code) and re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.doc and rule.why and rule.fix, rule.code
        assert rule.failing.files and rule.passing.files and rule.failing.summary and rule.passing.summary
        assert "Passing:" not in rule.doc and "Failing" not in rule.doc, rule.code  # the examples say it


def test_readme_set_up_commands_are_what_ci_runs() -> None:
    readme = (PROJECT / "README.md").read_text("utf-8")
    commands = re.findall(r"```sh\n# [^\n]*\n([^\n]+)\n```", readme)
    assert len(commands) == 2
    ci = (PROJECT / ".ci" / "run").read_text("utf-8")
    for command in commands:
        assert command in ci


def test_readme_shows_the_example_workflows_verbatim() -> None:
    readme = (PROJECT / "README.md").read_text("utf-8")
    workflows = sorted((PROJECT / "examples" / "workflows").glob("*.yml"))
    assert len(workflows) == 4
    for workflow in workflows:
        assert f"```yaml\n{workflow.read_text('utf-8')}```" in readme, workflow.name
