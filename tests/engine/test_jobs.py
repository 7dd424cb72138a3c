"""The model roots of a monorepo checked in worker processes (issue 14, item 4): the report is the
same whatever the number of processes, in every format; a worker's failure is the run's; no worker
outlives the run.

Forking happens in a process of its own (the real command line, or a script run with this
interpreter): a pytest-xdist worker has threads, and :func:`workers.can_fork` refuses those.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
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
        done = workers.map_parts(items, 4, lambda x: (os.getpid(), x * x))
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
        class Custom(Exception):
            def __init__(self, a, b):
                super().__init__(f"{a} {b}")
        def fails(item):
            if os.getpid() != parent and item == 1:
                raise ValueError("no such folder: m001")
            return item
        def unpicklable(item):
            if os.getpid() != parent:
                error = RuntimeError("odd")
                error.hook = lambda: None
                raise error
        def dies(item):
            if os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
        def exits(item):
            if os.getpid() != parent:
                raise SystemExit(3)
        def unreadable(item):
            if os.getpid() != parent:
                raise Custom(1, 2)
        for work in (fails, unpicklable, dies, exits, unreadable):
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
    assert lines[3] == "WorkerError | a worker process stopped: SystemExit: 3"  # not the run's exit
    assert lines[4].startswith("WorkerError | a worker process sent what cannot be read back (TypeError")
    assert len(lines) == 5  # and no child left behind


def test_an_interrupt_stops_every_worker() -> None:
    out = _python("""
        import os, time
        from modelgo_lint import workers

        parent = os.getpid()
        def slow(item):
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
        print(workers.parts_for(small, 8), workers.parts_for(10_000, 1), workers.parts_for(10_000, 3),
              workers.parts_for(10**6, 1000) == workers.MAX_PARTS)
        thread = threading.Thread(target=time.sleep, args=(1,))
        thread.start()
        print(workers.parts_for(10_000, 3), workers.can_fork())
        thread.join()
    """)
    assert out.split() == ["1", "1", "3", "True", "1", "False"]


def test_the_buffered_output_is_not_written_twice() -> None:
    out = _python("""
        import sys
        from modelgo_lint import workers

        sys.stdout.write("before ")  # buffered: a child must not write it again at its exit
        workers.map_parts(list(range(10)), 3, abs)
        print("after")
    """)
    assert out == "before after\n"


def test_cpus_is_this_process_s_share() -> None:
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert workers.cpus() == expected


def test_the_child_s_traceback_comes_with_its_exception() -> None:
    out = _python("""
        import os, traceback
        from modelgo_lint import workers

        parent = os.getpid()
        def fails(item):
            if os.getpid() != parent:
                raise ValueError("in the child")
        try:
            workers.map_parts(list(range(4)), 2, fails)
        except ValueError as error:
            print("".join(traceback.format_exception(error)))
    """)
    assert "ValueError: in the child" in out  # the child's own exception, raised in the run
    if sys.version_info >= (3, 11):  # exception notes
        assert "raised in a worker process:" in out and "in fails" in out  # the child's frames


def test_a_part_whose_process_cannot_be_made_is_worked_here() -> None:
    out = _python("""
        import os
        from modelgo_lint import workers

        forks = []
        real_fork = os.fork
        def fork():
            forks.append(1)
            if len(forks) > 1:
                raise BlockingIOError(11, "Resource temporarily unavailable")  # no process left
            return real_fork()
        os.fork = fork
        done = workers.map_parts(list(range(40)), 4, lambda x: (os.getpid(), x))
        assert [[x for _, x in part] for part in done] == [list(range(40))[k::4] for k in range(4)]
        print(len({pid for part in done for pid, _ in part}))
    """)
    assert out.split() == ["2"]  # this process (three parts) and the one child made


def test_closed_standard_streams_are_no_error(monorepo: Path) -> None:
    for closed in (">&-", "2>&-"):  # the run started with its stdout (or stderr) closed
        proc = subprocess.run(
            ["sh", "-c", f'"$0" -m modelgo_lint check -j 2 --output /dev/null "$1" {closed}',
             sys.executable, str(monorepo)], stdin=subprocess.DEVNULL, capture_output=closed != ">&-",
            timeout=120)
        assert proc.returncode == 1, closed  # the findings, not an internal error (3)


def test_a_terminated_run_leaves_no_worker_behind(tmp_path: Path) -> None:
    """SIGTERM (or SIGHUP) to the run alone, not its process group: the workers are stopped and
    the run ends by the signal, and nobody waits on a worker for the run's output."""
    record = tmp_path / "pids"
    script = textwrap.dedent("""
        import os, sys, time
        from modelgo_lint import workers

        def slow(item):
            with open(sys.argv[1], "a") as file:
                file.write(f"{os.getpid()}\\n")
            time.sleep(30)
        print("started", flush=True)
        workers.map_parts(list(range(6)), 3, slow)
    """)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        record.write_text("")
        proc = subprocess.Popen([sys.executable, "-c", script, str(record)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True)
        assert proc.stdout is not None and proc.stdout.readline() == b"started\n"
        deadline = time.monotonic() + 20
        while len(set(record.read_text().split())) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        pids = {int(pid) for pid in record.read_text().split()} - {proc.pid}
        assert len(pids) == 2
        proc.send_signal(signum)
        start = time.monotonic()
        proc.communicate(timeout=20)  # returns: no worker holds the output open
        assert time.monotonic() - start < 10
        assert proc.returncode == -signum
        assert all(not _running(pid) for pid in pids)


def test_a_worker_stops_when_its_parent_is_killed(tmp_path: Path) -> None:
    record = tmp_path / "pids"
    script = textwrap.dedent("""
        import os, sys, time
        from modelgo_lint import workers

        parent = os.getpid()
        def slow(item):
            if os.getpid() != parent:
                with open(sys.argv[1], "a") as file:
                    file.write(f"{os.getpid()}\\n")
            time.sleep(0.2)
        workers.map_parts(list(range(400)), 2, slow)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script, str(record)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 20
    while not (record.exists() and record.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    (child,) = {int(pid) for pid in record.read_text().split()}
    proc.kill()  # SIGKILL: the parent cannot stop anyone
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child)  # it noticed its parent was gone, at its next item


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (one nobody reaps, in a container, has ended)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as file:
            return file.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_an_org_per_folder_layout_is_shared_too(tmp_path: Path) -> None:
    """models/<org>/<model>: the walk goes on below the orgs until there are enough folders to
    share (a review found it stopped at the 20 orgs and forked nothing)."""
    body = LICENSES.joinpath(license_entries()[0]["file"]).read_bytes()
    for org in range(20):
        for model in range(10):
            folder = tmp_path / "mono" / "models" / f"org{org:02d}" / f"m{model:02d}"
            folder.mkdir(parents=True)
            (folder / "LICENSE").write_bytes(body)
    out = _python("""
        import os, sys
        from modelgo_lint import engine
        from modelgo_lint.config import Config

        original = engine._lint_root
        pids = set()
        def recording(*args, **kwargs):
            with open(sys.argv[2], "a") as file:
                file.write(f"{os.getpid()}\\n")
            return original(*args, **kwargs)
        engine._lint_root = recording
        report = engine.lint([sys.argv[1]], Config(), jobs=2)
        print(len(set(open(sys.argv[2]).read().split())), report.roots)
    """, tmp_path / "mono", tmp_path / "pids")
    assert out.split() == ["2", "200"]
