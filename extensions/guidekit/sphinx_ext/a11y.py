"""Rubrics are headings for assistive technology; code blocks scroll by keyboard.

"Prerequisites", "Procedure", "Overview" and the landing page's groups are
rubrics: headings that are not sections, so that they take no number and no
place in the table of contents. Sphinx writes a rubric as ``<p class="rubric">``,
which screen readers do not list as a heading. Sphinx's own ``heading-level``
(the ``rubric`` directive's option, Sphinx 7.4) writes it as ``<h2>``-``<h6>``;
this sets it from the rubric's depth, for HTML only (the PDF keeps its layout).
(The search page's ``<h1>``, which Furo's template lacks, comes from
``guidekit-search.js``.)

A command or output wider than the page scrolls sideways inside its ``<pre>``;
without the keyboard focus, a reader without a mouse cannot scroll it (axe
``scrollable-region-focusable``). Every highlighted block's ``<pre>`` is made
focusable (``tabindex="0"``), at build time, so that it works at any width and
without JavaScript.

Furo colours the page but not the browser's native controls; ``guidekit-a11y.css``
(on every page) sets the dark ``color-scheme`` with Furo's dark theme, so that
selects and checkboxes are not drawn light on the dark page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def heading_level(node: nodes.Element) -> int:
    """The level of a heading at ``node``: one below its innermost section (pure)."""
    depth = 0
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            depth += 1
        parent = parent.parent
    return min(6, depth + 1)


class RubricHeadings(SphinxPostTransform):
    """Give every rubric without a level the level of its place in the page."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for rubric in self.document.findall(nodes.rubric):
            rubric.setdefault("heading-level", heading_level(rubric))


#: guidekit's static files (``guidekit-a11y.css``).
STATIC = Path(__file__).resolve().parents[1] / "static"
A11Y_CSS = "guidekit-a11y.css"

#: The start of a code block as Sphinx's highlighter writes it.
_CODE_START = re.compile(r'(<div class="highlight">\s*<pre)(?=>)')


def focusable_code(body: str) -> str:
    """``body`` with every highlighted block's ``<pre>`` in the tab order (pure)."""
    return _CODE_START.sub(r'\1 tabindex="0"', body)


def _focusable_code(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if isinstance(context.get("body"), str):
        context["body"] = focusable_code(context["body"])


def _add_static(app: Sphinx, config: Any) -> None:
    if str(STATIC) not in map(str, config.html_static_path):
        config.html_static_path.append(str(STATIC))


def setup_a11y(app: Sphinx) -> None:
    app.add_post_transform(RubricHeadings)
    app.connect("html-page-context", _focusable_code)
    app.connect("config-inited", _add_static)
    app.add_css_file(A11Y_CSS)
