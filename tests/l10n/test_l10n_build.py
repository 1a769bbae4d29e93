"""The Japanese edition as built: same commands, translated labels, language switch."""

from __future__ import annotations

import json
from pathlib import Path

from tests.pages import soup

from guidekit.l10n.catalogs import read_catalog
from guidekit.l10n.checks import load_glossary
from guidekit.l10n.html import code_blocks, compare_builds, content_pages

REPO = Path(__file__).resolve().parents[2]
CATALOG = read_catalog(REPO / "locales" / "ja" / "LC_MESSAGES" / "guides.po", "ja")
UI_CATALOG = read_catalog(REPO / "locales" / "ja" / "LC_MESSAGES" / "guidekit.po", "ja")
THEME_CATALOG = read_catalog(REPO / "locales" / "ja" / "LC_MESSAGES" / "sphinx.po", "ja")


def ja(msgid: str, catalog: object = CATALOG) -> str:
    message = catalog[msgid]  # type: ignore[index]
    assert message is not None and message.string, f"not translated: {msgid!r}"
    return str(message.string)


def test_japanese_build_passes_the_html_gate(built: Path, built_ja: Path) -> None:
    glossary = load_glossary(REPO / "locales" / "ja" / "glossary.yaml")
    assert [str(f) for f in compare_builds(built, built_ja, "ja", glossary)] == []


def test_japanese_code_blocks_keep_their_commands(built: Path, built_ja: Path) -> None:
    """MyST-Parser issue 444: code blocks must survive translation with their text."""
    page = "guides/she-4.3-to-4.4/upgrade-she-4.3-to-4.4.html"
    english, japanese = code_blocks(soup(built / page)), code_blocks(soup(built_ja / page))
    assert english == japanese
    assert any("engine-backup" in block for block in japanese)
    assert any("hosted-engine --deploy" in block for block in japanese)
    # The prose around them is Japanese.
    text = soup(built_ja / page).select_one("article").get_text()  # type: ignore[union-attr]
    assert ja("Upgrading a self-hosted engine environment from 4.3 to 4.4") not in ("", None)
    assert "グローバルメンテナンスモード" in text or "セルフホストエンジン" in text


def test_tab_labels_are_translated(built: Path, built_ja: Path) -> None:
    page = "guides/minor-4.4/update-hosts-manually.html"
    english = [b.get_text() for b in soup(built / page).select("button.sphinx-tabs-tab")]
    japanese = [b.get_text() for b in soup(built_ja / page).select("button.sphinx-tabs-tab")]
    assert english and "RHEL host" in english
    assert japanese == [ja(label) for label in english]
    assert japanese != english
    # Group tabs stay in sync across languages: same ids, from the English label.
    ids = [b["id"] for b in soup(built / page).select("button.sphinx-tabs-tab")]
    assert ids == [b["id"] for b in soup(built_ja / page).select("button.sphinx-tabs-tab")]


def test_generated_text_is_translated(built_ja: Path) -> None:
    page = soup(built_ja / "guides/she-4.3-to-4.4/index.html")
    text = page.select_one("article").get_text()  # type: ignore[union-attr]
    assert ja("Overview", UI_CATALOG) in text
    # (Links break between phrases, <wbr>: the words run on across them.)
    overview = [" ".join(li.get_text("").split()) for li in page.select("ol.guidekit-overview li")]
    assert ja("Raise the compatibility version of each cluster.") in overview
    captions = {
        c.get_text(strip=True)
        for c in soup(built_ja / "guides/she-4.3-to-4.4/update-manager.html").select(
            "div.literal-block-wrapper .caption-text"
        )
    }
    # Machine captions are the manifest's content: the guides' catalog has them.
    assert ja("On the Manager machine") in captions


def test_every_page_links_to_itself_in_the_other_language(built: Path, built_ja: Path) -> None:
    for root, other, code in ((built, built_ja, "ja"), (built_ja, built, "en")):
        for page in content_pages(root):
            links = soup(root / page).select(f'a.guidekit-language-link[hreflang="{code}"]')
            assert len(links) == 1, page
            target = (root / page).parent / str(links[0]["href"])
            assert target.resolve() == (other / page).resolve(), page
            assert target.exists(), page


def test_japanese_pages_have_lang_search_and_ui_strings(built_ja: Path) -> None:
    index = soup(built_ja / "index.html")
    assert index.html is not None and index.html["lang"] == "ja"
    assert index.select_one('input[name="q"]')["placeholder"] == "検索"  # type: ignore[index]
    # The theme's own strings (Furo ships no Japanese) come from locales/ja/.../sphinx.po.
    page = soup(built_ja / "guides/she-4.3-to-4.4/global-maintenance.html")
    footer = page.select_one("div.related-pages").get_text(" ")  # type: ignore[union-attr]
    assert ja("Next", THEME_CATALOG) in footer and ja("Previous", THEME_CATALOG) in footer
    assert "Next" not in footer and "Previous" not in footer
    raw = (built_ja / "searchindex.js").read_text("utf-8")
    index_data = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    # The Japanese splitter (guidekit.l10n.sphinx.search) keeps commands whole and
    # indexes Japanese text by character pairs, not whole sentences.
    assert {"engine-backup", "hosted-engine", "アッ", "グレ"} <= set(index_data["terms"])
    assert "セルフホストエンジン" in " ".join(index_data["titles"])


def test_japanese_notes_tabs_and_page_links_read_as_japanese(built_ja: Path) -> None:
    """Notes are 注記 as in Red Hat's Japanese documentation (Sphinx says 注釈);
    the tabs' label is translated; the previous/next titles break between phrases."""
    titles: set[str] = set()
    for path in (built_ja / "guides").rglob("*.html"):
        titles |= {t.get_text() for t in soup(path).select("p.admonition-title")}
    assert "注記" in titles and "注釈" not in titles, titles
    tabs = soup(built_ja / "guides/minor-4.4/update-hosts-manually.html")
    labels = {t["aria-label"] for t in tabs.select("[aria-label]")}
    assert "Tabbed content" not in labels and ja("Tabbed content", THEME_CATALOG) in labels
    page = soup(built_ja / "guides/she-4.3-to-4.4/global-maintenance.html")
    related = page.select("div.related-pages div.title")
    assert related and all("guidekit-phrases" in t["class"] and t.find("wbr") for t in related)


def test_rubrics_are_headings(built: Path, built_ja: Path) -> None:
    """Prerequisites, Procedure, Overview and the landing page's groups are headings
    that a screen reader lists, one level below the page's title."""
    for root in (built, built_ja):
        step = soup(root / "guides/she-4.3-to-4.4/update-manager.html")
        assert not step.select("p.rubric")
        assert len(step.select("article h2.rubric")) >= 2
        front = soup(root / "guides/she-4.3-to-4.4/index.html")
        assert front.select("article h2.rubric")
        landing = soup(root / "index.html")
        assert len(landing.select("article h2.rubric")) >= 3 and not landing.select("p.rubric")


def test_pages_say_when_they_were_published(built: Path, built_ja: Path) -> None:
    import re

    for root, words in ((built, "Last updated on"), (built_ja, "最終更新日")):
        footer = soup(root / "guides/she-4.3-to-4.4/update-manager.html").select_one(
            "div.bottom-of-page"
        )
        assert footer is not None
        assert re.search(rf"{words}:? ?\d{{4}}-\d{{2}}-\d{{2}}", footer.get_text(" ")), root
