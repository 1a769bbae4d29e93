"""The real guides: built once with -W, then checked against data derived from
the reference (tests/data/outlines.yaml, tests/data/guide_commands.yaml)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from tests.pages import soup

from guidekit.model.manifest import load_manifest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
MANIFEST = load_manifest(REPO / "source" / "guides.yaml")
OUTLINES = yaml.safe_load((DATA / "outlines.yaml").read_text("utf-8"))
COMMANDS = yaml.safe_load((DATA / "guide_commands.yaml").read_text("utf-8"))
GUIDE_IDS = [g.id for g in MANIFEST.guides]


def _pages(built: Path, guide_id: str) -> list[BeautifulSoup]:
    guide = MANIFEST.by_id[guide_id]
    docs = [guide.docname] + [guide.step_docname(s) for s in guide.steps]
    return [soup(built / f"{d}.html") for d in docs]


def normalize(block: str) -> list[str]:
    """Commands of a command block in the normal form of guide_commands.yaml."""
    commands: list[list[str]] = []
    for line in block.splitlines():
        if line.startswith("# "):
            commands.append([line[2:]])
        elif commands:
            commands[-1].append(line)
    result = []
    for parts in commands:
        text = "\n".join(parts)
        text = re.sub(r"\s*\\\n\s*", " ", text)
        result.append(re.sub(r"\s+", " ", text).strip())
    return result


def guide_commands(built: Path, guide_id: str) -> list[str]:
    found = []
    for page in _pages(built, guide_id):
        for pre in page.select("div.guidekit-command pre"):
            found.extend(normalize(pre.get_text()))
    return found


def test_every_guide_of_the_reference_is_in_the_manifest() -> None:
    assert set(OUTLINES) == set(GUIDE_IDS) == set(COMMANDS)


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_outline_matches_reference(built: Path, guide_id: str) -> None:
    expected = []
    chapter = OUTLINES[guide_id]["chapter"]
    for entry in OUTLINES[guide_id]["outline"]:
        ref, proc = entry.split()
        assert ref.startswith(chapter + ".")
        expected.append((ref[len(chapter) + 1 :] + ".", proc))
    actual = []
    for page in _pages(built, guide_id)[1:]:
        for section in page.select("section[class]"):
            procs = [c[len("procedure-") :] for c in section["class"] if c.startswith("procedure-")]
            number = section.find(["h1", "h2", "h3", "h4"]).select_one(".section-number")
            actual.append((number.get_text().strip(), procs[0]))
    assert actual == expected


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_reference_commands_present_and_foreign_ones_absent(built: Path, guide_id: str) -> None:
    found = set(guide_commands(built, guide_id))
    data = COMMANDS[guide_id]
    missing = [c for c in data["commands"] if c not in found]
    assert missing == []
    foreign = [c for c in data.get("forbidden", []) if c in found]
    assert foreign == []


@pytest.mark.parametrize("guide_id", GUIDE_IDS)
def test_overview_and_next_links(built: Path, guide_id: str) -> None:
    guide = MANIFEST.by_id[guide_id]
    pages = _pages(built, guide_id)
    links = [a["href"] for a in pages[0].select("ol.guidekit-overview a")]
    assert links == [f"{s.slug}.html" for s in guide.steps]
    for index, page in enumerate(pages[1:]):
        nxt = page.select_one("nav.guidekit-next a")
        following = guide.next_index(index)  # past the other alternatives of a choice
        expected = f"{guide.steps[following].slug}.html" if following is not None else "index.html"
        assert nxt["href"] == expected


def test_anchors_are_unique_within_each_guide(built: Path) -> None:
    for guide_id in GUIDE_IDS:
        ids = [s["id"] for page in _pages(built, guide_id)[1:] for s in page.select("section")]
        assert len(ids) == len(set(ids)), guide_id


def test_host_alternatives_are_tabs(built: Path) -> None:
    page = soup(built / "guides/minor-4.4/update-hosts-manually.html")
    labels = {b.get_text() for b in page.select(".sphinx-tabs-tab")}
    assert labels == {"RHVH", "RHEL host"}


def test_copy_button_copies_commands_only(built: Path) -> None:
    options = (built / "_static" / "copybutton.js").read_text("utf-8")
    assert "div.guidekit-command pre" in options
    assert "copybutton_only_copy_prompt_lines" not in options  # rendered into JS values
    assert re.search(r"onlyCopyPromptLines\s*=\s*true", options) or "true" in options


def test_landing_page_lists_every_guide(built: Path) -> None:
    index = soup(built / "index.html")
    hrefs = {a["href"] for a in index.select("ul.guidekit-guide-list a")}
    assert hrefs == {f"guides/{g}/index.html" for g in GUIDE_IDS}


def test_no_command_block_is_copied_between_procedures() -> None:
    """A multi-line command block may stand in one procedure file only."""
    fence = re.compile(r"^([ \t]*)```\{command\}[^\n]*\n(.*?)^\1```", re.M | re.S)
    seen: dict[str, list[str]] = defaultdict(list)
    for path in sorted((REPO / "procedures").glob("*.md")):
        for match in fence.finditer(path.read_text("utf-8")):
            lines = [ln.strip() for ln in match.group(2).splitlines() if ln.strip()]
            if len(lines) > 1:
                seen["\n".join(lines)].append(path.name)
    copies = {block: files for block, files in seen.items() if len(set(files)) > 1}
    assert copies == {}


def test_declared_checks_and_point_of_no_return_end_the_step_page(built: Path) -> None:
    """The front matter's downtime opens the page; verify/rollback end it, before
    "Next:", with the command of a check as a command block of its machine."""
    library = {p.id: p for p in _library()}
    declared = [g for g in MANIFEST.guides for s in g.steps if library[s.procedure].checks]
    assert declared  # the real guides declare some
    for guide in MANIFEST.guides:
        pages = _pages(built, guide.id)[1:]
        for step, page in zip(guide.steps, pages, strict=True):
            checks = library[step.procedure].checks
            boxes = page.select("section > .guidekit-phase")
            kinds = [next(c for c in b["class"] if c != "guidekit-phase") for b in boxes]
            expected = (
                (["guidekit-downtime"] if checks.downtime else [])
                + (["guidekit-verify"] if checks.verify else [])
                + (["guidekit-way-back"] if checks.way_back else [])
                + (["guidekit-point-of-no-return"] if checks.no_return else [])
            )
            assert kinds == expected, (guide.id, step.slug)
            if boxes:
                assert boxes[-1].find_next_sibling(class_="guidekit-next") is not None
            commands = [c.command for c in checks.verify if c.command]
            if commands:
                verify = boxes[kinds.index("guidekit-verify")]
                found = [
                    " ".join(normalize(b.get_text()))
                    for b in verify.select("div.guidekit-command pre")
                ]
                assert len(found) == len(commands), (guide.id, step.slug)
                # Templates ({{ ... }}) are rendered: compare the others as written.
                for shown, written in zip(found, commands, strict=True):
                    assert "{{" in written or shown == written, (guide.id, step.slug)


def _library() -> list[Any]:
    from guidekit.model.procedures import load_library

    return list(load_library(REPO / "procedures").procedures.values())
