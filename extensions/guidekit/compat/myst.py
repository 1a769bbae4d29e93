"""MyST-Parser internals guidekit relies on.

Procedures are rendered by Jinja, then parsed by MyST inside the page that
includes them, with the procedure file as the source, so that every warning
names the file a writer edits (MyST's own ``{include}`` directive does the
same). MyST has no public API for that, so this module

- reaches the MyST renderer of a directive (``state._renderer``, set by
  ``myst_parser.mocking.MockState``),
- parses text into the current node through the renderer's
  ``nested_render_text`` and ``current_node_context``, and
- for the time of one parse, points the document, the reporter and the
  markdown-it parser (``renderer.md``) at the procedure file, moving token
  lines to template lines (:func:`parse_as`).

And translated builds are made cheaper (:func:`cheap_message_parsing`):
Sphinx parses every translated message as a small document of its own
(``sphinx.transforms.i18n``), thousands of times per Japanese build. For
each, MyST builds a new markdown-it parser (``create_md_parser``) with the
same configuration, and its renderer builds a throw-away default document,
a fresh docutils option parser each time (``make_document``). For the time
of a translated build, those two module globals are replaced by versions
that cache; they are put back when the build ends.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from guidekit.compat import Tested

TESTED = Tested("myst-parser", "4.0", "5.3", "myst")

#: The renderer attributes :func:`parse_as` and :func:`render_text` use.
RENDERER_ATTRIBUTES = (
    "document",
    "reporter",
    "md",
    "md_env",
    "current_node",
    "current_node_context",
    "nested_render_text",
)


def renderer_of(state: object) -> Any | None:
    """The MyST renderer behind a directive's ``state`` (None outside MyST files)."""
    return getattr(state, "_renderer", None)


def current_node(renderer: Any) -> Any:
    return renderer.current_node


class _LineMappedParser:
    """Wraps the markdown-it parser for one call, moving token lines with ``line_of``."""

    def __init__(self, md: Any, line_of: Callable[[int], int]) -> None:
        self._md = md
        self._line_of: Callable[[int], int] | None = line_of

    def __getattr__(self, name: str) -> Any:
        return getattr(self._md, name)

    def parse(self, text: str, env: Any = None) -> Any:
        tokens = self._md.parse(text, env)
        # Only the procedure text itself is mapped; later calls parse directive
        # content, whose lines MyST already counts from the directive's line.
        line_of, self._line_of = self._line_of, None
        if line_of is None:
            return tokens
        for token in tokens:
            if token.map:
                start = line_of(token.map[0] + 1) - 1
                end = line_of(max(token.map[1], 1)) - 1
                token.map = [start, max(end, start + 1)]
        return tokens


@contextmanager
def parse_as(renderer: Any, path: str, line_of: Callable[[int], int]) -> Iterator[None]:
    """Parse as if reading ``path``; ``line_of`` maps a 1-based line of the text
    parsed next to the line of ``path``."""
    document = renderer.document
    saved = (document["source"], renderer.reporter.source, renderer.md)
    saved_line_func = getattr(renderer.reporter, "get_source_and_line", None)
    try:
        document["source"] = path
        renderer.reporter.source = path
        renderer.reporter.get_source_and_line = lambda line=None: (path, line)
        renderer.md = _LineMappedParser(renderer.md, line_of)
        yield
    finally:
        document["source"], renderer.reporter.source, renderer.md = saved
        if saved_line_func is not None:
            renderer.reporter.get_source_and_line = saved_line_func


def render_text(renderer: Any, text: str, parent: Any, section_root: bool) -> None:
    """Parse ``text`` into ``parent``; with ``section_root``, headings become
    sections under ``parent``."""
    with renderer.current_node_context(parent):
        renderer.nested_render_text(text, 0, temp_root_node=parent if section_root else None)


# --- cheaper translated builds ------------------------------------------------------


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


class ParserCache:
    """``create_md_parser`` that reuses an idle parser of the same configuration
    (a parse inside a parse gets a parser of its own)."""

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


def cheap_message_parsing() -> Callable[[], None]:
    """Install the caching ``make_document`` and ``create_md_parser`` into MyST's
    modules; returns the function that puts MyST's own back. Nothing is
    installed for a MyST version this was not tested with (only speed is lost)."""
    if not TESTED.fits():
        return lambda: None
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers import sphinx_

    # create_md_parser is imported into sphinx_ (not re-exported): the name MystParser calls.
    saved = (base.make_document, sphinx_.create_md_parser)  # type: ignore[attr-defined]
    if isinstance(saved[1], ParserCache):  # already installed by an enclosing build
        return lambda: None
    base.make_document = make_document
    sphinx_.create_md_parser = ParserCache(saved[1])  # type: ignore[attr-defined,assignment]

    def restore() -> None:
        base.make_document, sphinx_.create_md_parser = saved  # type: ignore[attr-defined]

    return restore


def check_myst() -> None:
    """The shape of MyST-Parser that this module relies on."""
    import inspect

    from myst_parser import mocking
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers import sphinx_

    renderer = base.DocutilsRenderer
    source = inspect.getsource(renderer)
    setup = inspect.getsource(renderer.setup_render)
    for name in RENDERER_ATTRIBUTES:
        TESTED.require(
            hasattr(renderer, name) or f"self.{name} = " in source or f"self.{name}: " in source,
            f"DocutilsRenderer has no {name!r}",
        )
    TESTED.require(
        "temp_root_node" in inspect.signature(renderer.nested_render_text).parameters,
        "nested_render_text takes no temp_root_node",
    )
    TESTED.require(
        "self._renderer = renderer" in inspect.getsource(mocking.MockState.__init__),
        "MockState no longer keeps its renderer in _renderer",
    )
    TESTED.require(
        "make_document()" in setup,
        "the renderer no longer makes its default document with make_document()",
    )
    TESTED.require(
        list(inspect.signature(base.make_document).parameters) == ["source_path", "parser_cls"],
        "make_document's parameters changed",
    )
    TESTED.require(
        "create_md_parser(config" in inspect.getsource(sphinx_.MystParser.parse),
        "MystParser.parse no longer calls create_md_parser",
    )
