"""External checkers, batched: ``bash -n`` (parse only) and shellcheck (static analysis).

Neither executes a documented command: ``bash -n`` reads and parses a file without
running it, in a clean environment (no BASH_ENV, no rc files), and shellcheck
never runs anything.  Snippets are written to one temporary folder; one bash
process parses them all and shellcheck reads many files per process, within the
time budgets of :mod:`cmdlint.checker_runs`.

Results are kept per snippet (:mod:`cmdlint.result_cache`): in memory for a
run, and on disk across runs, keyed by the tool binary and the snippet, so a
re-run over unchanged blocks (pre-commit, CI) starts no checker process at all.
Rules reach the checkers through ``context.checkers`` (:class:`Checkers`); the
syntax rules start both in the background (their prepare hooks) while the other
rules run.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cmdlint import checker_runs as runs
from cmdlint.checker_runs import CHUNK, CLEAN_ENV, run_alone, run_snippets, unchecked
from cmdlint.result_cache import OracleResult, ResultCache, Run

# A bash that crashes (a segfault on 10,000 nested "$(") did not check its block:
# the driver says so in bash's own format, so the block gets an error, not a pass.
DRIVER = (
    'for f in "$@"; do bash --norc --noprofile -n -- "$f" 2>&1; s=$?; '
    '[ "$s" -gt 128 ] && printf "%s: line 1: bash -n crashed on this block (signal %d); '
    'it could not be checked\\n" "$f" "$((s - 128))"; printf "\\036%s\\n" "$f"; done'
)
BASH_LINE = re.compile(r"^.*?: line (\d+): (.*)$")


def bash_path() -> str | None:
    import shutil

    return shutil.which("bash", path=CLEAN_ENV["PATH"]) or shutil.which("bash")


def shellcheck_path() -> str | None:
    import shutil

    candidate = Path(sys.executable).parent / "shellcheck"
    if candidate.exists():
        return str(candidate)
    return shutil.which("shellcheck")


def bash_syntax(snippets: Sequence[str], cache: ResultCache) -> list[OracleResult]:
    """Parse every snippet with ``bash -n`` (results cached per snippet)."""
    bash = bash_path()
    if bash is None or not snippets:
        return []
    return cache.results("bash", tool_key("bash", bash), snippets, _bash_syntax)


def _bash_syntax(snippets: Sequence[str]) -> list[OracleResult]:
    """Parse every snippet with ``bash -n``; one driver process per chunk of files."""
    bash = bash_path()
    if bash is None or not snippets:
        return []
    size = max(1, min(CHUNK, -(-len(snippets) // (os.cpu_count() or 1))))
    command = [bash, "--norc", "--noprofile", "-c", DRIVER, "cmdlint"]
    outputs, index_of = run_snippets(command, snippets, size)
    results: list[OracleResult] = []
    for number, output in enumerate(outputs):
        if output is None:
            chunk = range(number * size, min((number + 1) * size, len(snippets)))
            results += [unchecked(i, "bash -n") for i in chunk]
        else:
            results += _bash_errors(output.decode("utf-8", "replace"), index_of)
    return results


def _bash_errors(output: str, index_of: dict[str, int]) -> list[OracleResult]:
    """The first error bash reported for each file; the driver ends each file's
    messages with a line holding the record separator and the file name."""
    results = []
    pending: list[str] = []
    for row in output.split("\n"):
        if not row.startswith("\x1e"):
            if row.strip():
                pending.append(row)
            continue
        name, messages, pending = row[1:], pending, []
        match = next(filter(None, map(BASH_LINE.match, messages)), None)
        if match and name in index_of:
            results.append(
                OracleResult(index_of[name], int(match[1]), 0, "bash", "error", match[2].strip())
            )
    return results


# shellcheck codes that matter in documentation, with the severity they get here.
SHELLCHECK_CODES: dict[int, str] = {
    1007: "error",  # remove space after = to assign
    2024: "warning",  # sudo doesn't affect redirects
    2026: "error",  # word of the form 'A'B'C'
    2037: "error",  # to assign the output of a command, use var=$(cmd)
    2043: "warning",  # loop runs only once
    2066: "warning",  # double quotes around the loop list: runs once
    2069: "warning",  # redirection order
    2088: "warning",  # tilde does not expand in quotes
    2094: "warning",  # read and write the same file in one pipeline
    2102: "warning",  # ranges can only match single characters
    2125: "warning",  # brace expansion and globs are literal in assignments
    2140: "error",  # word of the form "A"B"C"
    2188: "warning",  # redirection without a command
    2209: "error",  # use var=$(command) to assign output
    2210: "warning",  # this is a file redirection
    2211: "warning",  # a glob used as a command name
    2215: "error",  # this flag is used as a command name
    2216: "warning",  # piping to a command that does not read stdin
    2217: "warning",  # redirecting to a command that does not read stdin
    2261: "warning",  # competing redirections
    2283: "error",  # remove spaces around = to assign
    2286: "error",  # an empty string is used as a command name
    2287: "error",  # a command name ending with '/'
    2288: "error",  # a command name ending with a comma or similar
    2289: "error",  # a command name holding a linefeed or tab
    2006: "info",  # legacy backticks
    2196: "info",  # egrep is deprecated
    2197: "info",  # fgrep is deprecated
}


def _shellcheck_comments(output: bytes) -> list[dict[str, object]]:
    import json

    try:
        data = json.loads(output.decode("utf-8", "replace") or "{}")
    except ValueError:
        return []
    comments = data.get("comments", []) if isinstance(data, dict) else []
    return [c for c in comments if isinstance(c, dict)]


def shellcheck(
    snippets: Sequence[str],
    cache: ResultCache,
    per_snippet: bool = False,
    files: Sequence[str] | None = None,
) -> list[OracleResult]:
    """Run shellcheck on every snippet: many files per process, chunks in parallel.

    ``files`` names the document each snippet comes from: a file whose blocks are
    slow gets its share of the run's time (``checker_runs.FILE_SECONDS``), not all.
    ``per_snippet`` runs one process per snippet (for a comparison, never cached).
    """
    binary = shellcheck_path()
    if binary is None or not snippets:
        return []
    if per_snippet:
        return _shellcheck(snippets, True)
    return cache.results(
        "shellcheck", tool_key("shellcheck", binary), snippets, _with_files(snippets, files)
    )


def _with_files(snippets: Sequence[str], files: Sequence[str] | None) -> Run:
    """:func:`_shellcheck` on the snippets the cache asks for, each with its file."""
    file_of: dict[str, str] = {}
    for snippet, name in zip(snippets, files or (), strict=False):
        file_of.setdefault(snippet, name)

    def run(todo: Sequence[str]) -> list[OracleResult]:
        return _shellcheck(todo, files=[file_of.get(s, "") for s in todo])

    return run


def _shellcheck(
    snippets: Sequence[str],
    per_snippet: bool = False,
    deadline: float | None = None,
    files: Sequence[str] | None = None,
) -> list[OracleResult]:
    """Chunks of blocks first; the blocks of a chunk that did not finish in its time
    then run alone, files taking turns, each file within its share of the run."""
    binary = shellcheck_path()
    if binary is None or not snippets:
        return []
    deadline = deadline if deadline is not None else time.monotonic() + runs.RUN_SECONDS
    command = [binary, "--format=json1", "--shell=bash", "--norc", "--severity=style"]
    size, workers = (1, 1) if per_snippet else (CHUNK, None)
    chunk_seconds = min(runs.CHUNK_SECONDS, runs.FILE_SECONDS)
    outputs, index_of = run_snippets(command, snippets, size, workers, deadline, chunk_seconds)
    results: list[OracleResult] = []
    slow: list[int] = []
    for number, output in enumerate(outputs):
        if output is None:
            slow += range(number * size, min((number + 1) * size, len(snippets)))
        else:
            results += _shellcheck_findings(output, index_of)
    if slow and per_snippet:
        spent = "run" if time.monotonic() >= deadline else ""
        results += [unchecked(i, "shellcheck", spent) for i in slow]
    elif slow:
        results += _shellcheck_alone(command, snippets, slow, files, deadline)
    return results


def _shellcheck_alone(
    command: list[str],
    snippets: Sequence[str],
    indices: list[int],
    files: Sequence[str] | None,
    deadline: float,
) -> list[OracleResult]:
    """shellcheck on each of ``snippets[indices]`` alone, files taking turns, each
    within its share of the run (:func:`cmdlint.checker_runs.run_alone`)."""
    file_of = [files[i] if files else "" for i in indices]
    picked = [snippets[i] for i in indices]
    outputs, index_of = run_alone(command, picked, file_of, deadline)
    index_of = {name: indices[k] for name, k in index_of.items()}
    results: list[OracleResult] = []
    for k, output in enumerate(outputs):
        if isinstance(output, str):
            results.append(unchecked(indices[k], "shellcheck", output))
        else:
            results += _shellcheck_findings(output, index_of)
    return results


def _shellcheck_findings(output: bytes, index_of: dict[str, int]) -> list[OracleResult]:
    """The findings of one shellcheck process that matter here (SHELLCHECK_CODES)."""
    results = []
    for comment in _shellcheck_comments(output):
        code = int(str(comment.get("code", 0)))
        level = SHELLCHECK_CODES.get(code)
        name = str(comment.get("file", ""))
        if level is None or name not in index_of:
            continue
        results.append(
            OracleResult(
                index_of[name],
                int(str(comment.get("line", 1))),
                int(str(comment.get("column", 1))),
                f"SC{code}",
                level,
                str(comment.get("message", "")),
            )
        )
    return results


@dataclass(frozen=True)
class Checkers:
    """The checkers as a service that a lint run carries in its Context
    (``context.checkers``): rules ask it, never the environment. One lint run (a
    CLI run, a Sphinx build) makes one, so its blocks share one result cache;
    ``Checkers(ResultCache(None))`` (``cmdlint --no-cache``) keeps nothing on disk."""

    cache: ResultCache = field(default_factory=ResultCache.from_environment)

    def bash_path(self) -> str | None:
        return bash_path()

    def bash_syntax(self, snippets: Sequence[str]) -> list[OracleResult]:
        return bash_syntax(snippets, self.cache)

    def shellcheck(
        self, snippets: Sequence[str], files: Sequence[str] | None = None
    ) -> list[OracleResult]:
        """shellcheck's findings; ``files`` (the file of each snippet) shares the time."""
        return shellcheck(snippets, self.cache, files=files)

    def prefetch_bash(self, snippets: Sequence[str]) -> None:
        """Start ``bash -n`` on ``snippets`` in the background; bash_syntax waits for it."""
        bash = bash_path()
        if bash is not None and snippets:
            self.cache.prefetch("bash", tool_key("bash", bash), snippets, _bash_syntax)

    def prefetch_shellcheck(
        self, snippets: Sequence[str], files: Sequence[str] | None = None
    ) -> None:
        """Start shellcheck on ``snippets`` in the background; shellcheck waits for it."""
        binary = shellcheck_path()
        if binary is not None and snippets:
            key = tool_key("shellcheck", binary)
            self.cache.prefetch("shellcheck", key, snippets, _with_files(snippets, files))


def tool_key(tool: str, binary: str) -> str:
    """What made the results: the binary (path, size, time) and this module's code
    (the driver scripts and how their output is read), so a change to either
    never serves results of the old one."""
    import hashlib

    here = Path(__file__).parent
    code = hashlib.sha256(
        b"".join((here / name).read_bytes() for name in ("oracle.py", "checker_runs.py"))
    ).hexdigest()[:16]
    try:
        stat = os.stat(binary)
    except OSError:
        return f"{tool}:{binary}:{code}"
    return f"{tool}:{binary}:{stat.st_size}:{stat.st_mtime_ns}:{code}"


def tool_versions() -> dict[str, str]:
    """Versions of the external tools, for reports."""
    import subprocess

    versions = {}
    for name, finder, flag in (
        ("bash", bash_path, "--version"),
        ("shellcheck", shellcheck_path, "--version"),
    ):
        binary = finder()
        if binary:
            out = subprocess.run(
                [binary, flag], capture_output=True, text=True, check=False, env=CLEAN_ENV
            ).stdout
            match = re.search(r"version:?\s*([\w.()-]+)", out)
            versions[name] = match[1] if match else "unknown"
    return versions
