"""``{guide} ID``: a guide's front page, its intro, numbered overview and page tree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from guidekit.l10n.messages import _
from guidekit.model.errors import GuideError
from guidekit.model.manifest import Guide, guide_context
from guidekit.model.procedures import bind_params
from guidekit.model.templating import render_inline
from guidekit.sphinx_ext.content_dependencies import note_content_dependency
from guidekit.sphinx_ext.context import get_project, report
from guidekit.sphinx_ext.domain import guide_domain
from guidekit.sphinx_ext.links import (
    doc_link,
    generated,
    make_toctree,
)
from guidekit.sphinx_ext.preflight import candidate_box
from guidekit.sphinx_ext.single_page import PAGE as SINGLE_PAGE

if TYPE_CHECKING:
    pass

from guidekit.sphinx_ext.assembly.base import (
    AssemblyDirective,
    alternative_head,
    next_step,
)


class GuideDirective(AssemblyDirective):
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
        """ "Before you start": every check of the state model, until every page is
        read and the walk says what the guide relies on (sphinx_ext.preflight)."""
        states = guide_domain(self.env).build.states_path
        if states:
            # By content: the checks change only when what states.yaml says does.
            note_content_dependency(self.env, states)
        return candidate_box(self.renderer(), self.env, guide)

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
                head = alternative_head(item, branch, path)
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
