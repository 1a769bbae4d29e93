"""``sphinx-build -b cmdlint``: lint every command of a Sphinx project.

Like ``-b doctest`` it writes a report (``output.txt``, plus ``cmdlint.json``) to
the output folder and makes the build exit non-zero when a finding is an error.
It lints every literal block and paragraph of every document, located in its
source file, with the same rules, selection and severities as the ``cmdlint``
command; unknown rule ids in ``cmdlint_select``/``cmdlint_ignore``/
``cmdlint_severity`` stop the build with a configuration error.

A host extension (guidekit) tells the builder more through these events:

``cmdlint-guide-versions(app, docname)``
    ``(from, to)`` or ``(from, to, phase)`` releases of a document (the phase a
    :class:`cmdlint.model.ReleasePhase` or its value), for the version rules
    (first answer wins, lower priorities first); or call :func:`set_guide_versions`.
``cmdlint-matrix(app)``
    the version matrix (a :class:`cmdlint.matrix.ReleaseFacts`), when
    ``cmdlint_matrix`` names no file.
``cmdlint-doctree-blocks(app, docname, doctree)``
    more :class:`cmdlint.model.Block` objects for a document (translations of
    its paragraphs at their catalog lines, for example).
``cmdlint-findings(app)``
    findings the host made itself (guidekit's sequence check), as
    :class:`cmdlint.model.Finding` objects of rules the host registered with
    :func:`cmdlint.registry.external_rule`; the builder applies the selection
    and the severities to them like to its own.

A literal block may say more about itself with node attributes:
``cmdlint_kind`` (``command``, ``output``, ``file`` or a language),
``cmdlint_argument`` (the machine or file it belongs to) and
``cmdlint_source_lines`` (the source ``(file line, column)`` of each of its
lines, for blocks rendered from a template).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging

from cmdlint import __version__
from cmdlint.blocks import apply_suppressions
from cmdlint.config import SPHINX_SETTINGS, find_pyproject, load_config
from cmdlint.config import Config as ProjectConfig
from cmdlint.config import ConfigError as ProjectConfigError
from cmdlint.engine import Selection, lint_blocks
from cmdlint.formats import as_json, as_text
from cmdlint.matrix import ReleaseFacts, load_releases
from cmdlint.model import Block, BlockKind, Finding, ReleasePhase, Severity
from cmdlint.oracle import Checkers
from cmdlint.registry import Context, UnknownRule
from cmdlint.ruleset import all_rules

logger = logging.getLogger(__name__)

VERSIONS = "cmdlint-guide-versions"
MATRIX = "cmdlint-matrix"
BLOCKS = "cmdlint-doctree-blocks"
FINDINGS = "cmdlint-findings"

Versions = tuple[str, str] | tuple[str, str, ReleasePhase | str | None]
Key = tuple[str, str, ReleasePhase | None]


def set_guide_versions(
    app: Sphinx, from_version: str, to_version: str, docnames: Iterable[str] | None = None
) -> None:
    """Lint ``docnames`` (all when None) against ``from_version`` -> ``to_version``."""
    chosen = None if docnames is None else set(docnames)
    pair = (from_version, to_version)

    def resolver(app: Sphinx, docname: str) -> Versions | None:
        return pair if chosen is None or docname in chosen else None

    app.connect(VERSIONS, resolver, priority=400)  # before a host's own answer


def versions_for(app: Sphinx, docname: str) -> Key | None:
    """(from, to, phase) of a document, from the first event handler that knows it."""
    found = app.emit_firstresult(VERSIONS, docname)
    if not found:
        return None
    phase = found[2] if len(found) > 2 else None
    if phase is None:
        return (found[0], found[1], None)
    try:
        return (found[0], found[1], ReleasePhase(phase))
    except ValueError:
        phases = ", ".join(repr(p.value) for p in ReleasePhase)
        raise ExtensionError(
            f"{VERSIONS}: the phase of {docname!r} is {phase!r}, not one of {phases} or None"
        ) from None


def blocks_of(
    doctree: nodes.document, docname: str, read: Callable[[str], list[str] | None] | None = None
) -> list[Block]:
    """The code blocks and paragraphs of a doctree, located in their source files.

    ``read`` gives a source file's lines (None when it cannot be read), for the
    inline suppressions written before a block.
    """
    found: list[Block] = []
    for node in doctree.findall(nodes.literal_block):
        tag = node.get("cmdlint_kind")
        if tag is None:
            language = str(node.get("language") or "")
            tag = "" if language in {"default", "none", "text"} else language
        kind = BlockKind.of(str(tag))
        source = str(node.get("source") or node.source or docname)
        line = int(node.get("line") or node.line or 1)
        argument = str(node.get("cmdlint_argument") or "")
        block = Block(source, line, node.astext().split("\n"), kind, argument)
        located = node.get("cmdlint_source_lines")
        if located:
            block.line_map = [(int(pair[0]), int(pair[1])) for pair in located]
        lines = read(source) if read else None
        if lines is not None:
            if not located:
                block.line = _content_line(lines, line, block.lines)
            apply_suppressions([block], lines)
        found.append(block)
    for paragraph in doctree.findall(nodes.paragraph):
        source = paragraph.source or docname
        found.append(
            Block(
                str(source),
                int(paragraph.line or 1),
                paragraph.astext().split("\n"),
                BlockKind.PROSE,
            )
        )
    return found


def _content_line(source: list[str], line: int, content: list[str]) -> int:
    """The source line of a block's first content line: docutils gives a directive's
    line (``.. code-block::``, a Markdown fence), the content follows its options."""
    first = next((text.strip() for text in content if text.strip()), "")
    if not first:
        return line
    for number in range(max(line, 1), min(line + 40, len(source)) + 1):
        if source[number - 1].strip() == first:
            return number - next(i for i, text in enumerate(content) if text.strip())
    return line


def selection_of(config: Config) -> Selection:
    """The selection of ``conf.py``; unknown rules or levels are a configuration error."""
    try:
        return Selection.of(
            config.cmdlint_select, config.cmdlint_ignore, dict(config.cmdlint_severity)
        )
    except UnknownRule as error:
        raise ConfigError(f"cmdlint_select/cmdlint_ignore/cmdlint_severity: {error}") from None
    except ValueError as error:
        raise ConfigError(f"cmdlint_severity: {error} (error, warning or info)") from None


def check_config(app: Sphinx, config: Config) -> None:
    """At ``config-inited``, after every extension registered its rules: types and ids."""
    for item in SPHINX_SETTINGS:
        value = getattr(config, item.name)
        good = isinstance(value, item.kind)
        if good and isinstance(value, list):
            good = all(isinstance(entry, str) for entry in value)
        if not good:
            raise ConfigError(f"{item.name} must be a {item.kind.__name__}, not {value!r:.60}")
    selection_of(config)


class CmdlintBuilder(Builder):
    """Checks the commands of every document; writes output.txt and cmdlint.json."""

    name = "cmdlint"
    epilog = "cmdlint report written to %(outdir)s/output.txt"

    def init(self) -> None:
        self.collected: dict[Key | None, list[Block]] = {}
        self._sources: dict[str, list[str] | None] = {}

    @property
    def _application(self) -> Sphinx:
        app = self.__dict__.get("_app")  # Sphinx >= 9 keeps it private
        return app if app is not None else self.app

    def get_outdated_docs(self) -> Iterable[str]:
        return self.env.found_docs

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        app = self._application
        blocks = self.collected.setdefault(versions_for(app, docname), [])
        blocks.extend(blocks_of(doctree, docname, self._read))
        more: list[list[Block] | None] = app.emit(BLOCKS, docname, doctree)
        for found in more:
            blocks.extend(found or ())

    def _read(self, path: str) -> list[str] | None:
        if path not in self._sources:
            try:
                self._sources[path] = Path(path).read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self._sources[path] = None
        return self._sources[path]

    def finish(self) -> None:
        app = self._application
        selection = selection_of(self.config)
        project = project_config(app)
        matrix = self._matrix(project)
        findings: set[Finding] = set()
        linted = 0
        checkers = Checkers()  # one result cache for the whole build
        for versions, blocks in self.collected.items():
            context = Context(
                from_version=versions[0] if versions else None,
                to_version=versions[1] if versions else None,
                phase=versions[2] if versions else None,
                matrix=matrix,
                use_shellcheck=bool(self.config.cmdlint_shellcheck),
                facts=project.facts,
                checkers=checkers,
            )
            unique = _unique(blocks)
            linted += sum(1 for block in unique if block.kind != BlockKind.PROSE)
            findings |= set(lint_blocks(unique, context, selection))
        findings |= set(host_findings(app, selection))
        self._report(sorted(findings), linted)

    def _report(self, ordered: list[Finding], linted: int) -> None:
        outdir = Path(self.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        summary = f"{linted} code block(s) linted (each once per guide version pair and phase)\n"
        (outdir / "output.txt").write_text(summary + as_text(ordered), encoding="utf-8")
        (outdir / "cmdlint.json").write_text(as_json(ordered), encoding="utf-8")
        errors = [f for f in ordered if f.severity is Severity.ERROR]
        for finding in errors:
            logger.warning(
                "[%s] %s",
                finding.rule,
                finding.message,
                location=f"{finding.path}:{finding.line}",  # a file, not a docname
                type="cmdlint",
                subtype=finding.rule,
            )
        logger.info("cmdlint: %d finding(s), %d error(s)", len(ordered), len(errors))
        if errors:
            self._application.statuscode = 1

    def _matrix(self, project: ProjectConfig | None = None) -> ReleaseFacts | None:
        """``cmdlint_matrix``, else a host's answer, else ``[tool.cmdlint] matrix``."""
        path = self.config.cmdlint_matrix
        if not path:
            found: ReleaseFacts | None = self._application.emit_firstresult(MATRIX)
            if found is None and project is not None and project.matrix is not None:
                return load_releases(project.matrix)
            return found
        candidate = Path(self.srcdir, path)
        if not candidate.is_file():
            raise ConfigError(f"cmdlint_matrix: {candidate} not found")
        return load_releases(candidate)


def project_config(app: Sphinx) -> ProjectConfig:
    """``[tool.cmdlint]`` of the project's pyproject.toml (beside conf.py or above it):
    the same product facts as the ``cmdlint`` command; conf.py selects the rules."""
    try:
        return load_config(find_pyproject(Path(app.confdir)), all_rules())
    except ProjectConfigError as error:
        raise ConfigError(str(error)) from None


def host_findings(app: Sphinx, selection: Selection) -> list[Finding]:
    """The findings of the ``cmdlint-findings`` handlers, selected and re-graded; a
    finding of a rule nobody registered is an error of the host, said once."""
    rules = all_rules()
    result: list[Finding] = []
    answers: list[list[Finding] | None] = app.emit(FINDINGS)
    for found in answers:
        for finding in found or ():
            if finding.rule not in rules:
                logger.error(
                    "cmdlint: a finding of unregistered rule %r (register it with "
                    "cmdlint.registry.external_rule)",
                    finding.rule,
                    type="cmdlint",
                )
                continue
            if selection.enabled(finding.rule):
                level = selection.severity.get(finding.rule, finding.severity)
                result.append(
                    Finding(
                        finding.path,
                        finding.line,
                        finding.column,
                        finding.rule,
                        level,
                        finding.message,
                    )
                )
    return result


def _unique(blocks: list[Block]) -> list[Block]:
    """A source used by several pages of one guide is linted once."""
    seen: set[tuple[str, int, str]] = set()
    result = []
    for block in blocks:
        key = (block.path, block.line, block.text)
        if key not in seen:
            seen.add(key)
            result.append(block)
    return result


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_builder(CmdlintBuilder)
    for event in (VERSIONS, MATRIX, BLOCKS, FINDINGS):
        app.add_event(event)
    for item in SPHINX_SETTINGS:
        app.add_config_value(item.name, item.default, "", item.kind)
    app.connect("config-inited", check_config, priority=900)  # after the hosts' rules
    all_rules()
    # the builder itself writes serially (Builder.allow_parallel is False)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = [
    "BLOCKS",
    "FINDINGS",
    "MATRIX",
    "VERSIONS",
    "CmdlintBuilder",
    "blocks_of",
    "project_config",
    "set_guide_versions",
    "setup",
    "versions_for",
]
