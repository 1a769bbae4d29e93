"""Running an external checker over snippets, within time budgets.

The snippets are written to a temporary folder and the checker reads their files,
many per process, in a clean environment (nothing read from stdin). Time is
bounded per block, per chunk of blocks, per file (a file's share of the run) and
per run; a block the checker did not finish is an error that says which time ran
out (:func:`unchecked`), never a pass. :mod:`cmdlint.oracle` runs bash and
shellcheck through it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence

from cmdlint.result_cache import UNFINISHED, OracleResult

CLEAN_ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": "/nonexistent"}
CHUNK = 400
#: How long a checker may take on one block, and on a chunk of blocks.
SNIPPET_SECONDS = 20
CHUNK_SECONDS = 120
#: How long shellcheck may take in one run, over all blocks: 8 slow blocks of a
#: 2 KB file took 280 s (a chunk's time-out, then each block alone).
RUN_SECONDS = 90
#: How long shellcheck may take on the blocks of one file (a chunk, or its blocks
#: alone), so that one huge or hostile file cannot leave every other one unchecked.
FILE_SECONDS = 30


def clean_snippet(snippet: str) -> str:
    return snippet.replace("\x00", " ")


def write_snippets(folder: str, snippets: Sequence[str]) -> list[str]:
    names = []
    for index, snippet in enumerate(snippets):
        name = os.path.join(folder, f"{index}.sh")
        with open(name, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(clean_snippet(snippet))
        names.append(name)
    return names


def run_snippets(
    command: list[str],
    snippets: Sequence[str],
    size: int,
    workers: int | None = None,
    deadline: float | None = None,
    chunk_seconds: float | None = None,
) -> tuple[list[bytes | None], dict[str, int]]:
    """Write the snippets to a temporary folder and run ``command`` over their files in
    chunks; the outputs (None: timed out), and which snippet each file name stands for."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="cmdlint-") as folder:
        names = write_snippets(folder, snippets)
        outputs = run_chunks(command, names, size, workers, deadline, chunk_seconds)
    return outputs, {name: index for index, name in enumerate(names)}


def run_chunks(
    command: list[str],
    names: list[str],
    size: int,
    workers: int | None = None,
    deadline: float | None = None,
    chunk_seconds: float | None = None,
) -> list[bytes | None]:
    """The standard output of ``command + chunk`` for each chunk of ``size`` file names,
    the chunks run in parallel (a clean environment; nothing is read from stdin); none
    runs past ``deadline`` (``time.monotonic()``), nor a chunk past ``chunk_seconds``."""
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    chunks = [names[start : start + size] for start in range(0, len(names), size)]

    def run(chunk: list[str]) -> bytes | None:
        seconds: float = SNIPPET_SECONDS if len(chunk) == 1 else chunk_seconds or CHUNK_SECONDS
        if deadline is not None:
            seconds = min(seconds, deadline - time.monotonic())
            if seconds <= 0:
                return None
        try:
            proc = subprocess.run(
                [*command, *chunk],
                capture_output=True,
                stdin=subprocess.DEVNULL,
                env=CLEAN_ENV,
                timeout=seconds,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None  # the caller says which blocks were not checked
        return proc.stdout

    count = workers or max(1, min(len(chunks), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, chunks))


def run_alone(
    command: list[str], snippets: Sequence[str], files: Sequence[str], deadline: float
) -> tuple[list[bytes | str], dict[str, int]]:
    """``command`` on each snippet alone, in parallel: its output, or why it did not
    finish (``run``, ``file`` or ``""``: the block's own time, see :func:`unchecked`),
    and which snippet each file name stands for. Files take turns
    (:func:`taking_turns`) and the blocks of one file stop when its share
    (:data:`FILE_SECONDS` from its first block) is spent: one slow file cannot keep
    the others' blocks from being checked."""
    import subprocess
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    ends: dict[str, float] = {}
    lock = threading.Lock()

    def run(name: str, file: str) -> bytes | str:
        with lock:
            end = ends.setdefault(file, time.monotonic() + FILE_SECONDS)
        seconds = min(SNIPPET_SECONDS, min(end, deadline) - time.monotonic())
        if seconds > 0:
            try:
                return subprocess.run(
                    [*command, name],
                    capture_output=True,
                    stdin=subprocess.DEVNULL,
                    env=CLEAN_ENV,
                    timeout=seconds,
                    check=False,
                ).stdout
            except subprocess.TimeoutExpired:
                pass
        now = time.monotonic()
        return "run" if now >= deadline else "file" if now >= end else ""

    with tempfile.TemporaryDirectory(prefix="cmdlint-") as folder:
        names = write_snippets(folder, snippets)
        order = taking_turns(files)
        workers = max(1, min(len(order), os.cpu_count() or 1))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            done = pool.map(run, [names[k] for k in order], [files[k] for k in order])
            outputs = dict(zip(order, done, strict=True))
    return [outputs[k] for k in range(len(names))], {name: k for k, name in enumerate(names)}


def taking_turns(files: Sequence[str]) -> list[int]:
    """The positions of ``files`` in the order in which files take turns: the first
    block of every file, then the second of every file, and so on (pure)."""
    seen: dict[str, int] = {}
    turns = []
    for position, name in enumerate(files):
        turns.append((seen.get(name, 0), position))
        seen[name] = seen.get(name, 0) + 1
    return [position for _turn, position in sorted(turns)]


def unchecked(index: int, tool: str, budget: str = "") -> OracleResult:
    """A block the tool did not finish: an error, never a pass. ``budget`` says
    which time ran out: ``run`` (all blocks'), ``file`` (this file's share), none
    (this block's)."""
    if budget == "run":
        why = (
            f"{tool} used up its time for this run ({RUN_SECONDS} s over all blocks) before "
            "it finished this block (other blocks were slow)"
        )
    elif budget == "file":
        why = (
            f"{tool} used up this file's share of the run ({FILE_SECONDS} s of "
            f"{RUN_SECONDS} s) before it finished this block (other blocks of this file "
            "were slow; the other files were still checked)"
        )
    else:
        why = f"{tool} did not finish on this block within {SNIPPET_SECONDS} s (nested too deeply?)"
    return OracleResult(index, 1, 0, tool.split()[0], "error", f"{why}; {UNFINISHED}")
