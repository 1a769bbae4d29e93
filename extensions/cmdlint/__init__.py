"""cmdlint: a doctest-like checker for the commands embedded in documentation.

The core is pure functions over text (:func:`lint_text`, :func:`lint_texts`,
:func:`lint_blocks`) returning :class:`Finding` objects; the ``cmdlint`` console
script (:mod:`.cli`) is a thin adapter, and guidekit's ``-b cmdlint`` Sphinx
builder another one (on guidekit's side: cmdlint imports nothing of guidekit,
Sphinx or docutils).  Documented commands are never executed.

The names below load on first use, so that ``cmdlint --help`` and a pre-commit
run over a file without code blocks do not pay for the parser and the rules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: The one place the version is written: pyproject.toml reads it, ``--version`` prints it.
__version__ = "0.2.0"

if TYPE_CHECKING:
    from cmdlint.engine import Selection, lint_blocks, lint_text, lint_texts
    from cmdlint.model import Block, Finding, Severity
    from cmdlint.registry import Context
    from cmdlint.ruleset import all_rules

_HOMES = {
    "Block": "cmdlint.model",
    "Finding": "cmdlint.model",
    "Severity": "cmdlint.model",
    "Context": "cmdlint.registry",
    "Selection": "cmdlint.engine",
    "lint_blocks": "cmdlint.engine",
    "lint_text": "cmdlint.engine",
    "lint_texts": "cmdlint.engine",
    "all_rules": "cmdlint.ruleset",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'cmdlint' has no attribute {name!r}")
    return getattr(import_module(home), name)


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
