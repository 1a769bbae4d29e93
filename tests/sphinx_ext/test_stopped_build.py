"""A plain ``sphinx-build`` of the project after an error that leaves nothing to
assemble (issue 19 item 4, issue 21 item 6): the project's one message, a
non-zero exit, no crash report of the theme (Furo's ``pygments.css``) or of
Sphinx, and nothing written into the output."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _append(path: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        target = root / path
        target.write_text(target.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        target = root / path
        text = target.read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


STOPPING_ERRORS = {
    "bad-yaml": (
        _append("procedures/versions.yaml", "\nbroken: [\n"),
        r"versions\.yaml:\d+: ERROR: invalid YAML",
    ),
    "alias": (
        _append("procedures/versions.yaml", "\nanchor: &a {x: 1}\nalias: *a\n"),
        r"versions\.yaml:\d+: ERROR: .*alias",
    ),
    "float-key": (
        _replace("procedures/versions.yaml", '  "4.4":', "  4.10:"),
        r"versions\.yaml:\d+: ERROR: ",
    ),
    "nul-byte": (
        _append("procedures/analyze-environment.md", "\nA \x00 here.\n"),
        r"analyze-environment\.md:\d+: ERROR: control character U\+0000",
    ),
    "manifest": (_append("source/guides.yaml", "\n  - [unclosed\n"), r"guides\.yaml:\d+: ERROR: "),
}


@pytest.mark.parametrize("builder", ["html", "latex"])
@pytest.mark.parametrize("case", sorted(STOPPING_ERRORS))
def test_a_stopped_build_ends_with_one_message(
    project_copy: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    case: str,
    builder: str,
) -> None:
    root = project_copy()
    edit, expected = STOPPING_ERRORS[case]
    edit(root)
    out = root / "_build" / builder
    status = build_main(["-q", "-c", str(root), "-b", builder, str(root / "source"), str(out)])
    err = ANSI.sub("", capsys.readouterr().err)
    # Several Sphinx apps in one process (pytest -n) register docutils nodes again.
    lines = [
        line for line in err.splitlines() if line.strip() and "is already registered" not in line
    ]
    assert status == 1, err
    assert len(lines) == 1, err
    assert re.search(expected, lines[0]), err
    assert "Traceback" not in err and "Extension error" not in err
    # Nothing written but Sphinx's own (empty) folders.
    assert [p for p in out.rglob("*") if p.is_file()] == [], err
