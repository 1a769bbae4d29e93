"""join_guide over pages shaped like Furo's: only the steps' articles are joined."""

from __future__ import annotations

from collections.abc import Callable

from bs4 import BeautifulSoup

from guidekit.sphinx_ext.single_page_join import Joined, JoinedFrame, join_guide


def _page(title: str, body: str, nav: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body>"
        f'<div class="sidebar"><div class="toc-tree">{nav}</div></div>'
        f'<article role="main" id="furo-main-content">{body}</article>'
        '<footer><a href="other.html">a link after the article</a></footer></body></html>'
    )


NAV = '<ul><li><a href="index.html">Guide</a></li><li><a href="step.html">Step</a></li></ul>'


def test_a_step_contributes_its_article_only() -> None:
    front = _page(
        "Guide",
        '<section id="guide"><h1>Guide</h1><p><a href="step.html">Start</a></p></section>',
        NAV,
    )
    step = _page(
        "Step",
        '<section id="guide-step"><h1>1. Step</h1><p>Run it.</p>'
        '<nav class="guidekit-next"><a href="index.html">Back</a></nav></section>',
        NAV,
    )
    joined = BeautifulSoup(join_guide([("g/index", front), ("g/step", step)], "One"), "html.parser")
    article = joined.select_one("article")
    assert article is not None
    assert [h.get_text() for h in article.select("h1, h2")] == ["Guide", "1. Step"]
    assert article.select_one("a[href='#guide-step']") is not None  # the link stays inside
    assert "a link after the article" not in article.get_text()
    assert article.select_one("nav.guidekit-next") is None
    assert joined.title is not None and joined.title.string == "One"


def test_a_page_without_an_article_is_read_whole() -> None:
    front = _page("Guide", '<section id="guide"><h1>Guide</h1></section>', NAV)
    basic = (
        '<html><body><div class="body" role="main"><section id="guide-step">'
        "<h1>1. Step</h1></section></div></body></html>"
    )
    joined = join_guide([("g/index", front), ("g/step", basic)], "One")
    assert "1. Step" in BeautifulSoup(joined, "html.parser").select_one("article").get_text()


def _guide() -> list[tuple[str, str]]:
    front = _page(
        "Guide",
        '<section id="guide"><h1>Guide</h1><p><a href="two.html">Start</a></p></section>',
        NAV,
    )
    one = _page("One", '<section id="g-one"><h1>1. One</h1><a href="two.html">2</a></section>', NAV)
    two = _page("Two", '<section id="g-two"><h1>2. Two</h1><a href="one.html">1</a></section>', NAV)
    return [("g/index", front), ("g/one", one), ("g/two", two)]


def test_what_was_joined_before_gives_the_same_page() -> None:
    pages = _guide()
    made: dict[str, Joined] = {}
    cold = join_guide(pages, "One", made=made)
    assert sorted(made) == ["g/index", "g/one", "g/two"]
    assert isinstance(made["g/index"], JoinedFrame)
    again: dict[str, Joined] = {}
    assert join_guide(pages, "One", known={"g/one": made["g/one"]}, made=again) == cold
    assert sorted(again) == ["g/index", "g/two"]  # only what was not known is parsed
    third: dict[str, Joined] = {}
    assert join_guide(pages, "One", known=made, made=third) == cold
    assert third == {}


def _join_again(
    change: Callable[[str], str], title: str = "One", feedback: str = ""
) -> tuple[list[tuple[str, str]], str, list[str]]:
    """The guide joined once, then its pages after ``change`` joined again with what
    the first join made: those pages, the page joined again, and what it had to make."""
    made: dict[str, Joined] = {}
    join_guide(_guide(), "One", made=made)
    pages = [(docname, change(markup)) for docname, markup in _guide()]
    again: dict[str, Joined] = {}
    joined = join_guide(pages, title, feedback, known=made, made=again)
    return pages, joined, sorted(again)


def test_a_step_made_with_other_anchors_is_joined_again() -> None:
    _pages, joined, made = _join_again(lambda m: m.replace('id="g-two"', 'id="g-second"'))
    assert made == ["g/index", "g/one", "g/two"]
    assert 'href="#g-second"' in joined and 'href="#g-two"' not in joined


def test_a_changed_page_is_joined_again() -> None:
    edited, joined, made = _join_again(lambda m: m.replace("1. One", "1. First"))
    # The step's page changed, and with its heading the frame's table of contents.
    assert made == ["g/index", "g/one"]
    assert joined.count("1. First") == 2 and "1. One" not in joined
    assert joined == join_guide(edited, "One")


def test_a_frame_is_made_again_for_another_title() -> None:
    feedback = "https://example.org/feedback"
    pages, joined, made = _join_again(lambda m: m, "Two", feedback)
    assert made == ["g/index"]
    title = BeautifulSoup(joined, "html.parser").title
    assert title is not None and title.string == "Two"
    assert joined == join_guide(pages, "Two", feedback)
