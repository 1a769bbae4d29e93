"""An incremental build of the real project reads again only what changed.

A guide's front page shows its steps' summaries: it depends on what those files
say, not on when they were written (content_dependencies.py). Its pre-flight
list is walked over the assembled step pages once every page is read
(sphinx_ext/preflight.py): a change of a nested procedure writes the front page
again with the new list, without reading it again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.building import sphinx_ok, trim_guides
from tests.model.test_flow import REAL_MODEL
from tests.pages import soup

pytestmark = pytest.mark.slow


def _build(root: Path) -> set[str]:
    """Build English HTML; the pages it read."""
    result = sphinx_ok(root, root / "_build" / "html", "-W", "--keep-going", language="en")
    return set(re.findall(r"^reading sources\.\.\. \[ *\d+%\] (\S+)$", result.stdout, re.M))


def test_front_pages_follow_the_contents_of_nested_procedures(
    project_copy: Callable[..., Path],
) -> None:
    # The guides it speaks of: each build reads a third of the project.
    root = trim_guides(project_copy(), ("she-4.3-to-4.4", "minor-4.4", "local-db-4.3-to-4.4"))
    _build(root)
    shared = root / "procedures" / "global-maintenance.md"
    shared.touch()
    read = _build(root)
    assert read, "the pages that include it are read again"
    assert not {page for page in read if page.endswith("/index")}
    # A change of its text: she-4.3-to-4.4 shows its summary; minor-4.4 renders
    # it only inside another step's procedure (update-she-4.4).
    shared.write_text(shared.read_text("utf-8") + "\n", "utf-8")
    read = _build(root)
    assert "guides/she-4.3-to-4.4/index" in read  # its overview has the summary
    assert "guides/minor-4.4/index" not in read
    assert "guides/local-db-4.3-to-4.4/index" not in read
    # A nested procedure of minor-4.4 only (inside two of its alternatives) now
    # relies on a state the guide never touched: its front page lists the check,
    # written again from the walk, not read again.
    front = root / "_build" / "html" / "guides" / "minor-4.4" / "index.html"
    check = REAL_MODEL.states["engine"].check
    assert check is not None and check.command
    assert check.command not in front.read_text("utf-8")
    nested = root / "procedures" / "enable-host-repos.md"
    text = nested.read_text("utf-8")
    nested.write_text(text + "\n% needs: engine = running\n", "utf-8")
    read = _build(root)
    assert "guides/minor-4.4/index" not in read
    box = soup(front).select_one(".guidekit-preflight")
    assert box is not None
    assert check.command in " ".join(box.get_text().split())
