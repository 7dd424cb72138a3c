"""Issue 12 items 4, 5, 6, 9 through the real CLI, on one monorepo (one run): each violating root
beside its compliant twin. Verdicts are judged from the license texts (sections cited)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import LICENSES, cli, newest_text, write_model

SHEET = """format_version: 1
model: org/{name}
license: {{id: {own}, file: LICENSE}}
licensor: Lab
derived_from:
  - name: org/base
    relation: {relation}
    license: {up}
    license_file: {copy}
    attribution: ["Copyright 2024 Base Lab"]
{mods}"""
MODS = "modifications:\n  - {date: '2025-06-01', description: Trained further}\n"


def _root(top: Path, name: str, own: str, up: str, copy_text: str, relation: str = "finetune",
          mods: str = "", readme_extra: str = "") -> None:
    root = write_model(top / name, own)
    readme = (root / "README.md").read_text("utf-8") + "\nCopyright 2024 Base Lab\n" + readme_extra
    (root / "README.md").write_text(readme, "utf-8")
    (root / "LICENSES").mkdir()
    (root / "LICENSES" / "UPSTREAM.txt").write_text(copy_text, "utf-8")
    (root / "MODEL_SHEET.yaml").write_text(
        SHEET.format(name=name, own=own, up=up, relation=relation, copy="LICENSES/UPSTREAM.txt", mods=mods),
        "utf-8")


def _text(file: str) -> str:
    return (LICENSES / file).read_bytes().decode("utf-8-sig")


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    top = tmp_path_factory.mktemp("mono")
    may = _text("MG-BY-2.0/2025-07-10-6ccc597.txt")
    # May 2025 §1: a distilled model is a Derivative Material -> 2.2(a)(ii) dated notice owed
    _root(top, "may-distilled", "MG-BY-2.0", "MG-BY-2.0", may, "distillation")
    _root(top, "may-distilled-ok", "MG-BY-2.0", "MG-BY-2.0", may, "distillation", MODS)
    # Dec 2025 MG-BY-NC §1 defines Extracted Models: 2.2(a)(iii) extracted notice, no dated notice
    nc = newest_text("MG-BY-NC-2.0")
    _root(top, "nc-extracted", "MG-BY-NC-2.0", "MG-BY-NC-2.0", nc, "distillation", MODS)
    _root(top, "nc-extracted-ok", "MG-BY-NC-2.0", "MG-BY-NC-2.0", nc, "distillation",
          readme_extra="\nThis model was distilled from org/base.\n")
    # Dec 2025 MG-BY §1 excludes models developed from Output: no notice owed at all
    _root(top, "dec-by-distilled-ok", "MG-BY-2.0", "MG-BY-2.0", newest_text("MG-BY-2.0"), "distillation")
    apache = (LICENSES.parent / "other-licenses" / "Apache-2.0.txt").read_text("utf-8")
    # Apache-2.0 §4(b): a notice of changes, no date
    _root(top, "apache-up", "MG-BY-2.0", "apache-2.0", apache)
    _root(top, "apache-up-ok", "MG-BY-2.0", "apache-2.0", apache,
          readme_extra="\n## Changes\n\nFine-tuned on our support tickets.\n")
    # item 6: own license apache-2.0 over an MG-BY-NC-2.0 upstream (MG-BY-NC-2.0 2.1: non-commercial)
    _root(top, "apache-own", "MG-BY-NC-2.0", "MG-BY-NC-2.0", nc, mods=MODS)
    sheet = (top / "apache-own" / "MODEL_SHEET.yaml")
    sheet.write_text(sheet.read_text("utf-8").replace("id: MG-BY-NC-2.0", "id: apache-2.0"), "utf-8")
    # item 9: a soft hyphen and a zero-width space inside words are presentation
    text = newest_text("MG-BY-2.0")
    write_model(top / "invisible-ok", "MG-BY-2.0",
                license_bytes=text.replace("Licensor", "Licen\u00adsor", 1).replace(
                    "Derivative", "Deriva\u200btive", 1).encode("utf-8"))
    write_model(top / "lookalike", "MG-BY-2.0",
                license_bytes=text.replace("Licensor", "Licens\u043er", 1).encode("utf-8"))
    run = cli("check", "--format", "json", top)
    assert run.code in (0, 1), run.err
    out: dict[str, list[str]] = {}
    for f in json.loads(run.out)["findings"]:
        if f["severity"] in ("error", "warning"):
            out.setdefault(f["path"].split("/", 1)[0], []).append(f["code"])
            out.setdefault("_hints", []).append(str(f.get("hint")))
    return out


def test_edition_decides_whether_a_distilled_model_owes_the_dated_notice(
        findings: dict[str, list[str]]) -> None:
    assert findings.get("may-distilled") == ["MG303"]
    assert "may-distilled-ok" not in findings
    assert findings.get("nc-extracted") == ["MG306"]
    assert "nc-extracted-ok" not in findings
    assert "dec-by-distilled-ok" not in findings


def test_apache_upstream_asks_for_an_undated_change_notice(findings: dict[str, list[str]]) -> None:
    assert findings.get("apache-up") == ["MG303"]
    assert "apache-up-ok" not in findings


def test_apache_model_of_a_noncommercial_modelgo_upstream_is_mg402(findings: dict[str, list[str]]) -> None:
    assert "MG402" in findings.get("apache-own", [])


def test_invisible_characters_keep_the_verdict_and_lookalikes_are_named(
        findings: dict[str, list[str]]) -> None:
    assert "invisible-ok" not in findings
    assert findings.get("lookalike") == ["MG102"]
    assert any("U+043E CYRILLIC SMALL LETTER O" in h for h in findings["_hints"])
