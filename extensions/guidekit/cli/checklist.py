"""``guidekit checklist``: the ordered steps for one environment.

    guidekit checklist --from 4.2 --to 4.4 --topology TOPOLOGY [--CONDITION VALUE ...] \\
        [--OPTION ...] [--lang LANG] [--format md|json]

The options after --topology are the manifest's ``conditions``: one
``--NAME VALUE`` for each that takes one of several values, one ``--NAME`` flag
for each yes/no one.
"""

from __future__ import annotations

import argparse
import contextvars
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from guidekit.checklist import core as checklist
from guidekit.checklist import render as checklist_render
from guidekit.checklist.preflight import applying, preflight_data
from guidekit.cli.options import add_root_argument
from guidekit.files.conf import project_paths
from guidekit.l10n.messages import catalog_messages, install
from guidekit.model.errors import GuideError
from guidekit.model.flow import check_guide
from guidekit.model.flow.preflight import start_requirements
from guidekit.model.manifest import Guide, Manifest, load_manifest
from guidekit.model.paths import ProjectPaths, languages_of
from guidekit.model.project import Project, load_project
from guidekit.model.states import load_states


def _vocabulary() -> Manifest | None:
    """The manifest whose conditions become options, read when the parser is
    built; None without a project (the command itself reports the problem)."""
    try:
        return load_manifest(project_paths(_root_argument(sys.argv[1:])).manifest)
    except (GuideError, OSError):
        return None


def _root_argument(argv: list[str]) -> Path | None:
    """``--root`` of the command line, before the parser that needs it exists."""
    for index, arg in enumerate(argv):
        if arg == "--root" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if arg.startswith("--root="):
            return Path(arg.split("=", 1)[1])
    return None


def _preflight(
    paths: ProjectPaths, project: Project, guides: list[Guide], text: Callable[[str], str]
) -> dict[str, list[dict[str, Any]]]:
    """Each guide's pre-flight list, as its front page has it (the state model's
    start requirements); none without a state model."""
    if not paths.states.is_file():
        return {}
    manifest = project.manifest
    model = load_states(
        paths.states, frozenset(manifest.machines), manifest.conditions.get("topology", ())
    )
    return {
        guide.id: preflight_data(
            start_requirements(model, check_guide(project, model, guide, set())), manifest, text
        )
        for guide in guides
    }


def add_commands(commands: Any) -> None:
    parser = commands.add_parser(
        "checklist",
        help="the ordered steps for one environment",
        description="Print the checklist of one environment: the steps of the guides "
        "from the current release to the target, with links to their sections.",
    )
    parser.add_argument(
        "--from",
        dest="current",
        required=True,
        metavar="VERSION",
        help="current release: 4.2, 4.3, or 4.4.z (same as 4.4)",
    )
    parser.add_argument(
        "--to", dest="target", required=True, metavar="VERSION", help="target release, e.g. 4.4"
    )
    manifest = _vocabulary()
    parser.add_argument(
        "--topology",
        required=True,
        choices=checklist.env_topologies(manifest) if manifest else None,
    )
    if manifest is not None:
        for name in checklist.facets(manifest):
            values = [str(v) for v in manifest.conditions[name]]
            parser.add_argument(
                f"--{name}", required=True, choices=values, help=manifest.label(name)
            )
        for option in checklist.options(manifest):
            parser.add_argument(
                f"--{option}",
                action="store_true",
                help=f"the environment has: {manifest.label(option)}",
            )
    parser.add_argument("--lang", default="en", help="language of the titles (default: en)")
    parser.add_argument("--format", default="md", choices=("md", "json"))
    parser.add_argument(
        "--base-url",
        default="",
        metavar="URL",
        help="prefix of the links, e.g. _build/html/en/ (default: none)",
    )
    add_root_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """The checklist; guidekit's own messages are translated for this run only (in a
    copy of the context), so an in-process caller keeps its language."""
    return contextvars.copy_context().run(_run, args)


def _run(args: argparse.Namespace) -> int:
    paths = project_paths(args.root)
    languages_of(paths, [args.lang])
    translate: Callable[[str], str | None] = lambda text: text  # noqa: E731
    if args.lang != paths.languages[0]:
        messages = catalog_messages(paths.locales, args.lang)
        if messages is None:
            raise GuideError(
                f"no catalog for language {args.lang!r} "
                f"({paths.locales}/{args.lang}/LC_MESSAGES/*.po)"
            )
        translate = messages.get
        install(lambda text: messages.get(text) or text)
    project = load_project(paths.manifest, paths.procedures, paths.versions)
    options = frozenset(
        o for o in checklist.options(project.manifest) if getattr(args, o.replace("-", "_"), False)
    )
    choices = {
        name: str(getattr(args, name.replace("-", "_"), None) or "")
        for name in checklist.facets(project.manifest)
    }
    env = checklist.Environment(
        checklist.normalize_version(args.current),
        checklist.normalize_version(args.target),
        args.topology,
        choices,
        options,
    )
    selection = checklist.select(project.manifest, env)
    guides = [guide for guide, _entries in selection]
    english = checklist_render.source_titles(project, guides)
    untranslated: list[str] = []

    def text(message: str, title: bool = False) -> str:
        found = translate(message)
        if found is None and title:
            untranslated.append(message)
        return found or message

    def link(docname: str, label: str) -> tuple[str, str]:
        url = f"{args.base_url}{docname}.html#{checklist.anchor(label)}"
        return text(english[label], title=True), url

    data = checklist_render.to_data(
        selection,
        link,
        lambda case: text(case),
        lambda proc_id: checklist_render.phase_marks(project, proc_id),
    )
    before = _preflight(paths, project, guides, text)
    facts = env.facts(checklist.options(project.manifest))
    for guide_data, (guide, entries) in zip(data, selection, strict=True):
        guide_data["preflight"] = applying(before.get(guide.id, []), facts)
        guide_data["left_out"] = [
            f"{guide.number(step)}. {text(english[guide.step_label(step)], title=True)}"
            for step in checklist.left_out(guide, entries)
        ]
    notes = [
        f"--{name} does not change the checklist from {env.current} to {env.target}"
        + (f": its steps need {', '.join(needs)}" if needs else "")
        for name, needs in checklist.without_effect(project.manifest, env).items()
    ]
    if untranslated:
        notes.append(
            f"{len(untranslated)} title(s) have no {args.lang} translation yet and "
            f"are shown in English: {'; '.join(dict.fromkeys(untranslated))}"
        )
    if args.format == "json":
        document = {
            "environment": {
                "from": env.current,
                "to": env.target,
                "topology": env.topology,
                **env.choices,
                "options": sorted(options),
            },
            "lang": args.lang,
            "guides": data,
            "notes": notes,
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        manifest = project.manifest
        summary = " · ".join(
            [
                f"{env.current} → {env.target}",
                text(manifest.label("topology", env.topology)),
                *(text(manifest.label(n, v)) for n, v in env.choices.items()),
                *(text(manifest.label(o)) for o in sorted(options)),
            ]
        )
        print(
            checklist_render.to_markdown(
                data,
                f"{text('Checklist')}: {summary}",
                text("Optional:"),
                text("Do one of the following:"),
                {"downtime": text("Downtime"), "point-of-no-return": text("Point of no return")},
                text("Not needed in this environment: {steps}."),
                text(", "),
                {
                    "title": text("Before you start"),
                    "intro": text(
                        "Check that each of these is true before step 1; the guide relies on it."
                    ),
                    "only": text("Only in:"),
                    "steps": text("Procedure"),
                },
            ),
            end="",
        )
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return 0
