"""The PDF title page's "Report a problem with this guide" link: present when
conf.py gives ``guidekit_feedback_url``, in the PDF's language, to the template
filled in for the guide as the HTML footer of its front page fills it in (title,
path of the front page, guide, language). It reads the PDFs that
tests/pdf/test_pdf.py builds once per test run; the project's conf.py sets the
template."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pypdf
import pytest
from tests.pdf.test_pdf import (
    GUIDES,
    LANGUAGES,
    MANIFEST,
    REPO,
    _run,
    catalog,
    doctrees,
    pdfs,
)

from guidekit.model.feedback import feedback_url

__all__ = ["pdfs"]  # the session fixture, shared with test_pdf.py

pytestmark = pytest.mark.pdf

LABEL = "Report a problem with this guide"


def _uris(path: Path) -> list[str]:
    page = pypdf.PdfReader(path).pages[0]
    return [
        str(annot.get_object()["/A"]["/URI"])
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/A", {}).get("/S") == "/URI"
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", GUIDES)
def test_title_page_links_to_the_feedback_form_for_the_guide(
    pdfs: Path, lang: str, guide: str
) -> None:
    template = runpy.run_path(str(REPO / "conf.py"))["guidekit_feedback_url"]
    assert template  # the project sets one: the test is not vacuous
    title = (
        doctrees(pdfs, lang, guide)[0].next_node(lambda n: n.tagname == "title").astext()
    )  # the guide page's own title, as the PDF's and the HTML page's
    wanted = feedback_url(
        template,
        title=title,
        path=f"{lang}/{MANIFEST.by_id[guide].docname}.html",
        guide=guide,
        language=lang,
    )
    path = pdfs / lang / f"{guide}.pdf"
    assert wanted in _uris(path)
    said = LABEL if lang == "en" else catalog()[LABEL]
    first = re.sub(r"\s+", "", _run("pdftotext", "-l", "1", "-enc", "UTF-8", str(path), "-"))
    assert re.sub(r"\s+", "", said) in first
