"""Code blocks inside Markdown block quotes are linted, at the file's line and column."""

from __future__ import annotations

from cmdlint import Context, lint_text
from cmdlint.blocks import extract_blocks

DOC = (
    "# Upgrade\n"
    "\n"
    "> **Note:** run this first.\n"
    ">\n"
    "> ```bash\n"
    "> # systemctl restart ovirt-engine &&\n"
    "> ```\n"
    ">\n"
    "> > ```bash\n"
    "> > # yum update 'ovirt\\*setup\n"
    "> > ```\n"
)


def test_blocks_in_block_quotes_are_found_with_their_lines() -> None:
    blocks = extract_blocks(DOC, "doc.md")
    assert [(b.line, b.lines) for b in blocks] == [
        (6, ["# systemctl restart ovirt-engine &&"]),
        (10, ["# yum update 'ovirt\\*setup"]),
    ]
    assert blocks[1].source_position(10, 3) == (10, 7)  # "> > " moves the columns


def test_errors_in_quoted_blocks_are_reported() -> None:
    findings = lint_text(DOC, "doc.md", Context(use_shellcheck=False))
    errors = {f.line for f in findings if f.severity.value == "error"}
    assert errors == {6, 10}, findings


def test_a_quote_without_code_has_no_block() -> None:
    assert extract_blocks("> just a quote\n> ---\n> more\n", "doc.md") == []
