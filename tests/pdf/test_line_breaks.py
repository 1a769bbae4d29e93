"""Japanese paragraphs and list items never end with one character alone on their
last line: upLaTeX, with guidekit's line-breaking settings (JA_LINE_BREAKS), set
text of every width from 8 to 19 characters, and the default settings as a
control (they do leave 「を。」 alone)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from guidekit.pdf.japanese import JA_LINE_BREAKS

pytestmark = pytest.mark.pdf

#: 45 kana and a full stop: at 11 characters a line, 「を。」 is left over.
TEXT = (
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわを。"
)
WIDTHS = range(8, 20)


def _typeset(folder: Path, preamble: str) -> tuple[list[str], str]:
    """The lines pdftotext reads from the text set at every width, as a paragraph
    and as a list item, and the LaTeX log."""
    if not all(shutil.which(p) for p in ("uplatex", "dvipdfmx", "pdftotext")):
        if os.environ.get("GUIDEKIT_REQUIRE_PDF") == "1":
            pytest.fail("uplatex, dvipdfmx and pdftotext are needed (.ci/install-pdf-deps)")
        pytest.skip("no uplatex, dvipdfmx or pdftotext (.ci/install-pdf-deps)")
    body = "".join(
        rf"\noindent\parbox{{{width}zw}}{{{TEXT}\par"
        rf"\begin{{itemize}}\item {TEXT}\end{{itemize}}}}\par\bigskip" + "\n"
        for width in WIDTHS
    )
    folder.mkdir()
    (folder / "t.tex").write_text(
        "\\documentclass{ujbook}\n"
        + preamble
        + "\n\\pagestyle{empty}\n\\begin{document}\n"
        + body
        + "\\end{document}\n",
        encoding="utf-8",
    )
    for command in (["uplatex", "-interaction=nonstopmode", "t.tex"], ["dvipdfmx", "-q", "t.dvi"]):
        subprocess.run(command, cwd=folder, capture_output=True, check=False)
    text = subprocess.run(
        ["pdftotext", "t.pdf", "-"], cwd=folder, capture_output=True, text=True, check=True
    ).stdout
    log = (folder / "t.log").read_text("utf-8", "replace")
    return [line.strip() for line in text.splitlines() if line.strip()], log


def _alone(lines: list[str]) -> list[str]:
    """Last lines of one character (and the stop after it)."""
    return [line for line in lines if re.fullmatch(r"[^\s。、）」]。?", line)]


def test_no_japanese_paragraph_or_item_ends_with_one_character(tmp_path: Path) -> None:
    lines, log = _typeset(tmp_path / "guidekit", JA_LINE_BREAKS)
    assert lines.count(TEXT[-2:]) == 0 and _alone(lines) == []
    assert "Overfull" not in log  # avoided by spacing lines out, not by overfilling one
    # Every character is there, at every width: nothing lost.
    assert re.sub(r"\s", "", "".join(lines)).count(TEXT[:10]) == 2 * len(WIDTHS)
    control, _log = _typeset(tmp_path / "default", "")
    assert _alone(control)  # upLaTeX's own settings do leave one alone here
