"""The upgrade helper lists each guide's pre-flight list (its front page's "Before
you start"), in the build language, and shows an entry of one branch only when the
reader's choices meet its conditions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.model.test_flow import REAL, REAL_MODEL
from tests.pages import soup

from guidekit.checklist.preflight import preflight_data
from guidekit.model.flow import check_guide
from guidekit.model.flow.preflight import start_requirements

SHE = "she-4.3-to-4.4"


def helper_data(built: Path) -> dict[str, Any]:
    page = soup(built / "upgrade-helper.html")
    script = page.select_one("script#guidekit-helper-data")
    assert script is not None
    data: dict[str, Any] = json.loads(script.string or "")
    return data


def expected(guide_id: str) -> list[dict[str, Any]]:
    flow = check_guide(REAL, REAL_MODEL, REAL.manifest.by_id[guide_id], set())
    return preflight_data(start_requirements(REAL_MODEL, flow), REAL.manifest)


def test_every_guide_of_the_helper_has_its_front_pages_list(built: Path) -> None:
    guides = helper_data(built)["guides"]
    assert SHE in guides
    for guide_id, guide in guides.items():
        assert guide["preflight"] == expected(guide_id), guide_id
    geo = {e["state"]: e for e in guides[SHE]["preflight"]}["geo-replication"]
    assert geo["when"] == {"gluster": [True], "host-type": ["rhvh"]}
    assert geo["conditions"] == ["Gluster storage", "Red Hat Virtualization Host (RHVH)"]
    text = helper_data(built)["text"]
    assert (text["preflight"], text["onlyIn"]) == ("Before you start", "Only in:")


def test_the_japanese_helper_has_it_translated(built_ja: Path) -> None:
    data = helper_data(built_ja)
    english = {e["state"]: e for e in expected(SHE)}
    entries = {e["state"]: e for e in data["guides"][SHE]["preflight"]}
    assert list(entries) == list(english)
    for state, entry in entries.items():
        assert entry["text"] != english[state]["text"], state
        assert entry["command"] == english[state]["command"]
    geo = entries["geo-replication"]
    assert geo["conditions"] == ["Gluster ストレージ", "Red Hat Virtualization Host (RHVH)"]
    assert "Storage \u2023 Domains" in geo["text"]
    assert entries["engine"]["machine"] == "Manager マシンで実行"
    assert data["text"]["preflight"] == "開始する前に"


def _listed(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [
        li.get_attribute("data-state")
        for li in driver.find_elements(
            By.CSS_SELECTOR, f'[data-guide="{SHE}"] .guidekit-helper-preflight li[data-state]'
        )
    ]


def test_an_entry_of_one_branch_follows_the_ticks(browser: Any, built: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    query = "?from=4.3&to=4.4&topology=self-hosted&host-type=rhvh"
    browser.get((built / "upgrade-helper.html").as_uri() + query)
    browser.find_element(By.CSS_SELECTOR, ".guidekit-helper-result .guidekit-helper-summary")
    everywhere = [e["state"] for e in expected(SHE) if not e["when"]]
    assert _listed(browser) == everywhere
    # a check ticked before the list changes stays ticked
    first = browser.find_element(By.CSS_SELECTOR, ".guidekit-helper-preflight li input")
    browser.execute_script("arguments[0].click()", first)

    gluster = browser.find_element(By.ID, "guidekit-helper-option-gluster")
    browser.execute_script("arguments[0].click()", gluster)
    assert "geo-replication" in _listed(browser)
    item = browser.find_element(By.CSS_SELECTOR, 'li[data-state="geo-replication"]')
    only = item.find_element(By.CSS_SELECTOR, ".guidekit-preflight-only").text
    assert only == "Only in: Gluster storage, Red Hat Virtualization Host (RHVH)"
    assert browser.find_element(
        By.CSS_SELECTOR, ".guidekit-helper-preflight li input"
    ).is_selected()
    # the commands come after their machine's prompt
    commands = [
        pre.text for pre in browser.find_elements(By.CSS_SELECTOR, ".guidekit-preflight-command")
    ]
    assert "# hosted-engine --vm-status" in commands

    # the Gluster branch needs RHVH hosts: with RHEL hosts the entry goes
    select = browser.find_element(By.ID, "guidekit-helper-host-type")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", select
    )
    Select(select).select_by_value("rhel")
    assert _listed(browser) == everywhere


@pytest.mark.parametrize("guide_id", ["remote-db-4.3-to-4.4"])
def test_the_remote_dwh_entry_follows_its_tick(browser: Any, built: Path, guide_id: str) -> None:
    from selenium.webdriver.common.by import By

    base = (built / "upgrade-helper.html").as_uri() + "?from=4.3&to=4.4&topology=remote-db"

    def states(query: str) -> list[str]:
        browser.get(base + query)
        browser.find_element(By.CSS_SELECTOR, ".guidekit-helper-result .guidekit-helper-summary")
        return [
            li.get_attribute("data-state")
            for li in browser.find_elements(
                By.CSS_SELECTOR, f'[data-guide="{guide_id}"] .guidekit-helper-preflight li'
            )
        ]

    assert "dwh" not in states("&host-type=rhel")
    assert "dwh" in states("&host-type=rhel&options=remote-dwh")
