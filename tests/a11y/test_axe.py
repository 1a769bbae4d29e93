"""axe-core on the built site in headless Chromium: a guide's front page, a procedure
page (commands, tabs, admonitions), a page with a one-of choice, the upgrade helper
(as opened and with ticks set), the search page with results, a single-page guide
and the language's index, in English and Japanese, in the light and the dark theme.

Any finding fails the test, unless ``axe-allowed.yaml`` lists it (rule and
selector) with the reason it is the theme's own. axe-core and Chromium come from
``.ci/install-browser-deps``; without them these tests skip, unless
GUIDEKIT_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from tests.a11y.axe import ALLOWED_FILE, AXE_CORE_VERSION, Finding, allowed, axe_source, run_axe

REPO = Path(__file__).resolve().parents[2]
#: How often a wait looks again: selenium's default (0.5 s) was most of the time a
#: page took to show its results.
POLL = 0.01
LANGUAGES = ("en", "ja")
#: Furo's theme switch: light, dark, and auto (the system's choice: a dark system here).
THEMES = ("light", "dark", "auto-dark")
#: What a theme changes is colours, not markup: after every rule in the light theme,
#: the other themes are checked again by the rules that read colours.
COLOUR_RULES = ("color-contrast", "link-in-text-block")


def _css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def _wait(driver: Any, condition: Callable[[Any], object]) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30, poll_frequency=POLL).until(condition)


def _has(*selectors: str) -> Callable[[Any], None]:
    """The page shows what it was chosen for (or the test would check less than it says)."""

    def check(driver: Any) -> None:
        for selector in selectors:
            assert _css(driver, selector), f"no {selector} on {driver.current_url}"

    return check


def _search_results(driver: Any) -> None:
    # The summaries are fetched over HTTP after the list: wait for both.
    _wait(driver, lambda d: _css(d, "#search-results .search-summary"))
    _wait(driver, lambda d: _css(d, "#search-results ul.search li p.context"))


def _tick(driver: Any) -> None:
    boxes = _css(driver, ".guidekit-helper-result li[data-key] > input[type=checkbox]")
    assert len(boxes) > 4, driver.current_url
    ticked = (boxes[0], boxes[1], boxes[4])
    for box in ticked:
        if not box.is_selected():  # the helper keeps ticks from an earlier visit
            # A click event as the reader's (a layout change may cover the box in headless).
            driver.execute_script("arguments[0].click()", box)
    driver.execute_script("window.scrollTo(0, 0)")
    assert all(box.is_selected() for box in ticked)


HELPER_CHOICE = "?from=4.3&to=4.4&topology=self-hosted&host-type=rhvh&options=local-storage"

#: name -> (page under the language's root, what to check or do once it is open).
PAGES: dict[str, tuple[str, Callable[[Any], None]]] = {
    "index": ("index.html", _has("[role=main] h1")),
    "guide-front": ("guides/she-4.3-to-4.4/index.html", _has("[role=main] h1", ".guidekit-choice")),
    "procedure": (
        "guides/minor-4.4/update-hosts-manually.html",
        _has(".sphinx-tabs", ".admonition", "div.highlight pre", "button.copybtn"),
    ),
    # With sections, so that Furo's "On this page" drawer is a second <aside>.
    "sections": (
        "guides/she-4.3-to-4.4/log-collection-analyzer.html",
        _has(".toc-drawer:not(.no-toc) .toc-tree a"),
    ),
    "one-of": (
        "guides/she-4.3-to-4.4/upgrade-she-4.3-to-4.4.html",
        _has(".guidekit-choice", ".guidekit-alternatives"),
    ),
    "helper": ("upgrade-helper.html", _has("select", "input[type=checkbox]")),
    "helper-ticked": ("upgrade-helper.html" + HELPER_CHOICE, _tick),
    "search": ("search.html?q=engine-backup", _search_results),
    "single-page": ("guides/she-4.3-to-4.4/all.html", _has(".guidekit-choice", "div.highlight")),
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(built: Path, built_ja: Path) -> Iterator[str]:
    """Both languages, side by side as published, on a local web server (the
    search page fetches its result summaries, which file:// does not allow)."""
    assert built.parent == built_ja.parent
    handler = functools.partial(_QuietHandler, directory=str(built.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def axe() -> str:
    """axe-core's script; asked for first, so that without it nothing is built."""
    return axe_source()


def _rgb(value: str) -> tuple[int, ...]:
    return tuple(int(float(c)) for c in value[value.index("(") + 1 : -1].split(",")[:3])


def _system_scheme(driver: Any, scheme: str) -> None:
    """The system's light or dark preference as the page sees it ("" for no override)."""
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"media": "", "features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )


@pytest.fixture
def themed(browser: Any) -> Iterator[Any]:
    """The browser; the system's colour preference reset afterwards for other tests."""
    yield browser
    _system_scheme(browser, "")


def open_in_theme(driver: Any, url: str, theme: str) -> None:
    """Open ``url`` with Furo's theme switch set to ``theme`` (what a reader's
    choice leaves in localStorage; "auto-dark": auto on a dark system), and check
    that the page took it."""
    stored, system = _stored_and_system(theme)
    _system_scheme(driver, system)
    # The choice is kept in the site's localStorage: on a page of the site already
    # (the previous test's), set it and open the page once; else open it to set it.
    if urlsplit(driver.current_url)[:2] != urlsplit(url)[:2]:
        driver.get(url)
    driver.execute_script("localStorage.setItem('theme', arguments[0])", stored)
    driver.get(url)
    _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    assert driver.execute_script("return document.body.dataset.theme") == stored
    _check_background(driver, theme)


def switch_theme(driver: Any, theme: str) -> None:
    """Set Furo's theme on the open page as its switch does (``body[data-theme]``
    and localStorage), without opening the page again; check the page took it."""
    stored, system = _stored_and_system(theme)
    _system_scheme(driver, system)
    driver.execute_script(
        "localStorage.setItem('theme', arguments[0]); document.body.dataset.theme = arguments[0]",
        stored,
    )
    _check_background(driver, theme)


def _stored_and_system(theme: str) -> tuple[str, str]:
    """The theme Furo stores and the system's colour preference ("" for none)."""
    return ("auto", "dark") if theme == "auto-dark" else (theme, "")


def _check_background(driver: Any, theme: str) -> None:
    page = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert (sum(_rgb(page)) < 3 * 128) == (theme != "light"), (theme, page)


def unexplained(findings: list[Finding]) -> list[Finding]:
    accepted = allowed()
    return [f for f in findings if not any(a.covers(f) for a in accepted)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", list(PAGES))
def test_no_axe_violations(axe: str, themed: Any, site: str, page: str, language: str) -> None:
    """Every rule in the light theme; then, on the same page, the rules that read
    colours in the dark theme and in auto on a dark system (the markup is the same
    in every theme; that each theme is taken from a reader's stored choice when a
    page opens is test_native_controls_follow_the_theme's)."""
    browser = themed
    path, prepare = PAGES[page]
    open_in_theme(browser, f"{site}/{language}/{path}", THEMES[0])
    prepare(browser)
    left = {THEMES[0]: unexplained(run_axe(browser, axe))}
    for theme in THEMES[1:]:
        switch_theme(browser, theme)
        left[theme] = unexplained(run_axe(browser, axe, COLOUR_RULES))
    failing = [f"({theme}) {f}" for theme, found in left.items() for f in found]
    assert not failing, f"axe-core {AXE_CORE_VERSION} on {language}/{path}:\n  " + (
        "\n  ".join(failing)
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", list(PAGES))
def test_no_axe_violations_on_a_narrow_screen(
    axe: str, themed: Any, site: str, page: str, language: str
) -> None:
    """The same on a 400 px wide screen (Furo's mobile header, drawers), dark."""
    browser = themed
    size = browser.get_window_size()
    browser.set_window_size(400, 900)
    try:
        path, prepare = PAGES[page]
        open_in_theme(browser, f"{site}/{language}/{path}", "dark")
        assert browser.execute_script("return window.innerWidth") <= 400
        prepare(browser)
        left = unexplained(run_axe(browser, axe))
    finally:
        browser.set_window_size(size["width"], size["height"])
    assert not left, f"axe-core on {language}/{path} (400 px, dark):\n  " + (
        "\n  ".join(str(f) for f in left)
    )


#: Pages with native controls -> the controls to check.
CONTROLS = {
    "helper-ticked": ("select", ".guidekit-helper-result input[type=checkbox]"),
    "search": ("select#guidekit-search-guide",),
}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("page", list(CONTROLS))
def test_native_controls_follow_the_theme(themed: Any, site: str, page: str, theme: str) -> None:
    """Native controls (the helper's selects and checkboxes, the search page's guide
    filter) are drawn in the theme's scheme: light controls stayed on the dark page."""
    browser, dark = themed, theme != "light"
    path, prepare = PAGES[page]
    open_in_theme(browser, f"{site}/en/{path}", theme)
    prepare(browser)
    for selector in CONTROLS[page]:
        control = _css(browser, selector)[0]
        scheme = browser.execute_script(
            "return getComputedStyle(arguments[0]).colorScheme", control
        )
        assert (scheme == "dark") == dark, (selector, scheme)
    text, background = browser.execute_script(
        "var s = getComputedStyle(arguments[0]); return [s.color, s.backgroundColor];",
        _css(browser, CONTROLS[page][0])[0],
    )
    # Dark: light text on a dark control; light: the other way round.
    assert (sum(_rgb(background)) < sum(_rgb(text))) == dark, (text, background)


def test_axe_finds_what_it_should(axe: str, themed: Any, site: str) -> None:
    """The run reports a real failure (so that an empty result means something):
    a form control without a name and low-contrast text put into a built page."""
    browser = themed
    open_in_theme(browser, f"{site}/en/index.html", "dark")
    browser.execute_script(
        "var p = document.createElement('p'); p.textContent = 'faint';"
        "p.style.color = '#777'; p.style.background = '#6a6a6a';"
        "var i = document.createElement('input'); i.type = 'text';"
        "var main = document.querySelector('[role=main]'); main.append(p, i);"
    )
    rules = {f.rule for f in run_axe(browser, axe)}
    assert {"color-contrast", "label"} <= rules, rules


def test_a_switched_theme_is_checked_in_its_colours(axe: str, themed: Any, site: str) -> None:
    """Text readable only in the light theme (the theme's text colour on a fixed
    white background) passes there and fails once the page is switched to dark."""
    browser = themed
    open_in_theme(browser, f"{site}/en/index.html", "light")
    browser.execute_script(
        "var p = document.createElement('p'); p.id = 'light-only'; p.textContent = 'light only';"
        "p.style.color = 'var(--color-foreground-primary)'; p.style.background = '#fff';"
        "document.querySelector('[role=main]').append(p);"
    )

    def failing(found: list[Finding]) -> set[str]:
        return {f.rule for f in found if f.selector == "#light-only"}

    assert failing(run_axe(browser, axe, COLOUR_RULES)) == set()
    switch_theme(browser, "dark")
    assert failing(run_axe(browser, axe, COLOUR_RULES)) == {"color-contrast"}


def test_allowed_findings_say_why() -> None:
    for entry in allowed():
        assert entry.rule and entry.selector and len(entry.why) > 20, entry


def test_install_script_pins_the_same_axe_core() -> None:
    script = (REPO / ".ci" / "install-browser-deps").read_text(encoding="utf-8")
    assert f"AXE_CORE_VERSION={AXE_CORE_VERSION}\n" in script
    assert ALLOWED_FILE.is_file()
