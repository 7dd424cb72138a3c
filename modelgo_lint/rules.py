"""The one registry of rules: collected from the check modules that emit them (each defines its
rules, with code, name, default severity and docs, beside its code: :mod:`modelgo_lint.ruledef`).

Codes are stable contracts (design §4). The README's rule table is generated from this registry
(``modelgo-lint rules --format markdown``) and a test fails when the two drift apart.
"""

from __future__ import annotations

from modelgo_lint.checks import consistency, derivatives, files, license, retention, sheet
from modelgo_lint.ruledef import Rule

__all__ = ["RULES", "RULES_BY_NAME", "Rule", "doc_index", "doc_page", "lookup", "markdown_table", "name_of"]

_MODULES = (license, sheet, consistency, retention, derivatives, files)
_ALL: tuple[Rule, ...] = tuple(sorted((r for module in _MODULES for r in module.RULES), key=lambda r: r.code))

RULES: dict[str, Rule] = {rule.code: rule for rule in _ALL}
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in _ALL}


def name_of(code: str) -> str:
    """The short name of the rule with ``code`` (what reporters show beside the code)."""
    return RULES[code].name


def lookup(code_or_name: str) -> Rule:
    """Find a rule by code (``MG102``) or name (``license-modified``); raise KeyError."""
    key = code_or_name.strip()
    rule = RULES.get(key.upper()) or RULES_BY_NAME.get(key.lower())
    if rule is None:
        raise KeyError(code_or_name)
    return rule


def markdown_table() -> str:
    """The README's rule table (kept in sync by a test)."""
    rows = ["| code | name | default | what it reports |", "|---|---|---|---|"]
    rows += [f"| {r.code} | {r.name} | {r.default_label} | {r.summary} |" for r in RULES.values()]
    return "\n".join(rows) + "\n"


def doc_page(rule: Rule) -> str:
    """The rule's page in ``docs/rules/`` (written by scripts/build_rule_docs.py, kept fresh by a test)."""
    return (
        f"# {rule.code} {rule.name}\n\n"
        f"<!-- generated from modelgo_lint/rules.py by scripts/build_rule_docs.py: do not edit -->\n\n"
        f"Default severity: **{rule.default_label}**.\n\n"
        f"{rule.summary}\n\n"
        f"{rule.doc}\n\n"
        f"Configure it with `--severity {rule.code}=error|warning|info|off` or in `.modelgo-lint.yaml` "
        f"(`severity: {{{rule.code}: warning}}`).\n"
    )


def doc_index() -> str:
    rows = [f"- [{r.code} {r.name}]({r.code}.md) ({r.default_label}): {r.summary}" for r in RULES.values()]
    return "# Rules\n\n" + "\n".join(rows) + "\n"
