"""Navigation between the pages of the guides.

- Section numbers: a group of alternatives is one step of a guide, so its pages
  are numbered as that step's choices (``3.1``, ``3.2``), like the overview list,
  instead of as steps of their own.
- The theme's previous/next links stay inside a guide; at the end of a guide
  "next" leads to the guide a reader continues with (4.2 -> 4.3, then 4.3 -> 4.4
  of the same topology), never to another topology's guide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from guidekit.model.manifest import Guide, Manifest

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def step_numbers(guide: Guide) -> dict[str, tuple[int, ...]]:
    """Docname -> section number of each step page (alternatives numbered in their group)."""
    numbers: dict[str, tuple[int, ...]] = {}
    for position, item in enumerate(guide.items(), start=1):
        for choice, step in enumerate(item, start=1):
            numbers[guide.step_docname(step)] = (
                (position,) if step.group is None else (position, choice))
    return numbers


def renumber(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After Sphinx numbered the page trees (env-get-updated), number the pages of
    alternatives as choices of one step. A page still numbered as the toctree
    numbers it (its position ``k``) gets its new number; one already renumbered
    is left alone, so the handler can run on every build."""
    project = getattr(env, "guidekit_project", None)
    if project is None:
        return []
    for guide in project.manifest.guides:
        if all(step.group is None for step in guide.steps):
            continue
        for position, (docname, new) in enumerate(step_numbers(guide).items(), start=1):
            anchors = env.toc_secnumbers.get(docname)
            if not anchors or anchors.get("") != (position,) or new == (position,):
                continue
            env.toc_secnumbers[docname] = {anchor: new + tuple(numbers[1:])
                                           for anchor, numbers in anchors.items()}
            _renumber_toc(env, docname, position, new)
    return []


def _renumber_toc(env: BuildEnvironment, docname: str, position: int,
                  new: tuple[int, ...]) -> None:
    """The same numbers where Sphinx copied them: the page's entries in the
    tables of contents (the sidebar) and its title (previous/next links)."""
    from docutils import nodes

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


def _guide_of(manifest: Manifest, docname: str | None) -> Guide | None:
    if not docname:
        return None
    page = manifest.page(docname)
    return page[0] if page else None


def _link(app: Sphinx, pagename: str, docname: str, title: str) -> dict[str, Any]:
    return {"link": app.builder.get_relative_uri(pagename, docname), "title": title}


def guide_rellinks(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: Any) -> None:
    """Keep the theme's previous/next inside the guide (html-page-context)."""
    project = getattr(app.env, "guidekit_project", None)
    if project is None:
        return
    manifest: Manifest = project.manifest
    here = _guide_of(manifest, pagename)
    if here is None:
        return
    relations = app.env.collect_relations().get(pagename, [None, None, None])
    _parent, previous, following = relations
    # Another guide's page (the landing page is fine): not a step of this guide.
    if _guide_of(manifest, previous) not in (None, here):
        context["prev"] = None
    if _guide_of(manifest, following) not in (None, here):
        context["next"] = None
    if context.get("next") is None and pagename == here.step_docname(here.steps[-1]):
        after = manifest.following(here)
        if after is not None:
            context["next"] = _link(app, pagename, after.docname, after.title)


def setup_navigation(app: Sphinx) -> None:
    app.connect("env-get-updated", renumber, priority=900)
    app.connect("html-page-context", guide_rellinks)
