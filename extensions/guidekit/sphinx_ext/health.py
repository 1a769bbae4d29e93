"""How a build with problems ends: non-zero, once per cause, and healable.

- :func:`fail` logs a problem that leaves nothing to build (a broken manifest,
  a bad ``conf.py`` value) and stops the build cleanly: one message naming the
  file and line, exit status 1, no traceback, nothing written. Event handlers
  never end the process (that would kill any program that hosts Sphinx).
  Handlers of other extensions that would write into the output of a stopped
  build are disconnected (Furo's ``pygments.css``, :mod:`guidekit.compat.furo`).
- Any ERROR fails the build, with or without ``-W`` (``build-finished``).
- The same message at the same place is shown once, also when ``-j`` reads
  pages in several processes (their messages are replayed here).
- Pages that had a guidekit error are read again by the next build, so a build
  after a fix recovers even when the fix is in a file Sphinx does not track.
"""

from __future__ import annotations

import functools
import logging as std_logging
from collections.abc import Callable, Set
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from guidekit.compat import furo
from guidekit.compat.sphinx import file_location, stop_builder
from guidekit.model.errors import GuideError
from guidekit.sphinx_ext.domain import guide_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class _ProblemFilter(std_logging.Filter):
    """On Sphinx's warning handler, after its own filters: drops repeats of a
    message at one place and counts the errors that are shown."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[Any, ...]] = set()
        self.errors = 0

    def filter(self, record: std_logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        if location:
            key = (location, record.levelno, record.getMessage())
            if key in self.seen:
                return False
            self.seen.add(key)
        if record.levelno >= std_logging.ERROR:
            self.errors += 1
        return True


def _filter(app: Sphinx) -> _ProblemFilter | None:
    found: _ProblemFilter | None = getattr(app, "_guidekit_problems", None)
    return found


def _install_filter(app: Sphinx) -> None:
    problems = _ProblemFilter()
    app._guidekit_problems = problems  # type: ignore[attr-defined]
    for handler in std_logging.getLogger(logging.NAMESPACE).handlers:
        if isinstance(handler, logging.WarningStreamHandler):
            handler.addFilter(problems)


def fail(app: Sphinx, error: GuideError) -> None:
    """Log ``error`` and stop the build before it reads anything."""
    logger.error(
        error.message,
        location=file_location(error.path, error.line),
        type="guidekit",
        subtype=error.kind,
    )
    app._guidekit_stopped = True  # type: ignore[attr-defined]
    if getattr(app, "builder", None) is not None:
        _stop_builder(app)


def guarded(handler: Callable[..., None]) -> Callable[..., None]:
    """An event handler whose GuideError stops the build (see :func:`fail`)."""

    @functools.wraps(handler)
    def run(app: Sphinx, *args: Any) -> None:
        if stopped(app):
            return
        try:
            handler(app, *args)
        except GuideError as error:
            fail(app, error)

    return run


def stopped(app: Sphinx) -> bool:
    return bool(getattr(app, "_guidekit_stopped", False))


def _stop_builder(app: Sphinx) -> None:
    """Build nothing, and keep the theme from writing into the empty output."""

    def say() -> None:
        logger.info("guidekit: nothing built (see the error above)")

    stop_builder(app.builder, say)
    furo.skip_pygments_css(app)


def _builder_inited(app: Sphinx) -> None:
    if stopped(app):  # a config-inited handler failed
        _stop_builder(app)


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    problems = _filter(app)
    if exception is None and (stopped(app) or (problems is not None and problems.errors)):
        app.statuscode = 1


# --- pages with errors are read again --------------------------------------------


def failed_pages(env: BuildEnvironment) -> set[str]:
    return guide_domain(env).failed


def note_failed_page(env: BuildEnvironment | None) -> None:
    """The page being read has an error: the next build reads it again."""
    if env is None:
        return
    current = getattr(env, "current_document", None)
    docname = getattr(current, "docname", None) or getattr(env, "docname", None)
    if docname:
        failed_pages(env).add(docname)


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    return sorted(d for d in failed_pages(env) if d in env.found_docs and d not in removed)


def setup_health(app: Sphinx) -> None:
    _install_filter(app)
    app.connect("builder-inited", _builder_inited, priority=100)
    app.connect("build-finished", _build_finished)
    app.connect("env-get-outdated", _outdated)
