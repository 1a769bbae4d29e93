"""Snapshots of what a reader gets from the small test root: the overview, a
step page, a command block, the landing page. A change to any of them shows as
a diff; when it is intended, update the snapshots with
``pytest tests/sphinx_ext/test_snapshots.py --snapshot-update`` and review them."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from syrupy.assertion import SnapshotAssertion


def _fragment(app, docname: str, selector: str) -> str:  # type: ignore[no-untyped-def]
    html = (Path(app.outdir) / f"{docname}.html").read_text("utf-8")
    found = BeautifulSoup(html, "html.parser").select_one(selector)
    assert isinstance(found, Tag), f"{selector} not on {docname}"
    return found.prettify()


@pytest.mark.sphinx("html", testroot="basic")
def test_reader_facing_html(app, snapshot: SnapshotAssertion) -> None:  # type: ignore[no-untyped-def]
    app.build()
    assert _fragment(app, "guides/she-4.3-to-4.4/index", "ol.guidekit-overview") == snapshot(
        name="overview"
    )
    assert _fragment(app, "guides/she-4.3-to-4.4/update", "section") == snapshot(name="step-page")
    assert _fragment(app, "index", "ul.guidekit-guide-list") == snapshot(name="landing")


# A fresh environment: the doctrees of an earlier HTML build of the same test root
# would carry HTML tab nodes, which sphinx-tabs makes for HTML builders only.
@pytest.mark.sphinx("pseudoxml", testroot="basic", freshenv=True)
def test_step_doctree(app, snapshot: SnapshotAssertion) -> None:  # type: ignore[no-untyped-def]
    """The doctree of a step page: sections, labels, machines, tabs and the Next link."""
    app.build()
    text = (Path(app.outdir) / "guides" / "she-4.3-to-4.4" / "update.pseudoxml").read_text("utf-8")
    # Absolute paths of the temporary test root are not part of the snapshot.
    assert text.replace(str(app.srcdir), "<root>") == snapshot
