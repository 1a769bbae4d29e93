"""``guidekit pdf``: one PDF per guide and language (guidekit.pdf.build)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from guidekit.cli.options import add_root_argument
from guidekit.files.conf import project_paths
from guidekit.files.publish import refuse_links
from guidekit.model.paths import languages_of
from guidekit.pdf.build import PdfError, build, check_toolchain


def add_commands(commands: Any) -> None:
    parser = commands.add_parser(
        "pdf",
        help="build one PDF per guide and language",
        description="Build one PDF per guide and language into <build>/html/pdf/<lang>/.",
    )
    parser.add_argument(
        "--lang", action="append", help="a language to build (repeatable; default: all of conf.py)"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=2,
        help="parallel Sphinx readers and LaTeX runs (default 2)",
    )
    parser.add_argument(
        "--check", action="store_true", help="only check that the TeX toolchain is installed"
    )
    add_root_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    paths = project_paths(args.root)
    languages = languages_of(paths, args.lang)
    try:
        if args.check:
            check_toolchain(languages)
            print("PDF toolchain: complete")
            return 0
        for language in languages:  # Sphinx and LaTeX write there before publishing
            refuse_links(paths.build / "latex" / language)
            refuse_links(paths.pdf_folder(language))
        for result in build(paths, languages, max(1, args.jobs)):
            pages = sum(result.pdfs.values())
            print(
                f"[{result.language}] {len(result.pdfs)} PDFs, {pages} pages in "
                f"{paths.pdf_folder(result.language)}/: {result.seconds:.1f} s "
                f"(sphinx {result.sphinx_seconds:.1f} s, LaTeX {result.latex_seconds:.1f} s)"
            )
    except PdfError as error:
        print(f"guidekit pdf: error: {error}", file=sys.stderr)
        return error.code
    return 0
