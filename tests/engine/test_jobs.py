"""The model roots of a monorepo checked in worker processes (issue 14, item 4): the report is the
same whatever the number of processes, in every format; a worker's failure is the run's; no worker
outlives the run.

Forking happens in a process of its own (the real command line, or a script run with this
interpreter): a pytest-xdist worker has threads, and :func:`workers.can_fork` refuses those.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from modelgo_lint import workers
from modelgo_lint.config import CONFIG_NAMES
from modelgo_lint.rules import RULES
from support import (
    LICENSES,
    cli,
    commit_all,
    init_repo,
    license_entries,
    materialise,
    one_word_removed,
    write_model,
)
from variants import rewrap

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux")


def _monorepo(folder: Path) -> Path:
    """Model folders of every kind: each rule's failing and passing example (the retention rules'
    need a base and are left out), every published license revision as published and rewrapped,
    a modified text, a binary one, a Latin-1 notice and a notice linked from outside."""
    for code, rule in RULES.items():
        for kind, example in (("failing", rule.failing), ("passing", rule.passing)):
            if example.base is None and not set(example.files) & set(CONFIG_NAMES):
                materialise(folder / "rules" / code / kind, example.files)
    for number, entry in enumerate(license_entries()):
        published = (LICENSES / entry["file"]).read_bytes()
        name = f"{number:03d}-{entry['id']}"
        write_model(folder / "published" / name, entry["id"], license_bytes=published)
        rewrapped = rewrap(60)(published.decode("utf-8-sig")).encode("utf-8")
        write_model(folder / "rewrapped" / name, entry["id"], license_bytes=rewrapped)
    modified, _ = one_word_removed("MG-BY-NC-2.0")
    write_model(folder / "odd" / "modified", "MG-BY-NC-2.0", license_bytes=modified)
    write_model(folder / "odd" / "binary", "MG-BY-2.0", license_bytes=b"\x00\x01\xff" * 100)
    write_model(folder / "odd" / "latin-1", "MG-BY-2.0")
    (folder / "odd" / "latin-1" / "NOTICE").write_bytes("Copyright \xa9 2024 Caf\xe9\n".encode("latin-1"))
    write_model(folder / "odd" / "outside", "MG-BY-2.0")
    (folder.parent / "elsewhere.txt").write_text("Copyright 2024 Someone Else\n", encoding="utf-8")
    (folder / "odd" / "outside" / "NOTICE").symlink_to(folder.parent / "elsewhere.txt")
    return folder


@pytest.fixture(scope="module")
def monorepo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mono = _monorepo(tmp_path_factory.mktemp("jobs") / "mono")
    roots = sum(1 for _ in mono.rglob("LICENSE*"))
    assert roots >= 3 * workers.MIN_PER_PART  # enough for three parts
    return mono


def _python(script: str, *args: str | Path) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "github", "markdown"])
def test_the_report_is_the_same_with_any_number_of_processes(monorepo: Path, fmt: str) -> None:
    serial = cli("check", "--jobs", "1", "--format", fmt, "--color", "never", monorepo)
    assert serial.code == 1, serial.err  # the failing examples fail
    for jobs in ("3", "0", "64"):
        parallel = cli("check", "-j", jobs, "--format", fmt, "--color", "never", monorepo)
        assert (parallel.code, parallel.out, parallel.err) == (serial.code, serial.out, serial.err), jobs


def test_the_roots_are_worked_by_as_many_processes_as_asked(monorepo: Path, tmp_path: Path) -> None:
    out = _python("""
        import os, sys
        from pathlib import Path
        from modelgo_lint import engine
        from modelgo_lint.config import Config

        record = sys.argv[2]
        original = engine._lint_root
        def recording(*args, **kwargs):
            with open(record, "a") as file:
                file.write(f"{os.getpid()}\\n")
            return original(*args, **kwargs)
        engine._lint_root = recording
        serial = engine.lint([Path(sys.argv[1])], Config(), jobs=1)
        os.unlink(record)
        parallel = engine.lint([Path(sys.argv[1])], Config(), jobs=3)
        pids = open(record).read().split()
        assert parallel == serial, "the reports differ"
        assert list(parallel.sources.items()) == list(serial.sources.items()), "the sources' order differs"
        assert len(pids) == serial.roots, (len(pids), serial.roots)
        print(len(set(pids)), os.getpid() in set(map(int, pids)), serial.roots, len(serial.findings))
    """, monorepo, tmp_path / "pids")
    processes, here, roots, findings = out.split()
    assert (processes, here) == ("3", "True")  # this process and two forked ones
    assert int(roots) >= 3 * workers.MIN_PER_PART and int(findings) > 50


def test_with_a_base_the_roots_are_checked_in_one_process(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    for number in range(2 * workers.MIN_PER_PART + 1):
        write_model(repo / f"m{number:03d}", "MG-BY-2.0")
        (repo / f"m{number:03d}" / "NOTICE").write_text("Copyright 2024 Base Lab\n", encoding="utf-8")
    commit_all(repo)
    (repo / "m007" / "NOTICE").unlink()
    serial = cli("check", "--jobs", "1", "--base", "HEAD", "--format", "json", repo)
    parallel = cli("check", "--jobs", "4", "--base", "HEAD", "--format", "json", repo)
    assert serial.code == 1 and '"MG30' in serial.out  # the notice's change is found
    assert (parallel.code, parallel.out) == (serial.code, serial.out)


def test_a_bad_jobs_value_is_a_usage_error(tmp_path: Path) -> None:
    for value in ("-1", "x", "²", "1.5"):
        run = cli("check", "--jobs", value, tmp_path)
        assert run.code == 2 and "--jobs" in run.err and "Traceback" not in run.err, value


# -- workers.map_parts --------------------------------------------------------------------------


def test_parts_come_back_in_order_from_their_processes() -> None:
    out = _python("""
        import os
        from modelgo_lint import workers

        items = list(range(1000))
        done = workers.map_parts(items, 4, lambda part: [(os.getpid(), x * x) for x in part])
        assert [[x for _, x in part] for part in done] == [[x * x for x in items[k::4]] for k in range(4)]
        pids = [{pid for pid, _ in part} for part in done]
        assert all(len(p) == 1 for p in pids) and pids[0] == {os.getpid()}
        print(len(set().union(*pids)))
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            print("reaped")
    """)
    assert out.split() == ["4", "reaped"]


def test_a_workers_exception_is_raised_in_the_run() -> None:
    out = _python("""
        import os, signal
        from modelgo_lint import workers

        parent = os.getpid()
        def fails(part):
            if os.getpid() != parent and 1 in part:
                raise ValueError("no such folder: m001")
            return list(part)
        def unpicklable(part):
            if os.getpid() != parent:
                error = RuntimeError("odd")
                error.hook = lambda: None
                raise error
            return []
        def dies(part):
            if os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
            return []
        for work in (fails, unpicklable, dies):
            try:
                workers.map_parts(list(range(10)), 3, work)
            except Exception as error:
                print(type(error).__name__, "|", error)
            try:
                os.waitpid(-1, os.WNOHANG)
                print("a child is left")
            except ChildProcessError:
                pass
    """)
    lines = out.splitlines()
    assert lines[0] == "ValueError | no such folder: m001"  # the same exception, as in one process
    assert lines[1].startswith("WorkerError | in a worker process: RuntimeError: odd")
    assert lines[2] == f"WorkerError | a worker process ended without its results (signal {9})"
    assert len(lines) == 3  # and no child left behind


def test_an_interrupt_stops_every_worker() -> None:
    out = _python("""
        import os, time
        from modelgo_lint import workers

        parent = os.getpid()
        def slow(part):
            if os.getpid() == parent:
                raise KeyboardInterrupt
            time.sleep(60)
        start = time.monotonic()
        try:
            workers.map_parts(list(range(10)), 3, slow)
        except KeyboardInterrupt:
            print("interrupted")
        try:
            os.waitpid(-1, os.WNOHANG)
            print("a child is left")
        except ChildProcessError:
            print("none left", time.monotonic() - start < 10)
    """)
    assert out.split() == ["interrupted", "none", "left", "True"]


def test_no_workers_for_few_roots_one_job_or_threads() -> None:
    out = _python("""
        import threading, time
        from modelgo_lint import workers

        small = workers.MIN_PER_PART * 2 - 1
        print(workers.parts_for(small, 8), workers.parts_for(10_000, 1), workers.parts_for(10_000, 3))
        thread = threading.Thread(target=time.sleep, args=(1,))
        thread.start()
        print(workers.parts_for(10_000, 3), workers.can_fork())
        thread.join()
    """)
    assert out.split() == ["1", "1", "3", "1", "False"]


def test_the_buffered_output_is_not_written_twice() -> None:
    out = _python("""
        import sys
        from modelgo_lint import workers

        sys.stdout.write("before ")  # buffered: a child must not write it again at its exit
        workers.map_parts(list(range(10)), 3, len)
        print("after")
    """)
    assert out == "before after\n"


def test_cpus_is_this_process_s_share() -> None:
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert workers.cpus() == expected
