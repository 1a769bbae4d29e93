"""Nodes and links the extension places in pages: links to pages, page trees,
and text that is content (translated through the guides' catalog) or UI
(already translated through ``_``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def current_docname(env: BuildEnvironment) -> str:
    current = getattr(env, "current_document", None)
    return str(current.docname if current is not None else env.docname)


class content_text(nodes.inline, addnodes.translatable):
    """Content text placed by the extension (a summary or title taken from a
    procedure or the manifest), translated through the guides' catalog like
    the text of a page, with the location of its source file."""

    def preserve_original_messages(self) -> None:
        self["original_text"] = self.astext()

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        if self.astext() == original_message:
            self.clear()
            self += nodes.Text(translated_message)

    def extract_original_messages(self) -> list[str]:
        return [self.get("original_text", self.astext())]


def doc_link(
    docname: str, text: str | None, source: tuple[str, int] | None = None
) -> addnodes.pending_xref:
    """A link to a page, titled with ``text`` or the page's own title.

    With ``source`` (file, line) the text is content to translate; without
    it, it is UI text already translated by the caller.
    """
    if text and source:
        ref = addnodes.pending_xref(
            "",
            refdomain="guidekit",
            reftype="page",
            reftarget=docname,
            refexplicit=True,
            refwarn=True,
        )
        label = content_text(text, text)
        label.source, label.line = source
        ref += label
        return ref
    ref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget="/" + docname,
        refexplicit=text is not None,
        refwarn=True,
    )
    ref += nodes.inline(text or "", text or "")
    return ref


def make_toctree(
    directive: SphinxDirective, docs: list[str], *, numbered: bool, maxdepth: int
) -> nodes.compound:
    """A hidden page tree, as the toctree directive would build it."""
    tree = addnodes.toctree()
    settings: dict[str, Any] = {
        "parent": current_docname(directive.env),
        "entries": [(None, d) for d in docs],
        "includefiles": docs,
        "maxdepth": maxdepth,
        "caption": None,
        "glob": False,
        "hidden": True,
        "includehidden": False,
        "numbered": 999 if numbered else 0,
        "titlesonly": False,
    }
    for key, value in settings.items():
        tree[key] = value
    directive.set_source_info(tree)
    return nodes.compound("", tree, classes=["toctree-wrapper"])


def generated(node: nodes.Element) -> nodes.Element:
    """Mark text the extension wrote (already translated through ``_``) so the
    gettext builder does not extract it again into the guides' catalog."""
    node["translatable"] = False
    return node
