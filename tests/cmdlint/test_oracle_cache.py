"""bash -n and shellcheck results are reused per snippet: a re-run starts no process."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cmdlint import oracle
from cmdlint.result_cache import ResultCache

SNIPPETS = ['names = "engine apache"\n', "ls -l /etc\n", "if true; then\n"]


@pytest.mark.skipif(not oracle.shellcheck_path() or not oracle.bash_path(), reason="tools")
def test_results_come_back_from_the_disk_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    checkers = oracle.Checkers(ResultCache(tmp_path))
    first = (checkers.shellcheck(SNIPPETS), checkers.bash_syntax(SNIPPETS))
    assert any(r.code == "SC2037" or r.index == 0 for r in first[0])
    assert [r.index for r in first[1]] == [2]  # the unclosed 'if'
    assert {p.name for p in tmp_path.iterdir()} == {"shellcheck-results.json", "bash-results.json"}

    again = oracle.Checkers(ResultCache(tmp_path))  # a new run: only the disk is left

    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("a checker process was started")

    monkeypatch.setattr(subprocess, "run", no_process)
    assert (again.shellcheck(SNIPPETS), again.bash_syntax(SNIPPETS)) == first
    # the same snippet twice, in another order: the indices follow the new list
    reordered = again.bash_syntax([SNIPPETS[2], SNIPPETS[0], SNIPPETS[2]])
    assert [r.index for r in reordered] == [0, 2]


@pytest.mark.skipif(not oracle.bash_path(), reason="bash")
def test_a_prefetch_is_waited_for_and_reused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    checkers = oracle.Checkers(ResultCache(None))
    checkers.prefetch_bash(SNIPPETS)
    first = checkers.bash_syntax(SNIPPETS)  # waits for the background run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("ran again"))
    assert checkers.bash_syntax(SNIPPETS) == first == [r for r in first if r.index == 2]


def test_no_cache_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CMDLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CMDLINT_NO_CACHE", "1")
    checkers = oracle.Checkers()
    assert checkers.cache.folder is None
    checkers.bash_syntax(SNIPPETS)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.delenv("CMDLINT_NO_CACHE")
    assert oracle.Checkers().cache.folder == tmp_path
