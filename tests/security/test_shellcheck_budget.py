"""shellcheck cannot take a run's time: a budget per block and per run."""

from __future__ import annotations

import os
import time

import pytest

from cmdlint import checker_runs, oracle
from cmdlint.oracle import shellcheck_path
from cmdlint.result_cache import ResultCache

# Each waits for shellcheck time-outs (seconds of wall time, budgets scaled down to
# 1-1.5 s): not in the fast loop.
pytestmark = pytest.mark.slow


@pytest.mark.skipif(shellcheck_path() is None, reason="needs shellcheck")
def test_slow_blocks_share_one_time_budget_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(checker_runs, "SNIPPET_SECONDS", 1)
    monkeypatch.setattr(checker_runs, "CHUNK_SECONDS", 1)
    monkeypatch.setattr(checker_runs, "RUN_SECONDS", 1.5)
    # Eight distinct blocks that keep shellcheck busy for minutes each.
    slow = [f"echo {n} " + "$(" * 10000 + "x" + ")" * 10000 for n in range(8)]
    start = time.perf_counter()
    results = oracle.shellcheck(["echo `date`", *slow], ResultCache(None))
    elapsed = time.perf_counter() - start
    assert elapsed < 1.5 + 1 + 4, elapsed  # the run's budget, one block's, and slack
    unfinished = sorted(r.index for r in results if r.message.endswith("could not be checked"))
    assert unfinished == list(range(1, 9))
    assert all(r.level == "error" for r in results if r.index in unfinished)
    assert any("used up its time for this run (1.5 s" in r.message for r in results)


def test_files_take_turns() -> None:
    assert checker_runs.taking_turns(["a", "a", "a", "b", "c", "b"]) == [0, 3, 4, 1, 5, 2]
    assert checker_runs.taking_turns([]) == []


@pytest.mark.skipif(shellcheck_path() is None, reason="needs shellcheck")
def test_a_slow_file_gets_its_share_and_the_other_files_are_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(checker_runs, "SNIPPET_SECONDS", 1)
    monkeypatch.setattr(checker_runs, "CHUNK_SECONDS", 1)
    monkeypatch.setattr(checker_runs, "FILE_SECONDS", 1.5)
    monkeypatch.setattr(checker_runs, "RUN_SECONDS", 30)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # one block at a time: turns decide
    # One huge file first: blocks that keep shellcheck busy for minutes each.
    slow = [f"echo {n} " + "$(" * 10000 + "x" + ")" * 10000 for n in range(8)]
    others = [f"echo `date` {n}" for n in range(4)]  # SC2006 in each
    files = ["huge.md"] * len(slow) + [f"doc{n}.md" for n in range(len(others))]
    start = time.perf_counter()
    results = oracle.shellcheck([*slow, *others], ResultCache(None), files=files)
    elapsed = time.perf_counter() - start
    assert elapsed < 30, elapsed  # the run's budget was not needed
    unfinished = {r.index: r for r in results if r.message.endswith("could not be checked")}
    assert sorted(unfinished) == list(range(8))
    assert all(r.level == "error" for r in unfinished.values())
    assert any("this file's share of the run (1.5 s of 30 s)" in r.message for r in results)
    checked = sorted(r.index for r in results if r.code == "SC2006")
    assert checked == list(range(8, 12))  # every other file's block, checked


@pytest.mark.skipif(shellcheck_path() is None, reason="needs shellcheck")
def test_without_files_one_slow_run_still_leaves_them_unchecked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same blocks named as one file: the file's share runs out before the
    fast blocks get their turn, so they are errors, never passes."""
    monkeypatch.setattr(checker_runs, "SNIPPET_SECONDS", 1)
    monkeypatch.setattr(checker_runs, "CHUNK_SECONDS", 1)
    monkeypatch.setattr(checker_runs, "FILE_SECONDS", 1.5)
    monkeypatch.setattr(checker_runs, "RUN_SECONDS", 30)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)  # one block at a time: turns decide
    slow = [f"echo {n} " + "$(" * 10000 + "x" + ")" * 10000 for n in range(8)]
    others = [f"echo `date` {n}" for n in range(4)]
    results = oracle.shellcheck([*slow, *others], ResultCache(None), files=["one.md"] * 12)
    unfinished = sorted(r.index for r in results if r.message.endswith("could not be checked"))
    assert unfinished == list(range(12))
