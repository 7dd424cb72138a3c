"""Regular expressions compiled on first use, and compiled once per interpreter (issue 14).

A module-level ``re.compile`` runs on every start-up, whether or not the run needs the pattern;
the clean path (an exact-match license, a plain front matter) uses few of the package's patterns.
``lazyre.compile`` returns a stand-in that compiles on the first attribute looked up and then
keeps the compiled pattern's methods as its own attributes, so later calls cost what a real
pattern's do. Use it for patterns the clean path does not need; call its methods only (the
``re`` module's functions do not take the stand-in in place of a pattern).

Compiling is most of a clean check's own run time: the README patterns are long, case-insensitive
alternations, and ``re`` parses and compiles them in Python (about 7 ms for the 28 a README with a
license notice needs). Like the bytecode of the modules, the result is kept: the compiled program
of each pattern (the arguments ``re`` hands to ``_sre.compile``) is stored in the per-user cache,
``patterns/<interpreter>.marshal`` in the folder of the Hub's answers (``MODELGO_LINT_CACHE_DIR``,
else ``$XDG_CACHE_HOME/modelgo-lint``, else ``~/.cache/modelgo-lint``), one file per interpreter build
(its version string, bytecode tag and regular-expression engine version are the file's key). A
later run builds the pattern from the stored program, which the engine validates, in a few
microseconds.

What is stored is checked as far as a cache can be:

- a program is stored only when the pattern built from it equals the one ``re.compile`` returned
  (``Pattern.__eq__`` compares the pattern, the flags and the compiled code; the group names are
  compared too), so a change of ``re``'s internals stores nothing and every run compiles as before;
- the file carries a SHA-256 of the interpreter's key and its contents: a damaged, truncated
  file, or one written by another interpreter, is ignored and replaced; an entry the engine
  refuses is compiled again;
- only a regular file is read (a FIFO or a device planted there is ignored, never waited on), and
  the file is replaced through a new file of its own (``O_EXCL``, ``O_NOFOLLOW``, mode 0600);
- a cache that cannot be read or written costs only the compile.

The checksum finds damage, not tampering: whoever can write the file can write a valid one. The
cache lives with ``pre-commit``'s own (``~/.cache``), whose hook environments run code from there,
and is trusted as much as those and the installed package are.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the engine behind re, built in
import os
import re
import sys

from modelgo_lint import digest

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    #: (pattern, flags) -> the arguments of ``_sre.compile`` after the pattern
    Entries: TypeAlias = "dict[tuple[str, int], tuple[Any, ...]]"

#: the file's first bytes: the format, then the SHA-256 of the marshalled entries
_HEADER = b"modelgo-lint patterns 1\n"
#: a bound on the file read and on the patterns kept (the package has about 70)
_MAX_BYTES = 4 << 20
_MAX_ENTRIES = 1024


class _Cache:
    """The stored programs of this interpreter: read at the first compile, written at exit (or by
    :func:`save`) when a run compiled a pattern that was not there."""

    def __init__(self) -> None:
        self.path: str | None = None
        self.key = b""
        self.entries: Entries = {}
        self.loaded = False
        self.added = False

    def load(self) -> None:
        self.loaded = True
        self.path, self.key = cache_file(), _interpreter()
        if self.path is not None:
            self.entries = _read(self.path, self.key)

    def add(self, key: tuple[str, int], arguments: tuple[Any, ...]) -> None:
        if len(self.entries) < _MAX_ENTRIES:
            self.entries[key] = arguments
            if not self.added:
                self.added = True
                import atexit

                atexit.register(save)


_CACHE = _Cache()


def cache_file() -> str | None:
    """This interpreter's file in the per-user cache (None when there is no home to put it in)."""
    # the folder of the Hub's answers (modelgo_lint.hub.resolve.cache_dir)
    folder = os.environ.get("MODELGO_LINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "modelgo-lint")
    if not os.path.isabs(folder):
        return None  # a relative folder would be the checked repository's (and "~" had no home)
    name = digest.sha256(_interpreter()).hexdigest()[:32]
    return os.path.join(folder, "patterns", f"{name}.marshal")


def _interpreter() -> bytes:
    """What the compiled programs depend on: the interpreter's build and its engine's version."""
    key = "\0".join((sys.version, sys.implementation.name, str(sys.implementation.cache_tag),
                     str(_sre.MAGIC), str(_sre.CODESIZE), str(sys.maxunicode)))
    return key.encode("utf-8", "surrogateescape")


#: never block (a FIFO), never follow a link, never leak the descriptor
_READ_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_CLOEXEC", 0))
#: a new file only (nothing planted there is opened), never through a link
_WRITE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                | getattr(os, "O_CLOEXEC", 0))


def _read(path: str, key: bytes) -> Entries:
    import stat

    try:
        descriptor = os.open(path, _READ_FLAGS)
    except (OSError, ValueError):
        return {}
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_BYTES:
            return {}
        chunks, left = [], _MAX_BYTES + 1
        while left > 0 and (chunk := os.read(descriptor, left)):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError:
        return {}
    finally:
        os.close(descriptor)
    return _parse(b"".join(chunks), key)


def _checksum(key: bytes, payload: bytes) -> bytes:
    checksum = digest.sha256(key)
    checksum.update(payload)
    return checksum.digest()


def _parse(data: bytes, key: bytes) -> Entries:
    """The entries of a cache file's bytes, written for the interpreter ``key``; none when they
    are not whole or not this interpreter's."""
    import marshal

    start = len(_HEADER) + 32
    if len(data) > _MAX_BYTES or not data.startswith(_HEADER):
        return {}
    payload = data[start:]
    if _checksum(key, payload) != data[len(_HEADER):start]:
        return {}
    try:
        entries = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def save() -> None:
    """Write the programs compiled by this run into the cache file, merged with what another run
    wrote meanwhile (replaced atomically; nothing when the run compiled nothing new)."""
    import marshal

    cache = _CACHE
    if not cache.added or cache.path is None:
        return
    cache.added = False
    merged = _read(cache.path, cache.key)
    merged.update(cache.entries)
    # a name of its own: nothing planted at a name known in advance is opened (O_EXCL)
    temporary = f"{cache.path}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    try:
        payload = marshal.dumps(merged)
        os.makedirs(os.path.dirname(cache.path), mode=0o700, exist_ok=True)
        descriptor = os.open(temporary, _WRITE_FLAGS, 0o600)
        with open(descriptor, "wb") as file:
            file.write(_HEADER + _checksum(cache.key, payload) + payload)
        os.replace(temporary, cache.path)
    except (OSError, ValueError):  # not writable, or an entry marshal refuses: the cache is optional
        import contextlib

        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _program(pattern: str, flags: int) -> tuple[Any, ...]:
    """The arguments ``re`` passes to ``_sre.compile`` for ``pattern`` (its parse and its code)."""
    if hasattr(re, "_parser"):  # 3.11+
        parser, compiler = re._parser, re._compiler  # type: ignore[attr-defined]
    else:  # pragma: no cover - 3.10
        parser, compiler = re.sre_parse, re.sre_compile  # type: ignore[attr-defined]
    parsed = parser.parse(pattern, flags)
    code = [int(word) for word in compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, built from this interpreter's stored program when there is one."""
    cache = _CACHE
    if not cache.loaded:
        cache.load()
    key = (pattern, int(flags))  # int: a RegexFlag is not marshalled
    stored = cache.entries.get(key)
    if stored is not None:
        try:
            return _sre.compile(pattern, *stored)  # type: ignore[no-any-return]
        except Exception:  # an entry the engine refuses (damaged, foreign): compile it
            del cache.entries[key]
    result = re.compile(pattern, flags)
    try:
        arguments = _program(pattern, flags)
        rebuilt = _sre.compile(pattern, *arguments)
        same = rebuilt == result and rebuilt.groupindex == result.groupindex
    except Exception:  # re's internals changed: nothing is stored, nothing lost
        same = False
    if same:
        cache.add(key, arguments)
    return result


class _Lazy:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(compiled(*self._source), name)
        setattr(self, name, value)  # the next look-up finds it without __getattr__
        return value


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return _Lazy(pattern, flags)  # type: ignore[return-value]  # a stand-in for the checker too
