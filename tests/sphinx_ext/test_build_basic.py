"""Builds of the small test root: assembly, links, tabs, and bad input."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


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
        "maintenance.html", "update.html", "maintenance-off.html"]
    assert "OVN 2.11 becomes OVN 2021." in front.get_text()

    page = _html(app, "guides/she-4.3-to-4.4/update")
    titles = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.select("h1, h2")]
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
    rubrics = [r.get_text() for r in index.select("p.rubric")]
    assert rubrics == ["Self-hosted engine", "Local databases"]
    assert [a.get_text() for a in index.select("ul.guidekit-guide-list a")] == [
        "SHE 4.3 to 4.4", "Local 4.2 to 4.3"]


def _build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", *extra,
         str(root), str(root / "_build")],
        capture_output=True, text=True, check=False,
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


BAD_INPUTS = [
    ("procedures/update.md", "```{procedure} sub", "```{procedure} nosuch",
     r"procedures/update\.md:41: ERROR: unknown procedure 'nosuch'"),
    ("procedures/update.md", "what: thing", "other: 1",
     r"procedures/update\.md:41: ERROR: procedure 'sub' has no parameter 'other'"),
    ("procedures/update.md", "what: thing", "",
     r"procedures/update\.md:41: ERROR: procedure 'sub' needs parameter 'what'"),
    ("guides.yaml", "{mode: enable}", "{mode: 3}",
     r"guides\.yaml:12: ERROR: parameter 'mode' of 'maintenance': expected text"),
    ("procedures/sub.md", "Sub body for {{ params.what }}", "Sub body {{ params.nope }}",
     r"procedures/sub\.md:9: ERROR: undefined variable"),
    ("procedures/sub.md", "in {{ guide.id }}.", "in {{ guide.id }}.\n\n```{procedure} update\n```",
     r"procedures/sub\.md:11: ERROR: include cycle: update -> sub -> update"),
    ("procedures/sub.md", "title: A sub", "title: [A sub",
     r"procedures/sub\.md:3: ERROR: invalid YAML"),
    ("procedures/sub.md", "Sub body", "Sub \udcff body",
     r"procedures/sub\.md:9: ERROR: invalid UTF-8"),
    ("guides.yaml", "      - update\n      - maintenance", "      - updat\n      - maintenance",
     r"guides\.yaml:13: ERROR: guide 'she-4.3-to-4.4': unknown procedure 'updat'"),
    ("versions.yaml", 'ovs: "2.15"', "ovs: 2.15",
     r"versions\.yaml:\d+: ERROR: releases\.4\.4\.ovs: 2\.15 is not of type 'string'"),
    ("procedures/update.md", "```{command} manager", "```{command} manger",
     r"procedures/update\.md:\d+: ERROR: unknown machine 'manger'"),
    ("procedures/update.md", "   # engine-upgrade-check", "   engine-upgrade-check",
     r"procedures/update\.md:18: ERROR: a command line must start with the root prompt"),
]


BAD_IDS = [re.sub(r"\W+", "-", b[3].split("ERROR: ")[1])[:40] for b in BAD_INPUTS]


BAD_IDS = [re.sub(r"\W+", "-", b[3].split("ERROR: ")[1])[:40] for b in BAD_INPUTS]


@pytest.mark.parametrize(("file", "old", "new", "expected"), BAD_INPUTS, ids=BAD_IDS)
def test_bad_input_gives_one_clear_error(basic_root: Path, file: str, old: str, new: str,
                                         expected: str) -> None:
    path = basic_root / file
    if "\udcff" in new:
        data = path.read_text("utf-8").replace(old, new).encode("utf-8", "surrogateescape")
        path.write_bytes(data)
    else:
        _edit(path, old, new)
    result = _build(basic_root)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1, result.stderr
    assert re.search(expected, errors[0]), errors[0]
    assert "Traceback" not in result.stderr


def test_misnested_tabs_are_reported_not_crashing(basic_root: Path) -> None:
    _edit(basic_root / "procedures/update.md", "::::::{steps}", ":::{steps}")
    _edit(basic_root / "procedures/update.md", "RHEL text.\n:::\n::::\n::::::",
          "RHEL text.\n:::\n::::\n:::")
    result = _build(basic_root)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "must stand inside a {tabs} block" in result.stderr


def _changed(result: subprocess.CompletedProcess[str]) -> int:
    match = re.search(r"updating environment: .*?(\d+) changed", result.stdout)
    assert match, result.stdout
    return int(match.group(1))


def test_touching_a_procedure_rereads_only_its_pages(basic_root: Path) -> None:
    assert _build(basic_root, "-j", "2").returncode == 0  # parallel read works
    # `sub` is included by `update`, which two guides use: two pages depend on it.
    (basic_root / "procedures" / "sub.md").touch()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-b", "html", str(basic_root),
         str(basic_root / "_build")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert _changed(result) == 2
    assert "guides/she-4.3-to-4.4/update" in result.stdout
    assert "guides/she-4.3-to-4.4/maintenance" not in result.stdout.split("updating environment")[1]
