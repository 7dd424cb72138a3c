"""Every rule's failing example reports the rule and its passing example reports nothing, linted
through the real CLI (issue 15, item 5).

All examples are built as folders of one git repository (``<CODE>/failing``, ``<CODE>/passing``)
and checked in one run with ``--base`` (the retention rules' examples differ from their base
commit); an example with its own ``.modelgo-lint.yaml`` is checked alone, as its configuration
applies to a check of its folder.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

from modelgo_lint.config import CONFIG_NAMES
from modelgo_lint.ruledef import Example
from modelgo_lint.rules import RULES
from support import cli, commit_all, init_repo, materialise


def _examples() -> list[tuple[str, str, Example]]:
    return [(code, kind, example) for code, rule in RULES.items()
            for kind, example in (("failing", rule.failing), ("passing", rule.passing))]


def _codes(out: str, depth: int) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for finding in json.loads(out)["findings"]:
        found["/".join(str(finding["path"]).split("/")[:depth])].add(str(finding["code"]))
    return found


def test_every_failing_example_fails_and_every_passing_example_passes(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "examples")
    for code, kind, example in _examples():
        materialise(repo / code / kind, example.base if example.base is not None else example.files)
    commit_all(repo, "base")
    for code, kind, example in _examples():
        if example.base is not None:
            shutil.rmtree(repo / code / kind)
            materialise(repo / code / kind, example.files)
    run = cli("check", "--format", "json", "--base", "HEAD", repo)
    assert run.code in (0, 1), run.err
    found = _codes(run.out, 2)
    alone = [(code, kind) for code, kind, example in _examples() if set(example.files) & set(CONFIG_NAMES)]
    assert alone  # MG201: required by configuration
    for code, kind in alone:
        single = cli("check", "--format", "json", repo / code / kind)
        assert single.code in (0, 1), single.err
        found[f"{code}/{kind}"] = _codes(single.out, 0).get("", set())
    for code in RULES:
        assert found.get(f"{code}/failing") == {code}, (code, found.get(f"{code}/failing"))
        assert not found.get(f"{code}/passing"), (code, found.get(f"{code}/passing"))


def test_examples_name_texts_and_never_hold_license_prose() -> None:
    """Literal files of the examples are a few lines: license texts are named (Text), read from
    ../shared when a test builds the example."""
    for code, kind, example in _examples():
        for files in (example.files, example.base or {}):
            for rel, content in files.items():
                if isinstance(content, (str, bytes)):
                    assert len(content) < 600, (code, kind, rel)
