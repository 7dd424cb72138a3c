"""``init`` and ``fix`` (issue 15): verified texts written, one safe repair per finding type."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelgo_lint.cli import main
from modelgo_lint.licenses import registry
from support import LICENSES, one_word_removed, raw_bytes, tree_hash, write_model

TEXTS = ["--texts", str(LICENSES), "--no-download"]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("MODELGO_LINT_TEXTS", raising=False)


def _codes(root: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    main(["check", str(root), "--format", "json", "--fail-on", "never"])
    return [f["code"] for f in json.loads(capsys.readouterr().out)["findings"]]


def test_init_then_check_is_clean_and_init_refuses_to_overwrite(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "new-model"
    assert main(["init", "MG-BY-NC-2.0", str(root), *TEXTS]) == 0
    out = capsys.readouterr().out
    assert all(f"{root / name}" in out for name in ("LICENSE", "README.md", "MODEL_SHEET.yaml"))
    assert (root / "LICENSE").read_bytes() == raw_bytes("MG-BY-NC-2.0")
    front = (root / "README.md").read_text("utf-8")
    assert "license: other\nlicense_name: mg-by-nc-2.0\nlicense_link: LICENSE\n" in front
    assert _codes(root, capsys) == []
    before = tree_hash(root)
    assert main(["init", "MG-BY-2.0", str(root), *TEXTS]) == 2
    assert "--force" in capsys.readouterr().err and tree_hash(root) == before
    assert main(["init", "MG-NC-RAI-2.0", str(tmp_path / "x"), *TEXTS]) == 2
    assert "MG-BY-NC-RAI-2.0" in capsys.readouterr().err


def test_init_inserts_the_notice_into_an_existing_readme(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "m"
    root.mkdir()
    (root / "README.md").write_text("# My model\n\nIt is small.\n\n## License\n\nTBD\n", "utf-8")
    assert main(["init", "MG-BY-2.0", str(root), *TEXTS]) == 0
    readme = (root / "README.md").read_text("utf-8")
    assert readme.startswith("---\n") and "It is small." in readme
    assert readme.index("## License") < readme.index("MG-BY-2.0;") < readme.index("TBD")
    assert _codes(root, capsys) == []


def _outdated() -> bytes:
    old = next(r for r in registry.load().revisions if r.id == "MG-BY-NC-2.0" and not r.canonical)
    return (LICENSES / old.sources[-1].file).read_bytes()


CASES = {
    "modified": ("MG102", lambda root: write_model(root, license_bytes=one_word_removed()[0])),
    "outdated": ("MG103", lambda root: write_model(root, license_bytes=_outdated())),
    "misspelled-notice": ("MG204", lambda root: write_model(
        root, "MG-BY-NC-RAI-2.0",
        readme="---\nlicense: other\nlicense_name: mg-by-nc-rai-2.0\nlicense_link: LICENSE\n---\n\n"
               "# M\n\nThis model is licensed under the ModelGo license MG-NC-RAI-2.0; see LICENSE.\n")),
    "no-license-name": ("MG208", lambda root: write_model(
        root, readme="---\nlicense: other\nlicense_link: LICENSE\n---\n\n# M\n\n"
                     "This model is licensed under the ModelGo license MG-BY-NC-2.0; see LICENSE.\n")),
    "no-notice": ("MG207", lambda root: write_model(
        root, readme="---\nlicense: other\nlicense_name: mg-by-nc-2.0\nlicense_link: LICENSE\n---\n\n# M\n")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_shows_a_diff_changes_no_byte_and_write_repairs(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, build = CASES[case]
    root = tmp_path / "m"
    build(root)
    assert code in _codes(root, capsys)
    before = tree_hash(root)
    assert main(["fix", str(root), *TEXTS]) == 1
    out = capsys.readouterr().out
    assert out.startswith("--- a/") and "\n+++ b/" in out and "--write" in out
    assert tree_hash(root) == before
    assert main(["fix", str(root), "--write", *TEXTS]) == 0
    assert _codes(root, capsys) == []


def test_fix_never_writes_through_a_symlink_out_of_the_repository(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(one_word_removed()[0])
    root = write_model(tmp_path / "m")
    (root / "LICENSE").unlink()
    (root / "LICENSE").symlink_to(outside)
    main(["fix", str(root), "--write", *TEXTS])
    assert outside.read_bytes() == one_word_removed()[0]
    assert main(["fix", str(root), *TEXTS]) == 0


def test_readme_repairs_follow_what_the_check_said_not_its_wording() -> None:
    """fix reads Finding.repair (set by the check), so rewording a message cannot break it."""
    from modelgo_lint.findings import Finding
    from modelgo_lint.repair import _readme_repairs

    text = "---\nlicense: other\n---\n\n# M\n\nUnder MG-BY-NC-2.1, see LICENSE.\n"
    findings = [
        Finding("README.md", 7, 7, "MG204", "reworded", repair=("MG-BY-NC-2.1", "MG-BY-NC-2.0")),
        Finding("README.md", 2, 1, "MG208", "reworded", repair=("license_name", "mg-by-nc-2.0")),
    ]
    assert _readme_repairs(text, findings) == (
        "---\nlicense: other\nlicense_name: mg-by-nc-2.0\n---\n\n# M\n\nUnder MG-BY-NC-2.0, see LICENSE.\n")
    assert _readme_repairs(text, [f._replace(repair=()) for f in findings]) == text


def test_a_finding_fix_cannot_repair_gets_no_fix_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An MG208 relation typo has no one safe repair: check names no `fix`, fix changes nothing."""
    write_model(tmp_path, "MG-BY-NC-2.0")
    readme = tmp_path / "README.md"
    relation = "license_link: LICENSE\nbase_model: org/base\nbase_model_relation: finetuned\n"
    readme.write_text(readme.read_text("utf-8").replace("license_link: LICENSE\n", relation), "utf-8")
    before = tree_hash(tmp_path)
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "MG208" in out and "modelgo-lint fix" not in out
    main(["fix", str(tmp_path), "--write", "--texts", str(LICENSES)])
    assert tree_hash(tmp_path) == before
