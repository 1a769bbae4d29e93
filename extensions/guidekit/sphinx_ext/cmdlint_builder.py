"""guidekit's side of ``sphinx-build -b cmdlint`` (the builder is cmdlint's own,
:mod:`cmdlint.sphinx.builder`): what only guidekit knows, fed through its events.

- ``cmdlint-guide-versions``: a page's guide gives the ``from``/``to`` releases and
  its step the phase (``ReleasePhase.FROM`` before the guide's upgrade step, on
  the old release's systems; ``TO`` after it), from the manifest (priority 900, so a
  project's own handler or :func:`set_guide_versions` comes first).
- ``cmdlint-matrix``: the project's version matrix.
- ``cmdlint-doctree-blocks``: the translations of a page's paragraphs at their
  catalog lines (``prose-version``).
- ``cmdlint-findings``: the sequence check (the ``flow`` rule family,
  :mod:`guidekit.model.flowlint`).
- ``doctree-resolved``: guidekit's literal blocks say what they are in cmdlint's
  node attributes (``cmdlint_kind``, ``cmdlint_argument``, ``cmdlint_source_lines``:
  the exact template line of each line, so findings name the procedure file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from cmdlint.matrix import ReleaseFacts
from cmdlint.model import Block, Finding
from cmdlint.sphinx.builder import (
    BLOCKS,
    FINDINGS,
    MATRIX,
    VERSIONS,
    Versions,
    set_guide_versions,
    versions_for,
)
from guidekit.model.flowlint import register_rules
from guidekit.sphinx_ext.cmdlint_catalogs import translated_blocks
from guidekit.sphinx_ext.context import loaded_project
from guidekit.sphinx_ext.domain import guide_domain

KINDS = {"guidekit-command": "command", "guidekit-output": "output", "guidekit-file": "file"}


def guidekit_versions(app: Sphinx, docname: str) -> Versions | None:
    """guidekit's answer: a page's guide gives the versions; its step's place the phase."""
    project = loaded_project(app.env)
    if project is None:
        return None
    page = project.manifest.page(docname)
    if page is None:
        return None
    guide, step = page
    # The manifest declares the phase (``phase: upgrade`` on the upgrade steps).
    return guide.from_version, guide.to_version, guide.phase(step) if step else None


def guidekit_matrix(app: Sphinx) -> ReleaseFacts | None:
    """The project's matrix (guidekit's VersionMatrix fits cmdlint's protocol)."""
    project = loaded_project(app.env)
    if project is not None:
        matrix: ReleaseFacts = project.matrix
        return matrix
    if not hasattr(app.config, "guidekit_versions"):
        return None
    candidate = Path(app.confdir, app.config.guidekit_versions)
    if not candidate.is_file():
        return None
    from guidekit.model.matrix import load_matrix

    return load_matrix(candidate)


def mark_blocks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """guidekit's block attributes in cmdlint's terms (for ``-b cmdlint`` only)."""
    if app.builder is None or app.builder.name != "cmdlint":
        return
    for node in doctree.findall(nodes.literal_block):
        classes: set[str] = set(node.get("classes", []))
        kind = next((KINDS[c] for c in classes if c in KINDS), None)
        if kind is not None:
            node["cmdlint_kind"] = kind
        argument = node.get("guidekit_path") or node.get("guidekit_machine")
        if argument:
            node["cmdlint_argument"] = str(argument)
        if node.get("guidekit_source_lines"):
            node["cmdlint_source_lines"] = node["guidekit_source_lines"]


def translations(app: Sphinx, docname: str, doctree: nodes.document) -> list[Block]:
    return translated_blocks(app, doctree)


def flow_findings(app: Sphinx) -> list[Finding]:
    """The sequence check: every guide walked through the state model
    (``guidekit_states``); bad state data is one ``flow-data`` error."""
    project = loaded_project(app.env)
    if project is None:
        return []
    from guidekit.model.flowlint import check
    from guidekit.sphinx_ext.context import project_paths

    states = project_paths(app).states
    if not states.is_file():
        return []
    # the pages as this build assembled them (guidekit.sphinx_ext.flow_items); the
    # builder selects and grades the findings with conf.py's cmdlint_* values
    pages = guide_domain(app.env).flow
    found, _flows = check(project, states, pages=pages)
    return found


def setup(app: Sphinx) -> dict[str, Any]:
    register_rules()  # before config-inited checks cmdlint_select/cmdlint_ignore
    app.setup_extension("cmdlint.sphinx.builder")
    app.connect(VERSIONS, guidekit_versions, priority=900)
    app.connect(MATRIX, guidekit_matrix, priority=900)
    app.connect(BLOCKS, translations)
    app.connect(FINDINGS, flow_findings)
    app.connect("doctree-resolved", mark_blocks)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = [
    "flow_findings",
    "guidekit_matrix",
    "guidekit_versions",
    "mark_blocks",
    "set_guide_versions",
    "setup",
    "versions_for",
]
