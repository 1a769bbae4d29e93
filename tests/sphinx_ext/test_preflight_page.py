"""Each guide's front page opens with "Before you start": the start requirements
the state model derives for it, each with its check command, in English and
Japanese (the same nodes make the PDF)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tests.building import copy_project, run_sphinx, trim_guides
from tests.model.test_flow import REAL, REAL_MODEL
from tests.pages import soup

from guidekit.files.conf import load_paths
from guidekit.model.flow import check_guide
from guidekit.model.flow.preflight import StartRequirement, start_requirements

GUIDES = sorted(guide.id for guide in REAL.manifest.guides)


@functools.cache
def derived_requirements() -> dict[str, list[StartRequirement]]:
    """Each guide's start requirements as the state model derives them (walked once
    per test run, by the worker that runs these tests, not at collection)."""
    return {
        guide.id: start_requirements(REAL_MODEL, check_guide(REAL, REAL_MODEL, guide, set()))
        for guide in REAL.manifest.guides
    }


def _front_page(built: Path, guide_id: str) -> BeautifulSoup:
    return soup(built / "guides" / guide_id / "index.html")


def _check(soup: BeautifulSoup, guide_id: str, language: str) -> None:
    requirements = derived_requirements()[guide_id]
    box = soup.select_one(".guidekit-preflight")
    if not requirements:
        assert box is None, guide_id
        return
    assert box is not None, (guide_id, language)
    # before the overview
    overview = soup.select_one(".guidekit-overview")
    assert overview is not None
    assert box.sourceline is not None and overview.sourceline is not None
    assert box.sourceline < overview.sourceline, guide_id
    items = box.select(":scope > ul > li")
    assert len(items) == len(requirements), (guide_id, language)
    for item, requirement in zip(items, requirements, strict=True):
        commands = [
            " ".join(pre.get_text().split()) for pre in item.select("div.guidekit-command pre")
        ]
        expected = [f"# {requirement.check.command}"] if requirement.check.command else []
        assert commands == expected, (guide_id, language, requirement.state)


def test_the_real_guides_rely_on_something() -> None:
    assert sum(bool(r) for r in derived_requirements().values()) >= 7


@pytest.mark.parametrize("guide_id", GUIDES)
def test_front_page_lists_the_start_requirements(built: Path, guide_id: str) -> None:
    soup = _front_page(built, guide_id)
    _check(soup, guide_id, "en")
    box = soup.select_one(".guidekit-preflight")
    if box is not None:
        assert box.select_one(".admonition-title").get_text() == "Before you start"
        for item, requirement in zip(
            box.select(":scope > ul > li"), derived_requirements()[guide_id], strict=True
        ):
            only = [p.get_text() for p in item.select(":scope > p") if p.strong]
            names = requirement.condition_labels(REAL.manifest)
            expected = [f"Only in: {', '.join(names)}"] if names else []
            assert only == expected, (guide_id, requirement.state)
            shown = item.select_one("p").get_text().split()
            # the text as written up to its first markup (menu selections render)
            written = requirement.check.text.split()[:3]
            assert shown[:3] == written, guide_id


def test_an_entry_of_one_branch_says_where_it_applies(built: Path) -> None:
    """Geo-replication (the Gluster branch only) is not shown as if every reader
    needed it."""
    box = _front_page(built, "she-4.3-to-4.4").select_one(".guidekit-preflight")
    assert box is not None
    (item,) = [li for li in box.select(":scope > ul > li") if "geo-replication" in li.get_text()]
    only = [p.get_text() for p in item.select(":scope > p") if p.strong]
    assert only == ["Only in: Gluster storage, Red Hat Virtualization Host (RHVH)"]
    plain = [li for li in box.select(":scope > ul > li") if "scheduling policy" in li.get_text()]
    assert plain and not [p for p in plain[0].select(":scope > p") if p.strong]


@pytest.mark.parametrize("guide_id", GUIDES)
def test_japanese_front_page_lists_them_translated(built_ja: Path, guide_id: str) -> None:
    soup = _front_page(built_ja, guide_id)
    _check(soup, guide_id, "ja")
    box = soup.select_one(".guidekit-preflight")
    if box is not None:
        assert box.select_one(".admonition-title").get_text() != "Before you start"
        for item, requirement in zip(
            box.select(":scope > ul > li"), derived_requirements()[guide_id], strict=True
        ):
            shown = item.select_one("p").get_text()
            assert shown.strip() != requirement.check.text.strip(), guide_id


def test_a_state_relied_on_without_a_check_fails_the_build(tmp_path: Path) -> None:
    """The page cannot silently be incomplete: the error names states.yaml and the
    state's line, in this build and the next, although nothing changed (the walk
    runs once every page is read; the front pages are read again). ``guidekit
    flow`` reads the guides with the same build."""
    # the first guide that relies on the state is enough to find it unchecked
    relying = next(
        g for g, found in derived_requirements().items() if any(r.state == "engine" for r in found)
    )
    root = trim_guides(
        copy_project(tmp_path / "project", ("conf.py", "source", "procedures")), (relying,)
    )
    states = root / "procedures" / "states.yaml"
    text = states.read_text("utf-8")
    check = REAL_MODEL.states["engine"].check
    assert check is not None and check.command
    block = (
        f"    check:\n      text: {check.text}\n      command: {check.command}\n"
        f"      machine: {check.machine}\n"
    )
    assert block in text
    states.write_text(text.replace(block, "", 1), "utf-8")
    line = 1 + text.splitlines().index("  engine:")
    for _build in range(2):
        result = run_sphinx(root, tmp_path / "out", "-q", builder="dummy")
        assert result.returncode != 0
        assert f"states.yaml:{line}" in result.stderr and "'engine'" in result.stderr


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Before you start"), ("ja", "開始する前に")]
)
def test_the_pdf_source_has_the_list_before_the_overview(
    latex_project: Path, language: str, title: str
) -> None:
    """The PDF is made from the same nodes: each guide's LaTeX has the box, with
    each check command, before its overview."""
    out = load_paths(latex_project).build / "latex" / language
    for guide_id, requirements in derived_requirements().items():
        tex = (out / f"{guide_id}.tex").read_text("utf-8")
        if not requirements:
            assert title not in tex, guide_id
            continue
        start = tex.index(f"\\begin{{sphinxadmonition}}{{note}}{{{title}}}")
        end = tex.index("\\end{sphinxadmonition}", start)
        assert end < tex.index("\\subsubsection*{", start), guide_id  # the overview
        box = tex[start:end]
        assert box.count("\\item") == len(requirements), guide_id
        assert box.count("sphinxVerbatim}[") == sum(bool(r.check.command) for r in requirements)


def test_a_state_model_that_cannot_be_read_is_one_error(tmp_path: Path) -> None:
    """Not guides without their pre-flight lists: one error at the bad line."""
    # one guide with a pre-flight list: the model is read once for any number of guides
    root = trim_guides(
        copy_project(tmp_path / "project", ("conf.py", "source", "procedures")), ("minor-4.4",)
    )
    states = root / "procedures" / "states.yaml"
    text = states.read_text("utf-8")
    bad = "    sets: {engine: halted}"
    states.write_text(text.replace("    sets: {engine: stopped}", bad, 1), "utf-8")
    line = 1 + states.read_text("utf-8").splitlines().index(bad)
    result = run_sphinx(root, tmp_path / "out", "-q", builder="text")
    assert result.returncode != 0
    (error,) = result.stderr.strip().splitlines()
    assert error.startswith(f"{states}:{line}: ERROR: state 'engine' has no value 'halted'")
