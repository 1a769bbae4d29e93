"""Make translated builds cheaper: MyST's parser and default settings are built once.

Sphinx parses every translated message as a small document of its own
(``sphinx.transforms.i18n``), thousands of times per Japanese build. For
each one, MyST-Parser

- builds a new markdown-it parser with all its plugins (``create_md_parser``),
  although the configuration is the same every time, and
- has its renderer build a throw-away default document even when it is
  handed one (``options.get("document", make_document())``), and a default
  document means a fresh docutils option parser.

Together that was most of what the Japanese build costs more than the English
one. Here the settings of the default document are built once and copied, and
a parser is reused for the same configuration object when it is not in the
middle of a render (a parse inside a parse gets a parser of its own).
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


class _ParserCache:
    """``create_md_parser`` that reuses an idle parser of the same configuration."""

    def __init__(self, create: Any) -> None:
        self.create = create
        self.parsers: dict[tuple[int, type], tuple[Any, Any]] = {}

    def __call__(self, config: Any, renderer_cls: type) -> Any:
        key = (id(config), renderer_cls)
        found = self.parsers.get(key)
        # The config is kept with its parser, so its id cannot be reused meanwhile.
        if found is not None and found[0] is config and not found[1].guidekit_busy:
            return found[1]
        parser = self.create(config, renderer_cls)
        parser.guidekit_busy = False
        render = parser.render

        def render_marked(src: str, env: Any = None) -> Any:
            parser.guidekit_busy = True
            try:
                return render(src, env)
            finally:
                parser.guidekit_busy = False

        parser.render = render_marked
        self.parsers[key] = (config, parser)
        return parser


def cache_default_documents() -> None:
    """Install the cached ``make_document`` and parser into MyST's modules."""
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers import sphinx_

    if getattr(base.make_document, "__module__", "") != __name__:
        base.make_document = make_document
    if not isinstance(sphinx_.create_md_parser, _ParserCache):
        sphinx_.create_md_parser = _ParserCache(sphinx_.create_md_parser)  # type: ignore[assignment]
