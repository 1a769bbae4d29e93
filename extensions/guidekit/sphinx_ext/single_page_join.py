"""Joining a guide's rendered pages into one (pure: HTML in, HTML out).

The guide's front page is the frame; the steps' articles follow one another
with their headings one level down, and links between the guide's pages become
links inside the page. Steps joined before (:class:`JoinedStep`) are reused
when the guide's anchors are the same. :mod:`.single_page` writes the result.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from guidekit.model.errors import GuideError, Kind

#: The file name of a guide's one-page edition, in the guide's folder.
PAGE = "all.html"


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


@dataclass(frozen=True)
class JoinedStep:
    """A step as the one-page edition holds it, kept between builds for the steps
    whose pages were not written again: parsing them is most of the cost."""

    anchor: str  # the id of the step's section
    heading: str  # its entry in the page's table of contents
    markup: str  # its article, links inside the guide made links inside the page
    anchors: tuple[tuple[str, str], ...]  # the guide's page -> anchor map it was made with


def join_guide(
    pages: list[tuple[str, str]],
    title: str,
    feedback: str = "",
    known: Mapping[str, JoinedStep] | None = None,
    made: dict[str, JoinedStep] | None = None,
) -> str:
    """One page from the rendered ``(docname, html)`` pages of a guide (pure).

    The first page is the frame (the guide's front page); every page lives in
    the same folder, so links that leave the guide stay valid as they are.
    ``feedback``: the one-page edition's own reader-feedback address. ``known``:
    steps joined before from the same pages, used as they are when the guide's
    anchors are the same; every step joined goes into ``made``."""
    frame = BeautifulSoup(pages[0][1], "html.parser")
    article = _frame_content(frame, pages[0][0])
    known = known or {}
    parsed, step_anchors = _parse_new_steps(pages[1:], known)
    anchors = {_html_name(pages[0][0]): _page_anchor(article, pages[0][0]), **step_anchors}
    parsed |= _parse_outdated_steps(pages[1:], known, _anchors_key(anchors))
    _remove_navigation(article)
    _retarget(article, anchors)
    steps = _joined_steps(frame, pages[1:], parsed, known, anchors, made)
    for index in range(len(steps)):
        article.append(frame.new_tag("div", attrs={_SLOT: str(index)}))
    _adapt_frame(frame, title, feedback)
    _fill_table_of_contents(frame, steps)
    frame.html["data-guidekit-single"] = "1"  # type: ignore[index]
    return _fill_slots(str(frame), steps)


def _frame_content(frame: BeautifulSoup, docname: str) -> Tag:
    """The front page's content element, where the steps go."""
    article = _content(frame)
    if article is None:
        raise GuideError(
            f"{docname}: the theme's page has no content element ({', '.join(CONTENT)})",
            None,
            None,
            Kind.ASSEMBLY,
        )
    return article


def _parse_new_steps(
    steps: list[tuple[str, str]], known: Mapping[str, JoinedStep]
) -> tuple[dict[str, Tag], dict[str, str]]:
    """The content of every step page not ``known``, by docname, and the anchor
    of every step page (known or not), by HTML file name."""
    parsed: dict[str, Tag] = {}
    anchors: dict[str, str] = {}
    for docname, markup in steps:
        if docname in known:
            anchors[_html_name(docname)] = known[docname].anchor
            continue
        part = _step_content(markup)
        if part is not None:
            parsed[docname] = part
            anchors[_html_name(docname)] = _page_anchor(part, docname)
    return parsed, anchors


def _anchors_key(anchors: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The guide's page -> anchor map as a ``JoinedStep`` records it."""
    return tuple(sorted(anchors.items()))


def _parse_outdated_steps(
    steps: list[tuple[str, str]],
    known: Mapping[str, JoinedStep],
    key: tuple[tuple[str, str], ...],
) -> dict[str, Tag]:
    """The content of the ``known`` steps made with other anchors: joined again."""
    parsed: dict[str, Tag] = {}
    for docname, markup in steps:
        if docname in known and known[docname].anchors != key:
            part = _step_content(markup)
            if part is not None:
                parsed[docname] = part
    return parsed


def _remove_navigation(article: Tag) -> None:
    """The front page's Next line and its link to this one-page edition."""
    for nav in [
        *article.find_all("nav", class_="guidekit-next"),
        *article.find_all("p", class_="guidekit-single-link"),
    ]:
        nav.decompose()


def _joined_steps(
    frame: BeautifulSoup,
    steps: list[tuple[str, str]],
    parsed: Mapping[str, Tag],
    known: Mapping[str, JoinedStep],
    anchors: dict[str, str],
    made: dict[str, JoinedStep] | None,
) -> list[JoinedStep]:
    """The steps in the guide's order: those ``parsed`` joined now (and put into
    ``made``), the others as ``known``; a step that is neither is left out."""
    key = _anchors_key(anchors)
    joined: list[JoinedStep] = []
    for docname, _markup in steps:
        if docname in parsed:
            step = _joined_step(frame, parsed[docname], docname, anchors, key)
            if made is not None:
                made[docname] = step
        elif docname in known:
            step = known[docname]
        else:
            continue
        joined.append(step)
    return joined


def _adapt_frame(frame: BeautifulSoup, title: str, feedback: str) -> None:
    """The frame's title, language switch and feedback link, for the one-page edition."""
    # The language switch leads to the same one-page edition in the other language.
    for link in frame.find_all("a", class_="guidekit-language-link", href=True):
        href = str(link["href"])
        if href.endswith("/index.html") or href == "index.html":
            link["href"] = href[: -len("index.html")] + PAGE
    if frame.title is not None:
        frame.title.string = title
    for link in frame.find_all("a", class_="guidekit-feedback-link") if feedback else []:
        link["href"] = feedback  # the frame's is the front page's


def _fill_table_of_contents(frame: BeautifulSoup, steps: list[JoinedStep]) -> None:
    """The theme's table of contents: one entry per step, a link inside the page."""
    toc = frame.find("div", class_="toc-tree")
    if not isinstance(toc, Tag):
        return
    toc.clear()
    items = frame.new_tag("ul")
    for step in steps:
        entry = frame.new_tag("li")
        link = frame.new_tag("a", attrs={"class": "reference internal", "href": "#" + step.anchor})
        link.string = step.heading
        entry.append(link)
        items.append(entry)
    toc.append(items)


def _fill_slots(joined: str, steps: list[JoinedStep]) -> str:
    """Each step's markup in place of its placeholder (kept markup is not parsed again)."""
    for index, step in enumerate(steps):
        joined = joined.replace(f'<div {_SLOT}="{index}"></div>', step.markup, 1)
    return joined


#: The attribute of the placeholder a step's markup replaces in the joined page.
_SLOT = "data-guidekit-step-slot"


def _html_name(docname: str) -> str:
    return posixpath.basename(docname) + ".html"


def _retarget(element: Tag, anchors: dict[str, str]) -> None:
    """Links between the guide's pages become links inside the joined page."""
    for link in element.find_all("a", href=True):
        target, _hash, fragment = str(link["href"]).partition("#")
        if target in anchors:
            link["href"] = "#" + (fragment or anchors[target])


def _joined_step(
    frame: BeautifulSoup,
    part: Tag,
    docname: str,
    anchors: dict[str, str],
    key: tuple[tuple[str, str], ...],
) -> JoinedStep:
    """A step's article without its Next line, headings one level down, in a
    ``guidekit-single-step`` block, links retargeted."""
    anchor = _page_anchor(part, docname)
    for nav in part.find_all("nav", class_="guidekit-next"):
        nav.decompose()
    _demote(part)
    heading = part.find(["h2", "h3"])
    text = heading.get_text(" ", strip=True).rstrip("#¶ ") if heading else docname
    wrapper = frame.new_tag("div", attrs={"class": "guidekit-single-step"})
    for child in list(part.children):
        wrapper.append(child.extract())
    _retarget(wrapper, anchors)
    return JoinedStep(anchor, text, str(wrapper), key)
