"""Alternatives in the manifest (``one-of:``) are shown as a choice: in the overview,
on their pages, in the "Next:" links, in the theme's navigation and in the PDF."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.building import sphinx_ok, trim_guides
from tests.pages import soup

from guidekit.model.project import load_project

REPO = Path(__file__).resolve().parents[2]
MANIFEST = load_project(
    REPO / "source" / "guides.yaml", REPO / "procedures", REPO / "procedures" / "versions.yaml"
).manifest


def test_minor_update_offers_choices_not_a_sequence(built: Path) -> None:
    page = soup(built / "guides" / "minor-4.4" / "index.html")
    overview = page.select_one("ol.guidekit-overview")
    top = overview.find_all("li", recursive=False)
    choices = [li for li in top if "guidekit-choice" in li.get("class", [])]
    assert len(top) == 7 and len(choices) == 2
    manager, hosts = (c.select("ul > li") for c in choices)
    assert [li.em.get_text() for li in manager] == ["Standalone Manager", "Self-hosted engine"]
    assert [li.strong.get_text() for li in hosts] == ["4A. ", "4B. ", "4C. "]
    assert [li.a["href"] for li in hosts] == [
        "update-all-hosts.html",
        "update-individual-hosts.html",
        "update-hosts-manually.html",
    ]
    assert all(c.p.get_text() == "Do one of the following:" for c in choices)
    assert "follow only the one that fits your environment" in page.get_text()


def test_an_alternative_page_names_its_siblings_and_number(built: Path) -> None:
    page = soup(built / "guides" / "minor-4.4" / "update-individual-hosts.html")
    note = page.select_one(".guidekit-choice")
    assert note.p.get_text() == (
        "Step 4 is a choice: follow only the alternative that fits your environment."
    )
    items = [li.get_text(" ", strip=True) for li in note.select("li")]
    assert [item.split(" ")[0] for item in items] == ["4A.", "4B.", "4C."]
    assert items[1].endswith("(this page)")
    assert [a["href"] for a in note.select("li a")] == [
        "update-all-hosts.html",
        "#",
        "update-hosts-manually.html",
    ]
    # Where to go after the choice, with the step's number.
    assert (
        note.select("p")[-1]
        .get_text(" ", strip=True)
        .startswith("Then continue with step 5: Changing the cluster compatibility")
    )
    title = page.select_one("h1").get_text(" ", strip=True)
    assert re.match(r"^4B\. Updating individual hosts \(or 4A or 4C\)", title), title
    # Next goes past the other alternatives, to the step after the group.
    assert page.select_one("nav.guidekit-next a")["href"] == "change-cluster-compatibility.html"
    # The end of an alternative says where to continue (on paper too).
    assert (
        page.select_one("nav.guidekit-next")
        .get_text(" ", strip=True)
        .startswith("Then continue with step 5: Changing the cluster")
    )
    inside = soup(built / "guides" / "she-4.3-to-4.4" / "upgrade-she-4.3-to-4.4.html")
    assert (
        inside.select_one("nav.guidekit-next")
        .get_text(" ", strip=True)
        .startswith("Next: 7A.2. Migrating hosts")
    )
    before = soup(built / "guides" / "she-4.3-to-4.4" / "update-manager.html")
    into = before.select_one("nav.guidekit-next")
    assert into.get_text(" ", strip=True).startswith("Next: step 7, one of:")
    assert [a["href"] for a in into.select("a")] == [
        "upgrade-she-4.3-to-4.4.html",
        "migrate-hosts-4.3-to-4.4.html",
        "upgrade-rhvh-gluster-storage.html",
    ]


def test_the_sidebar_numbers_alternatives_as_their_pages_do(built: Path) -> None:
    """The theme's table of contents and previous/next links show 3A, 3B, 4A...
    as the pages do, not Sphinx's own consecutive numbers."""
    page = soup(built / "guides" / "minor-4.4" / "update-individual-hosts.html")
    # This guide's pages are linked from the same folder; other guides' from "../".
    sidebar = [
        a.get_text(" ", strip=True)
        for a in page.select(".sidebar-tree a")
        if not a.get("href", "").startswith("../")
    ]
    numbers = [text.split(" ")[0] for text in sidebar if re.match(r"^\d", text)]
    assert numbers[:9] == ["1.", "2.", "3A.", "3B.", "4A.", "4B.", "4C.", "5.", "6."]
    assert "4C. Updating hosts manually (or 4A or 4B)" in sidebar


@pytest.mark.parametrize(
    ("guide_id", "slug", "previous", "following"),
    [
        # Into a choice: its first alternative; out of it: past the siblings.
        ("minor-4.4", "log-collection-analyzer", "1. ", "3A. "),
        ("minor-4.4", "update-manager", "2. ", "4A. "),
        ("minor-4.4", "update-she-4.4", "2. ", "4A. "),
        ("minor-4.4", "update-all-hosts", "3A. ", "5. "),
        ("minor-4.4", "update-hosts-manually", "3A. ", "5. "),
        # Back from the step after a choice: the choice's first page, which lists them all.
        ("minor-4.4", "change-cluster-compatibility", "4A. ", "6. "),
        # An alternative of several steps is walked in order, then the step after the choice.
        ("she-4.3-to-4.4", "upgrade-she-4.3-to-4.4", "6. ", "7A.2. "),
        ("she-4.3-to-4.4", "migrate-hosts-4.3-to-4.4", "7A.1. ", "8. "),
        ("she-4.3-to-4.4", "upgrade-rhvh-gluster-storage", "6. ", "8. "),
    ],
)
def test_the_theme_previous_and_next_follow_the_reader(
    built: Path, guide_id: str, slug: str, previous: str, following: str
) -> None:
    """The footer's Previous/Next skip sibling alternatives as the in-page Next does."""
    page = soup(built / "guides" / guide_id / f"{slug}.html")
    back = page.select_one("a.prev-page .title").get_text(" ", strip=True)
    ahead = page.select_one("a.next-page .title").get_text(" ", strip=True)
    assert back.startswith(previous.strip()), back
    assert ahead.startswith(following.strip()), ahead
    guide = MANIFEST.by_id[guide_id]
    index = guide.step_index(slug)
    expected = guide.steps[guide.next_index(index)]  # type: ignore[index]
    assert page.select_one('link[rel="next"]')["href"] == f"{expected.slug}.html"
    assert page.select_one("nav.guidekit-next a")["href"] in (f"{expected.slug}.html",)


def test_gluster_branch_covers_the_host_steps() -> None:
    she = MANIFEST.by_id["she-4.3-to-4.4"]
    gluster = next(s for s in she.steps if s.procedure == "upgrade-rhvh-gluster-storage")
    choice = she.item_of(gluster)
    assert [[s.procedure for s in b.steps] for b in choice.branches] == [
        ["upgrade-she-4.3-to-4.4", "migrate-hosts-4.3-to-4.4"],
        ["upgrade-rhvh-gluster-storage"],
    ]
    # After the choice: nothing that reinstalls the hosts a second time.
    after = she.steps[she.next_index(she.steps.index(gluster)) :]  # type: ignore[misc]
    assert "migrate-hosts-4.3-to-4.4" not in [s.procedure for s in after]
    assert not any(
        s.procedure == "upgrade-rhvh-gluster-storage"
        for g in MANIFEST.guides
        if g.id != she.id
        for s in g.steps
    )


def test_the_sha1_ways_are_a_choice() -> None:
    for guide in MANIFEST.guides:
        ways = [
            s
            for s in guide.steps
            if s.procedure.startswith("replace-sha1-")
            and s.procedure != "replace-sha1-certificates"
        ]
        if ways:
            assert len({s.group for s in ways}) == 1 and ways[0].group is not None
            assert [guide.number(s)[-1] for s in ways] == ["A", "B"]


@pytest.mark.parametrize("guide", [g for g in MANIFEST.guides if g.kind != "appendix"])
def test_theme_navigation_stays_in_the_guide_or_goes_to_the_next_one(
    built: Path, guide: object
) -> None:
    allowed = {guide.id}  # type: ignore[attr-defined]
    after = MANIFEST.following(guide)  # type: ignore[arg-type]
    if after is not None:
        allowed.add(after.id)
    folder = built / "guides" / guide.id  # type: ignore[attr-defined]
    for step in guide.steps:  # type: ignore[attr-defined]
        page = soup(folder / f"{step.slug}.html")
        for link in page.select('link[rel="next"], link[rel="prev"]'):
            target = (folder / link["href"]).resolve().relative_to(built.resolve())
            parts = target.parts
            assert parts[0] != "guides" or parts[1] in allowed, (step.slug, link["href"])


def test_the_last_page_of_a_4_2_guide_leads_to_the_4_3_guide(built: Path) -> None:
    for guide in MANIFEST.guides:
        after = MANIFEST.following(guide)
        if guide.from_version != "4.2":
            assert after is None or after.from_version == guide.to_version
            continue
        assert after is not None and after.topology == guide.topology
        assert (after.from_version, after.to_version) == ("4.3", "4.4")
        last = soup(built / "guides" / guide.id / f"{guide.steps[-1].slug}.html")
        hrefs = [a["href"] for a in last.select("nav.guidekit-next a")]
        assert f"../{after.id}/index.html" in hrefs
        assert last.select_one('link[rel="next"]')["href"] == f"../{after.id}/index.html"


def test_the_pdf_shows_the_choice(basic_root: Path) -> None:
    manifest = basic_root / "guides.yaml"
    text = manifest.read_text("utf-8")
    old = "      - update\n      - maintenance:"
    assert old in text
    manifest.write_text(
        text.replace(
            old,
            (
                "      - one-of:\n"
                "          - update: {if: Standalone path}\n"
                "          - sub: {if: Other path, with: {what: thing}}\n"
                "      - maintenance:"
            ),
            1,
        ),
        "utf-8",
    )
    out = basic_root / "_build" / "latex"
    sphinx_ok(basic_root, out, "-q", builder="latex")
    tex = (out / "she-4.3-to-4.4.tex").read_text("utf-8")
    assert "Do one of the following:" in tex
    assert "Standalone path" in tex and "Other path" in tex
    assert "is a choice: follow only the alternative" in tex


def test_a_touched_procedure_rewrites_its_pages_not_every_choice(
    copy_project: Callable[[Path], Path], tmp_path: Path
) -> None:
    """Renumbering the alternatives must not make Sphinx think that every page of
    every guide with a choice changed its number (they were all written again
    after any edit); numbers stay right on the pages written and on the others."""
    # the two guides the test reads, each with choices and pages that include it
    root = trim_guides(copy_project(tmp_path / "project"), ("minor-4.4", "she-4.3-to-4.4"))
    out = tmp_path / "html"

    def build() -> str:
        return sphinx_ok(root, out, "-v", "-W", "-j", "1").stdout

    def written(stdout: str) -> set[str]:
        return {
            line.rsplit("] ", 1)[-1]
            for line in stdout.splitlines()
            if line.startswith("writing output... [") and "] " in line
        }

    build()
    for _ in range(2):  # the second time, the numbers of the previous build are known
        (root / "procedures" / "global-maintenance.md").touch()
        pages = written(build())
    assert "guides/minor-4.4/update-individual-hosts" not in pages
    assert "guides/she-4.3-to-4.4/global-maintenance" in pages
    for page in ("update-individual-hosts", "update-all-hosts"):
        title = soup(out / "guides" / "minor-4.4" / f"{page}.html").select_one("h1")
        assert re.match(r"^4[AB]\. ", title.get_text(" ", strip=True))
    sidebar = soup(out / "guides" / "she-4.3-to-4.4" / "global-maintenance.html")
    assert "4B. " in sidebar.get_text(" ") or "4A. " in sidebar.get_text(" ")


def test_the_japanese_next_guide_link_has_the_japanese_title(built_ja: Path) -> None:
    """The theme's Next at the end of a 4.2 -> 4.3 guide names the next guide as its
    own (translated) page does, not by the manifest's English title (issue 20)."""
    checked = 0
    for guide in MANIFEST.guides:
        after = MANIFEST.following(guide)
        if after is None:
            continue
        last = soup(built_ja / "guides" / guide.id / f"{guide.steps[-1].slug}.html")
        shown = last.select_one("a.next-page .title").get_text(" ", strip=True)
        title = copy.copy(soup(built_ja / "guides" / after.id / "index.html").select_one("h1"))
        for extra in title.select("a.headerlink"):
            extra.decompose()
        assert shown != after.title
        assert shown.replace(" ", "") == title.get_text("", strip=True).replace(" ", "")
        checked += 1
    assert checked == 3
