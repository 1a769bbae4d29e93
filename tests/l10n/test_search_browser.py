"""Search as a reader uses it, in headless Chromium (see tests/conftest.py).

Recall: for every query, every page whose text contains the query must be
found. "Contains" is a substring for Japanese, and a whole term for ASCII
(``host`` is not in ``hosts``, ``engine`` is in ``hosted-engine``).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from tests.pages import soup

from guidekit.l10n.sphinx.search import split_for_index, split_query
from guidekit.model.project import load_project

REPO = Path(__file__).resolve().parents[2]
#: How often a wait looks again: selenium's default (0.5 s) was most of the time a
#: page took to show its results.
POLL = 0.01
MANIFEST = load_project(
    REPO / "source" / "guides.yaml", REPO / "procedures", REPO / "procedures" / "versions.yaml"
).manifest

#: Commands, options, product terms and Japanese terms a reader looks for.
QUERIES = [
    # commands
    "engine-backup",
    "engine-setup",
    "hosted-engine",
    "subscription-manager",
    "dnf",
    "yum",
    "engine-upgrade-check",
    "ansible-playbook",
    "openssl",
    "dnf module",
    "systemctl restart",
    # options and arguments
    "--set-maintenance",
    "--mode=global",
    "virt:rhel",
    "x86_64",
    # product terms
    "ovirt-engine",
    "rhvm-appliance",
    "RHVH",
    "Data Warehouse",
    "Manager",
    "SHA-256",
    "4.4",
    "postgresql",
    "httpd",
    "gluster",
    # Japanese terms
    "グローバルメンテナンスモード",
    "セルフホストエンジン",
    "互換バージョン",
    "仮想マシン",
    "証明書",
    "データセンター",
    "クラスター",
    "リポジトリー",
    "移行",
    "スナップショット",
    "バックアップ",
    "管理ポータル",
    "ストレージドメイン",
    "再起動",
    "ホスト",
]


@functools.cache
def page_texts(built: Path) -> dict[str, str]:
    """The article text of each indexed page of ``built`` (once per site: read only)."""
    pages = {}
    for path in sorted(built.rglob("*.html")):
        name = path.relative_to(built).as_posix()
        # The one-page editions (all.html) repeat the guides' pages and are not indexed.
        if name in ("search.html", "genindex.html") or path.name == "all.html":
            continue
        article = soup(path).select_one("article")
        if article is not None:
            pages[name] = article.get_text()
    return pages


def contains(text: str, query: str) -> bool:
    if query.isascii():
        return (
            re.search(rf"(?<![A-Za-z0-9_]){re.escape(query)}(?![A-Za-z0-9_])", text, re.IGNORECASE)
            is not None
        )
    return query in text


def search(driver: Any, built: Path, query: str, done: str) -> tuple[list[str], str, int]:
    """The pages that the search page lists for ``query``, its status line, and
    how many results it lists (a page may be listed once per matching section)."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get((built / "search.html").as_uri() + "?q=" + quote(query))
    WebDriverWait(driver, 30, poll_frequency=POLL).until(
        lambda d: re.search(
            done,
            d.execute_script(
                "var s = document.querySelector('#search-results .search-summary');"
                "return s ? s.innerText : '';"
            ),
        )
    )
    hrefs = driver.execute_script(
        "return Array.from(document.querySelectorAll('#search-results ul.search li > a'))"
        ".map(function (a) { return a.href; });"
    )
    root = built.as_uri() + "/"
    pages = sorted(
        {unquote(urlsplit(h).path).removeprefix(unquote(urlsplit(root).path)) for h in hrefs}
    )
    status = driver.execute_script(
        "return document.querySelector('#search-results .search-summary').innerText;"
    )
    return pages, status, len(hrefs)


def test_splitters_agree() -> None:
    """A text's query terms are among its index terms: a page finds itself."""
    for text in [
        "engine-backup --mode=backup",
        "/etc/yum.repos.d/local.repo",
        "グローバルメンテナンスモードを有効にします",
        "RHVH のホスト 4.4.z",
        "鍵",
    ]:
        assert set(split_query(text)) <= set(split_for_index(text)), text
    assert "engine-backup" in split_query("# engine-backup --scope=all")
    assert {"engine", "backup", "engine-backup"} <= set(split_for_index("engine-backup"))


def test_japanese_search_finds_every_page_with_the_query(browser: Any, built_ja: Path) -> None:
    assert len(QUERIES) >= 30
    texts = page_texts(built_ja)
    missed = {}
    for query in QUERIES:
        wanted = {page for page, text in texts.items() if contains(text, query)}
        assert wanted, f"no page contains {query!r}: choose another query"
        found, status, count = search(browser, built_ja, query, "検索が完了|見つかりませんでした")
        if wanted - set(found):
            missed[query] = sorted(wanted - set(found))
        # The status line is Japanese and gives the count.
        assert f"{count} ページ" in status, (query, status)
    assert missed == {}


def test_results_name_their_guide(browser: Any, built: Path) -> None:
    found, _status, _count = search(
        browser, built, "hosted-engine", "Search finished|did not match"
    )
    assert len(found) > 5
    items = browser.execute_script(
        "return Array.from(document.querySelectorAll('#search-results ul.search li'))"
        ".map(function (li) { var g = li.querySelector('.guidekit-search-guide');"
        " var a = li.querySelector('a');"
        " return [a.innerText, g ? g.innerText : null, a.getAttribute('href')]; });"
    )
    titles = {guide.title for guide in MANIFEST.guides}
    # Every result inside a guide names it; the others (home page, helper) do not.
    assert all((guide in titles) == href.startswith("guides/") for _title, guide, href in items), (
        items
    )
    assert sum(href.startswith("guides/") for _title, _guide, href in items) > 5
    # Results that share a title are told apart by their guide.
    pairs = [(title, guide) for title, guide, href in items if "#" not in href]
    assert len(set(pairs)) == len(pairs)
    assert len({title for title, _guide in pairs}) < len(pairs)


def test_japanese_results_name_their_guide(browser: Any, built_ja: Path) -> None:
    search(browser, built_ja, "engine-backup", "検索が完了")
    guides = browser.execute_script(
        "return Array.from(document.querySelectorAll('#search-results .guidekit-search-guide'))"
        ".map(function (g) { return g.innerText; });"
    )
    assert guides and all(re.search("[\u3040-\u30ff]", g) for g in guides), guides


@pytest.mark.parametrize(
    "page",
    [
        "guides/she-4.3-to-4.4/update-manager.html",
        "guides/she-4.3-to-4.4/index.html",
        "index.html",
        "search.html",
        "upgrade-helper.html",
    ],
)
def test_japanese_pages_show_no_english_chrome(browser: Any, built_ja: Path, page: str) -> None:
    """The visible text, titles and labels of a Japanese page outside code and
    product names: nothing English is left."""
    browser.get((built_ja / page).as_uri())
    english = browser.execute_script(VISIBLE_ENGLISH)
    # The language switch names English in English; product names stay as they are.
    allowed = {"English", "Furo", "Red Hat Virtualization Host (RHVH)"}
    assert [s for s in english if s not in allowed] == []


#: Text nodes, attributes a reader meets (tooltips, labels) and icon titles
#: with an English word and no Japanese.
VISIBLE_ENGLISH = r"""
var out = [];
var word = /[A-Za-z]{3,}/, japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
function english(text) { return word.test(text) && !japanese.test(text); }
// Code, and the product's own interface labels, which the guide quotes as they are.
function skipped(node) {
  return node.closest('pre, code, kbd, script, style, .highlight, .guilabel, .menuselection');
}
var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  var node = walker.currentNode, text = node.textContent.trim();
  if (node.parentElement && !skipped(node.parentElement) && english(text)) out.push(text);
}
document.querySelectorAll('[aria-label], [title], [data-tooltip], [alt], [placeholder]')
  .forEach(function (element) {
    ['aria-label', 'title', 'data-tooltip', 'alt', 'placeholder'].forEach(function (name) {
      var value = element.getAttribute(name);
      if (value && /Toggle|Link to|Copy/.test(value)) out.push(value);
      else if (value && english(value) && !skipped(element)) out.push(value);
    });
  });
if (english(document.title)) out.push(document.title);
return Array.from(new Set(out));
"""


#: Commands and options an administrator types into the English search.
COMMAND_QUERIES = [
    "engine-backup",
    "hosted-engine",
    "--set-maintenance",
    "engine-setup",
    "subscription-manager",
    "ovirt-engine",
]


@pytest.mark.parametrize("query", COMMAND_QUERIES)
def test_english_search_finds_exactly_the_pages_with_a_command(
    browser: Any, built: Path, query: str
) -> None:
    """Every page that contains the command is listed, once, and no other page."""
    texts = page_texts(built)
    wanted = {page for page, text in texts.items() if contains(text, query)}
    assert wanted, f"no page contains {query!r}"
    found, status, count = search(browser, built, query, "Search finished|did not match")
    assert set(found) == wanted, (sorted(set(found) - wanted), sorted(wanted - set(found)))
    assert count == len(found), "a page is listed more than once"
    assert f"found {count} pages" in status or (count == 1 and "one page" in status), status


def test_search_can_be_limited_to_one_guide(browser: Any, built: Path) -> None:
    guide = MANIFEST.guides[0]
    found, status, _count = search(browser, built, "engine-backup", "Search finished|did not match")
    visible = browser.execute_script(
        "return Array.from(document.querySelectorAll('#search-results ul.search li'))"
        ".filter(function (li) { return !li.hidden; }).length;"
    )
    assert visible == len(found)
    browser.execute_script(
        "var s = document.getElementById('guidekit-search-guide'); s.value = arguments[0];"
        "s.dispatchEvent(new Event('change'));",
        guide.id,
    )
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('#search-results ul.search li'))"
        ".filter(function (li) { return !li.hidden; })"
        ".map(function (li) { return li.querySelector('a').getAttribute('href'); });"
    )
    assert shown and all(href.startswith(f"guides/{guide.id}/") for href in shown), shown
    assert len(shown) < len(found)
    status = browser.execute_script(
        "return document.querySelector('#search-results .search-summary').innerText;"
    )
    assert f"found {len(shown)} page" in status or "one page" in status, status
    # The choice is kept in the link, so that it can be shared.
    assert f"guide={guide.id}" in browser.current_url


@pytest.fixture(scope="module")
def served_ja(built_ja: Path) -> Iterator[str]:
    """The Japanese build over HTTP on the loopback address: the result summaries
    are fetched, which a file:// page may not do."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(built_ja))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_japanese_search_highlights_and_ranks_the_whole_query(browser: Any, served_ja: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    query = "セルフホストエンジン"
    browser.get(f"{served_ja}/search.html?q={quote(query)}")
    WebDriverWait(browser, 30, poll_frequency=POLL).until(
        lambda d: d.execute_script(
            "return document.querySelectorAll('#search-results p.context').length > 0;"
        )
    )
    marked = browser.execute_script(
        "return Array.from(document.querySelectorAll('#search-results span.highlighted'))"
        ".map(function (s) { return s.textContent; });"
    )
    assert marked and set(marked) == {query}, set(marked)
    titles = browser.execute_script(
        "return Array.from(document.querySelectorAll('#search-results ul.search li > a'))"
        ".map(function (a) { return a.innerText; });"
    )
    with_query = [i for i, title in enumerate(titles) if query in title]
    assert with_query and with_query[0] == 0, titles[:5]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_search_page_has_a_main_heading(
    browser: Any, built: Path, built_ja: Path, language: str
) -> None:
    root = built if language == "en" else built_ja
    done = "Search finished|did not match" if language == "en" else "検索が完了"
    search(browser, root, "engine-backup", done)
    headings = browser.execute_script(
        "return Array.from(document.querySelectorAll('h1')).map(function (h) {"
        " return h.innerText; });"
    )
    assert headings == (["Search"] if language == "en" else ["検索"]), headings
