"""Work shared among forked processes: the model roots of a monorepo (issue 14, item 4).

A monorepo's model folders are independent: each is read, analysed and checked on its own, and
only the findings (and the texts a report may quote) leave it. :func:`map_parts` splits the items
into ``parts`` interleaved parts (item *i* goes to part *i mod parts*, so that folders of one kind
spread evenly), works the first part in this process and each other one in a child forked for it,
and returns every part's results in order. The children are forks: they start with everything
already imported and the items already in memory, and send back only their results (pickled,
through a pipe). A child's exception is raised here, as the same exception when it can be
pickled; a child that dies (a signal, memory) is a :class:`WorkerError`. On an interrupt the
children are killed and reaped.

Forking is safe only in a process with one thread, and only where ``fork`` is the usual start
(Linux; macOS's system libraries are not fork-safe, Windows has no fork): :func:`can_fork` says
when, and elsewhere the caller works serially. Nothing is forked for small inputs
(:data:`MIN_PER_PART` items a part): a fork and its pickling cost about what checking a few
dozen model folders does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")
    R = TypeVar("R")

#: the fewest items worth a process of their own
MIN_PER_PART = 64


class WorkerError(RuntimeError):
    """A worker process ended without its results."""


def cpus() -> int:
    """The CPUs this process may run on."""
    count = getattr(os, "process_cpu_count", None)  # 3.13: the affinity mask
    if count is not None:
        return count() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe here: Linux, and no thread but this one."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def parts_for(items: int, jobs: int) -> int:
    """How many parts ``items`` are worked in with at most ``jobs`` processes (0: one per CPU)."""
    wanted = cpus() if jobs <= 0 else jobs
    parts = min(wanted, items // MIN_PER_PART)
    return parts if parts > 1 and can_fork() else 1


def map_parts(items: Sequence[T], parts: int, work: Callable[[Sequence[T]], R]) -> list[R]:
    """``[work(items[0::parts]), work(items[1::parts]), ...]``, the parts after the first in forked
    children (``parts`` from :func:`parts_for`)."""
    if parts <= 1:
        return [work(items)]
    import pickle

    for stream in (sys.stdout, sys.stderr):  # what is buffered would be written by every child too
        stream.flush()
    children: list[list[int]] = []  # [pid, read end of its pipe (-1 once a file owns it)]
    try:
        for part in range(1, parts):
            readable, writable = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child (its work is checked by what it sends back)
                os.close(readable)
                _child(writable, work, items[part::parts])
            os.close(writable)
            children.append([pid, readable])
        results = [work(items[0::parts])]
        while children:
            pid, readable = children[0]
            children[0][1] = -1  # the file below closes it
            with open(readable, "rb", closefd=True) as pipe:
                payload = pipe.read()
            _, status = os.waitpid(pid, 0)
            del children[0]  # reaped: its pid may be another process's from now on
            if not payload:
                raise WorkerError(f"a worker process ended without its results ({_status(status)})")
            done, value = pickle.loads(payload)
            if not done:
                raise value
            results.append(value)
        return results
    finally:
        for pid, readable in children:  # an error or an interrupt: no child outlives the run
            _stop(pid, readable)


def _child(writable: int, work: Callable[[Sequence[T]], object],
           part: Sequence[T]) -> None:  # pragma: no cover - runs in the child
    """Work, send the result (or the exception) through ``writable``, and end without returning
    into the parent's stack, its exit handlers or its buffers."""
    import pickle

    code = 0
    try:
        try:
            payload = pickle.dumps((True, work(part)), pickle.HIGHEST_PROTOCOL)
        except BaseException as error:
            code = 1
            try:
                payload = pickle.dumps((False, error), pickle.HIGHEST_PROTOCOL)
            except Exception:  # an exception that cannot be pickled: its type and text
                import traceback

                text = "".join(traceback.format_exception_only(type(error), error)).strip()
                payload = pickle.dumps((False, WorkerError(f"in a worker process: {text}")))
        from modelgo_lint import lazyre

        lazyre.save()  # the patterns the child compiled (the parent may have compiled none)
        with open(writable, "wb", closefd=True) as pipe:
            pipe.write(payload)
    except BaseException:
        code = 2
    finally:
        os._exit(code)


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


def _stop(pid: int, readable: int) -> None:
    import contextlib
    import signal

    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    if readable >= 0:
        with contextlib.suppress(OSError):
            os.close(readable)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
