"""``modelgo-lint sheet ID`` passes yamllint's default rules (issue 15, item 8), for every
license with an official Model Sheet, and still takes the plain reader's fast path."""

from __future__ import annotations

import pytest

from modelgo_lint.licenses import registry as registry_module
from modelgo_lint.sheets import plain
from modelgo_lint.sheets.template import render_yaml
from support import CURRENT, cli

yamllint_config = pytest.importorskip("yamllint.config")
yamllint_linter = pytest.importorskip("yamllint.linter")


@pytest.mark.parametrize("license_id", CURRENT)
def test_generated_sheet_passes_yamllint_default_rules(license_id: str) -> None:
    text = render_yaml(license_id, registry_module.load())
    config = yamllint_config.YamlLintConfig("extends: default")
    problems = [f"{p.line}:{p.column} {p.rule}" for p in yamllint_linter.run(text, config)]
    assert problems == []
    assert plain.read(text) is not None  # no PyYAML needed to read it back


def test_the_command_prints_the_same_sheet() -> None:
    run = cli("sheet", "MG-BY-2.0")
    assert run.code == 0 and run.out == render_yaml("MG-BY-2.0", registry_module.load())
