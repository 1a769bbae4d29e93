"""PDF configuration without TeX: latex_documents from the manifest, the LaTeX
defaults, the title page facts, tab labels, and the toolchain check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from docutils import nodes
from tests.building import copy_root, sphinx_ok

from guidekit.model.manifest import load_manifest
from guidekit.pdf.build import (
    INSTALL_SCRIPT,
    latex_errors,
    missing_characters,
    missing_message,
    missing_requirements,
    pdf_pages,
)
from guidekit.pdf.latex import latex_documents
from guidekit.pdf.preamble import latex_elements
from guidekit.pdf.title_page import path_text, title_macros, web_url
from guidekit.sphinx_ext.blocks import linear_tab

REPO = Path(__file__).resolve().parents[2]
MANIFEST = load_manifest(REPO / "source" / "guides.yaml")


def test_one_latex_document_per_guide() -> None:
    docs = latex_documents(MANIFEST, "A & B")
    assert [d[0] for d in docs] == [f"guides/{g.id}/index" for g in MANIFEST.guides]
    assert [d[1] for d in docs] == [f"{g.id}.tex" for g in MANIFEST.guides]
    assert len(docs) == 9
    # Empty title: Sphinx takes the (translated) title of the guide page.
    assert {d[2] for d in docs} == {""}
    assert {d[3] for d in docs} == {r"A \& B"}
    assert {(d[4], d[5]) for d in docs} == {("manual", False)}


def test_latex_elements_defaults_and_overrides() -> None:
    en = latex_elements("en", {})
    assert "verbatimforcewraps=true" in en["sphinxsetup"]
    assert "verbatimwrapslines=true" in en["sphinxsetup"]
    assert en["maketitle"] == r"\guidekitmaketitle"
    assert "pxchfon" not in "".join(en.values())
    ja = latex_elements("ja", {"papersize": "letterpaper", "preamble": r"\mine"})
    assert ja["extrapackages"].startswith(r"\usepackage[haranoaji]{pxchfon}")
    assert ja["papersize"] == "letterpaper"
    assert ja["preamble"].startswith("\n\\makeatletter")
    assert ja["preamble"].endswith(r"\mine")


def test_title_page_names_topology_path_and_language() -> None:
    guide = MANIFEST.by_id["she-4.3-to-4.4"]
    tex = title_macros(guide, "Self-hosted engine", "ja", "uplatex", MANIFEST.product)
    assert r"\renewcommand{\guidekittopology}{Self" in tex
    assert r"\renewcommand{\guidekitpath}{Red Hat Virtualization 4.3" in tex
    assert r"\renewcommand{\guidekitlanguage}{日本語}" in tex
    # The product's name is the manifest's.
    assert path_text(guide, "Acme Shop") == "Acme Shop 4.3 \u2192 4.4"
    assert path_text(MANIFEST.by_id["minor-4.4"], "Acme Shop") == "Acme Shop 4.4.z"
    assert "&" not in title_macros(guide, "A & B", "en", "pdflatex", "P").replace(r"\&", "")


def test_web_links_are_relative_in_the_site_or_from_html_baseurl() -> None:
    folder = PurePosixPath("pdf/ja")
    page = "guides/she-4.3-to-4.4/index.html"
    assert web_url(page, "ja", folder) == "../../ja/guides/she-4.3-to-4.4/index.html"
    assert web_url("upgrade-helper.html", "en", PurePosixPath("x")) == "../en/upgrade-helper.html"
    assert (
        web_url(page, "ja", folder, "https://docs.example.com/rhv/")
        == "https://docs.example.com/rhv/ja/guides/she-4.3-to-4.4/index.html"
    )
    guide = MANIFEST.by_id["she-4.3-to-4.4"]
    links = [("Web", "https://x.example/a#b%20c~d"), ("Helper", "../../en/h.html")]
    tex = title_macros(guide, "T", "en", "pdflatex", "P", links)
    assert (
        r"\renewcommand{\guidekitweblinks}{\href{https://x.example/a\#b\%20c\%7Ed}{Web}"
        r"\\\href{../../en/h.html}{Helper}}" in tex
    )


def test_linear_tab_puts_the_label_before_the_content() -> None:
    label = nodes.paragraph("", "RHVH")
    body = nodes.paragraph("", "RHVH text.")
    plain = nodes.container(
        "", nodes.container("", nodes.container("", label)), nodes.container("", body)
    )
    tab = linear_tab(plain)
    assert isinstance(tab, nodes.container)
    assert tab["classes"] == ["guidekit-tab"]
    first, second = tab.children
    assert first["classes"] == ["guidekit-tab-label"]
    assert first.children[0] is label  # kept, so that it is still translated
    assert second is body
    other = nodes.container("", nodes.paragraph("", "x"))
    assert linear_tab(other) is other


def test_missing_requirements() -> None:
    def none_found(files: list[str]) -> set[str]:
        return set()

    def all_found(files: list[str]) -> set[str]:
        return set(files)

    assert missing_requirements(["en", "ja"], lambda p: True, all_found) == []
    missing = missing_requirements(["ja"], lambda p: p != "uplatex", none_found)
    assert "uplatex (program)" in missing
    assert "pxchfon.sty (TeX file)" in missing
    # Without kpsewhich, the TeX packages cannot be looked for.
    missing = missing_requirements(["en"], lambda p: p != "kpsewhich", all_found)
    assert missing == ["kpsewhich (program)", "the TeX packages (no kpsewhich to look for them)"]
    assert INSTALL_SCRIPT in missing_message(missing)


def test_log_helpers() -> None:
    log = (
        "x\n! Undefined control sequence.\nl.42 \\foo\n"
        "Missing character: There is no あ in font cmr10!\n"
    )
    assert latex_errors(log) == [r"! Undefined control sequence. l.42 \foo"]
    assert latex_errors("./g.tex:113: Undefined control sequence.\nl.113 \\x\n") == [
        "./g.tex:113: Undefined control sequence."
    ]
    assert missing_characters(log) == ["Missing character: There is no あ in font cmr10!"]
    assert pdf_pages("Title: x\nPages:          37\n") == 37


def test_install_script_is_executable_and_uses_no_recommends() -> None:
    script = REPO / INSTALL_SCRIPT
    assert os.access(script, os.X_OK)
    text = script.read_text("utf-8")
    assert "--no-install-recommends" in text
    for package in ("latexmk", "tex-gyre", "texlive-lang-japanese", "poppler-utils"):
        assert package in text


def test_missing_toolchain_says_what_to_run(tmp_path: Path) -> None:
    """Without TeX on PATH the build stops before LaTeX, naming the install script."""
    env = {**os.environ, "PATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "guidekit", "pdf", "--root", str(REPO)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    assert result.returncode == 3, result.stderr
    assert INSTALL_SCRIPT in result.stderr
    assert "latexmk (program)" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.slow
def test_latex_build_of_test_root(tmp_path: Path) -> None:
    """The LaTeX builder writes one .tex per guide, with tab labels and title facts."""
    root = copy_root(tmp_path / "root")
    out = tmp_path / "latex"
    sphinx_ok(root, out, "-q", builder="latex", timeout=300)
    assert sorted(p.name for p in out.glob("*.tex")) == [
        "local-4.2-to-4.3.tex",
        "she-4.3-to-4.4.tex",
    ]
    tex = (out / "she-4.3-to-4.4.tex").read_text("utf-8")
    assert r"\renewcommand{\guidekittopology}{Self\sphinxhyphen{}hosted engine}" in tex
    assert r"\renewcommand{\guidekitlanguage}{English}" in tex
    assert r"\title{SHE 4.3 to 4.4}" in tex
    # Each tab: its label (bold via the class environment), then its content.
    label = tex.index(r"\begin{sphinxuseclass}{guidekit-tab-label}")
    assert tex.index("RHVH", label) < tex.index("RHVH text.", label)
    assert tex.count(r"\begin{sphinxuseclass}{guidekit-tab-label}") == 2
    # The step pages come in through the guide page's toctree; the landing page does not.
    assert r"\chapter{Updating the Manager}" in tex
    assert "Test guides" not in tex
    # The wrap mark is explained once, on the title page.
    assert (
        r"\renewcommand{\guidekitwrapnote}{A line of a code block that starts with "
        r"\guidekitcontinuedmark{} continues the line above it" in tex
    )
    assert tex.count(r"\guidekitcontinuedmark{}") == 1
    assert r"\noindent\guidekitwrapnote\par" in tex
    # ... and so is the red mark at the end of a line wrapped at a blank.
    assert tex.count(r"\guidekitspacemark{}, it was broken at a blank") == 1
    # Output blocks (and only they) are set in their own style, in a group.
    output = tex.index(r"\begingroup\guidekitoutputstyle")
    assert tex.index("Upgrade available.", output) < tex.index(r"\endgroup", output)
    assert tex.count(r"\begingroup\guidekitoutputstyle") == tex.count("{Output}")
