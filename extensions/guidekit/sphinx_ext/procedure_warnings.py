"""Markup problems in a procedure fail the build and name the procedure.

MyST reports an unknown directive or role against the page being read (a
generated stub page, which no writer edits) and as a warning, so a plain
``sphinx-build`` passed. While a procedure renders, the warnings of MyST and
docutils are made errors (any error fails the build,
:mod:`guidekit.sphinx_ext.health`) at the procedure's file and line.

The filter sits on the loggers of MyST and docutils, so it sees each message
where it is made, also in the parallel readers of ``-j``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from docutils import nodes

from guidekit.compat.sphinx import file_location
from guidekit.sphinx_ext.context import get_project

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The loggers of MyST's warnings and of docutils' reporter inside Sphinx.
LOGGERS = ("sphinx.myst_parser.warnings_", "sphinx.sphinx.util.docutils")


class ProcedureWarnings(logging.Filter):
    """Warnings made while a procedure renders: errors at the procedure's line."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def _procedure_path(self) -> str | None:
        env = getattr(self.app, "env", None)
        stack = env.temp_data.get("guidekit_stack") if env is not None else None
        if not stack:
            return None
        proc = get_project(env).library.procedures.get(stack[-1])  # type: ignore[arg-type]
        return proc.path if proc is not None else None

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        path = self._procedure_path()
        if path is None:
            return True
        location: Any = getattr(record, "location", None)
        line: int | None = None
        if isinstance(location, tuple) and len(location) == 2:
            line = location[1] if isinstance(location[1], int) else None
        elif isinstance(location, nodes.Node) and location.source == path:
            line = location.line
        if not isinstance(location, str):  # docutils names the file and line itself
            record.location = file_location(path, line)
        record.levelno, record.levelname = logging.ERROR, "ERROR"
        return True


def _install(app: Sphinx) -> None:
    found = ProcedureWarnings(app)
    app._guidekit_procedure_warnings = found  # type: ignore[attr-defined]
    for name in LOGGERS:
        logging.getLogger(name).addFilter(found)


def _remove(app: Sphinx, exception: BaseException | None) -> None:
    found = getattr(app, "_guidekit_procedure_warnings", None)
    if found is not None:
        for name in LOGGERS:
            logging.getLogger(name).removeFilter(found)


def setup_procedure_warnings(app: Sphinx) -> None:
    app.connect("builder-inited", _install)
    app.connect("build-finished", _remove, priority=900)
