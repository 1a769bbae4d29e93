"""``{document}``: a link to another document, from the references table.

``{document}`administration-guide``` shows the document's title in the build
language, as a citation, linked to that document in the same language and for
the release the guide leads to (:mod:`guidekit.model.references`). Titles are
data, so a translator does not translate them and a reader never meets an
English link in a Japanese page.

The build also refuses a document's title written as plain emphasis
(``*Administration Guide*``) where the table has it: such a citation would be a
dead end on paper and on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxRole

from guidekit.model.errors import GuideError, Kind
from guidekit.model.references import References, load_references
from guidekit.sphinx_ext.assembly import translation_source
from guidekit.sphinx_ext.context import get_project, report
from guidekit.sphinx_ext.domain import guide_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def references_of(env: BuildEnvironment) -> References | None:
    return guide_domain(env).build.references


def _load(app: Sphinx) -> None:
    path = Path(app.confdir) / app.config.guidekit_references
    languages = tuple(app.config.guidekit_languages or [app.config.language or "en"])
    try:
        table = load_references(path, languages)
    except GuideError as error:
        report(error, env=app.env)
        table = None
    build = guide_domain(app.env).build
    build.references = table
    if table is not None:
        # Every page that cites a document depends on the table.
        build.references_path = str(path)


def _guide_version(env: BuildEnvironment) -> str:
    project = get_project(env)
    guide_id = env.temp_data.get("guidekit_guide")
    page = project.manifest.page(env.docname)
    guide = project.manifest.guide(guide_id) if guide_id else page[0] if page else None
    if guide is not None:
        return str(guide.to_version)
    return str(env.config.release or env.config.version or "")


class DocumentRole(SphinxRole):
    """``{document}`ID``` — the title of document ID, linked (references table)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        doc_id = self.text.strip()
        table = references_of(self.env)
        language = self.env.config.language or "en"
        path = guide_domain(self.env).build.references_path
        if path:
            self.env.note_dependency(path)
        if table is None or doc_id not in table.documents:
            source, line = self.get_source_info()
            if self.env.temp_data.get("guidekit_guide") is None:
                role = f"{{{self.name}}}`{self.text}`"
                source, line = translation_source(self.env, role) or (source, line)
            where = (
                f"the references table ({table.path})"
                if table is not None
                else "a references table (guidekit_references in conf.py)"
            )
            report(
                GuideError(
                    f"{{document}}: {doc_id!r} is not in {where}", source, line, Kind.REFERENCE
                ),
                env=self.env,
            )
            return [nodes.emphasis(doc_id, doc_id)], []
        citation = table.cite(doc_id, language, _guide_version(self.env))
        title = nodes.emphasis(citation.title, citation.title)
        link = nodes.reference(
            "", "", title, refuri=citation.url, internal=False, classes=["guidekit-document"]
        )
        return [link], []


class UnlinkedCitations(SphinxPostTransform):
    """A document's title as plain emphasis, where the table has it, is an error."""

    default_priority = 210

    def run(self, **kwargs: Any) -> None:
        table = references_of(self.env)
        if table is None:
            return
        titles = table.titles(self.env.config.language or "en")
        for emphasis in list(self.document.findall(nodes.emphasis)):
            text = emphasis.astext().strip()
            if text not in titles or isinstance(emphasis.parent, nodes.reference):
                continue
            source, line = emphasis.source or self.document["source"], emphasis.line
            node: nodes.Node | None = emphasis
            while (source is None or line is None) and node is not None:
                node = node.parent
                if node is not None:
                    source = source or node.source
                    line = line or node.line
            report(
                GuideError(
                    f"{text!r} is a document of the references table: write "
                    f"{{document}}`{titles[text]}` to link it",
                    source,
                    line,
                    Kind.REFERENCE,
                ),
                env=self.env,
            )


def setup_documents(app: Sphinx) -> None:
    app.add_role("document", DocumentRole())
    app.add_post_transform(UnlinkedCitations)
    app.connect("builder-inited", _load)
