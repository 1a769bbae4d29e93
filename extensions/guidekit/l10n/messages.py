"""Translatable UI strings of the extension (the ``guidekit`` message catalog).

Text that the extension generates itself (link labels, headings, captions)
is not part of any document, so Sphinx's gettext builder cannot extract it.
It goes through ``_`` instead; ``guidekit i18n update`` extracts the calls
into ``locales/guidekit.pot`` and the Japanese catalog is
``locales/ja/LC_MESSAGES/guidekit.po``.
"""

from __future__ import annotations

from sphinx.locale import get_translation

#: The gettext domain of the extension's own strings.
CATALOG = "guidekit"

_translate = get_translation(CATALOG)


def _(message: str) -> str:
    """``message`` in the build language (plain text, never a lazy proxy)."""
    return str(_translate(message))


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later with ``_``."""
    return message
