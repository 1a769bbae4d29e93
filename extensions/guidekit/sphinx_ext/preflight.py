"""A guide's front page: "Before you start", what must be true before step 1.

The list comes from the state model (guidekit.model.flow.preflight): every state
the guide relies on at its start, with the check procedures/states.yaml declares
for it, a command after its machine's prompt where there is one. The walk reads
the guide's assembled step pages (their flow items in the guidekit domain, the
same items ``-b cmdlint`` walks), so it can only happen once every page is read:

- when the front page is read, :func:`candidate_box` renders the check of every
  state that has one, each item marked with its state, so that the guides'
  catalog translates them like the page's own text;
- at ``env-updated``, :func:`walk_guides` walks every guide over the pages and
  keeps its start requirements in the domain; a guide whose list changed has its
  front page written again;
- at ``doctree-resolved``, :func:`resolve_boxes` keeps the items of the guide's
  requirements, says where each applies, and drops the box if none is left.

HTML and PDF resolve the same nodes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from guidekit.compat import myst
from guidekit.l10n.messages import _
from guidekit.l10n.sphinx.content import content_translator
from guidekit.model.errors import GuideError
from guidekit.model.flow import check_guide
from guidekit.model.flow.guides import page_events
from guidekit.model.flow.preflight import StartRequirement, start_requirements
from guidekit.model.manifest import Guide, Manifest
from guidekit.model.phase_checks import Check, PhaseChecks, verify_markdown
from guidekit.model.project import Project
from guidekit.model.states import StartCheck, StateModel, load_states
from guidekit.sphinx_ext.context import loaded_project, report
from guidekit.sphinx_ext.domain import guide_domain
from guidekit.sphinx_ext.links import content_text, generated

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class preflight_box(nodes.General, nodes.Element):
    """The box of every check, until the guide's requirements are known: resolved
    (or removed) at ``doctree-resolved``. ``guide``: the guide's id."""


def read_state_model(app: Sphinx, states: Path, project: Project) -> StateModel | None:
    """The project's state model; None when it cannot be read, which is an error
    naming its file and line where the build writes guides (HTML, LaTeX): they
    would lose their pre-flight lists. The sequence check (``-b cmdlint``,
    ``guidekit flow``) reports it as ``flow-data``, under the project's own
    selection of rules."""
    try:
        return load_states(
            states,
            frozenset(project.manifest.machines),
            project.manifest.topology_ids,
        )
    except GuideError as error:
        if app.builder.format:  # html, latex, text: not dummy, gettext, cmdlint
            report(error)
        return None


def candidate_box(renderer: Any, env: BuildEnvironment, guide: Guide) -> list[nodes.Node]:
    """The "Before you start" box with an item for every state that has a check
    (what the guide relies on is known once every page is read)."""
    model = guide_domain(env).build.states
    project = loaded_project(env)
    if model is None or project is None:
        return []
    checks = [(name, s.check) for name, s in model.states.items() if _shown(s.check)]
    if not checks:
        return []
    prompts = {m.name: m.prompt for m in project.manifest.machines.values()}
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
    for name, check in checks:
        assert check is not None  # _shown
        item = nodes.list_item(guidekit_state=name)
        items += item
        markdown = verify_markdown(
            PhaseChecks((Check(check.text, check.line, check.command, check.machine),)),
            prompts,
        )
        # one item of a list already: render its body, not a nested list
        body = "\n".join(line[2:] for line in markdown.splitlines()) + "\n"
        with myst.parse_as(renderer, str(model.path), _from(check.line)):
            myst.render_text(renderer, body, item, section_root=False)
    pending = preflight_box(guide=guide.id)
    pending += box
    return [pending]


def _shown(check: StartCheck | None) -> bool:
    return check is not None and not check.given


def _from(first: int) -> Callable[[int], int]:
    """Lines of the rendered check, counted from its ``check:`` line in states.yaml."""
    return lambda line: first + line


def walk_guides(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: every guide's start requirements, walked over its assembled
    pages, into the domain; the front pages whose list changed, to write again.

    A state the guide relies on without a check is an error naming states.yaml
    and the state's line (the list would silently be incomplete); the front page
    is read again by the next build, which reports it again."""
    domain = guide_domain(env)
    project = loaded_project(env)
    if project is None:
        return []
    model = domain.build.states
    changed = []
    to_walk = _to_walk(env, project)
    for guide in project.manifest.guides:
        if guide.id not in to_walk:
            continue
        requirements = _walk(env, guide, model)
        if domain.preflight.get(guide.id) != requirements:
            changed.append(guide.docname)
        domain.preflight[guide.id] = requirements
    return [docname for docname in changed if docname in env.all_docs]


def _walk(env: BuildEnvironment, guide: Guide, model: StateModel | None) -> list[StartRequirement]:
    project = loaded_project(env)
    if model is None or project is None:
        return []
    domain = guide_domain(env)
    try:
        flow = check_guide(project, model, guide, set(), page_events(domain.flow, project, model))
    except GuideError:
        return []  # a page not read or a bad annotation: the sequence check says so
    try:
        return start_requirements(model, flow)
    except GuideError as error:
        report(error, (project.manifest.path, guide.line))
        domain.failed.add(guide.docname)
        return []


def note_pages_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the flow items of the pages this build reads, as
    they were (a page read again with the same items changes no walk)."""
    domain = guide_domain(env)
    domain.build.flow_before = {docname: domain.flow.get(docname) for docname in docnames}


def _to_walk(env: BuildEnvironment, project: Project) -> set[str]:
    """The guides whose walk may differ from the stored one: a front page read
    (states.yaml or the guide changed), a step page whose items changed, or a
    guide not walked yet."""
    domain = guide_domain(env)
    found = {g.id for g in project.manifest.guides if g.id not in domain.preflight}
    for docname, before in domain.build.flow_before.items():
        page = project.manifest.page(docname)
        if page is not None and (page[1] is None or domain.flow.get(docname) != before):
            found.add(page[0].id)
    return found


def requirements_of(env: BuildEnvironment, guide: Guide) -> list[StartRequirement]:
    """The guide's start requirements, as its front page lists them."""
    found = guide_domain(env).preflight.get(guide.id)
    if found is None:  # not walked by this environment yet (no page was read)
        found = _walk(env, guide, guide_domain(env).build.states)
    return list(found)


def resolve_boxes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: each box keeps the items of its guide's requirements,
    each saying where it applies when that is not everywhere; none left, no box."""
    project = loaded_project(app.env)
    for pending in list(doctree.findall(preflight_box)):
        guide = project.manifest.guide(pending["guide"]) if project else None
        required = {r.state: r for r in requirements_of(app.env, guide)} if guide else {}
        items = next(iter(pending.findall(nodes.bullet_list)), None)
        if project is None or items is None or not required:
            pending.parent.remove(pending)
            continue
        translate = content_translator(app.config, app.srcdir)
        for item in list(items.children):
            assert isinstance(item, nodes.Element)
            requirement = required.get(item.get("guidekit_state", ""))
            if requirement is None:
                items.remove(item)
            elif requirement.only or requirement.when:
                item += _only(project.manifest, requirement, translate)
        pending.replace_self(pending.children)


def _only(
    manifest: Manifest, requirement: StartRequirement, translate: Callable[[str], str]
) -> nodes.Element:
    """ "Only in: Self-hosted engine": a requirement of some of the guide's topologies
    or environments (the manifest's names, translated like its other text)."""
    para = generated(nodes.paragraph())
    label = _("Only in:")
    para += nodes.strong(label, label)
    for index, name in enumerate(requirement.condition_labels(manifest)):
        text = content_text(translate(name), translate(name))
        text["original_text"] = name  # what the gettext builder extracts
        text.source, text.line = manifest.path, 1
        para += nodes.Text(" " if index == 0 else _(", "))
        para += text
    return para


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_preflight(app: Sphinx) -> None:
    # never written: resolved or removed at doctree-resolved
    skip = (_skip, None)
    app.add_node(preflight_box, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.connect("env-before-read-docs", note_pages_read)
    app.connect("env-updated", walk_guides)
    # before the other handlers, which see the resolved box (cmdlint marks its blocks)
    app.connect("doctree-resolved", resolve_boxes, priority=400)
