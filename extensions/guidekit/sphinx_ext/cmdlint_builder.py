"""``sphinx-build -b cmdlint``: lint every command of the assembled guides.

Like ``-b doctest`` it writes a report (``output.txt``, plus ``cmdlint.json``) to
the output folder and makes the build exit non-zero when a finding is an error.
Findings point at the procedure file and line a writer edits: guidekit's assembly
gives each literal block the exact template line of each of its lines
(``guidekit_source_lines``, from the templating line map), never generated files.

Guide versions: the version rules need each document's ``from``/``to`` releases
and the phase of its step (``"from"`` before the guide's upgrade step, on the old
release's systems; ``"to"`` after it).  The builder asks for them with the Sphinx
event ``cmdlint-guide-versions`` (``handler(app, docname)`` returns ``(from, to)``,
``(from, to, phase)`` or None; the first handler with an answer wins, lower
priorities first).  guidekit answers from its manifest at priority 900; other
projects connect their own handler or call :func:`set_guide_versions`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging

from cmdlint.blocks import apply_suppressions
from cmdlint.config import default_matrix
from cmdlint.engine import Selection, lint_blocks
from cmdlint.formats import as_json, as_text
from cmdlint.matrix import ReleaseFacts
from cmdlint.model import Block, Finding, Severity
from cmdlint.registry import Context
from cmdlint.ruleset import all_rules
from guidekit.sphinx_ext.cmdlint_catalogs import translated_blocks

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)
EVENT = "cmdlint-guide-versions"
Versions = tuple[str, str] | tuple[str, str, str | None]
Key = tuple[str, str, str | None]
Resolver = Callable[[Sphinx, str], Versions | None]


def set_guide_versions(
    app: Sphinx, from_version: str, to_version: str, docnames: Iterable[str] | None = None
) -> None:
    """Lint ``docnames`` (all when None) against ``from_version`` -> ``to_version``."""
    chosen = None if docnames is None else set(docnames)
    pair = (from_version, to_version)

    def resolver(app: Sphinx, docname: str) -> Versions | None:
        return pair if chosen is None or docname in chosen else None

    app.connect(EVENT, resolver, priority=400)  # before guidekit's own answer


def versions_for(app: Sphinx, docname: str) -> Key | None:
    """(from, to, phase) of a document, from the first event handler that knows it."""
    found = app.emit_firstresult(EVENT, docname)
    if not found:
        return None
    return (found[0], found[1], found[2] if len(found) > 2 else None)


def guidekit_versions(app: Sphinx, docname: str) -> Versions | None:
    """guidekit's answer: a page's guide gives the versions; its step's place the phase."""
    project = getattr(app.env, "guidekit_project", None)
    if project is None:
        return None
    page = project.manifest.page(docname)
    if page is None:
        return None
    guide, step = page
    # The manifest declares the phase (``phase: upgrade`` on the upgrade steps).
    return guide.from_version, guide.to_version, guide.phase(step) if step else None


KINDS = {"guidekit-command": "command", "guidekit-output": "output", "guidekit-file": "file"}


def blocks_of(
    doctree: nodes.document, docname: str, read: Callable[[str], list[str] | None] | None = None
) -> list[Block]:
    """The code blocks and paragraphs of a doctree, located in their source files.

    A block that guidekit rendered from a template carries the exact template line
    of each of its lines; ``read`` gives a source file's lines (None when it cannot
    be read), for the inline suppressions written before a block.
    """
    found: list[Block] = []
    for node in doctree.findall(nodes.literal_block):
        classes: set[str] = set(node.get("classes", []))
        kind = next((KINDS[c] for c in classes if c in KINDS), None)
        if kind is None:
            language = str(node.get("language") or "")
            kind = "" if language in {"default", "none", "text"} else language
        source = str(node.get("source") or node.source or docname)
        line = int(node.get("line") or node.line or 1)
        argument = str(node.get("guidekit_path") or node.get("guidekit_machine") or "")
        block = Block(source, line, node.astext().split("\n"), kind, argument)
        located = node.get("guidekit_source_lines")
        if located:
            block.line_map = [(int(pair[0]), int(pair[1])) for pair in located]
        lines = read(source) if read else None
        if lines is not None:
            apply_suppressions([block], lines)
        found.append(block)
    for paragraph in doctree.findall(nodes.paragraph):
        source = paragraph.source or docname
        found.append(
            Block(str(source), int(paragraph.line or 1), paragraph.astext().split("\n"), "prose")
        )
    return found


class CmdlintBuilder(Builder):
    """Checks the commands of the assembled guides; writes output.txt and cmdlint.json."""

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
        versions = versions_for(self._application, docname)
        self.collected.setdefault(versions, []).extend(blocks_of(doctree, docname, self._read))
        # the translations of its paragraphs, at their catalog lines (prose-version)
        self.collected[versions].extend(translated_blocks(self._application, doctree))

    def _read(self, path: str) -> list[str] | None:
        if path not in self._sources:
            try:
                self._sources[path] = Path(path).read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                self._sources[path] = None
        return self._sources[path]

    def finish(self) -> None:
        config = self.config
        selection = Selection(
            select=set(config.cmdlint_select),
            ignore=set(config.cmdlint_ignore),
            severity={k: Severity(v) for k, v in dict(config.cmdlint_severity).items()},
        )
        matrix = _matrix(self._application)
        findings: set[Finding] = set()
        linted = 0
        for versions, blocks in self.collected.items():
            context = Context(
                from_version=versions[0] if versions else None,
                to_version=versions[1] if versions else None,
                phase=versions[2] if versions else None,
                matrix=matrix,
                use_shellcheck=bool(config.cmdlint_shellcheck),
            )
            unique = _unique(blocks)
            linted += sum(1 for block in unique if block.kind != "prose")
            findings |= set(lint_blocks(unique, context, selection))
        findings |= set(flow_findings(self._application, selection))
        ordered = sorted(findings)
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


def flow_findings(app: Sphinx, selection: Selection) -> list[Finding]:
    """The sequence check (rule family ``flow-*``): every guide walked through the
    state model (``guidekit_states``); bad state data is one ``flow-data`` error."""
    project = getattr(app.env, "guidekit_project", None)
    if project is None:
        return []
    from guidekit.model.errors import GuideError
    from guidekit.model.flow import FlowFinding, check_project
    from guidekit.model.states import load_states
    from guidekit.sphinx_ext.context import project_paths

    states = project_paths(app).states
    if not states.is_file():
        return []
    found: list[FlowFinding]
    try:
        model = load_states(states, frozenset(app.config.guidekit_machines),
                            project.manifest.conditions.get("topology", ()))
        found, _flows = check_project(project, model)
    except GuideError as error:
        found = [FlowFinding(str(error.path or states), error.line or 1, "flow-data", "error",
                             error.message)]
    wanted = [f for f in found if f.rule not in selection.ignore and "flow" not in selection.ignore
              and (not selection.select or f.rule in selection.select
                   or "flow" in selection.select)]
    return [Finding(f.path, f.line, 1, f.rule,
                    selection.severity.get(f.rule, Severity(f.severity)), f.message)
            for f in wanted]


def _unique(blocks: list[Block]) -> list[Block]:
    """A procedure used by several pages of one guide is linted once."""
    seen: set[tuple[str, int, str]] = set()
    result = []
    for block in blocks:
        key = (block.path, block.line, block.text)
        if key not in seen:
            seen.add(key)
            result.append(block)
    return result


def _matrix(app: Sphinx) -> ReleaseFacts | None:
    project = getattr(app.env, "guidekit_project", None)
    if project is not None and not app.config.cmdlint_matrix:
        matrix: ReleaseFacts = project.matrix  # guidekit's VersionMatrix fits the protocol
        return matrix
    path = app.config.cmdlint_matrix
    candidate = Path(app.srcdir, path) if path else None
    if candidate is None and hasattr(app.config, "guidekit_versions"):
        candidate = Path(app.confdir, app.config.guidekit_versions)
    if candidate is None:
        candidate = default_matrix(Path(app.srcdir))
    if candidate is None or not candidate.is_file():
        return None
    from guidekit.model.matrix import load_matrix

    return load_matrix(candidate)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_builder(CmdlintBuilder)
    app.add_event(EVENT)
    # a fallback behind the handlers a project connects (answers None without guidekit)
    app.connect(EVENT, guidekit_versions, priority=900)
    app.add_config_value("cmdlint_select", [], "", list)
    app.add_config_value("cmdlint_ignore", [], "", list)
    app.add_config_value("cmdlint_severity", {}, "", dict)
    app.add_config_value("cmdlint_matrix", "", "", str)
    app.add_config_value("cmdlint_shellcheck", True, "", bool)
    all_rules()
    # the builder itself writes serially (Builder.allow_parallel is False)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = [
    "CmdlintBuilder",
    "guidekit_versions",
    "set_guide_versions",
    "setup",
    "versions_for",
]
