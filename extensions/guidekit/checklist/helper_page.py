"""Sphinx adapter of the upgrade helper: ``{upgrade-helper}`` and its page data.

The directive leaves a placeholder. Once every page is read, the placeholder
gets the checklist data of every upgrade path (from the manifest, through
checklist.py) with the titles of the built language, as recorded from the
translated doctrees, and relative links to the sections. The HTML page embeds
it as a JSON script, which ``guidekit-helper.js`` renders: no request for
local files, so the page works from ``file://`` as from any web server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from guidekit.checklist import core as checklist
from guidekit.checklist import render as checklist_render
from guidekit.checklist.preflight import preflight_data
from guidekit.l10n.messages import N_, _
from guidekit.l10n.sphinx.content import content_translator
from guidekit.model import naming
from guidekit.model.manifest import ConditionValue, Guide, Manifest
from guidekit.model.matrix import version_key
from guidekit.sphinx_ext.context import HELPER_MARK, get_project, helper_pages, loaded_project
from guidekit.sphinx_ext.domain import guide_domain
from guidekit.sphinx_ext.links import content_text
from guidekit.sphinx_ext.navigation import title_text
from guidekit.sphinx_ext.preflight import requirements_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parents[1] / "static"

TEXT = {
    "from": N_("Current version"),
    "to": N_("Target version"),
    "topology": N_("Topology"),
    "options": N_("Your environment has"),
    "checklist": N_("Checklist"),
    "optional": N_("Optional:"),
    "noEffect": N_("(no effect on this path)"),
    "share": N_("Link to this checklist"),
    "print": N_("Print"),
    "empty": N_("No steps."),
    "storage": N_("Your ticks are kept in this browser only, on this device."),
    "ignored": N_(
        "This link asks for choices that the helper does not know, so it shows no "
        "checklist: {choices}. Choose your versions and environment above."
    ),
    "noEffectList": N_("Chosen, but without effect on this upgrade: {choices}."),
    "choice": N_("Do one of the following:"),
    "downtime": N_("Downtime"),
    "point-of-no-return": N_("Point of no return"),
    "needs": N_("{choice}: no effect here; the steps for it apply only with {conditions}."),
    "without": N_("without {choice}"),
    "skipped": N_("Not needed in this environment: {steps}."),
    "or": N_(" or "),
    "and": N_(" and "),
    "listSeparator": N_(", "),
    # The pre-flight list of each guide, as on its front page (sphinx_ext.preflight).
    "preflight": N_("Before you start"),
    "preflightIntro": N_("Check that each of these is true before step 1; the guide relies on it."),
    "onlyIn": N_("Only in:"),
}
NOSCRIPT = N_("The upgrade helper needs JavaScript. Every guide is listed on the home page.")


class upgrade_helper(nodes.General, nodes.Element):
    """Placeholder for the helper; ``data`` is filled when the page is resolved."""


class UpgradeHelperDirective(SphinxDirective):
    """``{upgrade-helper}``: the form and checklist of the upgrade helper."""

    def run(self) -> list[nodes.Node]:
        project = get_project(self.env)
        self.env.note_dependency(project.manifest.path)
        self.env.metadata[self.env.docname][HELPER_MARK] = True
        node = upgrade_helper()
        self.set_source_info(node)
        # The manifest's words for the choices are content: the gettext builder
        # extracts them from here (never shown: the page script shows them).
        manifest = project.manifest
        for text in dict.fromkeys(_choice_texts(manifest)):
            label = content_text(text, text)
            label.source, label.line = manifest.path, 1
            node += label
        return [node]


def _choice_texts(manifest: Manifest) -> list[str]:
    """The labels of the manifest's conditions and of their values."""
    return [
        text
        for name in (*checklist.facets(manifest), *checklist.options(manifest))
        for text in manifest.labels.get(name, {}).values()
        if text
    ]


def record_titles(app: Sphinx, doctree: nodes.document) -> None:
    """Note the (translated) title and id of every labelled guide section."""
    env = app.env
    if not naming.is_guide_page(env.docname):
        return
    wanted = set(checklist_render.labels(get_project(env).manifest.guides))
    domain = guide_domain(env)
    for section in doctree.findall(nodes.section):
        for name in section["names"]:
            if name in wanted and section["ids"]:
                domain.note_title(
                    env.docname,
                    name,
                    section["ids"][0],
                    title_text(section[0])
                    if len(section) and isinstance(section[0], nodes.Element)
                    else name,
                )


def _manifest_lines(manifest: Manifest) -> dict[str, int]:
    """Label -> the manifest line that asks for it (for warnings)."""
    lines: dict[str, int] = {}
    for guide in manifest.guides:
        lines[guide.id] = guide.line
        for step in guide.steps:
            lines[checklist.step_label(guide, step)] = step.line
            lines.update((checklist.part_label(guide, step, p), p.line) for p in step.parts)
    return lines


class _Links:
    """Links from the helper's page to the guides' sections, titled in the build
    language; the section number of each, for the parts (6.1)."""

    def __init__(self, app: Sphinx, fromdoc: str) -> None:
        self.app, self.fromdoc = app, fromdoc
        self.manifest = get_project(app.env).manifest
        self.lines = _manifest_lines(self.manifest)
        self.numbers: dict[str, str] = {}  # URL -> section number

    def __call__(self, docname: str, label: str) -> tuple[str, str]:
        """(title, URL) of the section ``label`` of page ``docname``."""
        uri = self.app.builder.get_relative_uri(self.fromdoc, docname)
        found = guide_domain(self.app.env).title_in(docname, label)
        if found is None:
            # A part that its step's procedure does not include as a section.
            logger.warning(
                "no section %r on page %s for the upgrade helper to link to",
                label,
                docname,
                location=f"{self.manifest.path}:{self.lines.get(label, 1)}",
                type="guidekit",
                subtype="checklist",
            )
            return label, uri
        number = self.app.env.toc_secnumbers.get(docname, {}).get(f"#{found[0]}")
        if number:
            self.numbers[f"{uri}#{found[0]}"] = ".".join(str(n) for n in number)
        return found[1], f"{uri}#{found[0]}"


def _paths(manifest: Manifest) -> tuple[dict[str, Any], dict[str, Guide]]:
    """Each upgrade path ("from|to|topology"): its guides and the conditions that
    matter on it, or why there is none; and every guide on some path."""
    paths: dict[str, Any] = {}
    used: dict[str, Guide] = {}
    for (current, target, topology), found in checklist.all_paths(manifest).items():
        key = f"{current}|{target}|{topology}"
        if isinstance(found, checklist.ChecklistError):
            paths[key] = {"error": str(found)}
            continue
        paths[key] = {
            "guides": [g.id for g in found],
            "relevant": checklist.relevant_facets(manifest, found),
        }
        used.update((g.id, g) for g in found)
    return paths, used


def page_data(app: Sphinx, fromdoc: str) -> dict[str, Any]:
    """Everything the page script needs, in the build language."""
    project = get_project(app.env)
    manifest = project.manifest
    link = _Links(app, fromdoc)
    translate = content_translator(app.config, app.srcdir)
    paths, used = _paths(manifest)
    guides = {
        entry["guide"]: entry
        for entry in checklist_render.to_data(
            ((g, checklist.all_entries(g)) for g in used.values()),
            link,
            translate,
            lambda proc_id: checklist_render.phase_marks(project, proc_id),
        )
    }
    for guide_id, guide_data in guides.items():
        for step in guide_data["steps"]:
            for part in step["parts"]:
                part["number"] = link.numbers.get(part["href"], "")
        # What the guide's front page lists before step 1; the page script shows
        # the entries whose conditions the reader's environment meets.
        guide_data["preflight"] = preflight_data(
            requirements_of(app.env, used[guide_id]), manifest, translate
        )
    return {
        "choices": _choices(manifest, translate),
        "defaults": _defaults(manifest),
        # The conditions asked as a list each (after from, to and topology), and
        # what they are called.
        "facets": list(checklist.facets(manifest)),
        "labels": {name: translate(manifest.label(name)) for name in checklist.facets(manifest)},
        "paths": paths,
        "guides": guides,
        "text": {key: _(value) for key, value in TEXT.items()},
    }


def _choices(manifest: Manifest, translate: Callable[[str], str]) -> dict[str, Any]:
    versions = checklist.versions(manifest)
    minor = checklist.minor_updates(manifest)
    starts = {g.from_version for g in checklist.path_guides(manifest)}
    ends = {g.to_version for g in checklist.path_guides(manifest)}
    return {
        "from": [
            {"value": v, "label": f"{v}.z" if v in minor else v} for v in versions if v in starts
        ],
        "to": [{"value": v, "label": v} for v in versions if v in ends],
        "topology": [
            {"value": t, "label": translate(manifest.topologies.get(t, t))}
            for t in checklist.env_topologies(manifest)
        ],
        **{
            name: [
                {"value": v, "label": translate(manifest.label(name, v))}
                for v in manifest.conditions[name]
            ]
            for name in checklist.facets(manifest)
        },
        "options": [
            {"value": o, "label": translate(manifest.label(o))} for o in checklist.options(manifest)
        ],
    }


def _defaults(manifest: Manifest) -> dict[str, ConditionValue]:
    """The last upgrade between releases, the first topology and host type."""
    upgrades = [g for g in checklist.path_guides(manifest) if g.from_version != g.to_version]
    last = max(upgrades or checklist.path_guides(manifest), key=lambda g: version_key(g.to_version))
    return {
        "from": last.from_version,
        "to": last.to_version,
        "topology": next(iter(checklist.env_topologies(manifest)), ""),
        **{name: manifest.conditions[name][0] for name in checklist.facets(manifest)},
    }


def helper_script(app: Sphinx, docname: str) -> str:
    """The helper's data as its page embeds it: JSON in which "<" only occurs inside
    strings, where "\\u003c" means the same (no "</script>" can end the script early)."""
    data = json.dumps(page_data(app, docname), ensure_ascii=False, sort_keys=True)
    return data.replace("<", "\\u003c")


def fill_data(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    for node in doctree.findall(upgrade_helper):
        made = guide_domain(app.env).build.helper_scripts.get(docname)
        node["data"] = made if made is not None else helper_script(app, docname)
        node["noscript"] = _(NOSCRIPT)


#: Where the helper's page holds its data (visit_helper, _written_script).
_DATA_SCRIPT = '<script type="application/json" id="guidekit-helper-data">'
_WRITTEN_DATA = re.compile(re.escape(_DATA_SCRIPT) + "(.*?)</script>", re.DOTALL)


def visit_helper(self: Any, node: nodes.Element) -> None:
    self.body.append(
        '<div class="guidekit-helper" id="guidekit-helper">'
        f"<noscript><p>{self.encode(node.get('noscript', ''))}</p></noscript>"
        f"{_DATA_SCRIPT}{node.get('data', '{}')}</script></div>\n"
    )
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is not None and any(doctree.findall(upgrade_helper)):
        app.add_js_file("guidekit-helper.js", defer="defer")
        app.add_css_file("guidekit-helper.css")


def _note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    guide_domain(env).build.read_any = bool(docnames)


def _rewrite_helpers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``, once the pages are numbered: a guide page read again may
    change what the helper shows (titles, numbers, phase marks, pre-flight lists).
    A helper page is written again when its data differs from what its page in the
    output holds, and only then: an unchanged one, and the home page whose contents
    list holds it, are not written for nothing."""
    build = guide_domain(env).build
    if not build.read_any or app.builder.format != "html" or loaded_project(env) is None:
        return []
    changed = []
    for docname in helper_pages(env):
        build.helper_scripts[docname] = helper_script(app, docname)
        if _written_script(app, docname) != build.helper_scripts[docname]:
            changed.append(docname)
    return changed


def _written_script(app: Sphinx, docname: str) -> str | None:
    """The helper's data in the page the last build wrote (None: no such page)."""
    builder: Any = app.builder  # the HTML builders name their output files
    try:
        page = Path(builder.get_outfilename(docname)).read_text("utf-8")
    except OSError:
        return None
    found = _WRITTEN_DATA.search(page)
    return found.group(1) if found else None


def _add_static(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC))


def setup_checklist(app: Sphinx) -> None:
    app.add_node(
        upgrade_helper,
        html=(visit_helper, None),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("upgrade-helper", UpgradeHelperDirective)
    app.connect("config-inited", _add_static)
    app.connect("doctree-read", record_titles)
    app.connect("doctree-resolved", fill_data)
    app.connect("html-page-context", _page_assets)
    app.connect("env-before-read-docs", _note_read)
    # After Sphinx numbered the pages and guidekit the alternatives (navigation.py).
    app.connect("env-get-updated", _rewrite_helpers, priority=950)
