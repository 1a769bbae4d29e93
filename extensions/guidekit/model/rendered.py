"""Reading back pages a theme rendered (pure: HTML text in, HTML text out)."""

from __future__ import annotations


def article_markup(markup: str) -> str | None:
    """The markup from a page's first ``<article`` to its last ``</article>``, where
    Furo (and other themes built on sphinx-basic-ng) put its content; None without
    one. The rest of such a page, the theme's navigation through every page, is
    most of it: what reads only the content need not parse it."""
    start, end = markup.find("<article"), markup.rfind("</article>")
    return markup[start : end + len("</article>")] if 0 <= start < end else None
