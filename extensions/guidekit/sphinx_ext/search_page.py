"""The search page names the guide of every result and can be limited to one guide.

The same procedure runs in several guides, so several results share a title
("Updating all hosts in a cluster" in four guides). The search page gets the
title of every guide, in the build language; ``guidekit-search.js`` adds it
under each result whose page belongs to a guide, lists each page once, and
offers a choice of guide (``?guide=ID`` in the URL).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from guidekit.l10n.messages import _
from guidekit.sphinx_ext.context import get_project

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def guide_names(app: Sphinx) -> dict[str, str]:
    """Guide id -> the guide's title as its front page shows it (translated)."""
    titles = app.env.titles
    names = {}
    for guide in get_project(app.env).manifest.guides:
        title = titles.get(guide.docname)
        names[guide.id] = title.astext() if title is not None else guide.title
    return names


def _script_json(value: object) -> str:
    """``value`` as JSON that cannot end the inline script it stands in."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def _search_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename != "search" or app.builder.format != "html":
        return
    data = _script_json(guide_names(app))
    labels = _script_json({"guide": _("Guide:"), "all": _("All guides"), "title": _("Search")})
    app.add_js_file(
        None, body=f"window.GUIDEKIT_GUIDES = {data}; window.GUIDEKIT_SEARCH_LABELS = {labels};"
    )
    app.add_js_file("guidekit-search.js", defer="defer")


def setup_search_page(app: Sphinx) -> None:
    app.connect("html-page-context", _search_page)
