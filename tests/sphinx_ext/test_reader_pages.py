"""What a reader sees on the built pages (both languages): no nested
"Procedure" headings, no view-source link, a link to the guide's PDF, the
highlighting of commands, phrase breaks in Japanese headings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.pages import soup

from guidekit.model.manifest import load_manifest

REPO = Path(__file__).resolve().parents[2]
MANIFEST = load_manifest(REPO / "source" / "guides.yaml")


@pytest.fixture(params=["en", "ja"])
def site(request: pytest.FixtureRequest) -> tuple[str, Path]:
    language = request.param
    return language, request.getfixturevalue("built" if language == "en" else "built_ja")


def test_no_procedure_heading_inside_a_step(site: tuple[str, Path]) -> None:
    _language, built = site
    nested = []
    for page in sorted((built / "guides").rglob("*.html")):
        for rubric in soup(page).select(".guidekit-steps .rubric"):
            if rubric.find_parent("li") is not None:
                nested.append(page.relative_to(built).as_posix())
    assert nested == []
    # A procedure that includes others as sections keeps one heading each.
    page = soup(built / "guides/minor-4.4/update-she-4.4.html")
    included = page.select("article section section")
    assert len(included) >= 2
    for section in included:
        assert len(section.select(":scope > .guidekit-steps > .rubric")) <= 1


def test_no_view_source_link(site: tuple[str, Path]) -> None:
    _language, built = site
    page = soup(built / "guides/she-4.3-to-4.4/update-manager.html")
    assert page.select("a.muted-link[href*='_sources']") == []
    assert page.select(".view-this-page") == []
    assert list((built / "_sources").rglob("*.txt")) == []  # no stubs published either


def test_front_pages_link_to_their_pdf(site: tuple[str, Path]) -> None:
    language, built = site
    for guide in MANIFEST.guides:
        page = built / f"{guide.docname}.html"
        links = soup(page).select("p.guidekit-pdf-link a")
        assert len(links) == 1, guide.id
        target = (page.parent / str(links[0]["href"])).resolve()
        # In the same site tree: <site>/<lang>/ and <site>/pdf/<lang>/ side by side.
        assert target == (built.parent / "pdf" / language / f"{guide.id}.pdf").resolve()


def test_enable_in_dnf_module_is_not_a_builtin(built: Path) -> None:
    found = False
    for page in sorted((built / "guides").rglob("*.html")):
        for pre in soup(page).select("div.guidekit-command pre"):
            text = pre.get_text()
            if "module -y enable" in text or "module enable" in text:
                found = True
                builtins = [span.get_text() for span in pre.select("span.nb")]
                assert "enable" not in builtins, page
    assert found


def test_japanese_headings_break_between_phrases(built_ja: Path) -> None:
    page = soup(built_ja / "guides/she-4.3-to-4.4/upgrade-she-4.3-to-4.4.html")
    heading = page.select_one("h1")
    assert heading is not None and "guidekit-phrases" in heading.get("class", [])
    assert heading.find("wbr") is not None
    # The heading's text is whole: "から" and "アップグレード" are never cut.
    pieces = [str(s) for s in heading.strings]
    assert not any(p.endswith(("か", "アップ", "アップグレ")) for p in pieces), pieces


def test_placeholders_look_alike_in_commands_and_text(built: Path) -> None:
    page = soup(built / "guides/local-db-4.3-to-4.4/upgrade-manager-4.3-to-4.4.html")
    in_commands = [span.get_text() for span in page.select("div.guidekit-command pre span.ge")]
    in_text = [em.get_text() for em in page.select("code em.guidekit-placeholder")]
    assert "<pool_id>" in in_commands and "<pool_id>" in in_text
    # The prompt has a style of its own, and output is not highlighted as a command.
    assert page.select("div.guidekit-command pre span.gp")
    assert not page.select("div.guidekit-output pre span.gp")


def test_one_placeholder_notation_in_the_procedures() -> None:
    """Placeholders are written <name> (procedures/README.md), not *name* in italics."""
    italic = re.compile(r"(?<![*\w])\*([a-z][a-z0-9]*[-_][a-z0-9_-]+)\*(?!\*)")
    found = [
        (path.name, match.group(0))
        for path in sorted((REPO / "procedures").glob("*.md"))
        for match in italic.finditer(path.read_text("utf-8"))
    ]
    assert found == []


def test_each_guide_on_one_page(site: tuple[str, Path]) -> None:
    """all.html: the front page, then every page of the guide in order, one h1,
    links between the guide's pages turned into links inside the page."""
    _language, built = site
    for guide in MANIFEST.guides:
        folder = (built / guide.docname).parent
        front = soup(folder / "index.html")
        assert [a["href"] for a in front.select("p.guidekit-single-link a")] == ["all.html"]
        page = soup(folder / "all.html")
        assert len(page.select("article h1")) == 1, guide.id
        step_pages = sorted(
            p.name for p in folder.glob("*.html") if p.name not in ("index.html", "all.html")
        )
        titles = [soup(folder / name).select_one("article h1") for name in step_pages]
        joined = re.sub(r"\s+", "", page.select_one("article").get_text())  # type: ignore[union-attr]
        for title in titles:
            assert title is not None and re.sub(r"\s+", "", title.get_text()) in joined, guide.id
        own = {name for name in step_pages} | {"index.html", "all.html"}
        leaks = [
            a["href"] for a in page.select("article a[href]") if str(a["href"]).split("#")[0] in own
        ]
        assert leaks == [], (guide.id, leaks[:5])
        anchors = {str(tag["id"]) for tag in page.select("[id]")}
        dangling = [
            a["href"]
            for a in page.select("article a[href^='#']")
            if str(a["href"]) != "#" and str(a["href"])[1:] not in anchors
        ]
        assert dangling == [], (guide.id, dangling[:5])
