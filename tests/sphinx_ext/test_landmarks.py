"""Every visible part of a built page is inside a landmark (axe's ``region`` rule)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from tests.pages import soup

from guidekit.compat.furo import landmark_markup

#: Elements that are landmarks by themselves (Furo puts none of them inside
#: article/section, where header and footer would lose their role).
LANDMARK_ELEMENTS = frozenset({"header", "nav", "main", "aside", "footer"})
LANDMARK_ROLES = frozenset(
    {"banner", "navigation", "main", "complementary", "contentinfo", "region", "search"}
)
#: Never shown: scripts, styles, and what Furo hides with ``display: none``
#: (the SVG sprite sheet, the sidebar switches).
HIDDEN = frozenset({"script", "style", "template", "noscript", "head", "title"})


def _is_landmark(tag: Tag) -> bool:
    if tag.get("role") in LANDMARK_ROLES:
        return tag.get("role") != "region" or bool(tag.get("aria-label"))
    return tag.name in LANDMARK_ELEMENTS


def _hidden(tag: Tag) -> bool:
    for node in (tag, *tag.parents):
        if not isinstance(node, Tag):
            continue
        style = str(node.get("style", "")).replace(" ", "")
        classes = node.get("class") or []
        if (
            node.name in HIDDEN
            or "display:none" in style
            or node.get("aria-hidden") == "true"
            or "sidebar-toggle" in classes
        ):
            return True
    return False


def _skip_link(tag: Tag) -> bool:
    # axe's region rule exempts the skip link: it exists to reach the main landmark.
    return tag.name == "a" and "skip-to-content" in (tag.get("class") or [])


def outside_landmarks(markup: str) -> list[str]:
    """The visible elements with text or a name that no landmark contains."""
    soup = BeautifulSoup(markup, "html.parser")
    found = []
    for tag in soup.body.find_all(True) if soup.body else []:
        own_text = "".join(tag.find_all(string=True, recursive=False)).strip()
        named = tag.name in ("a", "button", "input") or tag.get("aria-label")
        if not (own_text or named) or _hidden(tag) or _skip_link(tag):
            continue
        if _is_landmark(tag) or any(_is_landmark(p) for p in tag.parents):
            continue
        found.append(f"<{tag.name} class={tag.get('class')}> {own_text[:40]!r}")
    return found


def _pages(root: Path) -> list[Path]:
    pages = [
        root / "index.html",
        root / "search.html",
        root / "upgrade-helper.html",
        root / "genindex.html",
    ]
    guides = sorted((root / "guides").rglob("*.html"))
    assert guides, f"no guide pages in {root}"
    return pages + guides[:: max(1, len(guides) // 12)]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_visible_element_is_inside_a_landmark(
    language: str, built: Path, built_ja: Path
) -> None:
    root = built if language == "en" else built_ja
    for page in _pages(root):
        markup = page.read_text(encoding="utf-8")
        assert outside_landmarks(markup) == [], page.relative_to(root)
    tools = soup(root / "index.html").select_one("div.guidekit-page-tools")
    assert tools is not None
    assert tools.select_one("a.back-to-top") and tools.select_one("button.theme-toggle")
    assert tools["aria-label"] == {"en": "Page tools", "ja": "ページのツール"}[language]


def test_page_tools_are_wrapped_in_a_named_region() -> None:
    page = (
        '<body><a class="skip-to-content" href="#furo-main-content">Skip</a>'
        '<a href="#" class="back-to-top muted-link"><span>Back to top</span></a>'
        '<div class="content-icon-container"><button class="theme-toggle" '
        'aria-label="Toggle"></button></div>'
        '<article role="main" id="furo-main-content"><p>Body</p></article></body>'
    )
    assert len(outside_landmarks(page)) == 3
    wrapped = landmark_markup(page, 'Page "tools"')
    assert outside_landmarks(wrapped) == []
    assert 'aria-label="Page &quot;tools&quot;"' in wrapped
    assert landmark_markup("<body><p>x</p></body>", "Page tools") == "<body><p>x</p></body>"
