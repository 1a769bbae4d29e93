"""``{guide-step} ID SLUG``: one step page, the procedure and then a "Next:" link."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from docutils import nodes

from guidekit.l10n.messages import _
from guidekit.model.errors import GuideError, Kind
from guidekit.model.manifest import Guide, Item, Step, guide_context
from guidekit.model.procedures import Procedure, bind_params
from guidekit.sphinx_ext.context import get_project, report
from guidekit.sphinx_ext.links import (
    doc_link,
    generated,
)
from guidekit.sphinx_ext.phase_checks import downtime_nodes, phase_nodes

if TYPE_CHECKING:
    pass

from guidekit.sphinx_ext.assembly.base import (
    AssemblyDirective,
    alternative_head,
    next_step,
)


class GuideStepDirective(AssemblyDirective):
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
            para = alternative_head(item, branch, path)
            para += nodes.Text(" ")
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
