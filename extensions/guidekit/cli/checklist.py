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
    model = load_states(paths.states, frozenset(manifest.machines), manifest.topology_ids)
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
    translate = _translation(paths, args.lang)
    project = load_project(paths.manifest, paths.procedures, paths.versions)
    env = _environment(args, project.manifest)
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
    notes = _notes(project.manifest, env, args.lang, untranslated)
    if args.format == "json":
        print(json.dumps(_document(env, args.lang, data, notes), ensure_ascii=False, indent=2))
    else:
        print(_markdown(project.manifest, env, data, text), end="")
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def _translation(paths: ProjectPaths, language: str) -> Callable[[str], str | None]:
    """The catalog lookup of ``language`` (None: untranslated), installed for
    guidekit's own messages too; the first language of the project is the source."""
    if language == paths.languages[0]:
        return lambda text: text
    messages = catalog_messages(paths.locales, language)
    if messages is None:
        raise GuideError(
            f"no catalog for language {language!r} ({paths.locales}/{language}/LC_MESSAGES/*.po)"
        )
    install(lambda text: messages.get(text) or text)
    return messages.get


def _environment(args: argparse.Namespace, manifest: Manifest) -> checklist.Environment:
    """The environment the options describe."""
    options = frozenset(
        o for o in checklist.options(manifest) if getattr(args, o.replace("-", "_"), False)
    )
    choices = {
        name: str(getattr(args, name.replace("-", "_"), None) or "")
        for name in checklist.facets(manifest)
    }
    return checklist.Environment(
        checklist.normalize_version(args.current),
        checklist.normalize_version(args.target),
        args.topology,
        choices,
        options,
    )


def _notes(
    manifest: Manifest, env: checklist.Environment, language: str, untranslated: list[str]
) -> list[str]:
    """What the reader should know about the options and the translation."""
    notes = [
        f"--{name} does not change the checklist from {env.current} to {env.target}"
        + (f": its steps need {', '.join(needs)}" if needs else "")
        for name, needs in checklist.without_effect(manifest, env).items()
    ]
    if untranslated:
        notes.append(
            f"{len(untranslated)} title(s) have no {language} translation yet and "
            f"are shown in English: {'; '.join(dict.fromkeys(untranslated))}"
        )
    return notes


def _document(
    env: checklist.Environment, language: str, data: list[dict[str, Any]], notes: list[str]
) -> dict[str, Any]:
    """The checklist as JSON data (``--format json``)."""
    return {
        "environment": {
            "from": env.current,
            "to": env.target,
            "topology": env.topology,
            **env.choices,
            "options": sorted(env.options),
        },
        "lang": language,
        "guides": data,
        "notes": notes,
    }


def _markdown(
    manifest: Manifest,
    env: checklist.Environment,
    data: list[dict[str, Any]],
    text: Callable[[str], str],
) -> str:
    """The checklist as Markdown, its headings and marks in the reader's language."""
    summary = " · ".join(
        [
            f"{env.current} → {env.target}",
            text(manifest.label("topology", env.topology)),
            *(text(manifest.label(n, v)) for n, v in env.choices.items()),
            *(text(manifest.label(o)) for o in sorted(env.options)),
        ]
    )
    return checklist_render.to_markdown(
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
    )
