"""The PDFs: one per guide and language, fonts embedded, Japanese titles and the
commands in the text, no missing characters.

They need the TeX toolchain (.ci/install-pdf-deps) and poppler-utils; without
them these tests are skipped, unless GUIDEKIT_REQUIRE_PDF=1 (as in CI), which
makes them fail. The PDFs are built once per session, in a copy of the project
(nothing is written into the checkout).
"""

from __future__ import annotations

import itertools
import os
import pickle
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

import pypdf
import pytest
from babel.messages.pofile import read_po
from docutils import nodes
from tests.building import copy_root, sphinx_ok

from guidekit.files.conf import load_paths
from guidekit.model.manifest import load_manifest
from guidekit.pdf.build import (
    PdfError,
    make_language_pdfs,
    missing_characters,
    missing_message,
    missing_requirements,
    pdf_pages,
)
from guidekit.pdf.translator import code_width
from guidekit.pdf.wrap import break_commands

REPO = Path(__file__).resolve().parents[2]
PATHS = load_paths(REPO)
LANGUAGES = PATHS.languages
MANIFEST = load_manifest(PATHS.manifest)
GUIDES = [g.id for g in MANIFEST.guides]
POPPLER = ("pdffonts", "pdftotext", "pdfinfo")
#: The mark at the start of a wrapped line of a literal block, as pdftotext
#: reads the hook arrow (it differs between the pdflatex and dvipdfmx fonts).
CONTINUATION = re.compile(r"(?m)^[ \t]*(?:\u02d3\u2192|,\u2192|\u21aa)")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

pytestmark = pytest.mark.pdf


def _kpsewhich(files: list[str]) -> set[str]:
    out = subprocess.run(["kpsewhich", *files], capture_output=True, text=True, check=False)
    return {Path(line).name for line in out.stdout.split()}


@pytest.fixture(scope="session")
def pdfs(
    tmp_path_factory: pytest.TempPathFactory,
    latex_project: Path,
    shared_build: Callable[..., Path],
) -> Path:
    """The PDFs of a copy of the project (``_build/html/pdf``), built once per test
    run from the LaTeX sources of ``latex_project`` (tests/conftest.py; sources and
    logs in :func:`latex`); skip (or fail) without the toolchain."""
    missing = missing_requirements(LANGUAGES, lambda p: shutil.which(p) is not None, _kpsewhich)
    missing += [f"{p} (program, poppler-utils)" for p in POPPLER if shutil.which(p) is None]
    if missing:
        if os.environ.get("GUIDEKIT_REQUIRE_PDF") == "1":
            pytest.fail(missing_message(missing), pytrace=False)
        pytest.skip("no PDF toolchain (run .ci/install-pdf-deps): " + ", ".join(missing))

    def make(folder: Path) -> None:
        paths = load_paths(latex_project)
        guide_ids = [guide.id for guide in load_manifest(paths.manifest).guides]
        try:  # from the sources latex_project wrote: Sphinx runs once for both
            for language in LANGUAGES:
                make_language_pdfs(paths, language, guide_ids, jobs=2)
        except PdfError as error:
            pytest.fail(f"PDF build failed: {error}", pytrace=False)

    shared_build(tmp_path_factory, "pdf", make)
    return load_paths(latex_project).site / "pdf"


@cache
def _run(*command: str) -> str:
    """The output of a poppler tool; once per command and test run, since a PDF
    does not change once built and many tests read the same one (these tests
    share one xdist worker: tests/conftest.py, SHARED_BUILDS)."""
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@cache
def pdf_text(pdfs: Path, lang: str, guide: str) -> str:
    return _run("pdftotext", "-enc", "UTF-8", str(pdfs / lang / f"{guide}.pdf"), "-")


def flat(text: str) -> str:
    """Text compared across line breaks, ligatures, typographic quotes and
    continuation marks: the same words whatever LaTeX did to the layout."""
    text = CONTINUATION.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    for a, b in (
        ("\u2019", "'"),
        ("\u2018", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u2010", "-"),
        ("\u2013", "--"),
        ("\u2014", "---"),
        ("\u00ad", ""),
    ):
        text = text.replace(a, b)
    return re.sub(r"\s+", "", text)


@cache
def latex(pdfs: Path) -> Path:
    """The LaTeX sources, logs and doctrees of the PDFs in ``pdfs`` (the project's
    ``_build/latex``)."""
    root = next(folder for folder in pdfs.parents if (folder / "conf.py").is_file())
    return load_paths(root).build / "latex"


def doctrees(pdfs: Path, lang: str, guide_id: str) -> list[nodes.document]:
    """The doctrees the PDF was made from: the guide page, then its steps (read,
    not changed, by the tests: each is unpickled once per test run)."""
    return list(_doctrees(pdfs, lang, guide_id))


@cache
def _doctrees(pdfs: Path, lang: str, guide_id: str) -> tuple[nodes.document, ...]:
    guide = MANIFEST.by_id[guide_id]
    docs = [guide.docname] + [guide.step_docname(s) for s in guide.steps]
    trees = []
    for doc in docs:
        with (latex(pdfs) / lang / ".doctrees" / f"{doc}.doctree").open("rb") as handle:
            trees.append(pickle.load(handle))
    _resolve_preflight(trees[0], _required_states(pdfs, lang).get(guide_id, set()))
    return tuple(trees)


@cache
def _required_states(pdfs: Path, lang: str) -> dict[str, set[str]]:
    """Guide id -> the states its pre-flight list names, as the build walked them
    (the guidekit domain in the pickled environment)."""
    with (latex(pdfs) / lang / ".doctrees" / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    walked = env.domaindata["guidekit"]["preflight"]
    return {guide: {r.state for r in requirements} for guide, requirements in walked.items()}


def _resolve_preflight(tree: nodes.document, required: set[str]) -> None:
    """The front page as written: its pre-flight box (every check until the build
    resolves it, sphinx_ext.preflight) keeps the items of the required states."""
    from guidekit.sphinx_ext.preflight import preflight_box

    for box in list(tree.findall(preflight_box)):
        for item in list(box.findall(nodes.list_item)):
            if item.get("guidekit_state") and item["guidekit_state"] not in required:
                item.parent.remove(item)
        if required:
            box.replace_self(box.children)
        else:
            box.parent.remove(box)


def section_titles(pdfs: Path, lang: str, guide_id: str) -> list[str]:
    return [
        s[0].astext()
        for tree in doctrees(pdfs, lang, guide_id)[1:]
        for s in tree.findall(nodes.section)
    ]


@cache
def catalog() -> Mapping[str, str]:
    """The Japanese translations present now (whatever the state of the catalogs),
    read once per test run: the catalogs do not change while the tests read them."""
    found: dict[str, str] = {}
    for po in (REPO / "locales" / "ja" / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as handle:
            for message in read_po(handle):
                if (
                    message.id
                    and isinstance(message.id, str)
                    and message.string
                    and not message.fuzzy
                ):
                    found[message.id] = str(message.string)
    return MappingProxyType(found)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", GUIDES)
def test_pdf_exists(pdfs: Path, lang: str, guide: str) -> None:
    path = pdfs / lang / f"{guide}.pdf"
    assert path.read_bytes()[:5] == b"%PDF-"
    assert pdf_pages(_run("pdfinfo", str(path))) >= 3  # title page, contents, content


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", GUIDES)
def test_every_font_embedded(pdfs: Path, lang: str, guide: str) -> None:
    lines = _run("pdffonts", str(pdfs / lang / f"{guide}.pdf")).splitlines()
    # name type encoding emb sub uni object-id: read from the right, since a
    # long font name pushes the columns along.
    fonts = [(line.split()[0], line.split()[-5]) for line in lines[2:] if line.strip()]
    assert fonts
    assert [name for name, emb in fonts if emb != "yes"] == []
    if lang == "ja":
        assert any("HaranoAji" in name for name, _ in fonts)


@pytest.mark.parametrize("guide", GUIDES)
def test_japanese_pdf_has_the_section_titles(pdfs: Path, guide: str) -> None:
    """Every section title of the Japanese doctrees is in the PDF text, and every
    title that the catalog translates is there in Japanese."""
    text = flat(pdf_text(pdfs, "ja", guide))
    ja_titles = section_titles(pdfs, "ja", guide)
    en_titles = section_titles(pdfs, "en", guide)
    assert len(ja_titles) == len(en_titles) > 0
    assert [t for t in ja_titles if flat(t) not in text] == []
    translations = catalog()
    for en, ja in zip(en_titles, ja_titles, strict=True):
        wanted = translations.get(en)
        if wanted and CJK.search(wanted):
            assert CJK.search(ja), f"{en!r} is translated in the catalog but not in the PDF"


@pytest.mark.parametrize("guide", GUIDES)
def test_japanese_pdf_has_the_commands(pdfs: Path, guide: str) -> None:
    text = flat(pdf_text(pdfs, "ja", guide))
    # As printed: long commands broken between arguments (guidekit.pdf.wrap).
    blocks = [
        break_commands(block.astext(), code_width(block))
        for tree in doctrees(pdfs, "ja", guide)
        for block in tree.findall(nodes.literal_block)
        if "guidekit-command" in block["classes"]
    ]
    lines = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert lines
    # Line by line: a block that runs over a page break is cut by the page's
    # footer and header; a line that wraps there, by them and the block's
    # "continued" labels, which are left out for it.
    running = flat(catalog().get(MANIFEST.by_id[guide].title, ""))
    furniture = "\n".join(
        line
        for page in layout_pages(pdfs, "ja", guide)
        for line in page.splitlines()
        if line.strip()
        and not re.fullmatch(r"\d+|\(.*\)", line.strip())
        and running not in flat(line)
    )
    missing = [line for line in lines if flat(line) not in text]
    assert [line for line in missing if flat(line) not in flat(furniture)] == []


def test_title_page_names_guide_topology_path_language(pdfs: Path) -> None:
    guide = MANIFEST.by_id["she-4.3-to-4.4"]
    for lang, name in (("en", "English"), ("ja", "日本語")):
        page = flat(_run("pdftotext", "-l", "1", str(pdfs / lang / f"{guide.id}.pdf"), "-"))
        assert flat("4.3 \u2192 4.4") in page
        assert flat(name) in page
        title = next(doctrees(pdfs, lang, guide.id)[0].findall(nodes.title)).astext()
        assert flat(title) in page
        if lang == "en":
            assert title == guide.title
            assert flat(MANIFEST.topologies[guide.topology]) in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_missing_characters(pdfs: Path, lang: str) -> None:
    logs = {g: (latex(pdfs) / lang / f"{g}.log").read_text("utf-8", "replace") for g in GUIDES}
    missing = {g: missing_characters(log) for g, log in logs.items()}
    assert {g: m for g, m in missing.items() if m} == {}


def test_long_commands_wrap_with_a_continuation_mark(pdfs: Path, tmp_path: Path) -> None:
    """A command far wider than the page wraps, marked, and runs off no page."""
    root = copy_root(tmp_path / "root")
    long = "# engine-config --set " + "SomeVeryLongOptionName=value," * 12 + "end"
    update = root / "procedures" / "update.md"
    update.write_text(
        update.read_text("utf-8").replace(
            "   # engine-upgrade-check\n", f"   # engine-upgrade-check\n   {long}\n"
        ),
        "utf-8",
    )
    out = tmp_path / "latex"
    sphinx_ok(root, out, "-q", builder="latex")
    subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "she-4.3-to-4.4.tex"],
        cwd=out,
        check=True,
        capture_output=True,
    )
    text = _run("pdftotext", "-enc", "UTF-8", str(out / "she-4.3-to-4.4.pdf"), "-")
    assert len(CONTINUATION.findall(text)) >= 3
    # Broken after "--set" with a backslash; the one long word that is left wraps, marked.
    assert "# engine-config --set \\" in text
    assert flat(long) in flat(text).replace("\\", "")
    log = (out / "she-4.3-to-4.4.log").read_text("utf-8", "replace")
    assert "Overfull \\hbox" not in log


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_runs_off_the_page(pdfs: Path, lang: str) -> None:
    overfull = {
        g: [
            line
            for line in (latex(pdfs) / lang / f"{g}.log").read_text("utf-8", "replace").splitlines()
            if line.startswith("Overfull \\hbox")
        ]
        for g in GUIDES
    }
    assert {g: lines for g, lines in overfull.items() if lines} == {}


@pytest.mark.parametrize("guide", GUIDES)
def test_one_chapter_per_step_and_no_landing_page(pdfs: Path, guide: str) -> None:
    tex = (latex(pdfs) / "en" / f"{guide}.tex").read_text("utf-8")
    assert tex.count("\\chapter{") == len(MANIFEST.by_id[guide].steps)
    landing = (REPO / "source" / "index.md").read_text("utf-8")
    first_sentence = landing.split("\n\n")[1].split(".")[0].replace("\n", " ")
    assert first_sentence not in tex.replace("\n", " ")


def layout_pages(pdfs: Path, lang: str, guide: str) -> list[str]:
    text = _run("pdftotext", "-layout", "-enc", "UTF-8", str(pdfs / lang / f"{guide}.pdf"), "-")
    return text.split("\f")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", GUIDES)
def test_commands_wrap_only_where_no_argument_boundary_is_left(
    pdfs: Path, lang: str, guide: str
) -> None:
    """A wrap mark may follow a command line only when that line is one word too
    long for the page; every other long command is broken with a backslash."""
    bad = []
    for page in layout_pages(pdfs, lang, guide):
        lines = page.splitlines()
        for before, line in itertools.pairwise(lines):
            if CONTINUATION.match(line) and re.match(r"\s*# \S", before):
                words = before.split()[1:]
                if len(words) > 1:
                    bad.append(before.strip())
    assert bad == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_alternatives_are_said_to_be_alternatives(pdfs: Path, lang: str) -> None:
    """Tabs (RHVH / RHEL host) become labelled alternatives, each label on the
    page of its content."""
    note = "Alternative: do this only if it applies to you"
    if lang != "en":
        note = catalog()[note]
    pages = layout_pages(pdfs, lang, "minor-4.4")
    labels = 0
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for index, line in enumerate(lines):
            if line == note:
                labels += 1
                # The label and at least a line of its content follow on this page.
                assert len(lines) > index + 3, page[-300:]
    assert labels >= 4


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", GUIDES)
def test_no_nearly_empty_pages(pdfs: Path, lang: str, guide: str) -> None:
    """Steps follow one another: no page between the contents and the last one
    carries only a few lines."""
    pages = [p for p in layout_pages(pdfs, lang, guide) if p.strip()]
    body = pages[2:-1]  # after the title page and the contents, before the last page
    # Header and footer are two lines each.
    short = [
        i + 3
        for i, p in enumerate(body)
        if len([line for line in p.splitlines() if line.strip()]) < 12
    ]
    assert short == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_front_matter_is_in_the_contents_and_bookmarks(pdfs: Path, lang: str) -> None:
    name = "About this guide" if lang == "en" else catalog()["About this guide"]
    guide = "she-4.3-to-4.4"
    contents = layout_pages(pdfs, lang, guide)[1]
    assert name in contents
    bookmarks = (latex(pdfs) / lang / f"{guide}.out").read_text("utf-8", errors="replace")
    top = [line for line in bookmarks.splitlines() if line.startswith(r"\BOOKMARK [0]")]
    # One top-level bookmark per step or choice, and one before them for the front matter.
    assert len(top) == len(MANIFEST.by_id[guide].outline()) + 1
    assert bookmark_title(top[0]) == name


def bookmark_title(line: str) -> str:
    """The title of a hyperref bookmark line: octal escapes of UTF-16 text."""
    # \BOOKMARK [level][-]{anchor}{title}{parent's anchor}% number
    raw = line.split("}{", 1)[1].rsplit("}{", 1)[0]
    data = bytearray()
    index = 0
    while index < len(raw):
        if raw[index] == "\\" and raw[index + 1 : index + 4].isdigit():
            data.append(int(raw[index + 1 : index + 4], 8))
            index += 4
        else:
            data.extend(raw[index].encode("latin-1"))
            index += 1
    return bytes(data).decode("utf-16")


def test_japanese_title_page_and_header(pdfs: Path) -> None:
    pages = layout_pages(pdfs, "ja", "she-4.3-to-4.4")
    title = pages[0]
    assert "derived from" not in title
    author = catalog()["guidekit contributors (derived from the RHV documentation, CC BY-SA 3.0)"]
    assert flat(author) in flat(title)
    headers = [p.splitlines()[0] for p in pages[3:] if p.strip()]
    assert headers and not any(", " in h and "リリース" in h for h in headers)
    assert any("、リリース" in h for h in headers)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_output_wraps_at_a_blank_not_mid_word(pdfs: Path, lang: str) -> None:
    """Where LaTeX wraps a line, it does so at a blank (shown as ␣) when the line
    has one near its end; a word is cut only when it is longer than that."""
    cut = []
    for guide in GUIDES:
        for page in layout_pages(pdfs, lang, guide):
            lines = page.splitlines()
            for before, line in itertools.pairwise(lines):
                if not CONTINUATION.match(line):
                    continue
                text = before.rstrip()
                tail = text[-24:]
                if text.endswith("\u2423") or not text[-1:].isalnum() or " " not in tail:
                    continue
                cut.append(f"{guide}: {text.strip()}")
    assert cut == []


CHOICE_GUIDES = [g.id for g in MANIFEST.guides if any(s.group is not None for s in g.steps)]


def bookmarks(pdfs: Path, lang: str, guide: str) -> list[tuple[int, str]]:
    """(level, title) of every bookmark of a guide's PDF, in order."""
    text = (latex(pdfs) / lang / f"{guide}.out").read_text("utf-8", errors="replace")
    return [
        (int(line.split("[", 2)[1].split("]")[0]), bookmark_title(line))
        for line in text.splitlines()
        if line.startswith(r"\BOOKMARK [")
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("guide", CHOICE_GUIDES)
def test_chapters_are_numbered_as_the_guide_numbers_its_steps(
    pdfs: Path, lang: str, guide: str
) -> None:
    """Bookmarks and contents number the steps as HTML and the checklists do (7A, 7A.1,
    8...), not 1-13 in a row; a choice is an entry of its own ("7 Do one of the
    following: 7A ... or 7B ..."), its alternatives under it; alternatives name the
    others and optional steps say so."""
    g = MANIFEST.by_id[guide]
    entries = bookmarks(pdfs, lang, guide)[1:]  # after About this guide
    items = g.outline()
    top = [title for level, title in entries if level == 0]
    assert [title.split(" ", 1)[0] for title in top] == [str(item.number) for item in items]
    marks = catalog() if lang != "en" else {}
    lead = marks.get("Do one of the following:", "Do one of the following:")
    steps: list[str] = []
    sections: list[str] = []  # of the alternatives: 3B.1
    for item, title in zip(items, top, strict=True):
        if not item.is_choice:
            steps.append(title)
            continue
        assert title.split(" ", 1)[1].startswith(lead), title
        for branch in item.branches:
            case = f"{item.number}{branch.letter} {marks.get(branch.condition, branch.condition)}"
            assert case in title, (case, title)
        # Its alternatives: the entries one level below it, up to the next step.
        index = entries.index((0, title))
        for level, child in entries[index + 1 :]:
            if level == 0:
                break
            if level == 1:
                steps.append(child)
            elif level == 2:
                sections.append(child.split(" ", 1)[0])
    assert [title.split(" ", 1)[0] for title in steps] == [g.number(s) for s in g.steps]
    optional = marks.get("(optional)", "(optional)")
    for title, step in zip(steps, g.steps, strict=True):
        assert title.endswith(optional) == step.optional, title
        branch = g.branch_of(step)
        if branch is not None and step is branch.steps[0]:
            others = [
                f"{g.item_of(step).number}{b.letter}"
                for b in g.item_of(step).branches
                if b.letter != branch.letter
            ]
            assert all(other in title.split(" ", 1)[1] for other in others), title
    contents = layout_pages(pdfs, lang, guide)[1]
    # Steps and choices start at the margin; alternatives and sections (3.1) are indented.
    assert re.findall(r"(?m)^(\d+)\s", contents) == [str(item.number) for item in items]
    alternatives = [g.number(s) for s in g.steps if g.branch_of(s) is not None]
    indented = re.findall(r"(?m)^\s+(\d+[A-Z](?:\.\d+)?)\s", contents)
    assert [number for number in indented if number in alternatives] == alternatives
    # The alternatives' own sections are in the contents too, one level further in.
    assert [number for number in indented if number in sections] == sections


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_alternative_says_where_to_continue_with_its_page(pdfs: Path, lang: str) -> None:
    """After each alternative the PDF says which step comes next, and on which page:
    the next chapter is another alternative, not the next step."""
    guide = MANIFEST.by_id["she-4.3-to-4.4"]
    pages = layout_pages(pdfs, lang, guide.id)
    template = "Then continue with step {number}:"
    if lang != "en":
        template = catalog()[template]
    after = guide.steps[guide.next_index(guide.step_index("migrate-hosts-4.3-to-4.4"))]  # type: ignore[index]
    said = template.format(number=guide.number(after)).replace(" ", "")
    text = "".join(re.sub(r"\s+", "", page) for page in pages)
    # The end of 7A.2, the end of 7B, and the choice box on each of their three pages.
    assert text.count(said) == 5, said
    if lang != "en":
        return
    # The page it names is the page where step 8 starts (English page numbers are
    # the last line of each page).
    start = next(
        i
        for i, page in enumerate(pages[2:], 2)
        if re.search(rf"(?m)^{guide.number(after)}\s{{2,}}\S", page)
    )
    printed = pages[start].strip().splitlines()[-1].strip()
    named = re.findall(re.escape(said) + r".*?\(page(\d+)\)", text)
    assert named and set(named) == {printed}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_labels_number_front_matter_apart_and_match_the_folios(pdfs: Path, lang: str) -> None:
    """The viewer's page labels (/PageLabels): title page and contents in roman
    numerals, the body from 1, no label twice; each page prints its own label."""
    guide = "she-4.3-to-4.4"
    labels = pypdf.PdfReader(pdfs / lang / f"{guide}.pdf").page_labels
    assert labels[:3] == ["i", "ii", "1"]
    assert len(set(labels)) == len(labels)
    assert labels[2:] == [str(n) for n in range(1, len(labels) - 1)]
    pages = layout_pages(pdfs, lang, guide)
    for index, label in enumerate(labels[1:], 1):  # the title page prints none
        lines = [line.split() for line in pages[index].splitlines() if line.strip()]
        assert label in lines[0] + lines[-1], (index, label)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_title_page_links_to_the_html_guide_and_the_helper(
    pdfs: Path, built: Path, built_ja: Path, lang: str
) -> None:
    """The title page links (/URI) to this guide's HTML and to the upgrade helper,
    relative within the published site: the targets exist beside the PDF's folder."""
    guide = "she-4.3-to-4.4"
    page = pypdf.PdfReader(pdfs / lang / f"{guide}.pdf").pages[0]
    uris = [
        annot.get_object()["/A"]["/URI"]
        for annot in page.get("/Annots", [])
        if annot.get_object().get("/A", {}).get("/S") == "/URI"
    ]
    uris = [uri for uri in uris if "://" not in uri]  # the feedback form: test_pdf_feedback.py
    site = built.parent  # <site>/en, <site>/ja as published; the PDF in <site>/pdf/<lang>
    assert built_ja.parent == site
    helper = next(
        md.stem for md in (REPO / "source").glob("*.md") if "{upgrade-helper}" in md.read_text()
    )
    wanted = [site / lang / "guides" / guide / "index.html", site / lang / f"{helper}.html"]
    targets = [(site / "pdf" / lang / uri).resolve() for uri in uris]
    assert targets == [path.resolve() for path in wanted]
    assert all(path.is_file() for path in targets)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_title_page_explains_both_wrap_marks(pdfs: Path, lang: str) -> None:
    """The ↪ that starts a wrapped code line and the red ␣ that ends a line
    wrapped at a blank are both explained on the title page."""
    page = _run("pdftotext", "-l", "1", "-enc", "UTF-8", str(pdfs / lang / "minor-4.4.pdf"), "-")
    assert re.search("\u02d3\u2192|,\u2192|\u21aa", page)
    assert "\u2423" in page
    if lang != "en":
        assert "\u3002 " not in page  # no Latin blank between Japanese sentences


def basic_pdf(tmp_path: Path, after_check: list[str]) -> str:
    """The English PDF text (``-layout``) of the she-4.3-to-4.4 guide of the
    test-basic root, with ``after_check`` (lines of the first step) added."""
    root = copy_root(tmp_path / "root")
    update = root / "procedures" / "update.md"
    added = "".join(f"   {line}\n" if line else "\n" for line in after_check)
    text = update.read_text("utf-8")
    anchor = "   Upgrade available.\n   ```\n"
    assert anchor in text
    update.write_text(text.replace(anchor, anchor + "\n" + added), "utf-8")
    out = tmp_path / "latex"
    sphinx_ok(root, out, "-q", "-W", builder="latex")
    subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "she-4.3-to-4.4.tex"],
        cwd=out,
        check=True,
        capture_output=True,
    )
    log = (out / "she-4.3-to-4.4.log").read_text("utf-8", "replace")
    assert "Overfull \\hbox" not in log
    return _run("pdftotext", "-layout", "-enc", "UTF-8", str(out / "she-4.3-to-4.4.pdf"), "-")


def test_file_lines_are_cut_at_a_blank_or_outside_placeholders(pdfs: Path, tmp_path: Path) -> None:
    """A file line too long for the page is cut at its blank, then at the edge of a
    placeholder: never at a dot inside ``<host3.example.com>`` (guidekit.pdf.wrap)."""
    hosts = [f"<host{n}.example.com>" for n in (2, 3, 4)]
    value = '"he_mount_options": "backup-volfile-servers=' + ":".join(hosts) + '",'
    text = basic_pdf(tmp_path, ["```{file} /etc/example.json", "{", f"  {value}", "}", "```"])
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index('"he_mount_options":\u2423')  # cut at the blank, its mark shown
    parts = lines[start : start + 3]
    assert all(CONTINUATION.match(part) for part in parts[1:]), parts
    for host in hosts:
        assert sum(host in part for part in parts) == 1, (host, parts)
    joined = (
        parts[0].removesuffix("\u2423")
        + " "
        + "".join(CONTINUATION.sub("", p).strip() for p in parts[1:])
    )
    assert joined == value
