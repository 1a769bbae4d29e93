"""What the checkers found, kept per snippet: in memory for a lint run, on disk across runs.

A lint run (a CLI run, a Sphinx build) holds one :class:`ResultCache` in its
``Checkers``; the results are keyed by what made them (the tool binary and the
code that reads its output, see ``cmdlint.oracle.tool_key``) and the snippet's
text, so a re-run over unchanged blocks (pre-commit, CI) starts no checker
process at all. The folder is ``$CMDLINT_CACHE_DIR``, else
``$XDG_CACHE_HOME/cmdlint``; ``CMDLINT_NO_CACHE=1`` or ``cmdlint --no-cache``
keeps nothing on disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

#: The end of the message of a block a checker did not finish (checked again next run).
UNFINISHED = "it could not be checked"
#: Entries per tool file; beyond it, the oldest half is dropped.
MAX_ENTRIES = 50_000

Rows = dict[str, list[list[object]]]


@dataclass
class OracleResult:
    """One finding of a checker on one snippet."""

    index: int  # which snippet
    line: int  # 1-based line inside the snippet
    column: int  # 1-based column inside the snippet (0 when unknown)
    code: str
    level: str
    message: str


Run = Callable[[Sequence[str]], list[OracleResult]]


def default_folder() -> Path | None:
    """The cache folder the environment names (None: ``CMDLINT_NO_CACHE`` is set)."""
    if os.environ.get("CMDLINT_NO_CACHE"):
        return None
    base = os.environ.get("CMDLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "cmdlint"
    )
    return Path(base)


@dataclass
class ResultCache:
    """Results by (tool build, snippet); ``folder`` None keeps them in memory only."""

    folder: Path | None
    _memo: dict[str, list[OracleResult]] = field(default_factory=dict, repr=False)
    _disk: dict[str, Rows] = field(default_factory=dict, repr=False)
    _running: dict[str, threading.Thread] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def from_environment(cls) -> ResultCache:
        return cls(default_folder())

    def results(
        self, tool: str, build: str, snippets: Sequence[str], run: Run
    ) -> list[OracleResult]:
        """``run`` on the snippets whose results are not known yet (after a
        prefetch of the same tool ends); all results, indexed by ``snippets``."""
        self.wait(tool)
        return self._results(tool, build, snippets, run)

    def prefetch(self, tool: str, build: str, snippets: Sequence[str], run: Run) -> None:
        """Start ``run`` in the background; the next :meth:`results` of ``tool`` waits."""
        self.wait(tool)
        thread = threading.Thread(
            target=self._results, args=(tool, build, list(snippets), run), daemon=True
        )
        self._running[tool] = thread
        thread.start()

    def wait(self, tool: str) -> None:
        thread = self._running.pop(tool, None)
        if thread is not None:
            thread.join()

    def _results(
        self, tool: str, build: str, snippets: Sequence[str], run: Run
    ) -> list[OracleResult]:
        keys = [
            hashlib.sha256(f"{build}\0{s}".encode("utf-8", "replace")).hexdigest() for s in snippets
        ]
        disk = self._rows(tool)
        with self._lock:
            for key in keys:
                if key not in self._memo and disk is not None and key in disk:
                    self._memo[key] = [OracleResult(0, *row) for row in disk[key]]  # type: ignore[arg-type]
            first = {key: i for i, key in reversed(list(enumerate(keys)))}  # one run per text
            todo = sorted(i for key, i in first.items() if key not in self._memo)
        if todo:
            self._add(tool, keys, todo, run([snippets[i] for i in todo]), disk)
        with self._lock:
            return [replace(r, index=i) for i, key in enumerate(keys) for r in self._memo[key]]

    def _add(
        self,
        tool: str,
        keys: list[str],
        todo: list[int],
        fresh: list[OracleResult],
        disk: Rows | None,
    ) -> None:
        found: dict[str, list[OracleResult]] = {keys[i]: [] for i in todo}
        for result in fresh:
            found[keys[todo[result.index]]].append(replace(result, index=0))
        with self._lock:
            self._memo.update(found)
            if disk is None:
                return
            # A block the tool did not finish (a time-out) is checked again next time.
            disk.update(
                {
                    k: [[r.line, r.column, r.code, r.level, r.message] for r in v]
                    for k, v in found.items()
                    if not any(r.message.endswith(UNFINISHED) for r in v)
                }
            )
            self._save(tool, disk)

    def _file(self, tool: str) -> Path | None:
        return self.folder / f"{tool}-results.json" if self.folder is not None else None

    def _rows(self, tool: str) -> Rows | None:
        """The tool's results on disk, read once per run (None: no disk cache)."""
        path = self._file(tool)
        if path is None:
            return None
        with self._lock:
            if tool not in self._disk:
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    data = {}
                self._disk[tool] = data if isinstance(data, dict) else {}
            return self._disk[tool]

    def _save(self, tool: str, rows: Rows) -> None:
        """Write the tool's file atomically; a cache that cannot be written is no error."""
        path = self._file(tool)
        if path is None:
            return
        if len(rows) > MAX_ENTRIES:  # keep the file small: drop the oldest half
            for key in list(rows)[: len(rows) // 2]:
                del rows[key]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{tool}-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(rows, out)
            os.replace(temporary, path)
        except OSError:
            pass
