"""cmdlint reads no file outside the repository through an AsciiDoc include."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from cmdlint.cli import main
from cmdlint.engine import lint_texts
from cmdlint.model import Finding, Severity
from cmdlint.registry import Context

SECRET = "root:SECRET-TOKEN-1234:0:0"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository (with .git) beside a secret file outside it."""
    (tmp_path / "secret.txt").write_text(f"# echo {SECRET}\n", "utf-8")
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "docs").mkdir()
    return root


def _lint(doc: Path, **extra: object) -> list[Finding]:
    text = doc.read_text("utf-8")
    return lint_texts({str(doc): text}, Context(use_shellcheck=False, extra=dict(extra)))


def _refusals(findings: list[Finding]) -> list[tuple[int, str]]:
    return [
        (f.line, f.message)
        for f in findings
        if f.rule == "asciidoc-include" and f.severity is Severity.ERROR
    ]


@pytest.mark.parametrize(
    "target",
    [
        "../../secret.txt",
        "{secret}",
        "/etc/passwd",
        "link.txt",
        "/dev/zero",
        "fifo.txt",
    ],
)
def test_an_include_outside_the_repository_or_not_a_file_is_refused(
    repo: Path, target: str
) -> None:
    os.symlink(repo.parent / "secret.txt", repo / "docs" / "link.txt")
    os.mkfifo(repo / "docs" / "fifo.txt")
    doc = repo / "docs" / "book.adoc"
    doc.write_text(
        f":secret: {repo.parent / 'secret.txt'}\n\n----\n"
        f"include::{target}[]\n----\n\ninclude::{target}[]\n",
        "utf-8",
    )
    start = time.perf_counter()
    findings = _lint(doc)
    assert time.perf_counter() - start < 10
    assert [line for line, _ in _refusals(findings)] == [4, 7]
    assert all("include not read" in m for _, m in _refusals(findings))
    assert not any(SECRET in f.message or "root:x" in f.message for f in findings)


def test_an_include_inside_the_repository_is_read(repo: Path) -> None:
    (repo / "docs" / "cmd.sh").write_text("systemctl restart ovirt-engine &&\n", "utf-8")
    doc = repo / "docs" / "book.adoc"
    doc.write_text("----\ninclude::cmd.sh[]\n----\n", "utf-8")
    findings = _lint(doc)
    assert not _refusals(findings)
    assert any(f.path.endswith("cmd.sh") for f in findings)  # its content was linted


def test_an_include_too_large_is_refused(repo: Path) -> None:
    (repo / "docs" / "big.sh").write_text("# ls\n" * 1000, "utf-8")
    doc = repo / "docs" / "book.adoc"
    doc.write_text("----\ninclude::big.sh[]\n----\n", "utf-8")
    [(line, message)] = _refusals(_lint(doc, max_file_size=100))
    assert line == 2 and "too large" in message


def test_the_configured_allow_list_admits_a_folder(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = repo.parent / "shared"
    shared.mkdir()
    (shared / "cmd.sh").write_text("# echo shared\n", "utf-8")
    doc = repo / "docs" / "book.adoc"
    doc.write_text(
        "----\ninclude::../../shared/cmd.sh[]\n----\n----\ninclude::../../secret.txt[]\n----\n",
        "utf-8",
    )
    (repo / "pyproject.toml").write_text(
        '[tool.cmdlint]\nshellcheck = false\ninclude-paths = ["../shared"]\n', "utf-8"
    )
    code = main([str(doc), "--config", str(repo / "pyproject.toml"), "--format", "sarif"])
    out = capsys.readouterr().out
    results = json.loads(out)["runs"][0]["results"]
    refused = [r for r in results if r["ruleId"] == "asciidoc-include"]
    assert code == 1 and len(refused) == 1
    assert refused[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert SECRET not in out


def test_includes_count_against_the_code_lines_limit(repo: Path) -> None:
    (repo / "docs" / "part.sh").write_text("# ls /\n" * 15_000, "utf-8")
    doc = repo / "docs" / "book.adoc"
    doc.write_text("".join("----\ninclude::part.sh[]\n----\n\n" for _ in range(10)), "utf-8")
    start = time.perf_counter()
    findings = _lint(doc)
    assert time.perf_counter() - start < 30
    limits = [f for f in findings if "lines of code blocks" in f.message]
    assert [(f.path, f.line) for f in limits] == [(str(doc), 5)]  # the second block
    assert "more than 20,000" in limits[0].message
