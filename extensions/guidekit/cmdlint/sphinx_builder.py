"""``sphinx-build -b cmdlint``: lint every command of the assembled guides.

Like ``-b doctest`` it writes a report (``output.txt``, plus ``cmdlint.json``) to
the output folder and makes the build exit non-zero when a finding is an error.
Findings point at the procedure file and line a writer edits (the ``source`` and
``line`` that the guidekit extension puts on each block), never at generated files.

Guide versions: the version rules need each document's ``from``/``to`` releases.
Call :func:`set_guide_versions` (one pair for a set of documents, or for all) or
:func:`register_version_resolver` (a function docname -> (from, to) or None) from
the guidekit extension, e.g. in a ``builder-inited`` handler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging

from .engine import Selection, lint_blocks
from .formats import as_json, as_text
from .model import Block, Finding, Severity
from .registry import Context, all_rules

logger = logging.getLogger(__name__)
Versions = tuple[str, str]
Resolver = Callable[[str], Versions | None]
_RESOLVERS: WeakKeyDictionary[Sphinx, list[Resolver]] = WeakKeyDictionary()


def set_guide_versions(
    app: Sphinx, from_version: str, to_version: str, docnames: Iterable[str] | None = None
) -> None:
    """Lint ``docnames`` (all when None) against ``from_version`` -> ``to_version``."""
    chosen = None if docnames is None else set(docnames)
    pair = (from_version, to_version)

    def resolver(docname: str) -> Versions | None:
        return pair if chosen is None or docname in chosen else None

    register_version_resolver(app, resolver)


def register_version_resolver(app: Sphinx, resolver: Resolver) -> None:
    """Add a function docname -> (from, to) or None; the latest registered one wins."""
    _RESOLVERS.setdefault(app, []).insert(0, resolver)


def versions_for(app: Sphinx, docname: str) -> Versions | None:
    for resolver in _RESOLVERS.get(app, []):
        found = resolver(docname)
        if found:
            return found
    return None


KINDS = {"guidekit-command": "command", "guidekit-output": "output", "guidekit-file": "file"}


def blocks_of(doctree: nodes.document, docname: str) -> list[Block]:
    """The code blocks and paragraphs of a doctree, located in their source files."""
    found: list[Block] = []
    for node in doctree.findall(nodes.literal_block):
        classes = set(node.get("classes", []))
        kind = next((KINDS[c] for c in classes if c in KINDS), None)
        if kind is None:
            language = str(node.get("language") or "")
            kind = "" if language in {"default", "none", "text"} else language
        source = str(node.get("source") or node.source or docname)
        line = int(node.get("line") or node.line or 1)
        argument = str(node.get("guidekit_path") or node.get("guidekit_machine") or "")
        found.append(Block(source, line, node.astext().split("\n"), kind, argument))
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
        self.collected: dict[Versions | None, list[Block]] = {}

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
        self.collected.setdefault(versions, []).extend(blocks_of(doctree, docname))

    def finish(self) -> None:
        config = self.config
        selection = Selection(
            select=set(config.cmdlint_select),
            ignore=set(config.cmdlint_ignore),
            severity={k: Severity(v) for k, v in dict(config.cmdlint_severity).items()},
        )
        matrix = _matrix(self._application)
        findings: set[Finding] = set()
        for versions, blocks in self.collected.items():
            context = Context(
                from_version=versions[0] if versions else None,
                to_version=versions[1] if versions else None,
                matrix=matrix,
                use_shellcheck=bool(config.cmdlint_shellcheck),
            )
            findings |= set(lint_blocks(_unique(blocks), context, selection))
        ordered = sorted(findings)
        outdir = Path(self.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / "output.txt").write_text(as_text(ordered), encoding="utf-8")
        (outdir / "cmdlint.json").write_text(as_json(ordered), encoding="utf-8")
        errors = [f for f in ordered if f.severity is Severity.ERROR]
        for finding in errors:
            logger.warning(
                "[%s] %s",
                finding.rule,
                finding.message,
                location=(finding.path, finding.line),
                type="cmdlint",
                subtype=finding.rule,
            )
        logger.info("cmdlint: %d finding(s), %d error(s)", len(ordered), len(errors))
        if errors:
            self._application.statuscode = 1


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


def _matrix(app: Sphinx) -> Any:
    path = app.config.cmdlint_matrix
    candidate = Path(app.srcdir, path) if path else None
    if candidate is None:
        for folder in [Path(app.srcdir), *Path(app.srcdir).parents]:
            if (folder / "procedures" / "versions.yaml").is_file():
                candidate = folder / "procedures" / "versions.yaml"
                break
    if candidate is None or not candidate.is_file():
        return None
    from ..matrix import load_matrix

    return load_matrix(candidate)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_builder(CmdlintBuilder)
    app.add_config_value("cmdlint_select", [], "", list)
    app.add_config_value("cmdlint_ignore", [], "", list)
    app.add_config_value("cmdlint_severity", {}, "", dict)
    app.add_config_value("cmdlint_matrix", "", "", str)
    app.add_config_value("cmdlint_shellcheck", True, "", bool)
    all_rules()
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": False}


__all__ = ["CmdlintBuilder", "register_version_resolver", "set_guide_versions", "setup"]
