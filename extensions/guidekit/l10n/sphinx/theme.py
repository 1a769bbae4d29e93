"""The page chrome in the build language: what Sphinx, the theme and the copy
button show around the content.

Sphinx translates its templates through the ``sphinx`` catalog, but some of
what a reader sees is not in any template: the permalink titles that Sphinx's
HTML writer adds, the search page's messages (JavaScript, from
``translations.js``), strings that Furo writes into its templates and Python
without ``_()`` (icon titles, the theme switch, "Toggle navigation of ..."),
sphinx-copybutton's tooltips, and the site title and copyright of conf.py.
They are listed here, extracted into the ``sphinx`` catalog by
``guidekit i18n update`` (so the l10n gate checks them), and applied to
every page of a translated build.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markupsafe

from guidekit.compat.copybutton import COPYBUTTON, PRIORITY, texts_script
from guidekit.compat.furo import (
    FURO_ATTRIBUTES,
    FURO_ICON_TITLES,
    FURO_PAGE_TOOLS,
    FURO_TOGGLE,
    landmark_markup,
    name_asides,
    translate_markup,
    translate_pages,
)
from guidekit.compat.sphinx_tabs import TABS_LABEL, translate_tabs_label
from guidekit.l10n.phrases import break_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Text of Sphinx's HTML writer and of its search page (JavaScript).
SPHINX_CODE = (
    "Link to this heading",
    "Link to this code",
    "Link to this table",
    "Link to this image",
    "Link to this definition",
    "Search Results",
    "Searching",
    "Preparing search...",
    "Hide Search Matches",
    "Your search did not match any documents. Please make sure that all words are "
    "spelled correctly and that you've selected enough categories.",
)
#: Sphinx's admonition titles. Sphinx's own Japanese catalog calls a note 注釈
#: ("annotation"); Red Hat's Japanese documentation says 注記, so the titles are
#: ours to translate.
ADMONITIONS = (
    "Note",
    "Important",
    "Warning",
    "Caution",
    "Tip",
    "Attention",
    "Hint",
    "Danger",
    "Error",
    "See also",
)
#: Sphinx's search status line: (singular, plural), ``${resultCount}`` the count.
SEARCH_FOUND = (
    "Search finished, found one page matching the search query.",
    "Search finished, found ${resultCount} pages matching the search query.",
)
#: Sphinx's HTML writer puts these into a title="..." attribute without escaping.
_PERMALINK_TITLES = tuple(text for text in SPHINX_CODE if text.startswith("Link to this"))
#: Config values shown on every page (the author on the PDF title page).
CONFIG_VALUES = ("html_title", "copyright", "author")


def chrome_messages(config_values: dict[str, str]) -> list[str | tuple[str, str]]:
    """Every message of the chrome, for the ``sphinx`` template (pure)."""
    messages: list[str | tuple[str, str]] = [
        *SPHINX_CODE,
        *ADMONITIONS,
        SEARCH_FOUND,
        *FURO_ATTRIBUTES,
        TABS_LABEL,
        *FURO_ICON_TITLES,
        FURO_TOGGLE,
        FURO_PAGE_TOOLS,
        *COPYBUTTON.values(),
    ]
    messages += [v for k, v in config_values.items() if k in CONFIG_VALUES and v]
    return messages


def translations_js(upstream: dict[str, Any], ours: dict[str, str | list[str]], locale: str) -> str:
    """Sphinx's ``translations.js``: its own messages, ours where we translate
    and where it leaves a message empty (an empty message shows as nothing)."""
    messages = {k: v for k, v in upstream.get("messages", {}).items() if v not in ("", [""])}
    # Sphinx's scripts put some of these into HTML ("Hide Search Matches"): escaped.
    messages.update(
        {
            key: html.escape(value)
            if isinstance(value, str)
            else [html.escape(item) for item in value]
            for key, value in ours.items()
        }
    )
    data = {
        "locale": locale,
        "messages": dict(sorted(messages.items())),
        "plural_expr": upstream.get("plural_expr", "0"),
    }
    return f"Documentation.addTranslations({json.dumps(data, indent=4)});\n"


def _upstream_js(language: str) -> dict[str, Any]:
    import sphinx

    path = Path(sphinx.__file__).parent / "locale" / language / "LC_MESSAGES" / "sphinx.js"
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    return dict(json.loads(text[text.index("(") + 1 : text.rindex(")")]))


def _js_messages(
    gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str]
) -> dict[str, str | list[str]]:
    ours: dict[str, str | list[str]] = {}
    for text in SPHINX_CODE:
        if gettext(text) != text:
            ours[text] = gettext(text)
    if ngettext(*SEARCH_FOUND, 2) != SEARCH_FOUND[1]:
        ours[SEARCH_FOUND[0]] = [ngettext(*SEARCH_FOUND, 2)]
    return ours


def _translator(app: Sphinx) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    # Sphinx only here: the catalog update (guidekit i18n) imports the message lists.
    from sphinx.locale import get_translation, get_translator

    translate = get_translation("sphinx")

    translator = get_translator("sphinx")
    return (lambda text: str(translate(text))), translator.ngettext


def escape_permalink_titles(markup: str, gettext: Callable[[str], str]) -> str:
    """The permalink titles that Sphinx wrote unescaped, escaped (pure): a
    translator's quote or ``<`` stays text."""
    for text in _PERMALINK_TITLES:
        title = gettext(text)
        if html.escape(title) != title:
            markup = markup.replace(f'title="{title}"', f'title="{html.escape(title)}"')
    return markup


def _translated(app: Sphinx) -> bool:
    return app.builder.format == "html" and (app.config.language or "en") != "en"


def _wrap_renderer(app: Sphinx) -> None:
    """Put Furo's page tools in a landmark on every page the builder renders; in a
    translated build also translate Furo's hard-coded strings and break its Japanese
    headings and link texts between phrases (guidekit.l10n.phrases)."""
    if app.builder.format != "html":
        return
    gettext = _translator(app)[0]
    tools = gettext(FURO_PAGE_TOOLS)

    def landmarks(page: str) -> str:
        return name_asides(landmark_markup(page, tools), gettext)

    if not _translated(app):
        translate_pages(app, landmarks)
        return
    language = app.config.language
    translate_pages(
        app,
        lambda page: break_page(
            escape_permalink_titles(
                translate_tabs_label(translate_markup(landmarks(page), gettext), gettext),
                gettext,
            ),
            language,
        ),
    )


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not _translated(app):
        return
    gettext = _translator(app)[0]
    for key in ("docstitle", "copyright"):
        if isinstance(context.get(key), str) and context[key]:
            # Escaped once (themes print these raw or through |e, which keeps Markup).
            context[key] = markupsafe.escape(gettext(context[key]))


def _copybutton_texts(app: Sphinx) -> None:
    """sphinx-copybutton knows no Japanese: give it the catalog's texts
    (:mod:`guidekit.compat.copybutton`)."""
    if not _translated(app) or "sphinx_copybutton" not in app.extensions:
        return
    gettext = _translator(app)[0]
    # The button's script writes the texts into an HTML attribute: escaped.
    texts = {key: html.escape(gettext(text)) for key, text in COPYBUTTON.items()}
    app.add_js_file(None, body=texts_script(texts), priority=PRIORITY)


def _write_translations_js(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _translated(app):
        return
    gettext, ngettext = _translator(app)
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / "translations.js").write_text(
        translations_js(
            _upstream_js(app.config.language), _js_messages(gettext, ngettext), app.config.language
        ),
        encoding="utf-8",
    )


def setup_theme_l10n(app: Sphinx) -> None:
    app.connect("builder-inited", _wrap_renderer)
    app.connect("builder-inited", _copybutton_texts)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _write_translations_js)
