"""``{procedure} ID`` (YAML parameters as content) includes a procedure; ``{procref}`ID```
links to the step of the current guide that runs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from guidekit.compat import myst
from guidekit.model import naming
from guidekit.model.errors import GuideError, Kind
from guidekit.model.manifest import Step
from guidekit.model.yamldata import parse_yaml
from guidekit.sphinx_ext.context import get_project, report
from guidekit.sphinx_ext.links import (
    doc_link,
)

if TYPE_CHECKING:
    pass

from guidekit.sphinx_ext.assembly.base import (
    AssemblyDirective,
    translation_source,
)


class ProcedureDirective(AssemblyDirective):
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
