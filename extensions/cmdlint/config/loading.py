"""Reading ``[tool.cmdlint]`` from pyproject.toml into a :class:`Config`:
unknown keys, rules, severities and values of the wrong type are errors that
name the file."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from cmdlint.config.table import Config
from cmdlint.config.values import ConfigError, Setting
from cmdlint.model import Severity
from cmdlint.registry import Rule, Scope


def settings() -> list[tuple[str, Setting]]:
    """(Config attribute, setting) for every ``[tool.cmdlint]`` key, in table order."""
    return [(f.name, f.metadata["setting"]) for f in fields(Config) if "setting" in f.metadata]


def find_pyproject(start: Path) -> Path | None:
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(
    pyproject: Path | None, known_rules: Collection[str] | Mapping[str, Rule]
) -> Config:
    """Read ``[tool.cmdlint]``; unknown keys, rules or severities are errors.

    ``known_rules``: the rules by id (rule families are expanded) or their ids."""
    rules = _rules_by_id(known_rules)
    config = Config()
    section = _section(pyproject) if pyproject is not None else None
    if pyproject is None or section is None:
        return config
    by_key = {item.key: (attr, item) for attr, item in settings()}
    unknown = set(section) - set(by_key)
    if unknown:
        raise ConfigError(
            f"{pyproject}: [tool.cmdlint]: unknown key(s) {', '.join(sorted(unknown))}"
        )
    config.source = pyproject
    for key, value in section.items():
        attr, item = by_key[key]
        _check_type(item, value, pyproject)
        setattr(config, attr, item.read(value, pyproject, rules) if item.read else value)
    return config


def _rules_by_id(known_rules: Collection[str] | Mapping[str, Rule]) -> dict[str, Rule]:
    """The known rules by id; bare ids stand for rules of their own."""
    if isinstance(known_rules, Mapping):
        return dict(known_rules)
    return {
        rule_id: Rule(rule_id, Severity.ERROR, Scope.EXTERNAL, None, rule_id)
        for rule_id in known_rules
    }


def _section(pyproject: Path) -> dict[str, Any] | None:
    """The ``[tool.cmdlint]`` table of ``pyproject``, None when it has none."""
    try:
        text = pyproject.read_text(encoding="utf-8")
        if "cmdlint" not in text:
            return None  # no [tool.cmdlint]: the TOML parser need not load
        import tomllib

        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # TOMLDecodeError is one
        raise ConfigError(f"{pyproject}: cannot read the configuration: {exc}") from None
    except RecursionError:
        raise ConfigError(
            f"{pyproject}: cannot read the configuration: values nested too deeply"
        ) from None
    tool = data.get("tool", {})
    section = tool.get("cmdlint") if isinstance(tool, dict) else None
    if section is not None and not isinstance(section, dict):
        raise ConfigError(
            f"{pyproject}: [tool.cmdlint] must be a table of settings "
            f"([tool.cmdlint] on a line of its own), not {section!r:.60}"
        )
    return section


def _check_type(item: Setting, value: object, pyproject: Path) -> None:
    """A value of the wrong type is one message naming key and expected type
    (a string for ``select`` would be read letter by letter; "no" would be true)."""
    good = isinstance(value, item.kind) and not (item.kind is int and isinstance(value, bool))
    if good and isinstance(value, list):
        good = all(isinstance(entry, str) for entry in value)
    if not good:
        raise ConfigError(
            f"{pyproject}: [tool.cmdlint] {item.key} must be {item.shown}, not {value!r:.60}"
        )
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        raise ConfigError(
            f"{pyproject}: [tool.cmdlint] {item.key} must not be negative, not {value}"
        )
