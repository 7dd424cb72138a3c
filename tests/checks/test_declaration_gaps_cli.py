"""Issue 12, the gaps left in items 2, 5 and 6, through the real CLI: one run over a monorepo of
twins (a violating folder and its compliant twin; the twin gives no error or warning).

Verdicts come from the license texts (read from ../shared at run time) and the Hub's conventions:
- MG-BY-2.0 §2.1(a) grants a *sublicensable* licence to "Distribute Derivative Materials"
  (2.1(a)(iii)) under the conditions of §2.2 only: a copy of the license (2.2(a)(i)), a dated
  modification notice (2.2(a)(ii)) and the retained notices (2.2(a)(iii)). Nothing asks that the
  derivative be under MG-BY-2.0, so an apache-2.0 fine-tune that meets §2.2 is compliant.
- MG-BY-NC-2.0 §2.1: the grant is for non-commercial purposes only, so an apache-2.0 fine-tune
  (which allows commercial use) is MG402, whether the upstream is named in a sheet or only in front
  matter ``base_model``.
- CC BY 4.0 §3(a)(1)(C): "include the text of, or the URI or hyperlink to, this Public License".
- Llama 2 §1(b)(iii): the attribution notice goes "within a 'Notice' text file".
- CreativeML OpenRAIL-M §5 / BigScience OpenRAIL-M §5: the use-based restrictions must be carried
  into any license governing derivatives (MG404 when the derivative's license drops them).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from support import OTHER, cli, line_of, raw_bytes

Found = dict[str, list[dict[str, Any]]]
NOTICE = b"Copyright 2024 MG Base Lab\n"
FRONT = "---\nlicense: {own}\nbase_model: org/mg-base\nbase_model_relation: finetune\n---\n\n"
BODY = ("# Tuned model\n\nThis model is licensed under the Apache License 2.0; see LICENSE.\n\n"
        "## Modifications\n\n2026-01-05: fine-tuned on our support tickets.\n")
SHEET = """format_version: 1
model: org/tuned
license: {{id: {own}, file: LICENSE}}
licensor: Lab
derived_from:
  - name: org/{up_name}
    relation: finetune
    license: {up}
    license_file: {copy}
    attribution: [{attribution}]
modifications:
  - {{date: '2026-01-05', description: Fine-tuned on support tickets}}
"""


def _model(folder: Path, readme: str, files: dict[str, bytes]) -> None:
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(readme, encoding="utf-8")
    (folder / "config.json").write_text('{"hidden_size": 8}\n', encoding="utf-8")
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _sheet(own: str, up: str, copy: str | None, up_name: str = "mg-base",
           attribution: str = '"Copyright 2024 MG Base Lab"') -> bytes:
    text = SHEET.format(own=own, up=up, copy=copy, up_name=up_name, attribution=attribution)
    return (text if copy else text.replace("    license_file: None\n", "")).encode()


def _llama_notice() -> str:
    """The attribution notice Llama 2 §1(b)(iii) quotes, read from the text at run time."""
    text = (OTHER / "Llama2.txt").read_text("utf-8")
    found = re.search(r"text file distributed as a part of such copies:\s*\u201c(.+?)\u201d", text)
    assert found, "Llama 2 §1(b)(iii) notice not found"
    return found.group(1)


def _build(repo: Path) -> None:
    apache = (OTHER / "Apache-2.0.txt").read_bytes()
    # 6. a non-ModelGo model with a ModelGo upstream ---------------------------------------------
    for up, case in (("MG-BY-2.0", "compliant"), ("MG-BY-NC-2.0", "violating")):
        shipped = {"LICENSE": apache, f"LICENSES/{up}.txt": raw_bytes(up), "NOTICE": NOTICE}
        _model(repo / f"fm-apache/{case}", FRONT.format(own="apache-2.0") + BODY, shipped)
        _model(repo / f"sheet-apache/{case}", BODY,
               {**shipped, "MODEL_SHEET.yaml": _sheet("apache-2.0", up, f"LICENSES/{up}.txt")})
        # the upstream copy named after the upstream (LICENSE-mg-base), no LICENSES/ folder
        _model(repo / f"fm-named/{case}", FRONT.format(own="apache-2.0") + BODY,
               {"LICENSE": apache, "LICENSE-mg-base": raw_bytes(up), "NOTICE": NOTICE})
    # front matter only, the upstream's license stated in a README sentence about the upstream
    said = "\nThe base model org/mg-base is licensed under {up}; its license is in LICENSE-MG.\n"
    _model(repo / "fm-sentence/violating", FRONT.format(own="apache-2.0") + BODY
           + said.format(up="MG-BY-NC-2.0"),
           {"LICENSE": apache, "LICENSES/MG-BY-NC-2.0.txt": raw_bytes("MG-BY-NC-2.0"), "NOTICE": NOTICE})
    # 5. non-ModelGo upstreams keep their own terms ----------------------------------------------
    changes = "# Model\n\nThis model is licensed under MG-BY-2.0; see LICENSE.\n\n## Changes\n\nFine-tuned.\n"
    cc_sheet = _sheet("MG-BY-2.0", "cc-by-4.0", None, "cc-base",
                      '"Copyright 2024 CC Base Lab"')
    cc_files = {"LICENSE": raw_bytes("MG-BY-2.0"), "MODEL_SHEET.yaml": cc_sheet,
                "NOTICE": b"Copyright 2024 CC Base Lab\n"}
    _model(repo / "cc-uri/compliant", changes
           + "\norg/cc-base is licensed under https://creativecommons.org/licenses/by/4.0/\n", cc_files)
    _model(repo / "cc-uri/violating", changes, cc_files)
    llama = _llama_notice()
    llama_sheet = _sheet("MG-BY-RAI-2.0", "llama2", "LICENSE-llama-2", "llama-2-7b", json.dumps(llama))
    llama_files = {"LICENSE": raw_bytes("MG-BY-RAI-2.0"), "MODEL_SHEET.yaml": llama_sheet,
                   "LICENSE-llama-2": (OTHER / "Llama2.txt").read_bytes()}
    rai = changes.replace("MG-BY-2.0", "MG-BY-RAI-2.0")
    _model(repo / "llama-notice/compliant", rai, {**llama_files, "NOTICE": f"{llama}\n".encode()})
    _model(repo / "llama-notice/violating", rai + f"\n## Attribution\n\n{llama}\n", llama_files)
    rail = (OTHER / "CreativeML-OpenRAIL-M.txt").read_bytes()
    for own, case in (("MG-BY-RAI-2.0", "compliant"), ("apache-2.0", "violating")):
        license_file = raw_bytes(own) if own.startswith("MG") else apache
        _model(repo / f"openrail/{case}", changes.replace("MG-BY-2.0", own),
               {"LICENSE": license_file, "LICENSES/CreativeML-OpenRAIL-M.txt": rail,
                "NOTICE": b"Copyright 2022 Rail Base Lab\n",
                "MODEL_SHEET.yaml": _sheet(own, "creativeml-openrail-m", "LICENSES/CreativeML-OpenRAIL-M.txt",
                                           "rail-base", '"Copyright 2022 Rail Base Lab"')})


#: 2. notices as publishers write them: (README, the license it declares, the text on its line)
NOTICES = {
    "table": ("# Model\n\n| Property | Value |\n|---|---|\n| License | MG-BY-2.0 |\n| Base model | none |\n",
              "MG-BY-2.0", "| License |"),
    "badge": ("# Model\n\n[![License: MG-BY-NC-2.0](https://img.shields.io/badge/License-MG--BY--NC--2.0-blue)]"
              "(LICENSE)\n\nA small model.\n", "MG-BY-NC-2.0", "[![License"),
    "terms": ("# Model\n\nThis model is distributed under the terms of the ModelGo\n"
              "Attribution-NonCommercial License, Version 2.0.\n", "MG-BY-NC-2.0", "the terms of"),
    "quote": ("# Model\n\n> **Note**\n> This model is licensed under\n> MG-BY-2.0.\n",
              "MG-BY-2.0", "> MG-BY"),
    "list": ("# Model\n\n- **License:** MG-BY-2.0\n- **Base model:** org/base (MG-BY-NC-2.0)\n",
             "MG-BY-2.0", "- **License"),
    "released": ("# Model\n\nThis model is released under MG-BY-NC-2.0.\n", "MG-BY-NC-2.0", "released"),
    "all-are": ("# Model zoo\n\nAll models are released under MG-BY-2.0.\n", "MG-BY-2.0", "All models"),
    # 4. as found in real READMEs: a shields.io badge whose alt text is only "License" (the license
    # is in the badge URL, "--" standing for "-"), a component table, ModelGo's own README snippet
    "shields": ("# Model\n\n[![License](https://img.shields.io/badge/License-MG--BY--NC--2.0-blue.svg)]"
                "(LICENSE)\n", "MG-BY-NC-2.0", "[![License]"),
    "components": ("# Model\n\n## License\n\n| Component | License |\n|---|---|\n| Code | Apache-2.0 |\n"
                   "| Weights | MG-BY-NC-2.0 |\n", "MG-BY-NC-2.0", "| Weights"),
    "snippet": ("# Model\n\n### Model License:\n\nThis model is licensed under the ModelGo Attribution-"
                "NonCommercial-ResponsibleAI License, Version 2.0 (MG-BY-NC-RAI-2.0);\nyou may use this "
                "model only in compliance with the License.\nYou may obtain a copy of the License at\n\n"
                "https://example.org/MG-BY-NC-RAI-2.0.txt\n", "MG-BY-NC-RAI-2.0", "This model is licensed"),
}
ARTICLE = ("# Choosing a license\n\nMany models released under the ModelGo Attribution License (MG-BY-2.0)\n"
           "need attribution. Models released under the ModelGo licenses must ship a copy.\n\n"
           "You can release your model under MG-BY-NC-2.0 if it must not be sold.\n\n"
           "Most models released under MG-BY-2.0 are fine-tunes. If a model is licensed under\n"
           "MG-BY-NC-2.0, it cannot be sold.\n\n"
           "| Model | License |\n|---|---|\n| org/base-7b | MG-BY-2.0 |\n| org/chat-7b | MG-BY-NC-2.0 |\n")


def _notices(repo: Path) -> None:
    for case, (readme, license_id, _) in NOTICES.items():
        _model(repo / f"notice-{case}/violating", readme, {})
        _model(repo / f"notice-{case}/compliant", readme, {"LICENSE": raw_bytes(license_id)})
    _model(repo / "article/prose", ARTICLE, {})
    # a Hub repository that uploads its license as MG-BY-2.0.txt (named by its identifier)
    card = ("---\nlicense: other\nlicense_name: mg-by-2.0\nlicense_link: MG-BY-2.0.txt\n---\n\n"
            "# Model\n\nThis model is licensed under MG-BY-2.0.\n")
    _model(repo / "id-named/compliant", card, {"MG-BY-2.0.txt": raw_bytes("MG-BY-2.0")})
    _model(repo / "id-named/violating", card, {"MG-BY-2.0.txt": raw_bytes("MG-BY-NC-2.0")})


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> Found:
    repo = tmp_path_factory.mktemp("gaps")
    _build(repo)
    _notices(repo)
    run = cli("check", "--format", "json", repo)
    assert run.code in (0, 1), run.err
    by_folder: Found = {}
    for finding in json.loads(run.out)["findings"]:
        parts = str(finding["path"]).split("/")
        by_folder.setdefault("/".join(parts[:2]), []).append(finding)
    return by_folder


def _codes(findings: Found, folder: str) -> list[str]:
    return sorted(f["code"] for f in findings.get(folder, []) if f["severity"] in ("error", "warning"))


@pytest.mark.parametrize("case", ["fm-apache", "sheet-apache", "fm-named", "cc-uri", "llama-notice",
                                  "openrail", "id-named", *(f"notice-{c}" for c in NOTICES)])
def test_compliant_twin_gives_no_error_or_warning(findings: Found, case: str) -> None:
    assert _codes(findings, f"{case}/compliant") == []


@pytest.mark.parametrize("case", ["fm-apache", "sheet-apache", "fm-named", "fm-sentence"])
def test_apache_fine_tune_of_a_noncommercial_modelgo_upstream_is_mg402(findings: Found, case: str) -> None:
    """MG-BY-NC-2.0 §2.1; the upstream copy (LICENSES/, LICENSE-<upstream>) is not the model's own
    license, so no MG205/MG207 says the model is a ModelGo model."""
    assert _codes(findings, f"{case}/violating") == ["MG402"]
    (finding,) = findings[f"{case}/violating"]
    pointer = "/base_model" if case.startswith("fm-") else "/derived_from/0"
    assert finding["pointer"] == pointer


def test_cc_by_upstream_accepts_the_uri_instead_of_a_copy(findings: Found) -> None:
    (finding,) = findings["cc-uri/violating"]
    assert (finding["code"], finding["pointer"]) == ("MG305", "/derived_from/0")


def test_llama2_notice_must_be_in_a_notice_file(findings: Found) -> None:
    (finding,) = findings["llama-notice/violating"]
    assert (finding["code"], finding["pointer"]) == ("MG304", "/derived_from/0")
    assert "NOTICE" in finding["hint"]


def test_openrail_restrictions_are_passed_downstream(findings: Found) -> None:
    assert _codes(findings, "openrail/violating") == ["MG404"]


def test_cc_by_uri_fact_is_cited_by_the_license_own_section() -> None:
    """The fact is read from CC BY 4.0's text; its label is the section CC cites, §3(a)(1)(C)."""
    from modelgo_lint.licenses.data import other_licenses

    data = other_licenses.DATA["licenses"]
    for hub_id in ("cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0"):
        assert data[hub_id]["text_facts"]["sections"]["copy_by_uri"] == "3(a)(1)(C)"


@pytest.mark.parametrize("case", list(NOTICES))
def test_notice_written_another_way_declares_the_model(findings: Found, case: str) -> None:
    """A README-only model (no license file): MG101 at the notice, naming the license it declares."""
    readme, license_id, marker = NOTICES[case]
    (finding,) = findings[f"notice-{case}/violating"]
    assert finding["code"] == "MG101" and license_id in finding["hint"]
    assert finding["line"] == line_of(readme, marker)


def test_prose_about_licenses_in_general_is_not_a_model(findings: Found) -> None:
    assert "article/prose" not in findings


def test_license_file_named_by_its_identifier_is_the_license_file(findings: Found) -> None:
    """MG-BY-2.0 "Requirements Relating to Distribution": the copy shipped is what the model is under;
    a file named MG-BY-2.0.txt is that copy (no MG101), and its verdict is compared (MG205)."""
    codes = {(f["code"], f["path"].rsplit("/", 1)[-1]) for f in findings["id-named/violating"]
             if f["severity"] == "error"}
    assert ("MG101", "README.md") not in codes and ("MG205", "README.md") in codes
