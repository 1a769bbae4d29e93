"""What the assembly directives share: rendering a procedure into nodes, the
"Next:" node, the template line of each literal line, and where a translation is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from guidekit.compat import myst
from guidekit.model.errors import GuideError, Kind
from guidekit.model.manifest import Branch, Guide, Item, Step, guide_context
from guidekit.model.procedures import Procedure, bind_params
from guidekit.model.templating import Rendered, render_inline, render_template
from guidekit.sphinx_ext.context import get_project
from guidekit.sphinx_ext.domain import guide_domain
from guidekit.sphinx_ext.flow_items import include_site, mark_rendering
from guidekit.sphinx_ext.links import (
    content_text,
    current_docname,
)

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


class next_step(nodes.General, nodes.Element):
    """The "Next:" line at the end of a step page."""


def locate_literal_lines(parent: nodes.Element, path: str, rendered: Rendered) -> None:
    """Give each literal block rendered from ``path`` the exact template line of each
    of its lines (``guidekit_source_lines``), so that checkers such as ``-b cmdlint``
    report the line a writer edits, also inside expanded ``{{ }}`` and after
    vanished ``{% %}`` lines."""
    for node in parent.findall(nodes.literal_block):
        if node.get("guidekit_source_lines") is not None or node.source != path:
            continue  # a nested procedure's block, located by its own rendering
        found = rendered.block_lines(node.astext().split("\n"), int(node.line or 1))
        node["guidekit_source_lines"] = [list(pair) for pair in found] if found else []


class AssemblyDirective(SphinxDirective):
    """Shared machinery: render a procedure into nodes."""

    def guide(self, guide_id: str) -> Guide:
        guide = get_project(self.env).manifest.guide(guide_id)
        if guide is None:
            raise GuideError(f"unknown guide {guide_id!r}", *self.get_source_info(), Kind.MANIFEST)
        return guide

    def renderer(self) -> Any:
        renderer = myst.renderer_of(self.state)
        if renderer is None:
            raise GuideError(
                f"{{{self.name}}} works in MyST Markdown files only",
                *self.get_source_info(),
                Kind.ASSEMBLY,
            )
        return renderer

    def render_procedure(
        self,
        proc: Procedure,
        given: dict[str, Any],
        guide: Guide,
        label: str | None,
        where: tuple[str, int | None],
        into: nodes.Element | None = None,
    ) -> list[nodes.Node]:
        """Render ``proc`` as a section (``label`` given) or inline (no label)

        Inline content goes into ``into``, or where the directive stands."""
        project = get_project(self.env)
        why = proc.applies(guide.facets)
        if why:
            raise GuideError(
                f"procedure {proc.id!r} does not fit guide {guide.id!r}: {why}", *where, Kind.FACETS
            )
        params, problems = bind_params(proc, given)
        if problems:
            raise GuideError(problems[0], *where, Kind.PARAMS)
        stack: list[str] = self.env.temp_data.setdefault("guidekit_stack", [])  # type: ignore[assignment]
        if proc.id in stack:
            chain = " -> ".join([*stack, proc.id])
            raise GuideError(f"include cycle: {chain}", *where, Kind.CYCLE)
        context = {**guide_context(guide, project.manifest, project.matrix), "params": params}
        # The page depends on the file before it renders: when rendering fails, the
        # fix must make the next build read the page again.
        self.env.note_dependency(proc.path)
        rendered = render_template(proc.body, context, proc.path, proc.body_line)
        renderer = self.renderer()

        parent: nodes.Element
        if label is not None:
            title = render_inline(proc.text("title", params), context, proc.path, proc.title_line)
            parent = nodes.section(
                ids=[nodes.make_id(label)], names=[label], classes=[f"procedure-{proc.id}"]
            )
            parent += nodes.title(title, title)
            parent.source, parent.line = proc.path, proc.body_line
            self.state.document.note_explicit_target(parent)
            guide_domain(self.env).note_section(current_docname(self.env), guide.id, proc.id, label)
        else:
            parent = into if into is not None else myst.current_node(renderer)
        # where this procedure is included from, for the sequence check's messages
        temp = self.env.temp_data
        via: list[tuple[str, int]] = list(temp.get("guidekit_via") or [])
        if stack:
            via.append(include_site(temp.get("guidekit_rendered"), proc.id, where))
        stack.append(proc.id)
        saved = {
            key: temp.get(key) for key in ("guidekit_guide", "guidekit_via", "guidekit_rendered")
        }
        temp.update(guidekit_guide=guide.id, guidekit_via=via, guidekit_rendered=rendered)
        first = len(parent.children)
        try:
            with myst.parse_as(renderer, proc.path, rendered.source_line):
                myst.render_text(renderer, rendered.text, parent, section_root=label is not None)
            locate_literal_lines(parent, proc.path, rendered)
            mark_rendering(parent.children[first:], proc.path, rendered, via)
        finally:
            stack.pop()
            for key, value in saved.items():
                temp[key] = value
        return [parent] if label is not None else []


def translation_source(env: BuildEnvironment, text: str) -> tuple[str, int] | None:
    """The catalog file and line of the build language whose translation holds
    ``text`` (the page being read is a stub; the writer edits the catalog)."""
    language = env.config.language
    for directory in env.config.locale_dirs:
        folder = Path(env.srcdir, directory, language, "LC_MESSAGES")
        for po in sorted(folder.glob("*.po")) if folder.is_dir() else ():
            for number, row in enumerate(po.read_text("utf-8", "replace").splitlines(), 1):
                if text in row:
                    return str(po), number
    return None


def condition_text(step: Step, manifest_path: str) -> nodes.Element:
    """The reader's case of an alternative (``if:``), content translated through the
    guides' catalog like the manifest's titles."""
    text = content_text(step.condition, step.condition)
    text.source, text.line = manifest_path, step.line
    return text


def alternative_head(item: Item, branch: Branch, manifest_path: str) -> nodes.paragraph:
    """``7A. <case>:``, the start of an alternative's entry in a list of choices."""
    head = nodes.paragraph()
    head += nodes.strong("", f"{item.number}{branch.letter}. ")
    head += nodes.emphasis("", "", condition_text(branch.steps[0], manifest_path))
    head += nodes.Text(":")
    return head
