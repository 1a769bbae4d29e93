"""Make translated builds cheaper: MyST's default document is built once.

Sphinx parses every translated message as a small document of its own
(``sphinx.transforms.i18n``), thousands of times per Japanese build. For
each one, MyST-Parser's renderer builds a throw-away default document even
when it is handed one (``options.get("document", make_document())``), and a
default document means a fresh docutils option parser: about a third of the
Japanese build's parse time. The settings of that default document never
change, so they are built once and copied.
"""

from __future__ import annotations

import copy
import functools
from typing import Any


@functools.cache
def _default_settings(parser_cls: type) -> Any:
    from docutils.frontend import get_default_settings

    return get_default_settings(parser_cls)


def make_document(source_path: str = "notset", parser_cls: Any = None) -> Any:
    """``myst_parser.mdit_to_docutils.base.make_document`` with cached defaults."""
    from docutils.parsers.rst import Parser as RSTParser
    from docutils.utils import new_document

    settings = copy.copy(_default_settings(parser_cls or RSTParser))
    return new_document(source_path, settings=settings)


def cache_default_documents() -> None:
    """Install the cached ``make_document`` into MyST's renderer module."""
    from myst_parser.mdit_to_docutils import base

    if getattr(base.make_document, "__module__", "") != __name__:
        base.make_document = make_document
