"""``{guide-list}``: the landing page's list of guides, by topology and path."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from guidekit.model.matrix import version_key
from guidekit.sphinx_ext.context import get_project
from guidekit.sphinx_ext.links import doc_link, make_toctree


class GuideListDirective(SphinxDirective):
    """Every guide of the manifest, grouped by topology, newest path first."""

    def run(self) -> list[nodes.Node]:
        project = get_project(self.env)
        manifest = project.manifest
        self.env.note_dependency(manifest.path)
        result: list[nodes.Node] = []
        for topology, label in manifest.topologies.items():
            guides = [g for g in manifest.guides if g.topology == topology]
            if not guides:
                continue
            guides.sort(
                key=lambda g: (
                    not manifest.kind(g).path,
                    [-n for n in version_key(g.to_version)],
                    [-n for n in version_key(g.from_version)],
                )
            )
            heading = nodes.rubric(label, label)
            heading.source, heading.line = str(manifest.path), 1
            result.append(heading)
            items = nodes.bullet_list(classes=["guidekit-guide-list"])
            for guide in guides:
                para = nodes.paragraph()
                para += doc_link(guide.docname, guide.title, (str(manifest.path), guide.line))
                items += nodes.list_item("", para)
            result.append(items)
        docs = [g.docname for g in manifest.guides]
        result.append(make_toctree(self, docs, numbered=False, maxdepth=1))
        return result
