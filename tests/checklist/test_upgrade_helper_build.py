"""The upgrade helper page in the HTML build: embedded data, links, titles of the
built language, and rebuilds (no browser needed; see test_upgrade_helper_browser)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from tests.building import run_sphinx, sphinx_ok
from tests.pages import soup

from guidekit.checklist import core as checklist
from guidekit.model.project import load_project

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
STATIC = REPO / "extensions" / "guidekit" / "static"
MANIFEST = load_project(
    REPO / "source" / "guides.yaml", REPO / "procedures", REPO / "procedures" / "versions.yaml"
).manifest


def helper_data(page: Path) -> dict[str, Any]:
    script = soup(page).select_one("script#guidekit-helper-data")
    assert script is not None
    data: dict[str, Any] = json.loads(script.string or "")
    return data


def heading(page: BeautifulSoup, anchor: str) -> str:
    """The title of the section with id ``anchor`` (without number, ¶ and the marks
    "(optional)", "(or 7B)", which the helper shows its own way)."""
    section = page.find(id=anchor)
    assert section is not None, anchor
    title = section.find(re.compile("^h[1-6]$"))
    assert title is not None, anchor
    title = copy.copy(title)  # the page is shared (tests/pages.py)
    for extra in title.select("span.section-number, a.headerlink, span.guidekit-mark"):
        extra.decompose()
    # Japanese headings have <wbr> between phrases: the words run on across them.
    return " ".join(str(title.get_text("")).split())


def test_helper_page_embeds_every_path(built: Path) -> None:
    data = helper_data(built / "upgrade-helper.html")
    expected = checklist.all_paths(MANIFEST)
    assert len(data["paths"]) == len(expected)
    for (current, target, topology), found in expected.items():
        entry = data["paths"][f"{current}|{target}|{topology}"]
        if isinstance(found, checklist.ChecklistError):
            assert entry == {"error": str(found)}
        else:
            assert entry["guides"] == [g.id for g in found]
            assert entry["relevant"] == checklist.relevant_facets(MANIFEST, found)
    assert [c["label"] for c in data["choices"]["from"]] == ["4.2", "4.3", "4.4.z"]
    assert [c["value"] for c in data["choices"]["options"]] == list(checklist.options(MANIFEST))


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_link_leads_to_its_section_with_the_built_title(
    request: pytest.FixtureRequest, language: str
) -> None:
    built = request.getfixturevalue("built" if language == "en" else "built_ja")
    data = helper_data(built / "upgrade-helper.html")
    pages: dict[Path, BeautifulSoup] = {}
    links = []
    for guide in data["guides"].values():
        links.append((guide["href"], guide["title"]))
        for step in guide["steps"]:
            links.append((step["href"], step["title"]))
            links.extend((part["href"], part["title"]) for part in step["parts"])
    for href, title in links:
        target, anchor = href.split("#")
        path = built / target  # the helper page sits at the root of the build
        if path not in pages:
            assert path.is_file(), href
            pages[path] = soup(path)
        assert heading(pages[path], anchor) == title, href
    steps = sum(
        len(g.steps) + sum(len(s.parts) for s in g.steps) for g in checklist.path_guides(MANIFEST)
    )
    assert len(links) == steps + len(checklist.path_guides(MANIFEST))
    if language != "en":
        english = helper_data(request.getfixturevalue("built") / "upgrade-helper.html")
        assert [g["title"] for g in data["guides"].values()] != [
            g["title"] for g in english["guides"].values()
        ]


def test_script_only_on_the_helper_page_and_linked_from_home(built: Path) -> None:
    helper = soup(built / "upgrade-helper.html")
    assert helper.select_one('script[src*="guidekit-helper.js"]') is not None
    assert helper.select_one('link[href*="guidekit-helper.css"]') is not None
    home = soup(built / "index.html")
    assert home.select_one('script[src*="guidekit-helper.js"]') is None
    assert (
        home.select_one(
            '.body a[href="upgrade-helper.html"], article a[href="upgrade-helper.html"]'
        )
        is not None
    )
    assert (built / "_static" / "guidekit-helper.js").read_bytes() == (
        STATIC / "guidekit-helper.js"
    ).read_bytes()


def test_script_writes_reader_data_with_text_apis_only() -> None:
    code = (STATIC / "guidekit-helper.js").read_text("utf-8")
    for forbidden in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "fetch(",
        "XMLHttpRequest",
        "eval(",
    ):
        assert forbidden not in code
    assert "textContent" in code


# --- a small project, built in English and Japanese -----------------------------

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Updating the Manager"
msgstr "Manager の更新"

msgid "A sub-procedure about thing"
msgstr "thing についてのサブ手順"

msgid "SHE 4.3 to 4.4"
msgstr "SHE 4.3 から 4.4"

msgid "Self-hosted engine"
msgstr "セルフホストエンジン"
"""


@pytest.fixture
def helper_root(basic_root: Path) -> Path:
    """test-basic with a helper page, step conditions, parts and a Japanese catalog."""
    conf = basic_root / "conf.py"
    conf.write_text(
        conf.read_text("utf-8") + 'locale_dirs = ["locales"]\n'
        'gettext_compact = "guides"\nguidekit_languages = ["en", "ja"]\n',
        "utf-8",
    )
    manifest = basic_root / "guides.yaml"
    text = manifest.read_text("utf-8")
    text = text.replace(
        "      - update\n      - maintenance:",
        "      - update: {parts: {sub: {gluster: true}}}\n      - maintenance:",
    )
    text = text.replace("slug: maintenance-off}", "slug: maintenance-off, when: {sha1: true}}")
    manifest.write_text(text, "utf-8")
    (basic_root / "upgrade-helper.md").write_text(
        "---\norphan: true\n---\n# Helper\n\n```{upgrade-helper}\n```\n", "utf-8"
    )
    po = basic_root / "locales" / "ja" / "LC_MESSAGES" / "guides.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, "utf-8")
    return basic_root


def build(root: Path, language: str) -> Path:
    out = root / "_build" / language
    sphinx_ok(root, out, "-W", "--keep-going", "-q", language=language)
    return out


def steps_of(data: dict[str, Any], guide: str) -> dict[str, dict[str, Any]]:
    return {s["slug"]: s for s in data["guides"][guide]["steps"]}


def test_titles_are_those_of_the_built_language(helper_root: Path) -> None:
    english = helper_data(build(helper_root, "en") / "upgrade-helper.html")
    japanese = helper_data(build(helper_root, "ja") / "upgrade-helper.html")
    en, ja = steps_of(english, "she-4.3-to-4.4"), steps_of(japanese, "she-4.3-to-4.4")
    assert en["update"]["title"] == "Updating the Manager"
    assert ja["update"]["title"] == "Manager の更新"
    assert en["update"]["parts"][0]["title"] == "A sub-procedure about thing"
    assert ja["update"]["parts"][0]["title"] == "thing についてのサブ手順"
    assert ja["update"]["parts"][0]["when"] == {"gluster": [True]}
    assert ja["maintenance-off"]["when"] == {"sha1": [True]}
    # Untranslated titles stay English; links are the same in both languages.
    assert ja["maintenance"]["title"] == en["maintenance"]["title"] == "Enabling global maintenance"
    assert [s["href"] for s in ja.values()] == [s["href"] for s in en.values()]
    assert japanese["guides"]["she-4.3-to-4.4"]["title"] == "SHE 4.3 から 4.4"
    assert japanese["choices"]["topology"][0]["label"] == "セルフホストエンジン"
    assert english["choices"]["topology"][0]["label"] == "Self-hosted engine"


def test_a_changed_procedure_rewrites_the_helper(helper_root: Path) -> None:
    out = build(helper_root, "en")
    procedure = helper_root / "procedures" / "update.md"
    procedure.write_text(
        procedure.read_text("utf-8").replace(
            "title: Updating the Manager", "title: Updating the Manager machine"
        ),
        "utf-8",
    )
    data = helper_data(build(helper_root, "en") / "upgrade-helper.html")
    assert out == helper_root / "_build" / "en"
    assert steps_of(data, "she-4.3-to-4.4")["update"]["title"] == "Updating the Manager machine"


def test_the_helper_is_written_again_only_when_what_it_shows_changes(
    helper_root: Path,
) -> None:
    """A procedure read again but showing the same leaves the helper's page (and the
    home page that lists it) as written; a new mark of a step, with the same
    titles, writes the helper again."""
    out = build(helper_root, "en")
    helper, home = out / "upgrade-helper.html", out / "index.html"
    written = {page: page.stat().st_mtime_ns for page in (helper, home)}
    procedure = helper_root / "procedures" / "update.md"
    procedure.touch()
    build(helper_root, "en")
    assert {page: page.stat().st_mtime_ns for page in written} == written
    text = procedure.read_text("utf-8")
    procedure.write_text(text.replace("---\n", "---\nverify:\n  - check: It runs.\n", 1), "utf-8")
    data = helper_data(build(helper_root, "en") / "upgrade-helper.html")
    assert helper.stat().st_mtime_ns != written[helper]
    assert steps_of(data, "she-4.3-to-4.4")["update"]["marks"] == ["verify"]


def test_a_part_that_is_not_a_section_is_reported(helper_root: Path) -> None:
    manifest = helper_root / "guides.yaml"
    text = manifest.read_text("utf-8").replace(
        "parts: {sub: {gluster: true}}", "parts: {considerations: {gluster: true}}"
    )
    manifest.write_text(text, "utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "considerations: {gl" in t)
    result = run_sphinx(helper_root, helper_root / "_build" / "bad", "-W", "--keep-going", "-q")
    assert result.returncode != 0
    problems = [t for t in result.stderr.splitlines() if "WARNING" in t or "ERROR" in t]
    assert problems == [
        f"{manifest}:{line}: WARNING: no section 'she-4.3-to-4.4/update/considerations' on "
        "page guides/she-4.3-to-4.4/update for the upgrade helper to link to "
        "[guidekit.checklist]"
    ]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_command_line_and_page_agree(
    request: pytest.FixtureRequest, language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from guidekit.cli import main

    built = request.getfixturevalue("built" if language == "en" else "built_ja")
    page = helper_data(built / "upgrade-helper.html")
    for current, target, topology in [("4.2", "4.4", "remote-db"), ("4.4", "4.4", "self-hosted")]:
        options = ["--remote-dwh", "--sha1", "--local-storage"]
        assert (
            main(
                [
                    "checklist",
                    "--root",
                    str(REPO),
                    "--from",
                    current,
                    "--to",
                    target,
                    "--topology",
                    topology,
                    "--host-type",
                    "rhvh",
                    *options,
                    "--lang",
                    language,
                    "--format",
                    "json",
                ]
            )
            == 0
        )
        cli = json.loads(capsys.readouterr().out)
        for guide in cli["guides"]:
            on_page = {s["slug"]: s for s in page["guides"][guide["guide"]]["steps"]}
            assert guide["title"] == page["guides"][guide["guide"]]["title"]
            for step in guide["steps"]:
                assert (step["title"], step["href"]) == (
                    on_page[step["slug"]]["title"],
                    on_page[step["slug"]]["href"],
                )
                # Downtime and point of no return: the same marks, labelled by the page.
                assert step["marks"] == on_page[step["slug"]]["marks"]
                assert all(page["text"].get(m) for m in step["marks"] if m != "verify")
                assert [p["title"] for p in step["parts"]] == [
                    p["title"]
                    for p in on_page[step["slug"]]["parts"]
                    if p["procedure"] in {q["procedure"] for q in step["parts"]}
                ]


def test_a_step_without_a_case_has_no_condition_text(built_ja: Path) -> None:
    """Only alternatives have a case (``if:``); an empty one is never looked up in the
    catalog, whose header (translator, dates) it would otherwise show (issue 20)."""
    data = helper_data(built_ja / "upgrade-helper.html")
    steps = [s for g in data["guides"].values() for s in g["steps"]]
    assert {s["if"] for s in steps if s["group"] is None and not s["branch"]} == {""}
    cases = {s["if"] for s in steps if s["branch"]}
    assert cases and all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", case) for case in cases)
    assert not any("Project-Id-Version" in s["if"] or "Last-Translator" in s["if"] for s in steps)


def test_steps_and_parts_carry_the_guides_numbers(built: Path) -> None:
    """The helper numbers as the guide does: steps 7A.1/7B, parts as their sections."""
    data = helper_data(built / "upgrade-helper.html")
    for guide_id, guide_data in data["guides"].items():
        guide = MANIFEST.by_id[guide_id]
        assert [s["number"] for s in guide_data["steps"]] == [guide.number(s) for s in guide.steps]
        for step in guide_data["steps"]:
            for part in step["parts"]:
                assert re.fullmatch(re.escape(step["number"]) + r"\.\d+", part["number"])
                target, anchor = part["href"].split("#")
                title = soup(built / target).find(id=anchor).find(re.compile("^h[1-6]$"))
                assert (
                    title.select_one(".section-number").get_text().strip() == part["number"] + "."
                )
