"""The tables of settings: :class:`Config`, every ``[tool.cmdlint]`` key with its
reference entry, and :data:`SPHINX_SETTINGS`, the ``conf.py`` values of
``sphinx-build -b cmdlint``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cmdlint.config.values import (
    read_attribute_files,
    read_attributes,
    read_file,
    read_folders,
    read_pattern,
    read_program_prompts,
    read_prompts,
    read_rule_ids,
    read_severities,
    read_spec_folders,
    setting,
)
from cmdlint.model import ProgramPrompt, Severity
from cmdlint.registry import ProjectFacts

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
        read_rule_ids("select"),
    )
    ignore: set[str] = setting(
        set(),
        "ignore",
        list,
        RULE_IDS,
        "Never run these rules; `--ignore` adds to it.",
        '["drift"]',
        read_rule_ids("ignore"),
    )
    severity: dict[str, Severity] = setting(
        {},
        "severity",
        dict,
        "a table of rule ids and levels",
        "Change a rule's severity: `error` (fails the run), `warning` or `info`.",
        '{ drift = "info" }',
        read_severities,
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
        read_file("matrix"),
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
        read_pattern,
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
        read_file("prose-versions"),
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
        read_spec_folders,
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
        read_prompts,
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
        read_program_prompts,
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
        read_attributes,
    )
    attribute_files: tuple[str, ...] = setting(
        (),
        "attribute-files",
        list,
        "a list of paths",
        "AsciiDoc files whose `:name: value` entries define attributes.",
        '["docs/common/attributes.adoc"]',
        read_attribute_files,
    )
    #: Folders outside the repository that AsciiDoc includes may read.
    include_paths: tuple[str, ...] = setting(
        (),
        "include-paths",
        list,
        "a list of folders",
        "Folders outside the repository that AsciiDoc `include::` may read.",
        '["../shared-docs"]',
        read_folders,
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
