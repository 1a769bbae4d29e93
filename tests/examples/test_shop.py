"""The example project (examples/shop): a product of another shape, built, linted,
flow-checked and its checklist and helper tested by the same engine; and
`guidekit init`, which copies it for a new team. Every build runs in a copy."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tests.forked import run_module

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "shop"
#: Words of the flagship guides that another product's guides must never show.
FOREIGN = re.compile(r"Red Hat|RHV|oVirt|Virtualization|Manager|self-hosted|RHEL", re.I)

pytestmark = pytest.mark.sphinx


def guidekit(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = run_module([sys.executable, "-m", "guidekit", *map(str, args)])
    if check and result.returncode:
        raise AssertionError(f"guidekit {args} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def project(shop: Path) -> Path:
    """A new project made with `guidekit init`, built in both languages (-W), once
    per test run (tests/conftest.py)."""
    return shop


def page_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for script in soup(["script", "style"]):
        script.decompose()
    return " ".join(soup.get_text(" ").split())


def test_init_copies_the_example_and_refuses_a_used_folder(tmp_path: Path) -> None:
    target = tmp_path / "new"
    guidekit("init", target)
    assert (target / "conf.py").read_text() == (EXAMPLE / "conf.py").read_text()
    assert not (target / "_build").exists() and not (target / "source" / "guides").exists()
    again = guidekit("init", target, check=False)
    assert again.returncode != 0 and "not an empty folder" in again.stderr


def test_the_guides_speak_of_the_product_in_each_language(project: Path) -> None:
    html = project / "_build" / "html"
    front = page_text(html / "en" / "guides" / "split-1.0-to-2.0" / "index.html")
    assert "These steps upgrade Tinyshop from 1.0 to 2.0; follow them in order." in front
    german = page_text(html / "de" / "guides" / "split-1.0-to-2.0" / "index.html")
    assert "Diese Schritte aktualisieren Tinyshop von 1.0 auf 2.0" in german
    switch = BeautifulSoup((html / "de" / "index.html").read_text(), "html.parser")
    links = switch.select("nav.guidekit-languages a.guidekit-language-link")
    assert [(a["hreflang"], a.get_text()) for a in links] == [("en", "English")]
    stop = page_text(html / "de" / "guides" / "split-1.0-to-2.0" / "stop-shop.html")
    assert "Auf dem Anwendungsserver" in stop and "$ sudo systemctl stop tinyshop" in stop
    backup = html / "en" / "guides" / "single-1.0-to-2.0" / "back-up-database.html"
    assert "On the database server" in page_text(backup)
    commands = [pre.get_text() for pre in BeautifulSoup(backup.read_text(), "html.parser")("pre")]
    # The project's macro (macros.jinja) names the file.
    assert (
        "# runuser -u postgres -- pg_dump --format=custom "
        "--file=/var/backups/tinyshop-1.0.dump tinyshop\n" in commands
    )
    for page in sorted(html.rglob("*.html")):
        if page.name not in ("genindex.html", "search.html"):
            found = FOREIGN.findall(page_text(page))
            assert not found, (page, found)


def test_the_helper_asks_the_projects_questions(project: Path) -> None:
    soup = BeautifulSoup(
        (project / "_build/html/de/upgrade-helper.html").read_text(), "html.parser"
    )
    data = json.loads(soup.find("script", id="guidekit-helper-data").string)
    assert data["facets"] == ["install"] and data["labels"] == {"install": "Installation"}
    assert [c["label"] for c in data["choices"]["install"]] == ["Debian-Paket", "Container-Image"]
    assert [c["label"] for c in data["choices"]["topology"]] == [
        "Shop und Datenbank auf einem Server",
        "Shop und Datenbank auf getrennten Servern",
    ]
    assert data["choices"]["options"] == [{"value": "cdn", "label": "Ein CDN vor dem Shop"}]


def test_the_checklist_follows_the_environment(project: Path) -> None:
    def steps(*options: str) -> list[str]:
        out = guidekit(
            "checklist",
            "--root",
            project,
            "--from",
            "1.0",
            "--to",
            "2.0",
            "--topology",
            "split-hosts",
            *options,
            "--format",
            "json",
        ).stdout
        return [s["slug"] for guide in json.loads(out)["guides"] for s in guide["steps"]]

    container = steps("--install", "container", "--cdn")
    assert "upgrade-container" in container and "upgrade-package" not in container
    assert container[-1] == "purge-cdn"
    assert "purge-cdn" not in steps("--install", "package")
    bad = guidekit(
        "checklist",
        "--root",
        project,
        "--from",
        "2.0",
        "--to",
        "1.0",
        "--topology",
        "single-host",
        "--install",
        "package",
        check=False,
    )
    assert bad.returncode != 0 and "Tinyshop cannot be downgraded" in bad.stderr


def test_commands_and_sequence_are_checked(project: Path, tmp_path: Path) -> None:
    guidekit("lint", "--root", project)
    assert "0 finding(s), 0 error(s)" in guidekit("flow", "--root", project).stderr
    # The same project with the database migrated before the shop is upgraded.
    broken = tmp_path / "broken"
    shutil.copytree(project, broken, ignore=shutil.ignore_patterns("_build"))
    manifest = broken / "source" / "guides.yaml"
    text = manifest.read_text()
    moved = text.replace("      - migrate-database\n", "", 1).replace(
        "      - back-up-database\n", "      - back-up-database\n      - migrate-database\n", 1
    )
    manifest.write_text(moved)
    result = guidekit("flow", "--root", broken, "--quiet", check=False)
    assert result.returncode == 1
    assert "flow-requires" in result.stdout and "migrate-database.md" in result.stdout


def test_the_translations_pass_the_gate(project: Path) -> None:
    # --skip-stale: a string new in the engine is not this test's to translate.
    assert "translations: OK" in guidekit("i18n", "--root", project, "check", "--skip-stale").stdout


@pytest.mark.pdf
def test_the_pdf_builds(project: Path) -> None:
    if not shutil.which("latexmk") or not shutil.which("pdftotext"):
        pytest.skip("no TeX toolchain (.ci/install-pdf-deps)")
    guidekit("pdf", "--root", project, "--lang", "en")
    (pdf,) = (project / "_build").rglob("pdf/en/split-1.0-to-2.0.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Tinyshop 1.0 \u2192 2.0" in text and "$ sudo systemctl stop tinyshop" in text
    assert not FOREIGN.findall(text)
