"""A guide's flow items read from the procedures' text, without Sphinx.

Each procedure is rendered as the guide renders it and parsed by the parser MyST
itself builds pages with (markdown-it with MyST's block and colon-fence
plugins): its ``{command}`` blocks, its ``%`` annotations, the ``{procedure}``
includes and the directives whose content is Markdown (``{steps}`` and
``{prerequisites}`` mark what is inside them as a step's), at any depth. The
commands of a block are read by cmdlint's console reader, as in the build
(:func:`.reading.events_of_items`).

The build reads the same items from the pages it assembled
(guidekit.sphinx_ext.flow_items), and the sequence check (``-b cmdlint``,
``guidekit flow``) and the front pages walk those; this reader serves the
callers that have no build: ``guidekit checklist``, the model's tests and
fuzzers. tests/sphinx_ext/test_flow_build.py holds the two readers equal on the
real guides.
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin

from guidekit.model.flow.reading import Event, FlowItem, Origin, events_of_items
from guidekit.model.manifest import Guide, Step, guide_context
from guidekit.model.procedures import Procedure, bind_params
from guidekit.model.project import Project
from guidekit.model.states import StateModel
from guidekit.model.templating import Rendered, render_template
from guidekit.model.yamldata import parse_yaml

#: Directives whose content is text, not Markdown: nothing in them is read.
LITERAL = frozenset({"output", "file", "code", "code-block", "code-cell", "literalinclude"})
#: Directives whose content is what a step (or a prerequisite) does.
STEP_CONTAINERS = frozenset({"steps", "prerequisites"})


def markdown_parser() -> MarkdownIt:
    """The block parser of MyST's Markdown (CommonMark, ``%`` comments, ``:::``)."""
    return MarkdownIt("commonmark").use(myst_block_plugin).use(colon_fence_plugin)


def directive_of(token: Token) -> tuple[str, str]:
    """``{command} manager`` -> ("command", "manager"); ("", "") for a code fence."""
    info = token.info.strip()
    name, brace, argument = info[1:].partition("}")
    if not info.startswith("{") or not brace:
        return "", ""
    return name.strip(), argument.strip()


class GuideEvents:
    """The events of a guide's steps, each procedure rendered as the guide renders it."""

    def __init__(self, project: Project, model: StateModel, guide: Guide) -> None:
        self.project, self.model, self.guide = project, model, guide
        self.context = guide_context(guide, project.manifest, project.matrix)
        self.cache: dict[str, list[Event]] = {}
        self.parser = markdown_parser()
        #: the paths of the procedures read so far (what the result depends on)
        self.read: set[str] = set()

    def of_guide_step(self, guide: Guide, step: Step) -> list[Event]:
        del guide  # this reader reads one guide
        return self.of_step(step)

    def of_step(self, step: Step) -> list[Event]:
        if step.slug not in self.cache:
            items = self.of_procedure(step.procedure, step.params, [], ())
            self.cache[step.slug] = events_of_items(items, self.model)
        return self.cache[step.slug]

    def of_procedure(
        self, proc_id: str, given: dict[str, Any], stack: list[str], via: tuple[Origin, ...]
    ) -> list[FlowItem]:
        proc = self.project.library.procedures[proc_id]
        self.read.add(str(proc.path))
        params, _problems = bind_params(proc, given)
        rendered = render_template(
            proc.body, {**self.context, "params": params}, proc.path, proc.body_line
        )
        page = _Page(proc, rendered, [*stack, proc_id], via)
        return self._items(page, rendered.text, 0, in_step=False)

    def _items(self, page: _Page, text: str, offset: int, *, in_step: bool) -> list[FlowItem]:
        """The items of ``text``, whose first line is line ``offset`` (from 0) of
        the rendered procedure."""
        items: list[FlowItem] = []
        for token in self.parser.parse(text):
            if token.map is None:
                continue
            first = offset + token.map[0]
            if token.type == "myst_line_comment":
                items.extend(page.annotations(token, first, in_step))
            elif token.type in ("fence", "colon_fence"):
                items.extend(self._directive(page, token, first, in_step=in_step))
        return items

    def _directive(self, page: _Page, token: Token, first: int, *, in_step: bool) -> list[FlowItem]:
        name, argument = directive_of(token)
        if name == "command":
            return [page.command(token, first, argument)]
        if name == "procedure":
            return self._included(page, token, first, argument)
        if not name or name in LITERAL:
            return []
        inside = in_step or name in STEP_CONTAINERS
        return self._items(page, token.content, first + 1, in_step=inside)

    def _included(self, page: _Page, token: Token, first: int, proc_id: str) -> list[FlowItem]:
        if proc_id not in self.project.library.procedures or proc_id in page.stack:
            return []  # the build reports an unknown or circular include
        where = page.line(first)
        data = parse_yaml(token.content, page.path, where + 1) if token.content.strip() else {}
        return self.of_procedure(
            proc_id, dict(data or {}), page.stack, (*page.via, (page.path, where))
        )


class _Page:
    """One rendered procedure being read: its lines in the procedure's file."""

    def __init__(
        self, proc: Procedure, rendered: Rendered, stack: list[str], via: tuple[Origin, ...]
    ) -> None:
        self.path, self.rendered, self.stack, self.via = str(proc.path), rendered, stack, via

    def line(self, index: int) -> int:
        """The procedure line of line ``index`` (from 0) of the rendered text."""
        return self.rendered.source_line(index + 1)

    def annotations(self, token: Token, first: int, in_step: bool) -> list[FlowItem]:
        """One item per ``%`` line (consecutive lines are one token)."""
        return [
            FlowItem(
                "annotation",
                self.path,
                self.line(first + k),
                text.strip(),
                in_step=in_step,
                via=self.via,
            )
            for k, text in enumerate(token.content.split("\n"))
        ]

    def command(self, token: Token, first: int, machine: str) -> FlowItem:
        body = token.content.removesuffix("\n").split("\n") if token.content else []
        return FlowItem(
            "command",
            self.path,
            self.line(first),
            machine=machine,
            lines=tuple((text, self.line(first + 1 + k)) for k, text in enumerate(body)),
            via=self.via,
        )
