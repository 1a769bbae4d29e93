"""Furo, the HTML theme.

- Furo writes some English into its pages without ``_()``: element
  attributes (``page.html``), icon titles (``partials/icons.html``) and the
  label of a navigation entry's expand switch (``navigation.py``). A
  translated build replaces them in the rendered page (:func:`translate_markup`,
  installed by :func:`translate_pages` around the builder's template renderer).
  The strings are listed here and extracted into the ``sphinx`` catalog.
- Furo's ``build-finished`` handler writes ``_static/pygments.css`` into the
  output, assuming the HTML builder wrote ``_static``; after a build that
  guidekit stopped before reading (a broken manifest), there is none and
  Furo crashes with "Extension error (furo)!" after guidekit's own message.
  :func:`skip_pygments_css` disconnects it for such a build.
- guidekit's ``templates/page.html`` extends Furo's and adds the reader-feedback
  link (``guidekit_feedback_url``) at the end of its ``footer`` block, inside
  ``<footer>``; :func:`check_furo` requires the block.
- Furo's back-to-top link and theme switch above the article stand outside
  every landmark (axe ``region``: a screen reader's landmark list skips them).
  :func:`landmark_markup` puts them in a labelled region in the rendered page.
- Furo's two ``<aside>`` landmarks (the navigation sidebar and "On this page")
  have no name, so that a page with both has two landmarks a screen reader
  cannot tell apart (axe ``landmark-unique``). :func:`name_asides` names them
  in the rendered page with Sphinx's "Navigation" and Furo's "On this page",
  which both languages' catalogs already translate.

Nothing here imports Furo: the message lists are read by ``guidekit i18n``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from guidekit.compat import Tested
from guidekit.compat.sphinx import drop_listener

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TESTED = Tested("furo", "2024.8.6", "2026.1", "furo")

#: What Furo writes without ``_()`` as element attributes (``page.html``).
FURO_ATTRIBUTES = (
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
)
#: Furo's icon titles (``partials/icons.html``).
FURO_ICON_TITLES = (
    "Contents",
    "Menu",
    "Expand",
    "Light mode",
    "Dark mode",
    "Auto light/dark, in light mode",
    "Auto light/dark, in dark mode",
)
#: Furo's label of a navigation entry's expand switch; ``%(title)s`` the entry.
FURO_TOGGLE = "Toggle navigation of %(title)s"

#: The label of the region around Furo's page tools (back to top, theme switch).
FURO_PAGE_TOOLS = "Page tools"
#: Where Furo's page tools start and the article begins (``page.html``).
_TOOLS_START = '<a href="#" class="back-to-top muted-link">'
_TOOLS_END = '<article role="main" id="furo-main-content">'

_TOGGLE = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')

#: Furo's unnamed ``<aside>`` landmarks (``page.html``) -> the message that names them.
FURO_ASIDES = {"sidebar-drawer": "Navigation", "toc-drawer": "On this page"}
_ASIDE = re.compile(r'<aside class="(sidebar-drawer|toc-drawer)([^"]*)">')

#: Furo's build-finished handler that writes ``_static/pygments.css``.
PYGMENTS_HANDLER = ("furo", "_overwrite_pygments_css")


def translate_markup(markup: str, gettext: Callable[[str], str]) -> str:
    """Furo's hard-coded English in a rendered page, translated (pure)."""
    for text in FURO_ATTRIBUTES:
        markup = markup.replace(
            f'aria-label="{text}"', f'aria-label="{html.escape(gettext(text))}"'
        )
    for text in FURO_ICON_TITLES:
        markup = markup.replace(
            f"<title>{text}</title>", f"<title>{html.escape(gettext(text), quote=False)}</title>"
        )
    toggle = gettext(FURO_TOGGLE)
    return _TOGGLE.sub(
        lambda m: 'aria-label="{}"'.format(
            html.escape(toggle % {"title": html.unescape(m.group(1))})
        ),
        markup,
    )


def landmark_markup(markup: str, label: str) -> str:
    """Furo's page tools (back-to-top link, theme switch), outside every
    landmark in its ``page.html``, wrapped in a region named ``label`` (pure).
    A page without them (not rendered from ``page.html``) is returned as is."""
    start = markup.find(_TOOLS_START)
    end = markup.find(_TOOLS_END, start)
    if start < 0 or end < 0:
        return markup
    region = f'<div class="guidekit-page-tools" role="region" aria-label="{html.escape(label)}">'
    return f"{markup[:start]}{region}\n{markup[start:end]}</div>\n{markup[end:]}"


def name_asides(markup: str, gettext: Callable[[str], str]) -> str:
    """Furo's navigation sidebar and "On this page" drawer, each with a name (pure)."""

    def named(match: re.Match[str]) -> str:
        drawer, more = match.group(1), match.group(2)
        label = html.escape(gettext(FURO_ASIDES[drawer]))
        return f'<aside class="{drawer}{more}" aria-label="{label}">'

    return _ASIDE.sub(named, markup)


def translate_pages(app: Sphinx, edit: Callable[[str], str]) -> None:
    """Pass every page the HTML builder renders through ``edit``.

    Furo's strings are not in its templates' ``_()`` calls, so they can only be
    replaced in the rendered page: ``app.builder.templates.render`` is wrapped.
    """
    templates: Any = app.builder.templates
    render = templates.render

    def render_edited(template: str, context: dict[str, Any]) -> str:
        return edit(render(template, context))

    templates.render = render_edited


def skip_pygments_css(app: Sphinx) -> None:
    """After a stopped build: Furo writes no ``pygments.css`` into an empty output."""
    drop_listener(app, "build-finished", *PYGMENTS_HANDLER)


def check_furo() -> None:
    """The shape of Furo that this module relies on."""
    import importlib
    import inspect
    from pathlib import Path

    furo = importlib.import_module("furo")
    theme = Path(str(furo.__file__)).parent / "theme" / "furo"
    page = (theme / "page.html").read_text("utf-8")
    icons = (theme / "partials" / "icons.html").read_text("utf-8")
    navigation = (Path(str(furo.__file__)).parent / "navigation.py").read_text("utf-8")
    for text in FURO_ATTRIBUTES:
        TESTED.require(f'aria-label="{text}"' in page, f"page.html has no {text!r}")
    # guidekit's page.html adds the reader-feedback link to this block (footer).
    TESTED.require(
        "{% block footer %}" in page and "{% endblock footer %}" in page,
        "page.html has no footer block",
    )
    for marker in (_TOOLS_START, _TOOLS_END):
        TESTED.require(marker in page, f"page.html has no {marker!r}")
    TESTED.require(
        page.index(_TOOLS_START) < page.index(_TOOLS_END),
        "page.html no longer puts its page tools before the article",
    )
    for name in FURO_ASIDES:
        TESTED.require(f'<aside class="{name}' in page, f"page.html has no <aside> {name!r}")
    for text in FURO_ICON_TITLES:
        TESTED.require(f"<title>{text}</title>" in icons, f"icons.html has no {text!r}")
    TESTED.require(
        'f"Toggle navigation of {' in navigation,
        "navigation.py no longer labels the expand switch 'Toggle navigation of'",
    )
    handler = getattr(furo, PYGMENTS_HANDLER[1], None)
    TESTED.require(callable(handler), f"furo.{PYGMENTS_HANDLER[1]} is gone")
    TESTED.require(
        "build-finished" in inspect.getsource(furo.setup), "furo connects nothing to build-finished"
    )
