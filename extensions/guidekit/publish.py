"""Publish a build only when it succeeded.

A build writes into a staging folder next to its target (``_build/html/.en.staging-*``
beside ``_build/html/en``), seeded with a copy of the last good output so that
Sphinx still builds incrementally (its environment lives in ``.doctrees``
inside). Only when the build succeeds does the staging folder take the target's
place; a failed, interrupted or killed build leaves the last good output as it
was, complete, search index included. What a killed run leaves behind is
cleaned up (or, between the two renames of :func:`publish`, put back) by the
next run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

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


def check_target(target: Path) -> None:
    """A GuideError naming the target when a build could not be published there."""
    if target.exists() and not target.is_dir():
        raise GuideError("the output folder is a file; move it away or choose another "
                         "guidekit_build", target, kind=Kind.FILE)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GuideError(f"cannot create the output folder: {exc.strerror or exc}", parent,
                         kind=Kind.FILE) from None
    if not os.access(parent, os.W_OK | os.X_OK):
        raise GuideError("cannot write the output folder (permission denied)", parent,
                         kind=Kind.FILE)


def stage(target: Path, *, seed: bool = True) -> Path:
    """A new staging folder next to ``target``, holding a copy of it when ``seed``."""
    recover(target)
    check_target(target)
    try:
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(target), dir=target.parent))
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp's 0700 would be published as is
        if seed and target.is_dir():
            shutil.copytree(target, staging, symlinks=True, dirs_exist_ok=True)
    except OSError as exc:
        raise GuideError(f"cannot prepare the build next to the output: "
                         f"{exc.strerror or exc}", target.parent, kind=Kind.FILE) from None
    return staging


def publish(staging: Path, target: Path) -> None:
    """Put ``staging`` in the place of ``target`` (the old output goes)."""
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
    last good output. Returns ``build``'s status."""
    staging = stage(target, seed=seed)
    try:
        status = build(staging)
    except BaseException:
        discard(staging)
        raise
    if status == 0:
        publish(staging, target)
    else:
        discard(staging)
    return status
