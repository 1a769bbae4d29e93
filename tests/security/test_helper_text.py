"""The upgrade helper's notices show a link's text as it is ($&, $', $` included)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "extensions/guidekit/static/guidekit-helper.js"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
@pytest.mark.parametrize("choice", ["a$&b", "x$'y", "p$`q", "$1$$", "{choices}"])
def test_a_notice_shows_the_choices_as_written(choice: str) -> None:
    source = SCRIPT.read_text("utf-8")
    function = re.search(r"function fill\(message, choices\) \{.*?\n  \}", source, re.S)
    assert function, "the helper fills its notices with fill()"
    assert 'text.ignored.replace("{choices}"' not in source
    message = "Unknown choices: {choices}. Choose again."
    program = (
        f"{function.group(0)}\nprocess.stdout.write(fill({json.dumps(message)}, "
        f"{json.dumps(choice)}));"
    )
    out = subprocess.run(
        ["node", "-e", program],
        capture_output=True,
        text=True,
        check=True,
        stdin=subprocess.DEVNULL,
    ).stdout
    assert out == f"Unknown choices: {choice}. Choose again."
