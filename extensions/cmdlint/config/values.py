"""How a ``[tool.cmdlint]`` setting is declared (:func:`setting`, a field of
:class:`cmdlint.config.table.Config`) and how each value is read and checked:
rule ids, severities, files, folders, patterns and prompts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cmdlint.errors import CmdlintError
from cmdlint.model import ProgramPrompt, Severity
from cmdlint.registry import Rule, UnknownRule, expand


class ConfigError(CmdlintError):
    """A configuration problem, with the file named."""


@dataclass(frozen=True)
class Setting:
    """How one ``[tool.cmdlint]`` key is written and read."""

    key: str
    kind: type  # the TOML type: str, int, bool, list (of text), dict
    shown: str  # the type as the reference and the errors say it
    doc: str
    example: str
    #: value as TOML gives it, the pyproject.toml, the rules -> the Config value
    read: Callable[[Any, Path, dict[str, Rule]], Any] | None = None


def setting(
    default: Any,
    key: str,
    kind: type,
    shown: str,
    doc: str,
    example: str,
    read: Callable[[Any, Path, dict[str, Rule]], Any] | None = None,
) -> Any:
    """A :class:`Config` field that is a ``[tool.cmdlint]`` setting."""
    meta = {"setting": Setting(key, kind, shown, doc, example, read)}
    if isinstance(default, list | dict | set):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


def read_rule_ids(key: str) -> Callable[[Any, Path, dict[str, Rule]], set[str]]:
    def read(value: list[str], pyproject: Path, rules: dict[str, Rule]) -> set[str]:
        try:
            return expand(value, rules)
        except UnknownRule as exc:
            raise ConfigError(f"{pyproject}: [tool.cmdlint] {key}: {exc}") from None

    return read


def read_severities(
    value: dict[str, Any], pyproject: Path, rules: dict[str, Rule]
) -> dict[str, Severity]:
    levels: dict[str, Severity] = {}
    for rule_id, level in value.items():
        if rule_id not in rules:
            raise ConfigError(f"{pyproject}: [tool.cmdlint] severity: unknown rule {rule_id!r}")
        try:
            levels[rule_id] = Severity(level)
        except ValueError:
            raise ConfigError(
                f"{pyproject}: [tool.cmdlint] severity.{rule_id}: {level!r} is "
                "not error, warning or info"
            ) from None
    return levels


def read_file(key: str) -> Callable[[Any, Path, dict[str, Rule]], Path]:
    def read(value: str, pyproject: Path, rules: dict[str, Rule]) -> Path:
        path = (pyproject.parent / value).resolve()
        if not path.is_file():
            raise ConfigError(f"{pyproject}: [tool.cmdlint] {key}: {path} not found")
        return path

    return read


def read_attributes(
    value: dict[str, Any], pyproject: Path, rules: dict[str, Rule]
) -> dict[str, str]:
    if not all(isinstance(v, str | int | float) for v in value.values()):
        raise ConfigError(f'{pyproject}: [tool.cmdlint] attributes: a table of name = "value"')
    return {str(k): str(v) for k, v in value.items()}


def read_attribute_files(
    value: list[str], pyproject: Path, rules: dict[str, Rule]
) -> tuple[str, ...]:
    read = read_file("attribute-files")
    return tuple(str(read(name, pyproject, rules)) for name in value)


def read_folders(value: list[str], pyproject: Path, rules: dict[str, Rule]) -> tuple[str, ...]:
    return tuple(str((pyproject.parent / name).resolve()) for name in value)


def read_spec_folders(value: list[str], pyproject: Path, rules: dict[str, Rule]) -> tuple[str, ...]:
    folders = read_folders(value, pyproject, rules)
    for folder in folders:
        if not Path(folder).is_dir():
            raise ConfigError(f"{pyproject}: [tool.cmdlint] specs: {folder} is not a folder")
    from cmdlint.specs import SpecError, load_specs

    try:
        load_specs(folders)  # a broken spec file is a configuration error, named
    except SpecError as exc:
        raise ConfigError(f"{pyproject}: [tool.cmdlint] specs: {exc}") from None
    return folders


def read_pattern(value: str, pyproject: Path, rules: dict[str, Rule]) -> str:
    import re

    try:
        re.compile(value)
    except re.error as exc:
        raise ConfigError(f"{pyproject}: [tool.cmdlint] repository-pattern: {exc}") from None
    return value


def read_prompts(value: list[str], pyproject: Path, rules: dict[str, Rule]) -> tuple[str, ...]:
    """Prompts are literal text: ``app$`` or ``[deploy@web ~]$``, never empty, one line."""
    for text in value:
        if not text.strip() or text != text.strip() or "\n" in text:
            raise ConfigError(
                f"{pyproject}: [tool.cmdlint] prompts: {text!r:.60} is not a prompt "
                '(the text before the command, without spaces around it, e.g. "app$")'
            )
    return tuple(value)


def read_program_prompts(
    value: dict[str, Any], pyproject: Path, rules: dict[str, Rule]
) -> tuple[ProgramPrompt, ...]:
    """``"mysql>" = { language = "sql", continuation = ["->"] }`` or ``"app>" = "app"``."""
    where = f"{pyproject}: [tool.cmdlint] program-prompts"
    found = []
    for text, entry in value.items():
        if not text.strip() or text != text.strip() or "\n" in text:
            raise ConfigError(
                f"{where}: {text!r:.60} is not a prompt (the text before the input, "
                'without spaces around it, e.g. "mysql>")'
            )
        spec = {"language": entry} if isinstance(entry, str) else entry
        if not isinstance(spec, dict) or set(spec) - {"language", "continuation"}:
            raise ConfigError(
                f"{where}: {text!r:.60} must be a language (text) or a table of "
                f"language and continuation, not {entry!r:.60}"
            )
        language = spec.get("language")
        if not isinstance(language, str) or not language.strip():
            raise ConfigError(f'{where}: {text!r:.60} needs a language ("sql", "python")')
        continuation = spec.get("continuation", [])
        if not isinstance(continuation, list) or not all(
            isinstance(c, str) and c.strip() and c == c.strip() and "\n" not in c
            for c in continuation
        ):
            raise ConfigError(
                f"{where}: {text!r:.60}: continuation must be a list of prompts "
                f'(text, e.g. ["->"]), not {continuation!r:.60}'
            )
        found.append(ProgramPrompt(text, language.strip(), tuple(continuation)))
    return tuple(found)
