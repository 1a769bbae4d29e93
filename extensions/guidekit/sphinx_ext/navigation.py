"""Navigation between the pages of the guides.

- Section numbers: a group of alternatives is one step of a guide, so its pages
  are numbered as that step's alternatives (``3A``, ``3B``; ``3A.1``, ``3A.2`` for
  an alternative of several steps), as the overview, the PDF and the checklists
  number them (``Guide.secnumber``), instead of as steps of their own.
- The theme's previous/next links follow the reader's order, as the in-page
  "Next:" does (``Guide.next_index``/``previous_index``): never into a sibling
  alternative, never out of the guide; at the end of a guide "next" leads to the
  guide a reader continues with (4.2 -> 4.3, then 4.3 -> 4.4 of the same
  topology), with its title in the build language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

from guidekit.l10n.messages import _
from guidekit.model.manifest import Guide, Manifest, Step
from guidekit.sphinx_ext.context import loaded_project
from guidekit.sphinx_ext.domain import guide_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def step_numbers(guide: Guide) -> dict[str, tuple[int | str, ...]]:
    """Docname -> section number of each step page (alternatives with their letter)."""
    return {guide.step_docname(step): guide.secnumber(step) for step in guide.steps}


def renumber(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After Sphinx numbered the page trees (env-get-updated), number the pages of
    alternatives as choices of one step. A page still numbered as the toctree
    numbers it (its position ``k``) gets its new number; one already renumbered
    is left alone, so the handler can run on every build."""
    project = loaded_project(env)
    if project is None:
        return []
    for guide in project.manifest.guides:
        if all(step.group is None for step in guide.steps):
            continue
        for position, (docname, new) in enumerate(step_numbers(guide).items(), start=1):
            anchors = env.toc_secnumbers.get(docname)
            if not anchors or anchors.get("") != (position,) or new == (position,):
                continue
            # Sphinx's type says int; its writers join any values with "." (str()).
            env.toc_secnumbers[docname] = {
                anchor: new + tuple(numbers[1:])  # type: ignore[misc]
                for anchor, numbers in anchors.items()
            }
            _renumber_toc(env, docname, position, new)
    return []


def _renumber_toc(
    env: BuildEnvironment, docname: str, position: int, new: tuple[int | str, ...]
) -> None:
    """The same numbers where Sphinx copied them: the page's entries in the
    tables of contents (the sidebar) and its title (previous/next links)."""

    def moved(number: Any) -> Any:
        if number and tuple(number[:1]) == (position,):
            return [*new, *number[1:]]
        return number

    toc = env.tocs.get(docname)
    if toc is not None:
        for reference in toc.findall(nodes.reference):
            if reference.get("secnumber"):
                reference["secnumber"] = moved(reference["secnumber"])
    title = env.titles.get(docname)
    if title is not None and title.get("secnumber"):
        title["secnumber"] = moved(title["secnumber"])


def _link(app: Sphinx, pagename: str, docname: str) -> dict[str, Any]:
    """A previous/next link as the theme wants it: the target's title as the build
    shows it (translated, with its section number)."""
    title = app.env.titles.get(docname)
    builder: Any = app.builder  # the HTML builders render titles
    text = builder.render_partial(title)["title"] if title is not None else docname
    return {"link": app.builder.get_relative_uri(pagename, docname), "title": text}


def guide_rellinks(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The theme's previous/next on a step page: the reader's previous and next step
    (html-page-context)."""
    project = loaded_project(app.env)
    if project is None:
        return
    manifest: Manifest = project.manifest
    page = manifest.page(pagename)
    if page is None:
        return
    guide, step = page
    if step is None:  # the front page: the landing page before it, not another guide
        previous = app.env.collect_relations().get(pagename, [None, None, None])[1]
        if previous and manifest.page(previous) is not None:
            context["prev"] = None
        return
    index = guide.steps.index(step)
    before, after = guide.previous_index(index), guide.next_index(index)
    context["prev"] = _link(
        app, pagename, guide.docname if before is None else guide.step_docname(guide.steps[before])
    )
    if after is not None:
        context["next"] = _link(app, pagename, guide.step_docname(guide.steps[after]))
        return
    following = manifest.following(guide)
    context["next"] = _link(app, pagename, following.docname) if following is not None else None


#: The class of the words added to a step's title (not part of the title proper).
MARK = "guidekit-mark"


def title_mark(guide: Guide, step: Step) -> str:
    """What a step's title says besides the procedure's title, wherever it is shown
    (page, sidebar, previous/next, "Next:" lines, PDF contents and bookmarks):
    ``(optional)``, and for the first step of an alternative the other ones,
    ``(or 7B)``."""
    marks = []
    branch = guide.branch_of(step)
    if branch is not None and step is branch.steps[0]:
        item = guide.item_of(step)
        others = [f"{item.number}{b.letter}" for b in item.branches if b.letter != branch.letter]
        marks.append(_("(or {others})").format(others=_(" or ").join(others)))
    if step.optional:
        marks.append(_("(optional)"))
    return " ".join(marks)


class StepTitleMarks(SphinxTransform):
    """Add ``title_mark`` to a step page's title, after the title is translated
    (Locale, priority 20) and before the title is recorded for the sidebar,
    previous/next links and the PDF (doctree-read)."""

    default_priority = 25

    def apply(self, **kwargs: Any) -> None:
        project = loaded_project(self.env)
        page = project.manifest.page(self.env.docname) if project is not None else None
        if page is None or page[1] is None:
            return
        mark = title_mark(page[0], page[1])
        section = next(iter(self.document.findall(nodes.section)), None)
        if not mark or section is None or not section.children:
            return
        title = section[0]
        if isinstance(title, nodes.title) and not any(title.findall(_is_mark)):
            # A full-width bracket (Japanese) brings its own space.
            space = "" if mark[:1] in "\uff08\u3010" else " "
            title += nodes.inline("", space + mark, classes=[MARK])


def _is_mark(node: nodes.Node) -> bool:
    return isinstance(node, nodes.inline) and MARK in node.get("classes", [])


def title_text(title: nodes.Element) -> str:
    """A title's text without its marks (the upgrade helper says "optional" its way)."""
    return "".join(
        n.astext()
        for n in title.findall(nodes.Text)
        if not any(_is_mark(a) for a in _ancestors(n, title))
    ).strip()


def _ancestors(node: nodes.Node, stop: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None and parent is not stop:
        found.append(parent)
        parent = parent.parent
    return found


def _restore_sphinx_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Before Sphinx numbers the page trees again: its own numbers of the last build.

    Sphinx rewrites every page whose number differs from the one it stored; the
    stored ones are :func:`renumber`'s, so without this every page of a guide with
    alternatives was written again after any change (0.35 of a full build for one
    touched procedure instead of 0.25)."""
    saved = guide_domain(env).secnumbers
    if saved:
        env.toc_secnumbers = dict(saved)
    return []


def _save_sphinx_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Sphinx's numbers, kept before :func:`renumber` changes them."""
    saved = guide_domain(env).secnumbers
    saved.clear()
    saved.update(env.toc_secnumbers)
    return []


def setup_navigation(app: Sphinx) -> None:
    app.add_transform(StepTitleMarks)
    app.connect("env-get-updated", _restore_sphinx_numbers, priority=100)
    app.connect("env-get-updated", _save_sphinx_numbers, priority=899)
    app.connect("env-get-updated", renumber, priority=900)
    app.connect("html-page-context", guide_rellinks)
