"""cmdlint on hostile input and configuration (issue 13): one clear message, and
a block that could not be checked is never counted as clean."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cmdlint import checker_runs, oracle
from cmdlint.cli import main
from cmdlint.config import ConfigError, load_config
from cmdlint.engine import lint_text
from cmdlint.oracle import bash_path, bash_syntax, shellcheck_path
from cmdlint.result_cache import ResultCache


@pytest.mark.slow
@pytest.mark.skipif(bash_path() is None, reason="needs bash")
def test_a_bash_crash_is_an_error_not_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    deep = "echo " + "$(" * 10000
    results = bash_syntax(["echo ok", deep, "echo fine"], ResultCache(None))
    assert [(r.index, r.level) for r in results] == [(1, "error")]
    assert "crashed" in results[0].message
    findings = lint_text(f"# T\n\n```console\n# {deep}\n```\n", "doc.md")
    assert any(f.line == 4 and "crashed" in f.message for f in findings), findings


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('select = "drift"', "select must be a list of rule ids"),
        ('shellcheck = "no"', "shellcheck must be true or false, not 'no'"),
        ('max-file-size = "5"', "max-file-size must be a number of bytes"),
        ("severity = 3", "severity must be a table"),
        ("from = 4.3", 'from must be a version (text), e.g. "4.3", not 4.3'),
    ],
)
def test_config_values_of_the_wrong_type(tmp_path: Path, body: str, message: str) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[tool.cmdlint]\n{body}\n", "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(pyproject, {"drift", "syntax"})
    assert message in str(info.value)
    assert str(info.value).startswith(str(pyproject))


def test_paths_that_are_not_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    status = main(
        ["/dev/null", str(fifo), "-", str(tmp_path / "dangling.md"), str(tmp_path / "missing.md")]
    )
    err = capsys.readouterr().err.splitlines()
    assert status == 2
    assert err == [
        "cmdlint: /dev/null: not a regular file (a device or a pipe)",
        f"cmdlint: {fifo}: not a regular file (a device or a pipe)",
        "cmdlint: -: standard input is not read; give files or folders",
        f"cmdlint: {tmp_path / 'dangling.md'}: a link to a file that does not exist",
        f"cmdlint: {tmp_path / 'missing.md'}: no such file or directory",
    ]


@pytest.mark.slow  # waits for shellcheck's time-outs
@pytest.mark.skipif(shellcheck_path() is None, reason="needs shellcheck")
def test_a_block_shellcheck_does_not_finish_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13, item 9: 10,000 nested $( keep shellcheck busy for minutes."""
    monkeypatch.setattr(checker_runs, "SNIPPET_SECONDS", 1)
    monkeypatch.setattr(checker_runs, "CHUNK_SECONDS", 1)
    deep = "echo " + "$(" * 10000 + "x" + ")" * 10000
    results = oracle.shellcheck(["echo `date`", deep], ResultCache(None))
    unfinished = [r for r in results if "did not finish" in r.message]
    assert [(r.index, r.level) for r in unfinished] == [(1, "error")]
    # The other block of the chunk was checked on its own (SC2006: legacy backticks).
    assert any(r.index == 0 and r.code == "SC2006" for r in results), results
