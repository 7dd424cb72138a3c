"""Discovery: model roots in a monorepo, and only the files that matter."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from modelgo_lint.repo.discover import discover
from support import cli, raw_bytes, write_model


def test_monorepo_roots(tmp_path: Path) -> None:
    write_model(tmp_path / "models" / "a", "MG-BY-2.0")
    write_model(tmp_path / "models" / "b" / "v2", "MG0-2.0")
    (tmp_path / "models" / "c").mkdir()
    (tmp_path / "models" / "c" / "MODEL_SHEET.yaml").write_text("license: MG-BY-2.0\n", "utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# no front matter\n", "utf-8")
    write_model(tmp_path / ".cache" / "hidden", "MG-BY-2.0")
    write_model(tmp_path / "node_modules" / "x", "MG-BY-2.0")
    roots = [Path(root.path).relative_to(tmp_path).as_posix() for root in discover(tmp_path)]
    assert roots == ["models/a", "models/b/v2", "models/c"]


def test_licenses_folder_and_variant_names(tmp_path: Path) -> None:
    (tmp_path / "LICENSES").mkdir()
    (tmp_path / "LICENSES" / "MG-BY-2.0.txt").write_bytes(raw_bytes("MG-BY-2.0"))
    (tmp_path / "LICENCE.md").write_bytes(raw_bytes("MG-BY-2.0"))
    (tmp_path / "license_utils.py").write_text("print()\n", "utf-8")
    (root,) = discover(tmp_path)
    assert sorted(Path(p).name for p in root.license_files) == ["LICENCE.md", "MG-BY-2.0.txt"]


def test_check_lints_every_model_of_a_monorepo(tmp_path: Path) -> None:
    for index in range(30):
        body = raw_bytes("MG-BY-NC-2.0")
        if index == 17:
            body = body.replace(b"NonCommercial purposes only", b"any purposes")
        write_model(tmp_path / "zoo" / f"m{index:02d}", "MG-BY-NC-2.0", body)
    run = cli("check", "--format", "json", "zoo", cwd=tmp_path)
    findings = json.loads(run.out)["findings"]
    assert run.code == 1
    assert [(f["code"], f["path"]) for f in findings] == [("MG102", "m17/LICENSE")]


_NAMES = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
                 min_size=1, max_size=12)


@given(st.sampled_from([".", "/", "a", "a/b", "/srv/models", "../up", "//net/share"]),
       _NAMES.filter(lambda name: name not in (".", "..")))
def test_an_entrys_path_is_the_folders_joined_with_its_name(folder: str, name: str) -> None:
    """The paths of the walk are the strings pathlib makes (pathlib is not imported: issue 14)."""
    from modelgo_lint.repo.documents import child_of

    assert child_of(folder)(name) == str(PurePosixPath(folder) / name)


_PATH_TEXT = st.text(st.sampled_from("ab./\\ ~\x00é"), max_size=12)


@given(_PATH_TEXT)
def test_posix_is_the_string_pathlib_makes(text: str) -> None:
    from modelgo_lint.repo.documents import posix

    assert posix(text) == str(PurePosixPath(text))
    assert posix(PurePosixPath(text)) == str(PurePosixPath(text))


@given(_PATH_TEXT, _PATH_TEXT, st.sampled_from(["", "models"]))
def test_display_is_pathlibs_relative_path(target: str, below: str, prefix: str) -> None:
    from modelgo_lint.repo.documents import display

    full = PurePosixPath(target) / below
    try:
        expected = full.relative_to(PurePosixPath(target)).as_posix()
    except ValueError:  # pragma: no cover - not below (a "/" in ``below`` makes it absolute)
        return
    expected = (f"{prefix}/{expected}" if expected != "." else prefix) if prefix else expected
    assert display(str(full), target, prefix) == expected
    assert display(full, PurePosixPath(target), prefix) == expected


_FOLDER_NAMES = st.sampled_from(["a", "b", "B", "a.b", "z", "é", "10", "9", "-x", "!", " d", "(old)"])


@given(st.lists(st.lists(_FOLDER_NAMES, min_size=0, max_size=4), min_size=1, max_size=12),
       st.integers(min_value=1, max_value=12), st.booleans())
def test_the_walk_split_for_workers_finds_what_discovery_finds(folders: list[list[str]], width: int,
                                                              here: bool) -> None:
    """frontier + walk from each folder it leaves, in ``order``, is discover (issue 14: the walk is
    shared among the workers), with roots at every depth, above and below the split, the checked
    folder given absolute or as "." (names that sort before "." too)."""
    import os
    import tempfile

    from modelgo_lint.repo.discover import frontier, order, walk

    with tempfile.TemporaryDirectory() as base:
        top = Path(base)
        for parts in folders:
            folder = top.joinpath(*parts)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "LICENSE").write_bytes(b"x")
        before = os.getcwd()
        os.chdir(top)
        try:
            target = "." if here else str(top)
            serial = [root.path for root in discover(target)]
            skipped: list[object] = []
            found, pending = frontier(target, skipped, width)  # type: ignore[arg-type]
            split = [root.path for root in found]
            for folder_ in pending:
                split.extend(root.path for root in walk([folder_], target))
        finally:
            os.chdir(before)
        assert sorted(split, key=lambda path: order(path, target)) == serial
        assert len(split) == len(set(split))
