"""Builds of the small test root: assembly, links, tabs, and bad input."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tests.building import run_sphinx, sphinx_ok


def _html(app, docname: str) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text("utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="basic")
def test_guide_assembly(app, warning) -> None:  # type: ignore[no-untyped-def]
    app.build()
    # Earlier Sphinx apps in the same process (other tests) re-register docutils nodes.
    real = [w for w in warning.getvalue().splitlines() if "is already registered" not in w]
    assert real == []
    front = _html(app, "guides/she-4.3-to-4.4/index")
    overview = [li.get_text(" ", strip=True) for li in front.select("ol.guidekit-overview > li")]
    assert overview == [
        "Enable global maintenance.",
        "Update the Manager to the latest 4.3 release.",
        "Disable global maintenance.",
    ]
    assert [a["href"] for a in front.select("ol.guidekit-overview a")] == [
        "maintenance.html",
        "update.html",
        "maintenance-off.html",
    ]
    assert "OVN 2.11 becomes OVN 2021." in front.get_text()

    page = _html(app, "guides/she-4.3-to-4.4/update")
    headings = page.select("h1, h2:not(.rubric)")
    titles = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in headings]
    assert titles == ["2. Updating the Manager", "2.1. A sub-procedure about thing"]
    assert page.select_one("section")["id"] == "she-4-3-to-4-4-update"
    nxt = page.select_one("nav.guidekit-next a")
    assert nxt["href"] == "maintenance-off.html"
    caption = page.select_one("div.literal-block-wrapper .caption-text").get_text()
    assert caption == "On the Manager machine"
    assert [b.get_text() for b in page.select(".sphinx-tabs-tab")] == ["RHVH", "RHEL host"]
    # The guide for another topology drops the self-hosted-only sentence.
    other = _html(app, "guides/local-4.2-to-4.3/update")
    assert "maintenance" not in other.get_text()
    assert "rhel-7-server-rhv-4.3-manager-rpms" in other.get_text()


@pytest.mark.sphinx("html", testroot="basic")
def test_landing_page_lists_guides_by_topology(app) -> None:  # type: ignore[no-untyped-def]
    app.build()
    index = _html(app, "index")
    rubrics = [r.get_text() for r in index.select(".rubric")]
    assert rubrics == ["Self-hosted engine", "Local databases"]
    assert [a.get_text() for a in index.select("ul.guidekit-guide-list a")] == [
        "SHE 4.3 to 4.4",
        "Local 4.2 to 4.3",
    ]


def _build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_sphinx(root, root / "_build", "-W", "--keep-going", "-q", *extra)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


# The bad inputs themselves are tested in-process (test_bad_input_build.py);
# these few check the exit status and output of sphinx-build end to end.
END_TO_END = [
    # an error in a page, one in the project data (nothing is built), one in conf.py
    (
        "procedures/sub.md",
        "Sub body for",
        "{{ 1/0 }}",
        r"procedures/sub\.md:9: ERROR: template error: ZeroDivisionError",
    ),
    (
        "guides.yaml",
        "      - update\n      - maintenance",
        "      - updat\n      - maintenance",
        r"guides\.yaml:13: ERROR: guide 'she-4.3-to-4.4': unknown procedure 'updat'",
    ),
    (
        "conf.py",
        'guidekit_procedures = "procedures"',
        'guidekit_procedures = "nosuch"',
        r"conf\.py: ERROR: guidekit_procedures: .*nosuch does not exist",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"), END_TO_END, ids=["page", "manifest", "conf"]
)
@pytest.mark.parametrize(
    "options", [(), ("-W", "--keep-going"), ("-j", "2")], ids=["plain", "W", "j2"]
)
def test_errors_end_to_end(
    basic_root: Path, file: str, old: str, new: str, expected: str, options: tuple[str, ...]
) -> None:
    _edit(basic_root / file, old, new)
    result = run_sphinx(basic_root, basic_root / "_build", "-q", *options)
    assert result.returncode == 1, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr  # once, also with -j 2
    assert re.search(expected, result.stderr), result.stderr
    assert "Traceback" not in result.stderr and "sphinx-err" not in result.stderr


def test_misnested_tabs_are_reported_not_crashing(basic_root: Path) -> None:
    _edit(basic_root / "procedures/update.md", "::::::{steps}", ":::{steps}")
    _edit(
        basic_root / "procedures/update.md",
        "RHEL text.\n:::\n::::\n::::::",
        "RHEL text.\n:::\n::::\n:::",
    )
    result = _build(basic_root)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "must stand inside a {tabs} block" in result.stderr


def _changed(result: subprocess.CompletedProcess[str]) -> int:
    match = re.search(r"updating environment: .*?(\d+) changed", result.stdout)
    assert match, result.stdout
    return int(match.group(1))


def _read(result: subprocess.CompletedProcess[str]) -> set[str]:
    """The pages a build read (its "reading sources... [ n%] page" lines)."""
    return set(re.findall(r"^reading sources\.\.\. \[ *\d+%\] (\S+)$", result.stdout, re.M))


def _rebuild(root: Path) -> subprocess.CompletedProcess[str]:
    return sphinx_ok(root, root / "_build", "-W")


def test_touching_a_procedure_rereads_only_its_pages(basic_root: Path) -> None:
    assert _build(basic_root, "-j", "2").returncode == 0  # parallel read works
    # `sub` is included by `update`, which two guides use: two pages depend on it.
    (basic_root / "procedures" / "sub.md").touch()
    result = _rebuild(basic_root)
    # The two pages that include it, not the front pages: their summaries and
    # pre-flight list depend on what the files say (content_dependencies.py).
    assert _changed(result) == 2
    assert _read(result) == {"guides/she-4.3-to-4.4/update", "guides/local-4.2-to-4.3/update"}
    assert _changed(_rebuild(basic_root)) == 0


def test_a_changed_summary_rereads_the_front_pages(basic_root: Path) -> None:
    # -j 2: the digests noted in the worker processes reach the environment
    assert _build(basic_root, "-j", "2").returncode == 0
    _edit(basic_root / "procedures/update.md", "Update the Manager to", "Bring the Manager to")
    result = _rebuild(basic_root)
    fronts = {"guides/she-4.3-to-4.4/index", "guides/local-4.2-to-4.3/index"}
    assert fronts <= _read(result)
    front = (basic_root / "_build/guides/she-4.3-to-4.4/index.html").read_text("utf-8")
    assert "Bring the Manager to the latest 4.3 release." in front


def test_only_guides_with_pages_written_again_are_joined_again(basic_root: Path) -> None:
    assert _build(basic_root).returncode == 0
    joined = {
        guide: basic_root / "_build/guides" / guide / "all.html"
        for guide in ("she-4.3-to-4.4", "local-4.2-to-4.3")
    }
    before = {guide: path.stat().st_mtime_ns for guide, path in joined.items()}
    # `maintenance` is a step of the self-hosted guide only.
    _edit(basic_root / "procedures/maintenance.md", "Enabling global", "Enabling the global")
    _rebuild(basic_root)
    assert joined["local-4.2-to-4.3"].stat().st_mtime_ns == before["local-4.2-to-4.3"]
    assert joined["she-4.3-to-4.4"].stat().st_mtime_ns > before["she-4.3-to-4.4"]
    assert "Enabling the global maintenance" in joined["she-4.3-to-4.4"].read_text("utf-8")
