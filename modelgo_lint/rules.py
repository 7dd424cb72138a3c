"""The one registry of rules: collected from the check modules that emit them (each defines its
rules, with code, name, default severity and docs, beside its code: :mod:`modelgo_lint.ruledef`).

Codes are stable contracts (design §4). The README's rule table is generated from this registry
(``modelgo-lint rules --format markdown``) and a test fails when the two drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from modelgo_lint import rule_doc_url
from modelgo_lint.checks import consistency, derivatives, files, license, retention, sheet
from modelgo_lint.findings import Finding
from modelgo_lint.ruledef import Content, Example, Rule, describe

__all__ = ["RULES", "RULES_BY_NAME", "Rule", "doc_index", "doc_page", "help_markdown", "help_text", "lookup",
           "markdown_table", "name_of"]

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


def _configure(rule: Rule) -> str:
    return (f"Configure it with `--severity {rule.code}=error|warning|info|off` or in `.modelgo-lint.yaml` "
            f"(`severity: {{{rule.code}: warning}}`).")


def _files_text(files: Mapping[str, Content], indent: str) -> list[str]:
    lines = []
    for rel, content in files.items():
        said = describe(content)
        if said is not None:
            lines.append(f"{indent}{rel}: {said}")
        else:
            assert isinstance(content, str)
            lines.append(f"{indent}{rel}:")
            lines += [f"{indent}  | {line}".rstrip() for line in content.rstrip("\n").split("\n")]
    return lines


def _changed(example: Example) -> tuple[dict[str, Content], list[str]]:
    """The head's files that differ from the base's, and the base's files the head deleted."""
    base = example.base or {}
    changed = {rel: content for rel, content in example.files.items() if base.get(rel) != content}
    return changed, [rel for rel in base if rel not in example.files]


def _example_text(title: str, example: Example) -> list[str]:
    lines = [f"{title}: {example.summary}"]
    if example.base is not None:
        changed, deleted = _changed(example)
        lines += ["  at the base revision (check --base REV):", *_files_text(example.base, "    "),
                  "  at the head (the other files as at the base):", *_files_text(changed, "    "),
                  *(f"    {rel}: deleted" for rel in deleted)]
    else:
        lines += _files_text(example.files, "  ")
    return lines


def _wrapped(label: str, text: str) -> list[str]:
    import textwrap  # `rules CODE` only: not on every check's start-up

    return textwrap.wrap(f"{label}: {text}", 96, subsequent_indent="  ", break_on_hyphens=False)


def help_text(rule: Rule) -> str:
    """``modelgo-lint rules CODE``: the long doc, why it matters, both examples and the fix."""
    lines = [f"{rule.code} {rule.name} [{rule.default_label}]", rule.summary, "", rule.doc, "",
             *_wrapped("Why it matters", rule.why), "", *_example_text("Failing example", rule.failing), "",
             *_example_text("Passing example", rule.passing), "", *_wrapped("Fix", rule.fix), "",
             _configure(rule), f"Docs: {rule_doc_url(rule.code)}"]
    return "\n".join(lines) + "\n"


def _fence(text: str) -> str:
    ticks = "`" * max(3, max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    return f"{ticks}text\n{text.rstrip(chr(10))}\n{ticks}"


def _files_markdown(files: Mapping[str, Content]) -> list[str]:
    lines = []
    for rel, content in files.items():
        said = describe(content)
        if said is not None:
            lines.append(f"- `{rel}`: {said}")
        else:
            assert isinstance(content, str)
            lines += [f"- `{rel}`:", "", *(f"  {line}".rstrip() for line in _fence(content).split("\n"))]
    return lines


def _example_markdown(title: str, example: Example) -> list[str]:
    lines = [f"## {title}", "", f"{example.summary[0].upper()}{example.summary[1:]}.", ""]
    if example.base is None:
        return lines + _files_markdown(example.files)
    changed, deleted = _changed(example)
    return [*lines, "At the base revision (`check --base REV`):", "", *_files_markdown(example.base), "",
            "At the head (the other files as at the base):", "", *_files_markdown(changed),
            *(f"- `{rel}`: deleted" for rel in deleted)]


def help_markdown(rule: Rule) -> str:
    """The rule's doc in Markdown: the body of its page and SARIF's ``help.markdown``."""
    lines = [f"Default severity: **{rule.default_label}**.", "", rule.summary, "", rule.doc, "",
             "## Why it matters", "", rule.why, "", *_example_markdown("Failing example", rule.failing), "",
             *_example_markdown("Passing example", rule.passing), "", "## Fix", "", rule.fix, "",
             _configure(rule)]
    return "\n".join(lines) + "\n"


def doc_page(rule: Rule) -> str:
    """The rule's page in ``docs/rules/`` (written by scripts/build_rule_docs.py, kept fresh by a test)."""
    return (
        f"# {rule.code} {rule.name}\n\n"
        f"<!-- generated from modelgo_lint/rules.py by scripts/build_rule_docs.py: do not edit -->\n\n"
        + help_markdown(rule)
    )


def doc_index() -> str:
    rows = [f"- [{r.code} {r.name}]({r.code}.md) ({r.default_label}): {r.summary}" for r in RULES.values()]
    return "# Rules\n\n" + "\n".join(rows) + "\n"


#: rules whose findings ``modelgo-lint fix`` can repair exactly (modelgo_lint.repair): a license file
#: from its verified official text, and the README declarations whose check said how (Finding.repair)
FIXABLE = frozenset({"MG102", "MG103", "MG204", "MG207", "MG208"})
_FROM_TEXT = frozenset({"MG102", "MG103"})


def can_fix(finding: Finding) -> bool:
    """``modelgo-lint fix`` has a repair for this finding (an MG208 relation typo, say, has none)."""
    return finding.code in _FROM_TEXT or (finding.code in FIXABLE and bool(finding.repair))
