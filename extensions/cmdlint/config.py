"""Configuration: ``[tool.cmdlint]`` in pyproject.toml, declared once.

Every setting is a field of :class:`Config` whose metadata (:func:`setting`) gives
its TOML key, its TOML type, what it does and an example. :func:`load_config`
reads and checks the table from it, and :func:`settings_reference` writes the
reference page from it (``cmdlint --print-settings-reference``, committed as
``extensions/cmdlint/SETTINGS.md`` and tested to be current).

Inline suppressions live in the document, before the block, and need a reason:
``<!-- cmdlint: disable=RULE -- reason -->`` (MyST ``% cmdlint: ...``, rST ``.. cmdlint: ...``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from cmdlint.errors import CmdlintError
from cmdlint.model import ProgramPrompt, Severity
from cmdlint.registry import ProjectFacts, Rule, Scope, UnknownRule, expand


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


def _rules(key: str) -> Callable[[Any, Path, dict[str, Rule]], set[str]]:
    def read(value: list[str], pyproject: Path, rules: dict[str, Rule]) -> set[str]:
        try:
            return expand(value, rules)
        except UnknownRule as exc:
            raise ConfigError(f"{pyproject}: [tool.cmdlint] {key}: {exc}") from None

    return read


def _severity(
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


def _file(key: str) -> Callable[[Any, Path, dict[str, Rule]], Path]:
    def read(value: str, pyproject: Path, rules: dict[str, Rule]) -> Path:
        path = (pyproject.parent / value).resolve()
        if not path.is_file():
            raise ConfigError(f"{pyproject}: [tool.cmdlint] {key}: {path} not found")
        return path

    return read


def _attributes(value: dict[str, Any], pyproject: Path, rules: dict[str, Rule]) -> dict[str, str]:
    if not all(isinstance(v, str | int | float) for v in value.values()):
        raise ConfigError(f'{pyproject}: [tool.cmdlint] attributes: a table of name = "value"')
    return {str(k): str(v) for k, v in value.items()}


def _files(value: list[str], pyproject: Path, rules: dict[str, Rule]) -> tuple[str, ...]:
    read = _file("attribute-files")
    return tuple(str(read(name, pyproject, rules)) for name in value)


def _folders(value: list[str], pyproject: Path, rules: dict[str, Rule]) -> tuple[str, ...]:
    return tuple(str((pyproject.parent / name).resolve()) for name in value)


def _existing_folders(value: list[str], pyproject: Path, rules: dict[str, Rule]) -> tuple[str, ...]:
    folders = _folders(value, pyproject, rules)
    for folder in folders:
        if not Path(folder).is_dir():
            raise ConfigError(f"{pyproject}: [tool.cmdlint] specs: {folder} is not a folder")
    from cmdlint.specs import SpecError, load_specs

    try:
        load_specs(folders)  # a broken spec file is a configuration error, named
    except SpecError as exc:
        raise ConfigError(f"{pyproject}: [tool.cmdlint] specs: {exc}") from None
    return folders


def _pattern(value: str, pyproject: Path, rules: dict[str, Rule]) -> str:
    import re

    try:
        re.compile(value)
    except re.error as exc:
        raise ConfigError(f"{pyproject}: [tool.cmdlint] repository-pattern: {exc}") from None
    return value


def _prompts(value: list[str], pyproject: Path, rules: dict[str, Rule]) -> tuple[str, ...]:
    """Prompts are literal text: ``app$`` or ``[deploy@web ~]$``, never empty, one line."""
    for text in value:
        if not text.strip() or text != text.strip() or "\n" in text:
            raise ConfigError(
                f"{pyproject}: [tool.cmdlint] prompts: {text!r:.60} is not a prompt "
                '(the text before the command, without spaces around it, e.g. "app$")'
            )
    return tuple(value)


def _programs(
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


RULE_IDS = "a list of rule ids or families"


@dataclass
class Config:
    """The ``[tool.cmdlint]`` settings; each field's metadata is its reference entry."""

    select: set[str] = setting(
        set(),
        "select",
        list,
        RULE_IDS,
        "Run only these rules (ids or families, see `cmdlint --list-rules`); empty: every "
        "rule that is on by default. `--select` replaces it.",
        '["syntax", "continuation"]',
        _rules("select"),
    )
    ignore: set[str] = setting(
        set(),
        "ignore",
        list,
        RULE_IDS,
        "Never run these rules; `--ignore` adds to it.",
        '["drift"]',
        _rules("ignore"),
    )
    severity: dict[str, Severity] = setting(
        {},
        "severity",
        dict,
        "a table of rule ids and levels",
        "Change a rule's severity: `error` (fails the run), `warning` or `info`.",
        '{ drift = "info" }',
        _severity,
    )
    matrix: Path | None = setting(
        None,
        "matrix",
        str,
        "a path (text)",
        "The version matrix (YAML, `releases:` by release) that the version rules check "
        "repositories, services and versions against; relative to pyproject.toml. "
        "None: the version rules have nothing to compare with and stay silent.",
        '"procedures/versions.yaml"',
        _file("matrix"),
    )
    from_version: str | None = setting(
        None,
        "from",
        str,
        'a version (text), e.g. "4.3"',
        "The release the documentation starts from (like `--from`).",
        '"4.3"',
    )
    to_version: str | None = setting(
        None,
        "to",
        str,
        'a version (text), e.g. "4.4"',
        "The release the documentation ends on (like `--to`).",
        '"4.4"',
    )
    product: str = setting(
        "release",
        "product",
        str,
        "text",
        'What the matrix\'s releases are called in messages ("belongs to RHV 4.3").',
        '"RHV"',
    )
    repository_pattern: str | None = setting(
        None,
        "repository-pattern",
        str,
        "a regular expression (text)",
        "Repository ids matching it must be in the version matrix (a typo or another "
        "product's repository is reported); None: only the matrix's own are checked.",
        '"rhv|rhel|jb-eap"',
        _pattern,
    )
    prose_versions: Path | None = setting(
        None,
        "prose-versions",
        str,
        "a path (text)",
        "The products and versioned packages whose versions the `prose-version` rule "
        "checks in the text, and the contexts where another version is right (YAML, "
        "see cmdlint's own `prose_versions.yaml`); added to the built-in contexts. "
        "None: no product is checked.",
        '"docs/cmdlint/prose_versions.yaml"',
        _file("prose-versions"),
    )
    specs: tuple[str, ...] = setting(
        (),
        "specs",
        list,
        "a list of folders",
        "Folders of the project's own command specs (`*.yaml`, the format of cmdlint's "
        "`specs/*.yaml`): the `option` rule and the others check its tools' subcommands, "
        "options and arguments; a project's spec replaces a shipped one.",
        '["docs/cmdlint-specs"]',
        _existing_folders,
    )
    prompts: tuple[str, ...] = setting(
        (),
        "prompts",
        list,
        "a list of prompts (text)",
        "The project's own shell prompts, besides the built-in `$`, `#`, `%`, `$ sudo`, "
        "`user@host$`, `[user@host dir]$` and `(venv) $`: a line that starts with one "
        "and a space is a command, the lines after it without one are its output. "
        "Literal text, not a pattern; `(venv) ` before it is recognised too.",
        '["app$", "[deploy@web ~]$"]',
        _prompts,
    )
    program_prompts: tuple[ProgramPrompt, ...] = setting(
        (),
        "program-prompts",
        dict,
        "a table of prompt = language, or of prompt = { language, continuation }",
        "Prompts of interactive programs other than a shell, besides the built-in "
        "`mysql>` and `MariaDB [*]>` (continued by `->`), psql's `*=#` and `*=>` "
        "(`*-#`, `*->`), `SQL>`, `sqlite>` (`...>`), Python's `>>>` (`...`) and "
        "`irb(main):*:*>`: a line after one is input of that program in its language, "
        "neither a shell command nor output, and so are the lines right after it that "
        "start with one of its continuation prompts (after any indent). Literal text in "
        "which `*` stands for a word (a database name, a line number).",
        '{ "redis>" = "redis", "cqlsh>" = { language = "cql", continuation = ["..."] } }',
        _programs,
    )
    shellcheck: bool = setting(
        True,
        "shellcheck",
        bool,
        "true or false",
        "Run shellcheck on the commands (`--no-shellcheck` turns it off).",
        "false",
    )
    max_file_size: int = setting(
        5_000_000,
        "max-file-size",
        int,
        "a number of bytes",
        "Files larger than this are refused with a message, before any check.",
        "10000000",
    )
    #: Lines inside code blocks of one file: each command costs a bash -n and a
    #: shellcheck check, so a generated file of 200,000 lines would take minutes.
    max_code_lines: int = setting(
        20_000,
        "max-code-lines",
        int,
        "a number of lines",
        "Files with more lines than this in their code blocks are refused (a generated "
        "file would take minutes).",
        "50000",
    )
    attributes: dict[str, str] = setting(
        {},
        "attributes",
        dict,
        'a table of name = "value"',
        "AsciiDoc attributes, as with `asciidoctor -a`.",
        '{ engine-name = "oVirt Engine" }',
        _attributes,
    )
    attribute_files: tuple[str, ...] = setting(
        (),
        "attribute-files",
        list,
        "a list of paths",
        "AsciiDoc files whose `:name: value` entries define attributes.",
        '["docs/common/attributes.adoc"]',
        _files,
    )
    #: Folders outside the repository that AsciiDoc includes may read.
    include_paths: tuple[str, ...] = setting(
        (),
        "include-paths",
        list,
        "a list of folders",
        "Folders outside the repository that AsciiDoc `include::` may read.",
        '["../shared-docs"]',
        _folders,
    )
    source: Path | None = None

    @property
    def facts(self) -> ProjectFacts:
        """What the project says about its product, for the rules."""
        return ProjectFacts(
            self.product,
            self.repository_pattern,
            str(self.prose_versions) if self.prose_versions else None,
            self.specs,
            self.prompts,
            self.program_prompts,
        )


@dataclass(frozen=True)
class SphinxSetting:
    """A ``conf.py`` value of ``sphinx-build -b cmdlint`` (:mod:`cmdlint.sphinx`)."""

    name: str
    default: Any
    kind: type
    doc: str


#: The conf.py values of the builder: registered with Sphinx from this table, checked
#: at config-inited, and listed by :func:`settings_reference`.
SPHINX_SETTINGS: tuple[SphinxSetting, ...] = (
    SphinxSetting(
        "cmdlint_select",
        [],
        list,
        "Rule ids or families to run (empty: every rule on by default); unknown "
        "ones stop the build with a configuration error.",
    ),
    SphinxSetting("cmdlint_ignore", [], list, "Rule ids or families not to run."),
    SphinxSetting(
        "cmdlint_severity", {}, dict, "Severity by rule id: `error`, `warning` or `info`."
    ),
    SphinxSetting(
        "cmdlint_matrix",
        "",
        str,
        "The version matrix, relative to the source folder (else a host "
        "extension's, else `[tool.cmdlint] matrix`).",
    ),
    SphinxSetting("cmdlint_shellcheck", True, bool, "Run shellcheck."),
)


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
    rules: dict[str, Rule] = (
        dict(known_rules)
        if isinstance(known_rules, Mapping)
        else {
            rule_id: Rule(rule_id, Severity.ERROR, Scope.EXTERNAL, None, rule_id)
            for rule_id in known_rules
        }
    )
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
    except RecursionError:
        raise ConfigError(
            f"{pyproject}: cannot read the configuration: values nested too deeply"
        ) from None
    tool = data.get("tool", {})
    section = tool.get("cmdlint") if isinstance(tool, dict) else None
    if section is None:
        return config
    if not isinstance(section, dict):
        raise ConfigError(
            f"{pyproject}: [tool.cmdlint] must be a table of settings "
            f"([tool.cmdlint] on a line of its own), not {section!r:.60}"
        )
    table = dict(settings())
    by_key = {item.key: (attr, item) for attr, item in table.items()}
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


def settings_reference() -> str:
    """The reference page of every ``[tool.cmdlint]`` setting (Markdown)."""
    lines = [
        "# cmdlint settings",
        "",
        "<!-- Generated by `cmdlint --print-settings-reference` from the settings table",
        "     (extensions/cmdlint/config.py, class Config); do not edit by hand. -->",
        "",
        "cmdlint reads them from `[tool.cmdlint]` in the `pyproject.toml` of the folder",
        "it runs in, or of one of its parents (`--config FILE` names another). Paths are",
        "relative to that file. An unknown key, an unknown rule or a value of the wrong",
        "type is one error naming the file, and cmdlint exits with status 2.",
        "",
        "```toml",
        "[tool.cmdlint]",
    ]
    entries = settings()
    lines += [f"{item.key} = {item.example}" for _attr, item in entries]
    lines += ["```", "", "| setting | type | default | what it does |", "| --- | --- | --- | --- |"]
    defaults = Config()
    for attr, item in entries:
        lines.append(
            f"| `{item.key}` | {item.shown} | {_shown(getattr(defaults, attr))} | {item.doc} |"
        )
    lines += [
        "",
        "## In a Sphinx project (`sphinx-build -b cmdlint`, `cmdlint[sphinx]`)",
        "",
        "The builder reads the same `[tool.cmdlint]` (from the `pyproject.toml` beside",
        "`conf.py` or above it) for the product facts; these `conf.py` values choose",
        "the rules:",
        "",
        "| conf.py value | type | default | what it does |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| `{item.name}` | {item.kind.__name__} | {_shown(item.default)} | {item.doc} |"
        for item in SPHINX_SETTINGS
    ]
    return "\n".join(lines) + "\n"


def _shown(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, set | tuple | list | dict) and not value:
        return "empty"
    if isinstance(value, int):
        return f"`{value}`"
    return f"`{value!r}`" if not isinstance(value, str) else f'`"{value}"`'
