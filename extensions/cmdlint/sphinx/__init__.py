"""cmdlint's Sphinx adapter (the ``cmdlint[sphinx]`` extra): ``sphinx-build -b cmdlint``.

The only part of cmdlint that imports Sphinx or docutils (an import-linter contract
keeps the core free of them). Sphinx finds the builder through the
``sphinx.builders`` entry point, so ``sphinx-build -b cmdlint`` works in any
project without listing an extension; ``extensions = ["cmdlint.sphinx"]`` loads it
for a project that sets ``cmdlint_*`` values or connects to its events.
"""

from __future__ import annotations

from typing import Any


def setup(app: Any) -> dict[str, Any]:
    from cmdlint.sphinx.builder import setup as setup_builder

    return setup_builder(app)
