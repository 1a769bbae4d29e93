"""``guidekit flow`` and ``guidekit schemas``: the checks of the writer's data.

guidekit flow [--guide ID] [--quiet]   the sequence of every guide, against
                                       the state model, and each end state
guidekit schemas [--check]             the JSON Schemas for editors
guidekit init DIR                      a new project, copied from the example
guidekit settings                      the conf.py settings reference (Markdown)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from cmdlint.engine import Selection
from cmdlint.model import Severity
from cmdlint.registry import UnknownRule
from guidekit.cli.options import add_root_argument
from guidekit.files import schemas
from guidekit.files.conf import project_paths
from guidekit.model import flowlint, settings
from guidekit.model.errors import GuideError
from guidekit.model.flow.reading import FlowItem
from guidekit.model.paths import ProjectPaths
from guidekit.model.project import Project

#: The project that ``guidekit init`` copies: the example project, which a wheel
#: ships as ``guidekit/starter`` (extensions/setup.py); in a checkout (an editable
#: install), examples/shop of the source tree.
PACKAGED_STARTER = Path(__file__).resolve().parents[1] / "starter"  # guidekit/starter
SOURCE_STARTER = Path(__file__).resolve().parents[3] / "examples" / "shop"
_NOT_COPIED = shutil.ignore_patterns("_build", "__pycache__", "guides", "*.mo")


def add_commands(commands: Any) -> None:
    init = commands.add_parser(
        "init",
        help="start a new project from the example project",
        description="Copy the example project (a small web shop: two topologies, two "
        "machines, English and German) into DIR as a starting point. DIR must "
        "not exist or be empty.",
    )
    init.add_argument("directory", type=Path, metavar="DIR")
    init.set_defaults(handler=run_init)
    reference = commands.add_parser(
        "settings",
        help="print the reference of the guidekit_* settings of conf.py",
        description="Print the reference page of every guidekit_* value of conf.py "
        "(Markdown, as extensions/guidekit/SETTINGS.md), from the settings table.",
    )
    reference.set_defaults(handler=lambda _args: print(settings.reference(), end="") or 0)
    flow = commands.add_parser(
        "flow",
        help="check the sequence of every guide against the state model",
        description="Walk every guide, and every branch of every choice, through the "
        "states of the state model (guidekit_states, procedures/states.yaml); "
        "print the findings and the state each guide ends in. Exit 1 on errors.",
    )
    add_root_argument(flow)
    flow.add_argument(
        "--guide",
        action="append",
        default=[],
        metavar="ID",
        help="show the end states of these guides only (repeatable)",
    )
    flow.add_argument("--quiet", action="store_true", help="the findings only")
    flow.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULE",
        help="only these flow rules (ids or the family `flow`)",
    )
    flow.add_argument(
        "--ignore", action="append", default=[], metavar="RULE", help="skip these flow rules"
    )
    flow.set_defaults(handler=run_flow)
    schema = commands.add_parser(
        "schemas",
        help="write the JSON Schemas of the manifest, front matter, matrix, states",
        description="Write the JSON Schemas that the build validates with to "
        "<procedures>/schemas/, for editors (YAML language server).",
    )
    add_root_argument(schema)
    schema.add_argument(
        "--check", action="store_true", help="only name the stale files; exit 1 if there are any"
    )
    schema.set_defaults(handler=run_schemas)


def run_flow(args: argparse.Namespace) -> int:
    """The same flow rules as ``-b cmdlint`` (cmdlint's registry, selection, severities)."""
    paths = project_paths(args.root)
    flowlint.register_rules()
    conf = paths.conf_values  # conf.py's cmdlint_* values, as -b cmdlint reads them
    select = [n for v in args.select for n in v.split(",") if n]
    try:
        selection = Selection.of(
            select or list(conf.get("cmdlint_select", [])),
            [*conf.get("cmdlint_ignore", []), *(n for v in args.ignore for n in v.split(",") if n)],
            dict(conf.get("cmdlint_severity", {})),
        )
    except (UnknownRule, ValueError) as error:
        raise GuideError(
            f"cmdlint_select/cmdlint_ignore/cmdlint_severity, --select/--ignore: {error}"
        ) from None
    built = _read_guides(paths)
    if built is None:
        print("guidekit flow: the guides cannot be read; see the errors above", file=sys.stderr)
        return 1
    project, pages, read_failed = built
    findings, flows = flowlint.check(project, paths.states, selection=selection, pages=pages)
    for finding in findings:
        print(
            f"{finding.path}:{finding.line}: {finding.severity.value}: [{finding.rule}] "
            f"{finding.message}"
        )
    if not args.quiet:
        for flow in flows:
            if args.guide and flow.guide.id not in args.guide:
                continue
            print(f"\n{flow.guide.id}: {len(flow.ends)} path(s) walked")
            seen: set[tuple[str, str]] = set()
            for facts, _slugs, state in flow.ends:
                env = ", ".join(f"{k}={v}" for k, v in facts.items())
                end = ", ".join(f"{k}={v}" for k, v in sorted(state.items()))
                if (env, end) not in seen:
                    seen.add((env, end))
                    print(f"  [{env}] ends with {end}")
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    print(f"{len(findings)} finding(s), {errors} error(s)", file=sys.stderr)
    if read_failed:
        print("guidekit flow: the build reported errors (above)", file=sys.stderr)
    return 1 if errors or read_failed else 0


def _read_guides(
    paths: ProjectPaths,
) -> tuple[Project, dict[str, list[FlowItem]], bool] | None:
    """Read every page as ``guidekit lint`` does (Sphinx, nothing written but the
    stub pages): the project, each page's flow items (the data that ``-b cmdlint``
    walks) and whether the build reported errors. None when nothing could be read
    (Sphinx has shown why); a step whose page was not read is a flow-data error."""
    from sphinx.application import Sphinx  # only for this command

    from guidekit.sphinx_ext.context import loaded_project
    from guidekit.sphinx_ext.domain import guide_domain

    with tempfile.TemporaryDirectory(prefix="guidekit-flow-") as scratch:
        app = Sphinx(
            str(paths.source),
            str(paths.root),
            f"{scratch}/out",
            f"{scratch}/doctrees",
            "dummy",
            status=None,
            warning=sys.stderr,
            freshenv=True,
        )
        app.build()
        project = loaded_project(app.env)
        if project is None:
            return None
        pages = guide_domain(app.env).flow
        return project, pages, bool(app.statuscode)


def run_schemas(args: argparse.Namespace) -> int:
    paths = project_paths(args.root)
    folder = paths.procedures / schemas.SCHEMA_DIR
    if args.check:
        stale = schemas.stale(folder, paths.manifest)
        for name in stale:
            print(f"{folder / name}: stale; run `guidekit schemas`", file=sys.stderr)
        return 1 if stale else 0
    schemas.write(folder, paths.manifest, lambda name: print(f"wrote {folder / name}"))
    return 0


def starter_project() -> Path:
    """The example project to copy: the installed package's, else the checkout's."""
    for folder in (PACKAGED_STARTER, SOURCE_STARTER):
        if (folder / "conf.py").is_file():
            return folder
    raise GuideError(
        f"the example project is not installed with this guidekit ({PACKAGED_STARTER} "
        "is missing); reinstall guidekit from a wheel built from the repository"
    )


def run_init(args: argparse.Namespace) -> int:
    target: Path = args.directory
    starter = starter_project()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise GuideError(f"{target} exists and is not an empty folder; choose a new one")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(starter, target, ignore=_NOT_COPIED, dirs_exist_ok=True)
    print(
        f"guidekit init: a new project in {target}\n"
        f"  edit source/guides.yaml (product, machines, topologies, conditions, guides),\n"
        f"  procedures/ (steps, versions.yaml and its schema, macros.jinja, states.yaml),\n"
        f"  then: guidekit build --root {target}"
    )
    return 0
