"""What every guidekit directive and event handler shares: the loaded project
and the one way to report a content error through Sphinx's logger."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from guidekit.compat.sphinx import file_location
from guidekit.model.errors import GuideError
from guidekit.model.paths import ProjectPaths
from guidekit.model.project import Project
from guidekit.model.settings import SETTINGS
from guidekit.sphinx_ext.domain import guide_domain
from guidekit.sphinx_ext.health import note_failed_page

logger = logging.getLogger(__name__)

#: Per-page metadata key: the page holds the upgrade helper (guidekit.checklist).
HELPER_MARK = "guidekit-upgrade-helper"


def get_project(env: BuildEnvironment) -> Project:
    """The project this build loaded (every guidekit directive runs after it)."""
    project = loaded_project(env)
    if project is None:
        raise RuntimeError("guidekit: the project is not loaded (builder-inited failed)")
    return project


def loaded_project(env: BuildEnvironment) -> Project | None:
    """The project this build loaded, or None (not loaded: a stopped build, or a
    build of ``-b cmdlint`` without the guidekit extension)."""
    if "guidekit" not in env.domains:
        return None
    return guide_domain(env).build.project


def report(
    error: GuideError,
    fallback: tuple[str, int | None] | None = None,
    env: BuildEnvironment | None = None,
) -> None:
    """Log a GuideError through Sphinx, typed so suppress_warnings can target it.

    The location is a "path:line" string: Sphinx would turn a (docname, line)
    pair into a document path, and procedures are not documents.
    """
    path, line = (error.path, error.line) if error.path else (fallback or (None, None))
    location = file_location(path, line)
    # A shared procedure is read once per guide; say each problem once.
    note_failed_page(env)
    if env is not None:
        seen = guide_domain(env).build.reported
        if (location, error.message) in seen:
            return
        seen.add((location, error.message))
    logger.error(error.message, location=location, type="guidekit", subtype=error.kind)


def project_paths(app: Sphinx) -> ProjectPaths:
    """The project's paths and languages from the build's configuration."""
    values = {name: app.config[name] for name in SETTINGS}
    return ProjectPaths.from_values(Path(app.confdir), values)


def helper_pages(env: BuildEnvironment) -> list[str]:
    """The documents that hold the upgrade helper, in name order."""
    return sorted(d for d, meta in env.metadata.items() if meta.get(HELPER_MARK))
