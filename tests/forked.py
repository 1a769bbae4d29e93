"""``python -m sphinx`` and ``python -m guidekit`` in fresh processes that do not
import Sphinx again.

A test build runs in a process of its own, so that Sphinx's translators and
registries, which are process-wide, leak nothing between builds. Started as
``python -m sphinx``, each of a run's builds spent about half a second importing
Sphinx, the theme, MyST and guidekit before reading a page. Here the process is
forked from a server that imported them once (multiprocessing's ``forkserver``,
which itself runs no build and no thread): the child starts with the modules
imported and nothing else done, as a new interpreter would after its imports,
and runs the module as ``python -m`` does (``runpy``).

The child gets the command's arguments, working folder and environment, and
its output goes to files that are read back, so that the caller sees what
``subprocess.run(..., capture_output=True, text=True)`` would give. Tests of how
a command behaves as a process (signals, a full standard output, its exit as a
shell sees it) start it with ``subprocess`` instead. GUIDEKIT_TEST_FORK=0, or a
platform without fork, runs every command with ``subprocess``.
"""

from __future__ import annotations

import io
import locale
import multiprocessing
import os
import runpy
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

#: What the server imports once: Sphinx and what the project's conf.py loads.
PRELOAD = (
    "sphinx.cmd.build",
    "sphinx.application",
    "sphinx.builders.html",
    "sphinx.builders.latex",
    "furo",
    "myst_parser.sphinx_ext.main",
    "myst_parser.parsers.sphinx_",
    "sphinx_tabs.tabs",
    "sphinx_copybutton",
    "guidekit.extension",
    "guidekit.cli",
    "tests.forked",
)


def available() -> bool:
    if os.environ.get("GUIDEKIT_TEST_FORK") == "0":
        return False
    return "forkserver" in multiprocessing.get_all_start_methods()


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


def run_module(
    command: list[str],
    *,
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """``command``, ``[sys.executable, "-m", module, *arguments]``, as
    ``subprocess.run(command, capture_output=True, text=True, stdin=DEVNULL)``
    would run it (forked, when it can be)."""
    folder = str(cwd if cwd is not None else os.getcwd())
    environment = dict(os.environ if env is None else env)
    if not available() or command[:2] != [sys.executable, "-m"]:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
            cwd=folder,
            env=environment,
            timeout=timeout,
        )
    with tempfile.TemporaryDirectory(prefix="forked-run-") as temporary:
        out, err = Path(temporary) / "stdout", Path(temporary) / "stderr"
        child = _context().Process(
            target=_run, args=(command[2], command[3:], folder, environment, str(out), str(err))
        )
        child.start()
        child.join(timeout)
        if child.exitcode is None:
            child.kill()
            child.join()
            raise subprocess.TimeoutExpired(command, timeout or 0, _read(out), _read(err))
        return subprocess.CompletedProcess(command, child.exitcode, _read(out), _read(err))


def _read(path: Path) -> str:
    """The output as ``text=True`` reads it: the locale's encoding, universal newlines."""
    if not path.exists():
        return ""
    with open(path, encoding=locale.getpreferredencoding(False), newline=None) as file:
        return file.read()


def _run(
    module: str, arguments: list[str], cwd: str, env: dict[str, str], out: str, err: str
) -> None:
    """The child: the command's folder, environment and output files, then the
    module as ``python -m`` runs it."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    # Text streams on the new descriptors, as a new interpreter would make them.
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)))
    sys.stderr = io.TextIOWrapper(
        io.BufferedWriter(io.FileIO(2, "w", closefd=False)),
        errors="backslashreplace",
        line_buffering=True,
    )
    sys.argv = [module, *arguments]  # runpy puts the module's file first, as -m does
    runpy.run_module(module, run_name="__main__", alter_sys=True)
