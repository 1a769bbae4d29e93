"""Odd configurations and a full standard output: one message, exit 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cmdlint.cli import main

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("toml", "fragment"),
    [
        ("[tool]\ncmdlint = 5\n", "[tool.cmdlint] must be a table"),
        ("tool = 3\n# cmdlint\n", None),
        ("[tool.cmdlint]\nmax-file-size = -5\n", "max-file-size must not be negative"),
        ("[tool.cmdlint]\nmax-code-lines = -1\n", "max-code-lines must not be negative"),
        ("[tool.cmdlint]\nx = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
    ],
)
def test_odd_configurations_are_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str, fragment: str | None
) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# Title\n\n```bash\n# ls\n```\n", "utf-8")
    (tmp_path / "pyproject.toml").write_text(toml, "utf-8")
    status = main([str(doc), "--config", str(tmp_path / "pyproject.toml"), "--no-shellcheck"])
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err
    if fragment is None:  # not a cmdlint table at all: the defaults apply
        assert status == 0, err
    else:
        assert status == 2 and fragment in err, err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "command",
    [
        [str(Path(sys.executable).parent / "cmdlint"), "--no-shellcheck", str(REPO / "README.md")],
        [sys.executable, "-m", "guidekit", "i18n", "--root", str(REPO), "stats"],
    ],
    ids=["cmdlint", "guidekit"],
)
def test_a_full_standard_output_is_one_message(command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            command,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
            cwd=REPO,
        )
    assert done.returncode == 2
    assert "No space left on device" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr
