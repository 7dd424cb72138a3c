"""Issue 13 through the real command line: hostile names, a configuration linked outside the
repository, folders the walk cannot enter. Each gives a finding or a clean error (exit 2), never a
traceback, within 5 s under a 500 MB address-space limit."""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from modelgo_lint import cli as cli_module
from support import SHARED, Run, raw_bytes, write_model

LIMIT = 500 * 1024 * 1024
NAME = b"m\xff\xfe \x1b[2J\xe2\x80\xaebidi\nx"  # not UTF-8; ESC, a bidi override, a newline
SHOWN = "m\\xff\\xfe"
TOKEN = "ghp_FAKEtoken0123456789doNotLeak"


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def capped(*args: str | os.PathLike[str], cwd: Path | None = None, user: list[str] | None = None) -> Run:
    """The real CLI in a subprocess: 500 MB of address space, at most 5 s, no traceback."""
    started = time.monotonic()
    proc = subprocess.run(
        [*(user or []), sys.executable, "-m", "modelgo_lint", *map(os.fsencode, args)],
        cwd=cwd, capture_output=True, timeout=20, stdin=subprocess.DEVNULL, preexec_fn=_cap,
        env={**os.environ, "PYTHONPATH": str(Path(cli_module.__file__).parent.parent)},
    )
    assert time.monotonic() - started < 5
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")  # both must be UTF-8
    assert "Traceback" not in err and "internal error" not in err, err
    return Run(proc.returncode, out, err)


@pytest.fixture
def hostile_repo(tmp_path: Path) -> Path:
    """A repository with a modified license in a folder whose name is not UTF-8."""
    repo = tmp_path / "repo"
    repo.mkdir()
    folder = os.path.join(os.fsencode(repo), NAME)
    os.mkdir(folder)
    with open(os.path.join(folder, b"LICENSE"), "wb") as handle:
        handle.write(raw_bytes("MG-BY-2.0").replace(b"You shall not refer", b"You shall refer", 1))
    return repo


def _no_raw_controls(text: str, allowed: str = "\n") -> None:
    assert not [c for c in text if (ord(c) < 32 and c not in allowed) or 0x7F <= ord(c) <= 0x9F
                or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"], repr(text[:300])


@pytest.mark.parametrize("form", ["text", "json", "sarif", "markdown", "github"])
def test_every_format_shows_the_name_one_way(hostile_repo: Path, form: str, tmp_path: Path) -> None:
    run = capped("check", "--format", form, hostile_repo)
    assert run.code == 1, run.err
    assert run.out.count("\n") >= 1 and SHOWN in run.out.replace("\\\\", "\\")
    if form == "json":
        (finding,) = json.loads(run.out)["findings"]
        assert finding["path"].startswith(SHOWN) and finding["code"] == "MG102"
    elif form == "sarif":
        document = json.loads(run.out)
        schema = json.loads((SHARED / "external-schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
        jsonschema.validate(document, schema)
        location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "m%FF%FE%20%1B%5B2J%E2%80%AEbidi%0Ax/LICENSE"
    else:
        _no_raw_controls(run.out)
    if form == "github":
        assert all(line.startswith("::") for line in run.out.splitlines())
    # --output: the same report, in a UTF-8 file
    output = tmp_path / f"report.{form}"
    written = capped("check", "--format", form, "--output", output, hostile_repo)
    assert written.code == 1 and written.out == ""
    assert output.read_bytes().decode("utf-8") == run.out


def test_identify_shows_a_name_that_is_not_utf8(hostile_repo: Path) -> None:
    (folder,) = os.listdir(os.fsencode(hostile_repo))
    license_file = os.path.join(os.fsencode(hostile_repo), folder, b"LICENSE")
    for form in ("text", "json"):
        run = capped("identify", "--format", form, os.fsdecode(license_file))
        assert run.code == 1 and SHOWN in run.out.replace("\\\\", "\\"), run.err


@pytest.mark.parametrize("path", ["a\nb", "a\x1b[31mb", "m\udcff\u202eb"])
def test_usage_errors_escape_the_path(tmp_path: Path, path: str) -> None:
    run = capped("check", path, cwd=tmp_path)
    assert run.code == 2
    assert run.err.count("\n") == 1 and run.err.startswith("modelgo-lint: error: ")
    _no_raw_controls(run.err)
    config = capped("check", "--config", path, ".", cwd=tmp_path)
    assert config.code == 2 and config.err.count("\n") == 1
    _no_raw_controls(config.err)


def test_argparse_errors_escape_what_was_typed(tmp_path: Path) -> None:
    run = capped("check", "--severity", "MG101=\x1b[2J", ".", cwd=tmp_path)
    assert run.code == 2
    _no_raw_controls(run.err)
    run = capped("check", "--fail-on", "x\x1b\u202e", ".", cwd=tmp_path)
    assert run.code == 2
    _no_raw_controls(run.err)


# -- item 3: configuration read like any other repository file


def _repo_with_link(tmp_path: Path, name: str) -> Path:
    repo = write_model(tmp_path / "repo", "MG-BY-2.0")
    (repo / ".git").mkdir()  # the top of a work tree
    secret = tmp_path / "credentials"
    secret.write_text(f"token: {TOKEN}\n[tool.modelgo-lint]\nfail-on = '{TOKEN}'\n", encoding="utf-8")
    (repo / name).symlink_to(secret)
    return repo


@pytest.mark.parametrize("name", [".modelgo-lint.yaml", ".modelgo-lint.yml", "pyproject.toml"])
def test_a_configuration_linked_outside_is_refused_unread(tmp_path: Path, name: str) -> None:
    repo = _repo_with_link(tmp_path, name)
    for where in (repo, repo / "sub"):
        where.mkdir(exist_ok=True)
        run = capped("check", where)
        assert TOKEN not in run.out + run.err
        if name == "pyproject.toml":  # unreadable: it has no [tool.modelgo-lint]
            assert run.code == 0, run.err
        else:
            assert run.code == 2 and "outside the repository" in run.err, run.err


def test_a_configuration_fifo_or_huge_file_is_refused(tmp_path: Path) -> None:
    repo = write_model(tmp_path / "repo", "MG-BY-2.0")
    os.mkfifo(repo / ".modelgo-lint.yaml")
    run = capped("check", repo)
    assert run.code == 2 and "FIFO" in run.err
    (repo / ".modelgo-lint.yaml").unlink()
    with open(repo / ".modelgo-lint.yaml", "wb") as handle:
        handle.truncate(400 * 1024 * 1024)
    run = capped("check", repo)
    assert run.code == 2 and "limit" in run.err


def test_configuration_errors_quote_a_short_escaped_excerpt(tmp_path: Path) -> None:
    repo = write_model(tmp_path / "repo", "MG-BY-2.0")
    (repo / ".modelgo-lint.yaml").write_text(
        "fail-on: '" + "\x1b[2J" + "A" * 5000 + "'\nseverity: {MG101: '\u202eloud" + "B" * 5000 + "'}\n",
        encoding="utf-8",
    )
    run = capped("check", repo)
    assert run.code == 2 and "A" * 200 not in run.err and "B" * 200 not in run.err
    _no_raw_controls(run.err)


# -- item 4: nothing skipped silently


def _mg901(run: Run) -> list[dict[str, object]]:
    assert run.code == 1, run.err
    return [f for f in json.loads(run.out)["findings"] if f["code"] == "MG901"]


def test_an_unlistable_folder_is_mg901_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Tests run as root, who lists any folder: os.scandir fails as it does without permission."""
    repo = write_model(tmp_path / "repo", "MG-BY-2.0")
    write_model(repo / "locked", "MG-BY-2.0")
    (repo / "models").mkdir()
    (repo / "models" / "LICENSES").mkdir()
    real = os.scandir

    def scandir(path: str = ".") -> Iterator[os.DirEntry[str]]:
        if os.fspath(path) in (str(repo / "locked"), str(repo / "models" / "LICENSES")):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)  # type: ignore[return-value]

    monkeypatch.setattr(os, "scandir", scandir)
    assert cli_module.main(["check", "--format", "json", str(repo)]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    places = {(f["path"], f["message"].split(";")[0]) for f in findings if f["code"] == "MG901"}
    assert places == {("locked", "locked: this folder cannot be listed: permission denied"),
                      ("models/LICENSES", "models/LICENSES: this license folder cannot be listed: "
                                          "permission denied")}


def _unprivileged() -> list[str] | None:
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return None
    try:
        import pwd

        pwd.getpwnam("nobody")
    except KeyError:
        return None
    user = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    probe = subprocess.run([*user, sys.executable, "-c", "import modelgo_lint"], capture_output=True,
                           env={**os.environ, "PYTHONPATH": str(Path(cli_module.__file__).parent.parent)})
    return user if probe.returncode == 0 else None  # nobody cannot reach this interpreter


def test_an_unreadable_folder_and_file_as_an_unprivileged_user() -> None:
    user = _unprivileged()
    if user is None:
        pytest.skip("needs root, setpriv and the nobody user")
    top = Path(tempfile.mkdtemp(prefix="modelgo-lint-nobody-"))
    try:
        top.chmod(0o755)
        repo = write_model(top / "repo", "MG-BY-2.0")
        write_model(repo / "locked", "MG-BY-2.0")
        write_model(repo / "closed", "MG-BY-2.0")
        for path in (top, *top.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        (repo / "locked").chmod(0)
        (repo / "closed" / "LICENSE").chmod(0)
        run = capped("check", "--format", "json", repo, cwd=top, user=user)
        found = {(f["path"], str(f["message"]).split(";")[0]) for f in _mg901(run)}
        assert ("locked", "locked: this folder cannot be listed: permission denied") in found
        assert any(path == "closed/LICENSE" and "Permission denied" in message for path, message in found)
    finally:
        for path in (top, *top.rglob("*")):
            path.chmod(0o755)
        shutil.rmtree(top)


def _deep(base: Path, depth: int) -> None:
    """``depth`` folders named ``d`` below ``base`` with a LICENSE at the bottom (made with folder
    descriptors: the full path is past PATH_MAX)."""
    fd = os.open(base, os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        license_fd = os.open("LICENSE", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(license_fd, raw_bytes("MG-BY-2.0"))
        os.close(license_fd)
    finally:
        os.close(fd)


def _remove_deep(base: Path) -> None:
    """Remove what :func:`_deep` made without recursion (shutil.rmtree recurses per level)."""
    fds = [os.open(base, os.O_DIRECTORY)]
    while True:
        try:
            fds.append(os.open("d", os.O_DIRECTORY, dir_fd=fds[-1]))
        except FileNotFoundError:
            break
    os.unlink("LICENSE", dir_fd=fds[-1])
    while len(fds) > 1:
        os.close(fds.pop())
        os.rmdir("d", dir_fd=fds[-1])
    os.close(fds[0])


def test_a_license_past_path_max_is_mg901(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _deep(repo, 2500)
    try:
        run = capped("check", "--format", "json", repo)
        (finding,) = _mg901(run)
        assert str(finding["path"]).startswith("d/d/") and "length limit" in str(finding["message"])
        assert len(str(finding["message"])) < 400
        text = capped("check", repo)
        assert text.code == 1 and "No problems found" not in text.out
    finally:
        _remove_deep(repo)
