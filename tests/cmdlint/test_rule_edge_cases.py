"""Edge cases that refactoring comparisons turned up: sed scripts as GNU sed reads
them (what it rejects is one ``sed-expression`` finding, never a crash of the
linter), and advice that is the same on every run."""

from __future__ import annotations

import pytest

from cmdlint import Context, lint_text
from cmdlint.rules.patterns import PatternError, check_sed

VALID = ["1,+3p", "1,~4p", "0,/x/p", "/a/I,+2d", "1,$p", "$!N", "2,5!d", "y/abc/xyz/"]
REJECTED = {
    "1,": "unexpected `,'",
    "1,x": "unexpected `,'",
    "y": "unterminated `y' command",
    "y/abc/": "unterminated `y' command",
    "s/a/b": "unterminated `s' command",
}


@pytest.mark.parametrize("script", VALID)
def test_gnu_sed_accepts(script: str) -> None:
    check_sed(script, extended=False)


@pytest.mark.parametrize(("script", "message"), sorted(REJECTED.items()))
def test_gnu_sed_rejects(script: str, message: str) -> None:
    with pytest.raises(PatternError, match=message):
        check_sed(script, extended=False)


@pytest.mark.parametrize("script", ["1,", "y"])
def test_an_unfinished_script_is_a_finding_not_a_crash(script: str) -> None:
    text = "".join(["```console\n", f"# sed -n '{script}' /etc/hosts\n", "```\n"])
    found = lint_text(text, "doc.md", Context())
    assert [f.rule for f in found if f.rule == "sed-expression"] == ["sed-expression"]


def test_the_prompt_advice_is_the_documents_usual_prompt() -> None:
    """unprompted-block names the prompt the document uses most (the same one on
    every run: ``# `` and ``$ `` are as long as each other)."""
    blocks = [f"```console\n{prompt} ls /tmp\n```\n\n" for prompt in ("#", "$", "$", "$")]
    text = "".join([*blocks, "```\nls /var\n```\n"])
    (advice,) = [f for f in lint_text(text, "doc.md", Context()) if f.rule == "unprompted-block"]
    assert "write '$ ls ...'" in advice.message
