"""The ``guidekit`` command.

Each subcommand is one function that adds its parser to the subparsers and
sets ``handler`` (``add_checklist`` -> ``run_checklist``); ``COMMANDS`` lists
them. Errors are one line on stderr and exit status 2.

    guidekit checklist --from 4.2 --to 4.4 --topology self-hosted --host-type rhvh \\
        [--gluster] [--local-storage] [--remote-dwh] [--external-ca] [--sha1] \\
        [--lang en|ja] [--format md|json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from guidekit.checklist import core as checklist
from guidekit.l10n import cli as l10n_cli
from guidekit.l10n.catalogs import read_catalog
from guidekit.model.errors import GuideError
from guidekit.model.project import load_project

#: Where the project keeps its data, relative to its root (the extension's defaults).
MANIFEST, PROCEDURES, VERSIONS, LOCALES = (
    "source/guides.yaml", "procedures", "procedures/versions.yaml", "locales")


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` that holds the manifest."""
    for folder in (start, *start.parents):
        if (folder / MANIFEST).is_file():
            return folder
    package_root = Path(__file__).resolve().parents[3]  # an editable install
    return package_root if (package_root / MANIFEST).is_file() else None


def po_messages(locale_dir: Path, lang: str) -> dict[str, str] | None:
    """msgid -> translation from every catalog of ``lang``; None if it has none."""
    folder = locale_dir / lang / "LC_MESSAGES"
    files = sorted(folder.glob("*.po")) if folder.is_dir() else []
    if not files:
        return None
    found: dict[str, str] = {}
    for path in files:
        for message in read_catalog(path, lang):
            if (message.id and isinstance(message.id, str) and isinstance(message.string, str)
                    and message.string and not message.fuzzy):
                found.setdefault(message.id, message.string)
    return found


def add_checklist(commands: Any) -> None:
    parser = commands.add_parser(
        "checklist", help="the ordered steps for one environment",
        description="Print the checklist of one environment: the steps of the guides "
                    "from the current release to the target, with links to their sections.")
    parser.add_argument("--from", dest="current", required=True, metavar="VERSION",
                        help="current release: 4.2, 4.3, or 4.4.z (same as 4.4)")
    parser.add_argument("--to", dest="target", required=True, metavar="VERSION",
                        help="target release, e.g. 4.4")
    parser.add_argument("--topology", required=True, choices=checklist.ENV_TOPOLOGIES)
    parser.add_argument("--host-type", required=True, choices=checklist.HOST_TYPES)
    for option in checklist.OPTIONS:
        parser.add_argument(f"--{option}", action="store_true",
                            help=f"the environment has: {checklist.OPTION_LABELS[option]}")
    parser.add_argument("--lang", default="en", help="language of the titles (default: en)")
    parser.add_argument("--format", default="md", choices=("md", "json"))
    parser.add_argument("--base-url", default="", metavar="URL",
                        help="prefix of the links, e.g. _build/html/en/ (default: none)")
    parser.add_argument("--root", type=Path, default=None,
                        help="project root (default: the nearest folder with source/guides.yaml)")
    parser.set_defaults(handler=run_checklist)


def run_checklist(args: argparse.Namespace) -> int:
    root = args.root or find_root(Path.cwd())
    if root is None or not (root / MANIFEST).is_file():
        return _fail(f"no {MANIFEST} here or above; say where the project is with --root")
    translate: Callable[[str], str | None] = lambda text: text  # noqa: E731
    if args.lang != "en":
        messages = po_messages(root / LOCALES, args.lang)
        if messages is None:
            return _fail(f"no catalog for language {args.lang!r} "
                         f"({LOCALES}/{args.lang}/LC_MESSAGES/*.po)")
        translate = messages.get
    options = frozenset(o for o in checklist.OPTIONS if getattr(args, o.replace("-", "_")))
    env = checklist.Environment(checklist.normalize_version(args.current),
                                checklist.normalize_version(args.target),
                                args.topology, args.host_type, options)
    project = load_project(root / MANIFEST, root / PROCEDURES, root / VERSIONS)
    selection = checklist.select(project.manifest, env)
    guides = [guide for guide, _entries in selection]
    english = checklist.source_titles(project, guides)
    untranslated: list[str] = []

    def text(message: str, title: bool = False) -> str:
        found = translate(message)
        if found is None and title:
            untranslated.append(message)
        return found or message

    def link(docname: str, label: str) -> tuple[str, str]:
        url = f"{args.base_url}{docname}.html#{checklist.anchor(label)}"
        return text(english[label], title=True), url

    data = checklist.to_data(selection, link)
    notes = [f"--{name} does not change the checklist from {env.current} to {env.target}"
             for name in sorted(options) if name not in checklist.relevant_facets(guides)]
    if untranslated:
        notes.append(f"{len(untranslated)} title(s) have no {args.lang} translation yet and "
                     f"are shown in English: {'; '.join(dict.fromkeys(untranslated))}")
    if args.format == "json":
        document = {"environment": {"from": env.current, "to": env.target,
                                    "topology": env.topology, "host-type": env.host_type,
                                    "options": sorted(options)},
                    "lang": args.lang, "guides": data, "notes": notes}
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        topology = project.manifest.topologies.get(env.topology, env.topology)
        summary = " · ".join([f"{env.current} → {env.target}", text(topology),
                             text(checklist.HOST_LABELS[env.host_type]),
                             *(text(checklist.OPTION_LABELS[o]) for o in sorted(options))])
        print(checklist.to_markdown(data, f"{text('Checklist')}: {summary}",
                                    text("Optional:")), end="")
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def _fail(message: str) -> int:
    print(f"guidekit: error: {message}", file=sys.stderr)
    return 2


#: The subcommands, each a function that adds its parser (see add_checklist).
COMMANDS: list[Callable[[Any], None]] = [add_checklist, l10n_cli.add_commands]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="guidekit", description="Tools for the guidekit guides.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (checklist.ChecklistError, GuideError) as error:
        return _fail(str(error))
    except BrokenPipeError:  # the reader stopped reading (| head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
