"""bash -n and shellcheck results are reused per snippet: a re-run starts no process."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cmdlint import oracle

SNIPPETS = ['names = "engine apache"\n', "ls -l /etc\n", "if true; then\n"]


def fresh(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv("CMDLINT_CACHE_DIR", str(folder))
    monkeypatch.setattr(oracle, "_MEMO", {})
    monkeypatch.setattr(oracle, "_DISK", {})


@pytest.mark.skipif(not oracle.shellcheck_path() or not oracle.bash_path(), reason="tools")
def test_results_come_back_from_the_disk_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fresh(monkeypatch, tmp_path)
    first = (oracle.shellcheck(SNIPPETS), oracle.bash_syntax(SNIPPETS))
    assert any(r.code == "SC2037" or r.index == 0 for r in first[0])
    assert [r.index for r in first[1]] == [2]  # the unclosed 'if'
    assert {p.name for p in tmp_path.iterdir()} == {"shellcheck-results.json", "bash-results.json"}

    fresh(monkeypatch, tmp_path)  # a new process: only the disk is left

    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("a checker process was started")

    monkeypatch.setattr(subprocess, "run", no_process)
    assert (oracle.shellcheck(SNIPPETS), oracle.bash_syntax(SNIPPETS)) == first
    # the same snippet twice, in another order: the indices follow the new list
    again = oracle.bash_syntax([SNIPPETS[2], SNIPPETS[0], SNIPPETS[2]])
    assert [r.index for r in again] == [0, 2]


def test_no_cache_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fresh(monkeypatch, tmp_path)
    monkeypatch.setenv("CMDLINT_NO_CACHE", "1")
    oracle.bash_syntax(SNIPPETS)
    assert list(tmp_path.iterdir()) == []
