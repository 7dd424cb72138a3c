"""Work shared among forked processes: the model roots of a monorepo (issue 14, item 4).

A monorepo's model folders are independent: each is read, analysed and checked on its own, and
only the findings (and the texts a report may quote) leave it. :func:`map_parts` splits the items
into ``parts`` interleaved parts (item *i* goes to part *i mod parts*, so that folders of one kind
spread evenly), works the first part in this process and each other one in a child forked for it,
and returns every part's results in order. The children are forks: they start with everything
already imported and the items already in memory, and send back only their results (pickled,
through a pipe). A child's exception is raised here, as the same exception when it can be
pickled (with the child's traceback as a note); a child that dies (a signal, memory) is a
:class:`WorkerError`. On an error, an interrupt, SIGTERM or SIGHUP the children are killed and
reaped (then the signal takes its course). A child writes nothing to the standard streams (they
are /dev/null in it), dies at once on a signal, and stops when its parent is gone (killed with
SIGKILL). A part whose process cannot be made (no descriptor or process left) is worked here.

Forking is safe only in a process with one thread, and only where ``fork`` is the usual start
(Linux; macOS's system libraries are not fork-safe, Windows has no fork): :func:`can_fork` says
when, and elsewhere the caller works serially. Nothing is forked for small inputs
(:data:`MIN_PER_PART` items a part): a fork and its pickling cost about what checking a few
dozen model folders does.
"""

from __future__ import annotations

import contextlib
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
#: the most processes, whatever ``--jobs`` says (each holds a pipe and its share of memory)
MAX_PARTS = 64


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
    """How many parts ``items`` are worked in with at most ``jobs`` processes (0: one per CPU;
    never more than :data:`MAX_PARTS`)."""
    wanted = cpus() if jobs <= 0 else jobs
    parts = min(wanted, items // MIN_PER_PART, MAX_PARTS)
    return parts if parts > 1 and can_fork() else 1


class _Terminated(BaseException):
    """SIGTERM or SIGHUP while children work: raised so that they are stopped, then the signal's
    own action is taken."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, _frame: object) -> None:
    raise _Terminated(signum)


def map_parts(items: Sequence[T], parts: int, work: Callable[[T], R]) -> list[list[R]]:
    """``[[work(i) for i in items[0::parts]], [work(i) for i in items[1::parts]], ...]``, the parts
    after the first in forked children (``parts`` from :func:`parts_for`). A part whose process
    cannot be made (no descriptor, no process left) is worked here."""
    if parts <= 1:
        return [[work(item) for item in items]]
    import pickle  # noqa: F401 - imported before the forks: each child has it
    import signal

    for stream in (sys.stdout, sys.stderr):  # what is buffered would be written by every child too
        if stream is not None:  # None: the descriptor was closed
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    parent = os.getpid()
    children: list[list[int]] = []  # [pid, read end of its pipe (-1 once a file owns it), part]
    here: list[int] = [0]
    caught = (signal.SIGTERM, signal.SIGHUP)
    handlers = {caught_signal: signal.getsignal(caught_signal) for caught_signal in caught}
    for caught_signal, handler in handlers.items():
        if handler is signal.SIG_DFL:  # a handler of the caller's own is left as it is
            signal.signal(caught_signal, _raise_terminated)
    try:
        for part in range(1, parts):
            # no signal between the fork and the child's own handlers, or before the parent knows it
            mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, *caught})
            try:
                try:
                    readable, writable = os.pipe()
                except OSError:
                    here.append(part)
                    continue
                try:
                    pid = os.fork()
                except OSError:
                    os.close(readable)
                    os.close(writable)
                    here.append(part)
                    continue
                if pid == 0:  # pragma: no cover - the child (its work is checked by what it sends back)
                    _child(parent, readable, writable, mask, work, items[part::parts])
                os.close(writable)
                children.append([pid, readable, part])
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        results: dict[int, list[R]] = {part: [work(item) for item in items[part::parts]] for part in here}
        while children:
            pid, readable, part = children[0]
            children[0][1] = -1  # the file below closes it
            with open(readable, "rb", closefd=True) as pipe:
                payload = pipe.read()
            _, status = os.waitpid(pid, 0)
            del children[0]  # reaped: its pid may be another process's from now on
            results[part] = _result(payload, status)
        return [results[part] for part in range(parts)]
    except _Terminated as terminated:
        signum: int = terminated.signum
    finally:
        for pid, readable, _ in children:  # an error or an interrupt: no child outlives the run
            _stop(pid, readable)
        for each, handler in handlers.items():
            if handler is signal.SIG_DFL:
                signal.signal(each, handler)
    os.kill(os.getpid(), signum)  # the children are stopped: now the signal's default action
    raise SystemExit(128 + signum)  # pragma: no cover - not reached unless the signal is blocked


def _result(payload: bytes, status: int) -> list[R]:
    """A child's results from what it sent, or its exception raised here."""
    import pickle

    if not payload:
        raise WorkerError(f"a worker process ended without its results ({_status(status)})")
    try:
        done, value, trace = pickle.loads(payload)
    except Exception as error:  # an exception pickled that cannot be rebuilt here
        raise WorkerError(f"a worker process sent what cannot be read back ({type(error).__name__}: "
                          f"{error})") from None
    if done:
        return value  # type: ignore[no-any-return]
    if trace and hasattr(value, "add_note"):  # 3.11+: MODELGO_LINT_DEBUG shows where it was raised
        value.add_note(f"raised in a worker process:\n{trace}")
    raise value


def _child(parent: int, readable: int, writable: int, mask: object, work: Callable[[T], object],
           part: Sequence[T]) -> None:  # pragma: no cover - runs in the child
    """Work, send the results (or the exception) through ``writable``, and end without returning
    into the parent's stack, its exit handlers or its buffers. The child reads no input and writes
    no output (its standard streams are /dev/null, so that nobody waits on it for the parent's),
    dies at once on a signal, and stops when its parent is gone."""
    import signal

    code = 2
    try:
        os.close(readable)
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # type: ignore[arg-type]
        with contextlib.suppress(OSError, ValueError):
            null = os.open(os.devnull, os.O_RDWR)
            for standard in (0, 1, 2):
                os.dup2(null, standard)
            os.close(null)
        code = _work_and_send(parent, writable, work, part)
    finally:
        os._exit(code)


def _work_and_send(parent: int, writable: int, work: Callable[[T], object], part: Sequence[T]) -> int:
    import pickle  # pragma: no cover - runs in the child

    code, trace = 0, ""
    try:
        results = []
        for item in part:
            if os.getppid() != parent:
                return 3  # the parent is gone (killed): nobody reads the results
            results.append(work(item))
        payload = pickle.dumps((True, results, ""), pickle.HIGHEST_PROTOCOL)
    except BaseException as error:
        import traceback

        code, trace = 1, traceback.format_exc()
        if not isinstance(error, Exception):  # SystemExit and the like: not the parent's to raise
            error = WorkerError(f"a worker process stopped: {type(error).__name__}: {error}")
        try:
            payload = pickle.dumps((False, error, trace), pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot be pickled: its type and text
            text = "".join(traceback.format_exception_only(type(error), error)).strip()
            payload = pickle.dumps((False, WorkerError(f"in a worker process: {text}"), trace))
    from modelgo_lint import lazyre

    lazyre.save()  # the patterns the child compiled (the parent may have compiled none)
    with open(writable, "wb", closefd=True) as pipe:
        pipe.write(payload)
    return code


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


def _stop(pid: int, readable: int) -> None:
    import signal

    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    if readable >= 0:
        with contextlib.suppress(OSError):
            os.close(readable)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
