"""guidekit: single-source procedure guides, assembled and checked with Sphinx.

The package is layered (import-linter contracts in pyproject.toml keep it so):

- ``guidekit.model``: the pure core (version matrix, procedures, manifest,
  templates, naming); no Sphinx, no docutils.
- ``guidekit.sphinx_ext``, ``guidekit.l10n``, ``guidekit.pdf``,
  ``guidekit.checklist``: features and their Sphinx adapters.
- ``guidekit.cli``: the ``guidekit`` command.

Sphinx loads the extension as ``guidekit``; importing this package stays cheap
(Sphinx is imported only when ``setup`` runs).
"""

from __future__ import annotations

from typing import Any

from guidekit.version import __version__ as __version__


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point: see :mod:`guidekit.extension`."""
    from guidekit.extension import setup as setup_extension

    return setup_extension(app)
