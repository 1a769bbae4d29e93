"""Translatable UI strings of guidekit (the ``guidekit`` message catalog).

Text that guidekit generates itself (link labels, captions, checklist
messages) is not part of any document, so Sphinx's gettext builder cannot
extract it. It goes through ``_`` instead; ``guidekit i18n update`` extracts
the calls into ``guidekit.pot`` and the Japanese catalog is
``locales/ja/LC_MESSAGES/guidekit.po``.

``_`` itself imports nothing of Sphinx: whoever runs (the Sphinx extension
at start-up, the ``guidekit`` command) installs the translation function of
its language with :func:`install`; until then ``_`` returns the English text.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path

from guidekit.l10n.catalogs import read_catalog

#: The gettext domain of guidekit's own strings.
CATALOG = "guidekit"


#: The extension's HTML templates: ``sidebar/languages.html``, the language switch
#: (name it in ``html_sidebars``; a project's own copy in its templates_path wins).
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def language_name(code: str) -> str:
    """A language's name written in the language itself (what a reader looks for):
    ``ja`` -> 日本語, ``de`` -> Deutsch (Babel's locale data; the code if unknown)."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return code
    return str(locale.get_display_name(locale) or code)


Translate = Callable[[str], str]
_active: ContextVar[Translate | None] = ContextVar("guidekit_translate", default=None)


def install(translate: Translate | None) -> None:
    """Make ``translate`` the translation of ``_`` (None: English)."""
    _active.set(translate)


def _(message: str) -> str:
    """``message`` in the current language (plain text, never a lazy proxy)."""
    translate = _active.get()
    return message if translate is None else str(translate(message))


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later with ``_``."""
    return message


def catalog_messages(locales: Path, language: str) -> dict[str, str] | None:
    """msgid -> translation from every catalog of ``language`` under ``locales``
    (fuzzy and empty entries left out); None if the language has no catalog."""
    folder = locales / language / "LC_MESSAGES"
    files = sorted(folder.glob("*.po")) if folder.is_dir() else []
    if not files:
        return None
    found: dict[str, str] = {}
    for path in files:
        for message in read_catalog(path, language):
            if (
                message.id
                and isinstance(message.id, str)
                and isinstance(message.string, str)
                and message.string
                and not message.fuzzy
            ):
                found.setdefault(message.id, message.string)
    return found
