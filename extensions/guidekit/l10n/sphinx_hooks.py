"""Sphinx adapter for translations: the UI catalog and the language switch.

Each language is a separate build into a sibling directory
(``_build/html/en``, ``_build/html/ja``); the switch on every page links to
the same page in the other builds.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation
from sphinx.util import logging

from guidekit.l10n.catalogs import compile_catalog, mo_outdated, read_catalog
from guidekit.l10n.messages import CATALOG, LANGUAGE_NAMES, install
from guidekit.l10n.parse_cost import cache_default_documents
from guidekit.l10n.search import SearchJapaneseTerms
from guidekit.l10n.theme import setup_theme_l10n
from guidekit.model.errors import GuideError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)



def language_links(pagename: str, current: str, languages: list[str]) -> list[dict[str, Any]]:
    """Relative links from ``pagename`` to the same page in every language build."""
    up = "../" * (pagename.count("/") + 1)
    return [{
        "code": code,
        "name": LANGUAGE_NAMES.get(code, code),
        "url": f"{up}{code}/{pagename}.html",
        "current": code == current,
    } for code in languages]


def _register_ui_catalog(app: Sphinx, config: Config) -> None:
    """Check the language's changed catalogs, then compile and load ``guidekit.po``.

    Sphinx compiles the guides' catalog itself, with a parser that repairs
    broken entries silently; a broken catalog must stop the build instead.
    Only catalogs newer than their ``.mo`` are read: the others were read when
    they were last compiled.
    """
    for directory in config.locale_dirs:
        base = Path(app.srcdir, directory).resolve()
        messages = base / config.language / "LC_MESSAGES"
        try:
            for po in sorted(messages.glob("*.po")):
                if mo_outdated(po):
                    catalog = read_catalog(po, config.language)
                    if po.stem == CATALOG:
                        compile_catalog(catalog, po.with_suffix(".mo"))
        except GuideError as error:
            logger.error("%s", error.message, location=f"{error.location}",
                         type="guidekit", subtype="catalog")
            raise SystemExit(2) from None
        if (messages / f"{CATALOG}.mo").exists():
            app.add_message_catalog(CATALOG, str(base))
    # guidekit's ``_`` now answers through Sphinx's catalog of the build language.
    install(get_translation(CATALOG))


def _page_context(app: Sphinx, pagename: str, templatename: str,
                  context: dict[str, Any], doctree: Any) -> None:
    context["guidekit_languages"] = language_links(
        pagename, app.config.language, app.config.guidekit_languages)


def setup_i18n(app: Sphinx) -> None:
    app.connect("config-inited", _register_ui_catalog)
    app.connect("html-page-context", _page_context)
    # Commands and options stay whole in the Japanese search (guidekit.l10n.search).
    app.add_search_language(SearchJapaneseTerms)
    setup_theme_l10n(app)
    cache_default_documents()
