"""cmdlint's output cannot be steered by a block or a file name (terminal, CI annotations)."""

from __future__ import annotations

from cmdlint import formats
from cmdlint.model import Finding, Severity


def _finding(path: str, message: str) -> Finding:
    return Finding(path, 3, 1, "shell-syntax", Severity.ERROR, message)


def test_text_output_escapes_control_characters_of_blocks_and_file_names() -> None:
    out = formats.as_text(
        [
            _finding(
                "a\n::error file=x.md,line=1::forged\x1b[2J.md", "bad `\x1b]0;title\x07` \u009b31m"
            )
        ]
    )
    assert "\x1b" not in out and "\x07" not in out and "\u009b" not in out
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "\\x1b]0;title\\x07" in out and "a\\n::error" in out


def test_github_output_cannot_be_forged_by_a_file_name() -> None:
    out = formats.as_github([_finding("x.md\n::error file=y.md::forged,a::b", "m\n::warning::x")])
    assert out.count("\n") == 1 and out.startswith("::error file=x.md%0A%3A%3Aerror")
    assert "%2Ca%3A%3Ab,line=3," in out
    assert out.rstrip("\n").endswith("::m%0A::warning::x")


def test_sarif_uri_is_percent_encoded_and_keeps_backslashes() -> None:
    out = formats.as_sarif([_finding("docs/a b\\c%.md", "m")])
    assert '"uri": "docs/a%20b%5Cc%25.md"' in out


def test_a_huge_quoted_argument_is_cut_in_every_format() -> None:
    huge = _finding("doc.md", "unknown option '--" + "x" * 2_000_000 + "'")
    for name in formats.FORMATS:
        out = formats.render(name, [huge], ["doc.md"])
        assert len(out) < 20_000, name
        assert "2,000,019 characters" in out, name
