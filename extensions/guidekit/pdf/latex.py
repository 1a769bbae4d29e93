"""PDF output: one LaTeX document per guide of the manifest.

The pure part turns the manifest into ``latex_documents``; the LaTeX defaults
are guidekit.pdf.preamble's (with guidekit.pdf.japanese's), the title page facts
guidekit.pdf.title_page's. ``setup_latex`` is the thin Sphinx adapter: it fills
``latex_documents`` and ``latex_elements`` when the configuration is read, and
sets the translator (guidekit.pdf.translator) that gives each document a title
page that names its guide's topology, path and language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.errors import ConfigError

from guidekit.model.errors import GuideError
from guidekit.model.manifest import Manifest, load_manifest
from guidekit.pdf.preamble import latex_elements, tex_escape
from guidekit.pdf.translator import GuideLaTeXTranslator
from guidekit.sphinx_ext.context import project_paths

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

LatexDocument = tuple[str, str, str, str, str, bool]


def latex_documents(manifest: Manifest, author: str) -> list[LatexDocument]:
    """One ``latex_documents`` entry per guide: ``guides/<id>/index`` -> ``<id>.tex``.

    The title is left empty so that Sphinx takes the guide page's own (and so
    translated) title; the step pages come in through that page's toctree.
    """
    return [
        (g.docname, f"{g.id}.tex", "", tex_escape(author), "manual", False) for g in manifest.guides
    ]


# --- Sphinx adapter ---------------------------------------------------------


def _configure(app: Sphinx, config: Config) -> None:
    """config-inited: compute latex_documents and latex_elements."""
    if not config.guidekit_latex:
        return
    try:
        manifest = load_manifest(project_paths(app).manifest)
    except (GuideError, OSError):
        return  # reported with its file and line when the build loads the project
    config.latex_documents = latex_documents(manifest, config.author)
    given = config.latex_elements
    if not isinstance(given, dict):
        raise ConfigError("latex_elements must be a mapping of names to LaTeX text")
    config.latex_elements = latex_elements(config.language or "en", given)


def setup_latex(app: Sphinx) -> None:
    app.connect("config-inited", _configure)
    app.set_translator("latex", GuideLaTeXTranslator, override=True)


__all__ = ["latex_documents", "setup_latex"]
