"""``guidekit build`` and ``guidekit lint``: run the Sphinx builds of a project.

    guidekit build [--lang ja] [-j N]   every guide as HTML, per language:
                                        <build>/html/<lang>/ (warnings are errors)
    guidekit lint                       lint every command of the assembled guides:
                                        <build>/cmdlint/output.txt, exit 1 on errors

Each build runs ``python -m sphinx`` in its own process: Sphinx keeps its
translators in globals, so two languages must not share a process.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

from guidekit.model.paths import ProjectPaths, add_root_argument, languages_of, project_paths
from guidekit.publish import build_staged


def add_commands(commands: Any) -> None:
    build = commands.add_parser(
        "build", help="build every guide as HTML, in every language",
        description="Build every guide as HTML with warnings as errors, one build per "
                    "language of conf.py (guidekit_languages), into <build>/html/<lang>/.")
    build.add_argument("--lang", action="append", help="only this language (repeatable)")
    build.add_argument("-j", "--jobs", default="auto", help="parallel readers (default: auto)")
    add_root_argument(build)
    build.set_defaults(handler=run_build)
    lint = commands.add_parser(
        "lint", help="lint every command of the assembled guides",
        description="Run the cmdlint builder over the assembled guides: the report goes to "
                    "<build>/cmdlint/output.txt (and cmdlint.json); exit 1 on any error.")
    add_root_argument(lint)
    lint.set_defaults(handler=run_lint)


def sphinx_command(paths: ProjectPaths, builder: str, outdir: Path, *options: str) -> list[str]:
    """The ``python -m sphinx`` command line of one build of the project."""
    return [sys.executable, "-m", "sphinx", *options, "-c", str(paths.root), "-b", builder,
            str(paths.source), str(outdir)]


def run_build(args: argparse.Namespace) -> int:
    """Each language builds next to its output and replaces it only on success
    (guidekit.publish): a failed or killed build leaves the last good output."""
    paths = project_paths(args.root)
    for language in languages_of(paths, args.lang):
        outdir = paths.build / "html" / language

        def build(staging: Path, language: str = language) -> int:
            # -q: Sphinx's closing line would name the staging folder, not the output.
            command = sphinx_command(paths, "html", staging, "-q", "-W", "--keep-going", "-j",
                                     str(args.jobs), "-D", f"language={language}")
            return subprocess.run(command, stdin=subprocess.DEVNULL, check=False).returncode

        status = build_staged(outdir, build)
        if status:
            print(f"guidekit build: the {language} build failed (exit {status}); "
                  f"{outdir} keeps the last good output", file=sys.stderr)
            return status
        print(f"guidekit build: {language}: {outdir / 'index.html'}")
    return 0


def run_lint(args: argparse.Namespace) -> int:
    paths = project_paths(args.root)
    command = sphinx_command(paths, "cmdlint", paths.build / "cmdlint", "-q", "-j", "1")
    return subprocess.run(command, stdin=subprocess.DEVNULL, check=False).returncode
