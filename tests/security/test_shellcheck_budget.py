"""shellcheck cannot take a run's time: a budget per block and per run."""

from __future__ import annotations

import time

import pytest

from cmdlint import oracle
from cmdlint.oracle import shellcheck_path
from cmdlint.result_cache import ResultCache


@pytest.mark.skipif(shellcheck_path() is None, reason="needs shellcheck")
def test_slow_blocks_share_one_time_budget_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(oracle, "SNIPPET_SECONDS", 2)
    monkeypatch.setattr(oracle, "CHUNK_SECONDS", 2)
    monkeypatch.setattr(oracle, "RUN_SECONDS", 3)
    # Eight distinct blocks that keep shellcheck busy for minutes each.
    slow = [f"echo {n} " + "$(" * 10000 + "x" + ")" * 10000 for n in range(8)]
    start = time.perf_counter()
    results = oracle.shellcheck(["echo `date`", *slow], ResultCache(None))
    elapsed = time.perf_counter() - start
    assert elapsed < 3 + 2 + 4, elapsed  # the run's budget, one block's, and slack
    unfinished = sorted(r.index for r in results if r.message.endswith("could not be checked"))
    assert unfinished == list(range(1, 9))
    assert all(r.level == "error" for r in results if r.index in unfinished)
    assert any("used up its time for this run (3 s" in r.message for r in results)
