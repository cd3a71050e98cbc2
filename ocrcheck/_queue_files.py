"""Opening the review queue's files without being tricked into touching another file.

A queue path is used only when it names a regular file (or nothing yet). A symbolic link is
refused, never followed: following it would append PII to, and chmod 0600, whatever the link
points at, and in a sticky world-writable directory (`/tmp`) anyone can plant such a link under
the name another user is about to use. Everything is opened with `O_NOFOLLOW` (the kernel's
`ELOOP` answer is turned into a refusal) and checked with `fstat` after opening, so the check and
the use see the same file; `O_NONBLOCK` keeps a FIFO at the path from stalling the open.

`check_writable` is the cheap up-front test the command line runs before the first document: it
only looks (`lstat`, `access`) and never creates the queue, its `.key` sidecar or anything else,
so a path that is a directory cannot leave a stray `DIR.key` behind.
"""

from __future__ import annotations

import errno
import os
import stat

from .pii import KEY_ENV, QueueError

__all__ = ["check_path", "check_writable", "open_regular"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _refusal(path: str, mode: int, what: str) -> QueueError:
    if stat.S_ISLNK(mode):
        return QueueError(f"{what} {path} is a symbolic link; refusing to follow it (give the file itself)")
    if stat.S_ISDIR(mode):
        return QueueError(f"{what} {path} is a directory, not a file")
    return QueueError(f"{what} {path} is not a regular file")


def check_path(path: str, what: str = "review queue") -> bool:
    """Refuse a `path` that exists and is not a regular file (symlinks included, never followed).
    Returns whether the file exists. Creates nothing."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise QueueError(f"cannot use {what} {path}: {error.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _refusal(path, st.st_mode, what)
    return True


def check_writable(path: str | os.PathLike[str], *, key: bytes | str | None = None) -> None:
    """Raise `QueueError` (one line) unless a review queue at `path` could be appended to:
    the path and its `.key` sidecar (needed unless `key` or `$OCRCHECK_QUEUE_KEY` is given) are
    regular files or absent, and the directory that would receive a missing one is writable.
    Only looks; creates nothing."""
    path = os.fspath(path)
    if not path:
        raise QueueError("the review queue path is empty")
    files = [(path, "review queue")]
    if key is None and not os.environ.get(KEY_ENV):
        files.append((path + ".key", "review queue key file"))
    for name, what in files:
        if check_path(name, what):
            if not os.access(name, os.R_OK | os.W_OK if what == "review queue" else os.R_OK):
                raise QueueError(f"cannot use {what} {name}: permission denied")
            continue
        folder = os.path.dirname(os.path.abspath(name))
        if not os.path.isdir(folder):
            raise QueueError(f"cannot create {what} {name}: no directory {folder}")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise QueueError(f"cannot create {what} {name}: directory {folder} is not writable")


def open_regular(path: str, flags: int, mode: int = 0o600, what: str = "review queue") -> int:
    """`os.open` that never follows a final symlink and returns only a regular file's descriptor.
    `FileNotFoundError`/`FileExistsError` pass through (the caller decides to create or retry);
    a symlink or non-regular file is a `QueueError`."""
    try:
        fd = os.open(path, flags | _NOFOLLOW | _NONBLOCK | os.O_CLOEXEC, mode)
    except OSError as error:
        if error.errno == errno.ELOOP or (error.errno == errno.EISDIR):
            check_path(path, what)  # names what is there; raises for a link or a directory
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _refusal(path, st.st_mode, what)
    except BaseException:
        os.close(fd)
        raise
    return fd
