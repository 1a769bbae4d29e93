"""Build one PDF per guide and language: ``guidekit pdf`` (``tox -e pdf``).

For each language: Sphinx's LaTeX builder writes ``_build/latex/<lang>/<guide>.tex``
(documents from guidekit.pdf.latex), latexmk turns them into PDFs (pdflatex for
English, uplatex + dvipdfmx for Japanese), and the PDFs are copied into the
published site, ``_build/html/pdf/<lang>/<guide>.pdf`` (beside the HTML of each
language, so that its links work wherever the site is served). The TeX toolchain
is checked first: when a program or TeX package is missing, the build stops before
LaTeX runs and says which script installs it. The Japanese fonts get the ToUnicode
maps dvipdfmx leaves out (guidekit.pdf.tounicode). Timings go to
``_build/latex/build-info.json``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from guidekit.files.publish import discard, output_lock, publish, stage
from guidekit.model.errors import GuideError
from guidekit.model.manifest import load_manifest
from guidekit.model.paths import ProjectPaths
from guidekit.pdf.tounicode import add_tounicode

INSTALL_SCRIPT = ".ci/install-pdf-deps"

#: What each language's PDF build needs: programs, then files TeX must find
#: (Sphinx's LaTeX packages, the TeX Gyre fonts, the Japanese classes and fonts).
PROGRAMS: dict[str, tuple[str, ...]] = {
    "en": ("make", "latexmk", "pdflatex", "kpsewhich"),
    "ja": ("make", "latexmk", "uplatex", "dvipdfmx", "mendex", "kpsewhich"),
}
TEX_FILES: dict[str, tuple[str, ...]] = {
    "en": (
        "tgtermes.sty",
        "tgheros.sty",
        "t1xtt.tfm",
        "fncychap.sty",
        "capt-of.sty",
        "needspace.sty",
        "tabulary.sty",
        "varwidth.sty",
        "wrapfig.sty",
        "framed.sty",
        "titlesec.sty",
        "upquote.sty",
        "fancyvrb.sty",
        "xcolor.sty",
        "hyperref.sty",
        "cmap.sty",
        "float.sty",
        "colortbl.sty",
        "booktabs.sty",
        "parskip.sty",
    ),
    "ja": (
        "tgtermes.sty",
        "tgheros.sty",
        "jsbook.cls",
        "pxjahyper.sty",
        "pxchfon.sty",
        "HaranoAjiMincho-Regular.otf",
        "HaranoAjiGothic-Medium.otf",
    ),
}


class PdfError(Exception):
    """A PDF build problem, said in a few lines; ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class LanguageResult:
    language: str
    seconds: float
    sphinx_seconds: float
    latex_seconds: float
    pdfs: dict[str, int] = field(default_factory=dict)  # guide id -> pages


# --- pure parts ---------------------------------------------------------------


def missing_requirements(
    languages: Iterable[str],
    has_program: Callable[[str], bool],
    found_files: Callable[[list[str]], set[str]],
) -> list[str]:
    """What is missing for ``languages``: ``"latexmk (program)"``, ``"pxchfon.sty"``."""
    programs: list[str] = []
    files: list[str] = []
    for lang in languages:
        programs += [p for p in PROGRAMS.get(lang, PROGRAMS["en"]) if p not in programs]
        files += [f for f in TEX_FILES.get(lang, TEX_FILES["en"]) if f not in files]
    missing = [f"{p} (program)" for p in programs if not has_program(p)]
    if "kpsewhich (program)" in missing:
        return [*missing, "the TeX packages (no kpsewhich to look for them)"]
    found = found_files(files)
    return missing + [f"{f} (TeX file)" for f in files if f not in found]


def missing_message(missing: Sequence[str]) -> str:
    return (
        "The PDF toolchain is incomplete; missing:\n"
        + "".join(f"  - {item}\n" for item in missing)
        + f"Install the Debian packages it needs with:\n  sudo {INSTALL_SCRIPT}\n"
        "then run the PDF build again (tox -e pdf)."
    )


_FILE_LINE_ERROR = re.compile(r"^\S+\.(?:tex|sty|cls):\d+: ")


def latex_errors(log_text: str, limit: int = 4) -> list[str]:
    """The error lines of a TeX log: ``file:line: message`` (``-file-line-error``),
    or ``! message`` with the ``l.<n>`` line after it."""
    lines = log_text.splitlines()
    found: list[str] = []
    for index, line in enumerate(lines):
        if _FILE_LINE_ERROR.match(line):
            found.append(line.strip())
        elif line.startswith("!"):
            context = next((n for n in lines[index + 1 : index + 8] if n.startswith("l.")), "")
            found.append(f"{line} {context}".strip())
        if len(found) >= limit:
            break
    return found


def missing_characters(log_text: str) -> list[str]:
    """TeX's "Missing character: There is no X in font Y!" lines."""
    return [line.strip() for line in log_text.splitlines() if "Missing character" in line]


def pdf_pages(info_output: str) -> int:
    """The page count from ``pdfinfo`` output (0 if absent)."""
    for line in info_output.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


# --- the build ----------------------------------------------------------------


def _kpsewhich(files: list[str]) -> set[str]:
    result = subprocess.run(["kpsewhich", *files], capture_output=True, text=True, check=False)
    return {Path(line.strip()).name for line in result.stdout.splitlines() if line.strip()}


def check_toolchain(languages: Iterable[str]) -> None:
    missing = missing_requirements(languages, lambda p: shutil.which(p) is not None, _kpsewhich)
    if missing:
        raise PdfError(missing_message(missing), code=3)


def _run(command: list[str], cwd: Path, log: Path) -> int:
    with log.open("w", encoding="utf-8") as out:
        return subprocess.run(
            command,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        ).returncode


def build_language(
    paths: ProjectPaths, lang: str, guide_ids: list[str], jobs: int
) -> LanguageResult:
    """LaTeX sources, then PDFs, of every guide in one language."""
    work = paths.build / "latex" / lang
    work.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    _write_latex(paths, lang, work, jobs)
    sphinx_seconds = round(time.monotonic() - start, 1)
    result = make_language_pdfs(paths, lang, guide_ids, jobs)
    result.sphinx_seconds = sphinx_seconds
    result.seconds = round(sphinx_seconds + result.latex_seconds, 1)
    return result


def make_language_pdfs(
    paths: ProjectPaths, lang: str, guide_ids: list[str], jobs: int
) -> LanguageResult:
    """The PDFs of one language from the ``.tex`` Sphinx's LaTeX builder wrote into
    ``_build/latex/<lang>`` (:func:`build_language`, or a ``sphinx-build -b latex``
    of the project), checked and published as :func:`build` does."""
    work = paths.build / "latex" / lang
    _remove_stale_sources(work, guide_ids)
    make_log = work / "make.log"
    start = time.monotonic()
    code = _make_pdfs(work, jobs, make_log)
    latex_seconds = round(time.monotonic() - start, 1)
    _check_latex(lang, work, guide_ids, code, make_log)
    _add_tounicode(work, guide_ids)
    result = LanguageResult(lang, latex_seconds, 0.0, latex_seconds)
    result.pdfs = _publish_pdfs(work, paths.pdf_folder(lang), guide_ids)
    return result


def _write_latex(paths: ProjectPaths, lang: str, work: Path, jobs: int) -> None:
    """Sphinx's LaTeX builder: the ``.tex`` of every guide into ``work``."""
    sphinx = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "latex",
            "-q",
            "--keep-going",
            "-j",
            str(jobs),
            "-c",
            str(paths.root),
            "-D",
            f"language={lang}",
            str(paths.source),
            str(work),
        ],
        cwd=paths.root,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if sphinx.returncode != 0:
        raise PdfError(
            f"[{lang}] sphinx-build -b latex failed (exit {sphinx.returncode}); "
            "see its messages above"
        )


def _remove_stale_sources(work: Path, guide_ids: list[str]) -> None:
    """The ``.tex`` of guides no longer in the manifest."""
    wanted = {f"{g}.tex" for g in guide_ids}
    for stale in work.glob("*.tex"):
        if stale.name not in wanted:
            stale.unlink()


def _make_pdfs(work: Path, jobs: int, make_log: Path) -> int:
    """Sphinx's Makefile (latexmk) on every ``.tex`` of ``work``: its exit status."""
    env_opts = "-interaction=nonstopmode -halt-on-error -file-line-error"
    return _run(
        ["make", "-k", f"-j{jobs}", "all-pdf", f"LATEXOPTS={env_opts}", "LATEXMKOPTS=-silent"],
        work,
        make_log,
    )


def _check_latex(lang: str, work: Path, guide_ids: list[str], code: int, make_log: Path) -> None:
    """A PdfError naming the guides LaTeX failed for, with their first errors."""
    failed = [
        g
        for g in guide_ids
        if not (work / f"{g}.pdf").exists()
        or (code != 0 and latex_errors(_read(work / f"{g}.log")))
    ]
    if code == 0 and not failed:
        return
    lines = [
        f"[{lang}] LaTeX failed for {', '.join(failed) or 'some guides'} "
        f"(make exit {code}; full output: {make_log}):"
    ]
    for guide in failed[:3]:
        errors = latex_errors(_read(work / f"{guide}.log"))
        lines += [f"  {guide}.log: {e}" for e in errors] or [f"  {guide}: no PDF"]
    if len(failed) > 3:
        lines.append(f"  ... and {len(failed) - 3} more")
    lines.append(f"The LaTeX logs are in {work}/.")
    raise PdfError("\n".join(lines))


def _add_tounicode(work: Path, guide_ids: list[str]) -> None:
    """Japanese text that copies and searches in every viewer (guidekit.pdf.tounicode)."""
    for guide in guide_ids:
        try:
            add_tounicode(work / f"{guide}.pdf")
        except FileNotFoundError as missing:
            raise PdfError(missing_message([str(missing)]), code=3) from None


def _publish_pdfs(work: Path, out: Path, guide_ids: list[str]) -> dict[str, int]:
    """Every PDF of the language into ``out``, replaced at once and only now that
    all of them were made (guidekit.files.publish): no mix of old and new, no half
    file. Returns guide id -> pages."""
    pages: dict[str, int] = {}
    with output_lock(out):
        staging = stage(out, seed=False)
        try:
            for guide in guide_ids:
                shutil.copy2(work / f"{guide}.pdf", staging / f"{guide}.pdf")
                pages[guide] = _page_count(staging / f"{guide}.pdf")
        except BaseException:
            discard(staging)
            raise
        publish(staging, out)
    return pages


def _page_count(pdf: Path) -> int:
    """The pages of ``pdf`` by pdfinfo; 0 without it."""
    if not shutil.which("pdfinfo"):
        return 0
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    return pdf_pages(info.stdout)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def build(paths: ProjectPaths, languages: Sequence[str], jobs: int = 2) -> list[LanguageResult]:
    check_toolchain(languages)
    try:
        manifest = load_manifest(paths.manifest)
    except GuideError as error:
        raise PdfError(str(error)) from None
    guide_ids = [g.id for g in manifest.guides]
    results = [build_language(paths, lang, guide_ids, jobs) for lang in languages]
    info = paths.build / "latex" / "build-info.json"
    previous = json.loads(info.read_text("utf-8")) if info.exists() else {}
    previous.update({r.language: asdict(r) for r in results})
    info.write_text(json.dumps(previous, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return results
