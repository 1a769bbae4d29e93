"""Sphinx internals guidekit relies on.

- :class:`FileOnly`: a log location naming a file without a line. Sphinx
  reads a location string without ``:`` as a page name and appends the
  source suffix (``versions.yaml`` would be shown as ``versions.yaml.md``,
  ``SphinxLogRecordTranslator.filter``); a string that claims to contain
  ``:`` is shown as it is.
- :func:`stop_builder`: Sphinx has no way for an extension to end a build
  before it reads anything, other than raising, which prints a crash report.
  A broken manifest leaves nothing to build, so the builder's three entry
  points (``build_all``, ``build_update``, ``build_specific``, called by
  ``Sphinx.build``) are replaced by one that only says so.
- :func:`drop_listener`: removes another extension's event handler by name
  (``app.events.listeners``, then the public ``app.disconnect``); the furo
  module uses it after a stopped build.
- :func:`keep_compiled_templates`: Sphinx gives its HTML templates a Jinja
  environment (``builder.templates.environment``, made by
  ``BuiltinTemplateLoader.init``) without a bytecode cache, so every build
  compiles the theme's templates again: about 0.1 s, a twentieth of a rebuild
  after one edit. Jinja's own file cache is given to it; it checks each
  template's source, and the folder is named after what else shapes the
  compiled code (the Jinja version, the environment's class, extensions and
  syntax), so that a build with other settings never reads it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guidekit.compat import Tested

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

TESTED = Tested("sphinx", "8.1", "9.1", "sphinx")

BUILD_ENTRY_POINTS = ("build_all", "build_update", "build_specific")


class FileOnly(str):
    """A file without a line, as a log location (see the module docstring)."""

    __slots__ = ()

    def __contains__(self, text: object) -> bool:
        return text == ":" or super().__contains__(str(text))


def file_location(path: object, line: int | None) -> str | None:
    """The log location of a file and line (or of the file alone)."""
    if not path:
        return None
    return f"{path}:{line}" if line else FileOnly(path)


def stop_builder(builder: Builder, say: Callable[[], None]) -> None:
    """Make ``builder`` build nothing; ``say`` is called instead."""

    def nothing(*args: Any, **kwargs: Any) -> None:
        say()

    for name in BUILD_ENTRY_POINTS:
        setattr(builder, name, nothing)


def drop_listener(app: Sphinx, event: str, module: str, name: str) -> bool:
    """Disconnect the handler ``module.name`` of ``event``; whether one was found."""
    found = False
    for listener in list(app.events.listeners.get(event, ())):
        handler = listener.handler
        if (
            getattr(handler, "__module__", None) == module
            and getattr(handler, "__name__", None) == name
        ):
            app.disconnect(listener.id)
            found = True
    return found


def keep_compiled_templates(builder: Builder, folder: Path) -> bool:
    """Keep the compiled templates of ``builder``'s Jinja environment in a folder
    under ``folder``; whether the builder has one (an HTML builder)."""
    import jinja2

    environment = getattr(getattr(builder, "templates", None), "environment", None)
    if not isinstance(environment, jinja2.Environment):
        return False
    kept = folder / template_signature(environment)
    kept.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(kept))
    return True


def template_signature(environment: Any) -> str:
    """What shapes a Jinja environment's compiled code besides the template source."""
    import jinja2

    shape = (
        jinja2.__version__,
        f"{type(environment).__module__}.{type(environment).__qualname__}",
        sorted(environment.extensions),
        repr(environment.autoescape) if not callable(environment.autoescape) else "callable",
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
    )
    return hashlib.sha256(repr(shape).encode()).hexdigest()[:16]


def check_sphinx() -> None:
    """The shape of Sphinx that this module relies on."""
    import inspect

    import jinja2
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.events import EventListener, EventManager
    from sphinx.jinja2glue import BuiltinTemplateLoader
    from sphinx.util import logging

    for name in BUILD_ENTRY_POINTS:
        TESTED.require(callable(getattr(Builder, name, None)), f"Builder.{name} is gone")
    build = inspect.getsource(Sphinx.build)
    TESTED.require(
        all(f"builder.{name}" in build for name in BUILD_ENTRY_POINTS),
        "Sphinx.build no longer calls the builder's build_* methods",
    )
    TESTED.require(
        {"id", "handler", "priority"} <= set(EventListener._fields),
        "EventListener has no id/handler/priority",
    )
    TESTED.require(
        "listeners" in inspect.getsource(EventManager.__init__),
        "EventManager keeps no listeners table",
    )
    translator = inspect.getsource(logging.SphinxLogRecordTranslator.filter)
    TESTED.require(
        "':' not in location" in translator,
        "log locations without ':' are no longer read as page names",
    )
    # keep_compiled_templates: the loader's environment, and Jinja's load() using it.
    TESTED.require(
        issubclass(BuiltinTemplateLoader, jinja2.BaseLoader)
        and "self.environment = " in inspect.getsource(BuiltinTemplateLoader.init),
        "BuiltinTemplateLoader no longer keeps its Jinja environment as .environment",
    )
    TESTED.require(
        "load" not in vars(BuiltinTemplateLoader),
        "BuiltinTemplateLoader loads templates its own way, not through Jinja's cache",
    )
