"""Sphinx adapter for translations: the UI catalog and the language switch.

Each language is a separate build into a sibling directory
(``_build/html/en``, ``_build/html/ja``); the switch on every page links to
the same page in the other builds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation
from sphinx.util import logging

from guidekit.compat import myst
from guidekit.l10n.catalogs import compile_catalog, mo_outdated, read_catalog
from guidekit.l10n.checks import check_complete, check_markup
from guidekit.l10n.messages import CATALOG, TEMPLATES, install, language_name
from guidekit.l10n.sphinx.search import SearchEnglishTerms, SearchJapaneseTerms
from guidekit.l10n.sphinx.theme import setup_theme_l10n
from guidekit.model.errors import GuideError, Kind

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def language_links(pagename: str, current: str, languages: list[str]) -> list[dict[str, Any]]:
    """Relative links from ``pagename`` to the same page in every language build."""
    up = "../" * (pagename.count("/") + 1)
    return [
        {
            "code": code,
            "name": language_name(code),
            "url": f"{up}{code}/{pagename}.html",
            "current": code == current,
        }
        for code in languages
    ]


def register_ui_catalog(app: Sphinx, config: Config) -> None:
    """Check the language's changed catalogs, then compile and load ``guidekit.po``.

    Sphinx compiles the guides' catalog itself, with a parser that repairs
    broken entries silently, and shows what it cannot use in English; so a
    catalog that would render wrongly (broken syntax, a fuzzy entry, markup a
    translation lost or added: a role, inline code, a code fence) raises a
    GuideError, which stops the build. Only catalogs newer than their ``.mo``
    are read: the others passed these checks when they were compiled, and a
    catalog that fails stays newer than its ``.mo`` until it is fixed.
    """
    for directory in config.locale_dirs:
        base = Path(app.srcdir, directory).resolve()
        messages = base / config.language / "LC_MESSAGES"
        for po in sorted(messages.glob("*.po")):
            if mo_outdated(po):
                catalog = read_catalog(po, config.language)
                _refuse_wrong_rendering(catalog, po)
                if po.stem == CATALOG:
                    compile_catalog(catalog, po.with_suffix(".mo"))
        if (messages / f"{CATALOG}.mo").exists():
            app.add_message_catalog(CATALOG, str(base))
    # guidekit's ``_`` now answers through Sphinx's catalog of the build language.
    install(get_translation(CATALOG))


def _refuse_wrong_rendering(catalog: Catalog, po: Path) -> None:
    findings = [f for f in check_complete(catalog, str(po)) if f.code == "fuzzy"]
    findings += check_markup(catalog, str(po))
    if findings:
        first = min(findings, key=lambda f: f.line)
        more = (
            f" (and {len(findings) - 1} more: run guidekit i18n check)" if len(findings) > 1 else ""
        )
        raise GuideError(first.message + more, po, first.line or None, Kind.TRANSLATION)


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["guidekit_languages"] = language_links(
        pagename, app.config.language, app.config.guidekit_languages
    )


def _add_templates(app: Sphinx, config: Any) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup_i18n(app: Sphinx) -> None:
    # register_ui_catalog is connected by the extension, which turns its
    # GuideError into a stopped build (sphinx_ext.health).
    app.connect("config-inited", _add_templates)
    app.connect("html-page-context", _page_context)
    # Commands and options stay whole in the search (guidekit.l10n.sphinx.search).
    app.add_search_language(SearchEnglishTerms)
    app.add_search_language(SearchJapaneseTerms)
    setup_theme_l10n(app)
    _cheap_message_parsing(app)


def _cheap_message_parsing(app: Sphinx) -> None:
    """MyST parses translated messages with cached parsers for the time of this
    build only (:func:`guidekit.compat.myst.cheap_message_parsing`)."""
    restore: list[Callable[[], None]] = []

    def start(app: Sphinx) -> None:
        restore.append(myst.cheap_message_parsing())

    def end(app: Sphinx, exception: BaseException | None) -> None:
        while restore:
            restore.pop()()

    app.connect("builder-inited", start)
    app.connect("build-finished", end, priority=900)
