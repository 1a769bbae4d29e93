"""Each guide on one page: ``guides/<id>/all.html``.

Readers search a whole guide with Ctrl-F and print it from the browser. When
an HTML build has finished, the guide's front page and its steps (in the order
of the guide's page tree) are joined into one page: the front page's frame, the
steps' articles one after another with their headings one level down, links
between the guide's pages turned into links inside the page. The page is not
indexed for search (its steps are, one by one) and adds nothing to the PDF.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, Tag

from guidekit.l10n.messages import _
from guidekit.model.errors import GuideError, Kind
from guidekit.sphinx_ext.context import get_project, report
from guidekit.sphinx_ext.feedback import feedback_link
from guidekit.sphinx_ext.search_page import guide_names

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The file name of a guide's one-page edition, in the guide's folder.
PAGE = "all.html"


def guide_pages(env: BuildEnvironment, root: str) -> list[str]:
    """``root`` and every page under it in its page tree, in reading order."""
    pages: list[str] = []
    pending = [root]
    while pending:
        docname = pending.pop(0)
        if docname in pages:
            continue
        pages.append(docname)
        pending[0:0] = list(env.toctree_includes.get(docname, []))
    return pages


def _demote(article: Tag) -> None:
    """Headings one level down: the guide's title stays the page's only h1."""
    for heading in sorted(
        article.find_all(["h1", "h2", "h3", "h4", "h5"]), key=lambda h: -int(h.name[1])
    ):
        heading.name = f"h{int(heading.name[1]) + 1}"


#: Where a theme puts a page's content: Furo's <article>, the basic theme's body.
CONTENT = ("article", "div[role=main]", "div.body")


def _content(soup: BeautifulSoup) -> Tag | None:
    # find(), not CSS selectors: compiling those costs more than a small rebuild's join
    for found in (
        soup.find("article"),
        soup.find("div", attrs={"role": "main"}),
        soup.find("div", class_="body"),
    ):
        if isinstance(found, Tag):
            return found
    return None


def _step_content(markup: str) -> Tag | None:
    """A step page's content element. Only the markup from its first ``<article``
    to its last ``</article>`` is parsed when it has them: the rest of the page,
    the theme's navigation through every page, is most of it and is dropped."""
    start, end = markup.find("<article"), markup.rfind("</article>")
    if 0 <= start < end:
        part = _content(BeautifulSoup(markup[start : end + len("</article>")], "html.parser"))
        if part is not None:
            return part
    return _content(BeautifulSoup(markup, "html.parser"))


def _page_anchor(article: Tag, docname: str) -> str:
    section = article.find("section", id=True)
    return str(section["id"]) if isinstance(section, Tag) else docname.replace("/", "-")


def join_guide(pages: list[tuple[str, str]], title: str, feedback: str = "") -> str:
    """One page from the rendered ``(docname, html)`` pages of a guide (pure).

    The first page is the frame (the guide's front page); every page lives in
    the same folder, so links that leave the guide stay valid as they are.
    ``feedback``: the one-page edition's own reader-feedback address."""
    frame = BeautifulSoup(pages[0][1], "html.parser")
    article = _content(frame)
    if article is None:
        raise GuideError(
            f"{pages[0][0]}: the theme's page has no content element ({', '.join(CONTENT)})",
            None,
            None,
            Kind.ASSEMBLY,
        )
    anchors: dict[str, str] = {}
    parts: list[tuple[str, Tag]] = [(pages[0][0], article)]
    for docname, markup in pages[1:]:
        part = _step_content(markup)
        if part is None:
            continue
        for nav in part.find_all("nav", class_="guidekit-next"):
            nav.decompose()
        _demote(part)
        parts.append((docname, part))
    for docname, part in parts:
        anchors[posixpath.basename(docname) + ".html"] = _page_anchor(part, docname)
    for nav in [
        *article.find_all("nav", class_="guidekit-next"),
        *article.find_all("p", class_="guidekit-single-link"),
    ]:
        nav.decompose()
    for _docname, part in parts[1:]:
        wrapper = frame.new_tag("div", attrs={"class": "guidekit-single-step"})
        for child in list(part.children):
            wrapper.append(child.extract())
        article.append(wrapper)
    for link in article.find_all("a", href=True):
        target, _hash, fragment = str(link["href"]).partition("#")
        if target in anchors:
            link["href"] = "#" + (fragment or anchors[target])
    # The language switch leads to the same one-page edition in the other language.
    for link in frame.find_all("a", class_="guidekit-language-link", href=True):
        href = str(link["href"])
        if href.endswith("/index.html") or href == "index.html":
            link["href"] = href[: -len("index.html")] + PAGE
    if frame.title is not None:
        frame.title.string = title
    for link in frame.find_all("a", class_="guidekit-feedback-link") if feedback else []:
        link["href"] = feedback  # the frame's is the front page's
    toc = frame.find("div", class_="toc-tree")
    if isinstance(toc, Tag):
        toc.clear()
        items = frame.new_tag("ul")
        for docname, part in parts[1:]:
            heading = part.find(["h2", "h3"])
            entry = frame.new_tag("li")
            link = frame.new_tag(
                "a",
                attrs={"class": "reference internal", "href": "#" + _page_anchor(part, docname)},
            )
            link.string = heading.get_text(" ", strip=True).rstrip("#¶ ") if heading else docname
            entry.append(link)
            items.append(entry)
        toc.append(items)
    frame.html["data-guidekit-single"] = "1"  # type: ignore[index]
    return str(frame)


def is_up_to_date(target: Path, pages: list[Path]) -> bool:
    """Whether ``target`` was joined after every page it joins was last written.

    A change that reaches the joined page (a step, the guide's title, its list of
    pages, the configuration) writes its front page or a step page again."""
    if not target.is_file():
        return False
    joined = target.stat().st_mtime_ns
    return all(page.stat().st_mtime_ns <= joined for page in pages)


def _write_single_pages(app: Sphinx, exception: Exception | None) -> None:
    # Nothing to join after a failed build, or when the project did not load.
    if exception is not None or app.builder.name != "html" or app.statuscode:
        return
    if getattr(app.env, "guidekit_project", None) is None:
        return
    project = get_project(app.env)
    outdir = Path(app.outdir)
    suffix = str(getattr(app.builder, "out_suffix", ".html"))
    names = guide_names(app)
    for guide in project.manifest.guides:
        docnames = guide_pages(app.env, guide.docname)
        files = [outdir / f"{docname}{suffix}" for docname in docnames]
        if not all(f.is_file() for f in files):
            continue  # a page failed: the build reports it, no half page
        dirname = posixpath.dirname(guide.docname)
        target = outdir / dirname / PAGE
        if is_up_to_date(target, files):
            continue  # none of its pages written again: joining costs more than it all
        pages = [(d, f.read_text("utf-8")) for d, f in zip(docnames, files, strict=True)]
        title = _("{guide} (one page)").format(guide=names[guide.id])
        try:
            joined = join_guide(
                pages, title, feedback_link(app, guide.docname, title, f"{dirname}/{PAGE}")
            )
        except GuideError as error:
            report(error, env=app.env)
            continue
        temporary = target.with_name(f".{PAGE}.tmp")
        temporary.write_text(joined, "utf-8")
        temporary.replace(target)


def setup_single_page(app: Sphinx) -> None:
    app.connect("build-finished", _write_single_pages)
