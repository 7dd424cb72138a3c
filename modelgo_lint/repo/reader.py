"""Reading the few files modelgo-lint looks at: bounded, never blocking, never leaving the root.

This is the I/O edge for file contents. Everything that can go wrong with a file becomes an
:class:`Unreadable` with a one-line reason (and a line number when there is one), which the
checks turn into MG901.
"""

from __future__ import annotations

import codecs
import functools
import os
import stat

from modelgo_lint import lazyre
from modelgo_lint.repo.documents import Unreadable as Unreadable  # raised here, named by callers

#: The largest text file read (license, notice, readme, sheet). Published ModelGo texts are
#: under 40 KB; anything this big is not a license and is refused without being read whole.
MAX_TEXT_BYTES = 2 * 1024 * 1024


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (issue 14)
if TYPE_CHECKING:
    from typing import TypeAlias

    #: a path as the reader takes it: a string or an os.PathLike (pathlib is not imported: issue 14)
    StrPath: TypeAlias = "str | os.PathLike[str]"


_CONTROLS = lazyre.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
#: every byte but those of ``_CONTROLS`` (``bytes.translate`` deletes them: what is left are controls;
#: tests/repo/test_bad_input.py checks the two agree)
_NOT_CONTROLS = bytes(range(0x09, 0x0E)) + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))


#: never block (a FIFO), never follow a last link (swapped in since the check), never leak the descriptor
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_CLOEXEC", 0))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


@functools.lru_cache(maxsize=64)
def _real_root(root: str) -> str:
    """The repository's real path, resolved once per run and root rather than once per file."""
    return os.path.realpath(root)


def _resolved_in(real_parent: str, path: StrPath) -> tuple[str, os.stat_result] | None:
    """``os.path.realpath(path)`` and its ``stat`` from the real path of its folder (one ``lstat``
    instead of one per part of the path), when the file is there and no symbolic link; else None
    (the caller resolves the whole path)."""
    real = os.path.join(real_parent, os.path.basename(path))
    try:
        info = os.lstat(real)
    except OSError:
        return None
    return None if stat.S_ISLNK(info.st_mode) else (real, info)


def _open_regular(path: StrPath, root: StrPath | None, real_parent: str | None = None) -> tuple[int, int]:
    """An open descriptor of the regular file ``path`` and its size; never blocks.

    ``real_parent`` is ``os.path.realpath`` of the folder of ``path`` when the caller knows it (the
    read stage resolves a model root's folder once for all its files)."""
    resolved = _resolved_in(real_parent, path) if real_parent is not None else None
    real = resolved[0] if resolved is not None else os.path.realpath(path)
    if root is not None:
        real_root = _real_root(os.fspath(root))
        if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
            raise Unreadable("is a symbolic link to a path outside the repository")
    try:
        # not a symbolic link: its stat is the lstat already taken
        info = resolved[1] if resolved is not None else os.stat(real)
    except FileNotFoundError:
        if os.path.islink(path):
            raise Unreadable("is a broken symbolic link") from None
        raise Unreadable("does not exist") from None
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(f"is {_kind(info.st_mode)}, not a file")
    fd = os.open(real, _OPEN_FLAGS)
    opened = os.fstat(fd)
    if not stat.S_ISREG(opened.st_mode):  # swapped since the stat
        os.close(fd)
        raise Unreadable("is not a regular file")
    return fd, opened.st_size


def _read_fd(fd: int, size: int) -> bytes:
    """Up to ``size`` bytes of the descriptor, fewer only at its end (what a buffered file's
    ``read(size)`` returns, without building one per file)."""
    data = os.read(fd, size)
    if len(data) in (0, size):
        return data
    chunks = [data]
    size -= len(data)
    while size > 0 and (chunk := os.read(fd, size)):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_bytes(path: StrPath, root: StrPath | None = None, limit: int = MAX_TEXT_BYTES,
               real_parent: str | None = None) -> bytes:
    """The content of the regular file ``path``, refusing what would hang, escape or flood.

    ``root`` (when given) is the repository: a symbolic link that resolves outside it is refused.
    ``real_parent``: ``os.path.realpath(path.parent)``, when the caller has it.
    """
    try:
        fd, size = _open_regular(path, root, real_parent)
        try:
            if size > limit:
                raise Unreadable(f"is {size:,} bytes, over the {limit:,}-byte limit for text files")
            # the size the descriptor reports, not a buffer of the whole limit for every file (a 2 MiB
            # allocation per read was most of a monorepo's reading time); a file that grew since
            # the fstat is read on up to the limit
            data = _read_fd(fd, size + 1)
            if len(data) > size:
                data += _read_fd(fd, limit + 1 - len(data))
        finally:
            os.close(fd)
    except OSError as error:
        raise Unreadable(f"cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise Unreadable(f"is over the {limit:,}-byte limit for text files")
    return data


def read_head(path: StrPath, root: StrPath | None = None, size: int = 8) -> bytes:
    """The first ``size`` bytes of ``path`` under the same guards as :func:`read_bytes`."""
    try:
        fd, _ = _open_regular(path, root)
        try:
            return _read_fd(fd, size)
        finally:
            os.close(fd)
    except OSError as error:
        raise Unreadable(f"cannot be read ({error.strerror or error})") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when ``data`` looks like BOM-less UTF-16 text, else None."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.7 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.7 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


#: texts decoded once per content (a monorepo's model folders ship the same LICENSE bytes): the
#: last few of a size worth the hashing, so at most a few MB are kept
_MEMO_BYTES = (1024, 64 * 1024)


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM) or UTF-16/32 (BOM, or BOM-less UTF-16).

    The same bytes give the same ``str`` object (for texts of 1 to 64 KiB, the last 16 decoded),
    whose hash the analysis' caches then need not compute again."""
    if _MEMO_BYTES[0] <= len(data) <= _MEMO_BYTES[1]:
        return _decode_memo(data)
    return _decode(data)


def _decode(data: bytes) -> str:
    encoding, skip = "utf-8", 0
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        encoding = "utf-32"
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        encoding = "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        # the BOM skipped here rather than by the utf-8-sig codec (a module to import), and the
        # positions of an error counted in the file's bytes, BOM included
        skip = len(codecs.BOM_UTF8)
    elif b"\x00" in data:
        guessed = _utf16_without_bom(data)
        if guessed is None:
            offset = data.index(b"\x00")
            raise Unreadable(
                f"has binary content (a NUL byte at offset {offset})", data.count(b"\n", 0, offset) + 1
            )
        encoding = guessed
    try:
        text = data[skip:].decode(encoding) if skip else data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding.startswith("utf-8"):
            start = error.start + skip
            line = data.count(b"\n", 0, start) + 1
            column = start - (data.rfind(b"\n", 0, start) + 1) + 1
            raise Unreadable(
                f"is not valid UTF-8 (byte 0x{data[start]:02x} at line {line}, column {column});"
                " save it as UTF-8",
                line,
            ) from None
        raise Unreadable(f"is not valid {encoding.upper()} text") from None
    # in UTF-8 a control character is its byte and no byte of another character: bytes without
    # one (nearly every file) are text without one, found at C speed
    controls = 0 if encoding.startswith("utf-8") and not data.translate(None, _NOT_CONTROLS) \
        else len(_CONTROLS.findall(text, 0, 65536))
    if controls > 8 and controls > min(len(text), 65536) // 100:
        raise Unreadable("has binary content (control characters)")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


_decode_memo = functools.lru_cache(maxsize=16)(_decode)  # an Unreadable raised is not remembered


def read_text(path: StrPath, root: StrPath | None = None, limit: int = MAX_TEXT_BYTES,
              real_parent: str | None = None) -> str:
    return decode(read_bytes(path, root, limit, real_parent))
