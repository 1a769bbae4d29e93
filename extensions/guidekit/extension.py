"""The Sphinx extension: ``setup()`` wires the directives, roles, nodes and
event handlers together; the logic lives in :mod:`guidekit.model`."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx_tabs.tabs import GroupTabDirective, TabDirective

from guidekit import __version__
from guidekit.checklist.helper_page import setup_checklist
from guidekit.compat.guards import UpstreamChanged, untested_upstreams
from guidekit.files.publish import refuse_links
from guidekit.files.stubs import write_stubs
from guidekit.l10n.sphinx.hooks import register_ui_catalog, setup_i18n
from guidekit.model.errors import GuideError, Kind
from guidekit.model.project import load_project
from guidekit.model.settings import SETTINGS
from guidekit.pdf.latex import setup_latex
from guidekit.pdf.translator import depart_next_step, visit_next_step
from guidekit.sphinx_ext.a11y import setup_a11y
from guidekit.sphinx_ext.assembly import (
    GuideDirective,
    GuideStepDirective,
    ProcedureDirective,
    ProcRefRole,
    next_step,
)
from guidekit.sphinx_ext.blocks import (
    CommandDirective,
    FileDirective,
    OutputDirective,
    PrerequisitesDirective,
    StepsDirective,
    _guard_tab,
)
from guidekit.sphinx_ext.content_dependencies import setup_content_dependencies
from guidekit.sphinx_ext.context import project_paths
from guidekit.sphinx_ext.documents import setup_documents
from guidekit.sphinx_ext.domain import GuideDomain, guide_domain
from guidekit.sphinx_ext.feedback import setup_feedback
from guidekit.sphinx_ext.file_access import setup_file_access
from guidekit.sphinx_ext.flow_items import collect as collect_flow_items
from guidekit.sphinx_ext.health import fail, guarded, setup_health, stopped
from guidekit.sphinx_ext.highlight import setup_highlighting
from guidekit.sphinx_ext.landing import GuideListDirective
from guidekit.sphinx_ext.navigation import setup_navigation
from guidekit.sphinx_ext.preflight import read_state_model, setup_preflight
from guidekit.sphinx_ext.procedure_warnings import setup_procedure_warnings
from guidekit.sphinx_ext.search_page import setup_search_page
from guidekit.sphinx_ext.single_page import setup_single_page
from guidekit.sphinx_ext.template_cache import setup_template_cache

logger = logging.getLogger(__name__)


def _check_upstreams(app: Sphinx, config: Config) -> None:
    """The version guard of guidekit.compat: an untested upstream warns, a changed
    one stops the build."""
    try:
        untested = untested_upstreams()
    except UpstreamChanged as error:
        fail(app, GuideError(str(error), kind=Kind.CONFIG))
        return
    for message in untested:
        logger.warning(message, type="guidekit", subtype=Kind.COMPAT)


def _check_config(app: Sphinx, config: Config) -> None:
    """The guidekit settings of conf.py; a bad one stops the build (health.fail)."""
    conf = Path(app.confdir) / "conf.py"
    try:
        paths = project_paths(app)
    except GuideError as error:
        fail(app, error)
        return
    for name, path in (
        ("guidekit_manifest", paths.manifest),
        ("guidekit_procedures", paths.procedures),
        ("guidekit_versions", paths.versions),
    ):
        if not path.exists():
            fail(app, GuideError(f"{name}: {path} does not exist", conf, kind=Kind.CONFIG))
            return
    language = config.language or paths.languages[0]
    outputs = (paths.site / language, paths.pdf_folder(language), paths.build / "latex" / language)
    try:  # the output folders: never a link out of the project (Sphinx resolves its own)
        for output in outputs:
            refuse_links(output)
    except GuideError as error:
        fail(app, error)
        return
    if config.language and config.language not in paths.languages:
        fail(
            app,
            GuideError(
                f"language {config.language!r} is not in guidekit_languages "
                f"({', '.join(paths.languages)})",
                conf,
                kind=Kind.CONFIG,
            ),
        )
        return


def _load(app: Sphinx) -> None:
    if stopped(app):
        return
    paths = project_paths(app)
    try:
        project = load_project(paths.manifest, paths.procedures, paths.versions, paths.root)
        build = guide_domain(app.env).build
        build.project = project
        if paths.states.is_file():
            build.states_path = str(paths.states)
            build.states = read_state_model(app, paths.states, project)
        write_stubs(Path(app.srcdir), project.manifest)
    except GuideError as error:
        # Nothing can be assembled: say what is wrong and build nothing.
        fail(app, error)


def _skip(self: Any, node: Any) -> None:
    from docutils import nodes

    raise nodes.SkipNode


def _visit_next(self: Any, node: Any) -> None:
    self.body.append('<nav class="guidekit-next">')


def _depart_next(self: Any, node: Any) -> None:
    self.body.append("</nav>")


#: The collector's young generation: reading and writing a project keep millions of
#: objects alive (doctrees, the environment), and with Python's default (700) the
#: collector walked them again and again: 7-9 % of a build (benchmarks/build_times.py).
YOUNG_GENERATION = 20_000


def _tune_collector() -> None:
    """A bigger young generation, unless the process chose one bigger still."""
    threshold, *older = gc.get_threshold()
    if threshold < YOUNG_GENERATION:
        gc.set_threshold(YOUNG_GENERATION, *older)


def setup(app: Sphinx) -> dict[str, Any]:
    _tune_collector()
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_tabs.tabs")
    app.setup_extension("guidekit.sphinx_ext.cmdlint_builder")  # sphinx-build -b cmdlint
    for name, setting in SETTINGS.items():
        # Any type: _check_config checks them with one message naming conf.py;
        # Sphinx's own check would only warn, and then the build would crash.
        app.add_config_value(name, setting.default, "env", Any, setting.doc)
    setup_health(app)
    app.connect("config-inited", _check_upstreams, priority=100)
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _load)
    setup_i18n(app)
    app.connect("config-inited", guarded(register_ui_catalog))
    app.add_domain(GuideDomain)
    setup_content_dependencies(app)
    app.connect("doctree-read", collect_flow_items)
    for name, directive in {
        "guide": GuideDirective,
        "guide-step": GuideStepDirective,
        "procedure": ProcedureDirective,
        "guide-list": GuideListDirective,
        "command": CommandDirective,
        "output": OutputDirective,
        "file": FileDirective,
        "prerequisites": PrerequisitesDirective,
        "steps": StepsDirective,
    }.items():
        app.add_directive(name, directive)
    for name, base in (("tab", TabDirective), ("group-tab", GroupTabDirective)):
        app.add_directive(name, _guard_tab(base), override=True)
    app.add_role("procref", ProcRefRole())
    setup_latex(app)
    setup_preflight(app)
    setup_checklist(app)
    setup_search_page(app)
    setup_a11y(app)
    setup_documents(app)
    setup_single_page(app)
    setup_template_cache(app)
    setup_feedback(app)
    setup_highlighting(app)
    setup_navigation(app)
    setup_file_access(app)
    setup_procedure_warnings(app)
    app.add_node(
        next_step,
        html=(_visit_next, _depart_next),
        latex=(visit_next_step, depart_next_step),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    return {
        "version": __version__,
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
