"""Every page's "Report a problem with this page" link (guidekit_feedback_url):
on every guide page in both languages, the one-page edition with its own address,
none on the search page; no link and no markup without the setting; a bad
template is one configuration error."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from tests.forked import run_module
from tests.pages import soup

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
LABELS = {"en": "Report a problem with this page", "ja": "このページの問題を報告する"}


def _query(link: Tag) -> dict[str, list[str]]:
    parts = urlsplit(str(link["href"]))
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "bugzilla.redhat.com",
        "/enter_bug.cgi",
    )
    return parse_qs(parts.query)


def _heading(html: BeautifulSoup) -> str:
    h1 = copy.copy(html.select_one("h1"))  # the page is shared (tests/pages.py)
    assert h1 is not None
    for mark in h1.select("a.headerlink, span.section-number"):
        mark.decompose()
    return " ".join(h1.get_text().split())


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_guide_page_links_to_the_tracker(
    language: str, request: pytest.FixtureRequest
) -> None:
    built: Path = request.getfixturevalue("built" if language == "en" else "built_ja")
    pages = sorted((built / "guides").glob("*/*.html"))
    assert len(pages) > 50
    for page in pages:
        html = soup(page)
        links = html.select("footer a.guidekit-feedback-link")
        assert len(links) == 1, page
        assert links[0].get_text() == LABELS[language]
        query = _query(links[0])
        path = page.relative_to(built).as_posix()
        guide = page.parent.name
        assert query["product"] == ["Red Hat Enterprise Virtualization Manager"]
        assert query["component"] == ["Documentation"]
        assert query["comment"] == [
            f"Page: {language}/{path}\nGuide: {guide}\nLanguage: {language}\n\n"
        ], page
        if page.name == "all.html":  # the one-page edition: its own title and address
            assert query["short_desc"][0].endswith(" (one page)" if language == "en" else ")")
            assert html.title is not None and query["short_desc"] == [html.title.get_text()]
        else:
            assert query["short_desc"] == [_heading(html)], page


def test_pages_outside_the_guides(built: Path) -> None:
    home = soup(built / "index.html").select("footer a.guidekit-feedback-link")
    assert len(home) == 1 and "Guide%3A%20%0A" in str(home[0]["href"])
    assert _query(home[0])["comment"][0].startswith("Page: en/index.html\n")
    # the search page is no page to report on
    search = soup(built / "search.html")
    assert not search.select(".guidekit-feedback")


def _shop(tmp_path: Path, extra: str) -> Path:
    """The example project (built with ``guidekit build``) with ``extra`` in conf.py."""
    root = tmp_path / "shop"
    made = run_module([sys.executable, "-m", "guidekit", "init", str(root)])
    assert made.returncode == 0, made.stderr
    conf = root / "conf.py"
    conf.write_text(conf.read_text("utf-8") + extra, "utf-8")
    return root


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    return run_module([sys.executable, "-m", "guidekit", "build", "--root", str(root), "-j", "1"])


def test_the_example_project_without_the_setting_has_no_link(shop: Path) -> None:
    pages = list((shop / "_build" / "html").glob("*/**/*.html"))
    assert len(pages) > 20
    for page in pages:
        assert "guidekit-feedback" not in page.read_text("utf-8"), page


def test_the_example_project_with_the_setting_links_every_page(tmp_path: Path) -> None:
    template = "https://tracker.example.com/new?s={title}&p={path}&g={guide}&l={language}"
    root = _shop(tmp_path, f"guidekit_feedback_url = {template!r}\n")
    result = _build(root)
    assert result.returncode == 0, result.stderr
    site = root / "_build" / "html"
    for language in ("en", "de"):
        page = site / language / "guides" / "single-1.0-to-2.0" / "stop-shop.html"
        (link,) = soup(page).select("a.guidekit-feedback-link")
        query = parse_qs(urlsplit(str(link["href"])).query, keep_blank_values=True)
        assert query["p"] == [f"{language}/guides/single-1.0-to-2.0/stop-shop.html"]
        assert query["g"] == ["single-1.0-to-2.0"] and query["l"] == [language]
        assert query["s"] == [_heading(soup(page))]
        if language == "de":
            assert link.get_text() == "Ein Problem mit dieser Seite melden"


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("https://tracker.example.com/new?s={page}", "{page} is not one of them"),
        ("ftp://tracker.example.com/new?s={title}", "http:// or https://"),
    ],
)
def test_a_bad_template_stops_the_build_with_one_error(
    tmp_path: Path, template: str, says: str
) -> None:
    root = _shop(tmp_path, f"guidekit_feedback_url = {template!r}\n")
    result = _build(root)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if "guidekit_feedback_url" in line]
    assert len(errors) == 1, output
    assert "conf.py" in errors[0] and says in errors[0]
    assert not list((root / "_build" / "html").glob("*/guides/**/*.html"))
