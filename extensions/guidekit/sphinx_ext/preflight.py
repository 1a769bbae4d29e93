"""A guide's front page: "Before you start", what must be true before step 1.

The list comes from the state model (guidekit.model.flow.preflight): every state
the guide relies on at its start, with the check procedures/states.yaml declares
for it, a command after its machine's prompt where there is one. HTML and PDF
render the same nodes; the texts are translated like the guides' text (their
source is states.yaml)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes

from guidekit.compat import myst
from guidekit.l10n.messages import _
from guidekit.model.errors import GuideError
from guidekit.model.flow import check_guide
from guidekit.model.flow.preflight import StartRequirement, start_requirements
from guidekit.model.flow.reading_text import GuideEvents
from guidekit.model.manifest import Guide, Manifest
from guidekit.model.phase_checks import Check, PhaseChecks, verify_markdown
from guidekit.model.states import load_states
from guidekit.sphinx_ext.context import get_project, project_paths
from guidekit.sphinx_ext.domain import guide_domain
from guidekit.sphinx_ext.links import content_text, generated

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


def requirements_of(env: BuildEnvironment, guide: Guide) -> list[StartRequirement]:
    """The guide's start requirements as its front page lists them: kept in the
    domain when the front page was read (the upgrade helper asks while pages are
    written), walked again only when that page has none."""
    domain = guide_domain(env)
    noted = domain.preflight_of(guide.id)
    if noted is not None:
        return noted
    return walk_requirements(env, guide)[0]


def walk_requirements(
    env: BuildEnvironment, guide: Guide
) -> tuple[list[StartRequirement], list[str]]:
    """The guide's start requirements, and the files they were derived from
    (states.yaml, every procedure the guide renders); a GuideError names
    states.yaml and the line of a state relied on without a check.

    None without a state model, or with one that cannot be read or walked: the
    sequence check (``-b cmdlint``, ``guidekit flow``) reports that as
    ``flow-data``, under the project's own selection of rules."""
    states = project_paths(env.app).states
    files = [str(states)]
    if not states.is_file():
        return [], files
    project = get_project(env)
    try:
        model = load_states(
            states,
            frozenset(project.manifest.machines),
            project.manifest.conditions.get("topology", ()),
        )
        events = GuideEvents(project, model, guide)
        try:
            flow = check_guide(project, model, guide, set(), events.of_guide_step)
        finally:
            files.extend(sorted(events.read))
    except GuideError:
        return [], files
    return start_requirements(model, flow), files


def preflight_nodes(
    renderer: Any, env: BuildEnvironment, requirements: list[StartRequirement], path: str
) -> list[nodes.Node]:
    """The "Before you start" box: one item per requirement, its check's text and
    command (in a ``{command}`` block captioned with its machine)."""
    if not requirements:
        return []
    manifest = get_project(env).manifest
    prompts = {m.name: m.prompt for m in manifest.machines.values()}
    box = nodes.admonition(classes=["guidekit-preflight", "guidekit-phase"])
    title = _("Before you start")
    box += generated(nodes.title(title, title))
    box += generated(
        nodes.paragraph(
            "", _("Check that each of these is true before step 1; the guide relies on it.")
        )
    )
    items = nodes.bullet_list(bullet="-")
    box += items
    for requirement in requirements:
        check = requirement.check
        markdown = verify_markdown(
            PhaseChecks((Check(check.text, check.line, check.command, check.machine),)),
            prompts,
        )
        item = nodes.list_item()
        items += item
        # one item of a list already: render its body, not a nested list
        body = "\n".join(line[2:] for line in markdown.splitlines()) + "\n"
        with myst.parse_as(renderer, path, _from(check.line)):
            myst.render_text(renderer, body, item, section_root=False)
        if requirement.only or requirement.when:
            item += _only(manifest, requirement)
    return [box]


def _from(first: int) -> Callable[[int], int]:
    """Lines of the rendered check, counted from its ``check:`` line in states.yaml."""
    return lambda line: first + line


def _only(manifest: Manifest, requirement: StartRequirement) -> nodes.Element:
    """ "Only in: Self-hosted engine": a requirement of some of the guide's topologies
    or environments (the manifest's names, translated like its other text)."""
    para = generated(nodes.paragraph())
    label = _("Only in:")
    para += nodes.strong(label, label)
    for index, name in enumerate(requirement.condition_labels(manifest)):
        text = content_text(name, name)
        text.source, text.line = manifest.path, 1
        para += nodes.Text(" " if index == 0 else _(", "))
        para += text
    return para
