"""The end of a step page: how to check that the step worked, the way back, and the
point of no return, from the procedure's ``verify`` and ``rollback`` front matter
(guidekit.model.phase_checks). HTML and PDF render the same nodes."""

from __future__ import annotations

from typing import Any

from docutils import nodes

from guidekit.compat import myst
from guidekit.l10n.messages import _
from guidekit.model.phase_checks import PhaseChecks, verify_markdown
from guidekit.model.procedures import Procedure
from guidekit.model.templating import render_template
from guidekit.sphinx_ext.context import get_project
from guidekit.sphinx_ext.links import content_text, generated


def phase_nodes(renderer: Any, proc: Procedure, context: dict[str, Any]) -> list[nodes.Node]:
    """The verification and rollback boxes of ``proc`` (none when it declares none);
    a check's command follows its machine's prompt (from the manifest)."""
    machines = get_project(renderer.document.settings.env).manifest.machines
    prompts = {m.name: m.prompt for m in machines.values()}
    checks = proc.checks
    found: list[nodes.Node] = []
    if checks.verify:
        box = _box("guidekit-verify", _("How to check that this step worked"))
        _render(renderer, proc, checks, verify_markdown(checks, prompts), context, box)
        found.append(box)
    if checks.way_back:
        box = _box("guidekit-way-back", _("The way back"))
        _render(renderer, proc, checks, checks.way_back + "\n", context, box)
        found.append(box)
    if checks.no_return:
        box = _box("guidekit-point-of-no-return", _("Point of no return"))
        _render(renderer, proc, checks, checks.no_return + "\n", context, box)
        found.append(box)
    return found


def downtime_nodes(renderer: Any, proc: Procedure, context: dict[str, Any]) -> list[nodes.Node]:
    """The downtime box of ``proc``: when something is away, and what stops meanwhile
    (the manifest's ``downtime:`` sentence, content translated like the manifest's)."""
    checks = proc.checks
    if not checks.downtime:
        return []
    manifest = get_project(renderer.document.settings.env).manifest
    box = _box("guidekit-downtime", _("Downtime"))
    for name, when in checks.downtime:
        _render(renderer, proc, checks, when + "\n", context, box)
        meanwhile = manifest.downtime.get(name, "")
        if meanwhile:
            text = content_text(meanwhile, meanwhile)
            text.source, text.line = manifest.path, 1
            box += nodes.paragraph("", "", text)
    return [box]


def _box(css_class: str, title: str) -> nodes.admonition:
    box = nodes.admonition(classes=[css_class, "guidekit-phase"])
    box += generated(nodes.title(title, title))
    return box


def _render(
    renderer: Any,
    proc: Procedure,
    checks: PhaseChecks,
    text: str,
    context: dict[str, Any],
    parent: nodes.Element,
) -> None:
    rendered = render_template(text, context, proc.path, checks.line)
    with myst.parse_as(renderer, proc.path, lambda _line: checks.line):
        myst.render_text(renderer, rendered.text, parent, section_root=False)
