"""``guidekit i18n``: update the catalogs and run the translation gate.

    guidekit i18n update              regenerate templates, update every catalog
    guidekit i18n stats               entry counts per catalog
    guidekit i18n check [--html DIR]  the gate: exit 1 on any finding

Exit status: 0 clean, 1 findings, 2 broken input (file and line named).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from guidekit.files.conf import project_paths
from guidekit.l10n.catalogs import CatalogStats
from guidekit.l10n.checks import load_glossary
from guidekit.l10n.html import compare_builds
from guidekit.l10n.sphinx.workflow import Layout, check_catalogs, stale_catalogs, update
from guidekit.model.errors import GuideError


def add_commands(subparsers: Any) -> None:
    parser = subparsers.add_parser("i18n", help="translation catalogs and their quality gate")
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="project folder, with conf.py (default: the nearest one above)",
    )
    parser.add_argument(
        "--language",
        action="append",
        dest="languages",
        help="only this language (repeatable); default: all in locales/",
    )
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("update", help="regenerate the templates and update the catalogs")
    actions.add_parser("stats", help="count total, translated, fuzzy, untranslated entries")
    check = actions.add_parser("check", help="fail on any translation problem")
    check.add_argument(
        "--html",
        type=Path,
        metavar="DIR",
        help="HTML output root holding one directory per language (e.g. "
        "_build/html): compare each translated build with 'en'",
    )
    check.add_argument(
        "--skip-stale",
        action="store_true",
        help="do not regenerate the templates to find outdated catalogs",
    )
    parser.set_defaults(handler=run)


def _print_stats(stats: list[CatalogStats]) -> None:
    for item in stats:
        print(
            f"{item.path}: {item.total} messages, {item.translated} translated, "
            f"{item.fuzzy} fuzzy, {item.untranslated} untranslated"
        )


def run(args: argparse.Namespace) -> int:
    layout = Layout(project_paths(args.root))
    # every translated language of conf.py (the first is the source language)
    translated = list(layout.paths.languages[1:])
    languages = args.languages or translated
    unknown = [code for code in languages if code not in translated]
    if unknown:
        print(
            f"guidekit: error: {layout.paths.conf}: unknown language {unknown[0]!r} for "
            f"--language: the translated languages are {', '.join(translated) or 'none'} "
            "(guidekit_languages)",
            file=sys.stderr,
        )
        return 2
    if not languages:
        print(f"guidekit: no catalogs under {layout.locales}", file=sys.stderr)
        return 2
    try:
        if args.action == "update":
            _print_stats([stats for _path, stats in update(layout, languages)])
            return 0
        findings, stats, notes = check_catalogs(layout, languages)
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
        if args.action == "stats":
            _print_stats(stats)
            return 0
        problems = [str(f) for f in findings]
        if not args.skip_stale:
            problems += [str(f) for f in stale_catalogs(layout, languages)]
        if args.html is not None:
            source = layout.paths.languages[0]
            for language in languages:
                glossary_path = layout.glossary(language)
                glossary = load_glossary(glossary_path, source) if glossary_path.exists() else None
                problems += [
                    f"{args.html / language}/{f}"
                    for f in compare_builds(
                        args.html / source, args.html / language, language, glossary
                    )
                ]
    except GuideError as error:
        print(
            f"{error.location}: error: {error.message}" if error.path else f"error: {error}",
            file=sys.stderr,
        )
        return 2
    _print_stats(stats)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} translation problem(s)" if problems else "translations: OK")
    return 1 if problems else 0
