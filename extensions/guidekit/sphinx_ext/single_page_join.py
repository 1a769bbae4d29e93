"""Joining a guide's rendered pages into one (pure: HTML in, HTML out).

The guide's front page is the frame; the steps' articles follow one another
with their headings one level down, and links between the guide's pages become
links inside the page. What was joined before is kept by the caller and used
again when the page it was made from is the same, byte for byte: a step
(:class:`JoinedStep`) when the guide's anchors are also the same, the frame
(:class:`JoinedFrame`) when the title, anchors and steps' headings are. Parsing
is most of the cost, and a rebuild writes many pages again unchanged (Sphinx
writes a page again when a page in its tree was read again).
:mod:`.single_page` writes the result.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from guidekit.model.errors import GuideError, Kind
from guidekit.model.rendered import article_markup

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
    """A step page's content element; only its article is parsed when it has one
    (:func:`~guidekit.model.rendered.article_markup`)."""
    article = article_markup(markup)
    if article is not None:
        part = _content(BeautifulSoup(article, "html.parser"))
        if part is not None:
            return part
    return _content(BeautifulSoup(markup, "html.parser"))


def _page_anchor(article: Tag, docname: str) -> str:
    section = article.find("section", id=True)
    return str(section["id"]) if isinstance(section, Tag) else docname.replace("/", "-")


def page_digest(markup: str) -> str:
    """What tells a rendered page from another: the digest of its markup."""
    return hashlib.blake2b(markup.encode("utf-8"), digest_size=16).hexdigest()


Anchors = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class JoinedStep:
    """A step as the one-page edition holds it."""

    digest: str  # of the rendered page it was made from (page_digest)
    anchor: str  # the id of the step's section
    heading: str  # its entry in the page's table of contents
    markup: str  # its article, links inside the guide made links inside the page
    anchors: Anchors  # the guide's page -> anchor map it was made with


@dataclass(frozen=True)
class JoinedFrame:
    """The front page as the frame of the one-page edition, with a placeholder
    per step (filled by :func:`_fill_slots`)."""

    digest: str  # of the rendered front page it was made from (page_digest)
    anchor: str  # the id of the front page's section
    made_for: tuple[str, str, Anchors, tuple[tuple[str, str], ...]]  # see _frame_key
    markup: str


#: What :func:`join_guide` keeps, by docname: a step page's or a front page's.
Joined = JoinedStep | JoinedFrame


def join_guide(
    pages: list[tuple[str, str]],
    title: str,
    feedback: str = "",
    known: Mapping[str, Joined] | None = None,
    made: dict[str, Joined] | None = None,
) -> str:
    """One page from the rendered ``(docname, html)`` pages of a guide (pure).

    The first page is the frame (the guide's front page); every page lives in
    the same folder, so links that leave the guide stay valid as they are.
    ``feedback``: the one-page edition's own reader-feedback address. ``known``:
    what was joined before, by docname, used again where it still fits; what is
    joined now goes into ``made``."""
    known = known or {}
    made = {} if made is None else made
    front, front_markup = pages[0]
    frame = _known_frame(known.get(front), front_markup)
    soup = None if frame else BeautifulSoup(front_markup, "html.parser")
    front_anchor = frame.anchor if frame else _page_anchor(_frame_content(soup, front), front)
    steps_known = {
        d: step
        for d, markup in pages[1:]
        if isinstance(step := known.get(d), JoinedStep) and step.digest == page_digest(markup)
    }
    parsed, step_anchors = _parse_new_steps(pages[1:], steps_known)
    anchors = {_html_name(front): front_anchor, **step_anchors}
    parsed |= _parse_outdated_steps(pages[1:], steps_known, _anchors_key(anchors))
    steps = _joined_steps(pages[1:], parsed, steps_known, anchors, made)
    made_for = _frame_key(title, feedback, anchors, steps)
    if frame is None or frame.made_for != made_for:
        soup = soup or BeautifulSoup(front_markup, "html.parser")
        markup = _frame(soup, front, steps, anchors, (title, feedback))
        frame = JoinedFrame(page_digest(front_markup), front_anchor, made_for, markup)
        made[front] = frame
    return _fill_slots(frame.markup, steps)


def _known_frame(known: Joined | None, markup: str) -> JoinedFrame | None:
    """The frame joined before from this very front page, if any."""
    if isinstance(known, JoinedFrame) and known.digest == page_digest(markup):
        return known
    return None


def _frame_key(
    title: str, feedback: str, anchors: dict[str, str], steps: list[JoinedStep]
) -> tuple[str, str, Anchors, tuple[tuple[str, str], ...]]:
    """What a frame is made for besides its front page."""
    headings = tuple((step.anchor, step.heading) for step in steps)
    return (title, feedback, _anchors_key(anchors), headings)


def _frame(
    soup: BeautifulSoup,
    front: str,
    steps: list[JoinedStep],
    anchors: dict[str, str],
    title_and_feedback: tuple[str, str],
) -> str:
    """The front page made the frame: without its navigation, links retargeted, a
    placeholder per step, its title and feedback link the one-page edition's, its
    table of contents listing the steps."""
    article = _frame_content(soup, front)
    _remove_navigation(article)
    _retarget(article, anchors)
    for index in range(len(steps)):
        article.append(soup.new_tag("div", attrs={_SLOT: str(index)}))
    _adapt_frame(soup, *title_and_feedback)
    _fill_table_of_contents(soup, steps)
    soup.html["data-guidekit-single"] = "1"  # type: ignore[index]
    return str(soup)


def _frame_content(frame: BeautifulSoup | None, docname: str) -> Tag:
    """The front page's content element, where the steps go."""
    article = _content(frame) if frame is not None else None
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


def _anchors_key(anchors: dict[str, str]) -> Anchors:
    """The guide's page -> anchor map as a ``JoinedStep`` records it."""
    return tuple(sorted(anchors.items()))


def _parse_outdated_steps(
    steps: list[tuple[str, str]], known: Mapping[str, JoinedStep], key: Anchors
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
    steps: list[tuple[str, str]],
    parsed: Mapping[str, Tag],
    known: Mapping[str, JoinedStep],
    anchors: dict[str, str],
    made: dict[str, Joined],
) -> list[JoinedStep]:
    """The steps in the guide's order: those ``parsed`` joined now (and put into
    ``made``), the others as ``known``; a step that is neither is left out."""
    key = _anchors_key(anchors)
    joined: list[JoinedStep] = []
    for docname, markup in steps:
        if docname in parsed:
            step = _joined_step(parsed[docname], docname, anchors, key, page_digest(markup))
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
    part: Tag, docname: str, anchors: dict[str, str], key: Anchors, digest: str
) -> JoinedStep:
    """A step's article without its Next line, headings one level down, in a
    ``guidekit-single-step`` block, links retargeted."""
    anchor = _page_anchor(part, docname)
    for nav in part.find_all("nav", class_="guidekit-next"):
        nav.decompose()
    _demote(part)
    heading = part.find(["h2", "h3"])
    text = heading.get_text(" ", strip=True).rstrip("#¶ ") if heading else docname
    _retarget(part, anchors)
    markup = f'<div class="guidekit-single-step">{part.decode_contents()}</div>'
    return JoinedStep(digest, anchor, text, markup, key)
