"""cmdlint: a doctest-like checker for the commands embedded in documentation.

The core is pure functions over text (:func:`lint_text`, :func:`lint_texts`,
:func:`lint_blocks`) returning :class:`Finding` objects; the ``cmdlint`` console
script (:mod:`.cli`) and the ``-b cmdlint`` Sphinx builder (:mod:`.sphinx_builder`)
are thin adapters.  Documented commands are never executed.
"""

from cmdlint.engine import Selection, lint_blocks, lint_text, lint_texts
from cmdlint.model import Block, Finding, Severity
from cmdlint.registry import Context, all_rules

__all__ = [
    "Block",
    "Context",
    "Finding",
    "Selection",
    "Severity",
    "all_rules",
    "lint_blocks",
    "lint_text",
    "lint_texts",
]
