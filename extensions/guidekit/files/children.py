"""Child processes (the Sphinx builds) end with the command that started them.

Each child runs in a process group of its own, with its parallel readers: when
the command is interrupted (Ctrl-C), terminated (SIGTERM, SIGHUP) or fails,
the whole group is ended before the command cleans up its staging folder, so
no Sphinx process keeps writing into a folder that is gone. When the command
is killed outright (SIGKILL), Linux ends the child too (``PR_SET_PDEATHSIG``);
the next run removes what the killed one left (:func:`guidekit.files.publish.recover`).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from types import FrameType

#: Seconds a child has to end after SIGTERM before it is killed.
GRACE = 10.0
_PR_SET_PDEATHSIG = 1


def _prctl() -> Callable[..., int] | None:
    with suppress(OSError, AttributeError):  # not Linux: the signal handlers still apply
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
        return function
    return None


def _end_with_parent_hook() -> Callable[[], None] | None:
    """What the child runs before exec: ask for SIGTERM when the parent dies. The
    function is looked up here, in the parent: between fork and exec the child
    only calls it (builds run in threads)."""
    prctl = _prctl()
    if prctl is None:
        return None

    def hook() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)

    return hook


#: How a crash report of Sphinx (or of an extension) starts on stderr.
_CRASH = (
    "Exception occurred:",
    "Extension error",
    "Traceback (most recent call last)",
    "Sphinx error:",
)
_FULL_DISK = ("No space left on device", "[Errno 28]")


class Children:
    """The child processes of one command, each in a process group of its own;
    :meth:`end_all` ends those still running (from the main thread, when the
    command is stopped while builds run side by side in threads)."""

    def __init__(self) -> None:
        self.running: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()

    def run(
        self,
        command: Sequence[str],
        *,
        capture: bool = False,
        full_disk: str = "no space left on the device",
    ) -> int:
        """Run ``command`` (stdin closed) and return its exit status; on any
        exception in the meantime (an interrupt), end its process group first.

        Its stderr passes through as it comes (with ``capture``, its output is
        written when it ends), except a crash report caused by a full disk,
        which becomes the one line ``full_disk``."""
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdout=subprocess.PIPE if capture else None,
            start_new_session=True,
            preexec_fn=_end_with_parent_hook(),
        )
        with self._lock:
            self.running.add(process)
        try:
            if capture:
                out, err = process.communicate()
                sys.stdout.buffer.write(out)
                sys.stdout.flush()
                _pass_stderr(err.splitlines(keepends=True), full_disk)
            else:
                assert process.stderr is not None
                _pass_stderr(process.stderr, full_disk)
            return process.wait()
        except BaseException:
            end(process)
            raise
        finally:
            with self._lock:
                self.running.discard(process)

    def end_all(self) -> None:
        with self._lock:
            running = list(self.running)
        for process in running:
            end(process)


def run(command: Sequence[str], full_disk: str = "no space left on the device") -> int:
    """:meth:`Children.run` for a single child."""
    return Children().run(command, full_disk=full_disk)


def _pass_stderr(lines: Iterable[bytes], full_disk: str) -> None:
    """Write ``lines`` to stderr as they come; a crash report (with the blank
    lines before it) is held, and replaced by ``full_disk`` when a full disk
    caused it."""
    crash: list[bytes] = []
    blank: list[bytes] = []
    for line in lines:
        if not crash and not line.strip():
            blank.append(line)
        elif crash or line.decode("utf-8", "replace").lstrip().startswith(_CRASH):
            crash += [*blank, line]
            blank = []
        else:
            sys.stderr.buffer.write(b"".join([*blank, line]))
            sys.stderr.flush()
            blank = []
    report = b"".join(crash).decode("utf-8", "replace")
    if any(mark in report for mark in _FULL_DISK):
        print(full_disk, file=sys.stderr)
    else:
        sys.stderr.write(report)
    sys.stderr.flush()


def end(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process group of ``process``, SIGKILL after :data:`GRACE`."""
    for sig, wait in ((signal.SIGTERM, GRACE), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Readers of the group may outlive their leader for a moment: end them too.
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end the command as Ctrl-C does (an exception, so that
    children are ended and staging folders removed), with status 128 + signal."""

    def stop(signum: int, frame: FrameType | None) -> None:
        print(
            f"guidekit: stopped by {signal.Signals(signum).name}; nothing was published",
            file=sys.stderr,
        )
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
