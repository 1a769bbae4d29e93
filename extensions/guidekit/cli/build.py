"""``guidekit build`` and ``guidekit lint``: run the Sphinx builds of a project.

    guidekit build [--lang ja] [-j N]   every guide as HTML, per language:
                                        <build>/html/<lang>/ (warnings are errors)
    guidekit lint                       lint every command of the assembled guides:
                                        <build>/cmdlint/output.txt, exit 1 on errors

Each build runs ``python -m sphinx`` in its own process: Sphinx keeps its
translators in globals, so two languages must not share a process; with
``-j 2`` or more, languages build side by side (:func:`share_jobs`).
"""

from __future__ import annotations

import argparse
import html
import os
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from guidekit.cli.options import add_root_argument
from guidekit.files import children
from guidekit.files.conf import project_paths
from guidekit.files.publish import build_staged, refuse_links
from guidekit.model.paths import ProjectPaths, languages_of


def add_commands(commands: Any) -> None:
    build = commands.add_parser(
        "build",
        help="build every guide as HTML, in every language",
        description="Build every guide as HTML with warnings as errors, one build per "
        "language of conf.py (guidekit_languages), into <build>/html/<lang>/.",
    )
    build.add_argument("--lang", action="append", help="only this language (repeatable)")
    build.add_argument(
        "-j",
        "--jobs",
        default="auto",
        type=_jobs,
        help="processes to use: languages build side by side, the rest "
        "read pages in parallel (default: auto, the cores)",
    )
    add_root_argument(build)
    build.set_defaults(handler=run_build)
    lint = commands.add_parser(
        "lint",
        help="lint every command of the assembled guides",
        description="Run the cmdlint builder over the assembled guides: the report goes to "
        "<build>/cmdlint/output.txt (and cmdlint.json); exit 1 on any error.",
    )
    add_root_argument(lint)
    lint.set_defaults(handler=run_lint)


def sphinx_command(paths: ProjectPaths, builder: str, outdir: Path, *options: str) -> list[str]:
    """The ``python -m sphinx`` command line of one build of the project."""
    return [
        sys.executable,
        "-m",
        "sphinx",
        *options,
        "-c",
        str(paths.root),
        "-b",
        builder,
        str(paths.source),
        str(outdir),
    ]


def share_jobs(jobs: str, languages: int) -> tuple[int, str]:
    """How many languages build at once, and the ``-j`` of each build.

    Sphinx's own ``-j`` parallelises reading, but writing the HTML of one
    language is mostly serial; languages are independent builds, so with
    two cores two languages side by side gain more than ``-j 2`` in one.
    ``jobs`` is a number or ``auto`` (the cores of the machine)."""
    total = (os.cpu_count() or 1) if jobs == "auto" else int(jobs)
    together = max(1, min(languages, total))
    return together, str(max(1, total // together))


def _jobs(value: str) -> str:
    if value == "auto" or (value.isdigit() and int(value) > 0):
        return value
    raise argparse.ArgumentTypeError(f"{value!r} is not a number of jobs (or 'auto')")


def run_build(args: argparse.Namespace) -> int:
    """Each language builds next to its output and replaces it only on success
    (guidekit.files.publish): a failed or killed build leaves the last good output.
    Languages build side by side, as many at once as ``-j`` allows."""
    paths = project_paths(args.root)
    languages = languages_of(paths, args.lang)
    together, jobs = share_jobs(args.jobs, len(languages))
    for language in languages:  # before any build starts, not one build in
        refuse_links(paths.site / language)
    results = _build_languages(paths, languages, together, jobs)
    if not any(results.values()):
        write_site_index(paths.site, paths.languages)
    _report_builds(paths, languages, results)
    return next((status for status in results.values() if status), 0)


def _build_languages(
    paths: ProjectPaths, languages: Sequence[str], together: int, jobs: str
) -> dict[str, int]:
    """Each language's exit status; ``together`` builds at once, each with ``-j jobs``."""
    group = children.Children()

    def build_language(language: str) -> int:
        return _build_language(paths, language, jobs, group, capture=together > 1)

    results: dict[str, int] = {}
    with children.stop_on_signals(), ThreadPoolExecutor(max_workers=together) as pool:
        try:
            for language, status in zip(
                languages, pool.map(build_language, languages), strict=True
            ):
                results[language] = status
        except BaseException:
            group.end_all()  # before the pool waits for its threads
            raise
    return results


def _build_language(
    paths: ProjectPaths, language: str, jobs: str, group: children.Children, capture: bool
) -> int:
    """One language's HTML, built in a staging folder that replaces the output on success."""
    outdir = paths.build / "html" / language

    def build(staging: Path) -> int:
        # -q: Sphinx's closing line would name the staging folder, not the output.
        command = sphinx_command(
            paths,
            "html",
            staging,
            "-q",
            "-W",
            "--keep-going",
            "-j",
            jobs,
            "-D",
            f"language={language}",
        )
        # Side by side, each build's messages are shown together when it ends.
        return group.run(
            command,
            capture=capture,
            full_disk=(
                f"guidekit build: no space left on the device of {outdir.parent}; free some "
                "space and run again"
            ),
        )

    return build_staged(outdir, build)


def _report_builds(paths: ProjectPaths, languages: Sequence[str], results: dict[str, int]) -> None:
    """Where each language's guides are, or that its build failed."""
    for language in languages:
        outdir = paths.build / "html" / language
        if results[language]:
            print(
                f"guidekit build: the {language} build failed (exit {results[language]}); "
                f"{outdir} keeps the last good output",
                file=sys.stderr,
            )
        else:
            print(f"guidekit build: {language}: {outdir / 'index.html'}")


def site_index(languages: Sequence[str]) -> str:
    """The site's root page: it opens the first language and links to every one (pure)."""
    from babel import Locale, UnknownLocaleError

    def name(code: str) -> str:
        try:
            return str(Locale.parse(code).get_display_name(code) or code)
        except (ValueError, UnknownLocaleError):
            return code

    first = html.escape(languages[0])
    links = "\n".join(
        f'<li><a href="{html.escape(code)}/index.html" hreflang="{html.escape(code)}"'
        f' lang="{html.escape(code)}">{html.escape(name(code))}</a></li>'
        for code in languages
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{first}">\n<head><meta charset="utf-8">\n'
        f'<meta http-equiv="refresh" content="0; url={first}/index.html">\n'
        f"<title>{html.escape(name(languages[0]))}</title></head>\n"
        f"<body><main><ul>\n{links}\n</ul></main></body>\n</html>\n"
    )


def write_site_index(site: Path, languages: Sequence[str]) -> None:
    """``site/index.html``, so that the site's root is not a 404 wherever it is served."""
    target = site / "index.html"
    temporary = site / ".index.html.tmp"
    temporary.write_text(site_index(languages), encoding="utf-8")
    temporary.replace(target)


def run_lint(args: argparse.Namespace) -> int:
    paths = project_paths(args.root)
    refuse_links(paths.build / "cmdlint")
    command = sphinx_command(paths, "cmdlint", paths.build / "cmdlint", "-q", "-j", "1")
    return subprocess.run(command, stdin=subprocess.DEVNULL, check=False).returncode
