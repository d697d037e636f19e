"""Reading the files users hand to slakit: regular files only, under a size limit.

A path can name a FIFO (reading blocks until someone writes), a device such as
``/dev/zero`` (reading never ends) or a huge file. Every file slakit reads — regulation
files, ``slakit check`` cases, event files — goes through here, so each is refused
with an :class:`~slakit.errors.InputFileError` before any of that happens.

``read_text`` returns the whole text; ``open_text`` streams it (and also takes ``-``
for standard input, whose length is counted as it is read).
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Callable
from typing import TextIO

from slakit.errors import InputFileError, InvalidArgumentError, RegulationFormatError

__all__ = ["MIB", "REGULATION_LIMIT", "STDIN", "open_text", "read_text", "toml_source"]

MIB = 2**20
#: The largest regulation (or cases) file slakit reads: far above any real one
#: (a preset is about 10 KB), low enough that a mistaken path cannot exhaust memory.
REGULATION_LIMIT = 8 * MIB
#: The name ``open_text`` reads standard input for.
STDIN = "-"

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _size(size: int) -> str:
    return f"{size / MIB:.1f} MiB" if size >= MIB else f"{size:,} bytes"


def _open_regular(path: str | os.PathLike[str], what: str, limit: int) -> io.BufferedReader:
    """Open ``path`` for binary reading, refusing anything but a regular file under ``limit``."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError, TypeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise InputFileError(path, what, reason) from None
    try:
        mode, size = (info := os.fstat(fd)).st_mode, info.st_size
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise InputFileError(path, what, f"it is {kind}; give the path of a regular file")
        if size > limit:
            raise InputFileError(
                path, what, f"it is {_size(size)}, larger than the limit of {_size(limit)}"
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return open(fd, "rb", closefd=True)  # handed to the caller, who closes it
    except BaseException:
        os.close(fd)
        raise


def read_text(path: str | os.PathLike[str], *, what: str, limit: int = REGULATION_LIMIT) -> str:
    """The whole UTF-8 text of a regular file of at most ``limit`` bytes.

    A byte-order mark is dropped. Anything else — a missing file, a directory, a FIFO,
    a device, a file over the limit or not UTF-8 — is an ``InputFileError`` naming the
    path, ``what`` it was meant to be, and why.
    """
    with _open_regular(path, what, limit) as file:
        data = file.read(limit + 1)  # a file that grew since fstat still stops here
    if len(data) > limit:
        raise InputFileError(path, what, f"it is larger than the limit of {_size(limit)}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputFileError(
            path, what, f"it is not UTF-8 text (byte {error.start}: {error.reason})"
        ) from None


def toml_source(source: object, *, what: str) -> str:
    """The TOML text of ``source``: a path (a ``PathLike``, or a string without ``=``)
    is read as a file (errors become ``RegulationFormatError``); a string holding
    ``=`` is the text itself."""
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "=" not in source):
        try:
            return read_text(source, what=what)
        except InputFileError as error:
            raise RegulationFormatError(str(error)) from None
    if isinstance(source, str):
        return source
    raise InvalidArgumentError("source", source, "a path or TOML text")


class _Limited(io.TextIOBase):
    """A text stream that refuses to go past ``limit`` characters."""

    def __init__(self, stream: TextIO, name: str, what: str, limit: int) -> None:
        super().__init__()
        self._stream = stream
        self._name = name
        self._what = what
        self._limit = limit
        self._read = 0

    def readable(self) -> bool:
        return True

    def _count(self, text: str) -> str:
        self._read += len(text)
        if self._read > self._limit:
            raise InputFileError(
                self._name, self._what, f"it is longer than the limit of {_size(self._limit)}"
            )
        return text

    def _decoded(self, read: Callable[[], str]) -> str:
        try:
            text = read()
        except UnicodeDecodeError as error:
            raise InputFileError(
                self._name, self._what, f"it is not UTF-8 text ({error.reason})"
            ) from None
        return self._count(text)

    def read(self, size: int | None = -1) -> str:
        return self._decoded(lambda: self._stream.read(-1 if size is None else size))

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return self._decoded(lambda: self._stream.readline(-1 if size is None else size))

    def close(self) -> None:
        if self._stream is not sys.stdin:
            self._stream.close()
        super().close()


def open_text(path: str | os.PathLike[str], *, what: str, limit: int) -> TextIO:
    """A UTF-8 text stream of a regular file of at most ``limit`` bytes, or of stdin for ``-``.

    Use it as a context manager and iterate its lines. Standard input (``-``) is
    counted as it is read: going past ``limit`` raises an ``InputFileError`` then.
    """
    if isinstance(path, str) and path == STDIN:
        return _Limited(sys.stdin, "<stdin>", what, limit)  # type: ignore[return-value]
    binary = _open_regular(path, what, limit)
    text = io.TextIOWrapper(binary, encoding="utf-8-sig")
    return _Limited(text, os.fspath(path), what, limit)  # type: ignore[return-value]
