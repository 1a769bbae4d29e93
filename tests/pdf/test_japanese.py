"""Japanese PDFs set as Japanese: the running header on one line with the guide's
own release, chapters named alike in headings and footers (第5章), the date
unpadded and unspaced, Latin words never hyphenated, no heading that leaves one
character alone on its line, contents in the headings' sans-serif.

They read the PDFs that tests/pdf/test_pdf.py builds once per test run.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from docutils import nodes
from tests.pdf.test_pdf import (
    GUIDES,
    LANGUAGES,
    MANIFEST,
    _run,
    catalog,
    doctrees,
    latex,
    layout_pages,
    pdfs,
    section_titles,
)

__all__ = ["pdfs"]  # the session fixture, shared with test_pdf.py

pytestmark = pytest.mark.pdf

#: A chapter's label as upLaTeX sets it with blanks: 「第 5 章」, 「第 12B 章」.
SPACED_LABEL = re.compile(r"第\s+\d+[A-Z]?\s*章|第\s*\d+[A-Z]?\s+章")


def _body_pages(pdfs: Path, lang: str, guide: str) -> list[str]:
    """The pages after the title page and the contents (which have no header)."""
    return [page for page in layout_pages(pdfs, lang, guide)[2:] if page.strip()]


@pytest.mark.parametrize("guide", GUIDES)
def test_japanese_running_header_is_one_line_with_the_guides_release(
    pdfs: Path, guide: str
) -> None:
    """The header (title、リリース X.Y) is never broken over two lines (「リリー/ス
    4.4」), and names the release the guide leads to: 4.3 for 4.2 -> 4.3."""
    release = MANIFEST.by_id[guide].to_version
    said = catalog().get("Release", "リリース")
    headers = [page.splitlines()[0].strip() for page in _body_pages(pdfs, "ja", guide)]
    assert headers
    wrong = [h for h in headers if not h.endswith(f"、{said} {release}")]
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_title_page_and_header_name_the_guides_own_release(pdfs: Path, lang: str) -> None:
    """4.2 -> 4.3 guides say release 4.3, not conf.py's 4.4, on the title page."""
    for guide in MANIFEST.guides:
        title = re.sub(r"\s+", " ", layout_pages(pdfs, lang, guide.id)[0])
        releases = re.findall(r"(?:Release|リリース) (\d+\.\d+)", title)
        assert releases == [guide.to_version], guide.id


@pytest.mark.parametrize("guide", GUIDES)
def test_japanese_chapter_label_is_written_alike_everywhere(pdfs: Path, guide: str) -> None:
    """Footers name the chapter as its heading does: 第5章, not 「第 5 章」."""
    pages = _body_pages(pdfs, "ja", guide)
    text = "\n".join(pages)
    assert SPACED_LABEL.findall(text) == []
    g = MANIFEST.by_id[guide]
    if g.steps:
        labels = {f"第{g.number(step)}章" for step in g.steps}
        footers = {m for page in pages for m in re.findall(r"第\d+[A-Z]?章", page[-400:])}
        assert footers <= labels
        if len(pages) > 3:
            assert footers


@pytest.mark.parametrize("lang", LANGUAGES)
def test_title_page_date_is_not_zero_padded(pdfs: Path, lang: str) -> None:
    """The date in the language's long form: 2026年12月5日 (no blanks between the
    digits and 年月日, no leading zero), December 5, 2026."""
    title = layout_pages(pdfs, lang, "she-4.3-to-4.4")[0]
    if lang == "ja":
        dates = [line.strip() for line in title.splitlines() if "年" in line and "月" in line]
        assert len(dates) == 1, title
        assert re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", dates[0]), dates
    else:
        assert re.search(r"(?m)\b[A-Z][a-z]+ [1-9]\d?, \d{4}\s*$", title), title


def _source_words(pdfs: Path, guide: str) -> tuple[set[str], str]:
    """The Latin words of the guide's Japanese text (not its code), and the text."""
    text = "\n".join(
        node.astext()
        for tree in doctrees(pdfs, "ja", guide)
        for node in tree.findall(nodes.Text)
        if not isinstance(node.parent, nodes.literal_block)
    )
    return set(re.findall(r"[A-Za-z][A-Za-z0-9]*", text)), text


@pytest.mark.parametrize("guide", GUIDES)
def test_latin_words_are_not_hyphenated_in_japanese_text(pdfs: Path, guide: str) -> None:
    """「Virtu-/alization」: a word that the guide writes whole is never split with
    a hyphen at the end of a line (a hyphen the text has, virt-viewer, may end one)."""
    words, text = _source_words(pdfs, guide)
    pdf = _run("pdftotext", "-enc", "UTF-8", str(pdfs / "ja" / f"{guide}.pdf"), "-")
    split = [
        f"{a}-{b}"
        for a, b in re.findall(r"([A-Za-z]+)-\n\s*([A-Za-z]+)", pdf)
        if a + b in words and f"{a}-{b}" not in text
    ]
    assert split == []


@pytest.mark.parametrize("guide", GUIDES)
def test_no_japanese_heading_leaves_one_character_on_a_line(pdfs: Path, guide: str) -> None:
    titles = [re.sub(r"\s+", "", t) for t in section_titles(pdfs, "ja", guide)]
    lines = [
        re.sub(r"\s+", "", line)
        for page in layout_pages(pdfs, "ja", guide)
        for line in page.splitlines()
        if line.strip()
    ]
    alone = [
        f"{before} / {line}"
        for before, line in itertools.pairwise(lines)
        for title in titles
        if len(title) > 3 and line == title[-1] and before.endswith(title[-4:-1])
    ]
    assert alone == []


@pytest.mark.parametrize("guide", GUIDES)
def test_japanese_contents_in_the_headings_sans_serif(pdfs: Path, guide: str) -> None:
    """Chapter entries of the contents are in the headings' sans-serif, Latin words
    too, not bold Times beside the Gothic."""
    assert re.match(r"\s*目\s*次", layout_pages(pdfs, "ja", guide)[1])
    path = str(pdfs / "ja" / f"{guide}.pdf")
    fonts = [
        line.split()[0] for line in _run("pdffonts", "-f", "2", "-l", "2", path).splitlines()[2:]
    ]
    assert [f for f in fonts if "Termes-Bold" in f] == []
    assert any("Heros-Bold" in f for f in fonts)


@pytest.mark.parametrize("guide", GUIDES)
def test_japanese_fonts_have_tounicode_maps(pdfs: Path, guide: str) -> None:
    """Every Japanese font has a ToUnicode map (pdffonts' "uni" column), so that
    every viewer copies and finds the text, not only those that know Adobe-Japan1;
    test_pdf.py's tests read the Japanese titles and commands back through it."""
    path = str(pdfs / "ja" / f"{guide}.pdf")
    lines = _run("pdffonts", path).splitlines()[2:]
    # name type encoding emb sub uni object-id, read from the right.
    uni = {line.split()[0]: line.split()[-3] for line in lines if "HaranoAji" in line}
    assert uni
    assert [name for name, value in uni.items() if value != "yes"] == []


def test_japanese_header_has_room(pdfs: Path) -> None:
    """The header's height fits its Japanese line: no fancyhdr warning."""
    logs = {g: (latex(pdfs) / "ja" / f"{g}.log").read_text("utf-8", "replace") for g in GUIDES}
    assert [g for g, log in logs.items() if "headheight is too small" in log] == []


def _fonts(path: Path) -> list[str]:
    """The base names of the fonts of a PDF (``TeXGyreHeros-Bold``), per pdffonts."""
    lines = _run("pdffonts", str(path)).splitlines()[2:]
    return [line.split()[0].partition("+")[2] or line.split()[0] for line in lines if line.strip()]


@pytest.mark.parametrize("guide", GUIDES)
def test_japanese_bold_latin_is_sans_serif(pdfs: Path, guide: str) -> None:
    """Bold Latin words in Japanese text (「**Log Collection Analysis** ツール」, the
    choice labels 「7A.」) are in the sans-serif that goes with the bold Gothic,
    never bold Times; code keeps its monospaced font."""
    fonts = _fonts(pdfs / "ja" / f"{guide}.pdf")
    assert [f for f in fonts if f.startswith("TeXGyreTermes-Bold")] == []
    assert "TeXGyreHeros-Bold" in fonts
    # (the guide has bold Latin words to set: the test is not vacuous)
    strong = [
        node.astext()
        for tree in doctrees(pdfs, "ja", guide)
        for node in tree.findall(nodes.strong)
        if re.search(r"[A-Za-z0-9]", node.astext())
    ]
    assert strong or guide.startswith("appendix-")
    assert "TeXGyreTermes-Regular" in fonts  # the serif body is unchanged


def _header_extents(path: Path) -> list[tuple[int, int]]:
    """(left, right) of the running header, in points, on each page that has one."""
    found = []
    for page in _run("pdftotext", "-bbox", str(path), "-").split("<page ")[1:]:
        top = [
            (float(x0), float(x1))
            for x0, y0, x1 in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', page)
            if float(y0) < 60  # the header band, above the 1in top margin
        ]
        if top:
            found.append((round(min(x for x, _ in top)), round(max(x for _, x in top))))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", ["she-4.3-to-4.4", "minor-4.4"])
def test_pdfs_are_one_sided_in_every_language(pdfs: Path, lang: str, guide: str) -> None:
    """conf.py asks for one-sided PDFs (read on screen): the running header ends at
    the same right edge on every page, odd or even, in Japanese as in English
    (ujbook defaults to two-sided: headers alternated between left and right)."""
    extents = _header_extents(pdfs / lang / f"{guide}.pdf")
    assert len(extents) > 4
    assert len({right for _, right in extents}) == 1, extents


@pytest.mark.parametrize("guide", GUIDES)
def test_japanese_step_references_are_not_split(pdfs: Path, guide: str) -> None:
    """「（または 11A）」: the step number stays with its letter and bracket on one
    line, never 「11」 at a line's end and 「A）」 at the next one's start."""
    pdf = _run("pdftotext", "-enc", "UTF-8", str(pdfs / "ja" / f"{guide}.pdf"), "-")
    assert re.findall(r"\d+\n\s*[A-Z][）)、]", pdf) == []
    assert re.findall(r"(?m)^\s*[A-Z][）)]", pdf) == []
