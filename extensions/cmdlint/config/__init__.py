"""Configuration: ``[tool.cmdlint]`` in pyproject.toml, declared once.

Every setting is a field of :class:`Config` whose metadata (:func:`setting`) gives
its TOML key, its TOML type, what it does and an example. :func:`load_config`
reads and checks the table from it, and :func:`settings_reference` writes the
reference page from it (``cmdlint --print-settings-reference``, committed as
``extensions/cmdlint/SETTINGS.md`` and tested to be current).

Inline suppressions live in the document, before the block, and need a reason:
``<!-- cmdlint: disable=RULE -- reason -->`` (MyST ``% cmdlint: ...``, rST ``.. cmdlint: ...``).

The package: how a setting is declared and its value read (``values``), the
tables of settings (``table``: pyproject.toml's and the Sphinx builder's conf.py
values), reading pyproject.toml (``loading``) and the reference page
(``reference``).
"""

from cmdlint.config.loading import find_pyproject, load_config, settings
from cmdlint.config.reference import settings_reference
from cmdlint.config.table import RULE_IDS, SPHINX_SETTINGS, Config, SphinxSetting
from cmdlint.config.values import ConfigError, Setting, setting

__all__ = [
    "RULE_IDS",
    "SPHINX_SETTINGS",
    "Config",
    "ConfigError",
    "Setting",
    "SphinxSetting",
    "find_pyproject",
    "load_config",
    "setting",
    "settings",
    "settings_reference",
]
