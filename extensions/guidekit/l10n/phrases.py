"""Japanese headings and link texts break between phrases, not inside words.

Browsers may break Japanese text after any character ("アップグレ" / "ード").
BudouX (a maintained phrase segmenter) tells where phrases end; a ``<wbr>``
goes there, and the ``guidekit-phrases`` class (``word-break: keep-all``)
keeps the browser from breaking anywhere else. This works on the rendered
page: the search index and the page text keep the words whole.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from typing import Any

_HEADING = re.compile(r"(<h([1-6])(?: [^>]*)?>)(.*?)(</h\2>)", re.DOTALL)
_INTERNAL_LINK = re.compile(r'(<a class="reference internal"[^>]*>)([^<]*)(</a>)')
#: The title of the theme's previous/next links at the foot of a page (Furo).
_RELATED_TITLE = re.compile(r'(<div class="title">)(.*?)(</div>)', re.DOTALL)
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")
_JAPANESE = re.compile("[\u3041-\u30ff\u3400-\u9fff]")


@functools.cache
def _parser(language: str) -> Any:
    """The BudouX parser for ``language``, or None where BudouX has none."""
    try:
        import budoux
    except ImportError:
        return None
    loaders: dict[str, Callable[[], Any]] = {
        "ja": budoux.load_default_japanese_parser,
        "zh_CN": budoux.load_default_simplified_chinese_parser,
        "zh_TW": budoux.load_default_traditional_chinese_parser,
    }
    loader = loaders.get(language) or loaders.get(language.split("_")[0])
    return loader() if loader else None


def has_phrases(language: str) -> bool:
    return _parser(language) is not None


@functools.lru_cache(maxsize=4096)
def _break_text(language: str, text: str) -> str:
    """Escaped ``text`` (HTML) with ``<wbr>`` between its phrases."""
    plain = html.unescape(text)
    if not _JAPANESE.search(plain):
        return text
    return "<wbr>".join(
        html.escape(phrase, quote=False) for phrase in _parser(language).parse(plain)
    )


def break_markup(markup: str, language: str) -> str:
    """``markup`` (an HTML fragment) with phrase breaks in its text, tags untouched."""
    return "".join(
        m.group(1) or _break_text(language, m.group(2)) for m in _TAG_OR_TEXT.finditer(markup)
    )


def break_page(page: str, language: str) -> str:
    """Phrase breaks in the headings, internal link texts and previous/next titles of a
    rendered page (pure)."""
    if not has_phrases(language):
        return page

    def heading(match: re.Match[str]) -> str:
        start = match.group(1)
        start = (
            start.replace(' class="', ' class="guidekit-phrases ', 1)
            if ' class="' in start
            else start[:-1] + ' class="guidekit-phrases">'
        )
        return start + break_markup(match.group(3), language) + match.group(4)

    def link(match: re.Match[str]) -> str:
        return match.group(1) + break_markup(match.group(2), language) + match.group(3)

    def related(match: re.Match[str]) -> str:
        return (
            match.group(1).replace('class="title"', 'class="title guidekit-phrases"')
            + break_markup(match.group(2), language)
            + match.group(3)
        )

    page = _RELATED_TITLE.sub(related, page)
    return _INTERNAL_LINK.sub(link, _HEADING.sub(heading, page))
