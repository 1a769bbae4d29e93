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
"""

from __future__ import annotations

from collections.abc import Callable
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


def check_sphinx() -> None:
    """The shape of Sphinx that this module relies on."""
    import inspect

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.events import EventListener, EventManager
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
