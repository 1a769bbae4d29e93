"""The upgrade helper in a real headless Chromium (Debian's chromium and
chromium-driver, driven by selenium; nothing is downloaded).

Install the browser with `.ci/install-browser-deps`. Without it these tests
skip, unless GUIDEKIT_REQUIRE_BROWSER=1 (CI), where they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import Tag
from tests.pages import soup

from guidekit.checklist import core as checklist
from guidekit.checklist.core import ChecklistError, Environment
from guidekit.model.project import load_project

REPO = Path(__file__).resolve().parents[2]
MANIFEST = load_project(
    REPO / "source" / "guides.yaml", REPO / "procedures", REPO / "procedures" / "versions.yaml"
).manifest


def by(kind: str) -> Any:
    from selenium.webdriver.common.by import By

    return getattr(By, kind)


def open_helper(driver: Any, built: Path, query: str = "") -> None:
    driver.get((built / "upgrade-helper.html").as_uri() + query)
    driver.find_element(by("CSS_SELECTOR"), ".guidekit-helper-result .guidekit-helper-summary")


def scrolled(driver: Any, element: Any) -> Any:
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
    )
    return element


def choose(driver: Any, field: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(
        scrolled(driver, driver.find_element(by("ID"), f"guidekit-helper-{field}"))
    ).select_by_value(value)


def option_box(driver: Any, option: str) -> Any:
    return driver.find_element(by("ID"), f"guidekit-helper-option-{option}")


def set_option(driver: Any, option: str, wanted: bool) -> None:
    box = option_box(driver, option)
    if box.is_selected() != wanted:
        scrolled(driver, box).click()


def apply(driver: Any, env: Environment) -> None:
    """Choose ``env`` through the form, as a reader would."""
    choose(driver, "from", env.current)
    choose(driver, "to", env.target)
    choose(driver, "topology", env.topology)
    for name, value in env.choices.items():
        choose(driver, name, value)
    for option in checklist.options(MANIFEST):
        set_option(driver, option, option in env.options)


def shown(driver: Any) -> list[str]:
    """Keys of the listed steps and parts, in page order (read in one call: a
    WebDriver call per entry was most of a test's time)."""
    keys: list[str] = driver.execute_script(
        "return Array.from(document.querySelectorAll('.guidekit-helper-result li[data-key]'),"
        " function (li) { return li.getAttribute('data-key'); });"
    )
    return keys


def expected(env: Environment) -> list[str]:
    keys = []
    for guide, entries in checklist.select(MANIFEST, env):
        for entry in entries:
            keys.append(entry.label)
            keys.extend(checklist.part_label(guide, entry.step, p) for p in entry.parts)
    return keys


def env(current: str, target: str, topology: str, host: str, *options: str) -> Environment:
    return Environment(current, target, topology, {"host-type": host}, frozenset(options))


SEQUENCE = [
    env("4.2", "4.4", "self-hosted", "rhvh"),
    env("4.2", "4.4", "local-db", "rhvh"),
    env("4.2", "4.4", "local-db", "rhvh", "local-storage"),
    env("4.3", "4.4", "self-hosted", "rhvh", "local-storage", "gluster"),  # the RHHI-V branch
    env("4.3", "4.4", "self-hosted", "rhel", "local-storage", "gluster"),
    env("4.2", "4.4", "local-db", "rhel", "local-storage", "gluster"),
    env("4.2", "4.4", "local-db", "rhel", "sha1"),
    env("4.2", "4.4", "local-db", "rhel", "sha1", "external-ca"),
    env("4.2", "4.3", "remote-db", "rhel", "remote-dwh"),
    env("4.3", "4.4", "remote-db", "rhvh", "remote-dwh", "local-storage"),
    env("4.4", "4.4", "self-hosted", "rhvh"),
    env("4.4", "4.4", "remote-db", "rhvh"),
]


def test_choices_change_the_checklist(browser: Any, built: Path) -> None:
    open_helper(browser, built)
    previous: list[str] = []
    for environment in SEQUENCE:
        apply(browser, environment)
        now = shown(browser)
        assert now == expected(environment), environment
        assert now != previous, environment  # each choice in the sequence changes something
        previous = now
    # Every listed step and part has its checkbox, and a check survives a re-render.
    boxes = browser.find_elements(by("CSS_SELECTOR"), "li[data-key] > input[type=checkbox]")
    assert len(boxes) == len(previous)
    scrolled(browser, boxes[2]).click()
    set_option(browser, "gluster", True)  # no effect on this path, re-renders anyway
    assert browser.find_elements(by("CSS_SELECTOR"), "li[data-key] > input[type=checkbox]")[
        2
    ].is_selected()


def test_options_without_effect_are_marked(browser: Any, built: Path) -> None:
    open_helper(browser, built, "?from=4.3&to=4.4&topology=self-hosted&host-type=rhvh")
    rows = {
        row.get_attribute("data-field"): "guidekit-inert" in row.get_attribute("class")
        for row in browser.find_elements(by("CSS_SELECTOR"), ".guidekit-helper-field")
    }
    relevant = checklist.relevant_facets(
        MANIFEST, checklist.find_path(MANIFEST, "4.3", "4.4", "self-hosted")
    )
    assert rows == {field: field not in {"from", "to", "topology", *relevant} for field in rows}
    assert rows["remote-dwh"] and not rows["local-storage"] and not rows["gluster"]


def test_impossible_choice_shows_the_error(browser: Any, built: Path) -> None:
    open_helper(browser, built)
    apply(browser, env("4.4", "4.3", "local-db", "rhel"))
    error = browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-error")
    with pytest.raises(ChecklistError) as info:
        checklist.find_path(MANIFEST, "4.4", "4.3", "local-db")
    assert error.text == str(info.value)
    assert shown(browser) == []


def test_links_lead_to_existing_sections(browser: Any, built: Path) -> None:
    rich = env("4.2", "4.4", "remote-db", "rhvh", *checklist.options(MANIFEST))
    open_helper(browser, built)
    apply(browser, rich)
    # Where each link leads as the browser resolved it, and the text the reader sees
    # (in one call: two WebDriver calls per link were most of the test's time).
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('.guidekit-helper-result a'),"
        " function (a) { return [a.href, a.innerText.trim()]; });"
    )
    assert len(links) == len(expected(rich)) + 2  # two guide headings
    for href, title in links:
        # Where the browser resolved the link: the built page there, and its section.
        parts = urlsplit(href)
        assert parts.scheme == "file" and parts.fragment, href
        target = soup(Path(unquote(parts.path))).find(id=parts.fragment)
        assert isinstance(target, Tag), href
        heading = target.find(["h1", "h2", "h3"])
        assert heading is not None and title in heading.get_text(), href
    # And a real click follows the link.
    open_helper(browser, built)
    apply(browser, rich)
    first = browser.find_element(by("CSS_SELECTOR"), "ol.guidekit-checklist a")
    href = first.get_attribute("href")
    scrolled(browser, first).click()
    assert browser.current_url == href
    assert browser.find_elements(by("ID"), urlsplit(href).fragment)


def test_the_shared_url_restores_the_choices(browser: Any, built: Path) -> None:
    chosen = env("4.2", "4.4", "local-db", "rhvh", "gluster", "sha1", "external-ca")
    open_helper(browser, built)
    apply(browser, chosen)
    url = browser.current_url
    query = parse_qs(urlsplit(url).query)
    assert query == {
        "from": ["4.2"],
        "to": ["4.4"],
        "topology": ["local-db"],
        "host-type": ["rhvh"],
        "options": ["gluster,external-ca,sha1"],
    }
    share = browser.find_element(by("CSS_SELECTOR"), "a.guidekit-helper-share")
    assert share.get_attribute("href") == url
    before = shown(browser)
    assert before == expected(chosen)

    def restored() -> None:
        assert shown(browser) == before
        for field, value in (
            ("from", "4.2"),
            ("to", "4.4"),
            ("topology", "local-db"),
            ("host-type", "rhvh"),
        ):
            element = browser.find_element(by("ID"), f"guidekit-helper-{field}")
            assert element.get_attribute("value") == value
        assert {
            o for o in checklist.options(MANIFEST) if option_box(browser, o).is_selected()
        } == set(chosen.options)

    browser.refresh()
    restored()
    browser.get("about:blank")
    browser.get(url)  # the link, opened anew
    restored()

    # Ticks are kept across a reload too (in the browser's local storage).
    def boxes() -> list[Any]:
        return browser.find_elements(by("CSS_SELECTOR"), "li[data-key] > input[type=checkbox]")

    browser.execute_script("window.localStorage.clear()")
    browser.refresh()
    scrolled(browser, boxes()[1]).click()
    browser.refresh()
    assert [b.is_selected() for b in boxes()][:3] == [False, True, False]
    scrolled(browser, boxes()[1]).click()
    browser.refresh()
    assert not any(b.is_selected() for b in boxes())


def test_print_keeps_the_checklist_only(browser: Any, built: Path) -> None:
    open_helper(browser, built, "?from=4.2&to=4.3&topology=self-hosted&host-type=rhel")
    form = browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-form")
    assert form.is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not form.is_displayed()
        assert not browser.find_element(
            by("CSS_SELECTOR"), ".guidekit-helper-actions"
        ).is_displayed()
        items = browser.find_elements(by("CSS_SELECTOR"), "li[data-key]")
        assert items and all(item.is_displayed() for item in items)
        assert all(
            box.is_displayed()
            for box in browser.find_elements(
                by("CSS_SELECTOR"), "li[data-key] > input[type=checkbox]"
            )
        )
        assert browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-summary").is_displayed()
        assert browser.print_page()  # Chromium renders the page to PDF without error
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    """The English build on a local static web server."""
    handler = functools.partial(_QuietHandler, directory=str(built))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_works_from_a_web_server_too(browser: Any, served: str) -> None:
    chosen = env("4.3", "4.4", "remote-db", "rhvh", "remote-dwh")
    browser.get(served + "upgrade-helper.html")
    browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-summary")
    apply(browser, chosen)
    url = browser.current_url
    assert url.startswith(served) and "options=remote-dwh" in url
    browser.get("about:blank")
    browser.get(url)
    assert shown(browser) == expected(chosen)
    link = browser.find_element(
        by("CSS_SELECTOR"), 'li[data-key$="/upgrade-remote-dwh-4.3-to-4.4"] a'
    )
    href = link.get_attribute("href")
    browser.get(href)
    assert browser.find_elements(by("ID"), urlsplit(href).fragment)


def test_a_link_with_unknown_choices_shows_no_checklist(browser: Any, built: Path) -> None:
    query = "?from=9.9&to=x&topology=y"
    open_helper_plain(browser, built, query)
    message = browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-ignored")
    for asked in ("from=9.9", "to=x", "topology=y"):
        assert asked in message.text
    assert shown(browser) == []  # no plausible-looking default checklist
    assert browser.current_url.endswith(query)  # the link is left as it was given
    # Unknown options are named too, known ones kept; parameters that are not the
    # helper's (a tracking parameter) are left alone.
    open_helper_plain(
        browser,
        built,
        "?from=4.3&to=4.4&topology=local-db&host-type=rhel&options=gluster,bogus&utm_source=mail",
    )
    message = browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-ignored")
    assert "options=bogus" in message.text and "utm_source" not in message.text
    assert "gluster" not in message.text
    assert shown(browser) == []
    open_helper(
        browser,
        built,
        "?from=4.3&to=4.4&topology=local-db&host-type=rhel&utm_source=mail&utm_medium=email",
    )
    assert not browser.find_elements(by("CSS_SELECTOR"), ".guidekit-helper-ignored")
    assert shown(browser) == expected(env("4.3", "4.4", "local-db", "rhel"))
    # A choice by the reader shows the checklist of what is chosen.
    choose(browser, "topology", "self-hosted")
    assert not browser.find_elements(by("CSS_SELECTOR"), ".guidekit-helper-ignored")
    assert shown(browser) == expected(env("4.3", "4.4", "self-hosted", "rhel", "gluster"))


def open_helper_plain(driver: Any, built: Path, query: str) -> None:
    driver.get((built / "upgrade-helper.html").as_uri() + query)
    driver.find_element(by("CSS_SELECTOR"), ".guidekit-helper-result")


def test_the_summary_names_only_choices_with_an_effect(browser: Any, built: Path) -> None:
    open_helper(
        browser,
        built,
        "?from=4.3&to=4.4&topology=self-hosted&host-type=rhvh&options=remote-dwh,local-storage",
    )
    relevant = checklist.relevant_facets(
        MANIFEST, checklist.find_path(MANIFEST, "4.3", "4.4", "self-hosted")
    )
    assert "remote-dwh" not in relevant and "local-storage" in relevant
    summary = browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-summary").text
    note = browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-inert-note").text
    remote = MANIFEST.label("remote-dwh")
    assert remote not in summary and remote in note
    assert MANIFEST.label("local-storage") in summary


def test_the_language_switch_keeps_the_choices(browser: Any, built: Path, built_ja: Path) -> None:
    chosen = env("4.2", "4.4", "local-db", "rhel", "local-storage")
    open_helper(browser, built)
    apply(browser, chosen)
    before = shown(browser)
    browser.execute_script("window.localStorage.clear()")
    boxes = "li[data-key] > input[type=checkbox]"
    scrolled(browser, browser.find_elements(by("CSS_SELECTOR"), boxes)[1]).click()
    browser.execute_script("window.location.hash = 'guidekit-helper'")
    switch = browser.find_element(by("CSS_SELECTOR"), "a.guidekit-language-link[hreflang=ja]")
    assert switch.get_attribute("href").endswith("#guidekit-helper")  # the anchor is kept
    scrolled(browser, switch).click()
    browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-summary")
    assert "/ja/upgrade-helper.html?" in browser.current_url
    assert browser.current_url.endswith("#guidekit-helper")
    assert shown(browser) == before == expected(chosen)
    # The ticks are the same list in every language.
    assert [b.is_selected() for b in browser.find_elements(by("CSS_SELECTOR"), boxes)][:3] == [
        False,
        True,
        False,
    ]
    assert (
        browser.find_element(by("ID"), "guidekit-helper-topology").get_attribute("value")
        == "local-db"
    )


def test_steps_keep_the_numbers_of_their_guide(browser: Any, built: Path) -> None:
    """Every item shows the number its guide gives it: 7A.1 for a step of an
    alternative, 7B for a chosen alternative, the choice's own number on a choice;
    and the numbers of the steps that the environment leaves out are listed."""
    open_helper(browser, built, "?from=4.3&to=4.4&topology=self-hosted&host-type=rhvh")
    guide = MANIFEST.guide("she-4.3-to-4.4")
    assert guide is not None
    numbers = {}
    for item in browser.find_elements(by("CSS_SELECTOR"), "li[data-key]"):
        slug = item.get_attribute("data-key").split("/", 1)[1]
        numbers[slug] = item.find_element(by("CSS_SELECTOR"), ".guidekit-step-number").text
    shown_steps = [s for s in guide.steps if s.slug in numbers]
    assert [numbers[s.slug] for s in shown_steps] == [f"{guide.number(s)}." for s in shown_steps]
    assert numbers["upgrade-she-4.3-to-4.4"] == "7A.1."  # RHVH without Gluster: branch A
    assert "upgrade-rhvh-local-storage" not in numbers
    skipped = browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-skipped").text
    assert "8. Upgrading RHVH while preserving local storage" in skipped
    assert "7B." not in skipped  # the other alternative is not "left out", it is not chosen
    # The number the reader sees is the one of the page the item links to.
    item = browser.find_element(by("CSS_SELECTOR"), 'li[data-key$="/migrate-hosts-4.3-to-4.4"]')
    href = item.find_element(by("CSS_SELECTOR"), "a").get_attribute("href")
    browser.get(href)
    assert browser.find_element(by("CSS_SELECTOR"), "h1").text.startswith("7A.2.")
    # A choice is numbered as the guide's step; its alternatives by letter.
    open_helper(browser, built, "?from=4.4&to=4.4&topology=local-db&host-type=rhel")
    holder = browser.find_element(by("CSS_SELECTOR"), "li.guidekit-checklist-choice")
    assert holder.text.startswith("4. Do one of the following:")
    assert [
        n.text
        for n in holder.find_elements(by("CSS_SELECTOR"), "li[data-key] .guidekit-step-number")
    ] == ["4A.", "4B.", "4C."]


def test_a_choice_without_effect_says_why(browser: Any, built: Path) -> None:
    """Gluster with RHEL hosts (or local storage with RHEL hosts) changes nothing:
    the helper says which condition its steps need instead of dropping it silently."""
    open_helper(
        browser,
        built,
        "?from=4.3&to=4.4&topology=self-hosted&host-type=rhel&options=gluster,local-storage",
    )
    assert shown(browser) == expected(env("4.3", "4.4", "self-hosted", "rhel"))
    summary = browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-summary").text
    assert MANIFEST.label("gluster") not in summary
    notes = [
        n.text for n in browser.find_elements(by("CSS_SELECTOR"), ".guidekit-helper-inert-note")
    ]
    for option in ("gluster", "local-storage"):
        note = next(n for n in notes if n.startswith(MANIFEST.label(option)))
        needed = f"{MANIFEST.label('host-type')}: {MANIFEST.label('host-type', 'rhvh')}"
        assert needed in note, note
    rows = {
        row.get_attribute("data-field"): "guidekit-inert" in row.get_attribute("class")
        for row in browser.find_elements(by("CSS_SELECTOR"), ".guidekit-helper-field")
    }
    assert rows["gluster"] and rows["local-storage"]
    choose(browser, "host-type", "rhvh")
    assert "upgrade-rhvh-gluster-storage" in " ".join(shown(browser))
    assert not browser.find_elements(by("CSS_SELECTOR"), ".guidekit-helper-inert-note")


def test_native_controls_follow_the_dark_theme(browser: Any, built: Path) -> None:
    open_helper(browser, built)
    helper = browser.find_element(by("ID"), "guidekit-helper")
    browser.execute_script("document.body.dataset.theme = 'dark'")
    assert (
        browser.execute_script("return getComputedStyle(arguments[0]).colorScheme", helper)
        == "dark"
    )
    browser.execute_script("document.body.dataset.theme = 'light'")
    assert browser.execute_script("return getComputedStyle(arguments[0]).colorScheme", helper) in (
        "normal",
        "light",
    )


def test_narrow_screen_and_print(browser: Any, built_ja: Path) -> None:
    browser.set_window_size(400, 900)
    try:
        open_helper(browser, built_ja, "?from=4.2&to=4.4&topology=local-db&host-type=rhel")
        width = browser.execute_script("return document.documentElement.clientWidth;")
        for select in browser.find_elements(by("CSS_SELECTOR"), ".guidekit-helper-form select"):
            right = browser.execute_script(
                "return arguments[0].getBoundingClientRect().right;", select
            )
            assert right <= width, select.get_attribute("id")
        assert browser.execute_script("return document.documentElement.scrollWidth;") <= width
        for heading in browser.find_elements(by("CSS_SELECTOR"), ".guidekit-checklist-guide h2"):
            lines = browser.execute_script(
                "var s = getComputedStyle(arguments[0]);"
                "return arguments[0].getBoundingClientRect().height / parseFloat(s.lineHeight);",
                heading,
            )
            assert lines <= 3.2, heading.text
        note = browser.find_element(by("CSS_SELECTOR"), ".guidekit-helper-storage")
        assert note.is_displayed() and "ブラウザー" in note.text
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            skip = browser.find_elements(by("CSS_SELECTOR"), ".skip-to-content")
            assert skip and not any(s.is_displayed() for s in skip)
        finally:
            browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    finally:
        browser.set_window_size(1280, 1400)


def test_alternatives_are_shown_as_a_choice(browser: Any, built: Path) -> None:
    open_helper(browser, built)
    apply(browser, env("4.4", "4.4", "local-db", "rhel"))
    holders = browser.find_elements(by("CSS_SELECTOR"), "li.guidekit-checklist-choice")
    assert len(holders) == 1  # the host update methods; the Manager update is picked
    assert holders[0].text.startswith("4. Do one of the following:")
    keys = [
        li.get_attribute("data-key")
        for li in holders[0].find_elements(by("CSS_SELECTOR"), "li[data-key]")
    ]
    assert keys == [
        "minor-4.4/update-all-hosts",
        "minor-4.4/update-individual-hosts",
        "minor-4.4/update-hosts-manually",
    ]
    assert "minor-4.4/update-she-4.4" not in shown(browser)
    apply(browser, env("4.4", "4.4", "self-hosted", "rhel"))
    assert "minor-4.4/update-she-4.4" in shown(browser)
    assert "minor-4.4/update-manager" not in shown(browser)
