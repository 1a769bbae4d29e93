"""Publish a build only when it succeeded.

A build writes into a staging folder next to its target (``_build/html/.en.staging-*``
beside ``_build/html/en``), seeded with a copy of the last good output so that
Sphinx still builds incrementally (its environment lives in ``.doctrees``
inside). Only when the build succeeds does the staging folder take the target's
place; a failed, interrupted or killed build leaves the last good output as it
was, complete, search index included. What a killed run leaves behind is
cleaned up (or, between the two renames of :func:`publish`, put back) by the
next run. One build at a time writes an output (:func:`output_lock`): a second
one says so and stops, instead of cleaning up the first one's live staging
folder.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from guidekit.files import locks
from guidekit.model.errors import GuideError, Kind


def _staging_prefix(target: Path) -> str:
    return f".{target.name}.staging-"


def _old_prefix(target: Path) -> str:
    return f".{target.name}.old-"


def recover(target: Path) -> None:
    """Undo what a killed run left: a target moved aside comes back; staging
    folders and old copies go."""
    parent = target.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(_old_prefix(target) + "*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():
        olds.pop().rename(target)
    for leftover in [*parent.glob(_staging_prefix(target) + "*"), *olds]:
        shutil.rmtree(leftover, ignore_errors=True)


def refuse_links(folder: Path) -> None:
    """A GuideError naming the first link on the way to ``folder`` (itself included).

    An output folder, or a folder above it, that is a symbolic link would have a
    build write (and delete) wherever the link points, outside the project. The
    project root and what lies above it come resolved (guidekit.model.paths), so
    only links a contributor could have put in the project are found here."""
    for step in reversed((folder, *folder.parents)):
        if step.is_symlink():
            raise GuideError(
                f"the output folder is a link (to {os.readlink(step)}); guidekit writes "
                "nothing through a link: make it a real folder, or set guidekit_build "
                "to the folder it points to",
                step,
                kind=Kind.FILE,
            )


def check_target(target: Path) -> None:
    """A GuideError naming the target when a build could not be published there."""
    refuse_links(target)
    if target.exists() and not target.is_dir():
        raise GuideError(
            "the output folder is a file; move it away or choose another guidekit_build",
            target,
            kind=Kind.FILE,
        )
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GuideError(
            f"cannot create the output folder: {exc.strerror or exc}", parent, kind=Kind.FILE
        ) from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise GuideError(
            "cannot write the output folder (permission denied)", parent, kind=Kind.FILE
        )


@contextmanager
def output_lock(target: Path) -> Iterator[None]:
    """Hold the lock of ``target`` (a file beside it, removed afterwards) for the
    block, or raise a GuideError when another build holds it. The kernel
    releases the lock of a killed build."""
    check_target(target)
    with ExitStack() as stack:
        try:
            stack.enter_context(locks.held(target, wait=False))
        except BlockingIOError:
            raise GuideError(
                "another build is writing this output now; run again when it has ended",
                target,
                kind=Kind.FILE,
            ) from None
        except OSError as exc:
            raise GuideError(
                f"cannot create the lock of the output: {exc.strerror or exc}",
                locks.lock_file(target),
                kind=Kind.FILE,
            ) from None
        yield


def _copy_problem(exc: OSError | shutil.Error) -> str:
    """One short reason for a failed copy (shutil.Error holds a list of them)."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        reasons = [str(item[2]) for item in exc.args[0] if len(item) == 3]
        full = [r for r in reasons if "No space left" in r or "[Errno 28]" in r]
        first = (full or reasons or ["copy failed"])[0]
        more = f" (and {len(reasons) - 1} more files)" if len(reasons) > 1 else ""
        return first.split("] ", 1)[-1][:200] + more
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "No space left on device"
    return str(getattr(exc, "strerror", None) or exc)[:200]


def stage(target: Path, *, seed: bool = True) -> Path:
    """A new staging folder next to ``target``, holding a copy of it when ``seed``."""
    recover(target)
    check_target(target)
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(target), dir=target.parent))
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp's 0700 would be published as is
        if seed and target.is_dir():
            shutil.copytree(target, staging, symlinks=True, dirs_exist_ok=True)
    except (OSError, shutil.Error) as exc:
        if staging is not None:
            discard(staging)  # a partial copy must not stay on a full disk
        raise GuideError(
            f"cannot prepare the build next to the output: {_copy_problem(exc)}",
            target.parent,
            kind=Kind.FILE,
        ) from None
    return staging


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False
    where the system cannot, and the caller renames twice."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def publish(staging: Path, target: Path) -> None:
    """Put ``staging`` in the place of ``target`` (the old output goes). Where the
    system can, the two folders swap in one step: no moment without ``target``."""
    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old output
        return
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=_old_prefix(target), dir=target.parent))
        old.rmdir()
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def build_staged(target: Path, build: Callable[[Path], int], *, seed: bool = True) -> int:
    """Run ``build(staging)``; publish its output if it returns 0, else keep the
    last good output. Returns ``build``'s status. Holds the output's lock."""
    with output_lock(target):
        staging = stage(target, seed=seed)
        try:
            status = build(staging)
            if status == 0:
                publish(staging, target)
        except BaseException:
            discard(staging)
            raise
        if status != 0:
            discard(staging)
        return status
