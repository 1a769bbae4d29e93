"""The rule set: importing the rule families registers them in the registry.

Kept apart from :mod:`cmdlint.registry` so that the rules import the registry
and never the other way round (no import cycle), and so that the rule modules
(and what they pull in) load only when a lint actually runs.
"""

from __future__ import annotations

from cmdlint.registry import RULES, Rule


def all_rules() -> dict[str, Rule]:
    """Every registered rule by id (imports the rule families on first use)."""
    import cmdlint.asciidoc_rules  # the AsciiDoc reader's rules
    import cmdlint.rules  # noqa: F401  (registers the rule modules)

    return RULES
