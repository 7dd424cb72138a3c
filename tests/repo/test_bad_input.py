"""Hostile or broken files in place of a license: MG901, no traceback, no hang, bounded memory."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import GIT_ENV, cli, commit_all, init_repo, raw_bytes, write_model


def _mg901(repo: Path, timeout: float = 20) -> dict[str, object]:
    run = cli("check", "--format", "json", repo, timeout=timeout)
    assert run.code == 1 and "Traceback" not in run.err, run.err
    findings = json.loads(run.out)["findings"]
    assert [f["code"] for f in findings] == ["MG901"], findings
    result: dict[str, object] = findings[0]
    return result


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_model(tmp_path / "repo", "MG-BY-2.0")
    (root / "LICENSE").unlink()
    return root


def test_binary_content(repo: Path) -> None:
    (repo / "LICENSE").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary content" in str(_mg901(repo)["message"])


def test_invalid_utf8_names_the_line(repo: Path) -> None:
    (repo / "LICENSE").write_bytes(raw_bytes("MG-BY-2.0").replace(b"DISCLAIMER", b"DISCLAIMER \xff\xfe"))
    finding = _mg901(repo)
    assert "not valid UTF-8" in str(finding["message"])
    assert finding["line"] == 1 + raw_bytes("MG-BY-2.0").split(b"DISCLAIMER")[0].count(b"\n")


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
def test_invalid_utf8_on_the_first_line_names_its_column(repo: Path, bom: bytes) -> None:
    # the column counts the file's bytes, a byte order mark included (as an editor's does not, but
    # the byte named is the one at that offset of the file)
    (repo / "LICENSE").write_bytes(bom + b"ModelGo \xff license\n")
    message = str(_mg901(repo)["message"])
    assert f"byte 0xff at line 1, column {len(bom) + 9}" in message, message


def test_huge_file_with_bounded_memory(repo: Path) -> None:
    with open(repo / "LICENSE", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # 200 MB, sparse
    limit = 200 * 1024 * 1024  # address space cap below the file size: reading it whole would fail

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    proc = subprocess.run(
        [sys.executable, "-m", "modelgo_lint", "check", "--format", "json", str(repo)],
        capture_output=True, text=True, timeout=30, preexec_fn=cap,
    )
    assert proc.returncode == 1, proc.stderr
    finding = json.loads(proc.stdout)["findings"][0]
    assert finding["code"] == "MG901" and "over the" in finding["message"]


def test_symlink_out_of_the_repository(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_bytes(raw_bytes("MG-BY-2.0"))
    (repo / "LICENSE").symlink_to(secret)
    assert "outside the repository" in str(_mg901(repo)["message"])


def test_symlink_inside_the_repository_is_followed(repo: Path) -> None:
    (repo / "texts").mkdir()
    (repo / "texts" / "MG-BY-2.0.txt").write_bytes(raw_bytes("MG-BY-2.0"))
    (repo / "LICENSE").symlink_to(Path("texts") / "MG-BY-2.0.txt")
    assert cli("check", repo).code == 0


def test_broken_symlink(repo: Path) -> None:
    (repo / "LICENSE").symlink_to(repo / "nowhere")
    assert "broken symbolic link" in str(_mg901(repo)["message"])


def test_directory(repo: Path) -> None:
    (repo / "LICENSE").mkdir()
    assert "is a directory" in str(_mg901(repo)["message"])


def test_fifo_does_not_hang(repo: Path) -> None:
    os.mkfifo(repo / "LICENSE")
    assert "FIFO" in str(_mg901(repo, timeout=10)["message"])


def test_readme_problems_do_not_stop_the_run(repo: Path) -> None:
    """An unreadable README is reported, and the license beside it is still checked."""
    (repo / "LICENSE").write_bytes(raw_bytes("MG-BY-2.0").replace(b"You shall not refer", b"You shall refer"))
    (repo / "README.md").write_bytes(b"---\nlicense: other\n\x00\x01binary")
    run = cli("check", "--format", "json", repo)
    findings = json.loads(run.out)["findings"]
    assert [(f["code"], f["path"]) for f in findings] == [("MG102", "LICENSE"), ("MG901", "README.md")]


def test_weights_are_never_opened(tmp_path: Path) -> None:
    """Gigabytes of sparse weights and a FIFO named like a shard: none is opened."""
    repo = init_repo(tmp_path / "repo")
    write_model(repo, "MG-BY-NC-2.0")
    commit_all(repo, "model card and license")
    for index in (1, 2, 3):
        with open(repo / f"model-0000{index}-of-00004.safetensors", "wb") as handle:
            handle.truncate(3 * 1024**3)  # 3 GB each, sparse
    os.mkfifo(repo / "model-00004-of-00004.safetensors")  # opening it would block forever
    run = cli("check", repo, timeout=20, env=GIT_ENV)
    assert run.code == 0, run.out + run.err
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed: the FIFO alone proved nothing blocked")
    log = tmp_path / "strace.log"
    subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", str(log),
         sys.executable, "-m", "modelgo_lint", "check", str(repo)],
        check=True, capture_output=True, timeout=60,
    )
    opened = [line for line in log.read_text().splitlines() if str(repo) in line]
    assert any("LICENSE" in line for line in opened)
    assert not [line for line in opened if "safetensors" in line or "config.json" in line]


def test_the_control_bytes_table_is_the_control_pattern() -> None:
    from modelgo_lint.repo import reader

    assert bytes(b for b in range(256) if not reader._CONTROLS.match(chr(b))) == reader._NOT_CONTROLS
