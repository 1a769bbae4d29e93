"""Lock files: one process at a time writes the published output or the stub pages.

A lock is a file beside what it guards, held with ``flock`` and removed when
released; the kernel releases the lock of a killed process.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def acquire(path: Path, *, wait: bool) -> int:
    """Hold the lock file ``path`` (created if need be); its descriptor. Without
    ``wait``, BlockingIOError when another process holds it; OSError when it
    cannot be created."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            raise
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the holder removed the file as we opened it: take the new one


def release(path: Path, fd: int) -> None:
    """Remove the lock file, then let go of it."""
    path.unlink(missing_ok=True)
    os.close(fd)


def lock_file(guarded: Path) -> Path:
    """The lock file of ``guarded``: ``.<name>.lock`` beside it."""
    return guarded.parent / f".{guarded.name}.lock"


@contextmanager
def held(guarded: Path, *, wait: bool) -> Iterator[None]:
    """Hold the lock of ``guarded`` (:func:`lock_file`) for the block; the errors
    of :func:`acquire`."""
    path = lock_file(guarded)
    fd = acquire(path, wait=wait)
    try:
        yield
    finally:
        release(path, fd)
