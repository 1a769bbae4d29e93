"""Directives that assemble guides from procedures.

- ``{guide} ID`` — a guide's front page: intro, numbered overview, page tree.
- ``{guide-step} ID SLUG`` — one step page: the procedure, then a "Next:" link.
- ``{procedure} ID`` (YAML parameters as content) — include a procedure.
- ``{procref}`ID``` — link to the step that runs a procedure in this guide.

Procedures are rendered with Jinja, then parsed by MyST with the procedure
file as the source, so every warning names the file a writer edits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from guidekit.compat import myst
from guidekit.l10n.messages import _
from guidekit.model import naming
from guidekit.model.errors import GuideError, Kind
from guidekit.model.manifest import Guide, Item, Step, guide_context
from guidekit.model.procedures import Procedure, bind_params
from guidekit.model.templating import Rendered, render_inline, render_template
from guidekit.model.yamldata import parse_yaml
from guidekit.sphinx_ext.content_dependencies import note_content_dependency
from guidekit.sphinx_ext.context import get_project, project_paths, report
from guidekit.sphinx_ext.domain import GuideDomain
from guidekit.sphinx_ext.flow_items import include_site, mark_rendering
from guidekit.sphinx_ext.links import (
    content_text,
    current_docname,
    doc_link,
    generated,
    make_toctree,
)
from guidekit.sphinx_ext.phase_checks import downtime_nodes, phase_nodes
from guidekit.sphinx_ext.preflight import preflight_nodes, walk_requirements
from guidekit.sphinx_ext.single_page import PAGE as SINGLE_PAGE

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


logger = logging.getLogger(__name__)


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


class _AssemblyDirective(SphinxDirective):
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
            self.env.get_domain("guidekit").note_section(  # type: ignore[attr-defined]
                current_docname(self.env), guide.id, proc.id, label
            )
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


class ProcedureDirective(_AssemblyDirective):
    """Include a procedure by id; the content holds its parameters as YAML."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        source, line = self.get_source_info()
        try:
            guide_id = self.env.temp_data.get("guidekit_guide")
            if guide_id is None:
                raise GuideError(
                    "{procedure} can only be used inside a procedure of a guide",
                    source,
                    line,
                    Kind.ASSEMBLY,
                )
            guide = self.guide(guide_id)
            proc = get_project(self.env).library.get(self.arguments[0])
            if proc is None:
                raise GuideError(
                    f"unknown procedure {self.arguments[0]!r}", source, line, Kind.UNKNOWN_PROCEDURE
                )
            given = parse_yaml("\n".join(self.content), source, line + 1) if self.content else {}
            if not isinstance(given, dict):
                raise GuideError(
                    "the parameters of {procedure} must be 'name: value' lines",
                    source,
                    line + 1,
                    Kind.PARAMS,
                )
            renderer = self.renderer()
            at_section_level = isinstance(
                myst.current_node(renderer), nodes.section | nodes.document
            )
            parent_label = str(self.env.temp_data.get("guidekit_label", guide.id))
            label = None
            if at_section_level:
                # The same procedure may be included twice on one page: number the repeats.
                used: set[str] = self.env.temp_data.setdefault(  # type: ignore[assignment]
                    "guidekit_labels", set()
                )
                label = naming.included_label(parent_label, proc.id, used)
            return self.render_procedure(proc, dict(given), guide, label, (source, line))
        except GuideError as error:
            report(error, (source, line), self.env)
            return []


class GuideStepDirective(_AssemblyDirective):
    """One step page of a guide (written into the stub pages)."""

    required_arguments = 2

    def run(self) -> list[nodes.Node]:
        project = get_project(self.env)
        guide_id, slug = self.arguments
        try:
            guide = self.guide(guide_id)
            index = guide.step_index(slug)
        except (GuideError, KeyError):
            report(
                GuideError(
                    f"no step {slug!r} in guide {guide_id!r}",
                    project.manifest.path,
                    None,
                    Kind.MANIFEST,
                ),
                env=self.env,
            )
            return []
        step = guide.steps[index]
        for path in project.data_files:
            self.env.note_dependency(path)
        proc = project.library.procedures[step.procedure]
        label = guide.step_label(step)
        self.env.temp_data["guidekit_label"] = label
        try:
            result = self.render_procedure(
                proc, step.params, guide, label, (project.manifest.path, step.line)
            )
        except GuideError as error:
            report(error, env=self.env)
            # A titled page, so the error is not followed by "no title" warnings.
            failed = nodes.section(ids=[nodes.make_id(label)], names=[label])
            failed += nodes.title(proc.id, proc.id)
            return [failed]
        section = result[0]
        assert isinstance(section, nodes.section)
        if step.optional:
            section["classes"].append("guidekit-optional")
        if step.group is not None:
            section["classes"].append("guidekit-alternative")
            # Right under the title: this page is one way of doing the step.
            section.insert(1, self.choice_note(guide, step))
        top = 2 if step.group is not None else 1  # after the title and the choice note
        for node in reversed(self.phase_checks(proc, step, guide, downtime_nodes)):
            section.insert(top, node)
        section.extend(self.phase_checks(proc, step, guide, phase_nodes))
        section += self.next_line(guide, index)
        return result

    def phase_checks(
        self, proc: Procedure, step: Step, guide: Guide, make: Callable[..., list[nodes.Node]]
    ) -> list[nodes.Node]:
        """The boxes ``make`` renders from the procedure's declarations (how to check
        the step and how to go back; its downtime)."""
        if not proc.checks:
            return []
        project = get_project(self.env)
        params, _problems = bind_params(proc, step.params)  # bound once already
        context = {**guide_context(guide, project.manifest, project.matrix), "params": params}
        previous_guide = self.env.temp_data.get("guidekit_guide")
        self.env.temp_data["guidekit_guide"] = guide.id
        try:
            return make(self.renderer(), proc, context)
        except GuideError as error:
            report(error, env=self.env)
            return []
        finally:
            self.env.temp_data["guidekit_guide"] = previous_guide

    def choice_note(self, guide: Guide, step: Step) -> nodes.Element:
        """The choice this page belongs to: its number, every alternative with its
        number and case (this page marked), and the step to continue with."""
        item = guide.item_of(step)
        note = nodes.container(classes=["guidekit-choice"])
        note += generated(
            nodes.paragraph(
                "",
                _(
                    "Step {number} is a choice: follow only the alternative that fits your "
                    "environment."
                ).format(number=item.number),
            )
        )
        note += self.alternatives_list(guide, item, step)
        after = guide.next_index(guide.steps.index(item.steps[-1]))
        if after is not None:
            para = nodes.paragraph()
            para += nodes.Text(
                _("Then continue with step {number}:").format(
                    number=guide.number(guide.steps[after])
                )
                + " "
            )
            para += doc_link(guide.step_docname(guide.steps[after]), None)
            note += para
        return note

    def alternatives_list(
        self, guide: Guide, item: Item, here: Step | None = None
    ) -> nodes.bullet_list:
        """One entry per alternative of a choice: ``7A. <case>: <link>``, the steps
        of an alternative of several steps one after the other."""
        path = get_project(self.env).manifest.path
        choices = nodes.bullet_list(classes=["guidekit-alternatives"])
        for branch in item.branches:
            para = nodes.paragraph()
            para += nodes.strong("", f"{item.number}{branch.letter}. ")
            para += nodes.emphasis("", "", condition_text(branch.steps[0], path))
            para += nodes.Text(": ")
            for position, step in enumerate(branch.steps):
                if position:
                    para += nodes.Text(_(", "))
                if len(branch.steps) > 1:
                    para += nodes.Text(f"{guide.number(step)}. ")
                para += doc_link(guide.step_docname(step), None)
                if step is here:
                    para += generated(nodes.strong("", " " + _("(this page)")))
            choices += nodes.list_item("", para)
        return choices

    def next_line(self, guide: Guide, index: int) -> nodes.Node:
        node = next_step()
        branch = guide.branch_of(guide.steps[index])
        if branch is not None and guide.steps[index] is branch.steps[-1]:
            node["pdf"] = True  # on paper too: the next page is another alternative
        para = nodes.paragraph()
        following = guide.next_index(index)
        if following is not None:
            target = guide.steps[following]
            item = guide.item_of(target)
            para += nodes.strong("", _("Next:") + " ")
            if item.is_choice and guide.steps[index] not in item.steps:
                # Into a choice: every alternative, not only the first.
                para += nodes.Text(_("step {number}, one of:").format(number=item.number))
                node += para
                node += self.alternatives_list(guide, item)
                return node
            if node.get("pdf"):  # the end of an alternative: where the reader goes on
                para.clear()
                para += nodes.strong(
                    "",
                    _("Then continue with step {number}:").format(number=guide.number(target))
                    + " ",
                )
            else:
                para += nodes.Text(f"{guide.number(target)}. ")
            para += doc_link(guide.step_docname(target), None)
        else:
            para += nodes.Text(_("This is the last step.") + " ")
            para += doc_link(guide.docname, _("Back to the overview"))
            after = get_project(self.env).manifest.following(guide)
            if after is not None:
                node += para
                para = nodes.paragraph()
                para += nodes.strong("", _("Next guide:") + " ")
                para += doc_link(
                    after.docname, None, (get_project(self.env).manifest.path, after.line)
                )
        node += para
        return node


class GuideDirective(_AssemblyDirective):
    """A guide's front page: title, introduction, overview list, page tree."""

    required_arguments = 1
    option_spec = {"maxdepth": directives.nonnegative_int}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        project = get_project(self.env)
        try:
            guide = self.guide(self.arguments[0])
        except GuideError as error:
            report(error, self.get_source_info(), self.env)
            return []
        for path in project.data_files:
            self.env.note_dependency(path)
        context = guide_context(guide, project.manifest, project.matrix)
        section = nodes.section(ids=[nodes.make_id(guide.id)], names=[guide.id])
        section += nodes.title(guide.title, guide.title)
        self.state.document.note_explicit_target(section)
        sentence = project.manifest.kind(guide).sentence
        section += generated(
            nodes.paragraph("", intro_sentence(guide, project.manifest.product, sentence))
        )
        section += self.pdf_link(guide)
        if any(step.group is not None for step in guide.steps):
            section += generated(
                nodes.paragraph(
                    "",
                    _(
                        "Where a step offers alternatives, follow only the one that fits your "
                        "environment."
                    ),
                )
            )
        self.env.temp_data["guidekit_label"] = guide.id
        for step in guide.intro:
            # Intro procedures come before the overview, as topics rather than sections.
            proc = project.library.procedures[step.procedure]
            params, _unused = bind_params(proc, step.params)
            self.env.note_dependency(proc.path)
            topic = nodes.container(classes=["guidekit-intro"])
            section += topic
            try:
                title = render_inline(
                    proc.text("title", params),
                    {**context, "params": params},
                    proc.path,
                    proc.title_line,
                )
                topic += nodes.rubric(title, title)
                self.render_procedure(
                    proc, step.params, guide, None, (project.manifest.path, step.line), into=topic
                )
            except GuideError as error:
                report(error, env=self.env)
        section += self.preflight(guide)
        section += generated(nodes.rubric("", _("Overview")))
        section += self.overview(guide, context)
        section += self.toctree(guide)
        first = next_step()
        first += nodes.paragraph(
            "",
            "",
            nodes.strong("", _("Start:") + " "),
            doc_link(guide.step_docname(guide.steps[0]), None),
        )
        section += first
        return [section]

    def preflight(self, guide: Guide) -> list[nodes.Node]:
        """ "Before you start": what the guide relies on at its start, from the
        state model; a state it relies on without a check is a build error."""
        project = get_project(self.env)
        try:
            requirements, files = walk_requirements(self.env, guide)
            # By content: the list changes only when what these files say does.
            for path in files:
                note_content_dependency(self.env, path)
            domain: GuideDomain = self.env.get_domain("guidekit")  # type: ignore[assignment]
            domain.note_preflight(self.env.docname, guide.id, requirements)
            states = project_paths(self.env.app).states
            return preflight_nodes(self.renderer(), self.env, requirements, str(states))
        except GuideError as error:
            report(error, (project.manifest.path, guide.line), self.env)
            return []

    def pdf_link(self, guide: Guide) -> list[nodes.Node]:
        """In HTML, a link to the guide's PDF in the same language (``guidekit_pdf_url``)."""
        only = addnodes.only(expr="html")
        # The whole guide on one page (guidekit.sphinx_ext.single_page), for Ctrl-F and print.
        single = nodes.paragraph(classes=["guidekit-single-link"])
        single += nodes.reference("", _("This guide on one page"), refuri=SINGLE_PAGE)
        only += single
        pattern = self.config.guidekit_pdf_url
        if pattern:
            up = "../" * self.env.docname.count("/")
            url = up + pattern.format(language=self.config.language or "en", guide=guide.id)
            para = nodes.paragraph(classes=["guidekit-pdf-link"])
            para += nodes.reference("", _("This guide as a PDF"), refuri=url)
            only += para
        return [only]

    def overview(self, guide: Guide, context: dict[str, Any]) -> nodes.enumerated_list:
        """The numbered list of what the guide does, one item per step."""
        library = get_project(self.env).library
        items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        items["classes"].append("guidekit-overview")
        path = get_project(self.env).manifest.path
        for item in guide.outline():
            entries: list[nodes.paragraph] = []
            for step in item.steps:
                proc = library.procedures[step.procedure]
                params, _unused = bind_params(proc, step.params)
                note_content_dependency(self.env, proc.path)  # the summaries are on this page
                try:
                    summary = render_inline(
                        proc.text("summary", params),
                        {**context, "params": params},
                        proc.path,
                        proc.summary_line,
                    )
                except GuideError as error:
                    report(error, env=self.env)
                    summary = proc.id
                para = nodes.paragraph()
                if step.optional:
                    para += nodes.emphasis("", _("Optional:") + " ")
                para += doc_link(
                    guide.step_docname(step), summary, (proc.path, proc.front_matter_line)
                )
                entries.append(para)
            if not item.is_choice:
                items += nodes.list_item("", entries[0])
                continue
            # A choice is one step of the overview: its alternatives are 7A, 7B...
            choice = nodes.list_item(classes=["guidekit-choice"])
            choice += generated(nodes.paragraph("", _("Do one of the following:")))
            alternatives = nodes.bullet_list(classes=["guidekit-alternatives"])
            for branch in item.branches:
                head = nodes.paragraph()
                head += nodes.strong("", f"{item.number}{branch.letter}. ")
                head += nodes.emphasis("", "", condition_text(branch.steps[0], path))
                head += nodes.Text(":")
                entry = nodes.list_item("", head)
                steps = [entries[item.steps.index(s)] for s in branch.steps]
                if len(steps) == 1:
                    head += nodes.Text(" ")
                    head.extend(steps[0].children)
                else:
                    inner = nodes.bullet_list()
                    for step, para in zip(branch.steps, steps, strict=True):
                        para.insert(0, nodes.strong("", f"{guide.number(step)}. "))
                        inner += nodes.list_item("", para)
                    entry += inner
                alternatives += entry
            choice += alternatives
            items += choice
        return items

    def toctree(self, guide: Guide) -> nodes.compound:
        docs = [guide.step_docname(s) for s in guide.steps]
        return make_toctree(self, docs, numbered=True, maxdepth=self.options.get("maxdepth", 2))


def condition_text(step: Step, manifest_path: str) -> nodes.Element:
    """The reader's case of an alternative (``if:``), content translated through the
    guides' catalog like the manifest's titles."""
    text = content_text(step.condition, step.condition)
    text.source, text.line = manifest_path, step.line
    return text


def intro_sentence(guide: Guide, product: str, sentence: str) -> str:
    """What the guide does, in the build language (its title names the topology);
    ``product`` is the manifest's product name, ``sentence`` its kind's (``kinds:``)."""
    if sentence == "upgrade":
        return _(
            "These steps upgrade {product} from {source} to {target}; follow them in order."
        ).format(product=product, source=guide.from_version, target=guide.to_version)
    if sentence == "update":
        return _(
            "These steps update {product} {version} to its latest minor "
            "release; follow them in order."
        ).format(product=product, version=guide.to_version)
    return _("A supplementary procedure for {product} {version}.").format(
        product=product, version=guide.to_version
    )


class ProcRefRole(SphinxRole):
    """``{procref}`ID``` — link to the step of the current guide that runs ID."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        project = get_project(self.env)
        # While a page is parsed, the directive sets the guide; when a translated
        # message is parsed later (i18n), only the page name tells the guide.
        guide_id = self.env.temp_data.get("guidekit_guide")
        page = project.manifest.page(self.env.docname)
        guide = project.manifest.guide(guide_id) if guide_id else page[0] if page else None
        target = self.text.strip()
        step: Step | None = None
        if guide is not None:
            step = next((s for s in guide.steps if target in (s.procedure, s.slug)), None)
        if guide is None or step is None:
            where = f"guide {guide.id!r}" if guide else "this page"
            source, line = self.get_source_info()
            if guide_id is None:  # a translated message: name the catalog entry
                role = f"{{{self.name}}}`{self.text}`"  # as MyST text, not self.rawtext
                source, line = translation_source(self.env, role) or (source, line)
            report(
                GuideError(
                    f"{{procref}}: no step of {where} runs procedure {target!r}",
                    source,
                    line,
                    Kind.PROCREF,
                ),
                env=self.env,
            )
            if guide is not None:  # still a link, or i18n warns of a lost reference too
                return [doc_link(guide.docname, target)], []
            return [nodes.literal(target, target)], []
        return [doc_link(guide.step_docname(step), None)], []


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
