"""Compiled templates kept between builds (:func:`guidekit.compat.sphinx.keep_compiled_templates`).

They live with Sphinx's environment, in the build's doctree folder, so that
removing the build output removes them too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from guidekit.compat.sphinx import keep_compiled_templates
from guidekit.sphinx_ext.health import stopped

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The folder in the doctree folder.
FOLDER = "guidekit-templates"


def _keep(app: Sphinx) -> None:
    if stopped(app):  # nothing will be rendered, and nothing is to be written
        return
    keep_compiled_templates(app.builder, Path(app.doctreedir) / FOLDER)


def setup_template_cache(app: Sphinx) -> None:
    app.connect("builder-inited", _keep)
