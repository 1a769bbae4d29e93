"""The LaTeX translator of guide documents: Sphinx's, with the title page facts
of the guide, the guide's step numbers as chapter numbers, page numbers after
links to other steps, and long code lines broken where guidekit.pdf.wrap
chooses."""

from __future__ import annotations

from contextlib import suppress
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from docutils import nodes as nodes_
from docutils.nodes import SkipNode, Text
from sphinx.locale import get_translation
from sphinx.writers.latex import LaTeXTranslator

from guidekit.l10n.messages import N_, _
from guidekit.l10n.sphinx.content import content_translator
from guidekit.model.manifest import Guide, Step
from guidekit.pdf.japanese import keep_together
from guidekit.pdf.preamble import tex_escape
from guidekit.pdf.title_page import (
    REPORT_PROBLEM,
    WEB_GUIDE,
    WEB_HELPER,
    after_sentence,
    build_date,
    pdf_date,
    title_macros,
    web_url,
)
from guidekit.pdf.wrap import FilePart, break_commands, break_file
from guidekit.sphinx_ext.assembly import next_step
from guidekit.sphinx_ext.context import helper_pages, loaded_project, project_paths
from guidekit.sphinx_ext.feedback import feedback_link

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.builders.latex import LaTeXBuilder
    from sphinx.builders.latex.theming import Theme


#: The chapter of a guide's front page in the PDF.
ABOUT = N_("About this guide")


#: After a link of the overview, a choice or a "continue with" line: its page.
PAGE = N_("(page {page})")


#: Where links lead to other steps: the reader of paper needs their page numbers.
NAVIGATION_CLASSES = ("guidekit-overview", "guidekit-choice", "guidekit-alternatives")


def _in_navigation(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, next_step) or any(
            c in NAVIGATION_CLASSES for c in parent.get("classes", [])
        ):
            return True
        parent = parent.parent
    return False


def visit_next_step(self: LaTeXTranslator, node: nodes.Element) -> None:
    """In the PDF, the "Next:" line only where the next page is not the next
    step: after the last step of an alternative ("continue with step 8")."""
    if not node.get("pdf"):
        raise SkipNode


def depart_next_step(self: LaTeXTranslator, node: nodes.Element) -> None:
    pass


def _translate(builder: LaTeXBuilder, docname: str, text: str) -> str:
    """``text`` through guidekit's UI catalog, else the catalog of ``docname``."""
    config = builder.config
    if not config.language or config.language == "en":
        return text
    if _(text) != text:
        return _(text)
    return content_translator(config, builder.srcdir, docname)(text)


#: Characters of a code line that fit the text width of the PDF (A4, 10pt,
#: Sphinx's margins), and how many fewer each level of list indentation leaves.
CODE_WIDTH = 84
LIST_INDENT = 6


def code_width(node: nodes.Element) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        if parent.tagname == "list_item":
            depth += 1
        parent = parent.parent
    return max(CODE_WIDTH - LIST_INDENT * depth, 40)


def _break_long_commands(node: nodes.Element) -> None:
    """Long commands broken between arguments, with "\\" (guidekit.pdf.wrap)."""
    text = break_commands(node.astext(), code_width(node))
    if text != node.astext():
        node.rawsource = text
        node.children = []
        node += Text(text)


def _cut_file_lines(node: nodes.Element, text: str) -> list[FilePart]:
    """File contents cut where guidekit.pdf.wrap chooses, not at a dot: the parts
    of its lines, or none when no line is cut (or the text starts or ends with a
    blank line)."""
    if text.strip("\n") != text:
        return []
    parts = break_file(text, code_width(node))
    if not any(part.continues for part in parts):
        return []
    node.rawsource = "\n".join(part.text for part in parts)
    node.children = [Text(node.rawsource)]
    return parts


class GuideLaTeXTranslator(LaTeXTranslator):
    """Sphinx's LaTeX translator, with the title page facts of the guide, the
    guide's step numbers as chapter numbers, and page numbers after the links of
    the overview, choice boxes and "continue with" lines."""

    def visit_reference(self, node: nodes.Element) -> None:
        super().visit_reference(node)
        uri = node.get("refuri", "")
        if (
            uri.startswith("%")
            and self.context
            and self.context[-1] == "}}}"
            and _in_navigation(node)
        ):
            target = uri[1:] + "::doc" if "#" not in uri else uri[1:].replace("#", ":")
            before, _sep, after = _(PAGE).partition("{page}")
            page = rf"\pageref*{{{self.idescape(target)}}}"
            self.context[-1] += " " + self.escape(before) + page + self.escape(after)

    def visit_literal_block(self, node: nodes.Element) -> None:
        classes: list[str] = node.get("classes", [])
        if "guidekit-command" in classes:
            _break_long_commands(node)
        text = node.astext()
        parts = _cut_file_lines(node, text) if "guidekit-file" in classes else []
        output = "guidekit-output" in classes
        if output:
            self.body.append("\n\\begingroup\\guidekitoutputstyle")
        start = len(self.body)
        try:
            super().visit_literal_block(node)
        except SkipNode:
            if parts and not self._mark_parts(parts, start):
                # Not one highlighted line per part: the block as written, LaTeX wraps it.
                del self.body[start:]
                node.rawsource = text
                node.children = [Text(text)]
                with suppress(SkipNode):
                    super().visit_literal_block(node)
            # Sphinx writes the whole block in visit: the group ends here.
            if output:
                self.body.append("\\endgroup\n")
            raise

    def _mark_parts(self, parts: list[FilePart], start: int) -> bool:
        """LaTeX's own marks on the parts of a file's lines: the wrap mark before a
        part that continues a line, the mark of a blank after one cut at a blank."""
        found = [
            i for i in range(start, len(self.body)) if r"\begin{sphinxVerbatim" in self.body[i]
        ]
        if not found:
            return False
        index = found[-1]
        lines = self.body[index].split("\n")
        first = next(i for i, line in enumerate(lines) if r"\begin{sphinxVerbatim" in line) + 1
        if lines[first + len(parts) : first + len(parts) + 1] != [r"\end{sphinxVerbatim}"]:
            return False
        for offset, part in enumerate(parts):
            line = lines[first + offset]
            if part.continues:
                line = r"\sphinxafterbreak{}" + line
            if part.at_blank:
                line += r"{\copy\sphinxvisiblespacebox}"
            lines[first + offset] = line
        self.body[index] = "\n".join(lines)
        return True

    def depart_literal_block(self, node: nodes.Element) -> None:
        super().depart_literal_block(node)
        if "guidekit-output" in node.get("classes", []):
            self.body.append("\\endgroup\n")

    def __init__(self, document: nodes.document, builder: LaTeXBuilder, theme: Theme) -> None:
        super().__init__(document, builder, theme)
        docname = getattr(self.settings, "_docname", "")
        project = loaded_project(builder.env)
        if project is None:
            return
        guide = next((g for g in project.manifest.guides if g.docname == docname), None)
        if guide is None:
            return
        label = project.manifest.topologies.get(guide.topology, guide.topology)
        language = self.config.language or "en"
        self.elements["preamble"] += title_macros(
            guide,
            _translate(builder, docname, label),
            language,
            self.config.latex_engine,
            project.manifest.product,
            self._web_links(docname, language),
        )
        # The release is the guide's own (4.3 for 4.2 -> 4.3), not conf.py's.
        self.elements["release"] = self.escape(guide.to_version)
        self.elements["date"] = pdf_date(self.config.language or "en", build_date())
        # conf.py's author, translated like the rest of the page chrome (sphinx.po).
        author = str(get_translation("sphinx")(self.config.author))
        self.elements["author"] = tex_escape(author, self.config.latex_engine)

    def _web_links(self, docname: str, language: str) -> list[tuple[str, str]]:
        """(text, URL) of this guide's HTML edition and of the upgrade helper, in the
        published site (guidekit.model.paths: ``<lang>/`` beside ``pdf/<lang>/``), and
        of the feedback form when conf.py gives ``guidekit_feedback_url``."""
        paths = project_paths(self.builder.app)
        folder = PurePosixPath(paths.pdf_folder(language).relative_to(paths.site).as_posix())
        suffix = self.config.html_file_suffix or ".html"
        baseurl = self.config.html_baseurl or ""
        pages = [(WEB_GUIDE, docname)]
        pages += [(WEB_HELPER, d) for d in helper_pages(self.builder.env)[:1]]
        links = [(_(text), web_url(doc + suffix, language, folder, baseurl)) for text, doc in pages]
        # The feedback address, filled in for the guide: its title, and the path
        # of its HTML front page, as the footer of that page fills it in.
        title = self.builder.env.titles.get(docname)
        text = title.astext().strip() if title is not None else docname
        report = feedback_link(self.builder.app, docname, text, target=docname + suffix)
        return [*links, (_(REPORT_PROBLEM), report)] if report else links

    def visit_Text(self, node: Text) -> None:
        title = node.parent
        if (
            self.config.language == "ja"
            and isinstance(title, nodes_.title)
            and isinstance(title.parent, nodes_.section)
            and title.children[-1] is node
        ):
            head, tail = keep_together(node.astext())
            if tail:
                tail = rf"\guidekitnobreak{{{self.encode(tail)}}}"
                self.body.append(self.encode(head) + tail)
                return
        super().visit_Text(node)

    def _page(self, docname: str) -> tuple[Guide, Step | None] | None:
        project = loaded_project(self.builder.env)
        return project.manifest.page(docname) if project is not None else None

    def _choice_entry(self, guide: Guide, step: Step) -> str:
        """Before a step's chapter: a choice's entry in the contents and bookmarks,
        in the words of the HTML overview, before its first alternative; the end
        of the choice's level before the next plain step."""
        item = guide.item_of(step)
        if not item.is_choice:
            return "\\guidekitchoiceend\n"
        if step is not item.steps[0]:
            return ""
        docname = self.curfilestack[-1]
        cases = _(" or ").join(
            f"{item.number}{branch.letter} {_translate(self.builder, docname, branch.condition)}"
            for branch in item.branches
        )
        lead = _("Do one of the following:")
        title = self.escape(lead + after_sentence(lead) + cases)
        return rf"\guidekitchoice{{{item.number}}}{{{title}}}" + "\n"

    def visit_title(self, node: nodes.Element) -> None:
        was_title = self.this_is_the_title
        if (
            isinstance(node.parent, nodes_.section)
            and not was_title
            and self.sectionlevel == self.top_sectionlevel
            and self.curfilestack
        ):
            page = self._page(self.curfilestack[-1])
            if page is not None and page[1] is not None:
                # The chapter's number is the step's number in the guide (7, 7A,
                # 7A.1), as in HTML and the checklists; LaTeX's counter still counts
                # for unique anchors.
                number = self.escape(page[0].number(page[1]))
                self.body.append(self._choice_entry(page[0], page[1]))
                self.body.append(rf"\renewcommand{{\thechapter}}{{{number}}}" + "\n")
        try:
            super().visit_title(node)
        except SkipNode:
            if was_title:
                # What comes before the first step (introduction, considerations,
                # overview) is a chapter of its own in the contents and bookmarks.
                name = self.escape(_(ABOUT))
                self.body.append(
                    rf"\chapter*{{{name}}}\addcontentsline{{toc}}{{chapter}}"
                    rf"{{{name}}}\markboth{{{name}}}{{{name}}}" + "\n"
                )
            raise
