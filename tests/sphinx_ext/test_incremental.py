"""An incremental build of the real project reads again only what changed.

A guide's front page shows its steps' summaries and a pre-flight list derived
from every procedure the guide renders, nested ones included: it depends on
what those files say, not on when they were written (content_dependencies.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.building import sphinx_ok

pytestmark = pytest.mark.slow


def _build(root: Path) -> set[str]:
    """Build English HTML; the pages it read."""
    result = sphinx_ok(root, root / "_build" / "html", "-W", "--keep-going", language="en")
    return set(re.findall(r"^reading sources\.\.\. \[ *\d+%\] (\S+)$", result.stdout, re.M))


def test_front_pages_follow_the_contents_of_nested_procedures(
    project_copy: Callable[..., Path],
) -> None:
    root = project_copy()
    _build(root)
    shared = root / "procedures" / "global-maintenance.md"
    shared.touch()
    read = _build(root)
    assert read, "the pages that include it are read again"
    assert not {page for page in read if page.endswith("/index")}
    # A change of its text: minor-4.4 renders it only inside another step's
    # procedure (update-she-4.4), and its pre-flight list is walked through it.
    shared.write_text(shared.read_text("utf-8") + "\n", "utf-8")
    read = _build(root)
    assert "guides/minor-4.4/index" in read
    assert "guides/she-4.3-to-4.4/index" in read  # its overview has the summary
    assert "guides/local-db-4.3-to-4.4/index" not in read
