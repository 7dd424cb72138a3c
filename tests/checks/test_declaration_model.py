"""Issue 12, items 1, 2, 3 and 7: what a model root declares, from every source, through the real CLI.

One CLI run over a monorepo of model folders, each built the way publishers build them: a
violating folder and its compliant twin per case (the twin gives no error or warning).

Sources of the verdicts:
- ModelGo BY licenses, section "Requirements Relating to Distribution": a copy of the license
  goes with the model (MG101 when none is shipped); the license file is what the model is under,
  so every other declaration must name the same license (MG205).
- Hugging Face hub-docs, docs/hub/repositories-licenses.md: `license` is one of the Hub's
  identifiers; "In case of `license: other` ... set a name for it in `license_name`"; modelcard.md:
  `license_link` links "to a file of that name inside the repo, or a URL".
- hub-docs docs/hub/model-cards.md "Specifying a base model": `base_model_relation` is one of
  adapter, merge, quantized, finetune.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support import OTHER, cli, line_of, raw_bytes, sheet_yaml

COMMERCIAL = "commercial_use_of_licensed_materials_derivative_materials_and_extracted_models"
Found = dict[str, list[dict[str, Any]]]
BASE_NOTICE = "Copyright 2024 Apache Base Authors"
FRONT = "---\nlicense: other\nlicense_name: {name}\nlicense_link: LICENSE\n{extra}---\n\n"


def _model(folder: Path, readme: str, license_id: str | None = "MG-BY-NC-2.0",
           sheet: str | None = None, files: dict[str, bytes] | None = None) -> None:
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(readme, encoding="utf-8")
    (folder / "config.json").write_text('{"hidden_size": 8}\n', encoding="utf-8")
    (folder / "model.safetensors").write_bytes(b"\0" * 64)
    if license_id is not None:
        (folder / "LICENSE").write_bytes(raw_bytes(license_id))
    if sheet is not None:
        (folder / "MODEL_SHEET.yaml").write_text(sheet, encoding="utf-8")
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _notice(license_id: str) -> str:
    return f"# Model\n\n## License\n\nThis model is licensed under {license_id}; see LICENSE.\n"


def _front(license_id: str, extra: str = "", **replace: str) -> str:
    text = FRONT.format(name=license_id.lower(), extra=extra) + _notice(license_id)
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


README_TEXTS: dict[str, str] = {}


def _build(repo: Path) -> None:
    t = README_TEXTS
    # 1. README-only models ----------------------------------------------------------------------
    t["mg0"] = ("# Tiny\n\nA small model.\n\nThis model is released under the\n"
                "ModelGo Zero License 2.0 (MG0-2.0).\n")
    _model(repo / "readme-only/violating", t["mg0"], None)
    _model(repo / "readme-only/compliant", t["mg0"], "MG0-2.0")
    t["link"] = "# Model\n\nThe weights are licensed under [MG-BY-NC-RAI-2.0](https://example.org/mg).\n"
    _model(repo / "readme-link/violating", t["link"], None)
    _model(repo / "readme-link/compliant", t["link"], "MG-BY-NC-RAI-2.0")
    t["typo"] = "# Model\n\nThis model is licensed under MG-NC-RAI-2.0.\n"
    _model(repo / "readme-typo/violating", t["typo"], None)
    _model(repo / "readme-typo/compliant", t["typo"].replace("MG-NC-RAI", "MG-BY-NC-RAI"), "MG-BY-NC-RAI-2.0")
    (repo / "mentions").mkdir()
    (repo / "mentions/README.md").write_text(
        "# ModelGo\n\nModelGo is a tool released under the MIT License.\n\n"
        "An article about the ModelGo licenses: MG-BY-2.0 asks for attribution.\n", encoding="utf-8")
    # 2. notices as people write them ------------------------------------------------------------
    t["title"] = ("# Model\n\n## License\n\nThis model is made available under the *ModelGo\n"
                  "Attribution-NonCommercial License, Version 2.0*; see [LICENSE](LICENSE).\n")
    _model(repo / "title/compliant", t["title"])
    _model(repo / "title/violating", t["title"].replace("Attribution-NonCommercial", "Attribution"))
    t["upstream"] = ("# Model\n\nIntro.\n\n## License\n\n"
                     "The base model org/base is licensed under the ModelGo\n"
                     "Attribution License (MG-BY-2.0).")
    _model(repo / "upstream-sentence/compliant", t["upstream"] + " This model is licensed under\n"
           "**MG-BY-NC-2.0**.\n")
    _model(repo / "upstream-sentence/violating", t["upstream"] + "\n")
    # 3. every source ----------------------------------------------------------------------------
    _model(repo / "two-files/violating", _notice("MG-BY-2.0"), "MG-BY-2.0",
           files={"LICENSE.txt": raw_bytes("MG-BY-NC-2.0")})
    _model(repo / "two-files/compliant", _notice("MG-BY-2.0"), "MG-BY-2.0",
           files={"LICENSE.txt": raw_bytes("MG-BY-2.0")})
    _model(repo / "case-collapse/violating", _notice("MG-BY-2.0"), "MG-BY-2.0",
           files={"license": raw_bytes("MG-BY-NC-2.0")})
    _model(repo / "upstream-copy/compliant", _notice("MG-BY-NC-2.0"), "MG-BY-NC-2.0",
           files={"LICENSES/MG-BY-2.0.txt": raw_bytes("MG-BY-2.0")})
    hub_form = "license: other\nlicense_name: mg-by-nc-2.0\nlicense_link: LICENSE\n"
    _model(repo / "hub-mit/violating", _front("MG-BY-NC-2.0", **{hub_form: "license: mit\n"}))
    _model(repo / "hub-mit/compliant", _front("MG-BY-NC-2.0"))
    _model(repo / "hub-no-name/violating", _front("MG-BY-NC-2.0", **{"license_name: mg-by-nc-2.0\n": ""}))
    _model(repo / "hub-mg-id/violating",
           _front("MG-BY-NC-2.0", **{"license: other\nlicense_name:": "license:"}))
    _model(repo / "hub-link/violating",
           _front("MG-BY-NC-2.0", **{"license_link: LICENSE": "license_link: LICENSE.md"}))
    # 7. one root cause, one finding --------------------------------------------------------------
    _model(repo / "sheet-id/violating", _notice("MG-BY-NC-2.0"), sheet=sheet_yaml("MG-BY-2.0"))
    _model(repo / "sheet-id/compliant", _notice("MG-BY-NC-2.0"), sheet=sheet_yaml("MG-BY-NC-2.0"))
    _model(repo / "sheet-typo/violating", _notice("MG-BY-NC-2.0"),
           sheet=sheet_yaml("MG-BY-NC-2.0", **{"id: MG-BY-NC-2.0": "id: MG-BY-NC-2.O"}))


def _upstream_sheet(license_file: str) -> str:
    return str(sheet_yaml("MG-BY-NC-2.0", **{
        "derived_from: []": ("derived_from:\n  - name: org/apache-base\n    relation: finetune\n"
                             f"    license: apache-2.0\n    license_file: {license_file}\n"
                             f'    attribution:\n      - "{BASE_NOTICE}"\n'),
        "modifications: []": 'modifications:\n  - date: "2026-01-05"\n    description: "fine-tuned"\n',
    }))


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    repo = tmp_path_factory.mktemp("monorepo")
    _build(repo)
    apache = (OTHER / "Apache-2.0.txt").read_bytes()
    upstream = {"LICENSE-apache-base.txt": apache, "NOTICE": f"{BASE_NOTICE}\n".encode()}
    _model(repo / "upstream-file/compliant", _notice("MG-BY-NC-2.0"),
           sheet=_upstream_sheet("LICENSE-apache-base.txt"), files=upstream)
    _model(repo / "upstream-file/violating", _notice("MG-BY-NC-2.0"),
           sheet=_upstream_sheet("LICENSES/Apache-2.0.txt"),
           files={"NOTICE": f"{BASE_NOTICE}\n".encode()})
    relation = _front("MG-BY-NC-2.0", "base_model: org/apache-base\nbase_model_relation: finetune\n")
    _model(repo / "hub-relation/compliant", relation, sheet=_upstream_sheet("LICENSE-apache-base.txt"),
           files=upstream)
    _model(repo / "hub-relation/violating", relation.replace("relation: finetune", "relation: finetuned"),
           sheet=_upstream_sheet("LICENSE-apache-base.txt"), files=upstream)
    _model(repo / "hub-relation-sheet/violating", relation,
           sheet=_upstream_sheet("LICENSE-apache-base.txt").replace("relation: finetune",
                                                                    "relation: adapter"),
           files=upstream)
    run = cli("check", "--format", "json", repo)
    assert run.code in (0, 1), run.err
    by_folder: dict[str, list[dict[str, Any]]] = {}
    for finding in json.loads(run.out)["findings"]:
        parts = str(finding["path"]).split("/")
        by_folder.setdefault("/".join(parts[:2]), []).append(finding)
    return by_folder


def _serious(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in found if f["severity"] in ("error", "warning")]


@pytest.mark.parametrize("case", [
    "readme-only", "readme-link", "readme-typo", "title", "upstream-sentence", "two-files", "upstream-copy",
    "hub-mit", "hub-relation", "sheet-id", "upstream-file",
])
def test_compliant_twin_gives_no_error_or_warning(findings: Found, case: str) -> None:
    assert _serious(findings.get(f"{case}/compliant", [])) == []


def test_readme_sentence_makes_a_model_root_without_license_file(findings: Found) -> None:
    (finding,) = findings["readme-only/violating"]
    assert finding["code"] == "MG101" and finding["path"] == "readme-only/violating/README.md"
    assert finding["line"] == line_of(README_TEXTS["mg0"], "MG0-2.0") and "MG0-2.0" in finding["hint"]
    (finding,) = findings["readme-link/violating"]
    assert finding["code"] == "MG101" and "MG-BY-NC-RAI-2.0" in finding["hint"]


def test_misspelled_identifier_is_mg204_and_the_mg101_hint_names_the_correction(
        findings: Found) -> None:
    by_code = {f["code"]: f for f in findings["readme-typo/violating"]}
    assert sorted(by_code) == ["MG101", "MG204"]
    assert "MG-BY-NC-RAI-2.0" in by_code["MG101"]["hint"] and "MG-NC-RAI-2.0" not in by_code["MG101"]["hint"]


def test_readme_that_mentions_modelgo_is_not_a_model(findings: Found) -> None:
    assert not any(folder.startswith("mentions") for folder in findings)


def test_full_title_wrapped_and_emphasised_is_a_declaration(findings: Found) -> None:
    (finding,) = _serious(findings["title/violating"])
    assert finding["code"] == "MG205" and finding["path"] == "title/violating/README.md"
    assert finding["line"] == line_of(README_TEXTS["title"], "*ModelGo") and "MG-BY-2.0" in finding["message"]


def test_upstream_sentence_is_not_a_declaration_and_mg207_points_at_the_license_section(
        findings: Found) -> None:
    (finding,) = _serious(findings["upstream-sentence/violating"])
    assert finding["code"] == "MG207"
    assert finding["line"] == line_of(README_TEXTS["upstream"], "## License")


@pytest.mark.parametrize("case, path", [("two-files", "LICENSE.txt"), ("case-collapse", "license")])
def test_two_own_license_files_that_differ_are_mg205(findings: Found, case: str,
                                                     path: str) -> None:
    (finding,) = _serious(findings[f"{case}/violating"])
    assert finding["code"] == "MG205" and finding["path"] == f"{case}/violating/{path}"


@pytest.mark.parametrize("case, code, pointer, fix", [
    ("hub-mit", "MG205", "/license", "license: other, license_name: mg-by-nc-2.0"),
    ("hub-no-name", "MG208", "/license", "license_name: mg-by-nc-2.0"),
    ("hub-mg-id", "MG208", "/license", "license: other, license_name: mg-by-nc-2.0"),
    ("hub-link", "MG205", "/license_link", "LICENSE"),
    ("hub-relation", "MG208", "/base_model_relation", "base_model_relation: finetune"),
    ("hub-relation-sheet", "MG208", "/base_model_relation", "base_model_relation: adapter"),
])
def test_front_matter_follows_the_hub_conventions(findings: Found, case: str, code: str,
                                                  pointer: str, fix: str) -> None:
    (finding,) = _serious(findings[f"{case}/violating"])
    assert (finding["code"], finding["pointer"]) == (code, pointer)
    assert fix in finding["hint"]


def test_sheet_id_over_another_license_is_one_mg205_whose_hint_fixes_the_rows(
        findings: Found) -> None:
    (finding,) = findings["sheet-id/violating"]
    assert finding["code"] == "MG205" and finding["pointer"] == "/license/id"
    assert "MG-BY-NC-2.0" in finding["hint"] and COMMERCIAL in finding["hint"]


def test_mistyped_sheet_identifier_is_one_finding(findings: Found) -> None:
    (finding,) = findings["sheet-typo/violating"]
    assert finding["code"] == "MG204" and "MG-BY-NC-2.0" in finding["hint"]


def test_named_upstream_copy_is_no_mg104_and_a_missing_one_says_so(
        findings: Found) -> None:
    assert [f["code"] for f in findings.get("upstream-file/compliant", [])] == []
    codes = {f["code"]: f for f in findings["upstream-file/violating"]}
    assert "does not exist" in codes["MG205"]["message"]
    assert codes["MG205"]["pointer"] == "/derived_from/0/license_file"
