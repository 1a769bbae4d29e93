"""Configuration: ``[tool.cmdlint]`` in pyproject.toml.

    [tool.cmdlint]
    select = []                      # rule ids; empty: all
    ignore = ["drift"]               # rule ids switched off
    severity = { drift = "info" }    # severity overrides
    matrix = "procedures/versions.yaml"
    from = "4.3"                     # the guide's releases, for version rules
    to = "4.4"
    shellcheck = true
    max-file-size = 5000000          # bytes; larger files are refused with a message
    max-code-lines = 20000           # lines of code blocks in one file; more are refused
    attributes = { engine-name = "oVirt Engine" }   # AsciiDoc attributes, as with -a
    attribute-files = ["docs/common/attributes.adoc"]  # AsciiDoc files of :name: entries
    include-paths = ["../shared-docs"]  # folders AsciiDoc includes may read besides the repository

Inline suppressions live in the document, before the block, and need a reason:
``<!-- cmdlint: disable=RULE -- reason -->`` (MyST ``% cmdlint: ...``, rST ``.. cmdlint: ...``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cmdlint.errors import CmdlintError
from cmdlint.model import Severity
from cmdlint.registry import Rule, Scope, UnknownRule, expand


class ConfigError(CmdlintError):
    """A configuration problem, with the file named."""


@dataclass
class Config:
    select: set[str] = field(default_factory=set)
    ignore: set[str] = field(default_factory=set)
    severity: dict[str, Severity] = field(default_factory=dict)
    matrix: Path | None = None
    from_version: str | None = None
    to_version: str | None = None
    shellcheck: bool = True
    max_file_size: int = 5_000_000
    #: Lines inside code blocks of one file: each command costs a bash -n and a
    #: shellcheck check, so a generated file of 200,000 lines would take minutes.
    max_code_lines: int = 20_000
    attributes: dict[str, str] = field(default_factory=dict)
    attribute_files: tuple[str, ...] = ()
    #: Folders outside the repository that AsciiDoc includes may read.
    include_paths: tuple[str, ...] = ()
    source: Path | None = None


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
    rules: dict[str, Rule] = (
        dict(known_rules) if isinstance(known_rules, Mapping) else {
            rule_id: Rule(rule_id, Severity.ERROR, Scope.EXTERNAL, None, rule_id)
            for rule_id in known_rules})
    config = Config()
    if pyproject is None:
        return config
    try:
        text = pyproject.read_text(encoding="utf-8")
        if "cmdlint" not in text:
            return config  # no [tool.cmdlint]: the TOML parser need not load
        import tomllib

        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # TOMLDecodeError is one
        raise ConfigError(f"{pyproject}: cannot read the configuration: {exc}") from None
    section = data.get("tool", {}).get("cmdlint")
    if section is None:
        return config
    allowed = {
        "select",
        "ignore",
        "severity",
        "matrix",
        "from",
        "to",
        "shellcheck",
        "max-file-size",
        "max-code-lines",
        "attributes",
        "attribute-files",
        "include-paths",
    }
    unknown = set(section) - allowed
    if unknown:
        raise ConfigError(
            f"{pyproject}: [tool.cmdlint]: unknown key(s) {', '.join(sorted(unknown))}"
        )
    config.source = pyproject
    _check_types(section, pyproject)
    for key in ("select", "ignore"):
        try:
            setattr(config, key, expand(section.get(key, []), rules))
        except UnknownRule as exc:
            raise ConfigError(f"{pyproject}: [tool.cmdlint] {key}: {exc}") from None
    for rule_id, level in section.get("severity", {}).items():
        if rule_id not in rules:
            raise ConfigError(f"{pyproject}: [tool.cmdlint] severity: unknown rule {rule_id!r}")
        try:
            config.severity[rule_id] = Severity(level)
        except ValueError:
            raise ConfigError(
                f"{pyproject}: [tool.cmdlint] severity.{rule_id}: {level!r} is "
                "not error, warning or info"
            ) from None
    if "matrix" in section:
        config.matrix = (pyproject.parent / str(section["matrix"])).resolve()
    config.from_version = section.get("from")
    config.to_version = section.get("to")
    config.shellcheck = section.get("shellcheck", True)
    config.max_file_size = int(section.get("max-file-size", config.max_file_size))
    config.max_code_lines = int(section.get("max-code-lines", config.max_code_lines))
    attributes = section.get("attributes", {})
    if not isinstance(attributes, dict) or not all(
        isinstance(v, str | int | float) for v in attributes.values()
    ):
        raise ConfigError(f"{pyproject}: [tool.cmdlint] attributes: a table of name = \"value\"")
    config.attributes = {str(k): str(v) for k, v in attributes.items()}
    files = section.get("attribute-files", [])
    if not isinstance(files, list):
        raise ConfigError(f"{pyproject}: [tool.cmdlint] attribute-files: a list of paths")
    for name in files:
        file = (pyproject.parent / str(name)).resolve()
        if not file.is_file():
            raise ConfigError(f"{pyproject}: [tool.cmdlint] attribute-files: {file} not found")
        config.attribute_files += (str(file),)
    config.include_paths = tuple(
        str((pyproject.parent / name).resolve()) for name in section.get("include-paths", []))
    return config


def default_matrix(start: Path) -> Path | None:
    """``procedures/versions.yaml`` in the folder or one of its parents."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        candidate = folder / "procedures" / "versions.yaml"
        if candidate.is_file():
            return candidate
    return None


#: The type of each [tool.cmdlint] value, as TOML writes it.
_TYPES: dict[str, tuple[type, str]] = {
    "select": (list, 'a list of rule ids, e.g. ["drift"]'),
    "ignore": (list, 'a list of rule ids, e.g. ["drift"]'),
    "severity": (dict, 'a table of rule ids and levels, e.g. {drift = "warning"}'),
    "matrix": (str, "a path (text)"),
    "from": (str, 'a version (text), e.g. "4.3"'),
    "to": (str, 'a version (text), e.g. "4.4"'),
    "shellcheck": (bool, "true or false"),
    "max-file-size": (int, "a number of bytes"),
    "max-code-lines": (int, "a number of lines"),
    "include-paths": (list, 'a list of folders, e.g. ["../shared-docs"]'),
}


def _check_types(section: dict[str, object], pyproject: Path) -> None:
    """A value of the wrong type is one message naming key and expected type
    (a string for ``select`` would be read letter by letter; "no" would be true)."""
    for key, value in section.items():
        if key not in _TYPES:  # checked where it is read (attributes, attribute-files)
            continue
        expected, shown = _TYPES[key]
        good = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
        if good and expected is list:
            good = all(isinstance(item, str) for item in value)  # type: ignore[attr-defined]
        if not good:
            raise ConfigError(f"{pyproject}: [tool.cmdlint] {key} must be {shown}, "
                              f"not {value!r:.60}")
